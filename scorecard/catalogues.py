"""Build the compiled catalogues: Serbian Cyrillic derived from Serbian Latin, then every `.mo` written.

Run by `make install` and the package build (`python -m scorecard.catalogues`). Only
`sq` and `sr_Latn` are written by people; `sr_Cyrl` is Serbian's one-to-one
transliteration of `sr_Latn`, made here so the two scripts never drift apart.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
LATIN_SOURCE, CYRILLIC = "sr_Latn", "sr_Cyrl"

_DIGRAPHS = {
    "Lj": "Љ",
    "LJ": "Љ",
    "lj": "љ",
    "Nj": "Њ",
    "NJ": "Њ",
    "nj": "њ",
    "Dž": "Џ",
    "DŽ": "Џ",
    "dž": "џ",
}
_LETTERS = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ",
        "абцчћдђефгхијклмнопрсштувзжАБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ",
        strict=True,
    )
)
# Left in Latin letters: placeholders (%(name)s, %s, {name}), HTML tags and entities, what is in
# <code>, URLs and e-mail addresses, file formats, encodings and codes people type as they are
# (EU-03, UTF-16, true/false, Accepted=accepted), and words with q, w, x or y (foreign names:
# Serbian has no such letters).
_KEPT = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr%]|\{[^{}]*\}|<code>.*?</code>|<[^<>]*>|&#?\w+;"
    r"|https?://\S*|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|\b(?:CSV|URL|UTC|ISO|UPR|RAG|SVG|HTML|JSON|ID|Scorecard|Mac|Roman|true|false)\b"
    r"|\b[A-Z]{2,}-\d+\b|\b\w+=\w*"
    r"|\b\w*[qwxyQWXY]\w*\b"
)
_LATIN_RUN = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)) + "|.", re.DOTALL)


def _letters_to_cyrillic(text: str) -> str:
    return "".join(_DIGRAPHS.get(unit) or _LETTERS.get(unit, unit) for unit in _LATIN_RUN.findall(text))


def latin_to_cyrillic(text: str) -> str:
    """Serbian Latin text in Cyrillic letters, placeholders, markup and codes untouched."""
    parts: list[str] = []
    position = 0
    for kept in _KEPT.finditer(text):
        parts.append(_letters_to_cyrillic(text[position : kept.start()]))
        parts.append(kept.group())
        position = kept.end()
    parts.append(_letters_to_cyrillic(text[position:]))
    return "".join(parts)


def _po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def derive_cyrillic() -> Catalog:
    """The sr_Cyrl catalogue: every sr_Latn translation transliterated, written beside the others."""
    with _po_path(LATIN_SOURCE).open("rb") as source:
        latin = read_po(source, locale=LATIN_SOURCE)
    cyrillic = Catalog(locale=CYRILLIC, domain=DOMAIN, project=latin.project, fuzzy=False)
    for message in latin:
        if not message.id:
            continue
        if isinstance(message.string, tuple | list):
            string: str | tuple[str, ...] = tuple(latin_to_cyrillic(form or "") for form in message.string)
        else:
            # an untranslated entry stays untranslated (the completeness test names it)
            string = latin_to_cyrillic(message.string or "")
        cyrillic.add(message.id, string, flags=message.flags, context=message.context)
    target = _po_path(CYRILLIC)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _replaced(target) as out:
        write_po(out, cyrillic, omit_header=False, width=0)
    return cyrillic


@contextlib.contextmanager
def _replaced(target: Path) -> Iterator[BinaryIO]:
    """Write `target` whole or not at all: into a file beside it, moved over it when complete.

    Tests run in parallel processes derive and compile the catalogues while other tests read them;
    a catalogue written in place was once read half-written, and an empty sr_Cyrl `.mo` left every
    Cyrillic page in English until the next `make install`.
    """
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        partial.chmod(0o644)  # mkstemp's 0600 would hide it from a server run as another user
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def compile_all() -> list[Path]:
    """Write every locale's `.mo` from its `.po` (fuzzy entries are left out, as pybabel does)."""
    written = []
    for po in sorted(TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po.parent.parent.name
        with po.open("rb") as source:
            catalog = read_po(source, locale=locale)
        mo = po.with_suffix(".mo")
        with _replaced(mo) as out:
            write_mo(out, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def build() -> list[Path]:
    """Derive sr_Cyrl, then compile every catalogue."""
    derive_cyrillic()
    return compile_all()


def main() -> int:
    """`python -m scorecard.catalogues`: build, and say what was written."""
    for mo in build():
        print(f"compiled {mo.relative_to(TRANSLATIONS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

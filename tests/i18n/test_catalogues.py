"""The catalogues are complete: every marked string translated in every language, placeholders kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from babel.support import Translations

from scorecard import catalogues

PROJECT = Path(__file__).resolve().parents[2]
LOCALES = ("sq", "sr_Latn", "sr_Cyrl")
# %(name)s, %s, %%, {name}: what a message and its translation must share exactly.
PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr%]|\{[^{}]*\}")
TAG = re.compile(r"</?([a-zA-Z]+)")


def _extract() -> dict[str | tuple[str, str], str]:
    """Every message marked in the Python code and the templates, as `make translations` extracts them."""
    found: dict[str | tuple[str, str], str] = {}
    sources = [
        (PROJECT / "scorecard", [("**.py", "python")], {}),
        (PROJECT / "templates", [("**.html", "jinja2")], {"**.html": {"trimmed": "true"}}),
    ]
    for folder, method_map, options in sources:
        for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(folder),
            method_map,
            options,
            # forms mark their labels with lazy_gettext, imported as `_l`; services count with `Np_`
            keywords={**DEFAULT_KEYWORDS, "_l": None, "Np_": (1, 2)},
            # babel skips folders starting with "_" by default; templates/_macros holds strings too
            directory_filter=lambda path: not Path(path).name.startswith("."),
        ):
            key = message if isinstance(message, str) else (message[0], message[1])
            found[key] = filename
    return found


EXTRACTED = _extract()


def _catalogue(locale: str) -> Catalog:
    if locale == "sr_Cyrl":
        catalogues.derive_cyrillic()
    with (catalogues.TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=locale)


@pytest.fixture(scope="module", params=LOCALES)
def catalogue(request: pytest.FixtureRequest) -> Catalog:
    return _catalogue(request.param)


def test_extraction_finds_the_templates_and_the_code_strings():
    assert "Sign in" in EXTRACTED  # templates/base.html
    assert "(optional)" in EXTRACTED  # templates/_macros/forms.html
    assert "backsliding" in EXTRACTED  # scorecard/i18n.py, a preset level label
    assert len(EXTRACTED) > 200


def test_every_marked_string_is_in_every_catalogue(catalogue):
    missing = [
        f"{EXTRACTED[key]}: {key!r}"
        for key in EXTRACTED
        if catalogue.get(key if isinstance(key, str) else key[0]) is None
    ]
    assert missing == [], f"{catalogue.locale}: run `make translations` and translate:\n" + "\n".join(missing)


def entries(catalogue):
    """Each message but the header, with its ids and its strings as tuples (more than one when plural)."""
    for message in catalogue:
        if message.id:
            yield message, _as_tuple(message.id), _as_tuple(message.string)


def _as_tuple(text):
    return tuple(text) if isinstance(text, tuple | list) else (text,)


def test_no_entry_is_untranslated_or_fuzzy(catalogue):
    bad = []
    for message, _ids, strings in entries(catalogue):
        if (
            message.fuzzy
            or not all(strings)
            or len(strings) != (catalogue.num_plurals if message.pluralizable else 1)
        ):
            bad.append(repr(message.id))
    assert bad == [], f"{catalogue.locale}: untranslated or fuzzy:\n" + "\n".join(bad)


def test_translations_keep_the_placeholders_and_tags_of_their_message(catalogue):
    differ = []
    for _message, ids, strings in entries(catalogue):
        # A plural form must use exactly the values of the singular or of the plural message
        # (a singular such as "Please fix this" may leave the count out, as gettext allows).
        allowed = [sorted(PLACEHOLDER.findall(text)) for text in ids]
        tags = sorted(TAG.findall(ids[-1]))
        for string in strings:
            if sorted(PLACEHOLDER.findall(string)) not in allowed or sorted(TAG.findall(string)) != tags:
                differ.append(f"{ids[-1]!r} -> {string!r}")
    assert differ == [], f"{catalogue.locale}:\n" + "\n".join(differ)


def test_cyrillic_catalogue_is_the_transliterated_latin_one():
    latin, cyrillic = _catalogue("sr_Latn"), _catalogue("sr_Cyrl")
    assert len(cyrillic) == len(latin)
    assert cyrillic.get("Recommendation").string == "Препорука"
    assert cyrillic.get("backsliding").string == "назадовање"
    assert latin.plural_forms == cyrillic.plural_forms


def test_the_build_compiles_every_language(tmp_path):
    written = {mo.parent.parent.name for mo in catalogues.build()}
    assert written == set(LOCALES)
    for locale, word in (("sq", "Rekomandimi"), ("sr_Latn", "Preporuka"), ("sr_Cyrl", "Препорука")):
        translations = Translations.load(str(catalogues.TRANSLATIONS), [locale])
        assert translations.gettext("Recommendation") == word

"""Content in several languages: each record's wording in its original language, translations beside it.

How it is stored. Every translatable record (recommendation, benchmark, theme, actor, source, framework,
framework item) keeps its own wording in its own columns, and `original_locale` says which language that
is (`en` unless told otherwise). Its translations sit in a table of its own, `<table>_translation`, one
row per language with one nullable column per translated field: deleting the record deletes them (ON
DELETE CASCADE), and a reused id can never show another record's words. A missing row or an empty
field is "not translated".

How it is read. A page asks `localise()` for the records it shows, one query per kind of record whatever
their number, and picks each field in the reader's language:
1. the translation stored in the reader's language, or the original if it is in that language;
2. for Serbian, the other script transliterated letter for letter (content is never transliterated when
   stored: a Cyrillic translation typed by a person always wins over the Latin one converted);
3. else the original, and the page says "shown in the original language (English)".

How it is written. `set_translations()` replaces a record's translations with the values given and
answers with what changed, for the audit trail; CSV columns are `field@locale` (`title@sq`,
`text@sr-Latn`, `name@sr-Cyrl`).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Text, cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from scorecard.catalogues import latin_to_cyrillic
from scorecard.errors import N_, RuleViolation
from scorecard.models import (
    CONTENT_LOCALES,
    Actor,
    ActorTranslation,
    Base,
    Benchmark,
    BenchmarkTranslation,
    Framework,
    FrameworkItem,
    FrameworkItemTranslation,
    FrameworkTranslation,
    Recommendation,
    RecommendationTranslation,
    Source,
    SourceTranslation,
    Theme,
    ThemeTranslation,
)

from . import audit
from .audit import ActingUser

LOCALES = CONTENT_LOCALES
LANGUAGE_NAMES = {
    "en": "English",
    "sq": "Albanian",
    "sr-Latn": "Serbian (Latin)",
    "sr-Cyrl": "Serbian (Cyrillic)",
}
# Each language's name in its own words, for the forms' folds.
OWN_NAMES = {"en": "English", "sq": "Shqip", "sr-Latn": "Srpski (latinica)", "sr-Cyrl": "Српски (ћирилица)"}
_OTHER_SCRIPT = {"sr-Latn": "sr-Cyrl", "sr-Cyrl": "sr-Latn"}


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of translatable record: its model, its translations' model and the fields translated."""

    entity: str
    model: type[Base]
    translation: type[Base]
    fields: tuple[str, ...]

    @property
    def owner_column(self) -> str:
        """The translation table's foreign key to the record."""
        return f"{self.entity}_id"


KINDS: dict[str, Kind] = {
    kind.entity: kind
    for kind in (
        Kind("recommendation", Recommendation, RecommendationTranslation, ("title", "text")),
        Kind("benchmark", Benchmark, BenchmarkTranslation, ("title",)),
        Kind("theme", Theme, ThemeTranslation, ("name",)),
        Kind("actor", Actor, ActorTranslation, ("name",)),
        Kind("source", Source, SourceTranslation, ("title",)),
        Kind("framework", Framework, FrameworkTranslation, ("name", "description")),
        Kind("framework_item", FrameworkItem, FrameworkItemTranslation, ("title",)),
    )
}
_BY_MODEL = {kind.model: kind for kind in KINDS.values()}

# locale -> field -> text, for one record
Translations = dict[str, dict[str, str]]


def kind_of(record: object) -> Kind:
    """The translatable kind of an ORM record."""
    return _BY_MODEL[type(record)]  # type: ignore[index]


def column_name(field_name: str, locale: str) -> str:
    """A translation's CSV column: `title@sq`."""
    return f"{field_name}@{locale}"


# The order of translation columns in exports: the Kosovo languages first, English last (it is
# only filled in when the original is in another language).
CSV_LOCALES = ("sq", "sr-Latn", "sr-Cyrl", "en")


def csv_columns(entity: str) -> tuple[str, ...]:
    """The translation columns an export of `entity` carries: `original_locale`, then field by field."""
    return (
        "original_locale",
        *(column_name(name, locale) for name in KINDS[entity].fields for locale in CSV_LOCALES),
    )


@functools.lru_cache(maxsize=256)  # a file's few headers, once per cell of every row
def parse_column(header: str) -> tuple[str, str] | None:
    """(field, locale) of a `field@locale` column, whatever its letter case; None for any other column."""
    name, at, tag = header.strip().partition("@")
    if not at:
        return None
    locale = next((code for code in LOCALES if code.lower() == tag.strip().lower()), None)
    return (name.strip().lower(), locale) if locale else None


def check_locale(value: str | None) -> str:
    """A content language id from what a person typed (`sr-latn` is `sr-Latn`), empty for English."""
    raw = (value or "").strip()
    if not raw:
        return "en"
    for code in LOCALES:
        if code.lower() == raw.lower():
            return code
    raise RuleViolation(f"Unknown language “{raw}”: use one of {', '.join(LOCALES)}.")


# -- reading ----------------------------------------------------------------------------------------


def load(session: Session, entity: str, ids: Iterable[int]) -> dict[int, tuple[str, Translations]]:
    """Each record's original language and translations, for many records in one query."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    model: Any = KINDS[entity].model
    return load_where(session, entity, model.id.in_(wanted))


def load_where(session: Session, entity: str, condition: Any) -> dict[int, tuple[str, Translations]]:
    """The original language and translations of the records `condition` picks, in one query (an
    import's planner passes its staged keys)."""
    kind = KINDS[entity]
    found: dict[int, tuple[str, Translations]] = {}
    model: Any = kind.model
    table: Any = kind.translation
    owner = getattr(table, kind.owner_column)
    columns = [getattr(table, name) for name in kind.fields]
    query = (
        select(model.id, model.original_locale, table.locale, *columns)
        .outerjoin(table, owner == model.id)
        .where(condition)
    )
    for row in session.execute(query):
        record_id, original, locale, *values = row
        texts = found.setdefault(record_id, (original, {}))[1]
        if locale is not None:
            present = {name: value for name, value in zip(kind.fields, values, strict=True) if value}
            if present:
                texts[locale] = present
    return found


def translations_of(session: Session, record: object) -> Translations:
    """One record's translations (the forms' folds, the audit trail)."""
    kind = kind_of(record)
    record_id = getattr(record, "id", None)
    if record_id is None:
        return {}
    return load(session, kind.entity, [record_id]).get(record_id, ("en", {}))[1]


@dataclass(frozen=True, slots=True)
class Shown:
    """A field as a reader sees it: the text, and the original's language when it fell back to it."""

    text: str
    fallback_from: str | None = None


def pick(original: str, original_locale: str, translations: Translations, name: str, reader: str) -> Shown:
    """A field in the reader's language, else the other Serbian script transliterated, else the original."""
    if reader == original_locale:
        return Shown(original)
    stored = translations.get(reader, {}).get(name)
    if stored:
        return Shown(stored)
    other = _OTHER_SCRIPT.get(reader)
    if other is not None:
        source = original if original_locale == other else translations.get(other, {}).get(name)
        if source:
            return Shown(latin_to_cyrillic(source) if reader == "sr-Cyrl" else cyrillic_to_latin(source))
    return Shown(original, fallback_from=original_locale)


@dataclass(slots=True)
class Localiser:
    """The records one page shows, in its reader's language: `text(record, 'title')`, `fallback(record)`."""

    reader: str
    loaded: dict[str, dict[int, tuple[str, Translations]]] = field(default_factory=dict)

    def shown(self, entity: str, record_id: int, name: str, original: str) -> Shown:
        """The field of the record with this id, given its original text."""
        original_locale, translations = self.loaded.get(entity, {}).get(record_id, ("en", {}))
        return pick(original or "", original_locale, translations, name, self.reader)

    def text(self, record: Any, name: str) -> str:
        """An ORM record's field in the reader's language (or its original)."""
        if record is None:
            return ""
        return self.shown(kind_of(record).entity, record.id, name, getattr(record, name)).text

    def row_text(self, entity: str, record_id: int, name: str, original: str) -> str:
        """The same for a listing's row, which carries the id and the original text."""
        return self.shown(entity, record_id, name, original).text

    def name(self, entity: str, record_id: int | None, original: str) -> str:
        """A listing's theme, actor or source name (or title) by id; anything else shows as it is."""
        if record_id is None or entity not in KINDS:
            return original
        return self.shown(entity, record_id, KINDS[entity].fields[0], original).text

    def fallback(self, record: Any, name: str | None = None) -> str | None:
        """The original's language name when `record` (that field, or its first) is untranslated."""
        if record is None:
            return None
        kind = kind_of(record)
        chosen = name or kind.fields[0]
        language = self.shown(kind.entity, record.id, chosen, getattr(record, chosen)).fallback_from
        return LANGUAGE_NAMES.get(language) if language else None

    def row_fallback(self, entity: str, record_id: int, name: str, original: str) -> str | None:
        """The original's language name when a listing's row is shown untranslated."""
        language = self.shown(entity, record_id, name, original).fallback_from
        return LANGUAGE_NAMES.get(language) if language else None


def _kind_query(kind: Kind, ids: list[int]) -> Any:
    """One kind's part of the page's query: kind, id, original language, locale and two fields."""
    model: Any = kind.model
    table: Any = kind.translation
    owner = getattr(table, kind.owner_column)
    fields = [cast(getattr(table, name), Text) for name in kind.fields]
    while len(fields) < 2:
        fields.append(cast(null(), Text))
    return (
        select(literal(kind.entity).label("entity"), model.id, model.original_locale, table.locale, *fields)
        .outerjoin(table, owner == model.id)
        .where(model.id.in_(ids))
    )


def localise(session: Session, *, reader: str, records: Mapping[str, Iterable[int]]) -> Localiser:
    """A page's records (kind -> ids) in the reader's language: one query for every kind, not per record."""
    localiser = Localiser(reader=reader)
    wanted = {entity: sorted(set(ids)) for entity, ids in records.items()}
    parts = [_kind_query(KINDS[entity], ids) for entity, ids in wanted.items() if ids]
    if not parts:
        return localiser
    for entity, record_id, original, locale, first, second in session.execute(union_all(*parts)):
        found = localiser.loaded.setdefault(entity, {})
        texts = found.setdefault(record_id, (original, {}))[1]
        present = {
            name: value for name, value in zip(KINDS[entity].fields, (first, second), strict=False) if value
        }
        if locale is not None and present:
            texts[locale] = present
    return localiser


# -- writing ----------------------------------------------------------------------------------------


def clean(
    values: Mapping[str, Mapping[str, str | None]], *, fields: Iterable[str], original: str
) -> Translations:
    """Translations as stored: stripped, empty ones dropped, none in the original's own language."""
    allowed = set(fields)
    cleaned: Translations = {}
    for locale, texts in values.items():
        if locale not in LOCALES or locale == original:
            continue
        kept = {
            name: text.strip() for name, text in texts.items() if name in allowed and text and text.strip()
        }
        if kept:
            cleaned[locale] = kept
    return cleaned


def set_translations(
    session: Session,
    record: Any,
    *,
    values: Mapping[str, Mapping[str, str | None]],
    original_locale: str | None = None,
) -> dict[str, tuple[str | None, str | None]]:
    """Replace a (flushed) record's translations with `values`; changes as `field@locale` -> (old, new)."""
    kind = kind_of(record)
    if original_locale is not None:
        record.original_locale = check_locale(original_locale)
    wanted = clean(values, fields=kind.fields, original=record.original_locale)
    table: Any = kind.translation
    owner = getattr(table, kind.owner_column)
    existing = {row.locale: row for row in session.scalars(select(table).where(owner == record.id))}
    changes: dict[str, tuple[str | None, str | None]] = {}
    for locale in sorted(set(existing) | set(wanted)):
        row = existing.get(locale)
        new = wanted.get(locale, {})
        for name in kind.fields:
            old_text = getattr(row, name) if row is not None else None
            if (old_text or None) != new.get(name):
                changes[column_name(name, locale)] = (old_text or None, new.get(name))
        if not new and row is not None:
            session.delete(row)
        elif new:
            if row is None:
                row = table(**{kind.owner_column: record.id, "locale": locale})
                session.add(row)
            for name in kind.fields:
                setattr(row, name, new.get(name))
    session.flush()
    return changes


def translate(
    session: Session,
    record: Any,
    *,
    values: Mapping[str, Mapping[str, str | None]],
    original_locale: str | None,
    by: ActingUser,
    recommendation_id: int | None = None,
    label: str | None = None,
) -> None:
    """Set a record's translations (and original language) as a form gives them, the change audited
    (under `recommendation_id`, naming the record by `label`, by default its first field)."""
    changes = set_translations(session, record, values=values, original_locale=original_locale)
    if changes:
        entity = kind_of(record).entity
        audit.record(
            session,
            by=by,
            action="update",
            entity=entity,
            entity_id=record.id,
            recommendation_id=recommendation_id,
            summary=N_(
                "Translated %(kind)s %(name)s",
                kind=audit.kind_word(entity),
                name=label or getattr(record, kind_of(record).fields[0]),
            ),
            before={name: old for name, (old, _new) in changes.items()},
            after={name: new for name, (_old, new) in changes.items()},
        )


def flat(translations: Translations) -> dict[str, str]:
    """Translations as `field@locale` -> text (a CSV row, an audit entry)."""
    return {
        column_name(name, locale): text
        for locale, texts in sorted(translations.items())
        for name, text in texts.items()
    }


def unflat(cells: Mapping[str, str | None]) -> dict[str, dict[str, str | None]]:
    """`field@locale` cells (any letter case) back to locale -> field -> text."""
    nested: dict[str, dict[str, str | None]] = defaultdict(dict)
    for header, value in cells.items():
        parsed = parse_column(header)
        if parsed is not None:
            nested[parsed[1]][parsed[0]] = value
    return dict(nested)


_CYRILLIC_LETTERS = {
    **dict(zip("абцчћдђефгхијклмнопрсштувзж", "abcčćdđefghijklmnoprsštuvzž", strict=True)),
    **dict(zip("АБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ", "ABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ", strict=True)),
    "љ": "lj",
    "њ": "nj",
    "џ": "dž",
    "Љ": "Lj",
    "Њ": "Nj",
    "Џ": "Dž",
}


def cyrillic_to_latin(text: str) -> str:
    """Serbian Cyrillic in Latin letters (one to one; Љ, Њ, Џ become Lj, Nj, Dž)."""
    return "".join(_CYRILLIC_LETTERS.get(letter, letter) for letter in text)

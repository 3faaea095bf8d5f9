"""The `field@locale` columns of recommendations, benchmarks and framework files: read, compared, written."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session

from scorecard.errors import N_, RuleViolation

from .. import content
from ..audit import ActingUser
from ..bulk import chunks
from .cells import Cells
from .writes import insert_many


def columns(entity: str) -> tuple[str, ...]:
    """The translation columns of an entity's file, without `original_locale`."""
    return content.csv_columns(entity)[1:]


def attach(session: Session, entity: str, by_id: Mapping[int, dict[str, Any]], *, where: Any = None) -> None:
    """Set each stored record's original language and every `field@locale` value (None: not translated).

    With `where` (the planner's staged keys, which may pick more records than `by_id`), one query;
    without, one per chunk of ids.
    """
    if not by_id:
        return
    names = columns(entity)
    model: Any = content.KINDS[entity].model
    picks = [where] if where is not None else [model.id.in_(chunk) for chunk in chunks(sorted(by_id))]
    for pick in picks:
        for ident, (original, translations) in content.load_where(session, entity, pick).items():
            if ident not in by_id:
                continue
            cells = content.flat(translations)
            by_id[ident]["original_locale"] = original
            by_id[ident].update({name: cells.get(name) for name in names})


def read_cells(cells: Cells, entity: str, max_length: int) -> dict[str, Any]:
    """A row's original language and translations, keyed as `content.column_name` spells them."""
    new: dict[str, Any] = {}
    fields = content.KINDS[entity].fields
    if cells.has("original_locale"):
        try:
            new["original_locale"] = content.check_locale(cells.raw("original_locale"))
        except RuleViolation as refused:
            cells.error("original_locale", next(iter(refused.errors.values())))
    for header, field, name, bounded in _translation_headers(entity, tuple(cells.values)):
        if name is None:
            cells.error(
                header,
                N_(
                    "Only %(fields)s can be translated here, not “%(name)s”.",
                    fields=" and ".join(fields),
                    name=field,
                ),
            )
            continue
        new[name] = cells.text(header, max_length=max_length if bounded else None)
    return new


@functools.lru_cache(maxsize=64)
def _translation_headers(
    entity: str, headers: tuple[str, ...]
) -> tuple[tuple[str, str, str | None, bool], ...]:
    """A file's `field@locale` headers as (header, field, planned name or None for a field that cannot
    be translated, whether it has a length limit): read once per file, not once per row."""
    kind = content.KINDS[entity]
    found: list[tuple[str, str, str | None, bool]] = []
    for header in headers:
        parsed = content.parse_column(header)
        if parsed is None:
            continue
        name, locale = parsed
        if name not in kind.fields:
            found.append((header, name, None, False))
        else:
            found.append((header, name, content.column_name(name, locale), _bounded(kind, name)))
    return tuple(found)


def _bounded(kind: content.Kind, name: str) -> bool:
    """Whether a translated field has a length limit (a title, a name) or is free text (a wording)."""
    column = cast(Table, kind.translation.__table__).c[name]
    return getattr(column.type, "length", None) is not None


def is_translation(name: str) -> bool:
    """Whether a planned value is a translation (`title@sq`) or the original's language."""
    return name == "original_locale" or "@" in name


def write(session: Session, entity: str, items: list[tuple[int, Mapping[str, Any]]]) -> None:
    """Set the `field@locale` values rows give over the stored translations (a blank cell clears one).

    Per chunk of records: their stored translations are read, merged and written back. Records
    with only blank cells are read only if they have translations to clear: in a file without
    translations (new records, most often) no record is read or written again.
    """
    kind = content.KINDS[entity]
    table = cast(Table, kind.translation.__table__)
    owner = table.c[kind.owner_column]
    given = {ident: {k: v for k, v in values.items() if "@" in k} for ident, values in items}
    given = {ident: cells for ident, cells in given.items() if cells}
    blank = {ident for ident, cells in given.items() if not any(cells.values())}
    # The translated records of this kind within the blank ones' ids: one query, where asking per
    # chunk of the file's ids took 100 queries for 50k benchmarks (new records: none).
    holding = (
        set(session.scalars(select(owner).where(owner.between(min(blank), max(blank))).distinct()))
        if blank
        else set()
    )
    wanted = sorted(ident for ident in given if ident not in blank or ident in holding)
    for touched in chunks(wanted):
        stored = content.load(session, entity, touched)
        rows: list[dict[str, Any]] = []
        for ident in touched:
            original, translations = stored.get(ident, ("en", {}))
            merged: dict[str, str | None] = {**content.flat(translations), **given[ident]}
            cleaned = content.clean(content.unflat(merged), fields=kind.fields, original=original)
            rows += [
                {kind.owner_column: ident, "locale": locale, **{f: texts.get(f) for f in kind.fields}}
                for locale, texts in cleaned.items()
            ]
        session.execute(delete(table).where(owner.in_(touched)))
        insert_many(session, table, rows)


def apply_one(session: Session, record: Any, given: Mapping[str, Any], *, by: ActingUser) -> None:
    """Set one record's original language and the `field@locale` values a file row gives over its stored
    translations (a blank cell clears one), audited as a form's fold is; what the row leaves out stays."""
    cells = {name: value for name, value in given.items() if "@" in name}
    if not cells and "original_locale" not in given:
        return
    merged: dict[str, str | None] = {**content.flat(content.translations_of(session, record)), **cells}
    content.translate(
        session,
        record,
        values=content.unflat(merged),
        original_locale=given.get("original_locale"),
        by=by,
        label=getattr(record, "code", None),
    )

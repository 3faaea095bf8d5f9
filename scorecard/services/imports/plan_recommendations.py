"""Planning a recommendations file: every row checked against the database and the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.errors import N_, Message, Np_, RuleViolation
from scorecard.models import (
    Actor,
    ActorKind,
    Priority,
    Source,
    Status,
    Theme,
)
from scorecard.rules.recommendations import (
    RecommendationFacts,
    check_recommendation,
    normalise_code,
    normalise_tags,
)

from ..actor_cells import parse_actor_cell
from ..tables import actor as actor_table
from ..tables import link, rec
from ..tables import source as source_table
from ..tables import theme as theme_table
from . import staging, translations
from .cells import Cells, choice_word, row_cells
from .mappings import TITLE_MAX
from .plan_assessments import AssessmentWork
from .plans import Progress, RowResult, lower_names, show


def parse_actors(cell: str) -> list[tuple[str, str]]:
    """An actors cell ("EU institutions; Government of Kosovo (supporting)") as (name, role) pairs."""
    return parse_actor_cell(cell)


@dataclass(slots=True)
class RecommendationWork:
    """What a recommendations import writes."""

    new_themes: dict[str, str] = field(default_factory=dict)
    new_sources: dict[str, str] = field(default_factory=dict)
    new_actors: dict[str, str] = field(default_factory=dict)
    actor_kind: str = ActorKind.OTHER.value
    creates: list[dict[str, Any]] = field(default_factory=list)
    # (recommendation id, version read, changed values, values before)
    updates: list[tuple[int, int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    # The direct assessments a mapped file brings (planned after the rows, see plan_assessments).
    assessments: AssessmentWork = field(default_factory=AssessmentWork)


def plan_recommendation_rows(
    session: Session,
    rows: Iterable[tuple[int, dict[str, str]]],
    present: frozenset[str],
    *,
    actor_kind: str,
    on_progress: Progress,
    total: int,
) -> tuple[list[RowResult], RecommendationWork, list[str]]:
    """Check a recommendations file row by row against the database: results, work and notices."""
    rows = list(rows)
    known = _KnownNames.load(session)
    codes = sorted({normalise_code(values.get("code", "")) for _, values in rows} - {""})
    staging.stage(session, ids={}, codes=codes)
    existing = _stored_recommendations(session)
    translations.attach(
        session,
        "recommendation",
        {v["id"]: v for v in existing.values()},
        where=rec.c.code.in_(staging.codes()),
    )
    staging.unstage(session)
    work = RecommendationWork(actor_kind=actor_kind)
    results: list[RowResult] = []
    seen: dict[str, int] = {}
    for cells in row_cells(rows, on_progress, total):
        code = normalise_code(cells.values.get("code", ""))
        current = existing.get(code)
        new = _check_recommendation_row(cells, code, current)
        _check_repeated_code(cells, code, seen)
        new.update(translations.read_cells(cells, "recommendation", TITLE_MAX))
        if cells.errors:
            results.append(RowResult(cells.row, "error", code, errors=cells.errors))
            continue
        _note_new_names(new, known, work)
        results.append(_planned_recommendation(cells.row, code, current, new, work))
    return results, work, _new_names_notices(work)


@dataclass(frozen=True, slots=True)
class _KnownNames:
    """The themes, sources and actors already stored, by lower-case name."""

    themes: dict[str, tuple[int, str]]
    sources: dict[str, tuple[int, str]]
    actors: dict[str, tuple[int, str]]

    @classmethod
    def load(cls, session: Session) -> _KnownNames:
        """Every stored theme, source and actor."""
        return cls(
            lower_names(session, Theme, "name"),
            lower_names(session, Source, "title"),
            lower_names(session, Actor, "name"),
        )


def _stored_recommendations(session: Session) -> dict[str, dict[str, Any]]:
    """The stored recommendations with the file's (staged) codes, as the import compares them, by code."""
    existing: dict[str, dict[str, Any]] = {}
    query = (
        select(
            rec.c.id,
            rec.c.code,
            rec.c.version,
            rec.c.title,
            rec.c.text,
            source_table.c.title.label("source"),
            rec.c.locator,
            theme_table.c.name.label("theme"),
            rec.c.priority,
            rec.c.status,
            rec.c.issued_on,
            rec.c.due_on,
            rec.c.tags,
            rec.c.archived_at,
        )
        .join(theme_table, theme_table.c.id == rec.c.theme_id)
        .outerjoin(source_table, source_table.c.id == rec.c.source_id)
    )
    for row in session.execute(query.where(rec.c.code.in_(staging.codes()))):
        existing[row.code] = {
            "id": row.id,
            "version": row.version,
            "title": row.title,
            "text": row.text,
            "source": row.source,
            "locator": row.locator,
            "theme": row.theme,
            "actors": frozenset(),
            "priority": row.priority,
            "status": row.status,
            "issued_on": row.issued_on,
            "due_on": row.due_on,
            "tags": row.tags,
            "archived": row.archived_at is not None,
        }
    if existing:
        _attach_actors(session, {values["id"]: values for values in existing.values()})
    return existing


def _attach_actors(session: Session, by_id: dict[int, dict[str, Any]]) -> None:
    """Set each stored recommendation's (name, role) actor pairs (those of the staged codes)."""
    found: dict[int, set[tuple[str, str]]] = {}
    named = select(rec.c.id).where(rec.c.code.in_(staging.codes()))
    for recommendation_id, name, role in session.execute(
        select(link.c.recommendation_id, actor_table.c.name, link.c.role)
        .join(actor_table, actor_table.c.id == link.c.actor_id)
        .where(link.c.recommendation_id.in_(named))
    ):
        found.setdefault(recommendation_id, set()).add((name, role))
    for recommendation_id, pairs in found.items():
        if recommendation_id in by_id:  # not one created since the first query read them
            by_id[recommendation_id]["actors"] = frozenset(pairs)


def _check_repeated_code(cells: Cells, code: str, seen: dict[str, int]) -> None:
    """A code the file already gave on an earlier row is an error (the rules judged the code itself)."""
    if any(error.column == "code" for error in cells.errors):
        return
    if code in seen:
        cells.error("code", N_("Code %(code)s is already on row %(row)s.", code=code, row=seen[code]))
    else:
        seen[code] = cells.row


# What a new recommendation's row lacks, with and without a code to name it by.
NEEDED_TO_CREATE = {
    "title": (
        N_("A title is needed to create recommendation here."),
        N_("A title is needed to create recommendation %(code)s."),
    ),
    "text": (
        N_("The wording is needed to create recommendation here."),
        N_("The wording is needed to create recommendation %(code)s."),
    ),
    "theme": (
        N_("A theme is needed to create recommendation here."),
        N_("A theme is needed to create recommendation %(code)s."),
    ),
}
# The rules name a recommendation's fields as the forms do; the file's columns for them.
RULE_COLUMNS = {"theme_id": "theme", "source_id": "source"}


def _check_recommendation_row(cells: Cells, code: str, current: dict[str, Any] | None) -> dict[str, Any]:
    """The values the row gives, checked by `check_recommendation` (the forms' rules) over the stored ones.

    Problems are kept on `cells`; `current` is the stored recommendation with this code, if any.
    Only what is about the file is checked here: a column a new recommendation cannot do without.
    """
    new = _read_recommendation_cells(cells)
    if current is None:
        for required, needed in NEEDED_TO_CREATE.items():
            if required not in new:
                cells.error(required, Message(needed[bool(code)], code=code))
    merged = {**(current or {}), **new}
    try:
        check_recommendation(
            RecommendationFacts(
                code=cells.values.get("code", ""),
                title=merged.get("title"),
                text=merged.get("text"),
                theme_id=merged.get("theme"),
                source_id=merged.get("source"),
                locator=merged.get("locator"),
                priority=merged.get("priority") or Priority.MEDIUM.value,
                status=merged.get("status") or Status.PROPOSED.value,
                issued_on=merged.get("issued_on"),
                due_on=merged.get("due_on"),
                tags=(merged.get("tags") or "",),
                actors=tuple(merged.get("actors", ())),
            )
        )
    except RuleViolation as violation:
        for name, message in violation.errors.items():
            cells.error(RULE_COLUMNS.get(name, name), message)
    if "actors" in new:
        new["actors"] = frozenset(new["actors"])
    return new


def _read_recommendation_cells(cells: Cells) -> dict[str, Any]:
    """The typed values of the columns the file gives (a column it leaves out is not in the result)."""
    new: dict[str, Any] = {}
    for name, max_length in (("title", TITLE_MAX), ("text", None), ("source", 300), ("locator", None)):
        if cells.has(name):
            new[name] = cells.text(name, max_length=max_length)
    if cells.has("theme"):
        new["theme"] = cells.text("theme", max_length=200)
    if cells.has("actors"):
        # A list, not a set: the rules refuse an actor named twice.
        new["actors"] = parse_actors(cells.raw("actors"))
    if cells.has("priority"):
        new["priority"] = choice_word(cells.raw("priority")) or Priority.MEDIUM.value
    if cells.has("status"):
        new["status"] = choice_word(cells.raw("status")) or Status.PROPOSED.value
    for name in ("issued_on", "due_on"):
        if cells.has(name):
            new[name] = cells.day(name)
    if cells.has("tags"):
        new["tags"] = normalise_tags([cells.values.get("tags", "")])
    if cells.has("archived"):
        new["archived"] = bool(cells.flag("archived"))
    return new


def _note_new_names(new: dict[str, Any], known: _KnownNames, work: RecommendationWork) -> None:
    """Keep the themes, sources and actors a row names that are not stored yet: the import creates them."""
    for key, registry, pending in (
        ("theme", known.themes, work.new_themes),
        ("source", known.sources, work.new_sources),
    ):
        name = new.get(key)
        if name and name.lower() not in registry:
            pending.setdefault(name.lower(), name)
    for name, _ in new.get("actors", ()):
        if name.lower() not in known.actors:
            work.new_actors.setdefault(name.lower(), name)


def _planned_recommendation(
    row_number: int, code: str, current: dict[str, Any] | None, new: dict[str, Any], work: RecommendationWork
) -> RowResult:
    """A checked row as a create, an update (with what changes) or unchanged, noted in `work`."""
    if current is None:
        record = {
            "code": code,
            "title": new.get("title"),
            "text": new.get("text"),
            "source": new.get("source"),
            "locator": new.get("locator"),
            "theme": new.get("theme"),
            "actors": sorted(new.get("actors", ())),
            "priority": new.get("priority") or Priority.MEDIUM.value,
            "status": new.get("status") or Status.PROPOSED.value,
            "issued_on": new.get("issued_on"),
            "due_on": new.get("due_on"),
            "tags": new.get("tags", ""),
            "archived": new.get("archived", False),
            **{name: value for name, value in new.items() if translations.is_translation(name)},
        }
        work.creates.append(record)
        return RowResult(row_number, "create", code, note=str(record["title"]))
    changed: dict[str, Any] = {}
    before: dict[str, Any] = {}
    shown: dict[str, tuple[str, str]] = {}
    for name, value in new.items():
        old = current[name]
        if _same(name, old, value):
            continue
        changed[name], before[name] = value, old
        shown[name] = (show(old), show(value))
    if not changed:
        return RowResult(row_number, "unchanged", code)
    work.updates.append((current["id"], current["version"], changed, before))
    return RowResult(row_number, "update", code, changes=shown)


def _same(name: str, old: Any, new: Any) -> bool:
    """Whether a stored value and an imported one are the same (names compare in any case)."""
    if name in ("theme", "source"):
        return (old or "").lower() == (new or "").lower()
    if name == "actors":
        return {(n.lower(), r) for n, r in old} == {(n.lower(), r) for n, r in new}
    return bool(old == new)


# What the import creates, per kind of name (with more than 20 names, the first 20 and "…").
NEW_NAMES: dict[str, Callable[[int, str], str]] = {
    "theme": lambda count, names: Np_(
        "New theme (%(num)d), created by the import: %(names)s.",
        "New themes (%(num)d), created by the import: %(names)s.",
        count,
        names=names,
    ),
    "source": lambda count, names: Np_(
        "New source (%(num)d), created by the import: %(names)s.",
        "New sources (%(num)d), created by the import: %(names)s.",
        count,
        names=names,
    ),
    "actor": lambda count, names: Np_(
        "New actor (%(num)d), created by the import: %(names)s.",
        "New actors (%(num)d), created by the import: %(names)s.",
        count,
        names=names,
    ),
}


def _new_names_notices(work: RecommendationWork) -> list[str]:
    """What the preview says about sources, themes and actors the import creates."""
    notices: list[str] = []
    for label, names in (
        ("theme", work.new_themes),
        ("source", work.new_sources),
        ("actor", work.new_actors),
    ):
        if names:
            listed = sorted(names.values())
            shown = ", ".join(listed[:20]) + (", …" if len(listed) > 20 else "")
            notices.append(NEW_NAMES[label](len(listed), shown))
    return notices

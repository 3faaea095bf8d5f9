"""Planning what a recommendations file brings besides its rows: assessments, and whose records it changes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.errors import N_

from ..bulk import chunks
from ..tables import bench, entry, level, rec, scale
from .cells import Cells
from .mappings import ASSESSMENT_SCALE
from .plans import RowResult


@dataclass(slots=True)
class AssessmentWork:
    """The assessment entries an import records, on each recommendation's own assessment benchmark."""

    scale_id: int | None = None
    # code, level_id, score, observed_on, label
    entries: list[dict[str, Any]] = field(default_factory=list)


def plan_assessments(
    session: Session,
    rows: Sequence[tuple[int, dict[str, str]]],
    results: list[RowResult],
    *,
    today: date,
) -> AssessmentWork:
    """Check each row's assessment and date, and note what changes; rows in error are marked so.

    Runs after the recommendations are planned, one result per row; an assessment the recommendation
    already has (same level, same day) records nothing, so re-importing a file is a no-op.
    """
    work = AssessmentWork()
    if not any("assessment" in values for _, values in rows):
        return work
    levels = _assessment_levels(session)
    work.scale_id = next(iter(levels.values()))[2] if levels else None
    codes = sorted({r.key for r in results if r.action != "error" and r.key})
    latest = _latest_assessments(session, codes)
    for index, ((row_number, values), result) in enumerate(zip(rows, results, strict=True)):
        if result.action == "error":
            continue
        label = values.get("assessment", "").strip().lower()
        if not label:
            continue
        cells = Cells(row_number, values)
        found = levels.get(label)
        if found is None:
            cells.error("assessment", _not_a_level(values["assessment"], levels))
        observed_on = cells.day("assessed_on")
        if observed_on is None:
            cells.error("assessed_on", N_("An assessment needs its date: map a column or give a fixed date."))
        elif observed_on > today:
            cells.error("assessed_on", N_("An assessment cannot be dated in the future."))
        if cells.errors or found is None or observed_on is None:
            results[index] = RowResult(row_number, "error", result.key, errors=cells.errors)
            continue
        before = latest.get(result.key)
        if before is not None and (found[0], observed_on) in before[1]:
            continue  # recorded already (by this file before, or another)
        work.entries.append(
            {"code": result.key, "level_id": found[0], "score": found[1], "observed_on": observed_on}
        )
        _note_change(result, before[0] if before else "", f"{label} on {observed_on.isoformat()}")
    return work


def _note_change(result: RowResult, before: str, after: str) -> None:
    """Show the new assessment on the row's result; an unchanged row becomes an update."""
    if result.action == "create":
        result.note = f"{result.note} (assessed {after})"
        return
    result.changes = {**(result.changes or {}), "assessment": (before, after)}
    result.action = "update"


def _assessment_levels(session: Session) -> dict[str, tuple[int, float, int]]:
    """The Implementation scale's levels by lower-case label: (level id, score, scale id)."""
    query = (
        select(level.c.label, level.c.scale_id, level.c.id, level.c.score)
        .join(scale, scale.c.id == level.c.scale_id)
        .where(scale.c.name == ASSESSMENT_SCALE)
    )
    return {row.label.lower(): (row.id, row.score, row.scale_id) for row in session.execute(query)}


def _latest_assessments(session: Session, codes: list[str]) -> dict[str, tuple[str, set[tuple[int, date]]]]:
    """Each recommendation's direct assessments by code: its latest as "label on day", and every
    (level id, day) it has."""
    query = (
        select(rec.c.code, entry.c.id, entry.c.level_id, entry.c.observed_on, level.c.label)
        .join(bench, bench.c.recommendation_id == rec.c.id)
        .join(entry, entry.c.benchmark_id == bench.c.id)
        .join(level, level.c.id == entry.c.level_id)
        .where(bench.c.is_assessment, entry.c.superseded_at.is_(None), entry.c.deleted_at.is_(None))
    )
    latest: dict[str, tuple[tuple[date, int], str]] = {}
    recorded: dict[str, set[tuple[int, date]]] = {}
    for chunk in chunks(codes):
        for row in session.execute(query.where(rec.c.code.in_(chunk))):
            recorded.setdefault(row.code, set()).add((row.level_id, row.observed_on))
            order = (row.observed_on, row.id)
            if row.code not in latest or latest[row.code][0] < order:
                latest[row.code] = (order, f"{row.label} on {row.observed_on.isoformat()}")
    return {code: (latest[code][1], recorded[code]) for code in recorded}


def mark_foreign_updates(session: Session, results: list[RowResult], *, filename: str) -> None:
    """Mark the updates to recommendations that this file did not create (another file or a person did)."""
    codes = sorted({r.key for r in results if r.action == "update"})
    origins: dict[str, str | None] = {}
    for chunk in chunks(codes):
        query = select(rec.c.code, rec.c.imported_from).where(rec.c.code.in_(chunk))
        origins.update((code, origin) for code, origin in session.execute(query))
    for result in results:
        if result.action == "update":
            result.foreign = not filename or origins.get(result.key) != filename


def _not_a_level(value: str, levels: Mapping[str, Any]) -> str:
    """What a cell naming no level of the Implementation scale says (and which levels there are)."""
    scale = N_(ASSESSMENT_SCALE)
    if not levels:
        return N_(
            "“%(value)s” is not a level of %(scale)s (none: the %(scale)s scale is missing).",
            value=value,
            scale=scale,
        )
    return N_(
        "“%(value)s” is not a level of %(scale)s (%(levels)s).",
        value=value,
        scale=scale,
        levels=", ".join(sorted(levels)),
    )

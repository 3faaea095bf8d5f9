"""What a progress file's rows refer to, read from the database once for the whole file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.models import ScaleLevel, User

from ..bulk import chunks
from ..recommendations import normalise_code
from ..tables import bench, entry, rec
from .cells import ids_given
from .plans import id_conditions

Rows = Sequence[tuple[int, dict[str, str]]]


@dataclass(frozen=True, slots=True)
class BenchmarkFacts:
    """What checking an entry needs to know of its benchmark."""

    id: int
    recommendation_id: int
    code: str
    title: str
    kind: str
    scale_id: int | None
    baseline: float | None
    target: float | None
    direction: str | None
    archived: bool


@dataclass(slots=True)
class StoredProgress:
    """The benchmarks, levels, entries and accounts a progress file refers to."""

    facts: dict[int, BenchmarkFacts]
    # (recommendation code, lower-case title) → the live benchmarks with that title
    by_title: dict[tuple[str, str], list[int]]
    levels_by_id: dict[int | None, dict[int, ScaleLevel]]
    levels_by_label: dict[int | None, dict[str, ScaleLevel]]
    entries: dict[int, Any]  # the stored entries the file names by id
    corrected_by: dict[int, int]  # entry → the entry that corrected it
    stored_targets: set[int]  # entries rows say they correct, stored but not in the file
    users: dict[str, int]  # lower-case email → account id
    # Entries already counting, by their substance: a row repeating one is left alone.
    recorded: dict[tuple[Any, ...], int]

    @classmethod
    def load(cls, session: Session, rows: Rows, present: frozenset[str]) -> StoredProgress:
        """Everything the rows refer to, in a few queries (never one per row)."""
        facts = _benchmark_facts(session, rows, present)
        by_title: dict[tuple[str, str], list[int]] = {}
        if "benchmark_title" in present:
            for known in facts.values():
                if not known.archived:
                    by_title.setdefault((known.code, known.title.strip().lower()), []).append(known.id)
        levels_by_id, levels_by_label = _levels(session, facts)
        entries, corrected_by = _named_entries(session, ids_in(rows, "entry_id"))
        targets = [ident for ident in ids_in(rows, "corrects_id") if ident not in entries]
        return cls(
            facts=facts,
            by_title=by_title,
            levels_by_id=levels_by_id,
            levels_by_label=levels_by_label,
            entries=entries,
            corrected_by=corrected_by,
            stored_targets=_stored_ids(session, targets),
            users={email.lower(): ident for ident, email in session.execute(select(User.id, User.email))},
            recorded=_recorded(session, rows, facts),
        )


def ids_in(rows: Rows, column: str) -> list[int]:
    """The whole numbers given in one column of the file."""
    return ids_given(values.get(column, "") for _, values in rows)


def _benchmark_facts(session: Session, rows: Rows, present: frozenset[str]) -> dict[int, BenchmarkFacts]:
    """The benchmarks the rows name by id and, when the file gives titles, those of the codes it names."""
    facts: dict[int, BenchmarkFacts] = {}
    query = select(
        bench.c.id,
        bench.c.recommendation_id,
        rec.c.code,
        bench.c.title,
        bench.c.kind,
        bench.c.scale_id,
        bench.c.baseline,
        bench.c.target,
        bench.c.direction,
        bench.c.archived_at,
        rec.c.archived_at.label("rec_archived_at"),
    ).join(rec, rec.c.id == bench.c.recommendation_id)
    conditions: list[Any] = [bench.c.id.in_(chunk) for chunk in chunks(ids_in(rows, "benchmark_id"))]
    if "benchmark_title" in present:
        codes = sorted(
            {
                normalise_code(values.get("recommendation_code", ""))
                for _, values in rows
                if not values.get("benchmark_id", "").strip()
            }
            - {""}
        )
        conditions += [rec.c.code.in_(chunk) & bench.c.archived_at.is_(None) for chunk in chunks(codes)]
    for condition in conditions:
        for row in session.execute(query.where(condition)):
            facts[row.id] = BenchmarkFacts(
                row.id,
                row.recommendation_id,
                row.code,
                row.title,
                row.kind,
                row.scale_id,
                row.baseline,
                row.target,
                row.direction,
                row.archived_at is not None or row.rec_archived_at is not None,
            )
    return facts


def _levels(
    session: Session, facts: dict[int, BenchmarkFacts]
) -> tuple[dict[int | None, dict[int, ScaleLevel]], dict[int | None, dict[str, ScaleLevel]]]:
    """The levels of the benchmarks' scales, by scale: by id, and by lower-case label."""
    scale_ids = sorted({fact.scale_id for fact in facts.values() if fact.scale_id is not None})
    levels_by_id: dict[int | None, dict[int, ScaleLevel]] = {}
    levels_by_label: dict[int | None, dict[str, ScaleLevel]] = {}
    for level in session.scalars(
        select(ScaleLevel).where(ScaleLevel.scale_id.in_(scale_ids)).order_by(ScaleLevel.position)
    ):
        levels_by_id.setdefault(level.scale_id, {})[level.id] = level
        levels_by_label.setdefault(level.scale_id, {})[level.label.lower()] = level
    return levels_by_id, levels_by_label


def _named_entries(session: Session, wanted_entries: list[int]) -> tuple[dict[int, Any], dict[int, int]]:
    """The stored entries the file names by id, and which entry corrected each of them."""
    entries: dict[int, Any] = {}
    corrected_by: dict[int, int] = {}
    wanted = set(wanted_entries)
    for condition in id_conditions(entry.c.id, wanted_entries):
        for row in session.execute(select(entry).where(condition)):
            if row.id in wanted:
                entries[row.id] = row
    for condition in id_conditions(entry.c.corrects_id, wanted_entries):
        for new_id, old_id in session.execute(select(entry.c.id, entry.c.corrects_id).where(condition)):
            corrected_by[old_id] = new_id
    return entries, corrected_by


def _stored_ids(session: Session, targets: list[int]) -> set[int]:
    """Which of these entry ids are stored: looked up at once, not row by row."""
    wanted_targets = set(targets)
    stored_targets: set[int] = set()
    for condition in id_conditions(entry.c.id, targets):
        stored_targets.update(
            i for i in session.scalars(select(entry.c.id).where(condition)) if i in wanted_targets
        )
    return stored_targets


def _recorded(session: Session, rows: Rows, facts: dict[int, BenchmarkFacts]) -> dict[tuple[Any, ...], int]:
    """The counting entries of these benchmarks by substance, when some row has no entry id.

    Rows without an entry id that repeat an entry already counting are left alone, so that
    importing the same spreadsheet twice records nothing twice.
    """
    if not any(not values.get("entry_id", "").strip() for _, values in rows):
        return {}
    return counting_substances(session, sorted(facts))


def counting_substances(session: Session, benchmark_ids: Sequence[int]) -> dict[tuple[Any, ...], int]:
    """The counting entries of these benchmarks by substance (benchmark, date, level, value,
    achieved, note, evidence): the key that says an observation is already recorded."""
    recorded: dict[tuple[Any, ...], int] = {}
    for chunk in chunks(list(benchmark_ids)):
        for row in session.execute(
            select(
                entry.c.id,
                entry.c.benchmark_id,
                entry.c.observed_on,
                entry.c.level_id,
                entry.c.value,
                entry.c.achieved,
                entry.c.note,
                entry.c.evidence_url,
            ).where(
                entry.c.benchmark_id.in_(chunk),
                entry.c.superseded_at.is_(None),
                entry.c.deleted_at.is_(None),
            )
        ):
            recorded.setdefault(tuple(row[1:]), row[0])
    return recorded

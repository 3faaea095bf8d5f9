"""What a progress file's rows refer to, read from the database once for the whole file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from scorecard.models import Perspective, ScaleLevel, User

from ..bulk import chunks
from ..recommendations import normalise_code
from ..scores import counting
from ..tables import bench, entry, rec
from . import staging
from .cells import ids_given

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
    # lower-case name → (perspective id, its name); the monitoring team's own is no row
    perspectives: dict[str, tuple[int, str]]
    # Entries already counting, by their substance: a row repeating one is left alone.
    recorded: dict[tuple[Any, ...], int]

    @classmethod
    def load(cls, session: Session, rows: Rows, present: frozenset[str]) -> StoredProgress:
        """Everything the rows refer to, in a few queries joined to the file's staged keys (never one
        per row, nor one per few hundred ids: the count does not grow with the file)."""
        entry_ids = ids_in(rows, "entry_id")
        corrects_ids = ids_in(rows, "corrects_id")
        benchmark_ids = ids_in(rows, "benchmark_id")
        staging.stage(
            session,
            ids={"benchmark_id": benchmark_ids, "entry_id": entry_ids, "corrects_id": corrects_ids},
            codes=_title_codes(rows) if "benchmark_title" in present else (),
        )
        facts = _benchmark_facts(session, present, set(benchmark_ids))
        by_title: dict[tuple[str, str], list[int]] = {}
        if "benchmark_title" in present:
            for known in facts.values():
                if not known.archived:
                    by_title.setdefault((known.code, known.title.strip().lower()), []).append(known.id)
        levels_by_id, levels_by_label = _levels(session, facts)
        entries, corrected_by = _named_entries(session, set(entry_ids))
        targets = {ident for ident in corrects_ids if ident not in entries}
        stored = cls(
            facts=facts,
            by_title=by_title,
            levels_by_id=levels_by_id,
            levels_by_label=levels_by_label,
            entries=entries,
            corrected_by=corrected_by,
            stored_targets=_stored_ids(session, targets),
            users={email.lower(): ident for ident, email in session.execute(select(User.id, User.email))},
            perspectives={
                name.lower(): (ident, name)
                for ident, name in session.execute(select(Perspective.id, Perspective.name))
            },
            recorded=_recorded(session, rows, facts),
        )
        staging.unstage(session)
        return stored


def ids_in(rows: Rows, column: str) -> list[int]:
    """The whole numbers given in one column of the file."""
    return ids_given(values.get(column, "") for _, values in rows)


def _title_codes(rows: Rows) -> list[str]:
    """The recommendation codes of the rows that name their benchmark by title, not id."""
    return sorted(
        {
            normalise_code(values.get("recommendation_code", ""))
            for _, values in rows
            if not values.get("benchmark_id", "").strip()
        }
        - {""}
    )


def _benchmark_facts(session: Session, present: frozenset[str], named: set[int]) -> dict[int, BenchmarkFacts]:
    """The benchmarks the rows name by id and, when the file gives titles, the live ones of the
    codes it names (both staged)."""
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
    conditions: list[Any] = [staging.among(session, bench.c.id, "benchmark_id")]
    if "benchmark_title" in present:
        conditions.append(rec.c.code.in_(staging.codes()) & bench.c.archived_at.is_(None))
    for position, condition in enumerate(conditions):
        for row in session.execute(query.where(condition)):
            if position == 0 and row.id not in named:
                continue  # in the range of a dense run of ids, but not named
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


def _named_entries(session: Session, wanted: set[int]) -> tuple[dict[int, Any], dict[int, int]]:
    """The stored entries the file names by id (staged), and which entry corrected each of them."""
    if not wanted:
        return {}, {}
    named = staging.among(session, entry.c.id, "entry_id")
    entries = {row.id: row for row in session.execute(select(entry).where(named)) if row.id in wanted}
    correcting = select(entry.c.id, entry.c.corrects_id).where(
        staging.among(session, entry.c.corrects_id, "entry_id")
    )
    corrected_by = {old: new for new, old in session.execute(correcting) if old in wanted}
    return entries, corrected_by


def _stored_ids(session: Session, targets: set[int]) -> set[int]:
    """Which of the entries the rows say they correct are stored (the staged corrects_id column)."""
    if not targets:
        return set()
    return {
        i
        for i in session.scalars(select(entry.c.id).where(staging.among(session, entry.c.id, "corrects_id")))
        if i in targets
    }


def _recorded(session: Session, rows: Rows, facts: dict[int, BenchmarkFacts]) -> dict[tuple[Any, ...], int]:
    """The counting entries of these benchmarks by substance, when some row has no entry id.

    Rows without an entry id that repeat an entry already counting are left alone, so that
    importing the same spreadsheet twice records nothing twice.
    """
    if not facts or not any(not values.get("entry_id", "").strip() for _, values in rows):
        return {}
    staging.add(session, ids={"fact": sorted(facts)})
    return _by_substance(
        session.execute(_substances().where(staging.among(session, entry.c.benchmark_id, "fact")))
    )


def counting_substances(session: Session, benchmark_ids: Sequence[int]) -> dict[tuple[Any, ...], int]:
    """The counting entries of these benchmarks by substance (benchmark, date, level, value,
    achieved, note, evidence, perspective): the key that says an observation is already recorded."""
    recorded: dict[tuple[Any, ...], int] = {}
    for chunk in chunks(list(benchmark_ids)):
        recorded |= _by_substance(session.execute(_substances().where(entry.c.benchmark_id.in_(chunk))))
    return recorded


def _substances() -> Select[Any]:
    """The counting entries' ids and substances (to be narrowed to some benchmarks), whose assessment
    included; an entry still under review is not yet recorded."""
    return select(
        entry.c.id,
        entry.c.benchmark_id,
        entry.c.observed_on,
        entry.c.level_id,
        entry.c.value,
        entry.c.achieved,
        entry.c.note,
        entry.c.evidence_url,
        entry.c.perspective_id,
    ).where(counting(any_perspective=True))


def _by_substance(rows: Iterable[Any]) -> dict[tuple[Any, ...], int]:
    """Entry ids by substance; of two entries with one substance, the first read."""
    recorded: dict[tuple[Any, ...], int] = {}
    for row in rows:
        recorded.setdefault(tuple(row[1:]), row[0])
    return recorded

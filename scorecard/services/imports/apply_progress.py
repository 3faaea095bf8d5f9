"""Applying a progress plan: restored, new and correcting entries, one audit event per recommendation."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.orm import Session

from scorecard.errors import N_, Np_

from .. import bulk, scores
from ..audit import ActingUser
from ..bulk import chunks
from ..tables import entry
from .plan_progress import ProgressWork
from .plans import Progress
from .progress_stored import counting_substances
from .writes import (
    BULK_FROM,
    REBUILD_THRESHOLD,
    ImportConflict,
    event_row,
    follow_explicit_ids,
    id_ranges,
    insert_events,
    insert_many,
    insert_returning,
    lock_benchmarks,
)

# Per recommendation: (its code, entries recorded, (corrected, correcting) entry pairs).
_Touched = dict[int, tuple[str, list[int], list[tuple[int, int]]]]


def apply_progress(
    session: Session, work: ProgressWork, *, by: ActingUser, now: datetime, on_progress: Progress
) -> int:
    """Write a progress plan; the number of recommendations with new or corrected entries."""
    total = len(work.restores) + len(work.creates) + len(work.corrections)
    # Restored entries keep their ids; in id order, a correction's target is written before it.
    restores = sorted(work.restores, key=lambda r: r["id"])
    _refuse_recorded_meanwhile(session, work)
    # New entries and corrections are matched to their recommendations through the benchmark.
    created: list[tuple[int, int]] = []
    with bulk.indexes_set_aside(session.connection(), entry, adding=len(restores) + len(work.creates)):
        done = _insert_restores(session, restores, on_progress=on_progress, total=total)
        for chunk in chunks(work.creates, 1000):
            created += insert_returning(session, entry, chunk, entry.c.id, entry.c.benchmark_id)
            done += len(chunk)
            on_progress(done, total)
    corrections_made = _insert_corrections(session, work, now=now)
    on_progress(done + len(work.corrections), total)
    touched_recs: _Touched = {}
    for ident, benchmark_id in [(r["id"], r["benchmark_id"]) for r in restores] + created:
        _, recommendation_id, code = work.labels[benchmark_id]
        touched_recs.setdefault(recommendation_id, (code, [], []))[1].append(ident)
    for ident, old_id, benchmark_id in corrections_made:
        _, recommendation_id, code = work.labels[benchmark_id]
        touched_recs.setdefault(recommendation_id, (code, [], []))[2].append((old_id, ident))
    insert_events(session, _progress_events(touched_recs, by=by, now=now))
    touched = sorted(
        {r["benchmark_id"] for r in restores}
        | {r["benchmark_id"] for r in work.creates}
        | {v["benchmark_id"] for _, v in work.corrections}
    )
    if len(touched) > REBUILD_THRESHOLD:
        scores.rebuild_all_states(session)
    else:
        scores.refresh_states(session, benchmark_ids=touched)
    return len({work.labels[b][1] for b in touched})


SUBSTANCE = (
    "benchmark_id",
    "observed_on",
    "level_id",
    "value",
    "achieved",
    "note",
    "evidence_url",
    "perspective_id",
)


def _refuse_recorded_meanwhile(session: Session, work: ProgressWork) -> None:
    """Lock the benchmarks the plan adds entries to, then refuse it if one of its new entries
    was recorded since it was planned (another import or a form confirmed at the same moment)."""
    if not work.creates:
        return
    benchmark_ids = sorted({row["benchmark_id"] for row in work.creates})
    lock_benchmarks(session, benchmark_ids)
    recorded = counting_substances(session, benchmark_ids)
    if any(tuple(row[name] for name in SUBSTANCE) in recorded for row in work.creates):
        raise ImportConflict(N_("Some of these entries were recorded by someone else while the import ran."))


def _insert_restores(
    session: Session, restores: list[dict[str, Any]], *, on_progress: Progress, total: int
) -> int:
    """Insert the entries that keep the ids the file gives; how many rows that was."""
    done = 0
    for chunk in chunks(restores, 4 * BULK_FROM):
        insert_many(session, entry, chunk)
        done += len(chunk)
        on_progress(done, total)
    if restores:
        follow_explicit_ids(session, entry)
    return done


def _insert_corrections(session: Session, work: ProgressWork, *, now: datetime) -> list[Any]:
    """Mark the corrected entries superseded (refused if one no longer counts: scores.counting), then
    insert the correcting ones: (new id, corrected id, benchmark id) of each."""
    corrected = [old_id for old_id, _ in work.corrections]
    for old_ids in chunks(corrected):
        result = session.execute(
            update(entry).where(entry.c.id.in_(old_ids), scores.counting()).values(superseded_at=now)
        )
        if cast(Any, result).rowcount != len(old_ids):
            raise ImportConflict(
                N_("An entry to be corrected was corrected or deleted while the import ran.")
            )
    correction_rows = [{**values, "corrects_id": old_id} for old_id, values in work.corrections]
    return insert_returning(
        session, entry, correction_rows, entry.c.id, entry.c.corrects_id, entry.c.benchmark_id
    )


def _progress_events(touched_recs: _Touched, *, by: ActingUser, now: datetime) -> list[dict[str, Any]]:
    """One event per recommendation touched, naming its new and corrected entries.

    An event per entry (as record_progress writes) would double the rows a large import writes,
    and its time; each entry keeps who recorded it and when, and the import's own event has the
    file and counts.
    """
    events = []
    for recommendation_id, (code, recorded, corrections) in touched_recs.items():
        if recorded:
            events.append(
                event_row(
                    by,
                    now,
                    action="create",
                    entity="progress_entry",
                    entity_id=recorded[0] if len(recorded) == 1 else None,
                    recommendation_id=recommendation_id,
                    summary=Np_(
                        "Recorded %(num)d progress entry on %(code)s (import)",
                        "Recorded %(num)d progress entries on %(code)s (import)",
                        len(recorded),
                        code=code,
                    ),
                    after={"entries": id_ranges(recorded)},
                )
            )
        if corrections:
            events.append(
                event_row(
                    by,
                    now,
                    action="correct",
                    entity="progress_entry",
                    entity_id=corrections[0][1] if len(corrections) == 1 else None,
                    recommendation_id=recommendation_id,
                    summary=Np_(
                        "Corrected %(num)d progress entry on %(code)s (import)",
                        "Corrected %(num)d progress entries on %(code)s (import)",
                        len(corrections),
                        code=code,
                    ),
                    before={"entries": id_ranges(old for old, _ in corrections)},
                    after={"corrections": [list(pair) for pair in corrections]},
                )
            )
    return events

"""Applying a benchmarks plan: new and changed benchmarks, re-scored entries, recommendation versions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from scorecard.errors import N_
from scorecard.scoring import numeric_score

from .. import scores
from ..audit import ActingUser
from ..bulk import chunks
from ..tables import bench, entry, rec
from . import translations
from .plan_benchmarks import BENCH_FIELDS, BenchmarkWork
from .plans import Progress
from .writes import (
    REBUILD_THRESHOLD,
    event_row,
    follow_explicit_ids,
    insert_events,
    insert_many,
    insert_returning_ids,
    update_checked,
)


def apply_benchmarks(
    session: Session, work: BenchmarkWork, *, by: ActingUser, now: datetime, on_progress: Progress
) -> int:
    """Write a benchmarks plan; the number of recommendations whose benchmarks changed."""
    created, events = _create_benchmarks(session, work, by=by, now=now)
    events += _update_benchmarks(session, work, by=by, now=now)
    translations.write(
        session,
        "benchmark",
        list(zip(created, _in_creation_order(work), strict=True)) + [(u[0], u[3]) for u in work.updates],
    )
    parents = sorted({r["recommendation_id"] for r in work.creates} | {u[2] for u in work.updates})
    # A recommendation's version covers its benchmarks (as in recommendations.update_recommendation).
    for chunk in chunks(parents):
        session.execute(
            update(rec).where(rec.c.id.in_(chunk)).values(version=rec.c.version + 1, updated_at=now)
        )
    insert_events(session, events)
    touched = created + [u[0] for u in work.updates]
    if len(touched) > REBUILD_THRESHOLD:
        scores.rebuild_all_states(session)
    else:
        scores.refresh_states(session, benchmark_ids=touched, recommendation_ids=parents)
    on_progress(len(touched), len(touched))
    return len(parents)


def _in_creation_order(work: BenchmarkWork) -> list[dict[str, Any]]:
    """The planned new benchmarks in the order `_create_benchmarks` inserts them (and returns their ids)."""
    restored = sorted((r for r in work.creates if r["id"] is not None), key=lambda r: r["id"])
    return restored + [r for r in work.creates if r["id"] is None]


def _columns(record: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """A benchmark's columns from imported values."""
    values = {name: record[name] for name in BENCH_FIELDS if name in record and name != "archived"}
    if "original_locale" in record:
        values["original_locale"] = record["original_locale"]
    if "archived" in record:
        values["archived_at"] = now if record["archived"] else None
    return values


def _create_benchmarks(
    session: Session, work: BenchmarkWork, *, by: ActingUser, now: datetime
) -> tuple[list[int], list[dict[str, Any]]]:
    """Insert the new benchmarks (those with an id of their own first): their ids and audit events."""
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    restored = sorted((r for r in work.creates if r["id"] is not None), key=lambda r: r["id"])
    fresh = [r for r in work.creates if r["id"] is None]
    insert_many(
        session,
        bench,
        [
            {"id": r["id"], "recommendation_id": r["recommendation_id"], **_columns(r, now), **stamp}
            for r in restored
        ],
    )
    if restored:
        follow_explicit_ids(session, bench)
    fresh_ids = insert_returning_ids(
        session,
        bench,
        [{"recommendation_id": r["recommendation_id"], **_columns(r, now), **stamp} for r in fresh],
    )
    created = [(r["id"], r) for r in restored] + list(zip(fresh_ids, fresh, strict=True))
    return [ident for ident, _ in created], [
        event_row(
            by,
            now,
            action="create",
            entity="benchmark",
            entity_id=ident,
            recommendation_id=record["recommendation_id"],
            summary=N_(
                "Added benchmark “%(title)s” to %(code)s (import)", title=record["title"], code=record["code"]
            ),
            after={name: record[name] for name in BENCH_FIELDS},
        )
        for ident, record in created
    ]


def _update_benchmarks(
    session: Session, work: BenchmarkWork, *, by: ActingUser, now: datetime
) -> list[dict[str, Any]]:
    """Write the changed benchmarks (one statement per set of changed columns); their audit events."""
    events: list[dict[str, Any]] = []
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    rescore: list[int] = []
    for ident, version, recommendation_id, changed, before, needs_rescore in work.updates:
        values = _columns(changed, now)
        groups.setdefault(tuple(sorted(values)), []).append(
            {
                "b_id": ident,
                "b_version": version,
                "v_updated_at": now,
                **{f"v_{k}": v for k, v in values.items()},
            }
        )
        if needs_rescore:
            rescore.append(ident)
        events.append(
            event_row(
                by,
                now,
                action="update",
                entity="benchmark",
                entity_id=ident,
                recommendation_id=recommendation_id,
                summary=N_(
                    "Updated benchmark %(ident)s of %(code)s (import)",
                    ident=ident,
                    code=work.codes.get(recommendation_id, ""),
                ),
                before={**before, "version": version},
                after={**changed, "version": version + 1},
            )
        )
    for columns, rows in groups.items():
        update_checked(session, bench, rows, columns, what="benchmarks")
    _rescore_numeric(session, rescore)
    return events


def _rescore_numeric(session: Session, benchmark_ids: list[int]) -> None:
    """Store new scores on every entry of numeric benchmarks whose baseline or target moved
    (the same arithmetic as recommendations._rescore_numeric)."""
    for chunk in chunks(benchmark_ids):
        rows = session.execute(
            select(entry.c.id, entry.c.value, bench.c.baseline, bench.c.target, bench.c.direction)
            .join(bench, bench.c.id == entry.c.benchmark_id)
            .where(entry.c.benchmark_id.in_(chunk))
        ).all()
        updates = [
            {
                "b_id": row.id,
                "v_score": numeric_score(
                    row.value, baseline=row.baseline, target=row.target, direction=row.direction
                ),
            }
            for row in rows
        ]
        for part in chunks(updates, 1000):
            session.execute(
                update(entry).where(entry.c.id == bindparam("b_id")).values(score=bindparam("v_score")),
                list(part),
            )

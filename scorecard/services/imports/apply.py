"""Applying a plan: the writes of each kind, in the caller's transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from scorecard.errors import RuleViolation
from scorecard.models import (
    Actor,
    Source,
    Theme,
    utcnow,
)
from scorecard.scoring import numeric_score

from .. import scores
from ..audit import ActingUser
from ..bulk import chunks
from ..tables import actor as actor_table
from ..tables import bench, entry, link, rec
from ..tables import source as source_table
from ..tables import theme as theme_table
from .headers import ENTITY, KIND_LABELS
from .plan_benchmarks import BENCH_FIELDS, BenchmarkWork
from .plan_progress import ProgressWork
from .plan_recommendations import RecommendationWork
from .plans import PROGRESS_EVERY, ImportPlan, Progress, lower_names, no_progress, paused_gc
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
    insert_returning_ids,
    update_checked,
)

# -- applying ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an applied import did."""

    kind: str
    counts: dict[str, int]
    touched_recommendations: int


def apply(
    session: Session,
    plan_: ImportPlan,
    *,
    by: ActingUser,
    filename: str,
    on_progress: Progress = no_progress,
) -> ImportOutcome:
    """Write a plan without a single error, in the caller's transaction (flushed, not committed).

    Every created or changed record gets its own audit event (inserted in bulk),
    and the import as a whole one more with the file name and the counts.
    Raises ImportConflict when data read by the plan changed meanwhile.
    """
    if not plan_.ok:
        raise RuleViolation("The file has errors; nothing was imported.")
    with paused_gc():
        return _apply(session, plan_, by=by, filename=filename, on_progress=on_progress)


def _apply(
    session: Session, plan_: ImportPlan, *, by: ActingUser, filename: str, on_progress: Progress
) -> ImportOutcome:
    """The writes, with the collector paused (see `apply`)."""
    session.flush()
    now = utcnow()
    if plan_.kind == "recommendations":
        touched = _apply_recommendations(session, plan_.work, by=by, now=now, on_progress=on_progress)
    elif plan_.kind == "benchmarks":
        touched = _apply_benchmarks(session, plan_.work, by=by, now=now, on_progress=on_progress)
    else:
        touched = _apply_progress(session, plan_.work, by=by, now=now, on_progress=on_progress)
    counts = plan_.counts
    insert_events(
        session,
        [
            event_row(
                by,
                now,
                action="import",
                entity=ENTITY[plan_.kind],
                entity_id=None,
                summary=f"Imported {KIND_LABELS[plan_.kind]} from {filename}: {counts['create']} created, "
                f"{counts['update']} changed, {counts['unchanged']} unchanged",
                after={"file": filename, "kind": plan_.kind, "counts": counts, "mapped": plan_.mapped},
            )
        ],
    )
    return ImportOutcome(plan_.kind, counts, touched)


def _apply_recommendations(
    session: Session, work: RecommendationWork, *, by: ActingUser, now: datetime, on_progress: Progress
) -> int:
    """Write a recommendations plan; the number of recommendations created or changed."""
    events: list[dict[str, Any]] = []
    ids: dict[str, dict[str, int]] = {
        "theme": {k: v[0] for k, v in lower_names(session, Theme, "name").items()},
        "source": {k: v[0] for k, v in lower_names(session, Source, "title").items()},
        "actor": {k: v[0] for k, v in lower_names(session, Actor, "name").items()},
    }
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    for entity, table, column, names, extra in (
        ("theme", theme_table, "name", work.new_themes, {}),
        ("source", source_table, "title", work.new_sources, {}),
        ("actor", actor_table, "name", work.new_actors, {"kind": work.actor_kind}),
    ):
        pending = [(key, name) for key, name in names.items() if key not in ids[entity]]
        for ident, name in insert_returning(
            session,
            table,
            [{column: name, **extra, **stamp} for _, name in pending],
            table.c.id,
            table.c[column],
        ):
            ids[entity][name.lower()] = ident
            events.append(
                event_row(
                    by,
                    now,
                    action="create",
                    entity=entity,
                    entity_id=ident,
                    summary=f"Created {entity} {name} (import)",
                    after={column: name, **extra},
                )
            )
    total = len(work.creates) + len(work.updates)
    done = 0

    def values_of(record: Mapping[str, Any]) -> dict[str, Any]:
        """A recommendation's columns from imported values, names resolved to ids."""
        values: dict[str, Any] = {}
        for name in ("title", "text", "locator", "priority", "status", "issued_on", "due_on", "tags"):
            if name in record:
                values[name] = record[name]
        if "theme" in record:
            values["theme_id"] = ids["theme"][record["theme"].lower()]
        if "source" in record:
            values["source_id"] = ids["source"][record["source"].lower()] if record["source"] else None
        if "archived" in record:
            values["archived_at"] = now if record["archived"] else None
        return values

    creates = [{"code": r["code"], **values_of(r), **stamp} for r in work.creates]
    by_code = dict(insert_returning(session, rec, creates, rec.c.code, rec.c.id))
    new_ids = [by_code[r["code"]] for r in work.creates]
    links: list[dict[str, Any]] = []
    for record, values, ident in zip(work.creates, creates, new_ids, strict=True):
        actor_links = [
            {"recommendation_id": ident, "actor_id": ids["actor"][name.lower()], "role": role}
            for name, role in record["actors"]
        ]
        links += actor_links
        snapshot = {k: v for k, v in values.items() if k not in ("created_at", "updated_at")}
        snapshot["actors"] = sorted(f"{a['actor_id']}:{a['role']}" for a in actor_links)
        events.append(
            event_row(
                by,
                now,
                action="create",
                entity="recommendation",
                entity_id=ident,
                recommendation_id=ident,
                summary=f"Created {record['code']} (import)",
                after=snapshot,
            )
        )
        done += 1
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
    insert_many(session, link, links)
    # Updates share one statement per set of changed columns.
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    relinks: list[tuple[int, list[tuple[str, str]]]] = []
    for ident, version, changed, before in work.updates:
        values = values_of(changed)
        if values:
            columns = tuple(sorted(values))
            groups.setdefault(columns, []).append(
                {
                    "b_id": ident,
                    "b_version": version,
                    "v_updated_at": now,
                    **{f"v_{k}": v for k, v in values.items()},
                }
            )
        if "actors" in changed:
            relinks.append((ident, sorted(changed["actors"])))
        events.append(
            event_row(
                by,
                now,
                action="update",
                entity="recommendation",
                entity_id=ident,
                recommendation_id=ident,
                summary="Updated by import: " + ", ".join(sorted(changed)),
                before={**before, "version": version},
                # The version it produced: an edit form opened before the import lists these changes.
                after={**changed, "version": version + 1},
            )
        )
        done += 1
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
    for columns, rows in groups.items():
        update_checked(session, rec, rows, columns, what="recommendations")
    relinked = [ident for ident, _ in relinks]
    # Actor-only changes still bump the version, so open edit forms notice.
    actors_only = [
        {"b_id": ident, "b_version": version, "v_updated_at": now}
        for ident, version, changed, _ in work.updates
        if not values_of(changed)
    ]
    update_checked(session, rec, actors_only, (), what="recommendations")
    for chunk in chunks(relinked):
        session.execute(delete(link).where(link.c.recommendation_id.in_(chunk)))
    insert_many(
        session,
        link,
        [
            {"recommendation_id": ident, "actor_id": ids["actor"][name.lower()], "role": role}
            for ident, pairs in relinks
            for name, role in pairs
        ],
    )
    insert_events(session, events)
    scores.refresh_states(session, recommendation_ids=new_ids)
    on_progress(total, total)
    return len(new_ids) + len(work.updates)


def _apply_benchmarks(
    session: Session, work: BenchmarkWork, *, by: ActingUser, now: datetime, on_progress: Progress
) -> int:
    """Write a benchmarks plan; the number of recommendations whose benchmarks changed."""
    events: list[dict[str, Any]] = []
    stamp = {"version": 1, "created_at": now, "updated_at": now}

    def row_of(record: Mapping[str, Any]) -> dict[str, Any]:
        """A benchmark's columns from imported values."""
        values = {name: record[name] for name in BENCH_FIELDS if name in record and name != "archived"}
        if "archived" in record:
            values["archived_at"] = now if record["archived"] else None
        return values

    restored = sorted((r for r in work.creates if r["id"] is not None), key=lambda r: r["id"])
    fresh = [r for r in work.creates if r["id"] is None]
    insert_many(
        session,
        bench,
        [
            {"id": r["id"], "recommendation_id": r["recommendation_id"], **row_of(r), **stamp}
            for r in restored
        ],
    )
    if restored:
        follow_explicit_ids(session, bench)
    fresh_ids = insert_returning_ids(
        session, bench, [{"recommendation_id": r["recommendation_id"], **row_of(r), **stamp} for r in fresh]
    )
    created = [(r["id"], r) for r in restored] + list(zip(fresh_ids, fresh, strict=True))
    for ident, record in created:
        events.append(
            event_row(
                by,
                now,
                action="create",
                entity="benchmark",
                entity_id=ident,
                recommendation_id=record["recommendation_id"],
                summary=f"Added benchmark “{record['title']}” to {record['code']} (import)",
                after={name: record[name] for name in BENCH_FIELDS},
            )
        )
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    rescore: list[int] = []
    for ident, version, recommendation_id, changed, before, needs_rescore in work.updates:
        values = row_of(changed)
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
                summary=f"Updated benchmark {ident} of {work.codes.get(recommendation_id, '')} (import)",
                before={**before, "version": version},
                after={**changed, "version": version + 1},
            )
        )
    for columns, rows in groups.items():
        update_checked(session, bench, rows, columns, what="benchmarks")
    _rescore_numeric(session, rescore)
    parents = sorted({r["recommendation_id"] for r in work.creates} | {u[2] for u in work.updates})
    # A recommendation's version covers its benchmarks (as in recommendations.update_recommendation).
    for chunk in chunks(parents):
        session.execute(
            update(rec).where(rec.c.id.in_(chunk)).values(version=rec.c.version + 1, updated_at=now)
        )
    insert_events(session, events)
    touched = [ident for ident, _ in created] + [u[0] for u in work.updates]
    if len(touched) > REBUILD_THRESHOLD:
        scores.rebuild_all_states(session)
    else:
        scores.refresh_states(session, benchmark_ids=touched, recommendation_ids=parents)
    on_progress(len(touched), len(touched))
    return len(parents)


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


def _apply_progress(
    session: Session, work: ProgressWork, *, by: ActingUser, now: datetime, on_progress: Progress
) -> int:
    """Write a progress plan; the number of recommendations with new or corrected entries."""
    total = len(work.restores) + len(work.creates) + len(work.corrections)
    done = 0
    # Restored entries keep their ids; in id order, a correction's target is written before it.
    restores = sorted(work.restores, key=lambda r: r["id"])
    for chunk in chunks(restores, 4 * BULK_FROM):
        insert_many(session, entry, list(chunk))
        done += len(chunk)
        on_progress(done, total)
    if restores:
        follow_explicit_ids(session, entry)
    # New entries and corrections are matched to their recommendations through the benchmark.
    created: list[tuple[int, int]] = []
    for chunk in chunks(work.creates, 1000):
        created += insert_returning(session, entry, list(chunk), entry.c.id, entry.c.benchmark_id)
        done += len(chunk)
        on_progress(done, total)
    corrected = [old_id for old_id, _ in work.corrections]
    for old_ids in chunks(corrected):
        result = session.execute(
            update(entry)
            .where(entry.c.id.in_(old_ids), entry.c.superseded_at.is_(None), entry.c.deleted_at.is_(None))
            .values(superseded_at=now)
        )
        if cast(Any, result).rowcount != len(old_ids):
            raise ImportConflict("An entry to be corrected was corrected or deleted while the import ran.")
    correction_rows = [{**values, "corrects_id": old_id} for old_id, values in work.corrections]
    corrections_made = insert_returning(
        session, entry, correction_rows, entry.c.id, entry.c.corrects_id, entry.c.benchmark_id
    )
    done += len(correction_rows)
    on_progress(done, total)

    # One event per recommendation touched, naming its new and corrected entries. An event per
    # entry (as record_progress writes) would double the rows a large import writes, and its time;
    # each entry keeps who recorded it and when, and the import's own event has the file and counts.
    touched_recs: dict[int, tuple[str, list[int], list[tuple[int, int]]]] = {}
    for ident, benchmark_id in [(r["id"], r["benchmark_id"]) for r in restores] + created:
        _, recommendation_id, code = work.labels[benchmark_id]
        touched_recs.setdefault(recommendation_id, (code, [], []))[1].append(ident)
    for ident, old_id, benchmark_id in corrections_made:
        _, recommendation_id, code = work.labels[benchmark_id]
        touched_recs.setdefault(recommendation_id, (code, [], []))[2].append((old_id, ident))
    events = []
    for recommendation_id, (code, recorded, corrections) in touched_recs.items():
        if recorded:
            plural = "y" if len(recorded) == 1 else "ies"
            events.append(
                event_row(
                    by,
                    now,
                    action="create",
                    entity="progress_entry",
                    entity_id=recorded[0] if len(recorded) == 1 else None,
                    recommendation_id=recommendation_id,
                    summary=f"Recorded {len(recorded)} progress entr{plural} on {code} (import)",
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
                    summary=f"Corrected {len(corrections)} progress entr"
                    f"{'y' if len(corrections) == 1 else 'ies'} on {code} (import)",
                    before={"entries": id_ranges(old for old, _ in corrections)},
                    after={"corrections": [list(pair) for pair in corrections]},
                )
            )
    insert_events(session, events)
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

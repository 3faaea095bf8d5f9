"""Applying direct assessments: each recommendation's own assessment benchmark (on demand), its entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.errors import N_
from scorecard.models import BenchmarkKind

from .. import scores
from ..audit import ActingUser
from ..bulk import chunks
from ..tables import bench, entry, rec
from .mappings import ASSESSMENT_SCALE
from .plan_assessments import AssessmentWork
from .writes import REBUILD_THRESHOLD, event_row, insert_events, insert_many, insert_returning


def apply_assessments(session: Session, work: AssessmentWork, *, by: ActingUser, now: datetime) -> int:
    """Record the planned assessments (after the recommendations are written); how many were recorded.

    An assessment is an ordinary scale entry on a benchmark flagged `is_assessment`, so the
    maintained state, coverage and scores count it with no arithmetic of their own.
    """
    if not work.entries or work.scale_id is None:
        return 0
    codes = sorted({item["code"] for item in work.entries})
    rec_ids: dict[str, int] = {}
    for chunk in chunks(codes):
        rec_ids.update(
            (code, ident)
            for code, ident in session.execute(select(rec.c.code, rec.c.id).where(rec.c.code.in_(chunk)))
        )
    benchmark_ids = _assessment_benchmarks(session, sorted(rec_ids.values()), scale_id=work.scale_id, now=now)
    rows = [
        {
            "benchmark_id": benchmark_ids[rec_ids[item["code"]]],
            "kind": BenchmarkKind.SCALE.value,
            "observed_on": item["observed_on"],
            "level_id": item["level_id"],
            "value": None,
            "achieved": None,
            "score": item["score"],
            "note": "Imported assessment",
            "evidence_url": None,
            "author_id": by.user_id,
            "created_at": now,
            "corrects_id": None,
            "superseded_at": None,
            "deleted_at": None,
        }
        for item in work.entries
    ]
    insert_many(session, entry, rows)
    insert_events(session, _assessment_events(work, rec_ids, by=by, now=now))
    touched = sorted({row["benchmark_id"] for row in rows})
    if len(touched) > REBUILD_THRESHOLD:
        scores.rebuild_all_states(session)
    else:
        scores.refresh_states(session, benchmark_ids=touched)
    return len(rows)


def _assessment_benchmarks(
    session: Session, recommendation_ids: list[int], *, scale_id: int, now: datetime
) -> dict[int, int]:
    """Each recommendation's assessment benchmark id, by recommendation id; missing ones are created."""
    found: dict[int, int] = {}
    for chunk in chunks(recommendation_ids):
        query = select(bench.c.recommendation_id, bench.c.id).where(
            bench.c.is_assessment, bench.c.recommendation_id.in_(chunk)
        )
        found.update((recommendation_id, ident) for recommendation_id, ident in session.execute(query))
    missing = [ident for ident in recommendation_ids if ident not in found]
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    created = insert_returning(
        session,
        bench,
        [
            {
                "recommendation_id": ident,
                "title": ASSESSMENT_SCALE,
                "kind": BenchmarkKind.SCALE.value,
                "scale_id": scale_id,
                "weight": 1.0,
                "position": 0,
                "is_assessment": True,
                **stamp,
            }
            for ident in missing
        ],
        bench.c.recommendation_id,
        bench.c.id,
    )
    found.update((recommendation_id, ident) for recommendation_id, ident in created)
    return found


def _assessment_events(
    work: AssessmentWork, rec_ids: dict[str, int], *, by: ActingUser, now: datetime
) -> list[dict[str, Any]]:
    """One audit event per assessed recommendation."""
    return [
        event_row(
            by,
            now,
            action="create",
            entity="progress_entry",
            entity_id=None,
            recommendation_id=rec_ids[item["code"]],
            summary=N_("Assessed %(code)s on %(date)s (import)", code=item["code"], date=item["observed_on"]),
            after={"level_id": item["level_id"], "observed_on": item["observed_on"]},
        )
        for item in work.entries
    ]

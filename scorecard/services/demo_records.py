"""The demo data set's records in the database: removing them without touching anyone's work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.errors import InUse
from scorecard.models import (
    Actor,
    AppMeta,
    AuditEvent,
    Benchmark,
    ProgressEntry,
    Recommendation,
    ReviewCycle,
    Source,
    Theme,
    utcnow,
)

from . import meta, recommendations, reference
from .audit import ActingUser

DEMO_USER = ActingUser.system(meta.DEMO_EMAIL)
# Set once the demo was removed on purpose: `scorecard setup` never loads it again.
DEMO_REMOVED = "demo_removed_at"

_REFERENCE: tuple[tuple[str, type[Any], Any], ...] = (
    ("source", Source, reference.delete_source),
    ("theme", Theme, reference.delete_theme),
    ("actor", Actor, reference.delete_actor),
    ("review_cycle", ReviewCycle, reference.delete_cycle),
)


@dataclass
class DemoRemoval:
    """What `remove_demo` removed (counts by kind) and what it kept, with the reason, one line each."""

    removed: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)


_created_by_demo = meta.created_by_demo


def _touched_by_someone(session: Session, recommendation: Recommendation) -> str | None:
    """Who changed a demo recommendation since it was loaded, as a phrase; None if nobody did."""
    event = session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.recommendation_id == recommendation.id,
            AuditEvent.at >= recommendation.created_at,
            AuditEvent.user_email != DEMO_USER.email,
        )
        .order_by(AuditEvent.at.desc())
        .limit(1)
    )
    if event is not None:
        return f"{event.action} by {event.user_email} on {event.at:%Y-%m-%d}"
    authored = session.scalar(
        select(ProgressEntry.id)
        .join(Benchmark, Benchmark.id == ProgressEntry.benchmark_id)
        .where(Benchmark.recommendation_id == recommendation.id, ProgressEntry.author_id.is_not(None))
        .limit(1)
    )
    if authored is not None or recommendation.version > 1:
        return "changed since the demo was loaded"
    return None


def remove_demo(session: Session, *, by: ActingUser) -> DemoRemoval:
    """Delete the demo's recommendations and the reference records only they used; keep what was changed.

    Each deletion is audited like one made by hand. Afterwards no page calls
    the data a demo, and `scorecard setup` does not load it again.
    """
    outcome = DemoRemoval()
    demo_recs = session.scalars(
        select(Recommendation)
        .where(_created_by_demo("recommendation", Recommendation))
        .order_by(Recommendation.code)
    )
    removed = 0
    for recommendation in list(demo_recs):
        reason = _touched_by_someone(session, recommendation)
        if reason is not None:
            outcome.kept.append(f"recommendation {recommendation.code}: {reason}")
            continue
        code = recommendation.code
        recommendations.delete_recommendation(session, recommendation.id, confirm_code=code, by=by)
        removed += 1
    outcome.removed["recommendation"] = removed
    for entity, model, delete in _REFERENCE:
        outcome.removed[entity] = _remove_reference(session, entity, model, delete, by=by, outcome=outcome)
    _forget_demo(session)
    return outcome


def _remove_reference(
    session: Session, entity: str, model: type[Any], delete: Any, *, by: ActingUser, outcome: DemoRemoval
) -> int:
    """Delete the demo's records of one reference kind that nothing uses and nobody edited; how many."""
    records = list(session.scalars(select(model).where(_created_by_demo(entity, model)).order_by(model.id)))
    removed = 0
    for record in records:
        name = getattr(record, "name", None) or getattr(record, "title", "")
        if record.version > 1:
            outcome.kept.append(f"{entity.replace('_', ' ')} {name}: edited since the demo was loaded")
            continue
        try:
            with session.begin_nested():
                delete(session, record.id, by=by)
        except InUse as in_use:
            outcome.kept.append(f"{entity.replace('_', ' ')} {name}: {in_use.errors.get('', in_use)}")
            continue
        removed += 1
    return removed


def _forget_demo(session: Session) -> None:
    """Drop the demo marker (the banner goes) and remember the removal (setup will not reload it)."""
    marker = session.get(AppMeta, meta.DEMO_MARKER)
    if marker is not None:
        session.delete(marker)
    if session.get(AppMeta, DEMO_REMOVED) is None:
        session.add(AppMeta(key=DEMO_REMOVED, value=utcnow().isoformat()))
    session.flush()


def demo_was_removed(session: Session) -> bool:
    """Whether someone removed the demo from this database (so it is not loaded again)."""
    return session.get(AppMeta, DEMO_REMOVED) is not None

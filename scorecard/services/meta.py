"""Facts about the database as a whole, such as whether it holds the demo data set."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from scorecard.models import AppMeta, AuditEvent, Recommendation, ScaleLevel, utcnow

DEMO_MARKER = "demo_loaded_at"
# Who the audit trail names as the author of the demo's records.
DEMO_EMAIL = "demo data"


def created_by_demo(entity: str, model: type[Any]) -> Any:
    """The condition: this record was created by the demo loader (not a later one that reused its id)."""
    return exists().where(
        AuditEvent.entity == entity,
        AuditEvent.entity_id == model.id,
        AuditEvent.action == "create",
        AuditEvent.user_email == DEMO_EMAIL,
        AuditEvent.at >= model.created_at,
    )


def demo_loaded(session: Session) -> bool:
    """Whether demo records are here: the demo was loaded and some of its recommendations remain."""
    if session.get(AppMeta, DEMO_MARKER) is None:
        return False
    return bool(session.scalar(select(created_by_demo("recommendation", Recommendation))))


def mark_demo_loaded(session: Session) -> None:
    """Remember that the demo data is here, so every page can say so."""
    if session.get(AppMeta, DEMO_MARKER) is None:
        session.add(AppMeta(key=DEMO_MARKER, value=utcnow().isoformat()))
        session.flush()


def level_colours(session: Session) -> list[Any]:
    """(id, colour) of every scale level."""
    return list(session.execute(select(ScaleLevel.id, ScaleLevel.colour).order_by(ScaleLevel.id)))

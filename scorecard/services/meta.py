"""Facts about the database as a whole, such as whether it holds the demo data set."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.models import AppMeta, ScaleLevel, utcnow

DEMO_MARKER = "demo_loaded_at"


def demo_loaded(session: Session) -> bool:
    """Whether the demo data set has been loaded into this database."""
    return session.get(AppMeta, DEMO_MARKER) is not None


def mark_demo_loaded(session: Session) -> None:
    """Remember that the demo data is here, so every page can say so."""
    if session.get(AppMeta, DEMO_MARKER) is None:
        session.add(AppMeta(key=DEMO_MARKER, value=utcnow().isoformat()))
        session.flush()


def level_colours(session: Session) -> list[Any]:
    """(id, colour) of every scale level."""
    return list(session.execute(select(ScaleLevel.id, ScaleLevel.colour).order_by(ScaleLevel.id)))

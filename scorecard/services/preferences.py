"""A person's own settings that are not part of their account's identity: the interface language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from scorecard.models import User

from .lookup import get_or_missing


def set_locale(session: Session, *, user_id: int, locale: str | None) -> None:
    """Save the interface language this person chose (None: follow the browser again)."""
    user = get_or_missing(session, User, user_id, "User")
    user.locale = locale
    session.flush()

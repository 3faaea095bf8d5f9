"""A person's own settings that are not part of their account's identity: the interface language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from scorecard.errors import NotFound
from scorecard.models import User


def set_locale(session: Session, *, user_id: int, locale: str | None) -> None:
    """Save the interface language this person chose (None: follow the browser again)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("User", user_id)
    user.locale = locale
    session.flush()

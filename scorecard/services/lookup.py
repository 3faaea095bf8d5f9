"""Finding one record by its id, or saying which is missing."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.errors import NotFound

T = TypeVar("T")


def get_or_missing(
    session: Session, model: type[T], record_id: int, label: str, *, for_update: bool = False
) -> T:
    """The `model` row with this id (locked when `for_update`); NotFound naming it by `label` (in English)."""
    record = session.get(model, record_id, with_for_update=for_update or None)
    if record is None:
        raise NotFound(label, record_id)
    return record


def latest_of(session: Session, model: type[T], user_id: int | None, *, limit: int) -> list[T]:
    """This person's latest `model` rows, newest first (the Account and import pages' short lists).

    `model` has `id`, `user_id` and `created_at` columns (import jobs, reminders).
    """
    columns: Any = model
    return list(
        session.scalars(
            select(model)
            .where(columns.user_id == user_id)
            .order_by(columns.created_at.desc(), columns.id.desc())
            .limit(limit)
        )
    )

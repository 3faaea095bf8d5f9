"""Finding one record by its id, or saying which is missing."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from scorecard.errors import NotFound

T = TypeVar("T")


def get_or_missing(session: Session, model: type[T], record_id: int, label: str) -> T:
    """The `model` row with this id; NotFound naming it by `label` (in English) when there is none."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(label, record_id)
    return record

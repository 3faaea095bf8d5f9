"""Lost-update protection: an edit based on an old version is refused with what changed since."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.errors import StaleEdit
from scorecard.models import AuditEvent


def changes_since(
    session: Session, *, entity: str, entity_id: int, version: int, created_at: datetime | None = None
) -> dict[str, tuple[Any, Any]]:
    """What others changed in a record after `version`: field → (value then, value now).

    Read from the audit trail, whose snapshots carry the version they produced.
    Events before `created_at` belong to an earlier, deleted record that had
    the same id (SQLite reuses the highest id once its row is gone).
    """
    query = select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
    if created_at is not None:
        query = query.where(AuditEvent.at >= created_at)
    events = session.scalars(query.order_by(AuditEvent.id))
    changes: dict[str, tuple[Any, Any]] = {}
    for event in events:
        after = event.after or {}
        if not isinstance(after.get("version"), int) or after["version"] <= version:
            continue
        before = event.before or {}
        for field, value in after.items():
            if field in ("version", "updated_at"):
                continue
            earlier = changes[field][0] if field in changes else before.get(field)
            changes[field] = (earlier, value)
    return {field: pair for field, pair in changes.items() if pair[0] != pair[1]}


def ensure_current(session: Session, record: Any, *, entity: str, expected_version: int | None) -> None:
    """Refuse to apply an edit made to an older version of `record`.

    `expected_version` is the version the form was opened at; None skips the
    check (imports and the CLI, which upsert by key).
    """
    if expected_version is None or record.version == expected_version:
        return
    raise StaleEdit(
        entity,
        record.version,
        changes_since(
            session,
            entity=entity,
            entity_id=record.id,
            version=expected_version,
            created_at=getattr(record, "created_at", None),
        ),
    )

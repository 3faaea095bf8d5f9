"""The audit trail: who changed what, when, with the values before and after."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scorecard.errors import N_, Message
from scorecard.models import AuditEvent, utcnow

from .pagination import Page, paginate


@dataclass(frozen=True, slots=True)
class ActingUser:
    """Who is making a change, as services need to know it: passed in, never read from globals."""

    user_id: int | None
    email: str
    ip: str | None = None
    request_id: str | None = None

    @classmethod
    def system(cls, name: str) -> ActingUser:
        """A change made by the application itself (the CLI, the demo loader)."""
        return cls(user_id=None, email=name)


def jsonable(value: Any) -> Any:
    """A value the JSON column can store: dates as ISO text, sets as sorted lists."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def snapshot(record: object, fields: Iterable[str]) -> dict[str, Any]:
    """The named attributes of a record, ready for the before/after columns."""
    return {name: jsonable(getattr(record, name)) for name in fields}


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, from each side."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    keys += [k for k in before if k not in after]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record(
    session: Session,
    by: ActingUser,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str | Message,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    recommendation_id: int | None = None,
) -> AuditEvent:
    """Add one event to the trail (flushed with the change it describes): who, did what, to which record,
    and what the trail says of it (`said` at the call sites); `before` and `after` hold the values."""
    event = AuditEvent(
        at=utcnow(),
        user_id=by.user_id,
        user_email=by.email,
        action=action,
        entity=entity,
        entity_id=entity_id,
        recommendation_id=recommendation_id,
        summary=summary[:500],
        summary_parts=summary.to_json() if isinstance(summary, Message) else None,
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        ip=by.ip,
        request_id=by.request_id,
    )
    session.add(event)
    return event


# What the trail calls each kind of record in a summary ("Created theme Rule of law").
_KIND_WORDS = {
    "theme": N_("theme"),
    "actor": N_("actor"),
    "source": N_("source"),
    "review_cycle": N_("review cycle"),
    "scale": N_("scale"),
    "perspective": N_("perspective"),
    "recommendation": N_("recommendation"),
    "benchmark": N_("benchmark"),
    "framework": N_("framework"),
    "framework_item": N_("framework item"),
}


def kind_word(entity: str) -> Message:
    """The word for a kind of record, translated where the summary is shown."""
    return _KIND_WORDS.get(entity) or Message(entity.replace("_", " "))


def summary_of(event: AuditEvent) -> str | Message:
    """What an event says, as a message the page translates (events from before 0020: their English)."""
    if event.summary_parts:
        try:
            return Message.from_json(event.summary_parts)
        except (KeyError, TypeError, ValueError):
            return event.summary
    return event.summary


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the audit page narrows the trail to."""

    action: str = ""
    entity: str = ""
    user: str = ""
    since: date | None = None
    until: date | None = None
    recommendation_id: int | None = None


def _filtered(criteria: AuditFilter) -> Select[Any]:
    query = select(AuditEvent)
    if criteria.action:
        query = query.where(AuditEvent.action == criteria.action)
    if criteria.entity:
        query = query.where(AuditEvent.entity == criteria.entity)
    if criteria.user:
        query = query.where(func.lower(AuditEvent.user_email).contains(criteria.user.lower()))
    if criteria.since:
        query = query.where(AuditEvent.at >= datetime.combine(criteria.since, time.min, tzinfo=UTC))
    if criteria.until:
        query = query.where(
            AuditEvent.at < datetime.combine(criteria.until + timedelta(days=1), time.min, tzinfo=UTC)
        )
    if criteria.recommendation_id is not None:
        query = query.where(AuditEvent.recommendation_id == criteria.recommendation_id)
    return query


def list_events(
    session: Session, *, criteria: AuditFilter, page: int = 1, per_page: int = 50
) -> Page[AuditEvent]:
    """One page of the trail, newest first."""
    query = _filtered(criteria).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return paginate(session, query, page=page, per_page=per_page)


def distinct_values(session: Session) -> tuple[list[str], list[str]]:
    """The actions and entities the trail holds, for the filter menus."""
    actions = session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    entities = session.scalars(select(AuditEvent.entity).distinct().order_by(AuditEvent.entity))
    return list(actions), list(entities)


def recommendation_history(
    session: Session, recommendation_id: int, *, since: datetime | None = None, limit: int = 200
) -> list[AuditEvent]:
    """The change history shown on one recommendation's page, newest first.

    `since` is the recommendation's creation: SQLite hands a deleted row's id
    to the next row inserted, and the events of the deleted recommendation
    must not show up on the page of the new one.
    """
    query = select(AuditEvent).where(AuditEvent.recommendation_id == recommendation_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    return list(session.scalars(query))

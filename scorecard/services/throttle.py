"""Sign-in throttling: progressive delays per account and address, device cookies that pass, admin unlocks.

Every password check (signing in, proving the current password) goes through
`guarded`: it takes a lock per account and per address, checks the limits,
and the caller records the attempt before the transaction ends, so that
parallel guesses are counted one after another and none slips past the limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from scorecard.errors import Throttled
from scorecard.models import SignInAttempt, User, utcnow


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """How many failed sign-ins within how long, and how the delays grow past that.

    `max_failures` failures for one account from one address (or from one
    address across accounts) start delays of `first_delay_seconds`, doubling
    with each further failure up to the window. An account's failures from all
    addresses together are held to `max_failures * account_factor`. A device
    that signed in to the account before is held only to its own
    `max_failures`: what others try elsewhere does not lock its owner out.
    """

    max_failures: int = 5
    window_seconds: int = 15 * 60
    first_delay_seconds: int = 60
    account_factor: int = 4


@dataclass(frozen=True, slots=True)
class Attempt:
    """Who is trying: the account's email, the client's address, the device cookie's id if it is
    one this account was given."""

    email: str
    ip: str
    device: str | None = None


def lock(session: Session, attempt: Attempt) -> None:
    """Serialise password checks per account and per address until this transaction ends.

    PostgreSQL: transaction-scoped advisory locks, taken in one global order so
    that two requests never wait on each other crosswise. SQLite: the request's
    write transaction began IMMEDIATE, which already lets one writer in at a time.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    keys: Iterable[str] = sorted({f"account:{attempt.email}", f"address:{attempt.ip}"})
    for key in keys:
        session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))


def _failures(
    session: Session, *conditions: ColumnElement[bool]
) -> tuple[int, datetime | None, datetime | None]:
    row = session.execute(
        select(func.count(SignInAttempt.id), func.min(SignInAttempt.at), func.max(SignInAttempt.at)).where(
            SignInAttempt.succeeded.is_(False), *conditions
        )
    ).one()
    return int(row[0]), row[1], row[2]


def _account_since(session: Session, email: str, window_start: datetime) -> datetime:
    """Failures for an account count from the window's start, its last success or its unlock."""
    last_success = session.scalar(
        select(func.max(SignInAttempt.at)).where(
            SignInAttempt.email == email, SignInAttempt.succeeded.is_(True)
        )
    )
    unlocked = session.scalar(select(User.sign_in_unlocked_at).where(User.email == email))
    return max(moment for moment in (window_start, last_success, unlocked) if moment is not None)


def _seconds(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds()) + 1)


def _progressive(count: int, last: datetime | None, throttle: ThrottlePolicy, now: datetime) -> None:
    """Past the limit, wait a delay that doubles with each further failure."""
    if count < throttle.max_failures or last is None:
        return
    doublings = min(count - throttle.max_failures, 16)
    delay = min(throttle.window_seconds, throttle.first_delay_seconds * 2**doublings)
    if now < last + timedelta(seconds=delay):
        raise Throttled(_seconds(last + timedelta(seconds=delay), now))


def check(
    session: Session, attempt: Attempt, *, throttle: ThrottlePolicy, now: datetime | None = None
) -> None:
    """Raise Throttled while this attempt must wait."""
    now = now or utcnow()
    window = timedelta(seconds=throttle.window_seconds)
    since = _account_since(session, attempt.email, now - window)
    if attempt.device is not None:
        count, _, last = _failures(session, SignInAttempt.device == attempt.device, SignInAttempt.at >= since)
        _progressive(count, last, throttle, now)
        return
    untrusted = SignInAttempt.device.is_(None)
    count, _, last = _failures(
        session,
        SignInAttempt.email == attempt.email,
        SignInAttempt.ip == attempt.ip,
        untrusted,
        SignInAttempt.at >= since,
    )
    _progressive(count, last, throttle, now)
    count, _, last = _failures(
        session, SignInAttempt.ip == attempt.ip, untrusted, SignInAttempt.at >= now - window
    )
    _progressive(count, last, throttle, now)
    count, oldest, _ = _failures(
        session, SignInAttempt.email == attempt.email, untrusted, SignInAttempt.at >= since
    )
    if count >= throttle.max_failures * throttle.account_factor and oldest is not None:
        raise Throttled(_seconds(oldest + window, now))


def guarded(session: Session, attempt: Attempt, *, throttle: ThrottlePolicy) -> None:
    """Take the locks, then check the limits; the caller records the attempt in the same transaction."""
    lock(session, attempt)
    check(session, attempt, throttle=throttle)


def record(session: Session, attempt: Attempt, *, succeeded: bool) -> None:
    """Count this attempt (the caller commits, also when the password was wrong)."""
    session.add(
        SignInAttempt(
            at=utcnow(), email=attempt.email, ip=attempt.ip, device=attempt.device, succeeded=succeeded
        )
    )
    session.flush()

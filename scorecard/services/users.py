"""People who sign in: accounts, roles, passwords, sign-in with throttling, session tokens."""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from scorecard.errors import N_, DuplicateName, InvalidCredentials, NotFound, RuleViolation, Throttled
from scorecard.models import Role, SignInAttempt, User, utcnow

from . import audit
from .audit import ActingUser
from .versioning import ensure_current

log = logging.getLogger("scorecard.security")

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12
USER_FIELDS = ("email", "name", "role", "active", "version")
# A hash to verify against when the account does not exist, so that a wrong
# email takes as long as a wrong password and does not reveal which accounts exist.
_DUMMY_PASSWORD = "not-a-real-password"  # noqa: S105


@dataclass(frozen=True, slots=True)
class PasswordPolicy:
    """Argon2id cost parameters (tests make them cheap)."""

    time_cost: int = 3
    memory_kib: int = 65536

    def hasher(self) -> PasswordHasher:
        """The hasher for these parameters."""
        return PasswordHasher(time_cost=self.time_cost, memory_cost=self.memory_kib, parallelism=1)


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """How many failed sign-ins, per account and per address, within how long."""

    max_failures: int = 5
    window_seconds: int = 15 * 60


def new_token() -> str:
    """A fresh random session token."""
    return secrets.token_urlsafe(32)


def normalise_email(email: str) -> str:
    """Emails are stored and compared in lower case, trimmed."""
    return (email or "").strip().lower()


def check_password_strength(password: str, *, email: str = "", field: str = "password") -> None:
    """Refuse short passwords and ones made of the email (ASVS 2.1: length over composition)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RuleViolation(N_("Use at least %(least)d characters.", least=MIN_PASSWORD_LENGTH), field=field)
    if len(password) > 128:
        raise RuleViolation(N_("Use at most 128 characters."), field=field)
    local = email.split("@")[0].lower()
    if local and len(local) >= 4 and local in password.lower():
        raise RuleViolation(N_("The password must not contain your email name."), field=field)
    if len(set(password)) < 5:
        raise RuleViolation(N_("That password is too repetitive."), field=field)


def _check_email(session: Session, email: str, exclude_id: int | None = None) -> str:
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email) or len(email) > 254:
        raise RuleViolation(N_("Enter an email address like name@example.org."), field="email")
    query = select(User.id).where(User.email == email)
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    if session.scalar(query):
        raise DuplicateName("email", email)
    return email


def _set_session_fields(session: Session, user: User, **values: Any) -> None:
    """Write sign-in bookkeeping (token, hash, last sign-in) without bumping the edit version.

    These are not edits: an admin's open edit form must not turn stale because
    someone signed in or out meanwhile.
    """
    session.execute(
        update(User).where(User.id == user.id).values(**values),
        execution_options={"synchronize_session": "evaluate"},
    )


def _check_role(role: str) -> str:
    if role not in Role.__members__.values():
        raise RuleViolation(N_("Choose admin, analyst or viewer."), field="role")
    return role


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    passwords: PasswordPolicy,
    by: ActingUser,
) -> User:
    """Add an account."""
    email = _check_email(session, email)
    name = (name or "").strip() or email.split("@")[0]
    check_password_strength(password, email=email)
    user = User(
        email=email,
        name=name[:200],
        role=_check_role(role),
        active=True,
        password_hash=passwords.hasher().hash(password),
        session_token=new_token(),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        by=by,
        action="create",
        entity="user",
        entity_id=user.id,
        summary=f"Created account {user.email} ({user.role})",
        after=audit.snapshot(user, USER_FIELDS),
    )
    return user


def update_user(
    session: Session,
    user_id: int,
    *,
    name: str,
    role: str,
    active: bool,
    expected_version: int | None,
    by: ActingUser,
) -> User:
    """Change an account's name, role or active flag; deactivating ends its sessions."""
    user = get_user(session, user_id)
    ensure_current(session, user, entity="user", expected_version=expected_version)
    role = _check_role(role)
    if user.id == by.user_id and (role != user.role or not active):
        raise RuleViolation(N_("You cannot change your own role or deactivate yourself."), field="role")
    if user.role == Role.ADMIN and (role != Role.ADMIN or not active) and _active_admins(session) <= 1:
        raise RuleViolation(N_("This is the last active admin; make another admin first."), field="role")
    before = audit.snapshot(user, USER_FIELDS)
    user.name = (name or "").strip()[:200] or user.name
    user.role = role
    if user.active and not active:
        user.session_token = new_token()
    user.active = active
    session.flush()
    old, new = audit.changed(before, audit.snapshot(user, USER_FIELDS))
    if old or new:
        action = "deactivate" if before["active"] and not active else "update"
        audit.record(
            session,
            by=by,
            action=action,
            entity="user",
            entity_id=user.id,
            summary=f"Updated account {user.email}",
            before=old,
            after=new,
        )
    return user


def _active_admins(session: Session) -> int:
    return int(session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN, User.active)) or 0)


def reset_password(
    session: Session, user_id: int, *, password: str, passwords: PasswordPolicy, by: ActingUser
) -> User:
    """An admin sets a new password for someone; their sessions end."""
    user = get_user(session, user_id)
    check_password_strength(password, email=user.email)
    _set_session_fields(
        session, user, password_hash=passwords.hasher().hash(password), session_token=new_token()
    )
    audit.record(
        session,
        by=by,
        action="reset_password",
        entity="user",
        entity_id=user.id,
        summary=f"Reset the password of {user.email}",
        after=None,
    )
    return user


def change_own_password(
    session: Session,
    user_id: int,
    *,
    current_password: str,
    new_password: str,
    passwords: PasswordPolicy,
    by: ActingUser,
) -> User:
    """A person changes their own password, proving the current one; other sessions end."""
    user = get_user(session, user_id)
    if not _verify(passwords, user.password_hash, current_password):
        raise RuleViolation(N_("That is not your current password."), field="current_password")
    check_password_strength(new_password, email=user.email, field="new_password")
    if new_password == current_password:
        raise RuleViolation(N_("Choose a password different from the current one."), field="new_password")
    _set_session_fields(
        session, user, password_hash=passwords.hasher().hash(new_password), session_token=new_token()
    )
    audit.record(
        session,
        by=by,
        action="change_password",
        entity="user",
        entity_id=user.id,
        summary=f"{user.email} changed their password",
        after=None,
    )
    return user


def _verify(passwords: PasswordPolicy, password_hash: str, password: str) -> bool:
    try:
        return passwords.hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _failures_since(
    session: Session, column: Any, value: str, since: datetime
) -> tuple[int, datetime | None]:
    row = session.execute(
        select(func.count(SignInAttempt.id), func.min(SignInAttempt.at)).where(
            column == value, SignInAttempt.at >= since, SignInAttempt.succeeded.is_(False)
        )
    ).one()
    return int(row[0]), row[1]


def check_throttle(
    session: Session, *, email: str, ip: str, throttle: ThrottlePolicy, now: datetime | None = None
) -> None:
    """Raise Throttled while the account or the address has too many recent failures."""
    now = now or utcnow()
    window_start = now - timedelta(seconds=throttle.window_seconds)
    last_success = session.scalar(
        select(func.max(SignInAttempt.at)).where(
            SignInAttempt.email == email, SignInAttempt.succeeded.is_(True)
        )
    )
    account_since = max(window_start, last_success) if last_success else window_start
    for column, value, since in (
        (SignInAttempt.email, email, account_since),
        (SignInAttempt.ip, ip, window_start),
    ):
        count, oldest = _failures_since(session, column, value, since)
        if count >= throttle.max_failures and oldest is not None:
            retry_after = int((oldest + timedelta(seconds=throttle.window_seconds) - now).total_seconds()) + 1
            raise Throttled(max(1, retry_after))


@lru_cache(maxsize=4)
def _dummy_hash(passwords: PasswordPolicy) -> str:
    """A hash to check unknown e-mail addresses against, made once per policy.

    Checking costs the same as for a real account, so the time taken does not
    tell whether an address has one; hashing afresh each time would double it.
    """
    return passwords.hasher().hash(_DUMMY_PASSWORD)


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    ip: str,
    passwords: PasswordPolicy,
    throttle: ThrottlePolicy,
    request_id: str | None = None,
) -> User:
    """Check credentials, throttled per account and per address; record the attempt either way.

    The caller commits even when this raises InvalidCredentials, so that the
    failure is counted.
    """
    email = normalise_email(email)[:254]
    try:
        check_throttle(session, email=email, ip=ip, throttle=throttle)
    except Throttled:
        log.warning("sign-in throttled for %r from %s", email, ip)
        raise
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        _verify(passwords, _dummy_hash(passwords), password)
        ok = False
    else:
        ok = _verify(passwords, user.password_hash, password) and user.active
    session.add(SignInAttempt(at=utcnow(), email=email, ip=ip, succeeded=ok))
    by = ActingUser(user.id if user else None, email, ip, request_id)
    if not ok or user is None:
        log.warning("sign-in failed for %r from %s", email, ip)
        audit.record(
            session,
            by=by,
            action="sign_in_failed",
            entity="user",
            entity_id=user.id if user else None,
            summary=f"Failed sign-in for {email}",
        )
        session.flush()
        raise InvalidCredentials()
    fields: dict[str, Any] = {"last_sign_in_at": utcnow()}
    hasher = passwords.hasher()
    if hasher.check_needs_rehash(user.password_hash):
        fields["password_hash"] = hasher.hash(password)
    _set_session_fields(session, user, **fields)
    audit.record(
        session,
        by=by,
        action="sign_in",
        entity="user",
        entity_id=user.id,
        summary=f"{user.email} signed in",
    )
    log.info("sign-in by %s from %s", user.email, ip)
    return user


def sign_out(session: Session, user_id: int, *, by: ActingUser) -> None:
    """End every session of this person by rotating their token."""
    user = get_user(session, user_id)
    user.session_token = new_token()
    session.flush()
    audit.record(
        session,
        by=by,
        action="sign_out",
        entity="user",
        entity_id=user.id,
        summary=f"{user.email} signed out",
    )


def load_by_session_id(session: Session, session_id: str) -> User | None:
    """The active user a session cookie names ("<id>:<token>"), if the token is still theirs."""
    user_id, _, token = (session_id or "").partition(":")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 10) or not token:
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def get_user(session: Session, user_id: int) -> User:
    """One account by id."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("User", user_id)
    return user


def list_users(session: Session) -> list[User]:
    """Every account, active ones first, by email."""
    return list(session.scalars(select(User).order_by(User.active.desc(), User.email)))


def count_users(session: Session) -> int:
    """How many accounts exist."""
    return int(session.scalar(select(func.count(User.id))) or 0)


def generate_password() -> str:
    """A random password for a first admin or a reset (printed once, to be changed)."""
    return secrets.token_urlsafe(15)

"""People who sign in: accounts, roles, passwords, throttled password checks, session tokens."""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from scorecard.errors import (
    N_,
    DuplicateName,
    InvalidCredentials,
    Message,
    RuleViolation,
    Throttled,
)
from scorecard.models import Actor, Role, User, UserActor, utcnow

from . import audit
from . import throttle as _throttle
from .audit import ActingUser
from .lookup import get_or_missing
from .passwords import MIN_PASSWORD_LENGTH, check_password_strength
from .throttle import Attempt, ThrottlePolicy

__all__ = ["MIN_PASSWORD_LENGTH", "Attempt", "ThrottlePolicy", "check_password_strength"]
from .versioning import ensure_current

log = logging.getLogger("scorecard.security")

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
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


def new_token() -> str:
    """A fresh random session token."""
    return secrets.token_urlsafe(32)


def normalise_email(email: str) -> str:
    """Emails are stored and compared in lower case, trimmed."""
    return (email or "").strip().lower()


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
        raise RuleViolation(N_("Choose admin, analyst, viewer or contributor."), field="role")
    return role


def actor_ids_by_name(session: Session, names: Sequence[str]) -> list[int]:
    """The ids of actors named exactly so; an unknown name is refused, naming it."""
    wanted = [name.strip() for name in names if name.strip()]
    found: dict[str, int] = dict(
        session.execute(select(Actor.name, Actor.id).where(Actor.name.in_(wanted))).all()
    )
    missing = [name for name in wanted if name not in found]
    if missing:
        raise RuleViolation(N_("No actor is called %(names)s.", names=", ".join(missing)), field="actors")
    return [found[name] for name in wanted]


def user_actor_ids(session: Session, user_id: int) -> list[int]:
    """The actors a contributor reports for."""
    return sorted(session.scalars(select(UserActor.actor_id).where(UserActor.user_id == user_id)))


def _set_actors(session: Session, user: User, actor_ids: Sequence[int]) -> tuple[list[int], list[int]]:
    """Tie a contributor to these actors (a contributor needs one at least; other roles have none)."""
    before = user_actor_ids(session, user.id)
    wanted = sorted(set(actor_ids)) if user.role == Role.CONTRIBUTOR else []
    if user.role == Role.CONTRIBUTOR and not wanted:
        raise RuleViolation(N_("A contributor reports for at least one actor: choose it."), field="actors")
    known = set(session.scalars(select(Actor.id).where(Actor.id.in_(wanted))))
    if known != set(wanted):
        raise RuleViolation(N_("Choose actors from the list."), field="actors")
    if wanted != before:
        session.execute(delete(UserActor).where(UserActor.user_id == user.id))
        if wanted:
            session.execute(insert(UserActor), [{"user_id": user.id, "actor_id": a} for a in wanted])
    return before, wanted


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    passwords: PasswordPolicy,
    by: ActingUser,
    actor_ids: Sequence[int] = (),
) -> User:
    """Add an account; a contributor with the actors it reports for."""
    email = _check_email(session, email)
    name = (name or "").strip() or email.split("@")[0]
    check_password_strength(password, email=email, name=name)
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
    _, actors = _set_actors(session, user, actor_ids)
    said = N_("Created account %(email)s (%(role)s)", email=user.email, role=Message(str(user.role)))
    after = {**audit.snapshot(user, USER_FIELDS), "actor_ids": actors}
    audit.record(session, by, "create", "user", user.id, said, after=after)
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
    actor_ids: Sequence[int] = (),
) -> User:
    """Change an account's name, role, active flag or (a contributor's) actors; deactivating ends its
    sessions."""
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
    before["actor_ids"], after_actors = _set_actors(session, user, actor_ids)
    old, new = audit.changed(before, {**audit.snapshot(user, USER_FIELDS), "actor_ids": after_actors})
    if old or new:
        action = "deactivate" if before["active"] and not active else "update"
        said = N_("Updated account %(email)s", email=user.email)
        audit.record(session, by, action, "user", user.id, said, before=old, after=new)
    return user


def _active_admins(session: Session) -> int:
    return int(session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN, User.active)) or 0)


def reset_password(
    session: Session, user_id: int, *, password: str, passwords: PasswordPolicy, by: ActingUser
) -> User:
    """An admin sets a new password for someone; their sessions end."""
    user = get_user(session, user_id)
    check_password_strength(password, email=user.email, name=user.name)
    _set_session_fields(
        session, user, password_hash=passwords.hasher().hash(password), session_token=new_token()
    )
    said = N_("Reset the password of %(email)s", email=user.email)
    audit.record(session, by, "reset_password", "user", user.id, said, after=None)
    return user


class WrongCurrentPassword(RuleViolation):
    """The current password given to change it is wrong; the failed check is to be committed."""


def change_own_password(
    session: Session,
    user_id: int,
    *,
    current_password: str,
    new_password: str,
    attempt: Attempt,
    passwords: PasswordPolicy,
    throttle_policy: ThrottlePolicy,
    by: ActingUser,
) -> User:
    """A person changes their own password, proving the current one; other sessions end.

    Proving it is throttled like signing in: a stolen session must not be a way
    to guess the password without limit. Raises Throttled, or WrongCurrentPassword
    (the caller commits it, so that it counts).
    """
    user = get_user(session, user_id)
    attempt = Attempt(user.email, attempt.ip, attempt.device)
    _throttle.guarded(session, attempt, throttle=throttle_policy)
    ok = _verify(passwords, user.password_hash, current_password)
    _throttle.record(session, attempt, succeeded=ok)
    if not ok:
        log.warning("wrong current password for %r from %s", user.email, attempt.ip)
        said = N_("Wrong current password for %(email)s", email=user.email)
        audit.record(session, by, "password_check_failed", "user", user.id, said)
        raise WrongCurrentPassword(N_("That is not your current password."), field="current_password")
    check_password_strength(new_password, email=user.email, name=user.name, field="new_password")
    if new_password == current_password:
        raise RuleViolation(N_("Choose a password different from the current one."), field="new_password")
    _set_session_fields(
        session, user, password_hash=passwords.hasher().hash(new_password), session_token=new_token()
    )
    said = N_("%(email)s changed their password", email=user.email)
    audit.record(session, by, "change_password", "user", user.id, said, after=None)
    return user


def unlock_sign_in(session: Session, user_id: int, *, by: ActingUser) -> User:
    """An admin lifts an account's sign-in throttle: its earlier failures stop counting."""
    user = get_user(session, user_id)
    _set_session_fields(session, user, sign_in_unlocked_at=utcnow())
    said = N_("Lifted the sign-in throttle of %(email)s", email=user.email)
    audit.record(session, by, "unlock_sign_in", "user", user.id, said)
    return user


def _verify(passwords: PasswordPolicy, password_hash: str, password: str) -> bool:
    try:
        return passwords.hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=4)
def _dummy_hash(passwords: PasswordPolicy) -> str:
    """A hash to check unknown e-mail addresses against, made once per policy.

    Checking costs the same as for a real account, so the time taken does not
    tell whether an address has one; hashing afresh each time would double it.
    """
    return passwords.hasher().hash(_DUMMY_PASSWORD)


def _check_credentials(
    session: Session, *, attempt: Attempt, password: str, passwords: PasswordPolicy
) -> User | None:
    """The active account these credentials open, or None; as slow for unknown emails."""
    user = session.scalar(select(User).where(User.email == attempt.email))
    if user is None:
        _verify(passwords, _dummy_hash(passwords), password)
        return None
    return user if _verify(passwords, user.password_hash, password) and user.active else None


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    ip: str,
    passwords: PasswordPolicy,
    throttle: ThrottlePolicy,
    device: str | None = None,
    request_id: str | None = None,
) -> User:
    """Check credentials, throttled per account, address and device; record the attempt either way.

    `device` is the id of a device cookie the caller found issued to this email.
    The throttle check, the password check and the record happen under one lock,
    so parallel attempts are counted one after another. The caller commits even
    when this raises InvalidCredentials, so that the failure is counted.
    """
    attempt = Attempt(normalise_email(email)[:254], ip, device)
    try:
        _throttle.guarded(session, attempt, throttle=throttle)
    except Throttled:
        log.warning("sign-in throttled for %r from %s", attempt.email, ip)
        raise
    user = _check_credentials(session, attempt=attempt, password=password, passwords=passwords)
    _throttle.record(session, attempt, succeeded=user is not None)
    if user is None:
        known = session.scalar(select(User.id).where(User.email == attempt.email))
        log.warning("sign-in failed for %r from %s", attempt.email, ip)
        audit.record(
            session,
            by=ActingUser(known, attempt.email, ip, request_id),
            action="sign_in_failed",
            entity="user",
            entity_id=known,
            summary=N_("Failed sign-in for %(email)s", email=attempt.email),
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
        by=ActingUser(user.id, attempt.email, ip, request_id),
        action="sign_in",
        entity="user",
        entity_id=user.id,
        summary=N_("%(email)s signed in", email=user.email),
    )
    log.info("sign-in by %s from %s", user.email, ip)
    return user


def sign_out(session: Session, user_id: int, *, by: ActingUser) -> None:
    """End every session of this person by rotating their token."""
    user = get_user(session, user_id)
    user.session_token = new_token()
    session.flush()
    said = N_("%(email)s signed out", email=user.email)
    audit.record(session, by, "sign_out", "user", user.id, said)


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
    return get_or_missing(session, User, user_id, "User")


def list_users(session: Session) -> list[User]:
    """Every account, active ones first, by email."""
    return list(session.scalars(select(User).order_by(User.active.desc(), User.email)))


def count_users(session: Session) -> int:
    """How many accounts exist."""
    return int(session.scalar(select(func.count(User.id))) or 0)


def generate_password() -> str:
    """A random password for a first admin or a reset (printed once, to be changed)."""
    return secrets.token_urlsafe(15)

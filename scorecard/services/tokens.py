"""Personal access tokens for the JSON API: created (shown once), looked up by hash, listed, revoked."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from scorecard.errors import N_, Message, NotFound, RuleViolation
from scorecard.models import ApiToken, TokenScope, User, utcnow

from . import audit
from .audit import ActingUser
from .lookup import get_or_missing

# What every token starts with, so that secret scanners and people recognise one.
TOKEN_PREFIX = "sct_"  # noqa: S105 - a marker, not a secret
NAME_MAX = 100
# last_used_at is written at most this often per token: a busy client must not write on every read.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just created: `secret` is the only time the whole token is available."""

    token: ApiToken
    secret: str


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """Whom a presented token acts for, and what it may do: plain values for the request."""

    token_id: int
    scope: str
    user: User
    # Whether last_used_at is due to be written (touch_token, in a write session).
    stale_last_use: bool


def hash_secret(secret: str) -> str:
    """The SHA-256 of a token (a 256-bit random secret needs no slow hash: it cannot be guessed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    session: Session,
    user_id: int,
    *,
    name: str,
    scope: str,
    expires_in_days: int | None,
    by: ActingUser,
) -> NewToken:
    """A new token for `user_id`; its secret is returned once and only its hash is kept."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = N_("Give the token a name, so that you can tell it apart later.")
    elif len(name) > NAME_MAX:
        errors["name"] = N_("Keep the name to %(count)s characters or fewer.", count=NAME_MAX)
    if scope not in set(TokenScope):
        errors["scope"] = N_("Choose read or write.")
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        errors["expires_in_days"] = N_("A token lasts between 1 and 3650 days.")
    if errors:
        raise RuleViolation(errors)
    user = get_or_missing(session, User, user_id, "User")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[:12],
        secret_hash=hash_secret(secret),
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    session.add(token)
    session.flush()
    said = N_(
        "Created %(scope)s API token “%(name)s” for %(email)s",
        scope=Message(str(scope)),
        name=name,
        email=user.email,
    )
    after = {"name": name, "scope": scope, "user": user.email, "expires_at": token.expires_at}
    audit.record(session, by, "create", "api_token", token.id, said, after=after)
    return NewToken(token, secret)


def authenticate(session: Session, secret: str, *, now: datetime | None = None) -> TokenHolder | None:
    """The holder of a presented token, or None when it is unknown, expired, revoked or its user inactive."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    now = now or utcnow()
    token = session.scalar(select(ApiToken).where(ApiToken.secret_hash == hash_secret(secret)))
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        return None
    stale = token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION
    return TokenHolder(token_id=token.id, scope=token.scope, user=user, stale_last_use=stale)


def touch_token(session: Session, token_id: int, *, now: datetime | None = None) -> bool:
    """Note that a token was just used, unless that was noted within the last minute; whether it wrote.

    The comparison is in the UPDATE itself, so that workers reading the same
    token at once write it once a minute between them, not once each.
    """
    now = now or utcnow()
    noted = session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_RESOLUTION),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(noted, "rowcount", 0))


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    """A person's tokens, newest first, revoked ones too (they show as revoked)."""
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc()))
    )


def revoke_token(session: Session, token_id: int, *, user_id: int, by: ActingUser) -> ApiToken:
    """Revoke one of `user_id`'s tokens at once; revoking it again changes nothing."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        raise NotFound("API token", token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        said = N_("Revoked API token “%(name)s”", name=token.name)
        audit.record(session, by, "revoke", "api_token", token.id, said)
    return token


def user_by_email(session: Session, email: str) -> User:
    """The account with this email (any letter case), for the command line."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound("User", email)
    return user

"""Who may do what, checked before every view: sign-in, the access policy, CSRF, headers, timeouts."""

from __future__ import annotations

import logging
import re
import secrets
import time
import uuid
from dataclasses import dataclass

from flask import (
    Flask,
    Request,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext
from flask_login import AnonymousUserMixin, LoginManager, current_user, logout_user
from flask_wtf.csrf import CSRFProtect
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response as BaseResponse

from scorecard.db import current_database, get_session
from scorecard.models import TokenScope, User
from scorecard.rules.characters import control_character
from scorecard.services import tokens, users

from . import policy

log = logging.getLogger("scorecard.security")

CSP = "; ".join(
    [
        "default-src 'self'",
        # Charts are SVG images inlined as data: URIs; an <img> never runs script.
        "img-src 'self' data:",
        # The one inline <style> (scale-level colours, kept in the database) carries this request's nonce.
        "style-src 'self' 'nonce-{nonce}'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
SEEN_KEY = "seen"
# A signed cookie given at each successful sign-in (OWASP's "device cookie"): an attempt that
# carries one issued to the same account is throttled on its own, so that guesses made
# elsewhere do not lock the account's owner out.
DEVICE_COOKIE = "scorecard_device"
DEVICE_MAX_AGE = 365 * 24 * 60 * 60
# The JSON API's paths: bearer tokens only, no session cookie, no CSRF token (scorecard/api).
API_PREFIX = "/api/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

csrf = CSRFProtect()
login_manager = LoginManager()


@dataclass(frozen=True, slots=True)
class SignedInUser:
    """The signed-in person as views and templates see them: plain values, no lazy loading."""

    id: int
    email: str
    name: str
    role: str
    session_token: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        """The session identifier: id and the current token, so rotating the token ends the session."""
        return f"{self.id}:{self.session_token}"

    @property
    def can_write(self) -> bool:
        """Whether this person may add and change records."""
        return self.role in policy.WRITE

    @property
    def is_admin(self) -> bool:
        """Whether this person administers the application."""
        return self.role in policy.ADMIN


class Visitor(AnonymousUserMixin):
    """Someone not signed in."""

    role = None
    can_write = False
    is_admin = False


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie gets Secure whenever the request came over HTTPS (or the setting forces it)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or (request.is_secure if request else False)


def signed_in(user: User) -> SignedInUser:
    """The session view of an account."""
    return SignedInUser(user.id, user.email, user.name, user.role, user.session_token)


def _load_user(session_id: str) -> SignedInUser | None:
    user = users.load_by_session_id(get_session(), session_id)
    return signed_in(user) if user is not None else None


def _assign_request_id() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.csp_nonce = secrets.token_urlsafe(16)


def _refuse_control_characters_in_url() -> None:
    """A 400 for a path or query parameter holding NUL or another control character
    (rules.characters): no view nor query ever sees one."""
    texts = [request.path, *(part for item in request.args.items(multi=True) for part in item)]
    if any(control_character(text) is not None for text in texts):
        abort(400, description="The address holds a control character; remove it and try again.")


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="scorecard-device")


def known_device(email: str) -> str | None:
    """The id of this request's device cookie if it was issued to `email` and is intact."""
    cookie = request.cookies.get(DEVICE_COOKIE, "")
    try:
        issued = _devices().loads(cookie, max_age=DEVICE_MAX_AGE) if cookie else None
    except BadSignature:
        return None
    if not isinstance(issued, dict) or issued.get("email") != users.normalise_email(email):
        return None
    device = issued.get("device")
    return device if isinstance(device, str) and len(device) <= 64 else None


def remember_device(response: BaseResponse, email: str) -> BaseResponse:
    """Give the browser that just signed in a fresh device cookie for this account."""
    value = _devices().dumps({"email": users.normalise_email(email), "device": users.new_token()[:32]})
    set_private_cookie(response, DEVICE_COOKIE, value, max_age=DEVICE_MAX_AGE)
    return response


def set_private_cookie(response: BaseResponse, name: str, value: str, *, max_age: int) -> None:
    """Set a cookie no script reads, sent only from this site, and (like the session cookie) Secure
    whenever the request came over HTTPS or the setting says so."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure,
    )


def is_api_request() -> bool:
    """Whether this request is for the JSON API, which takes tokens and never the session cookie."""
    return request.path.startswith(API_PREFIX)


def _authenticate_api_token() -> None:
    """On /api, act as the bearer token's user, or as nobody: the session cookie is not read there.

    Flask-Login takes `g._login_user` before it looks at the session, so the
    policy, `current_user` and `acting_user()` all see the token's user, with
    that user's role and no more; a read token is refused any write.
    """
    if not is_api_request():
        return
    g.api_token = None
    g._login_user = Visitor()
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return
    holder = tokens.authenticate(get_session(), secret.strip())
    if holder is None:
        abort(401, description=gettext("The token is unknown, expired or revoked."))
    if holder.stale_last_use:
        # This request's session is read-only on GET: the note of use has a transaction of its own,
        # after the lookup's read transaction has ended (the request's session begins again on use).
        get_session().close()
        with current_database().transaction() as session:
            tokens.touch_token(session, holder.token_id)
    g.api_token = holder
    g._login_user = signed_in(holder.user)
    if request.method not in SAFE_METHODS and holder.scope != TokenScope.WRITE:
        abort(403, description=gettext("This token may only read; create a write token to change records."))


def _expire_idle_session() -> None:
    if not current_user.is_authenticated or is_api_request():
        return
    now = int(time.time())
    idle_limit = int(current_app.config["IDLE_TIMEOUT_MINUTES"]) * 60
    seen = session.get(SEEN_KEY)
    if isinstance(seen, int) and now - seen > idle_limit:
        logout_user()
        session.clear()
        flash(gettext("You were signed out after a period of inactivity. Please sign in again."), "info")
        return
    # Rewrite the cookie at most every quarter of the timeout (a minute at most), not on every
    # request: often enough that a person active within any timeout is never signed out.
    if not isinstance(seen, int) or now - seen >= min(60, idle_limit // 4):
        session[SEEN_KEY] = now


def _enforce_policy() -> Response | None:
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: routing answers 404 or 405
        return None
    roles = policy.allowed_roles(endpoint, request.method)
    if roles is None:
        log.error("refused %s %s: the access policy has no rule for it", request.method, endpoint)
        abort(403)
    role = current_user.role if current_user.is_authenticated else None
    if policy.permits(roles, role=role, public_read=bool(current_app.config["PUBLIC_READ"])):
        return None
    if role is None and is_api_request():
        abort(401, description=gettext("Send a personal access token: Authorization: Bearer <token>."))
    if role is None:
        target = request.full_path if request.method == "GET" else None
        if target and target.endswith("?"):
            target = target[:-1]
        return redirect(url_for("auth.login", next=target))  # type: ignore[return-value]
    abort(403)


def _set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP.format(nonce=g.get("csp_nonce", "none")))
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static":
        # Pages and downloads hold monitoring data: never keep them in a shared or disk cache.
        headers["Cache-Control"] = "no-store"
    if "request_id" in g:
        headers["X-Request-ID"] = g.request_id
    return response


def client_ip(req: Request) -> str:
    """The client's address (ProxyFix has already applied trusted X-Forwarded-For)."""
    return (req.remote_addr or "unknown")[:45]


def register_security(app: Flask) -> None:
    """Sign-in sessions, the access policy before every view, CSRF on every write, and headers."""
    if int(app.config.get("PROXY_COUNT") or 0) > 0:
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
    app.session_interface = HttpsAwareSessionInterface()
    login_manager.anonymous_user = Visitor
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)
    login_manager.init_app(app)
    # Order matters: who you are and what you may do come before the CSRF check.
    app.before_request(_assign_request_id)
    app.before_request(_refuse_control_characters_in_url)
    app.before_request(_authenticate_api_token)
    app.before_request(_expire_idle_session)
    app.before_request(_enforce_policy)
    csrf.init_app(app)
    app.after_request(_set_headers)

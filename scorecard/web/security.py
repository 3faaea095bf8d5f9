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
from werkzeug.middleware.proxy_fix import ProxyFix

from scorecard.db import get_session
from scorecard.models import User
from scorecard.services import users

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


def _expire_idle_session() -> None:
    if not current_user.is_authenticated:
        return
    now = int(time.time())
    idle_limit = int(current_app.config["IDLE_TIMEOUT_MINUTES"]) * 60
    seen = session.get(SEEN_KEY)
    if isinstance(seen, int) and now - seen > idle_limit:
        logout_user()
        session.clear()
        flash(gettext("You were signed out after a period of inactivity. Please sign in again."), "info")
        return
    # Refresh at most once a minute so that the cookie is not rewritten on every request.
    if not isinstance(seen, int) or now - seen > 60:
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
    app.before_request(_expire_idle_session)
    app.before_request(_enforce_policy)
    csrf.init_app(app)
    app.after_request(_set_headers)

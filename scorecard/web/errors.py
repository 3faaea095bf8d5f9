"""Friendly error pages: no stack trace or SQL reaches a user; a busy SQLite database says retry."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from scorecard.errors import N_, NotFound

log = logging.getLogger("scorecard.errors")

# In English; the page shows them in the reader's language.
MESSAGES = {
    400: (
        N_("Bad request"),
        N_(
            "The request could not be understood. If you submitted a form, go back, "
            "reload the page and try again."
        ),
    ),
    403: (
        N_("Not allowed"),
        N_("Your account does not have permission to do this. Ask an admin if you need it."),
    ),
    404: (N_("Not found"), N_("There is nothing at this address. It may have been deleted or moved.")),
    405: (N_("Not allowed here"), N_("This address does not accept that kind of request.")),
    409: (
        N_("Changed by someone else"),
        N_(
            "The record changed while you were working on it. Reload the page "
            "to see the latest version, then make your change again."
        ),
    ),
    413: (N_("File too large"), N_("The upload is larger than this server accepts.")),
    429: (
        N_("Too many attempts"),
        N_("There have been too many failed attempts. Wait a while and try again."),
    ),
    500: (
        N_("Something went wrong"),
        N_(
            "The error has been logged. Please try again; if it keeps happening, "
            "tell your admin the reference below."
        ),
    ),
    503: (
        N_("Busy, please retry"),
        N_("The database is busy with another change. Wait a few seconds and try again."),
    ),
}


def render_error(
    status: int, message: str | None = None, retry_after: int | None = None
) -> tuple[str, int, dict[str, str]]:
    """The error page for `status`, with an optional message of its own."""
    title, text = MESSAGES.get(status, MESSAGES[500])
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return (
        render_template("errors/error.html", status=status, title=title, message=message or text),
        status,
        headers,
    )


# What a refused form and a change that collides with another say instead of their status's own text.
EXPIRED_FORM = N_(
    "This form has expired or did not come from this site. Go back, reload the page and submit it again."
)
CONFLICTING_CHANGE = N_(
    "That change conflicts with data saved meanwhile (for example a code or name "
    "that is now taken). Reload the page and try again."
)


def _logged_refusal(status: int, message: str, what: str, detail: object) -> tuple[str, int, dict[str, str]]:
    """Log `what` was refused on this request, and why (`detail`); the error page says `message`."""
    log.warning("%s on %s %s: %s", what, request.method, request.path, detail)
    return render_error(status, message)


def register_errors(app: Flask) -> None:
    """Route every failure to a page that says what to do, and log what happened."""

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):  # type: ignore[no-untyped-def]
        return _logged_refusal(400, EXPIRED_FORM, "CSRF check failed", error.description)

    @app.errorhandler(NotFound)
    def _not_found(_error: NotFound):  # type: ignore[no-untyped-def]
        return render_error(404)

    @app.errorhandler(StaleDataError)
    def _stale(_error: StaleDataError):  # type: ignore[no-untyped-def]
        return render_error(409)

    @app.errorhandler(IntegrityError)
    def _integrity(error: IntegrityError):  # type: ignore[no-untyped-def]
        return _logged_refusal(409, CONFLICTING_CHANGE, "integrity error", error.orig)

    @app.errorhandler(OperationalError)
    def _operational(error: OperationalError):  # type: ignore[no-untyped-def]
        if "locked" in str(error.orig).lower() or "busy" in str(error.orig).lower():
            log.warning("database busy on %s %s", request.method, request.path)
            return render_error(503, retry_after=5)
        log.exception("database error on %s %s", request.method, request.path)
        return render_error(500)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # type: ignore[no-untyped-def]
        if error.code is None or error.code < 400:
            return error
        retry = error.retry_after if hasattr(error, "retry_after") else None  # noqa: RUF100
        return render_error(error.code, retry_after=int(retry) if isinstance(retry, int | float) else None)

    @app.errorhandler(InternalServerError)
    def _internal(error: InternalServerError):  # type: ignore[no-untyped-def]
        original = getattr(error, "original_exception", None)
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=original)
        return render_error(500)

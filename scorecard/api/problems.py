"""RFC 9457 problem details: every error the API answers, with the field errors the rules gave."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import Response, current_app, request
from werkzeug.exceptions import HTTPException

from scorecard.errors import NotFound, RuleViolation, StaleEdit
from scorecard.i18n import translate

PROBLEM_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    500: "Internal server error",
}


def problem(
    status: int,
    detail: str,
    *,
    errors: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem+json response; `errors` maps a JSON pointer (/code, /benchmarks/0/title) to a message."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors:
        body["errors"] = [{"pointer": pointer, "detail": message} for pointer, message in errors.items()]
    body.update(extra)
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def pointer(field: str) -> str:
    """A service's field key as a JSON pointer into the body ("benchmarks-0-title" → /benchmarks/0/title)."""
    if not field:
        return ""
    return "/" + "/".join(field.split("-"))


def from_rule_violation(violation: RuleViolation) -> Response:
    """422 with the rules' own messages (the ones the forms show, in the reader's language)."""
    errors = {pointer(field): translate(message) for field, message in violation.errors.items()}
    return problem(422, translate(next(iter(violation.errors.values()))), errors=errors)


def from_stale_edit(stale: StaleEdit) -> Response:
    """409: someone saved the record after the version this write was based on."""
    return problem(
        409,
        f"The {stale.entity} was changed by someone else since that version; read it again and reapply.",
        current_version=stale.current_version,
        changed=sorted(stale.changes),
    )


def from_not_found(missing: NotFound) -> Response:
    """404 naming what was looked for."""
    return problem(404, f"{missing.entity} {missing.key} was not found.")


def from_http(error: HTTPException) -> Response:
    """Any HTTP error (routing, abort, the limiter) as a problem; a 429 keeps its Retry-After."""
    status = error.code or 500
    headers: dict[str, str] = {}
    original = error.get_response()
    for name in ("Retry-After", "Allow", "WWW-Authenticate"):
        if name in original.headers:
            headers[name] = original.headers[name]
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="scorecard"')
    return problem(status, str(error.description or TITLES.get(status, "Error")), headers=headers)


def from_unexpected(_error: Exception) -> Response:
    """500 with no detail of the failure (it is in the log, under the request id)."""
    current_app.logger.exception("API request failed")
    return problem(500, "Something went wrong on our side; the failure was logged.")

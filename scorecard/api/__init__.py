"""The JSON API at /api/v1: its blueprint, OpenAPI document, token rate limits and problem answers.

OpenAPI generator: spectree. Of the libraries that generate OpenAPI from Flask code,
spectree (3.x, maintained, Flask 3) writes OpenAPI 3.1.0 by default and takes
pydantic v2 models, whose JSON Schema (2020-12) is what OpenAPI 3.1 embeds, so
no schema is translated by hand. It decorates plain Flask views on a plain
Blueprint: APIFlask and flask-openapi3 want their own app class instead of our
create_app's Flask, and flask-smorest's marshmallow/apispec path targets OpenAPI
3.0 first. Its own documentation pages load scripts from a CDN, so they are
switched off: /api/v1/docs renders the document on the server instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from werkzeug.exceptions import HTTPException

from scorecard import jobs
from scorecard.services import webhooks
from scorecard.web.security import csrf, is_api_request

from . import frameworks, problems, writes
from .reads import bp
from .spec import spec

__all__ = ["bp", "frameworks", "register_api", "writes"]


def _rate_key() -> str:
    """Limits are per token; requests without one share their address's allowance."""
    holder = g.get("api_token")
    return f"token:{holder.token_id}" if holder is not None else f"ip:{request.remote_addr or '-'}"


def register_api(app: Flask) -> None:
    """Mount /api/v1 without CSRF (it takes no cookies), with per-token limits and problem+json errors."""
    app.register_blueprint(bp)
    csrf.exempt(bp)
    spec.app = app
    storage = str(app.config.get("API_RATE_LIMIT_STORAGE") or app.config.get("REDIS_URL") or "memory://")
    limiter = Limiter(
        _rate_key,
        app=app,
        storage_uri=storage,
        default_limits=[str(app.config["API_RATE_LIMIT"])],
        default_limits_exempt_when=lambda: not is_api_request(),
        headers_enabled=True,
        key_prefix="scorecard-api",
    )
    app.extensions["scorecard.api.limiter"] = limiter
    _answer_problems_outside_the_blueprint(app)
    app.after_request(_dispatch_webhooks)


def _dispatch_webhooks(response: Response) -> Response:
    """After a write that queued webhook events (pages, API, imports alike), hand them to the job queue."""
    session = g.get("db_session")
    if session is not None and session.info.pop(webhooks.PENDING_KEY, False) and response.status_code < 400:
        jobs.current_queue().enqueue(jobs.deliver_webhooks)
    return response


def _answer_problems_outside_the_blueprint(app: Flask) -> None:
    """Errors no API view raised (no route matched, a database error) still answer problem+json on /api.

    The pages' handlers stay as they are for every other path: each is wrapped,
    and on /api its answer's status is kept and its HTML replaced.
    """
    for handlers in app.error_handler_spec[None].values():
        for kind, handler in list(handlers.items()):
            handlers[kind] = _problem_or(app, handler)


def _problem_or(app: Flask, handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def answer(error: Exception) -> Any:
        if not is_api_request():
            return handler(error)
        if isinstance(error, HTTPException) and (error.code or 500) >= 400:
            return problems.from_http(error)
        page: Response = app.make_response(handler(error))
        headers = {"Retry-After": page.headers["Retry-After"]} if "Retry-After" in page.headers else None
        status = page.status_code
        return problems.problem(status, problems.TITLES.get(status, "Error"), headers=headers)

    return answer

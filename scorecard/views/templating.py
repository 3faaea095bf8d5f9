"""What every template can use: filters for dates, scores and colours, and the page-wide facts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from scorecard.db import get_session
from scorecard.models import Status
from scorecard.services import meta

from . import policy

STATUS_LABELS: dict[str, str] = {
    Status.PROPOSED.value: "Proposed",
    Status.ACCEPTED.value: "Accepted",
    Status.IN_PROGRESS.value: "In progress",
    Status.IMPLEMENTED.value: "Implemented",
    Status.PARTIALLY_IMPLEMENTED.value: "Partially implemented",
    Status.STALLED.value: "Stalled",
    Status.REJECTED.value: "Rejected",
    Status.WITHDRAWN.value: "Withdrawn",
}


def format_score(score: float | None, empty: str = "—") -> str:
    """A score as a whole number ("not assessed" is not zero: it shows as a dash)."""
    return empty if score is None else f"{score:.0f}"


def format_trend(change: float | None) -> str:
    """A change in score with its sign (+12, −3, ±0); a dash when either end is not assessed."""
    if change is None:
        return "—"
    rounded = round(change)
    if rounded == 0:
        return "±0"
    return f"+{rounded}" if rounded > 0 else f"−{abs(rounded)}"


def format_date(value: date | datetime | None) -> str:
    """ISO dates everywhere (2026-03-31); timestamps to the minute, in UTC."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (#rrggbb), by WCAG luminance."""
    try:
        channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    except (ValueError, IndexError):
        return "#000000"
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.179 else "#ffffff"


def score_class(score: float | None) -> str:
    """A CSS class for a score band, always shown beside the number itself."""
    if score is None:
        return "score-none"
    if score >= 75:
        return "score-high"
    if score >= 40:
        return "score-mid"
    return "score-low"


def status_label(status: str) -> str:
    """A lifecycle status as people say it."""
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def nl2br(text: str | None) -> Markup:
    """Escaped text with its line breaks kept (each line is escaped before the breaks are joined in)."""
    return Markup("<br>".join(escape(line) for line in (text or "").splitlines()))  # noqa: S704


# The main navigation: (endpoint, label). An item shows only when the endpoint
# exists and the access policy lets this person open it.
NAVIGATION = [
    ("dashboard.index", "Dashboard"),
    ("scorecard.index", "Scorecard"),
    ("recommendations.index", "Recommendations"),
    ("progress.round", "Log progress"),
    ("imports.upload", "Import"),
    ("reference.source_index", "Reference data"),
    ("admin.users_index", "Users"),
    ("admin.audit_log", "Audit log"),
]


def navigation() -> list[tuple[str, str, bool]]:
    """The navigation items this person may open: (endpoint, label, is the current area)."""
    role = current_user.role if current_user.is_authenticated else None
    public_read = bool(current_app.config["PUBLIC_READ"])
    current_area = (request.endpoint or "").split(".")[0]
    items = []
    for endpoint, label in NAVIGATION:
        roles = policy.allowed_roles(endpoint, "GET")
        if (
            endpoint in current_app.view_functions
            and roles
            and policy.permits(roles, role=role, public_read=public_read)
        ):
            items.append((endpoint, label, endpoint.split(".")[0] == current_area))
    return items


def url_with(endpoint: str | None = None, **changes: Any) -> str:
    """This page's URL (or `endpoint`'s) with the current query arguments, some changed or removed (None)."""
    args = request.args.copy()
    for name, value in changes.items():
        args.pop(name, None)
        if value is not None:
            args[name] = str(value)
    values: dict[str, Any] = dict(request.view_args or {}) if endpoint is None else {}
    target = endpoint or request.endpoint or "dashboard.index"
    query = urlencode(list(args.items(multi=True)))
    return url_for(target, **values) + (f"?{query}" if query else "")


def has_endpoint(endpoint: str) -> bool:
    """Whether the app has this endpoint and this person may open it (for optional links)."""
    roles = policy.allowed_roles(endpoint, "GET")
    role = current_user.role if current_user.is_authenticated else None
    return (
        endpoint in current_app.view_functions
        and roles is not None
        and policy.permits(roles, role=role, public_read=bool(current_app.config["PUBLIC_READ"]))
    )


def level_colours() -> list[Any]:
    """Every scale level's id and colour, for the page's level stylesheet (one query)."""
    return meta.level_colours(get_session())


def _page_facts() -> dict[str, Any]:
    if "demo_loaded" not in g:
        g.demo_loaded = meta.demo_loaded(get_session())
    return {
        "demo_loaded": g.demo_loaded,
        "user": current_user,
        "status_labels": STATUS_LABELS,
        "navigation": navigation,
        "level_colours": level_colours,
        "csp_nonce": g.get("csp_nonce", ""),
        "url_with": url_with,
        "has_endpoint": has_endpoint,
    }


def register_templating(app: Flask) -> None:
    """Install the filters and the page-wide facts."""
    app.jinja_env.filters.update(
        score=format_score,
        trend=format_trend,
        isodate=format_date,
        text_colour=text_colour,
        score_class=score_class,
        status_label=status_label,
        nl2br=nl2br,
    )
    app.jinja_env.globals["today"] = date.today
    app.context_processor(_page_facts)

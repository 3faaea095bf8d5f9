"""What every template can use: filters for dates, scores and colours, and the page-wide facts."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from scorecard.db import get_session
from scorecard.errors import N_
from scorecard.services import audit, meta, review

from . import charts, chips, policy
from .formatting import (
    STATUS_LABELS,
    format_date,
    format_number,
    format_score,
    format_size,
    format_trend,
    score_class,
    status_label,
    text_colour,
)


def nl2br(text: str | None) -> Markup:
    """Escaped text with its line breaks kept (each line is escaped before the breaks are joined in)."""
    return Markup("<br>".join(escape(line) for line in (text or "").splitlines()))  # noqa: S704


# The main navigation: (endpoint, label). An item shows only when the endpoint
# exists and the access policy lets this person open it.
# Labels in English; the page shows them through `translate`.
NAVIGATION: list[tuple[str, str]] = [
    ("dashboard.index", N_("Dashboard")),
    ("scorecard.index", N_("Scorecard")),
    ("recommendations.index", N_("Recommendations")),
    ("frameworks.index", N_("Frameworks")),
    ("progress.round", N_("Log progress")),
    ("reporting.due", N_("Reports due")),
    ("review.mine", N_("My reports")),
    ("review.inbox", N_("Review")),
    ("imports.upload", N_("Import")),
    ("reference.source_index", N_("Reference data")),
    ("admin.users_index", N_("Users")),
    ("admin.audit_log", N_("Audit log")),
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


def review_waiting() -> int:
    """How many entries wait for review, for the menu (one count, only where the menu shows the inbox)."""
    if "review_waiting" not in g:
        g.review_waiting = review.waiting_count(get_session())
    return int(g.review_waiting)


def home_endpoint() -> str:
    """Where this person starts: a contributor's own reports, everyone else's dashboard."""
    role = current_user.role if current_user.is_authenticated else None
    return "review.mine" if role in policy.CONTRIBUTOR else "dashboard.index"


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
        "review_waiting": review_waiting,
        "home_endpoint": home_endpoint,
    }


def register_templating(app: Flask) -> None:
    """Install the filters and the page-wide facts."""
    app.jinja_env.filters.update(
        score=format_score,
        number=format_number,
        trend=format_trend,
        isodate=format_date,
        text_colour=text_colour,
        score_class=score_class,
        status_label=status_label,
        nl2br=nl2br,
        filesize=format_size,
        audit_summary=audit.summary_of,
    )
    app.jinja_env.globals["today"] = date.today
    app.jinja_env.globals["sparkline"] = charts.sparkline
    app.jinja_env.globals["trend"] = chips.trend
    app.jinja_env.globals["state_chip"] = chips.state_chip
    app.jinja_env.globals["row_arithmetic"] = chips.row_arithmetic
    app.context_processor(_page_facts)

"""The dashboard: where things stand today, how that changed by quarter, and what needs attention."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from scorecard.db import get_session
from scorecard.services import dashboard as figures
from scorecard.services.dashboard import Dashboard
from scorecard.web import charts
from scorecard.web.common import remembered_content
from scorecard.web.filters import thresholds

bp = Blueprint("dashboard", __name__)


def dashboard_charts(board: Dashboard) -> dict[str, charts.Chart]:
    """The dashboard's charts, drawn from the figures the page also shows as tables."""
    points = board.quarters.points
    labels = ["Today" if point.to_date else point.label for point in points]
    theme_lines = [
        (name, [point.themes[key].score if key in point.themes else None for point in points])
        for key, name in board.quarters.themes
    ]
    return {
        "themes": charts.score_bars(
            f"Score by theme, {board.today.isoformat()}",
            [theme.name for theme in board.themes],
            [theme.score for theme in board.themes],
        ),
        "statuses": charts.status_bars("Recommendations by status", board.headline.by_status),
        "overall": charts.score_lines(
            "Average score at each quarter's end",
            labels,
            [("All recommendations", [p.overall.score for p in points])],
        ),
        "by_theme": charts.score_lines(
            "Score by theme at each quarter's end", labels, theme_lines, full_width=True
        ),
    }


@bp.route("/")
def index() -> str:
    """Headline figures, theme × status, scores by theme and by quarter, overdue, stale, recent activity."""
    session, limits = get_session(), thresholds()
    # Staff names are for staff: the public read-only page (PUBLIC_READ) leaves them out.
    show_authors = bool(current_user.is_authenticated)

    def render() -> str:
        board = figures.dashboard(session, thresholds=limits)
        return render_template(
            "dashboard/_content.html", board=board, charts=dashboard_charts(board), show_authors=show_authors
        )

    content = remembered_content(("dashboard", limits, show_authors), render)
    return render_template("dashboard/index.html", content=content)

"""The dashboard: where things stand today, how that changed by quarter, and what needs attention."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext

from scorecard.db import get_session
from scorecard.services import dashboard as figures
from scorecard.services.dashboard import Dashboard
from scorecard.web import charts
from scorecard.web.common import remembered_content
from scorecard.web.filters import thresholds
from scorecard.web.formatting import format_date

bp = Blueprint("dashboard", __name__)


def dashboard_charts(board: Dashboard) -> dict[str, charts.Chart]:
    """The dashboard's charts, drawn from the figures the page also shows as tables."""
    points = board.quarters.points
    labels = [gettext("Today") if point.to_date else point.label for point in points]
    theme_lines = [
        (name, [point.themes[key].score if key in point.themes else None for point in points])
        for key, name in board.quarters.themes
    ]
    return {
        "themes": charts.score_bars(
            gettext("Score by theme, %(day)s", day=format_date(board.today)),
            [theme.name for theme in board.themes],
            [theme.score for theme in board.themes],
        ),
        "statuses": charts.status_bars(gettext("Recommendations by status"), board.headline.by_status),
        "overall": charts.score_lines(
            gettext("Average score at each quarter's end"),
            labels,
            [(gettext("All recommendations"), [p.overall.score for p in points])],
        ),
        "by_theme": charts.score_lines(
            gettext("Score by theme at each quarter's end"), labels, theme_lines, full_width=True
        ),
    }


@bp.route("/")
def index() -> str:
    """Headline figures, theme × status, scores by theme and by quarter, overdue, stale, recent activity."""
    session, limits = get_session(), thresholds()

    def render() -> str:
        board = figures.dashboard(session, thresholds=limits)
        return render_template("dashboard/_content.html", board=board, charts=dashboard_charts(board))

    return render_template("dashboard/index.html", content=remembered_content(("dashboard", limits), render))

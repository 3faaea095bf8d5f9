"""The dashboard: where things stand today, how that changed by quarter, and what needs attention."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import Session

from scorecard.db import get_session
from scorecard.services import dashboard as figures
from scorecard.services.dashboard import Dashboard
from scorecard.services.recommendations import Thresholds
from scorecard.services.scorecards import GroupScore
from scorecard.web import charts, folding
from scorecard.web.common import remembered_content
from scorecard.web.content import localised_dashboard
from scorecard.web.filters import thresholds
from scorecard.web.formatting import format_date

bp = Blueprint("dashboard", __name__)


# Themes the dashboard's tables and bar chart show, and lines on its quarter-by-quarter chart, before
# the other themes share one row or line: at 60 themes the page stays a few screens long.
TOP_THEMES = 6
TOP_LINES = 5


def _theme_lines(board: Dashboard) -> list[tuple[str, list[float | None]]]:
    """One line per large theme, and one for all the others together (each recommendation weighs the same)."""
    points = board.quarters.points
    top, rest = folding.largest(board.themes, TOP_LINES)
    shown = {theme.key for theme in top}
    lines: list[tuple[str, list[float | None]]] = [
        (name, [point.themes[key].score if key in point.themes else None for point in points])
        for key, name in board.quarters.themes
        if key in shown or not rest
    ]
    if rest:
        keys = [theme.key for theme in rest]
        others = [
            folding.mean_score(point.themes.get(key) for key in keys if key is not None) for point in points
        ]
        lines.append((folding.others_label(len(rest), "theme"), others))
    return lines


def dashboard_charts(board: Dashboard, themes: folding.Folded[GroupScore]) -> dict[str, charts.Chart]:
    """The dashboard's charts, drawn from the figures the page also shows as tables."""
    points = board.quarters.points
    labels = [gettext("Today") if point.to_date else point.label for point in points]
    shown = [*themes.top, *([themes.others] if themes.others else [])]
    return {
        "themes": charts.score_bars(
            gettext("Score by theme, %(day)s", day=format_date(board.today)),
            [theme.name for theme in shown],
            [theme.score for theme in shown],
        ),
        "statuses": charts.status_bars(gettext("Recommendations by status"), board.headline.by_status),
        "overall": charts.score_lines(
            gettext("Average score at each quarter's end"),
            labels,
            [(gettext("All recommendations"), [p.overall.score for p in points])],
        ),
        "by_theme": charts.score_lines(
            gettext("Score by theme at each quarter's end"), labels, _theme_lines(board)
        ),
    }


def _content(session: Session, limits: Thresholds, *, show_authors: bool) -> str:
    """The dashboard's content: the figures, with long theme lists folded, and their charts."""
    board = localised_dashboard(session, figures.dashboard(session, thresholds=limits))
    themes = folding.fold_scores(board.themes, group="theme", limit=TOP_THEMES)
    return render_template(
        "dashboard/_content.html",
        board=board,
        themes=themes,
        matrix=folding.fold_matrix(board.matrix, limit=TOP_THEMES),
        charts=dashboard_charts(board, themes),
        show_authors=show_authors,
    )


@bp.route("/")
def index() -> str:
    """Headline figures, theme × status, scores by theme and by quarter, overdue, stale, recent activity."""
    session, limits = get_session(), thresholds()
    # Staff names are for staff: the public read-only page (PUBLIC_READ) leaves them out.
    show_authors = bool(current_user.is_authenticated)
    content = remembered_content(
        ("dashboard", limits, show_authors), lambda: _content(session, limits, show_authors=show_authors)
    )
    return render_template("dashboard/index.html", content=content)

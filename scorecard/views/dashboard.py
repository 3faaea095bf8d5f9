"""The dashboard: where things stand today."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template

from scorecard.db import get_session
from scorecard.services import scorecards

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def index() -> str:
    """Themes with their number of recommendations and average score as of today."""
    today = date.today()
    themes = scorecards.theme_scores(get_session(), as_of=today, today=today)
    return render_template("dashboard/index.html", themes=themes, as_of=today)

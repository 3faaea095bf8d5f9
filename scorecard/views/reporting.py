"""The reporting schedule: what each actor owes this period, due and overdue."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template

from scorecard.db import get_session
from scorecard.services import reporting

bp = Blueprint("reporting", __name__)


@bp.route("/reporting")
def due() -> str:
    """The reports due and overdue this period, by the actor that owes them."""
    days_before = int(current_app.config.get("REMINDER_DAYS_BEFORE", reporting.DEFAULT_DAYS_BEFORE))
    owed = reporting.owed_reports(get_session(), today=date.today(), days_before=days_before)
    return render_template(
        "reporting/due.html",
        actors=reporting.by_actor(owed),
        counts=reporting.counts(owed),
        days_before=days_before,
    )

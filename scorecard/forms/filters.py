"""The recommendation filter as a GET form: every filter lives in the URL."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SearchField, SelectField
from wtforms.validators import Length, Optional

from scorecard.forms.fields import DayField, QuickSelect, options
from scorecard.models import Priority, Status

from .base import GetForm

# Spelled out, one literal each, so that the catalogue has every label.
STATUS_CHOICES = [
    (Status.PROPOSED.value, _l("Proposed")),
    (Status.ACCEPTED.value, _l("Accepted")),
    (Status.IN_PROGRESS.value, _l("In progress")),
    (Status.IMPLEMENTED.value, _l("Implemented")),
    (Status.PARTIALLY_IMPLEMENTED.value, _l("Partially implemented")),
    (Status.STALLED.value, _l("Stalled")),
    (Status.REJECTED.value, _l("Rejected")),
    (Status.WITHDRAWN.value, _l("Withdrawn")),
]
PRIORITY_CHOICES = [
    (Priority.HIGH.value, _l("High")),
    (Priority.MEDIUM.value, _l("Medium")),
    (Priority.LOW.value, _l("Low")),
]
SORT_CHOICES = [
    ("code", _l("Code")),
    ("title", _l("Title")),
    ("theme", _l("Theme")),
    ("status", _l("Status")),
    ("priority", _l("Priority")),
    ("due_on", _l("Due date")),
    ("score", _l("Score")),
    ("coverage", _l("Coverage")),
    ("last_observed_on", _l("Last entry")),
    ("updated_at", _l("Last edited")),
]


class RecommendationFilterForm(GetForm):
    """Search, narrow and sort recommendations. The view fills the theme, actor, source and cycle choices."""

    q = SearchField(_l("Search code, title or wording"), validators=[Optional(), Length(max=200)])
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False, widget=QuickSelect())
    actor = SelectField(_l("Actor"), choices=[], validate_choice=False, widget=QuickSelect())
    source = SelectField(_l("Source"), choices=[], validate_choice=False, widget=QuickSelect())
    status = SelectField(
        _l("Status"), choices=options([("", _l("Any status")), *STATUS_CHOICES]), validate_choice=False
    )
    priority = SelectField(
        _l("Priority"), choices=options([("", _l("Any priority")), *PRIORITY_CHOICES]), validate_choice=False
    )
    cycle = SelectField(_l("Due in review cycle"), choices=[], validate_choice=False, widget=QuickSelect())
    due_from = DayField(_l("Due from"), validators=[Optional()])
    due_to = DayField(_l("Due until"), validators=[Optional()])
    overdue = BooleanField(_l("Overdue only"))
    stale = BooleanField(_l("Stale only"))
    archived = SelectField(
        _l("Show"),
        choices=options([("active", _l("Active")), ("archived", _l("Archived")), ("all", _l("All"))]),
        default="active",
        validate_choice=False,
    )
    sort = SelectField(_l("Sort by"), choices=options(SORT_CHOICES), default="code", validate_choice=False)
    direction = SelectField(
        _l("Order"),
        choices=options([("asc", _l("Ascending")), ("desc", _l("Descending"))]),
        default="asc",
        validate_choice=False,
    )
    per_page = SelectField(
        _l("Per page"),
        choices=options([("25", "25"), ("50", "50"), ("100", "100")]),
        default="25",
        validate_choice=False,
    )

"""The recommendation filter as a GET form: every filter lives in the URL."""

from __future__ import annotations

from wtforms import BooleanField, SearchField, SelectField
from wtforms.validators import Length, Optional

from scorecard.forms.fields import DayField, QuickSelect, options
from scorecard.models import Priority, Status

from .base import FlaskForm

STATUS_CHOICES = [(s.value, s.value.replace("_", " ").capitalize()) for s in Status]
PRIORITY_CHOICES = [(p.value, p.value.capitalize()) for p in Priority]
SORT_CHOICES = [
    ("code", "Code"),
    ("title", "Title"),
    ("theme", "Theme"),
    ("status", "Status"),
    ("priority", "Priority"),
    ("due_on", "Due date"),
    ("score", "Score"),
    ("coverage", "Coverage"),
    ("last_observed_on", "Last entry"),
    ("updated_at", "Last edited"),
]


class RecommendationFilterForm(FlaskForm):
    """Search, narrow and sort recommendations. The view fills the theme, actor, source and cycle choices."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField("Search code, title or wording", validators=[Optional(), Length(max=200)])
    theme = SelectField("Theme", choices=[], validate_choice=False, widget=QuickSelect())
    actor = SelectField("Actor", choices=[], validate_choice=False, widget=QuickSelect())
    source = SelectField("Source", choices=[], validate_choice=False, widget=QuickSelect())
    status = SelectField(
        "Status", choices=options([("", "Any status"), *STATUS_CHOICES]), validate_choice=False
    )
    priority = SelectField(
        "Priority", choices=options([("", "Any priority"), *PRIORITY_CHOICES]), validate_choice=False
    )
    cycle = SelectField("Due in review cycle", choices=[], validate_choice=False, widget=QuickSelect())
    due_from = DayField("Due from", validators=[Optional()])
    due_to = DayField("Due until", validators=[Optional()])
    overdue = BooleanField("Overdue only")
    stale = BooleanField("Stale only")
    archived = SelectField(
        "Show",
        choices=options([("active", "Active"), ("archived", "Archived"), ("all", "All")]),
        default="active",
        validate_choice=False,
    )
    sort = SelectField("Sort by", choices=options(SORT_CHOICES), default="code", validate_choice=False)
    direction = SelectField(
        "Order",
        choices=options([("asc", "Ascending"), ("desc", "Descending")]),
        default="asc",
        validate_choice=False,
    )
    per_page = SelectField(
        "Per page",
        choices=options([("25", "25"), ("50", "50"), ("100", "100")]),
        default="25",
        validate_choice=False,
    )

"""Forms for the API's pages: a personal access token (Account), a webhook endpoint (admin), plain buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FloatField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from scorecard.forms.fields import options

from .base import FlaskForm

EVENT_CHOICES = [
    ("progress.recorded", _l("Progress recorded or corrected")),
    ("entry.approved", _l("A contributor's entry approved")),
    ("recommendation.changed", _l("A recommendation created or changed")),
    ("score.crossed", _l("A recommendation's score crossed the threshold")),
    ("import.finished", _l("An import finished")),
]


class TokenForm(FlaskForm):
    """A new personal access token."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("What it is for, e.g. “R scripts”."),
    )
    scope = SelectField(
        _l("Scope"),
        choices=options([("read", _l("Read")), ("write", _l("Read and write"))]),
        default="read",
        description=_l("It never does more than your own role allows."),
    )
    expires_in_days = IntegerField(
        _l("Expires after (days)"),
        validators=[Optional(), NumberRange(min=1, max=3650)],
        default=90,
        description=_l("Leave empty for a token that does not expire."),
    )


class ButtonForm(FlaskForm):
    """A plain POST button (revoke, re-send): its CSRF token only."""


class WebhookForm(FlaskForm):
    """A new webhook endpoint."""

    url = StringField(_l("Address (URL)"), validators=[DataRequired(), Length(max=1000)])
    events = SelectMultipleField(
        _l("Events"),
        choices=options(EVENT_CHOICES),
        validators=[DataRequired()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    threshold = FloatField(
        _l("Score threshold"),
        validators=[Optional(), NumberRange(min=0, max=100)],
        description=_l("For score crossings: the score (0–100) whose crossing, up or down, is announced."),
    )

"""Forms for recording progress: one observation, or a whole review round on one page."""

from __future__ import annotations

from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    TextAreaField,
    URLField,
)
from wtforms.validators import Length, Optional

from scorecard.forms.fields import DayField, NumberField, options

from .base import FlaskForm, Form

ACHIEVED_CHOICES = [("yes", "Achieved"), ("no", "Not yet")]


class EntryForm(FlaskForm):
    """One observation; the view keeps only the value field of the benchmark's kind."""

    observed_on = DayField(
        "Observed on",
        validators=[Optional()],
        description="The date the observation refers to; not in the future.",
    )
    level_id = RadioField("Level", choices=[], validate_choice=False, validators=[Optional()])
    value = NumberField("Value", validators=[Optional()])
    achieved = RadioField("Milestone", choices=options(ACHIEVED_CHOICES), validators=[Optional()])
    note = TextAreaField(
        "Note",
        validators=[Optional(), Length(max=5000)],
        description="What the evidence says, in a sentence or two.",
    )
    evidence_url = URLField(
        "Evidence link",
        validators=[Optional(), Length(max=1000)],
        description="A web address starting with http:// or https://.",
    )


class DeleteEntryForm(FlaskForm):
    """A plain button: the entry stops counting but stays in the history."""


class RoundRowForm(Form):
    """One benchmark's line on the review-round page; left blank, it is skipped."""

    benchmark_id = HiddenField()
    observed_on = DayField("Observed on", validators=[Optional()])
    level_id = RadioField("Level", choices=[], validate_choice=False, validators=[Optional()])
    value = NumberField("Value", validators=[Optional()])
    achieved = RadioField("Milestone", choices=options(ACHIEVED_CHOICES), validators=[Optional()])
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)])
    evidence_url = URLField("Evidence link", validators=[Optional(), Length(max=1000)])


class RoundForm(FlaskForm):
    """The benchmarks due for an update, one row each."""

    rows = FieldList(FormField(RoundRowForm))

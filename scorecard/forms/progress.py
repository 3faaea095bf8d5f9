"""Forms for recording progress: one observation, or a whole review round on one page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    TextAreaField,
    URLField,
)
from wtforms.validators import Length, Optional

from scorecard.forms.fields import DayField, NumberField, options

from .base import FlaskForm, Form

ACHIEVED_CHOICES = [("yes", _l("Achieved")), ("no", _l("Not yet"))]


class EntryForm(FlaskForm):
    """One observation; the view keeps only the value field of the benchmark's kind."""

    observed_on = DayField(
        _l("Observed on"),
        validators=[Optional()],
        description=_l("The date the observation refers to; not in the future."),
    )
    level_id = RadioField(_l("Level"), choices=[], validate_choice=False, validators=[Optional()])
    value = NumberField(_l("Value"), validators=[Optional()])
    achieved = RadioField(_l("Milestone"), choices=options(ACHIEVED_CHOICES), validators=[Optional()])
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=5000)],
        description=_l("What the evidence says, in a sentence or two."),
    )
    evidence_url = URLField(
        _l("Evidence link"),
        validators=[Optional(), Length(max=1000)],
        description=_l("A web address starting with http:// or https://."),
    )
    evidence_url_public = BooleanField(
        _l("The link may be shown on published pages"),
        description=_l("Leave unticked to keep it internal: only signed-in people see it."),
    )
    evidence_file = FileField(
        _l("Evidence file"),
        description=_l("A PDF, an image, an office document or a CSV file; it is kept with the entry."),
    )
    evidence_public = BooleanField(
        _l("The file may be shown on published pages"),
        description=_l("Leave unticked to keep it internal: only signed-in people see and download it."),
    )
    perspective_id = SelectField(
        _l("Whose assessment"),
        choices=[],
        validate_choice=False,
        validators=[Optional()],
        description=_l("Scores are the monitoring team's; other perspectives show beside them."),
    )


class DeleteEntryForm(FlaskForm):
    """A plain button: the entry stops counting but stays in the history."""


class RoundRowForm(Form):
    """One benchmark's line on the review-round page; left blank, it is skipped."""

    benchmark_id = HiddenField()
    observed_on = DayField(_l("Observed on"), validators=[Optional()])
    level_id = RadioField(_l("Level"), choices=[], validate_choice=False, validators=[Optional()])
    value = NumberField(_l("Value"), validators=[Optional()])
    achieved = RadioField(_l("Milestone"), choices=options(ACHIEVED_CHOICES), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)])
    evidence_url = URLField(_l("Evidence link"), validators=[Optional(), Length(max=1000)])


class RoundForm(FlaskForm):
    """The benchmarks due for an update, one row each."""

    rows = FieldList(FormField(RoundRowForm))


class DeleteEvidenceForm(FlaskForm):
    """A plain button: an evidence file or link is removed; the audit keeps what it was."""

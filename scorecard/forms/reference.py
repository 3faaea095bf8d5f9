"""Forms for reference data: sources, actors, themes, review cycles and scales."""

from __future__ import annotations

from wtforms import FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional

from scorecard.forms.fields import DayField, NumberField, options
from scorecard.models import ActorKind

from .base import FlaskForm, Form

ACTOR_KIND_CHOICES = [(kind.value, kind.value.replace("_", " ").capitalize()) for kind in ActorKind]


class SourceForm(FlaskForm):
    """A report, article or statement."""

    version = HiddenField()
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    authors = StringField("Authors", validators=[Optional(), Length(max=300)])
    published_on = DayField("Published on", validators=[Optional()])
    url = URLField(
        "Web address",
        validators=[Optional(), Length(max=1000)],
        description="Starting with http:// or https://.",
    )
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=5000)])


class ActorForm(FlaskForm):
    """Someone recommendations are addressed to."""

    version = HiddenField()
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=options(ACTOR_KIND_CHOICES), default="government")


class ThemeForm(FlaskForm):
    """A policy area."""

    version = HiddenField()
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])


class CycleForm(FlaskForm):
    """A named period that reports compare."""

    version = HiddenField()
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=120)],
        description="For example “2026 annual dialogue”.",
    )
    starts_on = DayField("Starts on", validators=[DataRequired(message="Enter the first day of the cycle.")])
    ends_on = DayField("Ends on", validators=[DataRequired(message="Enter the last day of the cycle.")])


class LevelForm(Form):
    """One level of a scale."""

    id = HiddenField()
    label = StringField("Label", validators=[DataRequired(), Length(max=80)])
    score = NumberField("Score (0–100)", validators=[Optional()])
    colour = StringField(
        "Colour",
        validators=[DataRequired(), Length(min=7, max=7)],
        default="#9e9e9e",
        render_kw={"type": "color"},
    )


class ScaleForm(FlaskForm):
    """An ordered scale, worst level first."""

    version = HiddenField()
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    levels = FieldList(FormField(LevelForm), label="Levels")


class DeleteForm(FlaskForm):
    """A plain delete button."""

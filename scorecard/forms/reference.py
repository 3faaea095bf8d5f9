"""Forms for reference data: sources, actors, themes, review cycles and scales."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional

from scorecard.forms.fields import DayField, NumberField, options
from scorecard.models import ActorKind

ACTOR_KIND_CHOICES = [(kind.value, kind.value.replace("_", " ").capitalize()) for kind in ActorKind]
# The content languages and the suffix of their fields (as in forms/recommendations.py).
CONTENT_LANGUAGES = {"en": "English", "sq": "Shqip", "sr-Latn": "Srpski", "sr-Cyrl": "Српски"}
FIELD_SUFFIX = {"en": "en", "sq": "sq", "sr-Latn": "sr_latn", "sr-Cyrl": "sr_cyrl"}
# Fields of the translations' fold: the reference views fill and read them.
TRANSLATION_FIELDS = frozenset(
    {"original_locale"}
    | {f"{name}_{suffix}" for name in ("name", "title") for suffix in FIELD_SUFFIX.values()}
)


def _original_locale() -> SelectField:
    return SelectField("Written in", choices=options(list(CONTENT_LANGUAGES.items())), default="en")


def _in(language: str, length: int) -> StringField:
    return StringField(language, validators=[Optional(), Length(max=length)])


class SourceForm(FlaskForm):
    """A report, article or statement."""

    version = HiddenField()
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    authors = StringField("Authors", validators=[Optional(), Length(max=300)])
    published_on = DayField("Published on", validators=[Optional()])
    original_locale = _original_locale()
    title_sq = _in("Shqip", 300)
    title_sr_latn = _in("Srpski", 300)
    title_sr_cyrl = _in("Српски", 300)
    title_en = _in("English", 300)
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
    original_locale = _original_locale()
    name_sq = _in("Shqip", 200)
    name_sr_latn = _in("Srpski", 200)
    name_sr_cyrl = _in("Српски", 200)
    name_en = _in("English", 200)


class ThemeForm(FlaskForm):
    """A policy area."""

    version = HiddenField()
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    original_locale = _original_locale()
    name_sq = _in("Shqip", 200)
    name_sr_latn = _in("Srpski", 200)
    name_sr_cyrl = _in("Српски", 200)
    name_en = _in("English", 200)


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

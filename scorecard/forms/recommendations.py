"""The recommendation form: wording, source, theme, actors and benchmarks, all in one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from scorecard.forms.fields import DayField, NumberField, options
from scorecard.models import ActorRole, BenchmarkKind, Priority, Status

from .filters import PRIORITY_CHOICES, STATUS_CHOICES

KIND_CHOICES = [
    (BenchmarkKind.MILESTONE.value, "Milestone"),
    (BenchmarkKind.SCALE.value, "Scale"),
    (BenchmarkKind.NUMERIC.value, "Numeric"),
]
DIRECTION_CHOICES = [
    ("", "Follows from baseline and target"),
    ("increase", "Higher is better"),
    ("decrease", "Lower is better"),
]
ROLE_CHOICES = [(role.value, role.value.capitalize()) for role in ActorRole]
# The content languages (services.content.LOCALES) and the suffix of their fields in the forms' folds.
CONTENT_LANGUAGES = {"en": "English", "sq": "Shqip", "sr-Latn": "Srpski", "sr-Cyrl": "Српски"}
FIELD_SUFFIX = {"en": "en", "sq": "sq", "sr-Latn": "sr_latn", "sr-Cyrl": "sr_cyrl"}


class RecommendationTranslationForm(Form):
    """A recommendation's title and wording in one more language (blank: not translated)."""

    title = StringField("Title", validators=[Optional(), Length(max=300)])
    text = TextAreaField("Wording", validators=[Optional()], render_kw={"rows": 4})


class ActorLinkForm(Form):
    """One actor the recommendation is addressed to, with its role."""

    actor_id = SelectField("Actor", choices=[], validate_choice=False)
    role = SelectField("Role", choices=options(ROLE_CHOICES), default=ActorRole.LEAD.value)


class BenchmarkForm(Form):
    """One benchmark; the fields that do not apply to its kind are ignored."""

    id = HiddenField()
    title = StringField(
        "Benchmark",
        validators=[DataRequired(), Length(max=300)],
        description="A checkable step or indicator, e.g. “Roadmap published”.",
    )
    kind = SelectField(
        "Kind",
        choices=options(KIND_CHOICES),
        default=BenchmarkKind.MILESTONE.value,
        description="Milestone: done or not. Scale: assessed in levels. Numeric: a measured value.",
    )
    scale_id = SelectField("Scale", choices=[], validate_choice=False, description="For scale benchmarks.")
    baseline = NumberField("Baseline", validators=[Optional()], description="For numeric: where it started.")
    target = NumberField(
        "Target", validators=[Optional()], description="For numeric: where it should get to."
    )
    unit = StringField("Unit", validators=[Optional(), Length(max=40)], description="For numeric, e.g. %.")
    direction = SelectField("Better when", choices=options(DIRECTION_CHOICES), default="")
    weight = NumberField(
        "Weight",
        default=1.0,
        validators=[InputRequired(message="Enter a weight above 0."), NumberRange(min=0.01, max=1000)],
        description="How much it counts in the recommendation's score.",
    )
    due_on = DayField("Due", validators=[Optional()])
    # The title in the other languages (the fold under the row).
    title_en = StringField("Title in English", validators=[Optional(), Length(max=300)])
    title_sq = StringField("Title in Albanian", validators=[Optional(), Length(max=300)])
    title_sr_latn = StringField("Title in Serbian (Latin)", validators=[Optional(), Length(max=300)])
    title_sr_cyrl = StringField("Title in Serbian (Cyrillic)", validators=[Optional(), Length(max=300)])


class RecommendationForm(FlaskForm):
    """A recommendation with its actors and benchmarks."""

    version = HiddenField()
    code = StringField(
        "Code", validators=[DataRequired(), Length(max=32)], description="A short id, unique, e.g. EU-03."
    )
    title = StringField(
        "Title", validators=[DataRequired(), Length(max=300)], description="A short summary, in your words."
    )
    text = TextAreaField(
        "Wording",
        validators=[DataRequired(), Length(max=20000)],
        description="The recommendation as the source words it.",
    )
    source_id = SelectField("Source", choices=[], validate_choice=False)
    locator = StringField(
        "Where in the source",
        validators=[Optional(), Length(max=2000)],
        description="Page, section, table row or a short quote.",
    )
    theme_id = SelectField(
        "Theme", choices=[], validate_choice=False, validators=[DataRequired(message="Choose a theme.")]
    )
    priority = SelectField("Priority", choices=options(PRIORITY_CHOICES), default=Priority.MEDIUM.value)
    status = SelectField("Status", choices=options(STATUS_CHOICES), default=Status.PROPOSED.value)
    issued_on = DayField("Issued on", validators=[Optional()])
    due_on = DayField("Due on", validators=[Optional()])
    tags = StringField(
        "Tags", validators=[Optional(), Length(max=500)], description="Separate tags with commas."
    )
    actors = FieldList(FormField(ActorLinkForm), label="Actors")
    benchmarks = FieldList(FormField(BenchmarkForm), label="Benchmarks")
    original_locale = SelectField(
        "Written in", choices=options(list(CONTENT_LANGUAGES.items())), default="en"
    )
    in_en = FormField(RecommendationTranslationForm, label="English")
    in_sq = FormField(RecommendationTranslationForm, label="Shqip")
    in_sr_latn = FormField(RecommendationTranslationForm, label="Srpski")
    in_sr_cyrl = FormField(RecommendationTranslationForm, label="Српски")


class DeleteRecommendationForm(FlaskForm):
    """Deleting for good asks for the code again."""

    confirm_code = StringField("Type the code to confirm", validators=[DataRequired()])


class ArchiveForm(FlaskForm):
    """A plain button that carries the record's version."""

    version = HiddenField()

"""The recommendation form: wording, source, theme, actors and benchmarks, all in one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from scorecard.forms.fields import DayField, NumberField, options
from scorecard.models import ActorRole, BenchmarkKind, Priority, Status

from .base import FlaskForm, Form
from .filters import PRIORITY_CHOICES, STATUS_CHOICES

KIND_CHOICES = [
    (BenchmarkKind.MILESTONE.value, _l("Milestone")),
    (BenchmarkKind.SCALE.value, _l("Scale")),
    (BenchmarkKind.NUMERIC.value, _l("Numeric")),
]
FREQUENCY_CHOICES = [
    ("", _l("No reporting schedule")),
    ("monthly", _l("Monthly")),
    ("quarterly", _l("Quarterly")),
    ("half_yearly", _l("Half-yearly")),
    ("yearly", _l("Yearly")),
]
DIRECTION_CHOICES = [
    ("", _l("Follows from baseline and target")),
    ("increase", _l("Higher is better")),
    ("decrease", _l("Lower is better")),
]
ROLE_CHOICES = [
    (ActorRole.LEAD.value, _l("Lead")),
    (ActorRole.SUPPORTING.value, _l("Supporting")),
    (ActorRole.CONSULTED.value, _l("Consulted")),
]
# The content languages (services.content.LOCALES) and the suffix of their fields in the forms' folds.
CONTENT_LANGUAGES = {"en": "English", "sq": "Shqip", "sr-Latn": "Srpski", "sr-Cyrl": "Српски"}
FIELD_SUFFIX = {"en": "en", "sq": "sq", "sr-Latn": "sr_latn", "sr-Cyrl": "sr_cyrl"}


class RecommendationTranslationForm(Form):
    """A recommendation's title and wording in one more language (blank: not translated)."""

    title = StringField(_l("Title"), validators=[Optional(), Length(max=300)])
    text = TextAreaField(_l("Wording"), validators=[Optional()], render_kw={"rows": 4})


class ActorLinkForm(Form):
    """One actor the recommendation is addressed to, with its role."""

    actor_id = SelectField(_l("Actor"), choices=[], validate_choice=False)
    role = SelectField(_l("Role"), choices=options(ROLE_CHOICES), default=ActorRole.LEAD.value)


class BenchmarkForm(Form):
    """One benchmark; the fields that do not apply to its kind are ignored."""

    id = HiddenField()
    title = StringField(
        _l("Benchmark"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("A checkable step or indicator, e.g. “Roadmap published”."),
    )
    kind = SelectField(
        _l("Kind"),
        choices=options(KIND_CHOICES),
        default=BenchmarkKind.MILESTONE.value,
        description=_l("Milestone: done or not. Scale: assessed in levels. Numeric: a measured value."),
    )
    scale_id = SelectField(
        _l("Scale"), choices=[], validate_choice=False, description=_l("For scale benchmarks.")
    )
    baseline = NumberField(
        _l("Baseline"), validators=[Optional()], description=_l("For numeric: where it started.")
    )
    target = NumberField(
        _l("Target"), validators=[Optional()], description=_l("For numeric: where it should get to.")
    )
    unit = StringField(
        _l("Unit"), validators=[Optional(), Length(max=40)], description=_l("For numeric, e.g. %.")
    )
    direction = SelectField(_l("Better when"), choices=options(DIRECTION_CHOICES), default="")
    weight = NumberField(
        _l("Weight"),
        default=1.0,
        validators=[InputRequired(message=_l("Enter a weight above 0.")), NumberRange(min=0.01, max=1000)],
        description=_l("How much it counts in the recommendation's score."),
    )
    due_on = DayField(_l("Due"), validators=[Optional()])
    reporting_frequency = SelectField(_l("Reports"), choices=options(FREQUENCY_CHOICES), default="")
    reporting_due_day = IntegerField(
        _l("Report due on day"),
        validators=[Optional(), NumberRange(min=1, max=31)],
        description=_l("Of the period's last month; empty means its last day."),
    )
    # The title in the other languages (the fold under the row).
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=300)])
    title_sq = StringField(_l("Title in Albanian"), validators=[Optional(), Length(max=300)])
    title_sr_latn = StringField(_l("Title in Serbian (Latin)"), validators=[Optional(), Length(max=300)])
    title_sr_cyrl = StringField(_l("Title in Serbian (Cyrillic)"), validators=[Optional(), Length(max=300)])


class RecommendationForm(FlaskForm):
    """A recommendation with its actors and benchmarks."""

    version = HiddenField()
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=32)],
        description=_l("A short id, unique, e.g. EU-03."),
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("A short summary, in your words."),
    )
    text = TextAreaField(
        _l("Wording"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l("The recommendation as the source words it."),
    )
    source_id = SelectField(_l("Source"), choices=[], validate_choice=False)
    locator = StringField(
        _l("Where in the source"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Page, section, table row or a short quote."),
    )
    theme_id = SelectField(
        _l("Theme"),
        choices=[],
        validate_choice=False,
        validators=[DataRequired(message=_l("Choose a theme."))],
    )
    priority = SelectField(_l("Priority"), choices=options(PRIORITY_CHOICES), default=Priority.MEDIUM.value)
    status = SelectField(_l("Status"), choices=options(STATUS_CHOICES), default=Status.PROPOSED.value)
    issued_on = DayField(_l("Issued on"), validators=[Optional()])
    due_on = DayField(_l("Due on"), validators=[Optional()])
    tags = StringField(
        _l("Tags"), validators=[Optional(), Length(max=500)], description=_l("Separate tags with commas.")
    )
    actors = FieldList(FormField(ActorLinkForm), label=_l("Actors"))
    benchmarks = FieldList(FormField(BenchmarkForm), label=_l("Benchmarks"))
    original_locale = SelectField(
        "Written in", choices=options(list(CONTENT_LANGUAGES.items())), default="en"
    )
    in_en = FormField(RecommendationTranslationForm, label=_l("English"))
    in_sq = FormField(RecommendationTranslationForm, label="Shqip")
    in_sr_latn = FormField(RecommendationTranslationForm, label="Srpski")
    in_sr_cyrl = FormField(RecommendationTranslationForm, label="Српски")


class DeleteRecommendationForm(FlaskForm):
    """Deleting for good asks for the code again."""

    confirm_code = StringField(_l("Type the code to confirm"), validators=[DataRequired()])


class ArchiveForm(FlaskForm):
    """A plain button that carries the record's version."""

    version = HiddenField()

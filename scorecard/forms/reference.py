"""Forms for reference data: sources, actors, themes, review cycles and scales."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional

from scorecard.forms.fields import DayField, NumberField, options
from scorecard.models import ActorKind

from .base import FlaskForm, Form

ACTOR_KIND_CHOICES = [
    (ActorKind.EU_INSTITUTION.value, _l("EU institution")),
    (ActorKind.GOVERNMENT.value, _l("Government")),
    (ActorKind.INTERNATIONAL_ORGANISATION.value, _l("International organisation")),
    (ActorKind.MEMBER_STATES.value, _l("Member states")),
    (ActorKind.CIVIL_SOCIETY.value, _l("Civil society")),
    (ActorKind.LOCAL_AUTHORITY.value, _l("Local authority")),
    (ActorKind.OTHER.value, _l("Other")),
]
# The content languages and the suffix of their fields (as in forms/recommendations.py).
CONTENT_LANGUAGES = {"en": "English", "sq": "Shqip", "sr-Latn": "Srpski", "sr-Cyrl": "Српски"}
FIELD_SUFFIX = {"en": "en", "sq": "sq", "sr-Latn": "sr_latn", "sr-Cyrl": "sr_cyrl"}


def fold_fields(*names: str) -> frozenset[str]:
    """The fields of a form's translations' fold (these fields in each language, and the original's)."""
    return frozenset(
        {"original_locale"} | {f"{name}_{suffix}" for name in names for suffix in FIELD_SUFFIX.values()}
    )


# Fields of the translations' fold: the reference views fill and read them.
TRANSLATION_FIELDS = fold_fields("name", "title")


def original_locale_field() -> SelectField:
    """The fold's "Written in" menu: which language the record's own wording is in."""
    return SelectField(_l("Written in"), choices=options(list(CONTENT_LANGUAGES.items())), default="en")


def in_language(language: str | LazyString, length: int | None) -> StringField:
    """A fold's field for one language (`length` None: a text area, unbounded)."""
    if length is None:
        return TextAreaField(language, validators=[Optional()], render_kw={"rows": 3})
    return StringField(language, validators=[Optional(), Length(max=length)])


class SourceForm(FlaskForm):
    """A report, article or statement."""

    version = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    publisher = StringField(_l("Publisher"), validators=[Optional(), Length(max=200)])
    authors = StringField(_l("Authors"), validators=[Optional(), Length(max=300)])
    published_on = DayField(_l("Published on"), validators=[Optional()])
    original_locale = original_locale_field()
    title_sq = in_language("Shqip", 300)
    title_sr_latn = in_language("Srpski", 300)
    title_sr_cyrl = in_language("Српски", 300)
    title_en = in_language("English", 300)
    url = URLField(
        _l("Web address"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Starting with http:// or https://."),
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])


class _NamedInLanguages(FlaskForm):
    """A name, the language it is written in and its translations: what actors and themes share.

    (The page lists the translations in their own section, so that these fields come first does not show.)
    """

    version = HiddenField()
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    original_locale = original_locale_field()
    name_sq = in_language("Shqip", 200)
    name_sr_latn = in_language("Srpski", 200)
    name_sr_cyrl = in_language("Српски", 200)
    name_en = in_language("English", 200)


class ActorForm(_NamedInLanguages):
    """Someone recommendations are addressed to."""

    kind = SelectField(_l("Kind"), choices=options(ACTOR_KIND_CHOICES), default="government")


class ThemeForm(_NamedInLanguages):
    """A policy area."""

    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])


class PerspectiveForm(FlaskForm):
    """Whose assessment an entry can be, besides the monitoring team's."""

    version = HiddenField()
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])


class CycleForm(FlaskForm):
    """A named period that reports compare."""

    version = HiddenField()
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("For example “2026 annual dialogue”."),
    )
    starts_on = DayField(
        _l("Starts on"), validators=[DataRequired(message=_l("Enter the first day of the cycle."))]
    )
    ends_on = DayField(
        _l("Ends on"), validators=[DataRequired(message=_l("Enter the last day of the cycle."))]
    )


class LevelForm(Form):
    """One level of a scale."""

    id = HiddenField()
    label = StringField(_l("Label"), validators=[DataRequired(), Length(max=80)])
    score = NumberField(_l("Score (0–100)"), validators=[Optional()])
    colour = StringField(
        _l("Colour"),
        validators=[DataRequired(), Length(min=7, max=7)],
        default="#9e9e9e",
        render_kw={"type": "color"},
    )


class ScaleForm(FlaskForm):
    """An ordered scale, worst level first."""

    version = HiddenField()
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    levels = FieldList(FormField(LevelForm), label=_l("Levels"))


class DeleteForm(FlaskForm):
    """A plain delete button."""

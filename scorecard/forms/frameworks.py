"""Forms for frameworks, their items, crosswalk links and relations between recommendations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from scorecard.forms.fields import DayField, NumberField, options

from .base import FlaskForm
from .reference import fold_fields, in_language, original_locale_field

KIND_CHOICES = [
    ("dialogue", _l("Dialogue agreement")),
    ("accession", _l("Accession (clusters and chapters)")),
    ("funding", _l("Funding facility (payment conditions)")),
    ("agreement", _l("Agreement (articles)")),
    ("sdg", _l("Goals and targets (SDG)")),
    ("upr", _l("UPR cycle")),
    ("other", _l("Other")),
]
MET_RULE_CHOICES = [
    ("all_achieved", _l("Every linked benchmark achieved")),
    ("threshold", _l("Score at or above a threshold")),
]
ROLLUP_CHOICES = [
    ("all_children", _l("A parent is met when all its sub-items are")),
    ("score", _l("A parent is met when its rolled-up score meets the rule")),
]
RELATION_CHOICES = [
    ("same_as", _l("is the same as")),
    ("related_to", _l("is related to")),
    ("follows_up_on", _l("follows up on")),
]


class FrameworkForm(FlaskForm):
    """A framework: what it is and when its items are met."""

    version = HiddenField()
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=options(KIND_CHOICES), default="other")
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    met_rule = SelectField(
        _l("An item is met when"), choices=options(MET_RULE_CHOICES), default="all_achieved"
    )
    threshold = NumberField(
        _l("Threshold"),
        validators=[Optional()],
        description=_l("For the threshold rule only: the score (0–100) an item must reach."),
    )
    rollup = SelectField(_l("Roll-up"), choices=options(ROLLUP_CHOICES), default="all_children")
    illustrative = BooleanField(_l("Illustrative (example figures, not a real assessment)"))
    # The fold: the name and description in the other languages.
    original_locale = original_locale_field()
    name_sq = in_language("Shqip", 200)
    name_sr_latn = in_language("Srpski", 200)
    name_sr_cyrl = in_language("Српски", 200)
    name_en = in_language("English", 200)
    description_sq = in_language(_l("Description (%(language)s)", language="Shqip"), None)
    description_sr_latn = in_language(_l("Description (%(language)s)", language="Srpski"), None)
    description_sr_cyrl = in_language(_l("Description (%(language)s)", language="Српски"), None)
    description_en = in_language(_l("Description (%(language)s)", language="English"), None)


class ItemForm(FlaskForm):
    """One item of a framework's tree."""

    version = HiddenField()
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    parent_id = SelectField(_l("Under"), choices=[], validate_choice=False)
    weight = NumberField(_l("Weight"), default=1.0, validators=[Optional()])
    due_on = DayField(_l("Due on"), validators=[Optional()])
    amount = NumberField(_l("Amount at stake"), validators=[Optional()])
    currency = StringField(
        _l("Currency"), validators=[Optional(), Length(max=3)], description=_l("Three letters, such as EUR.")
    )
    # The fold: the title in the other languages.
    original_locale = original_locale_field()
    title_sq = in_language("Shqip", 300)
    title_sr_latn = in_language("Srpski", 300)
    title_sr_cyrl = in_language("Српски", 300)
    title_en = in_language("English", 300)


FRAMEWORK_FOLD = fold_fields("name", "description")
ITEM_FOLD = fold_fields("title")


class LinkForm(FlaskForm):
    """Link an item to a whole recommendation or to one of its benchmarks."""

    code = HiddenField(validators=[DataRequired()])
    target = SelectField(_l("What counts"), choices=[], validate_choice=False)
    weight = NumberField(_l("Weight"), default=1.0, validators=[Optional()])


class LinkWeightForm(FlaskForm):
    """Change how much one crosswalk link counts in its item's score."""

    weight = NumberField(
        _l("Weight"),
        validators=[Optional()],
        description=_l(
            "How much this link counts in the item's score, beside its other links and sub-items."
        ),
    )


class RelationForm(FlaskForm):
    """Relate this recommendation to another, by the other's code."""

    kind = SelectField(_l("This recommendation"), choices=options(RELATION_CHOICES), default="related_to")
    code = StringField(_l("Other recommendation's code"), validators=[DataRequired(), Length(max=32)])


class DeleteForm(FlaskForm):
    """A button that deletes or removes (its CSRF token is the whole form)."""

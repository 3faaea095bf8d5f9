"""Forms for CSV import: the upload, the column mapping, and the confirmation."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from .base import FlaskForm

ACTOR_KIND_CHOICES = [
    SelectChoice(value, label)
    for value, label in (
        ("other", _l("Other")),
        ("government", _l("Government")),
        ("eu_institution", _l("EU institution")),
        ("international_organisation", _l("International organisation")),
        ("member_states", _l("Member states")),
        ("civil_society", _l("Civil society")),
        ("local_authority", _l("Local authority")),
    )
]
NO_COLUMN = ""
# The CSV encodings a person may choose; empty: detect it.
ENCODING_CHOICES = [
    SelectChoice("", _l("Detect it")),
    SelectChoice("utf-8", _l("UTF-8 (with or without byte-order mark)")),
    SelectChoice("utf-16", "UTF-16"),
    SelectChoice("cp1252", _l("Windows-1252 (Excel on Windows, Western Europe)")),
    SelectChoice("mac_roman", _l("Mac Roman (older Mac software)")),
]


class MappableField(Protocol):
    """One of our fields as the mapping form shows it (the import service describes them)."""

    @property
    def name(self) -> str:
        """Our column name."""

    @property
    def label(self) -> str:
        """What people call it."""

    @property
    def choices(self) -> tuple[str, ...]:
        """The values it takes, when it takes one of a list."""


class UploadForm(FlaskForm):
    """A CSV file or workbook to import, with the encoding or sheet to read."""

    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(_l("Choose a CSV file to upload."))],
        description=_l(
            "A Scorecard export (edited or not), another spreadsheet as CSV, or an .xlsx workbook."
        ),
    )
    encoding = SelectField(
        _l("Encoding"),
        choices=ENCODING_CHOICES,
        default="",
        description=_l("Leave it to be detected, unless the preview shows accented letters garbled."),
    )
    sheet = StringField(
        _l("Sheet"),
        validators=[Optional(), Length(max=120)],
        description=_l("For a workbook: the sheet's name or number. Empty: the first sheet."),
    )


class ConfirmForm(FlaskForm):
    """Confirming an import: the CSRF token and the fingerprint of the plan that was previewed."""

    plan = HiddenField(validators=[InputRequired(), Length(max=64)])


class MappingNameForm(FlaskForm):
    """Renaming a saved mapping."""

    name = StringField(_l("New name"), validators=[InputRequired(), Length(max=120)])


class DeleteMappingForm(FlaskForm):
    """Deleting a saved mapping: the CSRF token alone."""


class MappingForm(FlaskForm):
    """How a foreign file's columns map onto our fields; its fields are added per kind."""

    kind = HiddenField()
    actor_kind = SelectField(_l("Kind of new actors"), choices=ACTOR_KIND_CHOICES, default="other")
    save = BooleanField(_l("Save this mapping for the next file with the same columns"), default=True)
    name = StringField(_l("Mapping name"), validators=[Optional(), Length(max=120)])

    def rule_fields(self, name: str) -> dict[str, Any]:
        """The column, value, separator and translation fields of one of our fields."""
        return {
            part: getattr(self, f"{name}__{part}")
            for part in ("column", "value", "separator", "translate", "date_format")
            if hasattr(self, f"{name}__{part}")
        }


def mapping_form(
    targets: Sequence[MappableField],
    columns: Sequence[str],
    *,
    defaults: Mapping[str, Any] | None = None,
    date_formats: Mapping[str, str] | None = None,
    date_fields: Collection[str] = (),
) -> MappingForm:
    """A mapping form for these fields and these source columns, pre-filled with `defaults`.

    Each field gets a column menu, a text box for a fixed value, default or
    template ({Column} and {row}), a separator for multi-valued cells, and, for
    fields that take one of a list of values (and dates), a box for value
    translations; a date field (one of `date_fields`) a menu of `date_formats`.
    """

    class _Form(MappingForm):
        """This mapping's form class, with a row of fields per target."""

        pass

    choices = [
        SelectChoice(NO_COLUMN, gettext("— no column —")),
        *(SelectChoice(column, column) for column in columns),
    ]
    for target in targets:
        for suffix, field in _target_fields(target, choices, date_formats, date_fields).items():
            setattr(_Form, f"{target.name}__{suffix}", field)
    return _Form(data=dict(defaults or {}))


def _target_fields(
    target: MappableField,
    choices: list[SelectChoice],
    date_formats: Mapping[str, str] | None,
    date_fields: Collection[str],
) -> dict[str, Any]:
    """One target's row of the mapping form, by the suffix of each field's name, in the row's order."""
    label = gettext(str(target.label))
    fields: dict[str, Any] = {
        "column": SelectField(gettext("%(field)s: column", field=label), choices=choices, default=NO_COLUMN),
        "value": StringField(
            gettext("%(field)s: fixed value or default", field=label),
            validators=[Optional(), Length(max=300)],
        ),
        "separator": StringField(
            gettext("%(field)s: separator", field=label), validators=[Optional(), Length(max=5)]
        ),
    }
    if target.name in date_fields:
        fields["date_format"] = SelectField(
            gettext("%(field)s: date format", field=label),
            choices=[
                SelectChoice("", gettext("as YYYY-MM-DD")),
                *(SelectChoice(k, gettext(v)) for k, v in (date_formats or {}).items()),
            ],
            default="",
        )
    if target.choices or target.name in date_fields:
        fields["translate"] = StringField(
            gettext("%(field)s: translate values", field=label),
            validators=[Optional(), Length(max=1000)],
            description=gettext("e.g. Accepted=accepted; Noted=rejected"),
        )
    return fields

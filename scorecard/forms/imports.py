"""Forms for CSV import: the upload, the column mapping, and the confirmation."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from .base import FlaskForm

ACTOR_KIND_CHOICES = [
    SelectChoice(value, label)
    for value, label in (
        ("other", "Other"),
        ("government", "Government"),
        ("eu_institution", "EU institution"),
        ("international_organisation", "International organisation"),
        ("member_states", "Member states"),
        ("civil_society", "Civil society"),
        ("local_authority", "Local authority"),
    )
]
NO_COLUMN = ""
# The CSV encodings a person may choose; empty: detect it.
ENCODING_CHOICES = [
    SelectChoice("", "Detect it"),
    SelectChoice("utf-8", "UTF-8 (with or without byte-order mark)"),
    SelectChoice("utf-16", "UTF-16"),
    SelectChoice("cp1252", "Windows-1252 (Excel on Windows, Western Europe)"),
    SelectChoice("mac_roman", "Mac Roman (older Mac software)"),
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
        "CSV file",
        validators=[FileRequired("Choose a CSV file to upload.")],
        description="A Scorecard export (edited or not), another spreadsheet as CSV, or an .xlsx workbook.",
    )
    encoding = SelectField(
        "Encoding",
        choices=ENCODING_CHOICES,
        default="",
        description="Leave it to be detected, unless the preview shows accented letters garbled.",
    )
    sheet = StringField(
        "Sheet",
        validators=[Optional(), Length(max=120)],
        description="For a workbook: the sheet's name or number. Empty: the first sheet.",
    )


class ConfirmForm(FlaskForm):
    """Confirming an import: the CSRF token and the fingerprint of the plan that was previewed."""

    plan = HiddenField(validators=[InputRequired(), Length(max=64)])


class MappingNameForm(FlaskForm):
    """Renaming a saved mapping."""

    name = StringField("New name", validators=[InputRequired(), Length(max=120)])


class DeleteMappingForm(FlaskForm):
    """Deleting a saved mapping: the CSRF token alone."""


class MappingForm(FlaskForm):
    """How a foreign file's columns map onto our fields; its fields are added per kind."""

    kind = HiddenField()
    actor_kind = SelectField("Kind of new actors", choices=ACTOR_KIND_CHOICES, default="other")
    save = BooleanField("Save this mapping for the next file with the same columns", default=True)
    name = StringField("Mapping name", validators=[Optional(), Length(max=120)])

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
        SelectChoice(NO_COLUMN, "— no column —"),
        *(SelectChoice(column, column) for column in columns),
    ]
    for target in targets:
        setattr(
            _Form,
            f"{target.name}__column",
            SelectField(f"{target.label}: column", choices=choices, default=NO_COLUMN),
        )
        setattr(
            _Form,
            f"{target.name}__value",
            StringField(
                f"{target.label}: fixed value or default",
                validators=[Optional(), Length(max=300)],
            ),
        )
        setattr(
            _Form,
            f"{target.name}__separator",
            StringField(f"{target.label}: separator", validators=[Optional(), Length(max=5)]),
        )
        if target.name in date_fields:
            setattr(
                _Form,
                f"{target.name}__date_format",
                SelectField(
                    f"{target.label}: date format",
                    choices=[
                        SelectChoice("", "as YYYY-MM-DD"),
                        *(SelectChoice(k, v) for k, v in (date_formats or {}).items()),
                    ],
                    default="",
                ),
            )
        if target.choices or target.name in date_fields:
            setattr(
                _Form,
                f"{target.name}__translate",
                StringField(
                    f"{target.label}: translate values",
                    validators=[Optional(), Length(max=1000)],
                    description="e.g. Accepted=accepted; Noted=rejected",
                ),
            )
    return _Form(data=dict(defaults or {}))

"""Form fields with messages a person understands, and the right keyboard on a phone."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DateField, FloatField, PasswordField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import Select

from scorecard.errors import N_
from scorecard.rules.progress import CALENDAR_MESSAGE
from scorecard.scoring import within_calendar


class NumberField(FloatField):
    """A decimal number; on phones the numeric keyboard."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        render_kw = {"inputmode": "decimal", **kwargs.pop("render_kw", {})}
        super().__init__(*args, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Accept a comma as the decimal mark, as many spreadsheets and locales write it."""
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].strip().replace(",", ".")]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(N_("Enter a number, such as 12 or 3.5.")) from error
        if self.data is not None and not math.isfinite(self.data):  # "nan" and "inf" parse as floats
            raise ValueError(N_("Enter a number, such as 12 or 3.5."))


class DayField(DateField):
    """A calendar date (the browser's date picker), ISO when typed."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Say how to write a date when the input is not one."""
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(N_("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")) from error
        if self.data is not None and not within_calendar(self.data):
            raise ValueError(CALENDAR_MESSAGE)


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Choices for a select or radio field, as WTForms 3.3+ wants them (value, label)."""
    return [SelectChoice(value, label) for value, label in pairs]


def passphrase_length() -> Length:
    """The length rule for new passwords, said plainly (the service enforces it too)."""
    return Length(min=12, max=128, message=_l("Use at least 12 characters (and at most 128)."))


def password_pair(
    label: Any, again: Any, *, name: str = "password", description: Any = None
) -> tuple[PasswordField, PasswordField]:
    """A new password and its confirmation (which must equal the field called `name`)."""
    typed = {"render_kw": {"autocomplete": "new-password"}}
    return (
        PasswordField(
            label, validators=[DataRequired(), passphrase_length()], description=description, **typed
        ),
        PasswordField(
            again,
            validators=[DataRequired(), EqualTo(name, message=_l("The two entries differ."))],
            **typed,
        ),
    )


class QuickSelect(Select):
    """A <select> drawn in one pass: WTForms' generic widget spends most of a long menu's time per option.

    Same output (value, label, selected; the field's attributes), made by
    string formatting with escaping instead of an html_params call per option.
    """

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        """The select element with its options."""
        kwargs.setdefault("id", field.id)
        attributes = widgets.html_params(name=field.name, **kwargs)
        chosen = {
            str(value) for value in (field.data if isinstance(field.data, list | tuple) else [field.data])
        }
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) in chosen else ""}>'
            f"{escape(label)}</option>"
            for value, label, *_ in field.iter_choices()
        )
        return Markup(f"<select {attributes}>{options}</select>")  # noqa: S704 - every part escaped above

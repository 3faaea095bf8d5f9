"""The base forms every form derives from: no field takes a control character (rules.characters)."""

from __future__ import annotations

from typing import Any

from flask_babel import get_translations, gettext, ngettext
from flask_wtf import FlaskForm as _FlaskForm
from wtforms import Field
from wtforms import Form as _Form
from wtforms.meta import DefaultMeta
from wtforms.validators import StopValidation

from scorecard.rules.characters import control_message


def refuse_control_characters(form: Any, field: Field) -> None:
    """A field error (and no further checks) when what was posted holds a control character."""
    for raw in field.raw_data or ():
        message = control_message(raw) if isinstance(raw, str) else None
        if message is not None:
            field.data = None  # the value is never shown back nor passed on
            raise StopValidation(gettext(message.msgid, **message.params))


class _Translations:
    """WTForms' own messages (This field is required., Field cannot be longer than …) from our catalogues.

    WTForms ships no Albanian and only a Cyrillic Serbian; its messages are copied into ours
    (`wtforms_messages`), so every language has them and `make translations` keeps them complete.
    """

    def gettext(self, string: str) -> str:
        """One message in this page's language."""
        return str(gettext(string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """A message with a count in this page's language (its values filled in by WTForms)."""
        # Not flask_babel's ngettext: it fills in values itself, and WTForms' are %(min)d/%(max)d.
        return str(get_translations().ungettext(singular, plural, n))


TRANSLATIONS = _Translations()


def wtforms_messages() -> None:
    """Never called: lists the WTForms messages our forms can show, for `make translations` to extract."""
    gettext("This field is required.")
    gettext("Invalid input.")
    gettext("Invalid email address.")
    gettext("Invalid URL.")
    gettext("Not a valid choice.")
    gettext("Invalid Choice: could not coerce.")
    gettext("Not a valid integer value.")
    gettext("Not a valid decimal value.")
    gettext("Not a valid float value.")
    gettext("Not a valid date value.")
    gettext("Not a valid datetime value.")
    gettext("Number must be at least %(min)s.")
    gettext("Number must be at most %(max)s.")
    gettext("Number must be between %(min)s and %(max)s.")
    gettext("Field must be between %(min)d and %(max)d characters long.")
    gettext("Field must be equal to %(other_name)s.")
    gettext("Invalid value, must be one of: %(values)s.")
    ngettext(
        "Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1
    )
    ngettext(
        "Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1
    )
    ngettext(
        "Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1
    )
    ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        1,
    )


class _RefusingMeta:
    """Puts `refuse_control_characters` first in every field's validators; WTForms speaks our languages."""

    def get_translations(self, form: Any) -> _Translations:
        """WTForms' messages through our catalogues (see `_Translations`)."""
        return TRANSLATIONS

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
        """Bind as WTForms does, then prepend the character check."""
        field: Field = DefaultMeta.bind_field(self, form, unbound_field, options)
        field.validators = [refuse_control_characters, *field.validators]
        return field


class FlaskForm(_FlaskForm):
    """Flask-WTF's form (CSRF) whose fields refuse control characters."""

    class Meta(_RefusingMeta, _FlaskForm.Meta):
        """Flask-WTF's meta with the character check."""


class Form(_Form):
    """WTForms' plain form (a FormField's rows) whose fields refuse control characters."""

    class Meta(_RefusingMeta, DefaultMeta):
        """WTForms' meta with the character check."""


class GetForm(FlaskForm):
    """A GET form that changes nothing (filters, dates): every value is in the URL, so no CSRF token."""

    class Meta:
        csrf = False

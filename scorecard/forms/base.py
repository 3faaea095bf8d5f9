"""The base forms every form derives from: no field takes a control character (rules.characters)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
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


class _RefusingMeta:
    """Puts `refuse_control_characters` first in every field's validators."""

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

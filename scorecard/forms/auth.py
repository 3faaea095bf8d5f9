"""Forms for signing in, for changing one's own password, and for the interface language one prefers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Length

from scorecard.forms.fields import password_pair

from .base import FlaskForm


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    """The current password, then the new one twice."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password, confirm = password_pair(
        _l("New password"),
        _l("New password again"),
        name="new_password",
        description=_l("At least 12 characters. A few unrelated words make a good one."),
    )


class LanguageForm(FlaskForm):
    """The interface language to show this person, wherever they sign in; the view lists the languages."""

    locale = SelectField(
        _l("Interface language"),
        choices=[],
        description=_l("Empty: the language your browser asks for."),
    )


class RemindersForm(FlaskForm):
    """Whether this person gets reporting reminders (contributors) or the weekly digest (reviewers)."""

    reminders_enabled = BooleanField(
        _l("Send me reporting reminders"),
        description=_l("Reminders of reports due and overdue, or the reviewers' weekly digest."),
    )

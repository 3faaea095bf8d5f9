"""Forms for signing in and for changing one's own password."""

from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from scorecard.forms.fields import passphrase_length

from .base import FlaskForm


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(
        "Email",
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    """The current password, then the new one twice."""

    current_password = PasswordField(
        "Current password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), passphrase_length()],
        description="At least 12 characters. A few unrelated words make a good one.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new_password", message="The two entries differ.")],
        render_kw={"autocomplete": "new-password"},
    )

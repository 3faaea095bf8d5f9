"""Forms for administering accounts and reading the audit trail."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from scorecard.forms.fields import DayField, options, passphrase_length

from .base import FlaskForm

ROLE_CHOICES = [
    ("viewer", "Viewer — reads everything"),
    ("analyst", "Analyst — also records and edits"),
    ("admin", "Admin — also manages accounts, scales and the audit log"),
]


class UserCreateForm(FlaskForm):
    """A new account with its first password."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    role = SelectField("Role", choices=options(ROLE_CHOICES), default="viewer")
    password = PasswordField(
        "Password",
        validators=[DataRequired(), passphrase_length()],
        description="At least 12 characters; they can change it after signing in.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Password again",
        validators=[DataRequired(), EqualTo("password", message="The two entries differ.")],
        render_kw={"autocomplete": "new-password"},
    )


class UserEditForm(FlaskForm):
    """Name, role and whether the account may sign in."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    role = SelectField("Role", choices=options(ROLE_CHOICES))
    active = BooleanField("Active (may sign in)")
    version = HiddenField()


class PasswordResetForm(FlaskForm):
    """A new password set by an admin."""

    password = PasswordField(
        "New password",
        validators=[DataRequired(), passphrase_length()],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("password", message="The two entries differ.")],
        render_kw={"autocomplete": "new-password"},
    )


class UnlockForm(FlaskForm):
    """The button that lifts an account's sign-in throttle (a form for its CSRF token)."""


class AuditFilterForm(FlaskForm):
    """Filters for the audit page (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    action = SelectField("Action", choices=[], validate_choice=False)
    entity = SelectField("Record", choices=[], validate_choice=False)
    user = StringField("User email contains", validators=[Optional(), Length(max=254)])
    since = DayField("From", validators=[Optional()])
    until = DayField("To", validators=[Optional()])
    recommendation_id = IntegerField("Recommendation id", validators=[Optional()])
    page = IntegerField(validators=[Optional()], default=1)

"""Forms for administering accounts and reading the audit trail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from scorecard.forms.fields import DayField, options, password_pair

from .base import FlaskForm, GetForm

ROLE_CHOICES = [
    ("viewer", _l("Viewer — reads everything")),
    ("analyst", _l("Analyst — also records and edits")),
    ("admin", _l("Admin — also manages accounts, scales and the audit log")),
    ("contributor", _l("Contributor — reports progress for its actors, for review")),
]


def _actors_field() -> SelectMultipleField:
    """A contributor's actors (the view fills in the choices)."""
    return SelectMultipleField(
        _l("Reports for (contributors)"),
        choices=[],
        coerce=int,
        validate_choice=False,
        description=_l("The actors a contributor reports progress for; other roles ignore it."),
    )


class UserCreateForm(FlaskForm):
    """A new account with its first password."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=options(ROLE_CHOICES), default="viewer")
    actors = _actors_field()
    password, confirm = password_pair(
        _l("Password"),
        _l("Password again"),
        description=_l("At least 12 characters; they can change it after signing in."),
    )


class UserEditForm(FlaskForm):
    """Name, role and whether the account may sign in."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=options(ROLE_CHOICES))
    actors = _actors_field()
    active = BooleanField(_l("Active (may sign in)"))
    version = HiddenField()


class PasswordResetForm(FlaskForm):
    """A new password set by an admin."""

    password, confirm = password_pair(_l("New password"), _l("New password again"))


class UnlockForm(FlaskForm):
    """The button that lifts an account's sign-in throttle (a form for its CSRF token)."""


class AuditFilterForm(GetForm):
    """Filters for the audit page (GET, so no CSRF token)."""

    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    entity = SelectField(_l("Record"), choices=[], validate_choice=False)
    user = StringField(_l("User email contains"), validators=[Optional(), Length(max=254)])
    since = DayField(_l("From"), validators=[Optional()])
    until = DayField(_l("To"), validators=[Optional()])
    recommendation_id = IntegerField(_l("Recommendation id"), validators=[Optional()])
    page = IntegerField(validators=[Optional()], default=1)

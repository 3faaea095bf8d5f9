"""Administration: accounts and roles, and the audit trail."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.errors import N_
from scorecard.forms.admin import (
    AuditFilterForm,
    PasswordResetForm,
    UnlockForm,
    UserCreateForm,
    UserEditForm,
)
from scorecard.forms.fields import options
from scorecard.i18n import translate
from scorecard.models import User
from scorecard.services import audit, reference, users
from scorecard.web.common import acting_user, form_version, run_confirmed, save_form, save_then_go
from scorecard.web.filters import url_page

from .auth import password_policy

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
def users_index() -> str:
    """Every account with its role and state."""
    return render_template("admin/users.html", users=users.list_users(get_session()))


AccountForm = TypeVar("AccountForm", UserCreateForm, UserEditForm)


def _with_actors(form: AccountForm) -> AccountForm:
    """The form with every actor to choose from, for a contributor's "reports for"."""
    form.actors.choices = [(actor.id, actor.name) for actor in reference.list_actors(get_session())]
    return form


def _create_user(form: UserCreateForm) -> User:
    return users.create_user(
        get_session(),
        email=form.email.data or "",
        name=form.name.data or "",
        role=form.role.data or "",
        password=form.password.data or "",
        passwords=password_policy(),
        by=acting_user(),
        actor_ids=form.actors.data or [],
    )


@bp.route("/users/new", methods=["GET", "POST"])
def user_create() -> Response | str:
    """Add an account."""
    form = _with_actors(UserCreateForm())
    user = save_form(form, lambda: _create_user(form))
    if user is None:
        return render_template("admin/user_create.html", form=form)
    flash(gettext("Account %(email)s created.", email=user.email), "success")
    return redirect(url_for("admin.users_index"))


def _update_user(form: UserEditForm, user_id: int) -> User:
    return users.update_user(
        get_session(),
        user_id,
        name=form.name.data or "",
        role=form.role.data or "",
        active=bool(form.active.data),
        expected_version=form_version(form),
        by=acting_user(),
        actor_ids=form.actors.data or [],
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int) -> Response | str:
    """Change an account's name, role, or whether it may sign in."""
    user = users.get_user(get_session(), user_id)
    form = _edit_form(user)
    return save_then_go(
        form,
        lambda: _update_user(form, user_id),
        lambda: _edit_page(form, user),
        gettext("Account %(email)s saved.", email=user.email),
        url_for("admin.users_index"),
    )


def _edit_page(form: UserEditForm, user: User) -> str:
    """The account's page: its form, and the password-reset and unlock buttons' forms."""
    return render_template(
        "admin/user_edit.html",
        form=form,
        account=user,
        reset_form=PasswordResetForm(formdata=None),
        unlock_form=UnlockForm(formdata=None),
    )


def _edit_form(user: User) -> UserEditForm:
    """The account form: on GET filled from the account, on POST as posted; its actors the account's."""
    shown = request.method == "GET"
    actor_ids = users.user_actor_ids(get_session(), user.id)
    return _with_actors(UserEditForm(obj=user if shown else None, actors=actor_ids))


def _reset_password(form: PasswordResetForm, user_id: int) -> User:
    return users.reset_password(
        get_session(),
        user_id,
        password=form.password.data or "",
        passwords=password_policy(),
        by=acting_user(),
    )


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
def user_password(user_id: int) -> Response | str:
    """Set a new password for someone; their sessions end."""
    user = users.get_user(get_session(), user_id)
    form = PasswordResetForm()
    return save_then_go(
        form,
        lambda: _reset_password(form, user_id),
        lambda: render_template("admin/user_password.html", form=form, account=user),
        gettext("New password set for %(email)s; their sessions have ended.", email=user.email),
        url_for("admin.user_edit", user_id=user_id),
    )


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
def user_unlock(user_id: int) -> Response:
    """Lift an account's sign-in throttle, for an owner locked out by someone else's guesses."""
    user = users.get_user(get_session(), user_id)
    if run_confirmed(UnlockForm(), lambda: users.unlock_sign_in(get_session(), user_id, by=acting_user())):
        flash(
            gettext(
                "%(email)s may sign in again: earlier failed attempts no longer count.", email=user.email
            ),
            "success",
        )
    return redirect(url_for("admin.user_edit", user_id=user_id))


# How the audit log names what was done and to what kind of record.
AUDIT_ACTIONS = {
    "archive": N_("archive"),
    "change_password": N_("change password"),
    "correct": N_("correct"),
    "create": N_("create"),
    "delete": N_("delete"),
    "generate": N_("generate"),
    "password_check_failed": N_("password check failed"),
    "reset_password": N_("reset password"),
    "sign_in": N_("sign in"),
    "sign_in_failed": N_("sign-in failed"),
    "sign_out": N_("sign out"),
    "unlock_sign_in": N_("unlock sign-in"),
    "update": N_("update"),
}
AUDIT_ENTITIES = {
    "actor": N_("actor"),
    "benchmark": N_("benchmark"),
    "import": N_("import"),
    "progress_entry": N_("progress entry"),
    "recommendation": N_("recommendation"),
    "review_cycle": N_("review cycle"),
    "scale": N_("scale"),
    "source": N_("source"),
    "theme": N_("theme"),
    "user": N_("account"),
}


def action_name(action: str) -> str:
    """An audit action as this page's language says it."""
    return translate(AUDIT_ACTIONS.get(action) or action.replace("_", " "))


def entity_name(entity: str) -> str:
    """A kind of audited record as this page's language says it."""
    return translate(AUDIT_ENTITIES.get(entity) or entity.replace("_", " "))


def _audit_form(session: Session) -> AuditFilterForm:
    """The audit filter read from the URL, its choices the actions and records the trail holds."""
    form = AuditFilterForm(request.args)
    actions, entities = audit.distinct_values(session)
    form.action.choices = options([("", gettext("Any action"))] + [(a, action_name(a)) for a in actions])
    form.entity.choices = options([("", gettext("Any record"))] + [(e, entity_name(e)) for e in entities])
    form.validate()
    return form


def _audit_criteria(form: AuditFilterForm) -> audit.AuditFilter:
    """What the filter asks for; a field that did not parse filters nothing."""
    return audit.AuditFilter(
        action=form.action.data or "",
        entity=form.entity.data or "",
        user=form.user.data or "",
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
        recommendation_id=form.recommendation_id.data if not form.recommendation_id.errors else None,
    )


@bp.route("/audit")
def audit_log() -> str:
    """The audit trail, newest first, with filters."""
    session = get_session()
    form = _audit_form(session)
    page = audit.list_events(session, criteria=_audit_criteria(form), page=url_page(request.args))
    return render_template("admin/audit.html", form=form, page=page, action_name=action_name)

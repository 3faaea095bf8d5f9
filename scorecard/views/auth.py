"""Signing in and out, and changing one's own password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, gettext
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from scorecard import i18n
from scorecard.db import get_session
from scorecard.errors import InvalidCredentials, RuleViolation, Throttled
from scorecard.forms.auth import ChangePasswordForm, LanguageForm, LoginForm, RemindersForm
from scorecard.models import User
from scorecard.services import preferences, reminders, users
from scorecard.web.common import acting_user, commit, save_form
from scorecard.web.errors import render_error
from scorecard.web.security import client_ip, known_device, remember_device, signed_in
from scorecard.web.templating import home_endpoint

bp = Blueprint("auth", __name__)


def password_policy() -> users.PasswordPolicy:
    """Argon2 costs from the settings."""
    config = current_app.config
    return users.PasswordPolicy(
        int(config["PASSWORD_HASH_TIME_COST"]), int(config["PASSWORD_HASH_MEMORY_KIB"])
    )


def throttle_policy() -> users.ThrottlePolicy:
    """Sign-in throttling from the settings."""
    config = current_app.config
    return users.ThrottlePolicy(int(config["SIGN_IN_MAX_FAILURES"]), int(config["SIGN_IN_WINDOW_SECONDS"]))


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site; None for anything that could leave it.

    Refused: //evil.example, https://…, backslashes, control characters.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


def _authenticate(form: LoginForm) -> User:
    """The account these credentials open; the attempt is committed even when refused, to count
    towards throttling."""
    try:
        user = users.authenticate(
            get_session(),
            email=form.email.data or "",
            password=form.password.data or "",
            ip=client_ip(request),
            passwords=password_policy(),
            throttle=throttle_policy(),
            device=known_device(form.email.data or ""),
            request_id=acting_user().request_id,
        )
    except (Throttled, InvalidCredentials):
        commit()
        raise
    commit()
    return user


def _throttled(throttled: Throttled) -> tuple[str, int, dict[str, str]]:
    return render_error(
        429,
        f"Too many failed sign-ins for this account or from this address. "
        f"Try again in {max(1, throttled.retry_after // 60)} minute(s).",
        retry_after=throttled.retry_after,
    )


def _refused(form: LoginForm) -> str:
    form.password.errors = ["Wrong email or password, or the account is not active."]
    return render_template("auth/login.html", form=form)


def _sign_in(user: User) -> None:
    session.clear()  # a fresh session at sign-in: nothing from before carries over
    login_user(signed_in(user))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int, dict[str, str]]:
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint()))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    try:
        user = _authenticate(form)
    except Throttled as throttled:
        return _throttled(throttled)
    except InvalidCredentials:
        return _refused(form)
    _sign_in(user)
    return remember_device(redirect(safe_next(form.next.data) or url_for(home_endpoint())), user.email)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Sign out everywhere: the session token rotates, so copies of the cookie stop working too."""
    users.sign_out(get_session(), current_user.id, by=acting_user())
    commit()
    logout_user()
    session.clear()
    flash(gettext("You are signed out."), "info")
    return redirect(url_for("auth.login"))


def _change_password(form: ChangePasswordForm) -> User:
    """Change it; a wrong or throttled current password is refused, the wrong one committed to count."""
    try:
        return users.change_own_password(
            get_session(),
            current_user.id,
            current_password=form.current_password.data or "",
            new_password=form.new_password.data or "",
            attempt=users.Attempt(current_user.email, client_ip(request), known_device(current_user.email)),
            passwords=password_policy(),
            throttle_policy=throttle_policy(),
            by=acting_user(),
        )
    except users.WrongCurrentPassword:
        commit()
        raise
    except Throttled as throttled:
        raise RuleViolation(
            f"Too many wrong tries. Try again in {max(1, throttled.retry_after // 60)} minute(s).",
            field="current_password",
        ) from None


@bp.route("/account", methods=["GET", "POST"])
def account() -> Response | str:
    """Change one's own password, proving the current one."""
    form = ChangePasswordForm()
    user = save_form(form, lambda: _change_password(form))
    if user is None:
        return render_template(
            "auth/account.html", form=form, language_form=language_form(), **_reminders_part()
        )
    # The token rotated: other sessions end, this one continues under the new token.
    login_user(signed_in(user))
    flash(gettext("Your password is changed. Other sessions have been signed out."), "success")
    return redirect(url_for("auth.account"))


def language_form() -> LanguageForm:
    """The language preference, filled with the saved one; its choices are the interface's languages."""
    saved = i18n.saved_preference() or ""
    form = LanguageForm(data={"locale": saved}) if request.method == "GET" else LanguageForm()
    form.locale.choices = [("", gettext("Follow the browser"))] + [
        (lang.id, lang.name) for lang in i18n.LANGUAGES
    ]
    return form


@bp.post("/account/language")
def account_language() -> Response:
    """Save the interface language this person prefers (empty: follow the browser again)."""
    form = language_form()
    if not form.validate_on_submit():
        flash(gettext("Choose a language from the list."), "error")
        return redirect(url_for("auth.account"))
    locale = i18n.known_locale(form.locale.data)
    preferences.set_locale(get_session(), user_id=current_user.id, locale=locale)
    commit()
    with force_locale(i18n.BY_ID[locale or i18n.DEFAULT_LOCALE].babel_id):
        flash(gettext("Your language preference is saved."), "success")
    return redirect(url_for("auth.account"))


def _reminders_part() -> dict[str, object]:
    """The Account page's reminders: the opt-out switch and the latest reminders (the in-app list)."""
    session = get_session()
    user = session.get(User, current_user.id)
    enabled = bool(user.reminders_enabled) if user is not None else True
    return {
        "reminders_form": RemindersForm(data={"reminders_enabled": enabled}),
        "my_reminders": reminders.recent_lines(session, current_user.id),
    }


@bp.post("/account/reminders")
def account_reminders() -> Response:
    """Turn one's own reporting reminders on or off."""
    form = RemindersForm()
    if form.validate_on_submit():
        reminders.set_enabled(get_session(), current_user.id, enabled=bool(form.reminders_enabled.data))
        commit()
        flash(gettext("Your reminder preference is saved."), "success")
    return redirect(url_for("auth.account"))

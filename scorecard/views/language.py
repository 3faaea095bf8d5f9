"""The language switcher: every page's small form posts here, signed in or not."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from scorecard import i18n
from scorecard.db import get_session
from scorecard.services import preferences
from scorecard.web.common import commit

from .auth import safe_next

bp = Blueprint("language", __name__)


@bp.post("/language")
def switch() -> Response:
    """Show the interface in the chosen language from now on, back on the page the switch was made from."""
    locale = i18n.known_locale(request.form.get("locale"))
    if locale is None:
        abort(400)
    if current_user.is_authenticated:
        preferences.set_locale(get_session(), user_id=current_user.id, locale=locale)
        commit()
    response = redirect(safe_next(request.form.get("next")) or url_for("dashboard.index"))
    i18n.remember_choice(response, locale)
    return response

"""The API's pages: personal access tokens under Account, and the admins' webhook endpoints and deliveries."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.forms.api import ButtonForm, TokenForm, WebhookForm
from scorecard.models import WebhookEndpoint
from scorecard.services import tokens, webhooks
from scorecard.web.common import acting_user, run_confirmed, save_form

bp = Blueprint("api_pages", __name__)


def _create_token(form: TokenForm) -> tokens.NewToken:
    return tokens.create_token(
        get_session(),
        current_user.id,
        name=form.name.data or "",
        scope=form.scope.data or "",
        expires_in_days=form.expires_in_days.data,
        by=acting_user(),
    )


@bp.route("/account/tokens", methods=["GET", "POST"])
def tokens_index() -> str:
    """Your tokens, and a form for a new one (shown once, right after it is made)."""
    form = TokenForm()
    made = save_form(form, lambda: _create_token(form))
    listed = tokens.list_tokens(get_session(), current_user.id)
    return render_template("api/tokens.html", form=form, made=made, tokens=listed, button=ButtonForm())


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
def token_revoke(token_id: int) -> Response:
    """Revoke one of your tokens at once."""

    def revoke() -> object:
        return tokens.revoke_token(get_session(), token_id, user_id=current_user.id, by=acting_user())

    if run_confirmed(ButtonForm(), revoke):
        flash(gettext("The token was revoked."), "success")
    return redirect(url_for("api_pages.tokens_index"))


def _create_endpoint(form: WebhookForm) -> WebhookEndpoint:
    return webhooks.create_endpoint(
        get_session(),
        url=form.url.data or "",
        events=form.events.data or [],
        threshold=form.threshold.data,
        allowed=current_app.config.get("WEBHOOK_ALLOWED_NETWORKS") or (),
        by=acting_user(),
    )


@bp.route("/admin/webhooks", methods=["GET", "POST"])
def webhooks_index() -> str:
    """Webhook endpoints, a form to register one, and the latest deliveries with their answers."""
    form = WebhookForm()
    session = get_session()
    created = save_form(form, lambda: _create_endpoint(form))
    return render_template(
        "api/webhooks.html",
        form=form,
        created=created,
        endpoints=webhooks.list_endpoints(session),
        deliveries=webhooks.recent_deliveries(session),
        button=ButtonForm(),
    )


@bp.route("/admin/webhooks/deliveries/<int:delivery_id>/resend", methods=["POST"])
def webhook_resend(delivery_id: int) -> Response:
    """Send one delivery again (the job queue makes the attempt)."""
    if run_confirmed(ButtonForm(), lambda: webhooks.resend(get_session(), delivery_id, by=acting_user())):
        flash(gettext("The delivery will be sent again."), "success")
    return redirect(url_for("api_pages.webhooks_index"))

"""The API's pages: tokens under Account (shown once, revocable), webhooks for admins only."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from scorecard.models import ApiToken, WebhookDelivery, WebhookEndpoint
from tests import factories
from tests.api.conftest import bearer


def test_pages_create_a_token_shown_once_and_revoke_it(viewer, api, session: Session) -> None:
    page = viewer.submit("/account/tokens", {"name": "R scripts", "scope": "read", "expires_in_days": "30"})
    assert page.status_code == 200
    secret = re.search(r"<code>(sct_[^<]+)</code>", page.get_data(as_text=True)).group(1)
    assert api.get("/api/v1/themes", headers=bearer(secret)).status_code == 200
    assert secret not in viewer.get("/account/tokens").get_data(as_text=True)
    token = session.query(ApiToken).filter_by(name="R scripts").one()
    assert viewer.submit(f"/account/tokens/{token.id}/revoke", page="/account/tokens").status_code == 302
    assert api.get("/api/v1/themes", headers=bearer(secret)).status_code == 401


def test_pages_register_webhooks_for_admins_only(admin, analyst, session: Session, app) -> None:
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = ["127.0.0.1/32"]
    assert analyst.get("/admin/webhooks").status_code == 403
    refused = admin.submit("/admin/webhooks", {"url": "http://10.0.0.5/hook", "events": ["import.finished"]})
    assert "private, loopback or link-local" in refused.get_data(as_text=True)
    page = admin.submit(
        "/admin/webhooks", {"url": "http://127.0.0.1:5172/hook", "events": ["recommendation.changed"]}
    )
    assert "whsec_" in page.get_data(as_text=True)
    endpoint = session.query(WebhookEndpoint).one()
    factories.make_recommendation(session)
    session.commit()
    delivery = session.query(WebhookDelivery).filter_by(endpoint_id=endpoint.id).one()
    listed = admin.get("/admin/webhooks").get_data(as_text=True)
    assert delivery.message_id in listed
    assert (
        admin.submit(f"/admin/webhooks/deliveries/{delivery.id}/resend", page="/admin/webhooks").status_code
        == 302
    )

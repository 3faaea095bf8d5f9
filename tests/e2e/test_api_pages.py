"""The API's pages in a browser: a token made under Account, the webhooks page, the offline reference."""

from __future__ import annotations

import pytest

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_api_pages_make_a_token_and_show_the_reference_offline(page, live_server):
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    outside: list[str] = []
    page.on(
        "request", lambda call: outside.append(call.url) if not call.url.startswith(live_server.url) else None
    )
    sign_in(page, live_server, "admin")
    page.goto(live_server.url + "/account")
    page.get_by_role("link", name="Personal access tokens").click()
    page.get_by_label("Name").fill("R scripts")
    page.get_by_role("button", name="Create token").click()
    assert page.get_by_text("shown only this once").is_visible()
    assert page.locator("code", has_text="sct_").first.is_visible()
    screenshot(page, "api-tokens-1280")
    page.goto(live_server.url + "/admin/webhooks")
    assert page.get_by_role("heading", name="Webhooks").is_visible()
    screenshot(page, "api-webhooks-1280")
    page.goto(live_server.url + "/api/v1/docs")
    assert page.get_by_role("heading", name="GET /api/v1/scorecard").is_visible()
    screenshot(page, "api-docs-1280", full_page=False)
    assert problems == [] and outside == []

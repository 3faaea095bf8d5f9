"""The integrated scorecard in a browser: a viewer follows a dialogue recommendation to the funding."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scorecard import demo
from scorecard.models import Framework

from .conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def arranged(live_server):
    """The demo data, with its illustrative dialogue, accession and funding frameworks."""
    session = live_server.session()
    try:
        demo.load(session)
        session.commit()
        ids = {f.kind: f.id for f in session.scalars(select(Framework))}
    finally:
        session.close()
    return ids


def test_viewer_walks_from_a_dialogue_recommendation_to_the_funding_it_unlocks(page, live_server, arranged):
    sign_in(page, live_server, "viewer")
    page.goto(live_server.url + "/recommendations?q=EU-03")
    page.get_by_role("link", name="Set concrete, time-bound goals for the dialogue").first.click()
    feeds = page.locator("section", has=page.get_by_role("heading", name="Framework items it feeds"))
    assert "Reform and Growth Facility" in feeds.inner_text()
    assert_accessible(page)
    feeds.get_by_role(
        "link", name="2.1 Time-bound work plan for the dialogue agreed with both parties"
    ).click()
    assert "15,000,000 EUR" in page.locator("h1 + p").inner_text()
    behind = page.locator(
        "section", has=page.get_by_role("heading", name="What stands behind it, and who must act")
    )
    assert "EU Special Representative" in behind.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Reform and Growth Facility: payment conditions").click()
    assert "EUR unlocked of the 60,000,000 at stake" in page.inner_text("main")
    assert "Illustrative" in page.inner_text("main")
    assert_accessible(page)
    page.goto(live_server.url + f"/frameworks/integrated?track=framework:{arranged['dialogue']}")
    unlocks = page.locator(
        "#rec-" + page.locator("h2 a", has_text="EU-03").get_attribute("href").rsplit("/", 1)[-1]
    )
    assert unlocks.count() == 1
    text = page.inner_text("main")
    assert "If EU-03's benchmarks are all achieved" in text and "25,000,000 EUR" in text
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_framework_page_and_integrated_view_on_screen(browser, live_server, arranged, viewport):
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, live_server, "viewer")
        page.goto(live_server.url + f"/frameworks/{arranged['funding']}")
        screenshot(page, f"framework-funding-{viewport['width']}")
        page.goto(live_server.url + f"/frameworks/integrated?track=framework:{arranged['dialogue']}")
        screenshot(page, f"framework-integrated-{viewport['width']}")
        assert_accessible(page)
    finally:
        context.close()

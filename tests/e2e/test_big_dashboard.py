"""The dashboard of 60 themes stays about two screens at 1280 px and keeps scores in view at 390."""

from __future__ import annotations

import pytest

from scorecard.services import generator

from .. import factories
from .conftest import DESKTOP, PHONE, screenshot, sign_in

# Two desktop screens of DESKTOP's height, with a little room: the page's length depends on the
# folded tables and the five-item lists, not on how many recommendations there are.
TWO_SCREENS = 2 * DESKTOP["height"] + 300


@pytest.fixture(scope="module")
def big_set(live_server):
    """Generated data in 60 themes (enough rows for every theme and status to be present)."""
    session = live_server.session()
    try:
        generator.generate(
            session, recommendations=1200, benchmarks_per=2, entries=2400, themes=60, by=factories.SYSTEM
        )
        session.commit()
    finally:
        session.close()


def test_dashboard_of_sixty_themes_is_about_two_screens_and_scores_stay_in_view(page, live_server, big_set):
    sign_in(page, live_server, "viewer")
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    assert "54 other themes" in page.locator(".theme-table").first.inner_text()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= TWO_SCREENS, f"the dashboard is {height}px tall"
    screenshot(page, "big-dashboard-1280")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    score = page.locator(".theme-table thead th").nth(3)
    box = score.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"], box
    screenshot(page, "big-dashboard-390")

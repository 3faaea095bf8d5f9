"""Summaries in a browser: the scorecard back in time, the deltas, and the pages on screen and on paper."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from scorecard import demo
from scorecard.models import Actor

from .. import factories
from .conftest import DESKTOP, PHONE, screenshot, sign_in

TODAY = date.today()


@pytest.fixture(scope="module")
def arranged(live_server):
    """The demo data plus one recommendation whose history the tests know by heart."""
    session = live_server.session()
    try:
        demo.load(session)
        rec = factories.make_recommendation(
            session,
            code="E2E-01",
            title="Hold regular technical talks on energy",
            benchmarks=[factories.on_scale(session, "Talks held and reported")],
        )
        (bench,) = rec.benchmarks
        for day, label in [(date(2024, 6, 1), "limited progress"), (date(2025, 6, 1), "good progress")]:
            factories.record(session, bench, day, eu_level=label)
        kosovo = session.scalar(select(Actor.id).where(Actor.name == "Government of Kosovo"))
        session.commit()
    finally:
        session.close()
    return {"kosovo": kosovo}


def watch_console(page) -> list[str]:
    """Collect console errors (a CSP violation or a broken asset shows up here)."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    return problems


def row_of(page, code: str):
    """The scorecard row of one recommendation."""
    return page.locator(f'tr.rec-row[data-code="{code}"]')


def test_scorecard_as_of_earlier_date_shows_the_older_state(page, live_server, arranged):
    problems = watch_console(page)
    sign_in(page, live_server, "viewer")
    page.goto(live_server.url + "/scorecard?q=E2E-01")
    row = row_of(page, "E2E-01")
    assert "good progress" in row.locator("td.cell").first.inner_text()

    page.get_by_label("As of").fill("2025-01-01")
    page.get_by_role("button", name="Show scorecard").click()
    page.wait_for_url(re.compile(r"as_of=2025-01-01"))
    cell = row_of(page, "E2E-01").locator("td.cell").first
    assert "limited progress" in cell.inner_text()
    assert "2024-06-01" in cell.inner_text()
    assert "As of 2025-01-01" in page.locator(".scorecard-dates").inner_text()

    page.get_by_label("As of").fill("2024-01-01")
    page.get_by_role("button", name="Show scorecard").click()
    page.wait_for_url(re.compile(r"as_of=2024-01-01"))
    assert "Not assessed" in row_of(page, "E2E-01").locator("td.cell").first.inner_text()
    assert problems == []


def test_scorecard_compare_shows_the_change_since_that_date(page, live_server, arranged):
    sign_in(page, live_server, "viewer")
    page.goto(live_server.url + "/scorecard?q=E2E-01")
    page.get_by_label("Compare with").fill("2025-01-01")
    page.get_by_role("button", name="Show scorecard").click()
    page.wait_for_url(re.compile(r"compare=2025-01-01"))
    cells = row_of(page, "E2E-01").locator("td.num")
    # Score now (good progress = 80), then (limited progress = 40), change +40.
    assert cells.nth(0).inner_text().startswith("80")
    assert cells.nth(1).inner_text().strip() == "40"
    assert "+40" in cells.nth(2).inner_text()
    assert "was: limited progress" in row_of(page, "E2E-01").inner_text()
    changes = page.locator("#changes-heading + p + .table-wrap")
    assert "E2E-01" in changes.inner_text() and "2025-06-01" in changes.inner_text()

    page.get_by_label("Compare with").fill("2024-01-01")
    page.get_by_role("button", name="Show scorecard").click()
    page.wait_for_url(re.compile(r"compare=2024-01-01"))
    # Nothing was assessed on the compare-to date: no change can be given, and it says so with a dash.
    assert row_of(page, "E2E-01").locator("td.num").nth(2).inner_text().strip() == "—"


def test_summaries_look_right_on_desktop_phone_and_paper(page, live_server, arranged):
    problems = watch_console(page)
    sign_in(page, live_server, "viewer")
    pages = {
        "dashboard": "/",
        "scorecard": "/scorecard",
        "actor": f"/scorecard/actors/{arranged['kosovo']}",
    }
    for name, path in pages.items():
        for label, size in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(size)
            page.goto(live_server.url + path)
            assert page.locator("h1").is_visible()
            screenshot(page, f"summaries-{name}-{label}")
            # Nothing wider than the screen except inside the scrolling table wrappers.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} at {label} px overflows by {overflow}px"
    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="print")
    for name in ("scorecard", "actor"):
        page.goto(live_server.url + pages[name])
        assert not page.locator(".site-header").is_visible()
        assert page.locator("#legend-heading").is_visible()
        assert "As of" in page.locator(".scorecard-dates").inner_text()
        screenshot(page, f"summaries-{name}-print")
    page.emulate_media(media="screen")
    assert problems == []

"""In a browser: a contributor reports progress, a reviewer approves it; two perspectives side by side."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from scorecard.models import Perspective
from scorecard.services import progress

from .. import factories
from .conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_in


@pytest.fixture(scope="module")
def reporting(live_server):
    """A ministry asked to act on one recommendation, its contributor, and a shadow report on it."""
    session = live_server.session()
    ministry = factories.make_actor(session, "Ministry of Justice")
    rec = factories.make_recommendation(
        session,
        code="JUS-1",
        title="Train every first-instance judge in the new procedure code",
        actors=[(ministry.id, "lead")],
        benchmarks=[
            factories.numeric("Judges trained", baseline=0, target=400, unit="judges"),
            factories.on_scale(session, "Commission assessment"),
        ],
    )
    levels = factories.scale(session, "EU progress").levels
    trained, assessment = rec.benchmarks
    factories.record(session, trained, date(2026, 1, 10), value=100.0)
    factories.record(session, assessment, date(2026, 1, 10), level_id=levels[1].id)
    shadow = session.scalar(select(Perspective).where(Perspective.name == "Civil-society shadow assessment"))
    assert shadow is not None  # seeded by migration 0012
    progress.record_progress(
        session,
        assessment.id,
        fields=progress.EntryInput(
            observed_on=date(2026, 1, 20), level_id=levels[-1].id, perspective_id=shadow.id
        ),
        by=factories.SYSTEM,
    )
    contributor = factories.make_user(
        session, role="contributor", name="Justice Reporter", actor_ids=[ministry.id]
    )
    live_server.accounts["contributor"] = contributor.email
    session.commit()
    ids = {"recommendation": rec.id, "trained": trained.id, "shadow": shadow.id}
    session.close()
    return ids


def test_contributor_submits_and_reviewer_approves(browser, live_server, reporting):
    contributor = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = contributor.new_page()
    sign_in(page, live_server, "contributor")
    assert page.url.endswith("/reports")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Scorecard").count() == 0
    assert_accessible(page)
    page.locator("tr", has=page.get_by_text("Judges trained", exact=True)).get_by_role(
        "link", name=re.compile("Report progress")
    ).click()
    page.get_by_label("Observed on").fill("2026-03-31")
    page.locator("#value").fill("180")
    page.locator("#evidence_url").fill("https://example.org/training-report.pdf")
    page.locator("#note").fill("Second training wave finished.")
    assert_accessible(page)
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_url(re.compile(r"/reports$"))
    assert "counts once a reviewer approves it" in page.content()
    assert page.get_by_text("Awaiting review").count() == 1
    assert_accessible(page)
    contributor.close()

    reviewer = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = reviewer.new_page()
    sign_in(page, live_server, "analyst")
    menu = page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("Review"))
    assert "1" in menu.inner_text()
    page.goto(live_server.url + f"/recommendations/{reporting['recommendation']}")
    assert page.get_by_text("1 awaiting review").count() == 1
    score_before = page.locator("#score-heading + .stat__value .score").inner_text().strip()
    menu.click()
    page.wait_for_url(re.compile(r"/review$"))
    assert page.get_by_text("Judges trained").count() >= 1
    assert_accessible(page)
    screenshot(page, "review-inbox-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, "review-inbox-390")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name=re.compile(r"^Approve the entry on Judges trained")).click()
    page.wait_for_url(re.compile(r"/review$"))
    assert "1 entry approved" in page.content() and "Nothing waits for review" in page.content()
    page.goto(live_server.url + f"/recommendations/{reporting['recommendation']}")
    assert page.locator("#score-heading + .stat__value .score").inner_text().strip() != score_before
    assert page.get_by_text("approved by Analyst User").count() == 1
    reviewer.close()


def test_scorecard_shows_two_perspectives_side_by_side(page, live_server, reporting):
    sign_in(page, live_server, "viewer")
    page.goto(live_server.url + "/scorecard")
    page.get_by_label("Side by side with").select_option(label="Civil-society shadow assessment")
    page.get_by_role("button", name="Show scorecard").click()
    page.wait_for_url(re.compile(rf"beside={reporting['shadow']}"))
    row = page.locator("tr.rec-row", has=page.get_by_text("JUS-1", exact=True))
    assert "is-disagreement" in (row.get_attribute("class") or "")
    assert row.get_by_text("Perspectives disagree").count() == 1
    assert_accessible(page)
    screenshot(page, "scorecard-perspectives-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, "scorecard-perspectives-390")

"""In a browser: attach a PDF to a progress entry and download it; the reports-due page at two sizes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from scorecard.models import UserActor

from .. import factories
from ..services.test_evidence import PDF
from .conftest import PHONE, assert_accessible, screenshot, sign_in


@pytest.fixture(scope="module")
def arranged(live_server):
    """Two ministries owing reports (one overdue every month from the 2nd), and a contributor."""
    session = live_server.session()
    try:
        justice = factories.make_actor(session, "Ministry of Justice")
        finance = factories.make_actor(session, "Ministry of Finance and Economy")
        rec = factories.make_recommendation(
            session,
            code="EU-07",
            title="Publish the judicial reform action plan",
            actors=[(justice.id, "lead"), (finance.id, "supporting")],
            benchmarks=[
                factories.milestone(
                    "Action plan adopted", reporting_frequency="monthly", reporting_due_day=1
                ),
                factories.milestone("Budget line for courts", reporting_frequency="yearly"),
                factories.milestone(
                    "Monthly caseload figures", reporting_frequency="monthly", reporting_due_day=1
                ),
            ],
        )
        factories.make_recommendation(
            session,
            code="EU-08",
            title="Report on the use of public funds by the courts",
            actors=[(finance.id, "lead")],
            benchmarks=[
                factories.milestone(
                    "Quarterly spending report", reporting_frequency="quarterly", reporting_due_day=1
                )
            ],
        )
        contributor = factories.make_user(session, role="contributor")
        session.add(UserActor(user_id=contributor.id, actor_id=justice.id))
        session.commit()
        return {"recommendation": rec.id}
    finally:
        session.close()


def test_analyst_attaches_a_pdf_to_an_entry_and_downloads_it(page, live_server, arranged, tmp_path):
    sign_in(page, live_server, "analyst")
    page.goto(f"{live_server.url}/recommendations/{arranged['recommendation']}")
    row = page.locator("tr", has=page.get_by_text("Action plan adopted", exact=True))
    row.get_by_role("link", name=re.compile("Record progress")).click()
    page.get_by_label("Observed on").fill(date.today().isoformat())
    page.get_by_label("Achieved", exact=True).check()
    pdf = tmp_path / "action-plan.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Evidence file").set_input_files(str(pdf))
    assert_accessible(page, "progress-form-with-evidence")
    page.get_by_role("button", name="Record progress").click()
    page.wait_for_url(re.compile(r"/recommendations/\d+$"))
    history = page.locator("section", has=page.get_by_role("heading", name="Progress history"))
    assert "action-plan.pdf" in history.inner_text() and "internal" in history.inner_text()
    assert_accessible(page, "recommendation-with-evidence")
    with page.expect_download() as download_info:
        history.get_by_role("link", name="action-plan.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "action-plan.pdf"
    assert Path(download.path()).read_bytes() == PDF


def test_the_reports_due_page_lists_by_actor_at_desktop_and_phone_width(page, live_server, arranged):
    sign_in(page, live_server, "viewer")
    page.goto(live_server.url + "/reporting")
    assert page.get_by_role("heading", name="Ministry of Finance and Economy").is_visible()
    justice = page.locator("section", has=page.get_by_role("heading", name="Ministry of Justice"))
    assert "Monthly caseload figures" in justice.inner_text()
    assert_accessible(page, "reporting-due-1280")
    screenshot(page, "reporting-due-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, "reporting-due-390")
    assert_accessible(page, "reporting-due-390")

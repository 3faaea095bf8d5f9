"""The interface in Albanian and in Serbian Cyrillic: switching, recording progress, the scorecard, a CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest

from .. import factories
from .conftest import DESKTOP, PHONE, screenshot, sign_in

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Words an untranslated English page would show; none may appear on a translated one.
ENGLISH_ONLY = ("Dashboard", "Log progress", "Record progress", "Recommendations by status", "Not assessed")


@pytest.fixture(scope="module")
def recommendation(live_server):
    """One recommendation with one milestone, not yet assessed."""
    session = live_server.session()
    rec = factories.make_recommendation(session, code="LANG-1", title="A roadmap for the dialogue")
    session.commit()
    facts = {"id": rec.id, "benchmark_id": rec.benchmarks[0].id}
    session.close()
    return facts


def switch_to(page, language_name: str) -> None:
    """Press the header's switcher button that names the language in itself."""
    page.locator(".language-switch").get_by_role("button", name=language_name, exact=True).click()
    page.wait_for_load_state()


def both_widths(page, name: str) -> None:
    """Screenshots at desktop and phone width (the helper also refuses a page that scrolls sideways)."""
    for size, label in ((DESKTOP, "1280"), (PHONE, "390")):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size(DESKTOP)


def assert_no_english(page) -> None:
    text = page.locator("main").inner_text() + page.locator("header").inner_text()
    found = [word for word in ENGLISH_ONLY if word in text]
    assert not found, f"English left on a translated page: {found}"


def test_a_signed_out_visitor_switches_to_albanian_and_keeps_it_after_signing_in(
    page, live_server, recommendation
):
    page.goto(live_server.url + "/login")
    switch_to(page, "Shqip")
    assert page.locator("html").get_attribute("lang") == "sq"
    assert page.get_by_role("button", name="Hyni").is_visible()
    # The choice is a cookie: signing in keeps it (the account has no saved preference).
    page.locator("#email").fill(live_server.accounts["analyst"])
    page.locator("#password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Hyni").click()
    page.wait_for_url(lambda url: "/login" not in url)
    assert page.locator("html").get_attribute("lang") == "sq"
    assert page.get_by_role("link", name="Paneli").is_visible()
    assert_no_english(page)
    both_widths(page, "languages-dashboard-sq")

    page.goto(f"{live_server.url}/benchmarks/{recommendation['benchmark_id']}/progress")
    assert page.get_by_role("button", name="Regjistro përparimin").is_visible()
    both_widths(page, "languages-progress-form-sq")
    record_achieved(page, "2026-01-15", achieved="Arritur", button="Regjistro përparimin")
    assert page.get_by_text("Përparimi u regjistrua për „Roadmap published“ më 15 jan 2026").is_visible()

    page.goto(live_server.url + "/scorecard")
    assert page.get_by_role("heading", name="Karta e rezultateve", exact=True).is_visible()
    assert_no_english(page)
    both_widths(page, "languages-scorecard-sq")


def record_achieved(page, day: str, *, achieved: str, button: str) -> None:
    """Fill in the open progress form as achieved on `day` and save it (labels in the page's language)."""
    page.locator("#observed_on").fill(day)
    page.get_by_label(achieved, exact=True).check()
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r"/recommendations/\d+$"))


def test_a_signed_in_analyst_works_in_serbian_cyrillic(page, live_server, recommendation):
    sign_in(page, live_server, "analyst")
    switch_to(page, "Српски")
    assert page.locator("html").get_attribute("lang") == "sr-Cyrl"
    assert page.get_by_role("link", name="Контролна табла").is_visible()
    assert_no_english(page)
    both_widths(page, "languages-dashboard-sr-Cyrl")

    page.goto(f"{live_server.url}/benchmarks/{recommendation['benchmark_id']}/progress")
    both_widths(page, "languages-progress-form-sr-Cyrl")
    # A refused save says why in Cyrillic, beside the field.
    page.locator("#observed_on").fill(date(2100, 1, 1).isoformat())
    page.get_by_role("button", name="Забележи напредак").click()
    error = page.locator("#observed_on-error")
    assert CYRILLIC.search(error.inner_text()), error.inner_text()
    record_achieved(page, "2026-02-01", achieved="Остварено", button="Забележи напредак")
    assert page.get_by_text("Напредак је забележен за „Roadmap published“").is_visible()

    page.goto(live_server.url + "/scorecard")
    assert page.get_by_role("heading", name="Карта резултата", exact=True).is_visible()
    assert "У току" in page.locator("main").inner_text()  # the status "in progress"
    assert_no_english(page)
    both_widths(page, "languages-scorecard-sr-Cyrl")

    # The CSV is for machines: its file name and snake_case header stay the same in every language;
    # the recommendation's own words are as stored.
    with page.expect_download() as download:
        page.get_by_role("link", name="Извези CSV").click()
    assert re.fullmatch(r"scorecard-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["recommendation_code"] for row in rows] == ["LANG-1"]
    assert not CYRILLIC.search(text)

    # The saved preference follows the account to a browser without the switcher's cookie.
    page.context.clear_cookies()
    page.set_default_timeout(30_000)  # signing in hashes a password: slow on a busy machine
    sign_in(page, live_server, "analyst")
    assert page.locator("html").get_attribute("lang") == "sr-Cyrl"

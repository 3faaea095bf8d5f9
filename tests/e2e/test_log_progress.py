"""The first job in a browser: enter a recommendation with its benchmarks, record progress, correct it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from .. import factories
from .conftest import DESKTOP, PHONE, screenshot, sign_in

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


@pytest.fixture(scope="module")
def reference_data(live_server):
    """A theme, a source and an actor to choose from."""
    session = live_server.session()
    theme = factories.make_theme(session, "EU integration")
    source = factories.make_source(session, "The EU must take the dialogue seriously")
    actor = factories.make_actor(session, "EU institutions", kind="eu_institution")
    session.commit()
    ids = {"theme": theme.id, "source": source.id, "actor": actor.id}
    session.close()
    return ids


def fill_benchmark(page, index: int, title: str, kind: str, **fields: str) -> None:
    page.locator(f"#benchmarks-{index}-title").fill(title)
    page.locator(f"#benchmarks-{index}-kind").select_option(kind)
    for name, value in fields.items():
        field = page.locator(f"#benchmarks-{index}-{name}")
        if name in ("scale_id", "direction"):
            field.select_option(label=value)
        else:
            field.fill(value)


def record(page, benchmark_title: str, observed_on: str, **value: str) -> None:
    row = page.locator("tr", has=page.get_by_text(benchmark_title, exact=True))
    row.get_by_role("link", name=re.compile("Record progress")).click()
    page.get_by_label("Observed on").fill(observed_on)
    if "level" in value:
        page.get_by_label(value["level"], exact=True).check()
    if "value" in value:
        page.locator("#value").fill(value["value"])
    if "achieved" in value:
        page.get_by_label(value["achieved"], exact=True).check()
    page.locator("#note").fill(f"Observed {observed_on}")
    page.get_by_role("button", name="Record progress").click()
    page.wait_for_url(re.compile(r"/recommendations/\d+$"))


def score_today(page) -> str:
    return page.locator("#score-heading + .stat__value .score").inner_text().strip()


def test_analyst_enters_a_recommendation_records_progress_and_corrects_it(page, live_server, reference_data):
    sign_in(page, live_server, "analyst")
    page.goto(live_server.url + "/recommendations/new")
    page.get_by_label("Code").fill("EU-01")
    page.get_by_label("Theme").select_option(label="EU integration")
    page.get_by_label("Title", exact=True).fill("A roadmap for lifting the measures on Kosovo")
    page.get_by_label("Wording").fill(
        "A roadmap for lifting these measures, backed by coordination with member "
        "states, is crucial to advancing the process."
    )
    page.locator("#source_id").select_option(label="The EU must take the dialogue seriously")
    page.locator("#actors-0-actor_id").select_option(label="EU institutions")
    page.get_by_role("button", name="+ Add a benchmark").click()
    page.get_by_role("button", name="+ Add a benchmark").click()
    assert not page.locator("#benchmarks-0-baseline").is_visible()  # the script shows only the kind's fields
    fill_benchmark(page, 0, "Roadmap published", "milestone")
    fill_benchmark(page, 1, "Commission assessment", "scale", scale_id="EU progress")
    fill_benchmark(
        page, 2, "Member states backing the roadmap", "numeric", baseline="0", target="27", unit="states"
    )
    page.set_viewport_size(PHONE)
    screenshot(page, "recommendation-form-390")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "recommendation-form-1280")
    page.get_by_role("button", name="Create recommendation").click()
    page.wait_for_url(re.compile(r"/recommendations/\d+$"))
    assert "EU-01 created." in page.content()
    assert score_today(page) == "—"

    record(page, "Roadmap published", "2025-03-01", achieved="Not yet")
    record(page, "Commission assessment", "2025-10-15", level="limited progress")
    record(page, "Member states backing the roadmap", "2026-06-30", value="9")
    assert score_today(page) == "24"  # (0 + 40 + 33.3) / 3
    page.get_by_role("link", name="Correct the entry of 2025-10-15").click()
    page.get_by_label("good progress", exact=True).check()
    page.get_by_role("button", name="Save the correction").click()
    page.wait_for_url(re.compile(r"/recommendations/\d+$"))
    assert score_today(page) == "38"  # (0 + 80 + 33.3) / 3
    history = page.locator("#history-heading + .table-wrap")
    assert history.locator("tr.is-superseded").count() == 1
    assert "good progress" in history.inner_text() and "limited progress" in history.inner_text()
    screenshot(page, "recommendation-page-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, "recommendation-page-390")
    page.goto(live_server.url + "/recommendations")
    screenshot(page, "recommendations-list-390")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "recommendations-list-1280")
    page.goto(live_server.url + "/progress")
    screenshot(page, "log-progress-1280")


def test_invalid_input_shows_errors_and_keeps_what_was_typed(page, live_server, reference_data):
    sign_in(page, live_server, "analyst")
    page.goto(live_server.url + "/recommendations/new")
    page.get_by_label("Title", exact=True).fill("Typed title stays")
    fill_benchmark(page, 0, "Troops", "numeric", baseline="700", target="700")
    page.get_by_role("button", name="Create recommendation").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Code: This field is required." in summary.inner_text()
    assert page.get_by_label("Title", exact=True).input_value() == "Typed title stays"
    page.get_by_label("Code").fill("EU-02")
    page.get_by_label("Theme").select_option(label="EU integration")
    page.get_by_label("Wording").fill("Wording")
    page.get_by_role("button", name="Create recommendation").click()
    assert (
        "The target must differ from the baseline." in page.locator("#benchmarks-0-target-error").inner_text()
    )
    assert page.locator("#benchmarks-0-baseline").input_value() == "700"  # exactly as typed
    screenshot(page, "recommendation-form-errors-1280")


def test_keyboard_alone_signs_in_and_focus_is_always_visible(page, live_server):
    page.goto(live_server.url + "/login")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'email'")
    page.keyboard.type(live_server.accounts["viewer"])  # the email field has the focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    page.keyboard.press("Tab")  # the first stop on every page skips the navigation
    focused = page.evaluate(
        "[document.activeElement.textContent.trim(), getComputedStyle(document.activeElement)"
        ".outlineStyle, getComputedStyle(document.activeElement).left]"
    )
    assert focused[0] == "Skip to content" and focused[1] != "none" and focused[2] == "0px"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_viewer_sees_no_edit_controls(page, live_server, reference_data):
    session = live_server.session()
    rec = factories.make_recommendation(session, code="EU-03", theme_id=reference_data["theme"])
    session.commit()
    session.close()
    sign_in(page, live_server, "viewer")
    page.goto(f"{live_server.url}/recommendations/{rec.id}")
    for name in ("Edit", "Archive", "Record progress", "Delete…"):
        assert page.get_by_role("link", name=name).count() == 0
        assert page.get_by_role("button", name=name).count() == 0
    page.goto(live_server.url + "/recommendations")
    assert page.get_by_role("link", name="New recommendation").count() == 0


def test_a_script_typed_into_every_text_field_is_shown_as_text_and_never_runs(
    page, live_server, reference_data
):
    sign_in(page, live_server, "analyst")
    page.goto(live_server.url + "/themes/new")
    page.get_by_label("Name").fill(f"Theme {XSS}")
    page.locator("#description").fill(XSS)
    page.get_by_role("button", name="Save").click()
    page.goto(live_server.url + "/recommendations/new")
    page.get_by_label("Code").fill("XSS-1")
    page.get_by_label("Theme").select_option(label=f"Theme {XSS}")
    for field in ("title", "text", "locator", "tags"):
        page.locator(f"#{field}").fill(f"{field} {XSS}")
    fill_benchmark(page, 0, f"Bench {XSS}", "numeric", baseline="0", target="10", unit=XSS[:40])
    page.get_by_role("button", name="Create recommendation").click()
    page.wait_for_url(re.compile(r"/recommendations/\d+$"))
    record(page, f"Bench {XSS}", date.today().isoformat(), value="5")
    for path in (
        page.url,
        live_server.url + "/recommendations",
        live_server.url + "/themes",
        live_server.url + "/progress",
        page.url + "/edit",
    ):
        page.goto(path)
        assert page.evaluate("window.__xss") is None
        assert "<script>window.__xss=1</script>" in page.locator("main").inner_text()

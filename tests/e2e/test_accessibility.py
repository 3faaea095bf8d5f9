"""In a browser: every page a person reaches passes axe-core (WCAG 2.1 A and AA) at desktop and phone width.

Each test visits its pages in turn and reports every page's violations together, so one run shows
all that is left to fix. The counts per page are also written to test-artifacts/axe-<test>.json.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import pytest

from scorecard import demo
from scorecard.services import reference

from .. import factories
from ..helpers import UPR_FILE
from .conftest import DESKTOP, PHONE, SCREENSHOTS, axe_violations, describe_violations, screenshot, sign_in

WIDTHS = {"1280": DESKTOP, "390": PHONE}
TODAY = date.today()
PAST = TODAY - timedelta(days=40)
LONG_AGO = TODAY - timedelta(days=400)
# The pages whose look this work changed: screenshots for people to look at.
SHOWN = {
    "recommendations",
    "recommendation",
    "recommendation-new",
    "scorecard-compared",
    "scorecard-by-actor",
}


@pytest.fixture(scope="module")
def arranged(live_server: Any) -> dict[str, int]:
    """The demo data, and a recommendation with a benchmark of each kind and progress over a year."""
    session = live_server.session()
    try:
        demo.load(session)
        justice = factories.make_actor(session, "High Judicial Council")
        finance = factories.make_actor(session, "State Audit Office")
        source = factories.make_source(session, "Audit of court reform 2026")
        cycle = reference.create_cycle(
            session, name="Audit cycle 2026", starts_on=LONG_AGO, ends_on=PAST, by=factories.SYSTEM
        )
        rec = factories.make_recommendation(
            session,
            code="A11Y-01",
            title="Adopt the judicial reform strategy",
            source_id=source.id,
            status="in_progress",
            priority="high",
            due_on=PAST,
            actors=[(justice.id, "lead"), (finance.id, "supporting")],
            benchmarks=[
                factories.milestone("Strategy adopted", reporting_frequency="monthly", reporting_due_day=1),
                factories.numeric("Judges trained", baseline=0, target=200, unit="judges"),
                factories.on_scale(session, "Commission assessment"),
            ],
        )
        milestone, numeric, scale = rec.benchmarks
        factories.record(session, numeric, LONG_AGO, value=20)
        entry = factories.record(session, numeric, PAST, value=120)
        factories.record(session, milestone, PAST, achieved=True)
        some = factories.level(session, "EU progress", "some progress")
        factories.record(session, scale, PAST, level_id=some.id)
        session.commit()
        return {
            "recommendation": rec.id,
            "benchmark": numeric.id,
            "entry": entry.id,
            "actor": justice.id,
            "source": source.id,
            "theme": rec.theme_id or 0,
            "cycle": cycle.id,
        }
    finally:
        session.close()


def shared_pages(ids: dict[str, int]) -> dict[str, str]:
    """The pages every signed-in role reaches."""
    rec = ids["recommendation"]
    return {
        "dashboard": "/",
        "recommendations": "/recommendations",
        "recommendations-filtered": f"/recommendations?q=reform&status=in_progress&theme={ids['theme']}"
        f"&actor={ids['actor']}&priority=high&overdue=y&archived=all",
        "recommendations-none-found": "/recommendations?q=nothing-matches-this",
        "recommendation": f"/recommendations/{rec}",
        "scorecard": "/scorecard",
        "scorecard-past": f"/scorecard?as_of={PAST.isoformat()}",
        "scorecard-compared": f"/scorecard?as_of={TODAY.isoformat()}&compare={LONG_AGO.isoformat()}",
        "scorecard-by-actor": "/scorecard?group=actor",
        "scorecard-by-source": "/scorecard?group=source",
        "scorecard-by-cycle": "/scorecard?group=cycle",
        "scorecard-filtered": f"/scorecard?status=in_progress&theme={ids['theme']}",
        "scorecard-actor": f"/scorecard/actors/{ids['actor']}",
        "scorecard-source": f"/scorecard/sources/{ids['source']}",
        "sources": "/sources",
        "actors": "/actors",
        "themes": "/themes",
        "cycles": "/cycles",
        "scales": "/scales",
        "reporting": "/reporting",
        "account": "/account",
        "not-found": "/no-such-page",
    }


def admin_pages(ids: dict[str, int]) -> dict[str, str]:
    """The pages only people who write (and administer) reach."""
    rec = ids["recommendation"]
    return {
        "recommendation-new": "/recommendations/new",
        "recommendation-edit": f"/recommendations/{rec}/edit",
        "recommendation-delete": f"/recommendations/{rec}/delete",
        "progress-form": f"/benchmarks/{ids['benchmark']}/progress",
        "progress-correct": f"/entries/{ids['entry']}/correct",
        "progress-round": "/progress",
        "source-new": "/sources/new",
        "source-edit": f"/sources/{ids['source']}",
        "actor-new": "/actors/new",
        "actor-edit": f"/actors/{ids['actor']}",
        "theme-new": "/themes/new",
        "theme-edit": f"/themes/{ids['theme']}",
        "cycle-new": "/cycles/new",
        "cycle-edit": f"/cycles/{ids['cycle']}",
        "scale-new": "/scales/new",
        "import-upload": "/import",
        "admin-users": "/admin/users",
        "admin-user-new": "/admin/users/new",
        "admin-user-edit": "/admin/users/1",
        "admin-user-password": "/admin/users/1/password",
        "admin-audit": "/admin/audit",
    }


def check(page: Any, found: dict[str, list[dict[str, Any]]], name: str) -> None:
    """Run axe on the page as shown and keep what it found under `name`."""
    found[name] = axe_violations(page)


def visit_all(page: Any, server: Any, pages: dict[str, str], found: dict[str, list[dict[str, Any]]]) -> None:
    """Open each page and check it (and photograph the ones in SHOWN)."""
    width = page.viewport_size["width"]
    for name, path in pages.items():
        page.goto(server.url + path)
        check(page, found, name)
        if name in SHOWN:
            screenshot(page, f"a11y-{name}-{width}")


def import_upr_file(page: Any, server: Any, found: dict[str, list[dict[str, Any]]]) -> None:
    """Upload the UPR Info file, check the mapping page, map it and check the preview."""
    page.goto(server.url + "/import")
    page.get_by_label("File").set_input_files(str(UPR_FILE))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url(re.compile(r"/import/\d+/mapping"))
    check(page, found, "import-mapping")
    for name, value in {"code__value": "UPR-{row}", "priority__value": "medium", "name": "UPR Info"}.items():
        page.locator(f"[name={name}]").fill(value)
    for name, column in {"title__column": "Text", "text__column": "Text", "actors__column": "To"}.items():
        page.locator(f"select[name={name}]").select_option(column)
    page.locator("[name=theme__value]").fill("General")
    page.locator("[name=status__column]").select_option("Response")
    page.locator("[name=status__translate]").fill("Accepted=accepted; Noted=rejected")
    page.locator("form.form--wide button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/import/\d+$"), timeout=60_000)
    check(page, found, "import-preview")


def report(test: str, found: dict[str, list[dict[str, Any]]]) -> None:
    """Write the counts per page for people to read, and fail with every violation listed."""
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    counts = {name: sum(len(v["nodes"]) for v in violations) for name, violations in found.items()}
    (SCREENSHOTS.parent / f"axe-{test}.json").write_text(json.dumps(counts, indent=1))
    failing = {name: violations for name, violations in found.items() if violations}
    assert not failing, "\n".join(f"{name}:\n{describe_violations(v)}" for name, v in failing.items())


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_an_admin_reaches_is_accessible(page, live_server, arranged, width):
    page.set_viewport_size(WIDTHS[width])
    found: dict[str, list[dict[str, Any]]] = {}
    page.goto(live_server.url + "/login")
    check(page, found, "login")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    check(page, found, "login-failed")
    sign_in(page, live_server, "admin")
    visit_all(page, live_server, {**shared_pages(arranged), **admin_pages(arranged)}, found)
    page.goto(live_server.url + "/recommendations/new")
    page.get_by_role("button", name=re.compile("Save|Create")).first.click()
    check(page, found, "recommendation-new-with-errors")
    if width == "1280":  # one import is enough: the file has 6,094 rows
        import_upr_file(page, live_server, found)
    report(f"admin-{width}", found)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_a_viewer_reaches_is_accessible(page, live_server, arranged, width):
    page.set_viewport_size(WIDTHS[width])
    found: dict[str, list[dict[str, Any]]] = {}
    page.goto(live_server.url + "/login")
    screenshot(page, f"a11y-login-{width}")  # the fields' edges
    sign_in(page, live_server, "viewer")
    visit_all(page, live_server, shared_pages(arranged), found)
    page.goto(live_server.url + "/import")  # refused: the error page a viewer meets
    check(page, found, "forbidden")
    report(f"viewer-{width}", found)

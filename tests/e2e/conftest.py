"""Browser tests: a live server on a fresh database, Playwright driving Debian's Chromium.

Without Chromium the browser tests are skipped with a plain message, unless
CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from scorecard import create_app, schema
from scorecard.db import current_database, make_engine

from .. import factories
from ..conftest import TEST_CONFIG, backend_url, drop_backend

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOT_TIMEOUT_MS = 60_000


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    """A running app on 127.0.0.1 with its own database and one account per role."""

    url: str
    app: Any
    accounts: dict[str, str] = field(default_factory=dict)  # role -> email

    def session(self) -> Any:
        """A write session on the server's database (for arranging and asserting)."""
        with self.app.app_context():
            return current_database().session(write=True)


@pytest.fixture(scope="module")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[LiveServer]:
    """The app served by a thread on a random port, on a fresh, migrated database."""
    name = "e2e_" + request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    url = backend_url(str(tmp_path_factory.mktemp("e2e")), name)
    engine = make_engine(url)
    schema.upgrade(url, engine=engine)
    engine.dispose()
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
    server = LiveServer(url="", app=app)
    with app.app_context(), current_database().transaction() as session:
        for role in ("admin", "analyst", "viewer"):
            server.accounts[role] = factories.make_user(session, role=role, name=f"{role.title()} User").email
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{http.server_port}"
    yield server
    http.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        current_database().engine.dispose()
    drop_backend(url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the run."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Chromium is not installed; under CI=true the browser tests must run "
                "(apt-get install -y chromium)."
            )
        pytest.skip("Chromium not found: browser tests skipped (apt-get install -y chromium to run them).")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile (no cookies) at desktop size."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: Any) -> Any:
    """A tab in a fresh profile."""
    return context.new_page()


def sign_in(page: Any, server: LiveServer, role: str) -> None:
    """Sign in through the form as the server's account for `role`."""
    page.goto(server.url + "/login")
    page.get_by_label("Email").fill(server.accounts[role])
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot under test-artifacts/screenshots/ (for people to look at).

    Also checks what a person would notice first on a phone: the page must not
    scroll sideways (wide tables scroll inside their own box instead).
    """
    width = page.viewport_size["width"]
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"{name}: the page is {overflow}px wide in a {width}px window"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # A whole long page (the scorecard grouped by actor) takes more than the default ten seconds
    # to capture on a busy machine, e.g. beside another xdist worker.
    page.screenshot(path=str(path), full_page=full_page, timeout=SCREENSHOT_TIMEOUT_MS)
    return path


# Every WCAG 2.0/2.1 A and AA rule. axe details only the violations: the passing and inapplicable
# rules, listed with every element they matched, made most of the time and bytes on big pages.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
AXE_RUN = "options => axe.run(document, options).then(results => results.violations)"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """What axe-core (bundled with axe-playwright-python, no network) finds against WCAG 2.0/2.1 A and AA.

    axe is injected into the page once (again only after the page was left or reloaded).
    """
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(AXE_SCRIPT)
    return list(page.evaluate(AXE_RUN, AXE_OPTIONS))


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per violation and one per element it was found on: id, impact, selectors, help."""
    lines = []
    for violation in violations:
        impact, helped = violation["impact"], f"{violation['help']} [{violation['helpUrl']}]"
        lines.append(f"- {violation['id']} ({impact}): {helped}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(str(part) for part in node['target'])}")
    return "\n".join(lines)


def assert_accessible(page: Any, name: str = "") -> None:
    """axe-core finds no WCAG 2.1 A or AA violation on the page as shown; else each one is listed."""
    violations = axe_violations(page)
    where = f"{name or page.title()} ({page.url})"
    assert not violations, f"{where}: {len(violations)} accessibility violation(s)\n" + describe_violations(
        violations
    )

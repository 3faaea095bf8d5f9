"""The browser harness itself: sign in, see the dashboard, and nothing on the page breaks the CSP."""

from __future__ import annotations

from .conftest import screenshot, sign_in


def test_viewer_signs_in_and_sees_the_dashboard(page, live_server):
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server, "viewer")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_role("link", name="Recommendations").is_visible()
    assert not page.get_by_role("link", name="Users").is_visible()  # admin-only navigation stays hidden
    screenshot(page, "smoke-dashboard-1280")
    assert problems == []  # no CSP violations, no broken assets

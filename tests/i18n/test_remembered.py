"""Remembered summary pages are kept per language: a page rendered in one is never served in another."""

from __future__ import annotations

from typing import Any

import pytest

from scorecard.i18n import LOCALE_COOKIE


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "SUMMARY_CACHE_SIZE": 16}


def test_remembered_dashboard_is_rendered_again_in_another_language(analyst):
    assert "Where the recommendations stand" in analyst.get("/").get_data(as_text=True)
    analyst.set_cookie(LOCALE_COOKIE, "sq")
    page = analyst.get("/").get_data(as_text=True)
    assert "Ku qëndrojnë rekomandimet" in page
    assert "Where the recommendations stand" not in page

"""Fixtures the page tests share."""

from __future__ import annotations

import pytest

from scorecard.models import Recommendation

from .. import factories


@pytest.fixture
def a_recommendation(session) -> Recommendation:
    """One recommendation, committed, so that lists, filters and exports have a row to show."""
    recommendation = factories.make_recommendation(session)
    session.commit()
    return recommendation

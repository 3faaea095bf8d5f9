"""Remembered pages: dashboard, scorecard and list are rendered once per data change, per role and query."""

from __future__ import annotations

import pytest

from .. import factories
from ..helpers import QueryCounter


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SUMMARY_CACHE_SIZE": 8}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/scorecard",
        "/scorecard?group=actor&as_of=2026-01-31",
        "/recommendations",
        "/recommendations?q=c",
    ],
)
@pytest.mark.slow
def test_summary_is_rendered_once_and_again_after_a_change(viewer, session, connection, path):
    rec = factories.make_recommendation(session, code="CACHE-1", title="First title")
    session.commit()
    with QueryCounter(connection) as first:
        first_page = viewer.get(path).get_data(as_text=True)
    with QueryCounter(connection) as second:
        second_page = viewer.get(path).get_data(as_text=True)
    assert second.count < first.count  # only the layout's own queries and the data stamp
    assert _main(first_page) == _main(second_page)
    factories.make_recommendation(session, code="CACHE-2", title="A second one")
    session.commit()
    third_page = viewer.get(path).get_data(as_text=True)
    assert _main(third_page) != _main(first_page)
    del rec


@pytest.mark.slow
def test_remembered_content_is_not_shared_between_roles(viewer, admin, session):
    factories.make_recommendation(session)
    session.commit()
    viewer.get("/scorecard")
    page = admin.get("/scorecard").get_data(as_text=True)
    assert "Users" in page  # the admin's own menu, around content rendered for the admin's role


@pytest.mark.slow
def test_each_query_string_of_the_list_is_remembered_apart(analyst, viewer, session):
    factories.make_recommendation(session, code="ALPHA-1", title="Alpha")
    factories.make_recommendation(session, code="BETA-1", title="Beta")
    session.commit()
    assert "BETA-1" in viewer.get("/recommendations").get_data(as_text=True)
    alpha_only = viewer.get("/recommendations?q=alpha").get_data(as_text=True)
    assert "ALPHA-1" in alpha_only and "BETA-1" not in alpha_only
    # The viewer's copy has no "New recommendation" button; the analyst's content is their own.
    assert "New recommendation" not in _main(viewer.get("/recommendations").get_data(as_text=True))
    assert "New recommendation" in _main(analyst.get("/recommendations").get_data(as_text=True))


def _main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]

"""The dashboard page: its figures are the scoring service's, each links to its list, and it stays cheap."""

from __future__ import annotations

import base64
import html as html_lib
import re
from datetime import date

import pytest

from scorecard import demo
from scorecard.services import dashboard, recommendations, scorecards

from .. import factories
from ..helpers import QueryCounter


def text(fragment: str) -> str:
    """A fragment of HTML as the reader sees it."""
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def shown(score: float | None) -> str:
    """A score as the page prints it."""
    return "—" if score is None else f"{score:.0f}"


@pytest.fixture
def demo_loaded(session):
    """The demo data set, committed for the app's requests."""
    demo.load(session)
    session.commit()


@pytest.mark.slow
def test_dashboard_theme_scores_are_the_services(viewer, session, demo_loaded):
    page = viewer.get("/").get_data(as_text=True)
    assert "Demo data." in page
    table = page.split('class="theme-table"', 1)[1].split("</table>", 1)[0]
    for theme in scorecards.theme_scores(session, as_of=date.today()):
        name = re.escape(html_lib.escape(theme.name))
        row = re.search(
            rf'<a href="/recommendations\?theme={theme.key}">{name}</a></th>(.*?)</tr>', table, re.S
        )
        assert row, theme.name
        cells = [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
        assert cells[0] == str(theme.recommendations)
        assert cells[1] == str(theme.assessed)
        assert cells[2] == shown(theme.score)


@pytest.mark.slow
def test_dashboard_headline_matches_the_service_and_links_to_the_lists(viewer, session, demo_loaded):
    page = viewer.get("/").get_data(as_text=True)
    today = date.today()
    board = dashboard.dashboard(session, thresholds=recommendations.Thresholds(today=today, stale_days=180))
    headline = page.split('class="stats stats--headline"', 1)[1].split("</div>", 1)[0]
    average = re.search(r'<a class="stat" href="/recommendations\?sort=score[^"]*">(.*?)</a>', headline, re.S)
    assert average and text(average.group(1)).startswith(shown(board.headline.score))
    overdue = re.search(
        r'<a class="stat stat--alert" href="/recommendations\?overdue=y">(.*?)</a>', headline, re.S
    )
    assert overdue and text(overdue.group(1)).startswith(str(board.headline.overdue))
    # Every non-empty cell of the theme × status matrix links to the list filtered on both.
    matrix = page.split('class="matrix"', 1)[1].split("</table>", 1)[0]
    for row in board.matrix:
        for status, count in row.counts.items():
            link = f'href="/recommendations?theme={row.theme_id}&amp;status={status}">{count}<'
            assert link in matrix, (row.theme, status)


@pytest.mark.slow
def test_dashboard_charts_are_self_contained_images_with_data_tables(viewer, demo_loaded):
    page = viewer.get("/").get_data(as_text=True)
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', page)
    assert len(images) >= 4
    for encoded, alt in images:
        svg = base64.b64decode(encoded).decode()
        assert "<script" not in svg
        assert re.findall(r"https?://[^\"'<> ]+", svg) == ["http://www.w3.org/2000/svg"]  # nothing fetched
        assert alt.startswith(("Bar chart", "Line chart"))
    assert page.count("<summary>Data table") == page.count('<figure class="chart">') >= 4
    assert "<script" not in page


@pytest.mark.slow
def test_dashboard_takes_the_same_number_of_queries_for_3_and_30_recommendations(viewer, session, connection):
    theme = factories.make_theme(session)
    level = factories.level(session, "EU progress", "some progress").id

    def add(count: int) -> None:
        for _ in range(count):
            rec = factories.make_recommendation(
                session, theme_id=theme.id, benchmarks=[factories.on_scale(session)], due_on=date(2025, 1, 1)
            )
            factories.record(session, rec.benchmarks[0], date(2025, 6, 1), level_id=level)
            # Every row also has an entry awaiting review: marking it takes no query per row.
            factories.record(session, rec.benchmarks[0], date(2025, 7, 1), level_id=level, submitted=True)
        session.commit()

    counts = []
    for count in (3, 27):
        add(count)
        viewer.get("/")  # warm: the same page once before counting
        with QueryCounter(connection) as counter:
            response = viewer.get("/")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "1 awaiting review" in page
        assert f"{count if count == 3 else 30} entries awaiting review, not counted yet" in page
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert counts[0] <= 20


def test_dashboard_without_recommendations_says_how_to_start(viewer):
    page = viewer.get("/").get_data(as_text=True)
    assert "No recommendations yet." in page

"""The scorecard pages: figures from the scoring service, dates and filters from the URL, print-ready."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, timedelta

import pytest
from flask import render_template_string
from sqlalchemy import select

from scorecard import demo, scoring
from scorecard.models import Actor, ReviewCycle, Source, Theme
from scorecard.services import recommendations, scores

from .. import factories
from ..helpers import QueryCounter


def text(fragment: str) -> str:
    """A fragment of HTML as the reader sees it."""
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()


def shown_score(score: float | None) -> str:
    """A score as the page prints it."""
    return "—" if score is None else f"{score:.0f}"


def shown_trend(change: float | None) -> str:
    """A change as the page prints it."""
    if change is None:
        return "—"
    rounded = round(change)
    return "±0" if rounded == 0 else (f"+{rounded}" if rounded > 0 else f"−{abs(rounded)}")


def row_figures(page: str, code: str) -> tuple[str, str, str]:
    """(score, score then, change) of one recommendation's row on the scorecard."""
    row = re.search(rf'<tr class="rec-row" data-code="{re.escape(code)}">(.*?)</tr>', page, re.S)
    assert row, code
    after = row.group(1).split('<td class="num score-cell">', 1)[1]
    score = re.search(r'<span class="score [^"]*">(.*?)</span>', after, re.S)
    assert score
    cells = re.findall(r'<td class="num">(.*?)</td>', after.split("</details>", 1)[1], re.S)
    change = next(word for word in text(cells[1]) if word not in ("▲", "▼", "since"))
    return score.group(1).strip(), " ".join(text(cells[0])), change


@pytest.fixture
def demo_loaded(session):
    """The demo data set, committed for the app's requests."""
    demo.load(session)
    session.commit()


def cycle_ends(session) -> list[date]:
    """Every review cycle's last day."""
    return list(session.scalars(select(ReviewCycle.ends_on)))


@pytest.mark.parametrize("as_of", [None, "2025-06-30"])
@pytest.mark.slow
def test_scorecard_rows_show_the_scoring_services_scores_and_trends(viewer, session, demo_loaded, as_of):
    day = date.fromisoformat(as_of) if as_of else date.today()
    compare = scoring.comparison_date(day, cycle_ends(session))
    page = viewer.get("/scorecard" + (f"?as_of={as_of}" if as_of else "")).get_data(as_text=True)
    assert f"As of <strong>{day.isoformat()}</strong>" in page
    assert f"compared with <strong>{compare.isoformat()}</strong>" in page
    now = scores.recommendation_scores(session, as_of=day)
    then = scores.recommendation_scores(session, as_of=compare)
    codes = dict(re.findall(r'data-code="([^"]+)".*?/recommendations/(\d+)"', page, re.S))
    assert len(codes) == 34
    for code, rec_id in codes.items():
        current = now.get(int(rec_id))
        earlier = then.get(int(rec_id))
        current_score = current.summary.score if current else None
        earlier_score = earlier.summary.score if earlier else None
        assert row_figures(page, code) == (
            shown_score(current_score),
            shown_score(earlier_score),
            shown_trend(scoring.trend(current_score, earlier_score)),
        ), code


@pytest.mark.slow
def test_scorecard_shows_a_benchmark_as_it_stood_on_the_as_of_date(viewer, session):
    rec = factories.make_recommendation(session, code="SC-01", benchmarks=[factories.on_scale(session)])
    for day, label in [(date(2024, 5, 1), "no progress"), (date(2025, 5, 1), "good progress")]:
        factories.record(session, rec.benchmarks[0], day, eu_level=label)
    session.commit()
    today = viewer.get("/scorecard?q=SC-01&compare=2024-12-31").get_data(as_text=True)
    back = viewer.get("/scorecard?q=SC-01&as_of=2024-12-31&compare=2024-01-01").get_data(as_text=True)
    assert "good progress</span>" in today and "was: no progress" in today
    assert row_figures(today, "SC-01") == ("80", "20", "+60")
    grid = back.split('id="grid-heading"', 1)[1].split('id="changes-heading"', 1)[0]
    assert "no progress</span>" in grid and "good progress</span>" not in grid
    assert row_figures(back, "SC-01") == ("20", "—", "—")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("as_of=2026-13-45", "is not a date we can read as the as-of date; showing today"),
        ("compare=yesterday", "is not a date we can read as the compare-to date"),
        ("as_of=2999-01-01", "is in the future; showing today instead"),
        ("group=colour", None),
    ],
)
@pytest.mark.slow
def test_scorecard_sets_aside_unreadable_input_with_a_message(viewer, query, message):
    response = viewer.get("/scorecard?" + query)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"As of <strong>{date.today().isoformat()}</strong>" in page
    if message:
        assert message in html_lib.unescape(page)
    else:
        assert "grouped by theme" in page


@pytest.mark.slow
def test_scorecard_applies_the_lists_filters_and_names_them_in_the_heading(viewer, session, demo_loaded):
    security = session.scalar(select(Theme).where(Theme.name == "Security"))
    page = viewer.get(f"/scorecard?theme={security.id}&status=in_progress").get_data(as_text=True)
    heading = page.split('class="scorecard-filters small">', 1)[1].split("</p>", 1)[0]
    assert "Theme: Security" in heading and "Status: In progress" in heading
    shown_codes = re.findall(r'data-code="([^"]+)"', page)
    listed = recommendations.list_recommendations(
        session,
        criteria=recommendations.RecommendationFilter(theme_ids=(security.id,), statuses=("in_progress",)),
        thresholds=recommendations.Thresholds(today=date.today(), stale_days=180),
        per_page=100,
    )
    assert shown_codes and sorted(shown_codes) == sorted(row.code for row in listed.rows)
    assert f'href="/recommendations?theme={security.id}&amp;status=in_progress"' in page  # "Open as list"


@pytest.mark.slow
def test_scorecard_by_actor_lists_a_recommendation_under_each_of_its_actors(viewer, session):
    first, second = factories.make_actor(session), factories.make_actor(session)
    factories.make_recommendation(
        session, code="SC-02", actors=[(first.id, "lead"), (second.id, "supporting")]
    )
    session.commit()
    page = viewer.get("/scorecard?q=SC-02&group=actor").get_data(as_text=True)
    assert page.count('data-code="SC-02"') == 2
    assert f'href="/scorecard/actors/{first.id}' in page


@pytest.mark.slow
def test_actor_and_source_scorecards_narrow_to_them(viewer, session, demo_loaded):
    kosovo = session.scalar(select(Actor).where(Actor.name == "Government of Kosovo"))
    page = viewer.get(f"/scorecard/actors/{kosovo.id}").get_data(as_text=True)
    assert "What is asked of Government of Kosovo" in page
    codes = re.findall(r'data-code="([^"]+)"', page)
    assert len(set(codes)) == int(re.search(r"Government of Kosovo: (\d+) recommendations", page).group(1))
    source = session.scalar(select(Source).where(Source.publisher == "New Lines Institute"))
    page = viewer.get(f"/scorecard/sources/{source.id}").get_data(as_text=True)
    assert "What became of this source" in page and "New Lines Institute" in page
    assert set(re.findall(r'data-code="([^"]+)"', page)) and all(
        code.startswith("US-") for code in re.findall(r'data-code="([^"]+)"', page)
    )
    assert viewer.get("/scorecard/actors/999999").status_code == 404
    assert viewer.get("/scorecard/sources/999999").status_code == 404


@pytest.mark.slow
def test_scorecard_prints_its_dates_filters_and_legend(viewer, session, demo_loaded):
    page = viewer.get("/scorecard?as_of=2026-01-31&compare=2025-06-30&priority=high").get_data(as_text=True)
    head = page.split('<div class="page-head">', 1)[1].split('<div class="actions">', 1)[0]
    assert "2026-01-31" in head and "2025-06-30" in head and "Priority: High" in head
    assert 'id="legend-heading"' in page
    for label in ("backsliding", "very good progress", "Achieved", "Not yet", "Not assessed"):
        assert f">{label}</span>" in page
    assert 'media="print"' in page


@pytest.mark.slow
def test_scorecard_takes_the_same_number_of_queries_for_3_and_30_recommendations(viewer, session, connection):
    theme = factories.make_theme(session)
    actor = factories.make_actor(session)
    level = factories.level(session, "EU progress", "some progress").id

    def add(count: int) -> None:
        for _ in range(count):
            rec = factories.make_recommendation(
                session,
                theme_id=theme.id,
                actors=[(actor.id, "lead")],
                benchmarks=[factories.on_scale(session), factories.milestone()],
            )
            factories.record(session, rec.benchmarks[0], date(2025, 6, 1), level_id=level)
            factories.record(session, rec.benchmarks[1], date(2026, 2, 1), achieved=True)
            # Every row also has an entry awaiting review: marking it takes no query per row.
            factories.record(session, rec.benchmarks[1], date(2026, 3, 1), achieved=False, submitted=True)
        session.commit()

    urls = [
        f"/scorecard?theme={theme.id}",
        f"/scorecard?theme={theme.id}&group=actor&as_of=2026-01-01",
        f"/scorecard/actors/{actor.id}?group=cycle",
    ]
    counts: list[list[int]] = []
    for count in (3, 27):
        add(count)
        measured = []
        for url in urls:
            viewer.get(url)
            with QueryCounter(connection) as counter:
                response = viewer.get(url)
            assert response.status_code == 200
            assert "1 awaiting review" in response.get_data(as_text=True)
            measured.append(counter.count)
        counts.append(measured)
    assert counts[0] == counts[1]
    # 25, one for the perspectives menu, one for the entries awaiting review, one for the filter menus' names
    # in the reader's language
    assert max(counts[0]) <= 28


@pytest.mark.slow
def test_scorecard_is_public_only_when_public_read_is_on(client, app):
    assert client.get("/scorecard").status_code == 302
    app.config["PUBLIC_READ"] = True
    assert client.get("/scorecard").status_code == 200


def test_sparkline_is_a_small_image_that_states_first_and_last_values(app):
    series = [
        (date(2025, 1, 1), 20.0),
        (date(2025, 6, 1), 40.0),
        (date(2026, 1, 1) + timedelta(days=3), 80.0),
    ]
    with app.test_request_context("/"):
        rendered = render_template_string("{{ sparkline(series, 'Troops <deployed>') }}", series=series)
    assert rendered.startswith('<img class="sparkline" src="data:image/svg+xml;base64,')
    assert 'width="120" height="32"' in rendered
    assert "Trend of Troops &lt;deployed&gt;: 20 on 2025-01-01, 80 on 2026-01-04 (3 entries)" in rendered

"""Big sets read well: charts show the largest groups and one exact "others" row, with round axis ticks."""

from __future__ import annotations

import base64
import re

import pytest

from scorecard.services.dashboard import MatrixRow
from scorecard.services.scorecards import GroupScore
from scorecard.web import charts, folding

from .. import factories


def themes(count: int) -> list[GroupScore]:
    # Theme n has n recommendations, n // 2 of them assessed at score n.
    return [
        GroupScore(n, f"Theme {n:02d}", n, n // 2, float(n) if n // 2 else None, 50.0)
        for n in range(1, count + 1)
    ]


def test_sixty_themes_fold_into_the_ten_largest_and_one_exact_others_row():
    folded = folding.fold_scores(themes(60), group="theme")
    assert [g.name for g in folded.top] == [f"Theme {n:02d}" for n in range(60, 50, -1)]
    others = folded.others
    assert others is not None and others.name == "50 other themes" and folded.folded == 50
    rest = range(1, 51)
    assert others.recommendations == sum(rest)
    assert others.assessed == sum(n // 2 for n in rest)
    assert others.score == pytest.approx(sum(n * (n // 2) for n in rest) / sum(n // 2 for n in rest))
    assert len(folded.every) == 60  # the full list stays one click away


def test_a_few_themes_are_shown_as_they_are():
    folded = folding.fold_scores(themes(12), group="theme", limit=6)
    assert folded.others is None and len(folded.top) == 12


def test_matrix_rows_fold_with_summed_counts():
    rows = [MatrixRow(n, f"Theme {n}", {"proposed": n, "accepted": 1}, n + 1) for n in range(1, 21)]
    folded = folding.fold_matrix(rows)
    assert folded.others is not None and folded.others.theme == "10 other themes"
    assert folded.others.counts == {"proposed": sum(range(1, 11)), "accepted": 10}
    assert folded.others.total == sum(n + 1 for n in range(1, 11))


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (14025, [0, 5000, 10000, 15000]),
        (2805, [0, 1000, 2000, 3000]),
        (7, [0, 2, 4, 6, 8]),
        (100, [0, 20, 40, 60, 80, 100]),
        (0, [0, 1]),
    ],
)
def test_count_axis_ticks_are_round(largest, ticks):
    assert charts._count_ticks(largest) == ticks


def _svg_labels(chart: charts.Chart) -> str:
    uri = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', str(chart.picture))
    assert uri is not None
    return base64.b64decode(uri.group(1)).decode("utf-8")


def test_status_chart_of_a_big_set_ticks_at_round_numbers():
    svg = _svg_labels(charts.status_bars("By status", [("proposed", 14025), ("accepted", 5610)]))
    assert "5,000" in svg and "10,000" in svg and "2805" not in svg and "2,805" not in svg


@pytest.mark.slow
def test_dashboard_with_many_themes_shows_the_largest_and_folds_the_rest(viewer, session):
    for n in range(14):
        theme = factories.make_theme(session, f"Area {n:02d}")
        for k in range(n + 1):
            factories.make_recommendation(session, code=f"A{n:02d}-{k}", theme_id=theme.id)
    session.commit()
    page = viewer.get("/").get_data(as_text=True)
    assert "8 other themes" in page  # in the score table, the matrix and the chart's data table
    assert "All 14 themes" in page
    main_table = page[
        page.index('class="theme-table"') : page.index("</table>", page.index('class="theme-table"'))
    ]
    assert "Area 13" in main_table and "Area 05" not in main_table

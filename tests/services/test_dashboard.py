"""The dashboard's figures: headline, matrix, quarters and activity agree with the scoring service."""

from __future__ import annotations

from datetime import date

import pytest

from scorecard import scoring
from scorecard.services import dashboard, progress, recommendations, scores

from .. import factories
from ..factories import SYSTEM
from ..helpers import QueryCounter

TODAY = date(2026, 11, 22)
THRESHOLDS = recommendations.Thresholds(today=TODAY, stale_days=180)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (
            date(2026, 11, 22),
            [
                "2025-03-31",
                "2025-06-30",
                "2025-09-30",
                "2025-12-31",
                "2026-03-31",
                "2026-06-30",
                "2026-09-30",
            ],
        ),
        (
            date(2026, 1, 1),
            [
                "2024-06-30",
                "2024-09-30",
                "2024-12-31",
                "2025-03-31",
                "2025-06-30",
                "2025-09-30",
                "2025-12-31",
            ],
        ),
    ],
)
def test_quarter_ends_are_the_last_eight_ending_today(today, expected):
    ends = dashboard.quarter_ends(today, 8)
    assert [d.isoformat() for d in ends] == [*expected, today.isoformat()]
    assert dashboard.quarter_label(date(2025, 12, 31)) == "2025 Q4"


def arrange(session):
    """Two themes; one recommendation assessed in 2025 and improved in 2026, one only in 2026, one never."""
    first, second = factories.make_theme(session), factories.make_theme(session)
    level = factories.level(session, "EU progress", "limited progress").id
    better = factories.level(session, "EU progress", "very good progress").id
    early = factories.make_recommendation(
        session, theme_id=first.id, benchmarks=[factories.on_scale(session)], due_on=date(2026, 1, 31)
    )
    factories.record(session, early.benchmarks[0], date(2025, 2, 1), level_id=level, today=TODAY)
    factories.record(session, early.benchmarks[0], date(2026, 8, 1), level_id=better, today=TODAY)
    late = factories.make_recommendation(session, theme_id=second.id, status="stalled")
    factories.record(session, late.benchmarks[0], date(2026, 5, 1), achieved=True, today=TODAY)
    never = factories.make_recommendation(session, theme_id=second.id, due_on=date(2026, 2, 1))
    return first, second, early, late, never


def reference_group(session, ids, as_of):
    """scoring.group_score over the scoring service's recommendation scores."""
    found = scores.recommendation_scores(session, as_of=as_of, today=TODAY, recommendation_ids=ids)
    return scoring.group_score(found[i].summary if i in found else scores.EMPTY for i in ids)


def test_quarterly_scores_equal_the_scoring_service_at_each_quarter_end(session):
    first, second, _early, late, never = arrange(session)
    quarters = dashboard.quarterly_scores(session, today=TODAY)
    assert [p.as_of for p in quarters.points] == dashboard.quarter_ends(TODAY)
    everyone = recommendations.filtered_ids(session, recommendations.RecommendationFilter(), THRESHOLDS)
    all_ids = list(session.scalars(everyone))
    for point in quarters.points:
        overall = reference_group(session, all_ids, point.as_of)
        assert point.overall.recommendations == len(all_ids)
        assert point.overall.score == pytest.approx(overall.score)
        second_theme = reference_group(session, [late.id, never.id], point.as_of)
        assert point.themes[second.id].score == pytest.approx(second_theme.score)
        assert point.themes[second.id].assessed == second_theme.assessed_count
    by_day = {p.as_of: p for p in quarters.points}
    assert by_day[date(2025, 3, 31)].themes[first.id].score == pytest.approx(40.0)
    assert by_day[date(2025, 3, 31)].themes[second.id].score is None  # not assessed yet: no score, not 0
    assert by_day[TODAY].themes[first.id].score == pytest.approx(100.0)
    assert quarters.points[-1].to_date


def test_headline_counts_statuses_overdue_and_the_average_of_the_scoring_service(session):
    _first, second, *_ = arrange(session)
    figures, matrix = dashboard.headline(session, thresholds=THRESHOLDS)
    ids = list(
        session.scalars(
            recommendations.filtered_ids(session, recommendations.RecommendationFilter(), THRESHOLDS)
        )
    )
    expected = reference_group(session, ids, TODAY)
    assert figures.score == pytest.approx(expected.score)
    assert figures.coverage == pytest.approx(expected.coverage)
    assert figures.assessed == expected.assessed_count
    assert (
        figures.overdue
        == recommendations.list_recommendations(
            session, criteria=recommendations.RecommendationFilter(overdue=True), thresholds=THRESHOLDS
        ).total
    )
    assert figures.overdue >= 1  # `never` is past due and unassessed
    rows = {row.theme_id: row for row in matrix}
    assert rows[second.id].counts == {"stalled": 1, "in_progress": 1}
    assert rows[second.id].total == 2
    assert dict(figures.by_status)["stalled"] >= 1


def test_recent_activity_shows_the_latest_counting_entries_first(session):
    _first, _second, early, late, never = arrange(session)
    mistaken = factories.record(session, never.benchmarks[0], date(2026, 11, 1), achieved=True, today=TODAY)
    progress.delete_entry(session, mistaken.id, by=SYSTEM)
    activity = dashboard.recent_activity(session)
    mine = [a for a in activity if a.recommendation_id in {early.id, late.id, never.id}]
    assert [(a.code, a.observed_on) for a in mine] == [
        (early.code, date(2026, 8, 1)),
        (late.code, date(2026, 5, 1)),
        (early.code, date(2025, 2, 1)),
    ]
    assert mine[0].label == "very good progress"
    assert mine[1].label == "Achieved"


def test_dashboard_takes_the_same_number_of_queries_for_3_and_30_recommendations(session, connection):
    counts = []
    for _ in range(2):
        for _ in range(1 if not counts else 9):
            _first, _second, early, _late, _never = arrange(session)
            progress.record_progress(
                session,
                early.benchmarks[0].id,
                fields=progress.EntryInput(
                    observed_on=date(2026, 3, 1),
                    level_id=factories.level(session, "EU progress", "good progress").id,
                ),
                by=SYSTEM,
                submitted=True,
            )
        with QueryCounter(connection) as counter:
            board = dashboard.dashboard(session, thresholds=THRESHOLDS)
        counts.append(counter.count)
    assert board.headline.recommendations >= 30
    assert counts[0] == counts[1]
    assert len(board.awaiting) >= 10  # an entry awaiting review on each early recommendation
    # one more than before snapshots (which quarter ends are kept), one for the entries awaiting review
    assert counts[0] <= 14

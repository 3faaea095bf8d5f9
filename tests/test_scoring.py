"""The scorecard arithmetic as pure functions: every rule of PRODUCT.md, and its invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard import scoring
from scorecard.scoring import Observation


@pytest.mark.parametrize(
    ("value", "baseline", "target", "direction", "expected"),
    [
        (350, 0, 700, "increase", 50.0),
        (0, 0, 700, "increase", 0.0),
        (700, 0, 700, "increase", 100.0),
        (900, 0, 700, "increase", 100.0),  # past the target: clamped
        (-50, 0, 700, "increase", 0.0),  # behind the baseline: clamped
        (2, 4, 0, "decrease", 50.0),  # police formations 4 → 0: halfway
        (0, 4, 0, "decrease", 100.0),
        (6, 4, 0, "decrease", 0.0),  # more than at the start: clamped at 0
        (15, 10, 20, "increase", 50.0),
    ],
)
def test_numeric_score_share_of_the_way(value, baseline, target, direction, expected):
    assert scoring.numeric_score(
        value, baseline=baseline, target=target, direction=direction
    ) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("baseline", "target", "direction"),
    [(5, 5, "increase"), (0, 10, "decrease"), (10, 0, "increase"), (0, 10, "sideways")],
)
def test_numeric_score_refuses_inconsistent_benchmarks(baseline, target, direction):
    with pytest.raises(ValueError):
        scoring.numeric_score(1, baseline=baseline, target=target, direction=direction)


def test_milestone_score_is_all_or_nothing():
    assert scoring.milestone_score(True) == 100.0
    assert scoring.milestone_score(False) == 0.0


def _obs(entry_id: int, day: str, score: float, counts: bool = True) -> Observation:
    return Observation(entry_id, date.fromisoformat(day), score, counts)


def test_state_as_of_takes_latest_entry_on_or_before_the_date():
    history = [_obs(1, "2024-03-01", 20), _obs(2, "2025-03-01", 60), _obs(3, "2026-03-01", 40)]
    assert scoring.state_as_of(history, date(2025, 12, 31)).score == 60
    assert scoring.state_as_of(history, date(2026, 3, 1)).score == 40
    assert scoring.state_as_of(history, date(2024, 2, 28)) is None  # not assessed yet


def test_state_as_of_same_date_prefers_the_one_recorded_last():
    history = [_obs(7, "2025-06-01", 80), _obs(3, "2025-06-01", 20)]
    assert scoring.state_as_of(history, date(2025, 6, 1)).entry_id == 7


def test_state_as_of_ignores_corrected_and_deleted_entries():
    history = [_obs(1, "2025-01-01", 20), _obs(2, "2025-06-01", 100, counts=False)]
    assert scoring.state_as_of(history, date(2026, 1, 1)).entry_id == 1


def test_weighted_score_uses_assessed_benchmarks_and_reports_coverage():
    summary = scoring.weighted_score([(2.0, 100.0), (1.0, 40.0), (1.0, None)])
    assert summary.score == pytest.approx((200 + 40) / 3)
    assert summary.coverage == pytest.approx(75.0)
    assert (summary.count, summary.assessed_count) == (3, 2)


def test_weighted_score_with_nothing_assessed_is_empty_not_zero():
    summary = scoring.weighted_score([(1.0, None), (1.0, None)])
    assert summary.score is None
    assert summary.coverage == 0.0


def test_weighted_score_with_no_benchmarks_has_no_coverage():
    summary = scoring.weighted_score([])
    assert summary.score is None and summary.coverage is None


def test_group_score_weighs_recommendations_equally_and_skips_unassessed():
    parts = [
        scoring.weighted_score([(1, 80.0)]),
        scoring.weighted_score([(5, 20.0), (5, 20.0)]),
        scoring.weighted_score([(1, None)]),
    ]
    group = scoring.group_score(parts)
    assert group.score == pytest.approx(50.0)
    assert group.coverage == pytest.approx((100 + 100 + 0) / 3)
    assert (group.count, group.assessed_count) == (3, 2)


def test_trend_is_difference_and_empty_when_either_end_is_unassessed():
    assert scoring.trend(70.0, 40.0) == 30.0
    assert scoring.trend(40.0, 70.0) == -30.0
    assert scoring.trend(None, 40.0) is None
    assert scoring.trend(40.0, None) is None


def test_comparison_date_is_end_of_previous_cycle_else_a_year_earlier():
    ends = [date(2024, 12, 31), date(2025, 12, 31), date(2026, 12, 31)]
    assert scoring.comparison_date(date(2026, 11, 22), ends) == date(2025, 12, 31)
    assert scoring.comparison_date(date(2024, 6, 1), ends) == date(2023, 6, 1)
    assert scoring.comparison_date(date(2024, 2, 29), []) == date(2023, 2, 28)


@pytest.mark.parametrize(
    ("due_on", "status", "score", "overdue"),
    [
        (date(2026, 1, 1), "in_progress", 50.0, True),
        (date(2026, 1, 1), "in_progress", None, True),
        (date(2026, 1, 1), "in_progress", 100.0, False),
        (date(2026, 1, 1), "implemented", 40.0, False),
        (date(2026, 1, 1), "withdrawn", 0.0, False),
        (date(2027, 1, 1), "stalled", 0.0, False),
        (None, "stalled", 0.0, False),
        (date(2026, 11, 22), "stalled", 0.0, False),  # due today is not yet overdue
    ],
)
def test_is_overdue(due_on, status, score, overdue):
    assert scoring.is_overdue(due_on=due_on, as_of=date(2026, 11, 22), status=status, score=score) is overdue


@pytest.mark.parametrize(
    ("last", "since", "status", "stale"),
    [
        (date(2026, 1, 1), date(2020, 1, 1), "in_progress", True),
        (date(2026, 10, 1), date(2020, 1, 1), "in_progress", False),
        (None, date(2026, 10, 1), "proposed", False),  # new: tracking only just began
        (None, date(2025, 1, 1), "proposed", True),
        (date(2020, 1, 1), date(2020, 1, 1), "implemented", False),
    ],
)
def test_is_stale(last, since, status, stale):
    result = scoring.is_stale(
        last_observed_on=last, as_of=date(2026, 11, 22), stale_days=180, status=status, since=since
    )
    assert result is stale


# -- properties ------------------------------------------------------------------------

scores = st.floats(min_value=0, max_value=100, allow_nan=False)
weights = st.floats(min_value=0.01, max_value=1000, allow_nan=False)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31))


@given(st.lists(st.tuples(weights, st.one_of(st.none(), scores)), max_size=30))
def test_weighted_score_is_always_within_0_and_100(parts):
    summary = scoring.weighted_score(parts)
    assert summary.score is None or 0 <= summary.score <= 100
    assert summary.coverage is None or 0 <= summary.coverage <= 100 + 1e-9


@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    st.floats(allow_nan=False, allow_infinity=False, min_value=0.001, max_value=1e6),
    st.sampled_from(["increase", "decrease"]),
)
def test_numeric_score_is_always_within_0_and_100(value, baseline, distance, direction):
    target = baseline + distance if direction == "increase" else baseline - distance
    assert 0 <= scoring.numeric_score(value, baseline=baseline, target=target, direction=direction) <= 100


@given(
    st.lists(st.tuples(days, scores, st.booleans()), max_size=20),
    days,
    st.integers(1, 2000),
    scores,
)
def test_an_entry_dated_after_d_never_changes_the_state_as_of_d(history, as_of, days_later, score):
    observations = [Observation(i, day, s, counts) for i, (day, s, counts) in enumerate(history)]
    before = scoring.state_as_of(observations, as_of)
    late = Observation(len(observations), as_of + timedelta(days=days_later), score)
    assert scoring.state_as_of([*observations, late], as_of) == before

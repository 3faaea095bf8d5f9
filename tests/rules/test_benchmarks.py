"""The benchmark rules: the clean values they give back, settled directions, and which fields they drop."""

from __future__ import annotations

import pytest

from scorecard.errors import RuleViolation
from scorecard.rules.benchmarks import BenchmarkFacts, RecordedBenchmark, check_benchmark


@pytest.mark.parametrize(
    ("baseline", "target", "given", "settled"),
    [
        (0, 700, None, "increase"),
        (4, 0, None, "decrease"),
        (4, 0, "", "decrease"),
        (0, 700, "increase", "increase"),
        (4, 0, "decrease", "decrease"),
    ],
)
def test_direction_is_settled_from_baseline_and_target(baseline, target, given, settled):
    checked = check_benchmark(
        BenchmarkFacts(title="Troops", kind="numeric", baseline=baseline, target=target, direction=given)
    )
    assert checked.direction == settled


def test_check_benchmark_gives_clean_values():
    checked = check_benchmark(
        BenchmarkFacts(title="  Troops ", kind="numeric", baseline=0, target=10, unit=" % ", weight=2.5)
    )
    assert checked.columns() == {
        "title": "Troops",
        "kind": "numeric",
        "scale_id": None,
        "baseline": 0,
        "target": 10,
        "unit": "%",
        "direction": "increase",
        "weight": 2.5,
        "due_on": None,
        "reporting_frequency": None,
        "reporting_due_day": None,
    }


def test_fields_of_another_kind_carried_over_are_dropped_not_refused():
    """An import row that turns a numeric benchmark into a milestone need not blank its old figures."""
    checked = check_benchmark(
        BenchmarkFacts(title="Done", kind="milestone", scale_id=3, baseline=0, target=10, unit="%"),
        supplied=("title", "kind"),
    )
    assert (checked.scale_id, checked.baseline, checked.target, checked.unit) == (None, None, None, None)


def test_fields_of_another_kind_given_are_refused_together():
    with pytest.raises(RuleViolation) as raised:
        check_benchmark(BenchmarkFacts(title="Done", kind="milestone", scale_id=3, baseline=0, unit="%"))
    assert set(raised.value.errors) == {"scale_id", "baseline", "unit"}


def test_a_bad_kind_still_reports_title_and_weight():
    with pytest.raises(RuleViolation) as raised:
        check_benchmark(BenchmarkFacts(title="", kind="guess", weight=0))
    assert set(raised.value.errors) == {"title", "kind", "weight"}


@pytest.mark.parametrize(
    ("recorded", "kind", "scale_id"),
    [
        (
            RecordedBenchmark("milestone", None, has_entries=False),
            "numeric",
            None,
        ),  # no entries: free to change
        (RecordedBenchmark("scale", 1, has_entries=False), "scale", 2),
        (RecordedBenchmark("scale", 1, has_entries=True), "scale", 1),  # entries, but kind and scale kept
    ],
)
def test_kind_and_scale_may_change_while_no_entry_depends_on_them(recorded, kind, scale_id):
    facts = BenchmarkFacts(title="B", kind=kind, scale_id=scale_id, baseline=0, target=1)
    checked = check_benchmark(facts, supplied=("title", "kind", "scale_id"), recorded=recorded)
    assert (checked.kind, checked.scale_id) == (kind, scale_id)


def test_a_scale_is_not_looked_up_when_no_lookup_is_given():
    assert check_benchmark(BenchmarkFacts(title="B", kind="scale", scale_id=42)).scale_id == 42


def test_an_unknown_direction_and_an_equal_target_are_both_reported():
    with pytest.raises(RuleViolation) as raised:
        check_benchmark(BenchmarkFacts(title="T", kind="numeric", baseline=5, target=5, direction="sideways"))
    assert raised.value.errors == {
        "direction": "Choose whether higher or lower is better.",
        "target": "The target must differ from the baseline.",
    }

"""The reporting schedule: periods, due days, and where a report stands."""

from __future__ import annotations

from datetime import date

import pytest

from scorecard.errors import RuleViolation
from scorecard.rules import reporting
from scorecard.rules.benchmarks import BenchmarkFacts, check_benchmark


@pytest.mark.parametrize(
    ("frequency", "due_day", "day", "name", "starts_on", "due_on"),
    [
        ("monthly", 20, date(2026, 2, 10), "2026-02", date(2026, 2, 1), date(2026, 2, 20)),
        ("monthly", 31, date(2026, 2, 10), "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("monthly", None, date(2028, 2, 10), "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("quarterly", 15, date(2026, 11, 3), "2026-Q4", date(2026, 10, 1), date(2026, 12, 15)),
        ("quarterly", None, date(2026, 1, 1), "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("half_yearly", 10, date(2026, 7, 1), "2026-H2", date(2026, 7, 1), date(2026, 12, 10)),
        ("yearly", 1, date(2026, 5, 5), "2026", date(2026, 1, 1), date(2026, 12, 1)),
    ],
)
def test_period_of_names_the_period_and_its_due_day(frequency, due_day, day, name, starts_on, due_on):
    period = reporting.period_of(frequency, due_day, day)
    assert (period.name, period.starts_on, period.due_on) == (name, starts_on, due_on)


@pytest.mark.parametrize(
    ("last_observed_on", "today", "state"),
    [
        (None, date(2026, 10, 5), "upcoming"),
        (None, date(2026, 12, 8), "due"),  # within 7 days of 15 December
        (None, date(2026, 12, 15), "due"),  # the due day itself
        (None, date(2026, 12, 16), "overdue"),
        (date(2026, 9, 30), date(2026, 12, 16), "overdue"),  # the previous quarter's entry does not count
        (date(2026, 10, 1), date(2026, 12, 16), "met"),
        (date(2026, 12, 8), date(2026, 12, 8), "met"),
    ],
)
def test_standing_is_met_only_by_an_entry_observed_in_the_period(last_observed_on, today, state):
    found = reporting.standing("quarterly", 15, last_observed_on=last_observed_on, today=today, days_before=7)
    assert found.state == state and found.period.name == "2026-Q4"


def test_iso_week_names_the_digest_period():
    assert reporting.iso_week(date(2026, 12, 1)) == "2026-W49"
    assert reporting.iso_week(date(2027, 1, 1)) == "2026-W53"


@pytest.mark.parametrize(
    ("frequency", "due_day", "field", "message"),
    [
        ("weekly", None, "reporting_frequency", "Choose monthly"),
        ("monthly", 0, "reporting_due_day", "from 1 to 31"),
        ("monthly", 32, "reporting_due_day", "from 1 to 31"),
        (None, 5, "reporting_due_day", "needs a reporting frequency"),
    ],
)
def test_check_benchmark_refuses_a_broken_schedule(frequency, due_day, field, message):
    with pytest.raises(RuleViolation) as refused:
        check_benchmark(
            BenchmarkFacts(
                title="Report", kind="milestone", reporting_frequency=frequency, reporting_due_day=due_day
            )
        )
    assert message in refused.value.errors[field]


def test_check_benchmark_keeps_a_good_schedule_and_an_empty_one():
    checked = check_benchmark(
        BenchmarkFacts(
            title="Report", kind="milestone", reporting_frequency="quarterly", reporting_due_day=15
        )
    )
    assert (checked.reporting_frequency, checked.reporting_due_day) == ("quarterly", 15)
    empty = check_benchmark(BenchmarkFacts(title="Report", kind="milestone", reporting_frequency=""))
    assert (empty.reporting_frequency, empty.reporting_due_day) == (None, None)

"""The reporting schedule over the database: who owes which report, due and overdue; the CSV columns."""

from __future__ import annotations

from datetime import date

from scorecard.services import reporting
from scorecard.services.recommendations import RecommendationFilter

from ..factories import make_actor, make_recommendation, milestone, record
from .test_exports import read

TODAY = date(2026, 12, 16)  # the day after 15 December: Q4 reports due that day are overdue


def _scheduled(session, actors, *, frequency="quarterly", due_day=15, status="in_progress"):
    return make_recommendation(
        session,
        status=status,
        actors=[(actor.id, "lead") for actor in actors],
        benchmarks=[milestone("Quarterly report", reporting_frequency=frequency, reporting_due_day=due_day)],
    ).benchmarks[0]


def test_owed_reports_lists_due_and_overdue_by_actor_and_drops_met_ones(session):
    ministry, agency = make_actor(session, "Ministry of Justice"), make_actor(session, "Agency for Data")
    overdue = _scheduled(session, [ministry, agency])
    met = _scheduled(session, [ministry])
    record(session, met, date(2026, 10, 2), achieved=False)
    due = _scheduled(session, [agency], frequency="monthly", due_day=20)
    _scheduled(session, [agency], status="implemented")  # closed: owes nothing
    make_recommendation(session, actors=[(agency.id, "lead")])  # no schedule
    owed = [
        r
        for r in reporting.owed_reports(session, today=TODAY, days_before=7)
        if r.actor_id in (ministry.id, agency.id)
    ]
    assert [(r.actor_name, r.benchmark_id, r.state, r.period, r.due_on) for r in owed] == [
        ("Agency for Data", overdue.id, "overdue", "2026-Q4", date(2026, 12, 15)),
        ("Agency for Data", due.id, "due", "2026-12", date(2026, 12, 20)),
        ("Ministry of Justice", overdue.id, "overdue", "2026-Q4", date(2026, 12, 15)),
    ]
    groups = reporting.by_actor(owed)
    assert [(g.actor_name, len(g.reports)) for g in groups] == [
        ("Agency for Data", 2),
        ("Ministry of Justice", 1),
    ]
    assert reporting.counts(owed) == {"due": 1, "overdue": 1}


def test_an_entry_observed_before_the_period_does_not_meet_it(session):
    actor = make_actor(session)
    benchmark = _scheduled(session, [actor])
    record(session, benchmark, date(2026, 9, 30), achieved=False)
    owed = reporting.owed_reports(session, today=TODAY, actor_ids=[actor.id])
    assert [(r.state, r.last_observed_on) for r in owed] == [("overdue", date(2026, 9, 30))]


def test_the_benchmarks_csv_carries_the_schedule(session):
    benchmark = _scheduled(session, [make_actor(session)], frequency="half_yearly", due_day=10)
    rows = read(session, "benchmarks", RecommendationFilter(q=benchmark.recommendation.code))
    assert [(r["reporting_frequency"], r["reporting_due_day"]) for r in rows] == [("half_yearly", "10")]

"""The reporting schedule: which actor owes which benchmark's report, and which are due or overdue."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.models import (
    CLOSED_STATUSES,
    Actor,
    Benchmark,
    BenchmarkState,
    Recommendation,
    RecommendationActor,
)
from scorecard.rules.reporting import DUE, OVERDUE, standing

# The default reminder window; the REMINDER_DAYS_BEFORE setting overrides it.
DEFAULT_DAYS_BEFORE = 7
OUTSTANDING = (DUE, OVERDUE)


@dataclass(frozen=True, slots=True)
class OwedReport:
    """One benchmark's report for the current period, owed by one actor (None: no actor named)."""

    actor_id: int | None
    actor_name: str | None
    benchmark_id: int
    benchmark_title: str
    recommendation_id: int
    recommendation_code: str
    frequency: str
    period: str
    due_on: date
    state: str
    last_observed_on: date | None


@dataclass(frozen=True, slots=True)
class ActorReports:
    """The reports one actor owes, overdue first."""

    actor_id: int | None
    actor_name: str | None
    reports: tuple[OwedReport, ...]


def owed_reports(
    session: Session,
    *,
    today: date,
    days_before: int = DEFAULT_DAYS_BEFORE,
    states: Collection[str] = OUTSTANDING,
    actor_ids: Collection[int] | None = None,
) -> list[OwedReport]:
    """Each scheduled benchmark of a live, open recommendation, per actor it is addressed to, whose
    current report stands in `states`; by actor name, overdue first, then by due day (one query)."""
    state = BenchmarkState.__table__
    query = (
        select(
            Actor.id,
            Actor.name,
            Benchmark.id,
            Benchmark.title,
            Recommendation.id,
            Recommendation.code,
            Benchmark.reporting_frequency,
            Benchmark.reporting_due_day,
            state.c.observed_on,
        )
        .join(Recommendation, Recommendation.id == Benchmark.recommendation_id)
        .outerjoin(RecommendationActor, RecommendationActor.recommendation_id == Recommendation.id)
        .outerjoin(Actor, Actor.id == RecommendationActor.actor_id)
        .outerjoin(state, state.c.benchmark_id == Benchmark.id)
        .where(
            Benchmark.reporting_frequency.is_not(None),
            Benchmark.archived_at.is_(None),
            Recommendation.archived_at.is_(None),
            Recommendation.status.not_in(list(CLOSED_STATUSES)),
        )
    )
    if actor_ids is not None:
        query = query.where(Actor.id.in_(list(actor_ids)))
    found = []
    for row in session.execute(query):
        (actor_id, actor_name, benchmark_id, title, rec_id, code, frequency, due_day, observed_on) = row
        where = standing(
            frequency, due_day, last_observed_on=observed_on, today=today, days_before=days_before
        )
        if where.state in states:
            found.append(
                OwedReport(
                    actor_id,
                    actor_name,
                    benchmark_id,
                    title,
                    rec_id,
                    code,
                    frequency,
                    where.period.name,
                    where.period.due_on,
                    where.state,
                    observed_on,
                )
            )
    found.sort(
        key=lambda r: (
            r.actor_name is None,
            r.actor_name or "",
            r.state != OVERDUE,
            r.due_on,
            r.recommendation_code,
        )
    )
    return found


def by_actor(reports: Iterable[OwedReport]) -> list[ActorReports]:
    """Reports (as owed_reports sorts them) grouped by the actor that owes them."""
    return [
        ActorReports(actor_id, name, tuple(group))
        for (actor_id, name), group in groupby(reports, key=lambda r: (r.actor_id, r.actor_name))
    ]


def counts(reports: Iterable[OwedReport]) -> dict[str, int]:
    """How many reports are due and how many overdue (a benchmark owed by two actors counts once)."""
    seen: dict[str, set[int]] = {DUE: set(), OVERDUE: set()}
    for report in reports:
        seen.setdefault(report.state, set()).add(report.benchmark_id)
    return {state: len(ids) for state, ids in seen.items()}

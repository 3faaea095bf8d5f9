"""The scoring service: SQL that agrees with the pure arithmetic, and a maintained state that stays true."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from scorecard import scoring
from scorecard.models import ProgressEntry
from scorecard.services import progress, recommendations, review, scores

from .. import factories
from ..factories import SYSTEM
from ..helpers import QueryCounter

TODAY = date(2026, 11, 22)


def observations(session, benchmark_id):
    """The pure-function view of one benchmark's history."""
    rows = session.scalars(select(ProgressEntry).where(ProgressEntry.benchmark_id == benchmark_id))
    return [
        scoring.Observation(
            e.id,
            e.observed_on,
            e.score,
            e.superseded_at is None
            and e.deleted_at is None
            and e.review_status == "approved"
            and e.perspective_id is None,
        )
        for e in rows
    ]


def expected_summary(session, recommendation, as_of):
    parts = []
    for benchmark in recommendation.benchmarks:
        if benchmark.archived_at is not None:
            continue
        state = scoring.state_as_of(observations(session, benchmark.id), as_of)
        parts.append((benchmark.weight, state.score if state else None))
    return scoring.weighted_score(parts)


def test_recommendation_score_is_weighted_mean_with_coverage(session):
    rec = factories.make_recommendation(
        session,
        benchmarks=[
            factories.milestone(weight=2.0),
            factories.numeric(baseline=0, target=700),
            factories.on_scale(session, "Assessment"),
        ],
    )
    milestone, troops, _assessment = rec.benchmarks
    factories.record(session, milestone, date(2025, 3, 1), achieved=True, today=TODAY)
    factories.record(session, troops, date(2025, 3, 1), value=350, today=TODAY)
    result = scores.recommendation_scores(session, as_of=TODAY, today=TODAY, recommendation_ids=[rec.id])[
        rec.id
    ]
    assert result.summary.score == pytest.approx((2 * 100 + 1 * 50) / 3)
    assert result.summary.coverage == pytest.approx(75.0)
    assert result.summary.assessed_count == 2
    assert result.last_observed_on == date(2025, 3, 1)


def test_score_as_of_past_date_uses_entries_up_to_that_day(session):
    rec = factories.make_recommendation(session, benchmarks=[factories.on_scale(session, "Assessment")])
    (bench,) = rec.benchmarks
    for day, label in [
        ("2024-06-01", "limited progress"),
        ("2025-06-01", "good progress"),
        ("2026-06-01", "backsliding"),
    ]:
        factories.record(session, bench, date.fromisoformat(day), today=TODAY, eu_level=label)

    def score_on(day):
        found = scores.recommendation_scores(session, as_of=day, today=TODAY, recommendation_ids=[rec.id])
        return found[rec.id].summary.score if rec.id in found else None

    assert score_on(date(2024, 1, 1)) is None
    assert score_on(date(2024, 12, 31)) == pytest.approx(40.0)
    assert score_on(date(2025, 12, 31)) == pytest.approx(80.0)
    assert score_on(TODAY) == pytest.approx(0.0)  # backsliding counts as 0, not as "not assessed"


def test_no_entries_means_not_assessed_not_zero(session):
    rec = factories.make_recommendation(
        session, benchmarks=[factories.milestone(), factories.milestone("Second")]
    )
    result = scores.recommendation_scores(session, as_of=TODAY, today=TODAY, recommendation_ids=[rec.id])[
        rec.id
    ]
    assert result.summary.score is None
    assert result.summary.coverage == 0.0


def test_correction_replaces_and_deletion_withdraws_an_entry(session):
    rec = factories.make_recommendation(session, benchmarks=[factories.numeric(baseline=0, target=10)])
    (bench,) = rec.benchmarks
    first = factories.record(session, bench, date(2025, 1, 1), value=5, today=TODAY)
    second = factories.record(session, bench, date(2025, 6, 1), value=8, today=TODAY)
    progress.correct_entry(
        session,
        second.id,
        fields=progress.EntryInput(observed_on=date(2025, 6, 1), value=2),
        by=SYSTEM,
        today=TODAY,
    )
    current = scores.recommendation_scores(session, as_of=TODAY, today=TODAY, recommendation_ids=[rec.id])[
        rec.id
    ]
    assert current.summary.score == pytest.approx(20.0)
    latest = session.scalar(select(ProgressEntry).where(ProgressEntry.corrects_id == second.id))
    progress.delete_entry(session, latest.id, by=SYSTEM)
    current = scores.recommendation_scores(session, as_of=TODAY, today=TODAY, recommendation_ids=[rec.id])[
        rec.id
    ]
    assert current.summary.score == pytest.approx(50.0)  # back to the first entry
    assert len(observations(session, bench.id)) == 3  # nothing lost: the history keeps all three
    assert first.superseded_at is None


def test_scores_for_many_recommendations_take_a_constant_number_of_queries(session, connection):
    def run(count):
        recs = [
            factories.make_recommendation(session, benchmarks=[factories.milestone(), factories.numeric()])
            for _ in range(count)
        ]
        for rec in recs:
            factories.record(session, rec.benchmarks[0], date(2025, 1, 1), achieved=True, today=TODAY)
        ids = [r.id for r in recs]
        session.flush()
        with QueryCounter(connection) as today_counter:
            scores.recommendation_scores(session, as_of=TODAY, today=TODAY, recommendation_ids=ids)
        with QueryCounter(connection) as past_counter:
            scores.recommendation_scores(session, as_of=date(2025, 6, 1), today=TODAY, recommendation_ids=ids)
        return today_counter.count, past_counter.count

    assert run(3) == run(40) == (1, 1)


# -- properties against the pure functions ----------------------------------------------

entry_plan = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(0, 900),
        st.integers(0, 1000),
        st.sampled_from(["add", "correct", "delete", "submit", "approve", "return"]),
    ),
    min_size=0,
    max_size=18,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=entry_plan,
    as_of_offset=st.integers(0, 1000),
    weights=st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.0]), min_size=3, max_size=3),
)
@pytest.mark.slow
def test_service_agrees_with_pure_functions_and_maintained_state_with_scratch(
    session, plan, as_of_offset, weights
):
    """Random writes, corrections, deletions, contributors' submissions and reviewers' decisions: SQL
    scores equal the pure arithmetic on any date, and the maintained current state equals the one
    computed from scratch."""
    savepoint = session.begin_nested()
    try:
        rec = factories.make_recommendation(
            session,
            benchmarks=[
                factories.milestone(weight=weights[0]),
                factories.numeric(baseline=100, target=0, weight=weights[1]),
                factories.on_scale(session, "Assessment", weight=weights[2]),
            ],
        )
        levels = [level.id for level in rec.benchmarks[2].scale.levels]
        start = date(2023, 1, 1)
        factories.record(session, rec.benchmarks[0], start, achieved=False, today=TODAY)
        scores.ensure_snapshot_days(session, today=TODAY)  # quarter ends from 2023 on, and the cycle's end
        for bench_index, day_offset, raw, action in plan:
            bench = rec.benchmarks[bench_index]
            fields = progress.EntryInput(
                observed_on=start + timedelta(days=day_offset),
                achieved=raw % 2 == 0 if bench.kind == "milestone" else None,
                value=float(raw % 150) if bench.kind == "numeric" else None,
                level_id=levels[raw % len(levels)] if bench.kind == "scale" else None,
            )
            live = session.scalars(
                select(ProgressEntry)
                .where(
                    ProgressEntry.benchmark_id == bench.id,
                    ProgressEntry.superseded_at.is_(None),
                    ProgressEntry.deleted_at.is_(None),
                )
                .order_by(ProgressEntry.id)
            ).all()
            waiting = [e for e in live if e.review_status == "submitted"]
            if action == "submit":
                progress.record_progress(
                    session, bench.id, fields=fields, by=SYSTEM, today=TODAY, submitted=True
                )
            elif action in ("approve", "return") and waiting:
                review.decide(
                    session,
                    [waiting[raw % len(waiting)].id],
                    approve=action == "approve",
                    comment="no",
                    by=SYSTEM,
                )
            elif action == "correct" and live:
                progress.correct_entry(
                    session, live[raw % len(live)].id, fields=fields, by=SYSTEM, today=TODAY
                )
            elif action == "delete" and live:
                progress.delete_entry(session, live[raw % len(live)].id, by=SYSTEM)
            else:
                progress.record_progress(session, bench.id, fields=fields, by=SYSTEM, today=TODAY)
        session.expire_all()
        rec = recommendations.get_recommendation(session, rec.id)
        for as_of in (start + timedelta(days=as_of_offset), TODAY):
            expected = expected_summary(session, rec, as_of)
            got = scores.recommendation_scores(session, as_of=as_of, today=TODAY, recommendation_ids=[rec.id])
            summary = got[rec.id].summary
            assert (
                summary.score == pytest.approx(expected.score)
                if expected.score is not None
                else summary.score is None
            )
            assert summary.coverage == pytest.approx(expected.coverage)
            assert summary.assessed_count == expected.assessed_count
        assert scores.maintained_state(session) == scores.current_state_from_scratch(session)
        assert scores.kept_snapshots(session) == scores.snapshots_from_scratch(session)
    finally:
        savepoint.rollback()


def test_snapshot_days_are_recent_quarter_ends_and_cycle_ends(session):
    rec = factories.make_recommendation(session)
    factories.record(session, rec.benchmarks[0], date(2019, 5, 1), achieved=False, today=TODAY)
    factories.reference.create_cycle(
        session,
        name=factories.unique("Cycle"),
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 8, 15),
        by=SYSTEM,
    )
    due = scores.snapshot_days_due(session, today=TODAY)
    quarters = sorted(day for day in due if day != date(2025, 8, 15))
    assert len(quarters) == scores.SNAPSHOT_QUARTERS and quarters[-1] == date(2026, 9, 30)
    assert date(2025, 8, 15) in due
    assert all(day < TODAY for day in due)


def test_a_backdated_write_updates_the_kept_snapshots_it_reaches(session):
    rec = factories.make_recommendation(session, benchmarks=[factories.numeric(baseline=0, target=10)])
    (bench,) = rec.benchmarks
    factories.record(session, bench, date(2025, 1, 10), value=2, today=TODAY)
    scores.ensure_snapshot_days(session, today=TODAY)

    def kept_score(day):
        subquery = scores.scores_subquery(as_of=day, today=TODAY, kept=True)
        return session.execute(
            select(subquery.c.score).where(subquery.c.recommendation_id == rec.id)
        ).scalar()

    assert kept_score(date(2025, 3, 31)) == pytest.approx(20)
    factories.record(session, bench, date(2025, 5, 1), value=8, today=TODAY)  # after Q1, before Q2's end
    assert kept_score(date(2025, 3, 31)) == pytest.approx(20)
    assert kept_score(date(2025, 6, 30)) == pytest.approx(80)
    assert scores.kept_snapshots(session) == scores.snapshots_from_scratch(session)


def test_kept_and_computed_scores_agree(session):
    recs = [
        factories.make_recommendation(session, benchmarks=[factories.milestone(), factories.numeric()])
        for _ in range(4)
    ]
    for n, rec in enumerate(recs):
        factories.record(session, rec.benchmarks[1], date(2024, 2 + n, 1), value=100 * n, today=TODAY)
    scores.ensure_snapshot_days(session, today=TODAY)
    ids = [r.id for r in recs]
    for day in sorted(scores.kept_days(session, scores.snapshot_days_due(session, today=TODAY))):
        kept = scores.scores_subquery(as_of=day, today=TODAY, kept=True)
        computed = scores.scores_subquery(as_of=day, today=TODAY, kept=False)

        def rounded(subquery):
            return {
                r.recommendation_id: tuple(None if v is None else round(v, 9) for v in (r.score, r.coverage))
                for r in session.execute(select(subquery))
                if r.recommendation_id in ids
            }

        assert rounded(kept) == rounded(computed)

"""Contributors report on their actors' benchmarks; only approved entries count; perspectives score apart."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from scorecard.errors import NotFound, RuleViolation
from scorecard.models import AuditEvent, ProgressEntry, ReviewStatus, User
from scorecard.services import dashboard, evidence, progress, reference, review, scorecards, scores, users
from scorecard.services.audit import ActingUser
from scorecard.services.recommendations import RecommendationFilter, Thresholds

from .. import factories
from .test_evidence import PDF

TODAY = date(2026, 6, 30)


@pytest.fixture
def world(session):
    """Two actors, a recommendation for each, a contributor of the first and a reviewer."""
    world = factories.led_by_two_actors(
        session, [factories.milestone(), factories.numeric(baseline=0, target=100)]
    )
    contributor = factories.make_user(session, role="contributor", actor_ids=[world["ours"].id])
    reviewer = factories.make_user(session, role="analyst")
    return {
        **world,
        "contributor": ActingUser(contributor.id, contributor.email),
        "reviewer": ActingUser(reviewer.id, reviewer.email),
    }


def fields(day: date = date(2026, 3, 1), **values) -> progress.EntryInput:
    return progress.EntryInput(observed_on=day, **values)


def score_of(session, rec_id: int, perspective_id: int | None = None) -> float | None:
    found = scores.recommendation_scores(
        session, as_of=TODAY, today=TODAY, recommendation_ids=[rec_id], perspective_id=perspective_id
    )
    return found[rec_id].summary.score if rec_id in found else None


def assert_state_from_scratch(session) -> None:
    assert scores.maintained_state(session) == scores.current_state_from_scratch(session)
    assert scores.kept_snapshots(session) == scores.snapshots_from_scratch(session)


def test_contributor_reaches_only_its_actors_benchmarks(session, world):
    by = world["contributor"]
    assert review.reportable_benchmark(session, by.user_id, world["mine"].benchmarks[0].id)
    other_benchmark = world["other"].benchmarks[0].id
    with pytest.raises(NotFound):
        review.reportable_benchmark(session, by.user_id, other_benchmark)
    with pytest.raises(NotFound):
        review.submit_progress(session, other_benchmark, fields=fields(achieved=True), by=by, today=TODAY)
    assert (
        session.scalars(select(ProgressEntry).where(ProgressEntry.benchmark_id == other_benchmark)).all()
        == []
    )
    # Nobody else reports through this path: an analyst has no actors.
    with pytest.raises(NotFound):
        review.reportable_benchmark(session, world["reviewer"].user_id, world["mine"].benchmarks[0].id)


def test_submitted_entry_changes_no_score_until_approved(session, world):
    rec = world["mine"]
    factories.record(session, rec.benchmarks[1], date(2026, 1, 1), value=20.0, today=TODAY)
    scores.ensure_snapshot_days(session, today=TODAY)
    before = score_of(session, rec.id)
    submitted = review.submit_progress(
        session, rec.benchmarks[1].id, fields=fields(value=80.0), by=world["contributor"], today=TODAY
    )
    assert submitted.review_status == ReviewStatus.SUBMITTED
    assert score_of(session, rec.id) == before
    assert scores.recommendation_scores(session, as_of=date(2026, 3, 31), today=TODAY)[
        rec.id
    ].summary.score == (before)
    assert review.waiting_count(session) == 1
    assert_state_from_scratch(session)
    review.decide(session, [submitted.id], approve=True, by=world["reviewer"])
    assert score_of(session, rec.id) != before
    assert review.waiting_count(session) == 0
    assert_state_from_scratch(session)


def test_returned_then_revised_then_approved_keeps_the_whole_history(session, world):
    rec, by = world["mine"], world["contributor"]
    first = review.submit_progress(
        session, rec.benchmarks[0].id, fields=fields(achieved=True), by=by, today=TODAY
    )
    with pytest.raises(RuleViolation):  # returning needs a comment
        review.decide(session, [first.id], approve=False, by=world["reviewer"])
    review.decide(session, [first.id], approve=False, comment="Link the decree", by=world["reviewer"])
    assert first.review_status == ReviewStatus.RETURNED and first.review_comment == "Link the decree"
    with pytest.raises(RuleViolation):  # a returned entry is no longer waiting
        review.decide(session, [first.id], approve=True, by=world["reviewer"])
    second = review.revise_entry(
        session, first.id, fields=fields(achieved=True, evidence_url="https://example.org/decree"), by=by
    )
    with pytest.raises(RuleViolation):  # once revised, the returned entry cannot be revised again
        review.revise_entry(session, first.id, fields=fields(achieved=True), by=by)
    review.decide(session, [second.id], approve=True, by=world["reviewer"])
    history = progress.history(session, rec.id)
    assert [(e.id, e.review_status, e.corrects_id, e.superseded_at is not None) for e in history[::-1]] == [
        (first.id, "returned", None, True),
        (second.id, "approved", first.id, False),
    ]
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.recommendation_id == rec.id).order_by(AuditEvent.id)
    ).all()
    assert [a for a in actions if a in ("create", "return", "revise", "approve")][-4:] == [
        "return",
        "create",
        "revise",
        "approve",
    ]
    assert score_of(session, rec.id) == 100.0  # the one assessed benchmark is achieved
    assert_state_from_scratch(session)


def test_batch_decision_is_all_or_none(session, world):
    rec, by = world["mine"], world["contributor"]
    a = review.submit_progress(
        session, rec.benchmarks[0].id, fields=fields(achieved=True), by=by, today=TODAY
    )
    b = review.submit_progress(session, rec.benchmarks[1].id, fields=fields(value=50.0), by=by, today=TODAY)
    analysts_own = factories.record(session, rec.benchmarks[1], date(2026, 2, 1), value=10.0, today=TODAY)
    assert analysts_own.review_status == ReviewStatus.APPROVED  # counts at once, as before
    with pytest.raises(RuleViolation):
        review.decide(session, [a.id, analysts_own.id], approve=True, by=world["reviewer"])
    assert a.review_status == ReviewStatus.SUBMITTED
    inbox = review.inbox(session)
    assert [row.entry.entry_id for row in inbox.rows] == [a.id, b.id] and inbox.total == 2  # oldest first
    review.decide(session, [a.id, b.id], approve=True, by=world["reviewer"])
    assert review.inbox(session).total == 0
    assert score_of(session, rec.id) == 75.0
    assert_state_from_scratch(session)


def test_other_perspective_scores_apart_from_the_monitoring_team(session, world):
    rec = world["mine"]
    shadow = factories.make_perspective(session)
    factories.record(session, rec.benchmarks[0], date(2026, 1, 1), achieved=False, today=TODAY)
    progress.record_progress(
        session,
        rec.benchmarks[0].id,
        fields=fields(achieved=True, perspective_id=shadow.id),
        by=factories.SYSTEM,
        today=TODAY,
    )
    assert score_of(session, rec.id) == 0.0
    assert score_of(session, rec.id, shadow.id) == 100.0
    assert_state_from_scratch(session)
    with pytest.raises(RuleViolation):
        progress.record_progress(
            session,
            rec.benchmarks[0].id,
            fields=fields(achieved=True, perspective_id=999_999),
            by=factories.SYSTEM,
        )
    with pytest.raises(RuleViolation):  # in use
        reference.delete_perspective(session, shadow.id, by=factories.SYSTEM)


def test_contributor_needs_an_actor_and_the_cli_names_them(session, runner):
    first, second = factories.make_actor(session), factories.make_actor(session)
    session.commit()
    password = "a long enough passphrase\n" * 2
    refused = runner.invoke(
        args=["users", "create", "c1@example.org", "--role", "contributor"], input=password
    )
    assert refused.exit_code != 0 and "at least one actor" in refused.output
    unknown = runner.invoke(
        args=["users", "create", "c1@example.org", "--role", "contributor", "--actor", "No such ministry"],
        input=password,
    )
    assert unknown.exit_code != 0 and "No such ministry" in unknown.output
    made = runner.invoke(
        args=[
            "users",
            "create",
            "c1@example.org",
            "--role",
            "contributor",
            "--actor",
            first.name,
            "--actor",
            second.name,
        ],
        input=password,
    )
    assert made.exit_code == 0, made.output
    user = session.scalar(select(User).where(User.email == "c1@example.org"))
    assert user is not None and users.user_actor_ids(session, user.id) == sorted([first.id, second.id])


def test_scorecard_and_dashboard_mark_what_awaits_review_where_it_would_count(session, world):
    rec = world["mine"]
    shadow = factories.make_perspective(session)
    by = world["contributor"]
    for day in (date(2026, 3, 1), date(2026, 4, 1)):
        review.submit_progress(
            session, rec.benchmarks[1].id, fields=fields(day, value=50.0), by=by, today=TODAY
        )
    decided = review.submit_progress(
        session, rec.benchmarks[0].id, fields=fields(achieved=True), by=by, today=TODAY
    )
    review.decide(session, [decided.id], approve=True, by=world["reviewer"])
    review.submit_progress(
        session,
        rec.benchmarks[0].id,
        fields=fields(achieved=True, perspective_id=shadow.id),
        by=by,
        today=TODAY,
    )
    thresholds = Thresholds(today=TODAY, stale_days=180)
    criteria = RecommendationFilter(q=rec.code)

    def card_for(view: scorecards.PerspectiveView) -> scorecards.ScorecardRow:
        card = scorecards.build_scorecard(
            session, criteria=criteria, thresholds=thresholds, as_of=TODAY, view=view
        )
        return next(row for row in card.rows if row.id == rec.id)

    row = card_for(scorecards.PerspectiveView())
    # Two wait on the numeric benchmark; the approved one counts and waits no more.
    assert [cell.awaiting for cell in row.cells] == [0, 2]
    assert row.awaiting == 2
    assert row.cells[1].state is None  # still nothing counts there
    # The shadow assessment's own submission shows where it would count: on its perspective's page.
    assert [cell.awaiting for cell in card_for(scorecards.PerspectiveView(shown=shadow.id)).cells] == [1, 0]
    board = dashboard.dashboard(session, thresholds=thresholds)
    assert board.awaiting[rec.id] == 2
    assert world["other"].id not in board.awaiting


def test_a_revised_entry_carries_the_returned_ones_evidence_files_over(session, world):
    by = world["contributor"]
    sent = review.submit_progress(
        session, world["mine"].benchmarks[1].id, fields=fields(value=30.0), by=by, today=TODAY
    )
    evidence.attach_file(session, sent.id, filename="minutes.pdf", content=PDF, public=False, by=by)
    review.decide(session, [sent.id], approve=False, comment="Which month?", by=world["reviewer"])
    again = review.revise_entry(session, sent.id, fields=fields(value=35.0), by=by, today=TODAY)
    files = evidence.files_of_entries(session, [sent.id, again.id], public_only=False)
    assert [f.filename for f in files[again.id]] == ["minutes.pdf"]
    assert [f.filename for f in files[sent.id]] == ["minutes.pdf"]  # the history keeps its own

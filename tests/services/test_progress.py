"""Progress entries: the rules of an observation, and history that is never overwritten."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from scorecard.errors import RuleViolation
from scorecard.models import AuditEvent, BenchmarkState, ProgressEntry
from scorecard.services import progress
from scorecard.services.progress import EntryInput

from .. import factories
from ..factories import SYSTEM

TODAY = date(2026, 11, 22)


@pytest.fixture
def scale_benchmark(session):
    rec = factories.make_recommendation(session, benchmarks=[factories.on_scale(session, "Assessment")])
    return rec.benchmarks[0]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (EntryInput(observed_on=date(2026, 11, 23)), "observed_on", "future"),
        (EntryInput(observed_on=None), "observed_on", "date"),
        (EntryInput(observed_on=TODAY, evidence_url="javascript:alert(1)"), "evidence_url", "http"),
        (EntryInput(observed_on=TODAY, evidence_url="ftp://example.org/x"), "evidence_url", "http"),
        (EntryInput(observed_on=TODAY), "level_id", "Choose a level"),
    ],
)
def test_entry_rules(session, scale_benchmark, fields, field, message):
    with pytest.raises(RuleViolation) as raised:
        progress.record_progress(session, scale_benchmark.id, fields=fields, by=SYSTEM, today=TODAY)
    assert message in raised.value.errors[field]


def test_level_from_another_scale_is_refused(session, scale_benchmark):
    foreign = factories.level(session, "RAG", "green")
    with pytest.raises(RuleViolation) as raised:
        factories.record(session, scale_benchmark, TODAY, level_id=foreign.id, today=TODAY)
    assert "not on this benchmark's scale" in raised.value.errors["level_id"]


def test_entry_keeps_derived_score_and_updates_current_state(session, scale_benchmark):
    good = factories.level(session, "EU progress", "good progress")
    entry = factories.record(
        session,
        scale_benchmark,
        date(2026, 3, 1),
        level_id=good.id,
        note="  Report notes good progress. ",
        evidence_url="https://example.org/report",
        today=TODAY,
    )
    assert entry.score == 80 and entry.note == "Report notes good progress."
    state = session.get(BenchmarkState, scale_benchmark.id)
    assert (state.entry_id, state.score) == (entry.id, 80)


def test_correction_keeps_the_earlier_version_and_audits_both(session, scale_benchmark):
    limited = factories.level(session, "EU progress", "limited progress")
    some = factories.level(session, "EU progress", "some progress")
    first = factories.record(session, scale_benchmark, date(2026, 3, 1), level_id=limited.id, today=TODAY)
    corrected = progress.correct_entry(
        session,
        first.id,
        fields=EntryInput(observed_on=date(2026, 3, 1), level_id=some.id),
        by=SYSTEM,
        today=TODAY,
    )
    assert corrected.corrects_id == first.id and first.superseded_at is not None
    assert session.scalar(select(ProgressEntry.score).where(ProgressEntry.id == first.id)) == 40
    with pytest.raises(RuleViolation):
        progress.correct_entry(
            session,
            first.id,
            fields=EntryInput(observed_on=TODAY, level_id=some.id),
            by=SYSTEM,
            today=TODAY,
        )
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "correct"))
    assert event.before["score"] == 40 and event.after["score"] == 60


def test_archived_benchmark_takes_no_entries(session):
    rec = factories.make_recommendation(session)
    from scorecard.services import recommendations

    recommendations.set_archived(session, rec.id, archived=True, expected_version=rec.version, by=SYSTEM)
    with pytest.raises(RuleViolation):
        factories.record(session, rec.benchmarks[0], TODAY, achieved=True, today=TODAY)


def test_round_errors_name_the_row_on_the_page_and_nothing_is_saved(session, scale_benchmark):
    good = factories.level(session, "EU progress", "good progress")
    rows = [
        None,  # a line left blank
        (scale_benchmark.id, EntryInput(observed_on=TODAY, level_id=good.id)),
        None,
        (scale_benchmark.id, EntryInput(observed_on=date(2026, 11, 23), level_id=good.id)),
    ]
    with pytest.raises(RuleViolation) as raised:
        progress.save_round(session, rows, by=SYSTEM, today=TODAY)
    assert list(raised.value.errors) == ["3-observed_on"]
    assert "future" in raised.value.errors["3-observed_on"]
    assert progress.history(session, scale_benchmark.recommendation_id) == []


def test_blank_round_saves_nothing(session, scale_benchmark):
    assert progress.save_round(session, [None, None], by=SYSTEM, today=TODAY) == []


def test_posted_round_drops_rows_whose_benchmark_is_gone(session, scale_benchmark):
    described = progress.posted_round(session, [scale_benchmark.id, None, 2_000_000_000])
    assert [due.benchmark_id if due else None for due in described] == [scale_benchmark.id, None, None]

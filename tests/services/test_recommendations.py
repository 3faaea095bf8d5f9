"""Recommendations with their benchmarks: every rule, one message per field, history kept."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from scorecard.errors import DuplicateCode, RuleViolation, StaleEdit
from scorecard.models import AuditEvent, Benchmark
from scorecard.services import pages, progress, recommendations
from scorecard.services.progress import EntryInput
from scorecard.services.recommendations import BenchmarkInput, RecommendationInput, Thresholds

from .. import factories
from ..factories import SYSTEM

TODAY = date(2026, 11, 22)


def as_input(rec, **changes):
    fields = RecommendationInput(
        code=rec.code,
        title=rec.title,
        text=rec.text,
        theme_id=rec.theme_id,
        source_id=rec.source_id,
        priority=rec.priority,
        status=rec.status,
        issued_on=rec.issued_on,
        due_on=rec.due_on,
        actors=[(link.actor_id, link.role) for link in rec.actor_links],
        # The stored benchmarks as given back, with no due date (as these tests always gave them).
        benchmarks=[
            BenchmarkInput.copy_of(b, id=b.id, due_on=None) for b in rec.benchmarks if b.archived_at is None
        ],
    )
    for name, value in changes.items():
        setattr(fields, name, value)
    return fields


def test_codes_are_unique_whatever_the_case(session):
    factories.make_recommendation(session, code="EU-03")
    with pytest.raises(DuplicateCode) as raised:
        factories.make_recommendation(session, code="eu-03")
    assert "EU-03" in raised.value.errors["code"]


@pytest.mark.parametrize(
    ("benchmark", "field", "message"),
    [
        (
            BenchmarkInput(title="Troops", kind="numeric", baseline=5, target=5),
            "benchmarks-0-target",
            "differ",
        ),
        (
            BenchmarkInput(title="Troops", kind="numeric", baseline=None, target=5),
            "benchmarks-0-baseline",
            "baseline",
        ),
        (
            BenchmarkInput(title="Troops", kind="numeric", baseline=0, target=5, direction="decrease"),
            "benchmarks-0-direction",
            "below",
        ),
        (BenchmarkInput(title="Assessment", kind="scale"), "benchmarks-0-scale_id", "scale"),
        (BenchmarkInput(title="", kind="milestone"), "benchmarks-0-title", "required"),
        (
            BenchmarkInput(title="Done", kind="milestone", weight=0),
            "benchmarks-0-weight",
            "more than 0",
        ),
        (BenchmarkInput(title="Done", kind="guess"), "benchmarks-0-kind", "milestone"),
        (
            BenchmarkInput(title="Troops", kind="numeric", baseline=float("nan"), target=5),
            "benchmarks-0-baseline",
            "ordinary number",
        ),
        (
            BenchmarkInput(title="Troops", kind="numeric", baseline=0, target=float("inf")),
            "benchmarks-0-target",
            "ordinary number",
        ),
        (
            BenchmarkInput(title="Done", kind="milestone", weight=float("inf")),
            "benchmarks-0-weight",
            "more than 0",
        ),
    ],
)
def test_benchmark_rules_report_the_field(session, benchmark, field, message):
    with pytest.raises(RuleViolation) as raised:
        factories.make_recommendation(session, benchmarks=[benchmark])
    assert message in raised.value.errors[field]


def test_all_errors_come_back_together(session):
    with pytest.raises(RuleViolation) as raised:
        factories.make_recommendation(
            session,
            code="",
            title="",
            benchmarks=[
                BenchmarkInput(title="", kind="milestone"),
                BenchmarkInput(title="x", kind="numeric", baseline=1, target=1),
            ],
        )
    assert {"code", "title", "benchmarks-0-title", "benchmarks-1-target"} <= set(raised.value.errors)


def test_due_date_cannot_precede_issue_date(session):
    with pytest.raises(RuleViolation) as raised:
        factories.make_recommendation(session, issued_on=date(2025, 5, 1), due_on=date(2025, 1, 1))
    assert "due_on" in raised.value.errors


def test_direction_follows_from_baseline_and_target_when_not_given(session):
    rec = factories.make_recommendation(session, benchmarks=[factories.numeric(baseline=4, target=0)])
    assert rec.benchmarks[0].direction == "decrease"


def test_edit_reorders_adds_and_removes_benchmarks(session):
    rec = factories.make_recommendation(
        session, benchmarks=[factories.milestone("A"), factories.milestone("B")]
    )
    a, _b = rec.benchmarks
    factories.record(session, a, date(2025, 1, 1), achieved=True, today=TODAY)
    fields = as_input(rec)
    fields.benchmarks = [
        fields.benchmarks[1],
        BenchmarkInput(title="C", kind="milestone"),
    ]  # drop A, add C
    updated = recommendations.update_recommendation(
        session, rec.id, fields=fields, expected_version=rec.version, by=SYSTEM
    )
    live = [bm.title for bm in updated.benchmarks if bm.archived_at is None]
    assert live == ["B", "C"]
    archived = session.get(Benchmark, a.id)
    assert archived is not None and archived.archived_at is not None  # it had entries: kept, not deleted


def test_kind_of_a_benchmark_with_entries_is_fixed(session):
    rec = factories.make_recommendation(session, benchmarks=[factories.milestone("A")])
    factories.record(session, rec.benchmarks[0], date(2025, 1, 1), achieved=True, today=TODAY)
    fields = as_input(rec)
    fields.benchmarks[0].kind, fields.benchmarks[0].baseline, fields.benchmarks[0].target = (
        "numeric",
        0,
        10,
    )
    with pytest.raises(RuleViolation) as raised:
        recommendations.update_recommendation(
            session, rec.id, fields=fields, expected_version=rec.version, by=SYSTEM
        )
    assert "fixed" in raised.value.errors["benchmarks-0-kind"]


def test_new_target_rescores_the_entries(session):
    rec = factories.make_recommendation(session, benchmarks=[factories.numeric(baseline=0, target=10)])
    entry = factories.record(session, rec.benchmarks[0], date(2025, 1, 1), value=5, today=TODAY)
    assert entry.score == 50
    fields = as_input(rec)
    fields.benchmarks[0].target = 20
    recommendations.update_recommendation(
        session, rec.id, fields=fields, expected_version=rec.version, by=SYSTEM
    )
    session.refresh(entry)
    assert entry.score == 25


def test_stale_edit_is_refused_with_what_changed(session):
    rec = factories.make_recommendation(session, title="Old title")
    opened_at = rec.version

    def save(title: str) -> None:
        """Save the form opened at `opened_at`, with this title."""
        recommendations.update_recommendation(
            session, rec.id, fields=as_input(rec, title=title), expected_version=opened_at, by=SYSTEM
        )

    save("Their title")
    with pytest.raises(StaleEdit) as raised:
        save("My title")
    assert raised.value.changes["title"] == ("Old title", "Their title")
    assert session.get(type(rec), rec.id).title == "Their title"


def test_archive_restore_and_delete_are_audited(session):
    rec = factories.make_recommendation(session)
    recommendations.set_archived(session, rec.id, archived=True, expected_version=rec.version, by=SYSTEM)
    assert rec.archived_at is not None
    recommendations.set_archived(session, rec.id, archived=False, expected_version=rec.version, by=SYSTEM)
    with pytest.raises(RuleViolation):
        recommendations.delete_recommendation(session, rec.id, confirm_code="WRONG", by=SYSTEM)
    recommendations.delete_recommendation(session, rec.id, confirm_code=rec.code.lower(), by=SYSTEM)
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.recommendation_id == rec.id).order_by(AuditEvent.id)
    ).all()
    assert actions == ["create", "archive", "restore", "delete"]


def test_deleting_keeps_every_entry_in_the_audit_copy(session):
    rec = factories.make_recommendation(session, code="DEL-1")
    benchmark = rec.benchmarks[0]
    first = factories.record(session, benchmark, date(2025, 1, 1), achieved=False, note="Not yet")
    progress.correct_entry(
        session,
        first.id,
        fields=EntryInput(observed_on=date(2025, 1, 2), achieved=True, note="Adopted after all"),
        by=SYSTEM,
        today=TODAY,
    )
    recommendations.delete_recommendation(session, rec.id, confirm_code="DEL-1", by=SYSTEM)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "delete"))
    assert event is not None and event.summary == "Deleted DEL-1 for good, with 2 progress entries"
    [copy] = event.before["benchmarks"]
    assert copy["title"] == benchmark.title
    assert [(e["observed_on"], e["note"], e["superseded_at"] is not None) for e in copy["entries"]] == [
        ("2025-01-01", "Not yet", True),
        ("2025-01-02", "Adopted after all", False),
    ]


def test_a_new_recommendation_that_reuses_a_deleted_ones_id_shows_none_of_its_history(session):
    old = factories.make_recommendation(session, code="OLD-1", title="Old title")
    recommendations.update_recommendation(
        session, old.id, fields=as_input(old, title="Edited title"), expected_version=old.version, by=SYSTEM
    )
    old_id = old.id
    recommendations.delete_recommendation(session, old_id, confirm_code="OLD-1", by=SYSTEM)
    if session.get_bind().dialect.name == "postgresql":
        # SQLite hands the highest id out again by itself; make PostgreSQL's sequence do the same.
        session.execute(
            text("SELECT setval(pg_get_serial_sequence('recommendation', 'id'), :id, false)"), {"id": old_id}
        )
    new = factories.make_recommendation(session, code="NEW-1", title="New title")
    assert new.id == old_id
    page = pages.recommendation_page(session, new.id, thresholds=Thresholds(TODAY, 180))
    assert [event.summary for event in page.changes] == ["Created NEW-1"]
    opened_at = new.version
    recommendations.update_recommendation(
        session, new.id, fields=as_input(new, text="Their wording"), expected_version=opened_at, by=SYSTEM
    )
    with pytest.raises(StaleEdit) as raised:
        recommendations.update_recommendation(
            session, new.id, fields=as_input(new, title="Mine"), expected_version=opened_at, by=SYSTEM
        )
    assert set(raised.value.changes) == {"text"}

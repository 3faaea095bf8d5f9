"""CSV import: exports come back exactly; bad files change nothing and say where they are bad."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from scorecard import demo
from scorecard.db import Database
from scorecard.errors import NotFound, StaleEdit
from scorecard.models import (
    Actor,
    AuditEvent,
    Benchmark,
    BenchmarkState,
    ImportMapping,
    Perspective,
    ProgressEntry,
    Recommendation,
    RecommendationActor,
    RecommendationState,
    Source,
    Theme,
)
from scorecard.rules import vocabulary
from scorecard.services import csv_files, exports, imports, progress, review, scores, versioning
from scorecard.services.csv_files import CsvFileError, read_table
from scorecard.services.imports import ColumnMapping, ImportSource
from scorecard.services.recommendations import RecommendationFilter

from ..conftest import migrated_database
from ..factories import (
    SYSTEM,
    level,
    make_actor,
    make_perspective,
    make_recommendation,
    make_theme,
    milestone,
    numeric,
    on_scale,
    record,
)
from ..helpers import UPR_FIELDS, UPR_FILE, QueryCounter
from .test_exports import LIMITS, TODAY

UPR_MAPPING = {
    "kind": "recommendations",
    "actor_kind": "government",
    "fields": {
        "code": {"value": "UPR-{row}"},
        **UPR_FIELDS,
        "priority": {"value": "medium"},
        "locator": {"value": "Recommended by {From} ({From-Rgrp}); action category {Action}"},
    },
}
TABLES = (
    Recommendation,
    RecommendationActor,
    Benchmark,
    ProgressEntry,
    Theme,
    Source,
    Actor,
    AuditEvent,
    BenchmarkState,
    RecommendationState,
)


def counts(session: Session) -> dict[str, int]:
    """Rows in every table an import could write to."""
    session.flush()
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0 for model in TABLES
    }


def export_csv(session: Session, kind: str, **options: Any) -> bytes:
    """An export of everything, as the download writes it."""
    export = getattr(exports, kind)(session, criteria=RecommendationFilter(), thresholds=LIMITS, **options)
    return b"".join(csv_files.encode_rows(export.header, export.batches))


def attempt(session: Session, content: bytes, mapping: ColumnMapping | None = None) -> list[tuple[Any, ...]]:
    """Import as the page and the command do: read, check every row, write only if all are good.

    Returns the problems as (row, column, message); empty when the file was imported.
    """
    try:
        table = read_table(content)
    except CsvFileError as error:
        return [(p.row, p.column, p.message) for p in error.problems]
    plan = imports.plan(session, ImportSource(table, mapping), by=SYSTEM, today=TODAY)
    if not plan.ok:
        return [(e.row, e.column, e.message) for e in plan.errors]
    imports.apply(session, plan, by=SYSTEM, filename="test.csv")
    return []


def plan_of(session: Session, content: bytes, mapping: ColumnMapping | None = None) -> imports.ImportPlan:
    """The preview of a file."""
    return imports.plan(session, ImportSource(read_table(content), mapping), by=SYSTEM, today=TODAY)


def rows_of(content: bytes) -> list[dict[str, str]]:
    """A CSV file as dicts, header order kept."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def to_csv(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    """Dicts back into a CSV file (as a spreadsheet would save them)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header or list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """Two recommendations; EU-01 has a milestone, a scale and a numeric benchmark with entries."""
    theme = make_theme(session, "Security")
    actor = make_actor(session, "Government of Kosovo")
    first = make_recommendation(
        session,
        code="EU-01",
        theme_id=theme.id,
        actors=[(actor.id, "lead")],
        benchmarks=[milestone(), on_scale(session), numeric(baseline=-5, target=95)],
        issued_on=date(2025, 1, 10),
    )
    second = make_recommendation(
        session, code="EU-02", theme_id=theme.id, benchmarks=[milestone("Law adopted")]
    )
    ms, sc, nu = first.benchmarks
    entries = [
        record(session, ms, date(2025, 3, 1), achieved=False, note="=cmd|' /C calc'!A0"),
        record(session, sc, date(2025, 3, 1), level_id=level(session, "EU progress", "some progress").id),
        record(session, nu, date(2025, 4, 1), value=45.0, evidence_url="https://example.org/report"),
        record(session, second.benchmarks[0], date(2025, 5, 1), achieved=True),
    ]
    session.flush()
    return {
        "theme": theme,
        "first": first,
        "second": second,
        "milestone": ms.id,
        "scale": sc.id,
        "numeric": nu.id,
        "other": second.benchmarks[0].id,
        "entries": [e.id for e in entries],
    }


# -- recognising the file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (exports.RECOMMENDATION_COLUMNS, "recommendations"),
        (exports.BENCHMARK_COLUMNS, "benchmarks"),
        (exports.PROGRESS_COLUMNS, "progress"),
        (exports.PROGRESS_HISTORY_COLUMNS, "progress"),
        (("Code", "title", "text", "theme"), "recommendations"),
        (("recommendation_code", "title", "kind"), "benchmarks"),
        (("benchmark_id", "observed_on", "value"), "progress"),
    ],
)
def test_recognise_knows_each_export_by_its_header_in_any_order(header, kind):
    assert imports.recognise(list(reversed(header))) == kind


def test_recognise_refuses_the_scorecard_report_and_foreign_headers():
    with pytest.raises(imports.ReportOnly):
        imports.recognise(exports.SCORECARD_COLUMNS)
    with pytest.raises(imports.UnknownHeader) as unknown:
        imports.recognise(["code", "title", "colour"])
    assert unknown.value.kind == "recommendations" and unknown.value.unknown == ["colour"]


# -- the round trip ----------------------------------------------------------------------


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[Database]:
    """A second, empty database at head."""
    with migrated_database(tmp_path, "import_target") as database:
        yield database


def export_all(session: Session, *, history: bool = False) -> dict[str, bytes]:
    """The recommendations, benchmarks and progress exports (the progress one with its history if asked)."""
    files = {kind: export_csv(session, kind) for kind in ("recommendations", "benchmarks")}
    files["progress"] = export_csv(session, "progress", history=history)
    return files


def import_all(database: Database, files: dict[str, bytes]) -> None:
    """Import the three files, in order, into the other database: each must go in without a problem."""
    with database.transaction() as target:
        for kind in ("recommendations", "benchmarks", "progress"):
            assert attempt(target, files[kind]) == [], kind


def scorecard_csv(session: Session, as_of: date) -> bytes:
    """The scorecard export on a date, compared with a fixed earlier date."""
    return export_csv(session, "scorecard", as_of=as_of, compare_to=as_of - timedelta(days=365))


@pytest.mark.slow
def test_import_round_trip_reproduces_the_demo_scorecard_exactly(session, empty_database):
    demo.load(session)
    files = export_all(session)
    import_all(empty_database, files)
    days = [TODAY, date(2026, 3, 31), date(2025, 12, 31), date(2025, 6, 30), date(2024, 1, 1)]
    with empty_database.session(write=False) as target:
        for day in days:
            assert scorecard_csv(target, day) == scorecard_csv(session, day), day
            theirs = scores.recommendation_scores(target, as_of=day)
            ours = scores.recommendation_scores(session, as_of=day)
            code = {r.id: r.code for r in session.scalars(select(Recommendation))}
            target_code = {r.id: r.code for r in target.scalars(select(Recommendation))}
            assert {target_code[k]: v.summary for k, v in theirs.items()} == {
                code[k]: v.summary for k, v in ours.items()
            }
        for kind in ("recommendations", "benchmarks", "progress"):
            assert export_csv(target, kind) == files[kind], kind
        assert scores.maintained_state(target) == scores.current_state_from_scratch(target)
        assert scores.kept_snapshots(target) == scores.snapshots_from_scratch(target)


def test_import_of_its_own_export_changes_nothing(session, world):
    for kind in ("recommendations", "benchmarks", "progress"):
        plan = plan_of(session, export_csv(session, kind))
        assert plan.counts["unchanged"] == plan.counts["rows"] > 0, kind
    before = counts(session)
    assert attempt(session, export_csv(session, "progress")) == []
    assert counts(session)["progress_entry"] == before["progress_entry"]


def test_entries_that_rows_correct_are_looked_up_at_once_not_row_by_row(session, world, connection):
    template = rows_of(export_csv(session, "progress", history=True))[0]
    stored = world["entries"][1]

    def planned(targets: list[int]) -> tuple[imports.ImportPlan, int]:
        rows = [
            {**template, "entry_id": str(900_000 + n), "corrects_id": str(target)}
            for n, target in enumerate(targets)
        ]
        with QueryCounter(connection) as counter:
            plan = plan_of(session, to_csv(rows))
        return plan, counter.count

    _, queries_for_one = planned([stored])
    plan, queries_for_forty = planned([stored, 999_999] * 20)
    assert queries_for_forty == queries_for_one
    problems = {(error.column, error.message) for result in plan.results for error in result.errors}
    assert ("corrects_id", "There is no entry 999999 for this one to correct.") in problems
    assert not any(message.startswith(f"There is no entry {stored} ") for _, message in problems)


def test_import_round_trip_keeps_the_history_of_corrections_and_deletions(session, world, empty_database):
    progress.correct_entry(
        session,
        world["entries"][2],
        fields=progress.EntryInput(observed_on=date(2025, 4, 1), value=55.0),
        by=SYSTEM,
    )
    progress.delete_entry(session, world["entries"][0], by=SYSTEM)
    files = export_all(session, history=True)
    statuses = [row["status"] for row in rows_of(files["progress"])]
    assert statuses.count("corrected") == 1 and statuses.count("deleted") == 1
    import_all(empty_database, files)
    with empty_database.session(write=False) as target:
        assert export_csv(target, "progress", history=True) == files["progress"]
        assert scorecard_csv(target, TODAY) == scorecard_csv(session, TODAY)


def _under_review(session: Session, world: dict[str, Any]) -> tuple[int, int]:
    """A contributor's entry awaiting review and one returned to it, on EU-01's numeric benchmark."""
    waiting, returned = (
        record(session, world["numeric"], day, value=value, note="from the ministry", submitted=True)
        for day, value in ((date(2025, 6, 1), 90.0), (date(2025, 7, 1), 95.0))
    )
    review.decide(session, [returned.id], approve=False, comment="Which report?", by=SYSTEM)
    return waiting.id, returned.id


def test_progress_history_round_trip_keeps_entries_under_review_out_of_the_scores(
    session, world, empty_database
):
    waiting, returned = _under_review(session, world)
    files = export_all(session, history=True)
    status = {int(row["entry_id"]): row["status"] for row in rows_of(files["progress"])}
    assert (status[waiting], status[returned]) == ("submitted", "returned")
    import_all(empty_database, files)
    with empty_database.session(write=False) as target:
        assert export_csv(target, "progress", history=True) == files["progress"]
        assert scorecard_csv(target, TODAY) == scorecard_csv(session, TODAY)
        kept = dict(target.execute(select(ProgressEntry.id, ProgressEntry.review_status)).all())
        assert (kept[waiting], kept[returned]) == ("submitted", "returned")
        assert review.waiting_count(target) == 1
        assert scores.maintained_state(target) == scores.current_state_from_scratch(target)
        assert scores.kept_snapshots(target) == scores.snapshots_from_scratch(target)


def test_progress_import_refuses_to_change_an_entry_under_review(session, world):
    waiting, returned = _under_review(session, world)
    exported = rows_of(export_csv(session, "progress", history=True))
    assert plan_of(session, to_csv(exported)).counts["unchanged"] == len(exported)
    for ident in (waiting, returned):
        edited = [
            dict(row, note="approved by import?") if row["entry_id"] == str(ident) else row
            for row in exported
        ]
        problems = attempt(session, to_csv(edited))
        assert [(column, message.split(";")[0]) for _, column, message in problems] == [
            ("entry_id", f"Entry {ident} is under review")
        ]
    # An older export called them counting: that is refused, never read as an approval.
    relabelled = [
        dict(row, status="counting") if row["entry_id"] == str(waiting) else row for row in exported
    ]
    problems = attempt(session, to_csv(relabelled))
    assert [(column, message.split(";")[0]) for _, column, message in problems] == [
        ("status", f"Entry {waiting} is submitted and awaits review")
    ]
    assert session.get(ProgressEntry, waiting).review_status == "submitted"
    assert review.waiting_count(session) == 1


def test_a_new_row_repeating_an_entry_under_review_is_not_already_recorded(session, world):
    """ "Already recorded" is scores.counting(): a submission awaiting review has not been recorded yet."""
    waiting, _ = _under_review(session, world)
    row = next(
        r for r in rows_of(export_csv(session, "progress", history=True)) if r["entry_id"] == str(waiting)
    )
    fresh = {name: row[name] for name in ("benchmark_id", "observed_on", "value", "note", "evidence_url")}
    plan = plan_of(session, to_csv([fresh]))
    assert plan.counts["create"] == 1
    counted = {int(r["entry_id"]) for r in rows_of(export_csv(session, "progress"))}
    assert attempt(session, to_csv([fresh])) == []
    assert waiting not in counted
    assert plan_of(session, to_csv([fresh])).counts["unchanged"] == 1  # now it counts: recorded


@pytest.mark.bulk
def test_a_large_import_round_trips_every_value_exactly(session, world, empty_database):
    """Thousands of entries go straight to the driver (PostgreSQL: COPY): it must store what INSERT would."""
    notes = ["", 'a "quoted", comma', "line\nbreak", "back\\slash\ttab", "ünïcödé — ✓", "=SUM(A1)", "\\N"]
    moment = datetime(2025, 6, 1, 9, 15, 0, 123456, tzinfo=UTC)
    rows = [
        {
            "benchmark_id": world["other"],
            "kind": "milestone",
            "observed_on": date(2024, 1, 1) + timedelta(days=n % 600),
            "achieved": n % 3 == 0,
            "score": 100.0 if n % 3 == 0 else 0.0,
            "note": notes[n % len(notes)] or None,
            "evidence_url": f"https://example.org/{n}" if n % 5 == 0 else None,
            "created_at": moment + timedelta(seconds=n, microseconds=n),
        }
        for n in range(6000)
    ]
    session.execute(insert(ProgressEntry), rows)
    session.execute(
        update(ProgressEntry)
        .where(ProgressEntry.id == world["entries"][0])
        .values(deleted_at=moment + timedelta(days=1))
    )
    files = export_all(session, history=True)
    import_all(empty_database, files)
    with empty_database.session(write=False) as target:
        assert export_csv(target, "progress", history=True) == files["progress"]
        assert scores.maintained_state(target) == scores.current_state_from_scratch(target)
        assert scores.kept_snapshots(target) == scores.snapshots_from_scratch(target)
        assert target.scalar(select(func.count()).select_from(AuditEvent)) > 0


# -- upserts: export, edit in a spreadsheet, import --------------------------------------


def test_import_updates_an_edited_recommendation_in_place_and_creates_missing_names(session, world):
    rows = rows_of(export_csv(session, "recommendations"))
    rows[0].update(
        title="Publish the roadmap now",
        theme="Brand new theme",
        source="A new report",
        actors="Government of Kosovo; EU member states (supporting)",
        status="accepted",
        due_on="2026-12-31",
    )
    plan = plan_of(session, to_csv(rows))
    assert plan.counts == {"create": 0, "update": 1, "unchanged": 1, "error": 0, "rows": 2}
    changes = next(r for r in plan.results if r.action == "update").changes
    assert changes["title"] == ("Publish a roadmap for lifting the measures", "Publish the roadmap now")
    assert changes["status"] == ("in_progress", "accepted")
    assert any("Brand new theme" in notice for notice in plan.notices)
    version = world["first"].version
    assert attempt(session, to_csv(rows)) == []
    session.expire_all()
    updated = session.get(Recommendation, world["first"].id)
    assert updated.title == "Publish the roadmap now" and updated.theme.name == "Brand new theme"
    assert updated.source.title == "A new report" and updated.due_on == date(2026, 12, 31)
    assert {(link.actor.name, link.role) for link in updated.actor_links} == {
        ("Government of Kosovo", "lead"),
        ("EU member states", "supporting"),
    }
    assert updated.version == version + 1
    assert session.scalar(select(func.count()).select_from(Recommendation)) == 2
    events = session.scalars(select(AuditEvent).where(AuditEvent.action.in_(["update", "import"]))).all()
    assert any(
        e.entity == "recommendation" and e.after.get("title") == "Publish the roadmap now" for e in events
    )
    assert any(e.action == "import" and e.after["counts"]["update"] == 1 for e in events)
    # An edit form opened before the import is refused with what the import changed.
    with pytest.raises(StaleEdit) as raised:
        versioning.ensure_current(session, updated, entity="recommendation", expected_version=version)
    assert raised.value.changes["title"] == (
        "Publish a roadmap for lifting the measures",
        "Publish the roadmap now",
    )


def test_import_changes_a_benchmark_and_rescores_its_entries(session, world):
    rows = rows_of(export_csv(session, "benchmarks"))
    numeric_row = next(r for r in rows if r["benchmark_id"] == str(world["numeric"]))
    numeric_row.update(target="45", weight="2")
    assert attempt(session, to_csv(rows)) == []
    session.expire_all()
    entry = session.get(ProgressEntry, world["entries"][2])
    assert entry.score == 100.0  # value 45 now reaches the target
    state = session.get(BenchmarkState, world["numeric"])
    assert state is not None and state.score == 100.0
    assert scores.maintained_state(session) == scores.current_state_from_scratch(session)
    assert scores.kept_snapshots(session) == scores.snapshots_from_scratch(session)


def test_import_adds_new_benchmarks_and_entries_without_ids(session, world):
    benchmark_rows = [
        {
            "benchmark_id": "",
            "recommendation_code": "eu-02",
            "title": "Budget line",
            "kind": "numeric",
            "baseline": "0",
            "target": "10",
            "unit": "EUR m",
        },
    ]
    assert attempt(session, to_csv(benchmark_rows)) == []
    added = session.scalar(select(Benchmark).where(Benchmark.title == "Budget line"))
    assert added is not None and added.direction == "increase" and added.position == 1
    entry_rows = [
        {
            "entry_id": "",
            "recommendation_code": "EU-02",
            "benchmark_title": "Budget line",
            "observed_on": "2025-06-01",
            "value": "2.5",
            "note": "First tranche",
        },
    ]
    assert attempt(session, to_csv(entry_rows)) == []
    state = session.get(BenchmarkState, added.id)
    assert state is not None and state.score == 25.0
    # The same spreadsheet again records nothing twice.
    plan = plan_of(session, to_csv(entry_rows))
    assert plan.counts["unchanged"] == 1 and "already recorded" in plan.results[0].note


def test_import_turns_an_edited_entry_into_a_correction_and_keeps_the_old_one(session, world):
    rows = rows_of(export_csv(session, "progress"))
    row = next(r for r in rows if r["entry_id"] == str(world["entries"][2]))
    row["value"] = "75"
    plan = plan_of(session, to_csv(rows))
    corrected = next(r for r in plan.results if r.action == "update")
    assert corrected.changes == {"value": ("45.0", "75.0")}
    assert attempt(session, to_csv(rows)) == []
    old = session.get(ProgressEntry, world["entries"][2])
    session.refresh(old)
    assert old.superseded_at is not None and old.value == 45.0
    new = session.scalar(select(ProgressEntry).where(ProgressEntry.corrects_id == old.id))
    assert new is not None and new.value == 75.0 and new.score == 80.0
    events = session.scalars(select(AuditEvent).where(AuditEvent.summary.contains("(import)"))).all()
    assert [(e.action, e.recommendation_id, e.after) for e in events] == [
        ("correct", world["first"].id, {"corrections": [[old.id, new.id]]})
    ]
    imported = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).all()
    assert len(imported) == 1 and imported[0].after["counts"]["update"] == 1
    # Importing the old export again now fails on that row: history is never rewritten.
    problems = attempt(session, to_csv(rows))
    assert [(p[0], p[1]) for p in problems] == [(rows.index(row) + 2, "entry_id")]


def test_import_refuses_a_change_made_meanwhile(session, world):
    rows = rows_of(export_csv(session, "recommendations"))
    rows[0]["title"] = "Changed in the spreadsheet"
    plan = plan_of(session, to_csv(rows))
    session.execute(
        update(Recommendation)
        .where(Recommendation.id == world["first"].id)
        .values(version=Recommendation.version + 1)
    )
    with pytest.raises(imports.ImportConflict):
        imports.apply(session, plan, by=SYSTEM, filename="late.csv")


# -- formulas ----------------------------------------------------------------------------

PAYLOADS = ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tTab", "'=quoted", "''=twice", '=HYPERLINK("x")']


def test_export_neutralises_formula_payloads_and_import_restores_them_exactly(session, world):
    ms = session.get(Benchmark, world["milestone"])
    for index, payload in enumerate(PAYLOADS):
        record(session, ms, date(2025, 6, 1) + timedelta(days=index), achieved=True, note=f"{payload} note")
    record(session, world["numeric"], date(2025, 7, 1), value=-5.0)
    content = export_csv(session, "progress")
    for row in csv.reader(io.StringIO(content.decode("utf-8"))):
        for cell in row:
            assert not cell or (cell[0] not in "=+@\t\r" and not (cell[0] == "-" and not _is_number(cell)))
    assert b",-5.0," in content  # a negative number stays a number
    notes = {row["note"] for row in rows_of(content)}
    assert "'=1+2 note" in notes and "'''=twice note" in notes
    plan = plan_of(session, content)
    assert plan.counts["unchanged"] == plan.counts["rows"]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# -- the UPR Info export through a mapping -----------------------------------------------


@pytest.mark.bulk
def test_import_upr_file_through_a_mapping_accounts_for_every_row(session):
    content = UPR_FILE.read_bytes()
    mapping = ColumnMapping.from_json(UPR_MAPPING)
    before = counts(session)
    plan = plan_of(session, content, mapping)
    assert plan.counts == {"create": 6094, "update": 0, "unchanged": 0, "error": 0, "rows": 6094}
    assert [r.row for r in plan.results] == list(range(2, 6096))
    imports.apply(session, plan, by=SYSTEM, filename=UPR_FILE.name)
    assert counts(session)["recommendation"] == before["recommendation"] + 6094
    first = session.scalar(select(Recommendation).where(Recommendation.code == "UPR-00001"))
    assert first is not None and first.status == "accepted" and first.theme.name == "Rights of the Child"
    assert first.tags == "rights of the child,women's rights"
    assert [link.actor.name for link in first.actor_links] == ["Afghanistan"]
    assert first.actor_links[0].actor.kind == "government"
    noted = session.scalar(
        select(func.count()).select_from(Recommendation).where(Recommendation.status == "rejected")
    )
    assert noted == 2007
    assert session.scalar(select(func.count()).select_from(Theme)) - before["theme"] == 54
    # Importing the same file again updates in place: every row is left alone.
    again = plan_of(session, content, mapping)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 6094, "error": 0, "rows": 6094}


def test_mapping_is_saved_per_header_and_found_again(session):
    header = read_table(UPR_FILE.read_bytes()).header
    mapping = ColumnMapping.from_json(UPR_MAPPING)
    saved = imports.save_mapping(session, name="UPR Info", header=header, mapping=mapping)
    found = imports.find_mapping(session, signature=imports.header_signature(header))
    assert found is not None and found.id == saved.id
    assert ColumnMapping.from_json(found.rules) == mapping
    # A new name keeps the old mapping (it used to replace it); the latest is the one suggested.
    newer = imports.save_mapping(session, name="UPR Info v2", header=header, mapping=mapping)
    assert session.scalar(select(func.count()).select_from(ImportMapping)) == 2
    assert imports.find_mapping(session, signature=imports.header_signature(header)) is newer
    with pytest.raises(Exception, match="already called"):
        imports.save_mapping(session, name="UPR Info v2", header=["other"], mapping=mapping)


@pytest.mark.parametrize(
    ("rules", "field", "words"),
    [
        ({"code": {"column": "Nope"}}, "code", "no column"),
        ({"code": {"value": "X-{Missing}"}}, "code", "not a column"),
        ({"code": {"value": "X-{row}"}, "status": {"value": "maybe"}}, "status", "not one of"),
        (
            {"code": {"value": "X-{row}"}, "status": {"column": "Response", "translate": [["Noted", "nah"]]}},
            "status",
            "nah",
        ),
        ({"code": {"value": "X-{row}"}}, "title", "needed to create"),
    ],
)
def test_check_mapping_names_the_field_at_fault(rules, field, words):
    mapping = ColumnMapping.from_json({"kind": "recommendations", "fields": rules})
    problems = imports.check_mapping(mapping, ["To", "Text", "Response", "Issue"])
    assert words in problems[field]


def test_parse_translations_reads_pairs_and_refuses_a_missing_equals_sign():
    assert imports.parse_translations("Accepted = accepted; Noted=rejected\nOther=") == (
        ("Accepted", "accepted"),
        ("Noted", "rejected"),
        ("Other", ""),
    )
    with pytest.raises(ValueError, match="needs an ="):
        imports.parse_translations("Accepted accepted")


# -- malformed files: each refused by row and column, nothing written --------------------

REC_NEW = {
    "code": "NEW-1",
    "title": "t",
    "text": "w",
    "theme": "Security",
    "priority": "medium",
    "status": "proposed",
}
BENCH_NEW = {
    "benchmark_id": "",
    "recommendation_code": "EU-01",
    "title": "b",
    "kind": "milestone",
    "weight": "1",
}
ENTRY_NEW = {
    "entry_id": "",
    "benchmark_id": "{milestone}",
    "recommendation_code": "EU-01",
    "observed_on": "2025-06-01",
    "achieved": "true",
}
TOO_LONG = "x" * 301

# (kind, new row or the first exported row edited, the cells to set, the column at fault)
VALUE_CASES: list[tuple[str, bool, dict[str, str], str]] = [
    ("recommendations", True, {"code": ""}, "code"),
    ("recommendations", True, {"code": "HAS SPACE"}, "code"),
    ("recommendations", True, {"code": "-LEADING"}, "code"),
    ("recommendations", True, {"code": "X" * 33}, "code"),
    ("recommendations", True, {"code": "EU-02"}, "code"),  # already on an exported row above
    ("recommendations", True, {"title": ""}, "title"),
    ("recommendations", True, {"text": ""}, "text"),
    ("recommendations", True, {"theme": ""}, "theme"),
    ("recommendations", True, {"title": TOO_LONG}, "title"),
    ("recommendations", True, {"theme": "t" * 201}, "theme"),
    ("recommendations", True, {"source": "s" * 301}, "source"),
    ("recommendations", True, {"priority": "urgent"}, "priority"),
    ("recommendations", True, {"status": "done"}, "status"),
    ("recommendations", True, {"issued_on": "31/12/2025"}, "issued_on"),
    ("recommendations", True, {"issued_on": "2025-13-01"}, "issued_on"),
    ("recommendations", True, {"due_on": "next year"}, "due_on"),
    ("recommendations", True, {"issued_on": "2026-01-01", "due_on": "2025-01-01"}, "due_on"),
    ("recommendations", True, {"actors": "EU; eu"}, "actors"),
    ("recommendations", True, {"actors": "a" * 201}, "actors"),
    ("recommendations", True, {"tags": ",".join(f"tag{i}" for i in range(120))}, "tags"),
    ("recommendations", True, {"archived": "maybe"}, "archived"),
    ("recommendations", False, {"title": ""}, "title"),
    ("recommendations", False, {"text": "   "}, "text"),
    ("recommendations", False, {"due_on": "2020-01-01"}, "due_on"),  # before issued_on 2025-01-10
    ("recommendations", False, {"status": "Finished"}, "status"),
    ("benchmarks", True, {"recommendation_code": ""}, "recommendation_code"),
    ("benchmarks", True, {"recommendation_code": "NOPE-1"}, "recommendation_code"),
    ("benchmarks", True, {"benchmark_id": "abc"}, "benchmark_id"),
    ("benchmarks", True, {"benchmark_id": "1.5"}, "benchmark_id"),
    ("benchmarks", True, {"benchmark_id": "-3"}, "benchmark_id"),
    ("benchmarks", True, {"benchmark_id": "0"}, "benchmark_id"),
    ("benchmarks", True, {"benchmark_id": "{other}"}, "recommendation_code"),  # belongs to EU-02
    ("benchmarks", True, {"kind": "checkbox"}, "kind"),
    ("benchmarks", True, {"kind": ""}, "kind"),
    ("benchmarks", True, {"title": ""}, "title"),
    ("benchmarks", True, {"title": TOO_LONG}, "title"),
    ("benchmarks", True, {"kind": "scale"}, "scale"),
    ("benchmarks", True, {"kind": "scale", "scale": "Stars"}, "scale"),
    ("benchmarks", True, {"scale": "RAG"}, "scale"),
    ("benchmarks", True, {"kind": "numeric", "target": "10"}, "baseline"),
    ("benchmarks", True, {"kind": "numeric", "baseline": "10"}, "target"),
    ("benchmarks", True, {"kind": "numeric", "baseline": "10", "target": "10"}, "target"),
    (
        "benchmarks",
        True,
        {"kind": "numeric", "baseline": "10", "target": "5", "direction": "increase"},
        "direction",
    ),
    (
        "benchmarks",
        True,
        {"kind": "numeric", "baseline": "1", "target": "5", "direction": "decrease"},
        "direction",
    ),
    ("benchmarks", True, {"kind": "numeric", "baseline": "1", "target": "5", "direction": "up"}, "direction"),
    ("benchmarks", True, {"kind": "numeric", "baseline": "one", "target": "5"}, "baseline"),
    ("benchmarks", True, {"kind": "numeric", "baseline": "1", "target": "5", "unit": "u" * 41}, "unit"),
    ("benchmarks", True, {"baseline": "3"}, "baseline"),
    ("benchmarks", True, {"unit": "km"}, "unit"),
    ("benchmarks", True, {"weight": "0"}, "weight"),
    ("benchmarks", True, {"weight": "-1"}, "weight"),
    ("benchmarks", True, {"weight": "heavy"}, "weight"),
    ("benchmarks", True, {"position": "-1"}, "position"),
    ("benchmarks", True, {"position": "first"}, "position"),
    ("benchmarks", True, {"due_on": "2025-02-30"}, "due_on"),
    ("benchmarks", True, {"archived": "perhaps"}, "archived"),
    (
        "benchmarks",
        False,
        {"kind": "numeric", "scale": "", "baseline": "0", "target": "1"},
        "kind",
    ),  # has entries
    (
        "benchmarks",
        False,
        {"benchmark_id": "{milestone}", "recommendation_code": "EU-02"},
        "recommendation_code",
    ),
    ("progress", True, {"benchmark_id": ""}, "benchmark_id"),
    ("progress", True, {"benchmark_id": "999999"}, "benchmark_id"),
    ("progress", True, {"benchmark_id": "x1"}, "benchmark_id"),
    ("progress", True, {"recommendation_code": "EU-02"}, "recommendation_code"),
    ("progress", True, {"observed_on": ""}, "observed_on"),
    ("progress", True, {"observed_on": "01/06/2025"}, "observed_on"),
    ("progress", True, {"observed_on": str(TODAY + timedelta(days=2))}, "observed_on"),
    ("progress", True, {"achieved": ""}, "achieved"),
    ("progress", True, {"achieved": "perhaps"}, "achieved"),
    ("progress", True, {"value": "3"}, "value"),
    ("progress", True, {"level": "some progress"}, "level"),
    ("progress", True, {"benchmark_id": "{scale}", "achieved": "", "level": "superb"}, "level"),
    ("progress", True, {"benchmark_id": "{scale}", "achieved": ""}, "level"),
    ("progress", True, {"benchmark_id": "{numeric}", "achieved": ""}, "value"),
    ("progress", True, {"benchmark_id": "{numeric}", "achieved": "", "value": "NaN"}, "value"),
    ("progress", True, {"benchmark_id": "{numeric}", "achieved": "", "value": "inf"}, "value"),
    ("progress", True, {"benchmark_id": "{numeric}", "achieved": "", "value": "1,5"}, "value"),
    ("progress", True, {"benchmark_id": "{numeric}", "value": "3"}, "achieved"),
    ("progress", True, {"evidence_url": "javascript:alert(1)"}, "evidence_url"),
    ("progress", True, {"evidence_url": "ftp://example.org/x"}, "evidence_url"),
    ("progress", True, {"evidence_url": "https://e.org/" + "x" * 1000}, "evidence_url"),
    ("progress", True, {"note": "n" * 5001}, "note"),
    ("progress", True, {"created_at": "yesterday"}, "created_at"),
    ("progress", True, {"entry_id": "{entry0}"}, "entry_id"),  # already on an exported row above
    (
        "progress",
        False,
        {"benchmark_id": "{scale}", "achieved": "", "level": "good progress"},
        "benchmark_id",
    ),
    ("progress", False, {"benchmark_id": "{other}", "recommendation_code": "EU-02"}, "benchmark_id"),
    ("progress", False, {"observed_on": "2025-02-31"}, "observed_on"),
    ("progress", True, {"observed_on": "0026-03-31"}, "observed_on"),  # a slip for 2026
]


def _malformed(
    session: Session, world: dict[str, Any], kind: str, new: bool, cells: dict[str, str]
) -> tuple[bytes, int]:
    """The world's export of `kind` with one row made bad; returns the file and that row's number."""
    rows = rows_of(export_csv(session, kind))
    header = list(rows[0])
    names = {key: str(value) for key, value in world.items() if isinstance(value, int)}
    names.update({f"entry{i}": str(ident) for i, ident in enumerate(world["entries"])})
    cells = {
        key: value.format(**names) if "{" in value and "}" in value else value for key, value in cells.items()
    }
    if new:
        template = {"recommendations": REC_NEW, "benchmarks": BENCH_NEW, "progress": ENTRY_NEW}[kind]
        row = dict.fromkeys(header, "")
        row.update({k: v.format(**names) if "{" in v else v for k, v in template.items()})
        row.update(cells)
        rows.append(row)
        return to_csv(rows, header), len(rows) + 1
    rows[0].update(cells)
    return to_csv(rows, header), 2


@pytest.mark.parametrize(("kind", "new", "cells", "column"), VALUE_CASES)
def test_import_refuses_a_bad_value_by_row_and_column_and_writes_nothing(
    session, world, kind, new, cells, column
):
    content, row = _malformed(session, world, kind, new, cells)
    before = counts(session)
    problems = attempt(session, content)
    assert (row, column) in {(p[0], p[1]) for p in problems}, problems
    assert all(p[0] and p[1] for p in problems)
    assert counts(session) == before


STRUCTURE_CASES: list[tuple[bytes, int, str]] = [
    (b"code,title,text,theme\nA-1,t\n", 2, "text"),
    (b"code,title,text,theme\nA-1,t,w,Security,extra\n", 2, "E"),
    (b'code,title,text,theme\nA-1,"t,w,Security\nA-2,t,w,Security\n', 2, "title"),
    (b'code,title,text,theme\nA-1,t,"w" and more,Security\n', 2, "text"),
    (b"code,title,text,theme\nA-1,t\x00,w,Security\n", 2, "title"),
    (b"code,title,code,theme\nA-1,t,w,Security\n", 1, "C"),
    (b"code,title,,theme\nA-1,t,w,Security\n", 1, "C"),
    (b"code,title,text,theme\nA-1,t," + b"w" * 10_001 + b",Security\n", 2, "text"),
    (b"code,title,text,theme\nA-1,t,w,Security\nA-2,t,w\n", 3, "theme"),
    (b"code;title;text;theme\nA-1;t;w\n", 2, "theme"),
    (b'\xef\xbb\xbfcode,title,text,theme\nA-1,t,w,Security\nA-2,t,"w\nx,Security\n', 3, "text"),
    (b"benchmark_id,recommendation_code,title\n1,EU-01\n", 2, "title"),
    (b"entry_id,benchmark_id,observed_on\n,1,2025-01-01,\x00\n", 2, "D"),
]


@pytest.mark.parametrize(("content", "row", "column"), STRUCTURE_CASES)
def test_import_refuses_a_broken_file_by_row_and_column_and_writes_nothing(
    session, world, content, row, column
):
    before = counts(session)
    problems = attempt(session, content)
    assert problems and (problems[0][0], problems[0][1]) == (row, column), problems
    assert counts(session) == before


def test_import_with_one_bad_row_among_good_ones_writes_nothing(session, world):
    rows = rows_of(export_csv(session, "recommendations"))
    rows += [{**dict.fromkeys(rows[0], ""), **REC_NEW, "code": f"NEW-{i}"} for i in range(50)]
    rows[-1]["priority"] = "whenever"
    before = counts(session)
    problems = attempt(session, to_csv(rows))
    assert [(p[0], p[1]) for p in problems] == [(len(rows) + 1, "priority")]
    assert counts(session) == before


# Generated malformed files: a typed cell of a valid export replaced by text that is not of its type.
NOT_A_DATE = st.text(min_size=1, max_size=12).filter(
    lambda t: t.strip() and not _parses(date.fromisoformat, t)
)
NOT_A_NUMBER = st.text(min_size=1, max_size=8).filter(lambda t: t.strip() and not _parses(float, t.strip()))
NOT_A_CHOICE = st.text(min_size=1, max_size=10).filter(
    lambda t: (
        t.strip().lower().replace(" ", "_")
        not in {
            *vocabulary.PRIORITIES,
            *vocabulary.BENCHMARK_KINDS,
            *vocabulary.STATUSES,
            *vocabulary.DIRECTIONS,
        }
        | {"true", "false", "yes", "no", "y", "n", "1", "0", "x"}
        | {"achieved", "not_achieved"}
        and t.strip()
        and "\x00" not in t
        and t[0] not in "'"
    )
)


def _parses(parse: Any, text: str) -> bool:
    try:
        parse(text[:10] if len(text) > 10 and text[10:].strip(" T") in ("00:00:00", "00:00") else text)
    except (ValueError, OverflowError):
        return False
    return True


GENERATED = st.one_of(
    st.tuples(st.just("recommendations"), st.sampled_from(["issued_on", "due_on"]), NOT_A_DATE),
    st.tuples(st.just("recommendations"), st.sampled_from(["priority", "status"]), NOT_A_CHOICE),
    st.tuples(st.just("benchmarks"), st.sampled_from(["weight", "position"]), NOT_A_NUMBER),
    st.tuples(st.just("benchmarks"), st.just("kind"), NOT_A_CHOICE),
    st.tuples(st.just("progress"), st.just("observed_on"), NOT_A_DATE),
    st.tuples(st.just("progress"), st.just("achieved"), NOT_A_CHOICE),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=GENERATED, which=st.integers(min_value=0, max_value=50))
def test_import_refuses_generated_bad_cells_by_row_and_column_and_writes_nothing(session, world, case, which):
    kind, column, garbage = case
    rows = rows_of(export_csv(session, kind))
    if kind == "progress":
        rows = [r for r in rows if r["benchmark_id"] == str(world["milestone"])] or rows
    index = which % len(rows)
    rows[index][column] = garbage
    before = counts(session)
    problems = attempt(session, to_csv(rows))
    assert (index + 2, column) in {(p[0], p[1]) for p in problems}, problems
    assert counts(session) == before


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    damage=st.sampled_from(["drop_cell", "add_cell", "open_quote", "nul", "stray_quote"]),
    which=st.integers(min_value=0, max_value=50),
    column=st.integers(min_value=0, max_value=20),
    extra=st.text(min_size=1, max_size=5).filter(lambda t: t.strip() and '"' not in t and "\x00" not in t),
)
def test_import_refuses_generated_broken_rows_by_row_and_column_and_writes_nothing(
    session, world, damage, which, column, extra
):
    content = export_csv(session, "recommendations").decode("utf-8")
    buffer = list(csv.reader(io.StringIO(content)))
    header, rows = buffer[0], buffer[1:]
    index = which % len(rows)
    column %= len(header)
    row = rows[index]
    if damage == "drop_cell":
        del row[column]
    elif damage == "add_cell":
        row.append(extra)
    elif damage == "nul":
        row[column] = row[column] + "\x00" + extra
    lines = io.StringIO()
    writer = csv.writer(lines, lineterminator="\r\n")
    writer.writerow(header)
    for position, cells in enumerate(rows):
        if position == index and damage == "open_quote":
            lines.write(",".join(['"' + extra if i == column else "x" for i in range(len(header))]) + "\r\n")
        elif position == index and damage == "stray_quote":
            lines.write(
                ",".join(['"a"' + extra if i == column else "x" for i in range(len(header))]) + "\r\n"
            )
        else:
            writer.writerow(cells)
    before = counts(session)
    problems = attempt(session, lines.getvalue().encode("utf-8"))
    assert problems and problems[0][0] == index + 2 and problems[0][1], problems
    assert counts(session) == before


# -- jobs --------------------------------------------------------------------------------


def test_jobs_belong_to_their_uploader_and_keep_the_report(session, world):
    from ..factories import make_user

    owner, other = make_user(session), make_user(session)
    content = export_csv(session, "recommendations")
    table = read_table(content)
    job = imports.create_job(
        session,
        user_id=owner.id,
        filename="r.csv",
        content=content,
        table=table,
        kind="recommendations",
        mapping=None,
    )
    assert imports.get_job(session, job.id, user_id=owner.id) is job
    with pytest.raises(NotFound):
        imports.get_job(session, job.id, user_id=other.id)
    assert imports.claim_job(session, job.id) and not imports.claim_job(session, job.id)
    plan = plan_of(session, content)
    imports.finish_job(session, job.id, plan)
    session.refresh(job)
    assert job.status == "done" and job.counts["unchanged"] == 2 and job.content == b""
    report = rows_of(imports.unpack_report(job.report))
    assert [(r["row"], r["outcome"]) for r in report] == [("2", "unchanged"), ("3", "unchanged")]


def test_id_ranges_are_compact():
    assert imports.id_ranges([5, 1, 2, 3, 9, 10]) == "1-3, 5, 9-10"
    assert imports.id_ranges([]) == ""


# -- whose assessment ---------------------------------------------------------------------


def test_a_progress_export_says_whose_assessment_each_entry_is_and_a_restore_keeps_it(
    session, world, empty_database
):
    shadow = make_perspective(session, "Shadow report")
    record(session, world["numeric"], date(2025, 6, 1), value=20.0, perspective_id=shadow.id)
    files = export_all(session, history=True)
    whose = {row["perspective"] for row in rows_of(files["progress"])}
    assert whose == {"", shadow.name}  # the monitoring team's own entries say nothing
    with empty_database.transaction() as target:
        make_perspective(target, "unused")  # ids differ between the two databases
        target.add(Perspective(name=shadow.name))
    import_all(empty_database, files)
    with empty_database.session(write=False) as target:
        assert export_csv(target, "progress", history=True) == files["progress"]
        restored = target.scalars(select(ProgressEntry).where(ProgressEntry.perspective_id.is_not(None)))
        assert [(e.value, target.get(Perspective, e.perspective_id).name) for e in restored] == [
            (20.0, shadow.name)
        ]
        # the monitoring team's scores leave the shadow assessment out, as in the source database
        assert scorecard_csv(target, TODAY) == scorecard_csv(session, TODAY)


def test_a_new_row_names_its_perspective_and_the_same_observation_twice_is_recorded_once(session, world):
    shadow = make_perspective(session, "Shadow report")
    fields = {"benchmark_id": str(world["numeric"]), "observed_on": "2025-08-01", "value": "30"}
    content = to_csv([{**fields, "perspective": shadow.name.upper()}, {**fields, "perspective": ""}])
    assert attempt(session, content) == []
    stored = session.scalars(
        select(ProgressEntry.perspective_id).where(ProgressEntry.observed_on == date(2025, 8, 1))
    )
    assert sorted(stored, key=str) == sorted([shadow.id, None], key=str)  # one each: not the same assessment
    assert [r.action for r in plan_of(session, content).results] == ["unchanged", "unchanged"]


def test_an_unknown_perspective_or_a_moved_entry_is_refused_and_nothing_is_written(session, world):
    shadow = make_perspective(session, "Shadow report")
    before = counts(session)
    unknown = to_csv(
        [
            {
                "benchmark_id": str(world["numeric"]),
                "observed_on": "2025-08-01",
                "value": "1",
                "perspective": "Gov",
            }
        ]
    )
    ((row, column, message),) = attempt(session, unknown)
    assert (row, column) == (2, "perspective")
    assert "“Gov”" in message and f"“{shadow.name}”" in message
    mine = next(row for row in rows_of(export_csv(session, "progress")) if row["perspective"] == "")
    moved = to_csv([{**mine, "perspective": shadow.name}])
    ((_row, column, message),) = attempt(session, moved)
    assert column == "perspective" and "does not move an entry to another perspective" in message
    assert counts(session) == before

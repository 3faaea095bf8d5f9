"""The import planner looks a file's keys up set-wise: its query count per file does not grow with rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from scorecard.models import DataVersion, ProgressEntry
from scorecard.services import bulk, imports
from scorecard.services.csv_files import read_table
from scorecard.services.imports import ImportSource, staging
from scorecard.services.imports.writes import BULK_FROM

from ..factories import SYSTEM, make_recommendation, make_theme, milestone, numeric, record
from ..helpers import QueryCounter
from .test_imports import export_csv, plan_of, rows_of, to_csv

TODAY = date.today()


@pytest.fixture
def benchmarks(session: Session) -> list[int]:
    """Two recommendations with a milestone and a numeric benchmark each, one entry on each."""
    theme = make_theme(session, "Security")
    ids = []
    for code in ("Q-01", "Q-02"):
        made = make_recommendation(
            session, code=code, theme_id=theme.id, benchmarks=[milestone(), numeric(baseline=0, target=10)]
        )
        ids += [b.id for b in made.benchmarks]
    record(session, ids[0], date(2025, 3, 1), achieved=True)
    record(session, ids[1], date(2025, 3, 1), value=4.0)
    return ids


def _file(session: Session, extra: int) -> bytes:
    """The stored entries' export plus `extra` rows that name, sparsely, ids no record has:
    new entries (no id) on benchmarks that do not exist, and stored-looking entry ids."""
    rows = rows_of(export_csv(session, "progress", history=True))
    template = rows[0]
    for n in range(extra):
        rows.append({**template, "entry_id": "", "benchmark_id": str(700_000 + 7 * n), "status": "counting"})
        rows.append({**template, "entry_id": str(800_000 + 11 * n), "corrects_id": str(900_000 + 13 * n)})
    return to_csv(rows)


def _planned(session: Session, connection, files: Callable[[int], bytes]) -> dict[int, tuple[int, Any]]:
    """Per number of extra rows (1, 1500): the queries planning `files(extra)` took, and the plan."""
    found = {}
    for extra in (1, 1500):
        content = files(extra)
        with QueryCounter(connection) as counter:
            plan = plan_of(session, content)
        found[extra] = (counter.count, plan)
    return found


def _problems(plan: Any) -> set[str]:
    return {e.message for r in plan.results for e in r.errors}


def test_planning_a_progress_file_takes_as_many_queries_for_three_thousand_rows_as_for_four(
    session, benchmarks, connection
):
    planned = _planned(session, connection, lambda extra: _file(session, extra))
    for _, plan in planned.values():
        assert f"There is no benchmark {700_000}. Import the benchmarks file first." in _problems(plan)
        assert f"There is no entry {900_000} for this one to correct." in _problems(plan)
        assert plan.counts["unchanged"] == 2
    assert planned[1500][0] == planned[1][0]


def test_a_planned_file_leaves_no_staged_keys_behind(session, benchmarks, connection):
    plan_of(session, _file(session, 600))
    assert connection.exec_driver_sql("SELECT count(*) FROM import_key").scalar_one() == 0
    assert staging.KEYS.name == "import_key"


def test_a_bulk_import_moves_the_data_version_once_and_keeps_its_triggers_and_indexes(
    session, benchmarks, connection, monkeypatch
):
    monkeypatch.setattr(bulk, "SET_ASIDE_FROM", 100)  # the history's indexes set aside and built again
    rows = [
        {
            "entry_id": "",
            "benchmark_id": str(benchmarks[1]),
            "observed_on": (date(2000, 1, 1) + timedelta(days=n)).isoformat(),
            "value": str(n % 10),
        }
        for n in range(BULK_FROM + 10)
    ]
    before = session.scalar(select(DataVersion.version))
    plan = imports.plan(session, ImportSource(read_table(to_csv(rows))), by=SYSTEM, today=TODAY)
    assert plan.ok, plan.errors[:3]
    imports.apply(session, plan, by=SYSTEM, filename="many.csv")
    session.commit()  # PostgreSQL moves the version at commit
    session.expire_all()
    after = session.scalar(select(DataVersion.version))
    assert after is not None and before is not None and 1 <= after - before < 20
    if connection.dialect.name == "sqlite":
        triggers = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'progress_entry'"
        ).scalars()
        assert "progress_entry_moves_data_version_insert" in set(triggers)
    indexes = {index["name"] for index in inspect(connection).get_indexes("progress_entry")}
    assert {index.name for index in ProgressEntry.__table__.indexes} <= indexes
    assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 2 + BULK_FROM + 10


@pytest.mark.parametrize("with_ids", [False, True], ids=["new entries", "restored entries"])
def test_a_large_file_writes_its_entries_through_the_driver_not_row_by_row(
    session, benchmarks, connection, with_ids
):
    """Thousands of entries are written in bulk, never row by row: restored ones (keeping the file's
    ids) straight through the driver (COPY, or one executemany), where the ORM's parameter handling per
    row took twice the time, and any column with a default the rows left out sent them the slow way;
    new ones in multi-row INSERTs of a thousand, which give back their ids."""
    rows = [
        {
            "entry_id": str(900_000 + n) if with_ids else "",
            "benchmark_id": str(benchmarks[1]),
            "observed_on": (date(2000, 1, 1) + timedelta(days=n)).isoformat(),
            "value": str(n % 10),
        }
        for n in range(BULK_FROM + 10)
    ]
    plan = imports.plan(session, ImportSource(read_table(to_csv(rows))), by=SYSTEM, today=TODAY)
    assert plan.ok, plan.errors[:3]
    with QueryCounter(connection) as counter:
        imports.apply(session, plan, by=SYSTEM, filename="many.csv")
    inserts = [s for s in counter.statements if s.lstrip().upper().startswith("INSERT INTO PROGRESS_ENTRY")]
    assert len(inserts) == (0 if with_ids else -(-(BULK_FROM + 10) // 1000))
    assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 2 + BULK_FROM + 10


def _benchmarks_file(session: Session, extra: int) -> bytes:
    """The stored benchmarks' export plus `extra` new benchmarks on Q-02 and as many on codes no
    recommendation has, and `extra` rows naming, sparsely, benchmark ids no benchmark has (restored
    with them)."""
    rows = rows_of(export_csv(session, "benchmarks"))
    template = next(row for row in rows if row["recommendation_code"] == "Q-02")
    for n in range(extra):
        rows.append({**template, "benchmark_id": "", "title": f"New benchmark {n}", "position": ""})
        rows.append({**template, "benchmark_id": "", "recommendation_code": f"NONE-{n}"})
        rows.append({**template, "benchmark_id": str(700_000 + 7 * n)})
    return to_csv(rows)


def _recommendations_file(session: Session, extra: int) -> bytes:
    """The stored recommendations' export plus `extra` new ones and `extra` without a wording."""
    rows = rows_of(export_csv(session, "recommendations"))
    template = rows[0]
    for n in range(extra):
        rows.append({**template, "code": f"NEW-{n}", "theme": "Security"})
        rows.append({**template, "code": f"BAD-{n}", "text": ""})
    return to_csv(rows)


@pytest.mark.parametrize(
    ("files", "problem", "unchanged", "created_per_extra"),
    [
        (_benchmarks_file, "There is no recommendation NONE-0. Import the recommendations file first.", 4, 2),
        (_recommendations_file, "The recommendation's wording is required.", 2, 1),
    ],
    ids=["benchmarks", "recommendations"],
)
def test_planning_a_file_of_records_takes_as_many_queries_for_thousands_of_rows_as_for_a_few(
    session, benchmarks, connection, files, problem, unchanged, created_per_extra
):
    planned = _planned(session, connection, lambda extra: files(session, extra))
    for extra, (_, plan) in planned.items():
        assert problem in _problems(plan)
        assert plan.counts["unchanged"] == unchanged and plan.counts["create"] == created_per_extra * extra
        assert plan.counts["error"] == extra
    assert planned[1500][0] == planned[1][0]


def test_a_code_longer_than_any_stored_one_is_a_row_error_in_every_planner(session, benchmarks):
    """Codes are staged for the lookups; one too long for the column names nothing, and must not
    stop the whole file (PostgreSQL refused to stage it: a server error instead of the row's)."""
    long_code = "Q" * 250
    recommendations = rows_of(export_csv(session, "recommendations"))
    recommendations[0]["code"] = long_code
    benchmarks_rows = rows_of(export_csv(session, "benchmarks"))
    benchmarks_rows[0] |= {"benchmark_id": "", "recommendation_code": long_code}
    progress = [{"recommendation_code": long_code, "benchmark_title": "Any", "observed_on": "2025-01-01"}]
    for rows, column in (
        (recommendations, "code"),
        (benchmarks_rows, "recommendation_code"),
        (progress, "benchmark_title"),
    ):
        plan = plan_of(session, to_csv(rows))
        refused = [error for result in plan.results for error in result.errors if error.row == 2]
        assert [error.column for error in refused][:1] == [column], refused

"""A recommendation's own assessment benchmark keeps its flag through an export and an import."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from scorecard.models import Benchmark
from scorecard.services import exports
from scorecard.services.imports import ColumnMapping

from ..helpers import recommendation_mapping
from .test_imports import attempt, empty_database, export_csv, rows_of

__all__ = ["empty_database"]  # the fixture, used below

MAPPING = recommendation_mapping(
    {"column": "Ref"}, assessment={"column": "Verdict"}, assessed_on={"value": "2025-06-30"}
)
FILE = (
    b"Ref,Text,Verdict\r\n"
    b"AS-1,Adopt the law,partially implemented\r\n"
    b"AS-2,Fund the office,fully implemented\r\n"
)


def flagged(session: Any) -> int:
    """How many benchmarks are a recommendation's own assessment."""
    return session.scalar(select(func.count()).select_from(Benchmark).where(Benchmark.is_assessment)) or 0


def test_the_benchmarks_export_says_which_benchmark_is_the_assessment(session):
    assert attempt(session, FILE, ColumnMapping.from_json(MAPPING)) == []
    rows = rows_of(export_csv(session, "benchmarks"))
    assert "is_assessment" in exports.BENCHMARK_COLUMNS
    assert sorted(row["is_assessment"] for row in rows) == ["true", "true"]


def test_assessments_round_trip_through_the_exports_into_an_empty_database(session, empty_database):
    assert attempt(session, FILE, ColumnMapping.from_json(MAPPING)) == []
    kinds = ("recommendations", "benchmarks", "progress")
    files = {kind: export_csv(session, kind) for kind in kinds}
    for kind in kinds:  # into the same database: nothing changes
        assert attempt(session, files[kind]) == [], kind
        assert export_csv(session, kind) == files[kind], kind
    with empty_database.transaction() as target:
        for kind in kinds:
            assert attempt(target, files[kind]) == [], kind
    with empty_database.session(write=False) as target:
        assert flagged(target) == flagged(session) == 2
        for kind in kinds:
            assert export_csv(target, kind) == files[kind], kind


def test_an_import_can_set_and_clear_the_flag(session):
    assert attempt(session, FILE, ColumnMapping.from_json(MAPPING)) == []
    content = export_csv(session, "benchmarks").decode().replace(",true,", ",false,", 1)
    assert attempt(session, content.encode()) == []
    assert flagged(session) == 1

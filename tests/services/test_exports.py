"""CSV exports: stable headers, the list's filters, scores as of a date, and flat memory on any size."""

from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Integer, func, insert, literal, select
from sqlalchemy.orm import Session

from scorecard import demo
from scorecard.models import Benchmark, ProgressEntry, Recommendation
from scorecard.services import csv_files, exports, progress, scores
from scorecard.services.recommendations import RecommendationFilter, Thresholds

from ..factories import (
    SYSTEM,
    level,
    make_actor,
    make_recommendation,
    make_source,
    make_theme,
    milestone,
    numeric,
    on_scale,
    record,
)

TODAY = date.today()
LIMITS = Thresholds(today=TODAY, stale_days=180)


def read(
    session: Session, kind: str, criteria: RecommendationFilter | None = None, **options: Any
) -> list[dict[str, str]]:
    """An export parsed back into dicts."""
    export = getattr(exports, kind)(
        session, criteria=criteria or RecommendationFilter(), thresholds=LIMITS, **options
    )
    body = b"".join(csv_files.encode_rows(export.header, export.batches)).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """Two themes; EU-01 with three kinds of benchmark and history, EU-02 not assessed."""
    security, economy = make_theme(session, "Security"), make_theme(session, "Economy")
    lead, partner = make_actor(session, "Government of Kosovo"), make_actor(session, "EU member states")
    report = make_source(session, "=Report with a formula-looking title")
    first = make_recommendation(
        session,
        code="EU-01",
        title="Publish the roadmap",
        theme_id=security.id,
        source_id=report.id,
        actors=[(lead.id, "lead"), (partner.id, "supporting")],
        status="in_progress",
        tags=["roadmap", "measures"],
        issued_on=date(2025, 1, 10),
        due_on=date(2025, 12, 31),
        benchmarks=[milestone(weight=2), on_scale(session), numeric(baseline=-5, target=95, unit="units")],
    )
    second = make_recommendation(session, code="EU-02", theme_id=economy.id, status="proposed")
    ms, sc, nu = first.benchmarks
    record(session, ms, date(2025, 3, 1), achieved=False)
    record(session, ms, date(2025, 9, 1), achieved=True, note="-done")
    record(session, sc, date(2025, 3, 1), level_id=level(session, "EU progress", "some progress").id)
    wrong = record(session, nu, date(2025, 4, 1), value=-5.0)
    progress.correct_entry(
        session, wrong.id, fields=progress.EntryInput(observed_on=date(2025, 4, 1), value=45.0), by=SYSTEM
    )
    return {"first": first, "second": second, "security": security, "milestone": ms, "numeric": nu}


def test_recommendations_export_has_the_documented_columns_and_values(session, world):
    rows = read(session, "recommendations")
    assert list(rows[0]) == list(exports.RECOMMENDATION_COLUMNS)
    assert [r["code"] for r in rows] == ["EU-01", "EU-02"]
    first = rows[0]
    assert first["actors"] == "Government of Kosovo; EU member states (supporting)"
    assert first["source"] == "'=Report with a formula-looking title"
    assert (first["issued_on"], first["due_on"], first["tags"], first["archived"]) == (
        "2025-01-10",
        "2025-12-31",
        "roadmap,measures",
        "false",
    )
    assert float(first["score"]) == pytest.approx((2 * 100 + 60 + 50) / 4)
    assert first["coverage"] == "100.0"
    assert rows[1]["score"] == "" and rows[1]["coverage"] == "0.0"


def test_exports_honour_the_lists_filters(session, world):
    security = RecommendationFilter(theme_ids=(world["security"].id,))
    assert [r["code"] for r in read(session, "recommendations", security)] == ["EU-01"]
    assert {r["recommendation_code"] for r in read(session, "benchmarks", security)} == {"EU-01"}
    assert {r["recommendation_code"] for r in read(session, "progress", security)} == {"EU-01"}
    proposed = RecommendationFilter(statuses=("proposed",))
    assert [r["recommendation_code"] for r in read(session, "scorecard", proposed)] == ["EU-02"]
    assert read(session, "progress", proposed) == []
    assert [r["code"] for r in read(session, "recommendations", RecommendationFilter(q="the roadmap"))] == [
        "EU-01"
    ]


def test_benchmarks_export_keeps_numbers_as_numbers_and_states_as_of_a_date(session, world):
    rows = {r["title"]: r for r in read(session, "benchmarks")}
    assert list(next(iter(rows.values()))) == list(exports.BENCHMARK_COLUMNS)
    numeric_row = rows["Troops deployed"]
    assert (numeric_row["baseline"], numeric_row["target"], numeric_row["direction"]) == (
        "-5.0",
        "95.0",
        "increase",
    )
    assert (numeric_row["score"], numeric_row["last_observed_on"]) == ("50.0", "2025-04-01")
    assert rows["Commission assessment"]["scale"] == "EU progress"
    earlier = {
        r["title"]: r
        for r in read(session, "benchmarks", as_of=date(2025, 6, 1))
        if r["recommendation_code"] == "EU-01"
    }
    assert earlier["Roadmap published"]["score"] == "0.0"
    assert earlier["Roadmap published"]["last_observed_on"] == "2025-03-01"


def test_progress_export_lists_counting_entries_and_history_on_request(session, world):
    rows = read(session, "progress")
    assert list(rows[0]) == list(exports.PROGRESS_COLUMNS)
    assert len(rows) == 4
    assert all(r["recommendation_code"] == "EU-01" for r in rows)
    done = next(r for r in rows if r["achieved"] == "true")
    assert (done["note"], done["score"], done["observed_on"]) == ("'-done", "100.0", "2025-09-01")
    assert next(r for r in rows if r["level"])["level"] == "some progress"
    assert [r["value"] for r in rows if r["kind"] == "numeric"] == ["45.0"]
    assert rows[0]["created_at"].endswith("Z") and "T" in rows[0]["created_at"]
    history = read(session, "progress", history=True)
    assert list(history[0]) == list(exports.PROGRESS_HISTORY_COLUMNS)
    assert [r["status"] for r in history].count("corrected") == 1
    corrected = next(r for r in history if r["status"] == "corrected")
    correction = next(r for r in history if r["corrects_id"] == corrected["entry_id"])
    assert (corrected["value"], correction["value"]) == ("-5.0", "45.0")
    assert [r["observed_on"] for r in read(session, "progress", as_of=date(2025, 3, 31))] == [
        "2025-03-01"
    ] * 2


def test_scorecard_export_matches_the_scoring_service_on_any_date(session, world):
    for day in (TODAY, date(2025, 6, 1), date(2025, 3, 1), date(2024, 1, 1)):
        rows = {
            r["recommendation_code"]: r
            for r in read(session, "scorecard", as_of=day, compare_to=date(2025, 3, 2))
        }
        assert list(next(iter(rows.values()))) == list(exports.SCORECARD_COLUMNS)
        computed = scores.recommendation_scores(session, as_of=day)
        then = scores.recommendation_scores(session, as_of=date(2025, 3, 2))
        for recommendation in (world["first"], world["second"]):
            row = rows[recommendation.code]
            summary = computed.get(
                recommendation.id, scores.RecommendationScore(0, scores.EMPTY, None)
            ).summary
            assert row["score"] == ("" if summary.score is None else repr(summary.score))
            assert row["as_of"] == day.isoformat() and row["compare_to"] == "2025-03-02"
            earlier = then.get(recommendation.id)
            expected = None
            if summary.score is not None and earlier is not None and earlier.summary.score is not None:
                expected = summary.score - earlier.summary.score
            assert row["trend"] == ("" if expected is None else repr(expected))
    today = {r["recommendation_code"]: r for r in read(session, "scorecard")}
    assert today["EU-01"]["benchmarks"] == (
        "Roadmap published: 100 (achieved, 2025-09-01) | "
        "Commission assessment: 60 (some progress, 2025-03-01) | "
        "Troops deployed: 50 (45 units, 2025-04-01)"
    )
    assert today["EU-01"]["overdue"] == ("true" if date(2025, 12, 31) < TODAY else "false")
    assert today["EU-02"]["score"] == "" and today["EU-02"]["coverage"] == "0.0"
    assert today["EU-02"]["benchmarks"] == "Roadmap published: not assessed"


@pytest.mark.slow
def test_scorecard_export_compares_with_the_last_review_cycle_by_default(session):
    demo.load(session)
    rows = read(session, "scorecard")
    expected = exports.default_compare_date(session, TODAY)
    assert {r["compare_to"] for r in rows} == {expected.isoformat()}


def _bulk_entries(session: Session, benchmark_id: int, count: int, start: int) -> None:
    """`count` milestone entries in one INSERT … SELECT over a counter: fast on SQLite and PostgreSQL."""
    counter = select(literal(start, Integer).label("n")).cte("counter", recursive=True)
    counter = counter.union_all(select(counter.c.n + 1).where(counter.c.n < start + count - 1))
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    session.execute(
        insert(ProgressEntry).from_select(
            ["benchmark_id", "kind", "observed_on", "achieved", "score", "note", "created_at"],
            select(
                literal(benchmark_id),
                literal("milestone"),
                literal(date(2025, 1, 1)),
                literal(True),
                literal(100.0),
                literal("=bulk entry"),
                literal(moment),
            ).select_from(counter),
        )
    )


def _peak_while_exporting(session: Session) -> tuple[int, float]:
    """Rows exported and the peak traced memory (MB) above the starting point."""
    export = exports.progress(session, criteria=RecommendationFilter(), thresholds=LIMITS)
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        lines = 0
        for chunk in csv_files.encode_rows(export.header, export.batches):
            lines += chunk.count(b"\r\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return lines - 1, (peak - baseline) / 1_048_576


@pytest.mark.bulk
def test_progress_export_memory_stays_flat_from_50_000_to_200_000_entries(session):
    recommendation = make_recommendation(session, code="BULK-1")
    benchmark_id = recommendation.benchmarks[0].id
    _bulk_entries(session, benchmark_id, 50_000, 1)
    rows, small = _peak_while_exporting(session)
    assert rows == 50_000
    _bulk_entries(session, benchmark_id, 150_000, 50_001)
    rows, large = _peak_while_exporting(session)
    assert rows == 200_000
    assert large < 20, f"{large:.1f} MB for 200,000 rows"
    assert large < small * 1.5 + 2, f"{small:.1f} MB for 50,000 rows, {large:.1f} MB for 200,000"
    assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 200_000


def test_exports_read_lazily_until_iterated(session, world):
    export = exports.recommendations(session, criteria=RecommendationFilter(), thresholds=LIMITS)
    session.execute(Recommendation.__table__.update().values(title="Changed after the export was set up"))
    rows = [row for batch in export.batches for row in batch]
    assert {row[1] for row in rows} == {"Changed after the export was set up"}
    assert session.scalar(select(func.count()).select_from(Benchmark)) == 4

"""Writers at the same moment: two people recording or correcting at once neither fail nor double-count.

Real concurrent transactions on a database of their own (the rest of the suite
runs inside one rolled-back transaction, where nothing is concurrent).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from scorecard.db import Database
from scorecard.errors import RuleViolation
from scorecard.models import ProgressEntry
from scorecard.services import progress, scores

from .. import factories
from ..conftest import migrated_database

TODAY = date(2026, 11, 22)


@pytest.fixture
def database(tmp_path) -> Iterator[Database]:
    with migrated_database(tmp_path, "concurrency") as database:
        yield database


def at_once(*work: Callable[[], Any]) -> list[Any]:
    """Run each callable in its own thread, released together; their results or exceptions."""
    start = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def run(index: int, job: Callable[[], Any]) -> None:
        start.wait()
        try:
            results[index] = job()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_entries_on_one_recommendation_at_once_both_count(database):
    with database.transaction() as session:
        rec = factories.make_recommendation(
            session, benchmarks=[factories.milestone("A"), factories.milestone("B")]
        )
        benchmark_ids = [b.id for b in rec.benchmarks]

    def record(benchmark_id: int) -> Callable[[], int]:
        def job() -> int:
            with database.transaction() as session:
                return factories.record(session, benchmark_id, TODAY, achieved=True, today=TODAY).id

        return job

    for _ in range(3):
        results = at_once(record(benchmark_ids[0]), record(benchmark_ids[1]))
        assert all(isinstance(result, int) for result in results), results
    with database.transaction() as session:
        assert session.scalar(select(func.count(ProgressEntry.id))) == 6
        assert scores.maintained_state(session) == scores.current_state_from_scratch(session)


def test_one_entry_corrected_twice_at_once_is_corrected_once(database):
    with database.transaction() as session:
        rec = factories.make_recommendation(session, benchmarks=[factories.numeric(baseline=0, target=10)])
        entry_id = factories.record(session, rec.benchmarks[0], date(2026, 1, 1), value=2, today=TODAY).id

    def correct(value: float) -> Callable[[], int]:
        def job() -> int:
            with database.transaction() as session:
                return progress.correct_entry(
                    session,
                    entry_id,
                    fields=progress.EntryInput(observed_on=date(2026, 1, 1), value=value),
                    by=factories.SYSTEM,
                    today=TODAY,
                ).id

        return job

    results = at_once(correct(4), correct(6))
    assert sum(isinstance(result, int) for result in results) == 1, results
    assert sum(isinstance(result, RuleViolation) for result in results) == 1
    with database.transaction() as session:
        counting = session.scalars(
            select(ProgressEntry).where(
                ProgressEntry.superseded_at.is_(None), ProgressEntry.deleted_at.is_(None)
            )
        ).all()
        assert len(counting) == 1
        assert scores.maintained_state(session) == scores.current_state_from_scratch(session)

"""A rebuild of the maintained state plans with figures that count the rows written before it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from scorecard.services import scores

from ..factories import make_recommendation, milestone, record


def _planner_rows(session: Session) -> float:
    return float(session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'progress_entry'")))


def test_a_rebuild_after_a_bulk_write_refreshes_postgresqls_figures_first(session: Session) -> None:
    """An import writes its entries and rebuilds in one transaction; with the figures of the table
    before the import, PostgreSQL's plan for 1M new entries did not finish in 10 minutes."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite plans the rebuild from its indexes whatever its figures say")
    made = make_recommendation(session, code="STAT-01", benchmarks=[milestone()])
    for day in range(1, 13):
        record(session, made.benchmarks[0].id, date(2025, 3, day), achieved=day % 3 == 0)
    session.flush()
    entries = session.scalar(text("SELECT count(*) FROM progress_entry"))
    assert _planner_rows(session) != entries
    scores.rebuild_all_states(session)
    assert _planner_rows(session) == entries

"""The awaiting-review count is on every reviewer's page: it must read the partial index, not the table."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from scorecard.services import review
from scorecard.services.scores import awaiting_counts, awaiting_counts_query, awaiting_review
from scorecard.services.tables import entry

from ..factories import make_recommendation, make_theme, milestone, record

INDEX = "ix_progress_entry_awaiting_review"


def _plan(session: Session, query) -> str:
    bind = session.get_bind()
    sql = str(query.compile(bind, compile_kwargs={"literal_binds": True}))
    if bind.dialect.name == "sqlite":
        rows = session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
        return " ".join(str(row[-1]) for row in rows)
    # PostgreSQL picks a plan by cost; what matters is that the index can serve the query at all.
    session.execute(text("SET LOCAL enable_seqscan = off"))
    return " ".join(row[0] for row in session.execute(text(f"EXPLAIN {sql}")))


def test_the_menu_count_and_the_inbox_read_the_index_of_waiting_entries(session: Session) -> None:
    count = select(func.count()).select_from(entry).where(awaiting_review())
    oldest = select(entry.c.id).where(awaiting_review()).order_by(entry.c.created_at).limit(50)
    for query in (count, oldest):
        assert INDEX in _plan(session, query)
    assert review.waiting_count(session) == 0


def test_the_dashboard_counts_waiting_entries_from_the_index_even_when_none_wait(session: Session) -> None:
    """With no entry waiting, ANALYZE keeps no figures for the partial index; SQLite then started from
    the benchmarks and read every entry's history (200 ms at a million entries) to count nothing."""
    theme = make_theme(session, "Security")
    made = make_recommendation(session, code="W-01", theme_id=theme.id, benchmarks=[milestone()])
    for day in range(1, 29):
        record(session, made.benchmarks[0].id, date(2025, 2, day), achieved=day % 2 == 0)
    session.execute(text("ANALYZE"))
    query = awaiting_counts_query(recommendation_ids=None)
    assert INDEX in _plan(session, query)
    assert awaiting_counts(session, recommendation_ids=None) == {}

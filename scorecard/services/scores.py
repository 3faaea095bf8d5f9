"""The scoring service: scores as of any date in SQL, and the maintained current state.

One arithmetic (scorecard.scoring) expressed as SQL so that pages, CSV and the
CLI compute the same figures in a constant number of queries. Today's figures
come from benchmark_state / recommendation_state, which every write keeps up to
date in its own transaction; a past date is answered with one index seek per
benchmark on progress_entry (benchmark_id, observed_on, id).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery
from sqlalchemy.types import Date

from scorecard.models import (
    ReviewCycle,
    ReviewStatus,
)
from scorecard.scoring import ScoreSummary

from .bulk import chunks
from .tables import bench, bsnap, bstate, entry, rec, rstate, snapshot, snapshot_day

# Snapshots are kept for the dates pages read by default: the dashboard's last
# eight quarter ends, and the review-cycle ends of the last three years.
SNAPSHOT_QUARTERS = 8
SNAPSHOT_YEARS = 3


def clamp_sql(expression: ColumnElement[Any]) -> ColumnElement[Any]:
    """Hold a SQL score inside 0–100 (a weighted mean of 100s can come out 100.00000000000001)."""
    return case((expression > 100.0, literal(100.0)), (expression < 0.0, literal(0.0)), else_=expression)


def fenced(query: Select[Any], name: str) -> Subquery:
    """`query` as a subquery the planner evaluates once, row by row, instead of inlining it.

    Inlined, each reference to a latest_entry_value column would run its seek
    again (a rollup refers to the score four times). OFFSET 0 is the portable
    fence: PostgreSQL does not pull such a subquery up, SQLite does not flatten
    it into an aggregate.
    """
    return query.offset(0).subquery(name)


def counting(perspective_id: int | None = None, *, any_perspective: bool = False) -> ColumnElement[bool]:
    """THE rule of which entries count, for every score, export and page: not corrected, not
    deleted, approved by a reviewer (or never needing it), and of the perspective asked for
    (None: the monitoring team's own, the one the maintained state is kept for; `any_perspective`:
    whosever it is, as an import's "already recorded" asks)."""
    counts = and_(
        entry.c.superseded_at.is_(None),
        entry.c.deleted_at.is_(None),
        entry.c.review_status == ReviewStatus.APPROVED.value,
    )
    if any_perspective:
        return counts
    return and_(
        counts,
        entry.c.perspective_id.is_(None)
        if perspective_id is None
        else entry.c.perspective_id == perspective_id,
    )


def awaiting_review() -> ColumnElement[bool]:
    """Entries a reviewer has still to approve or return (the inbox, and "awaiting review" marks).

    The status is written into the SQL, not bound: a planner matches a query to the partial index
    `ix_progress_entry_awaiting_review` (models.AWAITING_REVIEW_SQL) only by its literal terms, and
    PostgreSQL's generic plan for a prepared statement knows no parameter's value.
    """
    return and_(
        entry.c.review_status == literal(ReviewStatus.SUBMITTED.value, literal_execute=True),
        entry.c.superseded_at.is_(None),
        entry.c.deleted_at.is_(None),
    )


def awaiting_counts(
    session: Session,
    *,
    recommendation_ids: Select[Any] | Collection[int] | None,
    perspective_id: int | None = None,
) -> dict[tuple[int, int], int]:
    """How many entries await review on each live benchmark of these live recommendations (None: all),
    of the perspective shown (None: the monitoring team's), keyed (recommendation id, benchmark id)."""
    query = awaiting_counts_query(recommendation_ids=recommendation_ids, perspective_id=perspective_id)
    return {(rec_id, bench_id): int(count) for rec_id, bench_id, count in session.execute(query)}


def awaiting_counts_query(
    *, recommendation_ids: Select[Any] | Collection[int] | None, perspective_id: int | None = None
) -> Select[Any]:
    """The query of awaiting_counts: (recommendation id, benchmark id, how many waiting).

    One query, led by the partial index of waiting entries: few wait at any time, so it reads those
    rather than every benchmark's history. The waiting entries are a materialised CTE so that no
    planner can start from the benchmarks instead: SQLite's does when that index is empty (ANALYZE
    then keeps no figures for it) or the database was never analysed, and reads a million entries
    (200 ms) to count none. Benchmarks with none waiting are left out.
    """
    waiting = (
        select(entry.c.benchmark_id, entry.c.perspective_id)
        .where(awaiting_review())
        .cte("waiting")
        .prefix_with("MATERIALIZED")
    )
    query = (
        select(bench.c.recommendation_id, waiting.c.benchmark_id, func.count())
        .select_from(waiting.join(bench, bench.c.id == waiting.c.benchmark_id))
        .join(rec, rec.c.id == bench.c.recommendation_id)
        .where(
            waiting.c.perspective_id.is_(None)
            if perspective_id is None
            else waiting.c.perspective_id == perspective_id,
            bench.c.archived_at.is_(None),
            rec.c.archived_at.is_(None),
        )
        .group_by(bench.c.recommendation_id, waiting.c.benchmark_id)
    )
    if isinstance(recommendation_ids, Select):
        query = query.where(bench.c.recommendation_id.in_(recommendation_ids))
    elif recommendation_ids is not None:
        query = query.where(bench.c.recommendation_id.in_(sorted(set(recommendation_ids))))
    return query


def latest_entry_value(
    column: Any, as_of: date | None, perspective_id: int | None = None
) -> ColumnElement[Any]:
    """Correlated subquery: `column` of the entry that holds for `bench` on `as_of` (None: latest).

    Latest counting entry on or before the date; on the same date, the one
    recorded last. One backward read of the (benchmark_id, observed_on, id)
    index per benchmark. Kept in the select list rather than as a join
    condition: joined, PostgreSQL hashes every entry first (0.6 s at a million
    entries); here both engines make one index seek per benchmark.
    """
    query = select(column).where(entry.c.benchmark_id == bench.c.id, counting(perspective_id))
    if as_of is not None:
        query = query.where(entry.c.observed_on <= as_of)
    return (
        query.order_by(entry.c.observed_on.desc(), entry.c.id.desc())
        .limit(1)
        .correlate(bench)
        .scalar_subquery()
    )


def latest_entry_id(as_of: date | None, perspective_id: int | None = None) -> ColumnElement[Any]:
    """Correlated subquery: the id of the entry that holds for `bench` on `as_of` (None: latest)."""
    return latest_entry_value(entry.c.id, as_of, perspective_id)


def is_today(as_of: date, today: date) -> bool:
    """Whether `as_of` can be answered from the maintained state.

    Entries are never dated in the future, so the state as of any day from
    today on is the current state.
    """
    return as_of >= today


def benchmark_states_query(
    *,
    as_of: date,
    today: date,
    with_entry_id: bool = True,
    perspective_id: int | None = None,
    kept: bool = False,
) -> Select[Any]:
    """One row per live benchmark: ids, weight, and its state on `as_of` (NULLs: not assessed).

    Columns: benchmark_id, recommendation_id, weight, entry_id, observed_on,
    score. Sums that do not need the entry id leave it out (`with_entry_id`),
    saving a seek per benchmark on a past date, or reading a kept day's
    benchmark snapshot (`kept`, see kept_days) instead. Another perspective than
    the monitoring team's (`perspective_id`) is always computed from the entries.
    """
    if is_today(as_of, today) and perspective_id is None:
        return _live_benchmarks_from(bstate, bstate.c.benchmark_id == bench.c.id, bstate.c.entry_id)
    if kept and not with_entry_id and perspective_id is None:
        on_the_day = and_(bsnap.c.benchmark_id == bench.c.id, bsnap.c.taken_on == as_of)
        return _live_benchmarks_from(bsnap, on_the_day, literal(None, Integer))
    entry_id = latest_entry_id(as_of, perspective_id) if with_entry_id else literal(None, Integer)
    return select(
        bench.c.id.label("benchmark_id"),
        bench.c.recommendation_id,
        bench.c.weight,
        entry_id.label("entry_id"),
        latest_entry_value(entry.c.observed_on, as_of, perspective_id).label("observed_on"),
        latest_entry_value(entry.c.score, as_of, perspective_id).label("score"),
    ).where(bench.c.archived_at.is_(None))


def _live_benchmarks_from(
    states: Table, found: ColumnElement[bool], entry_id: ColumnElement[Any]
) -> Select[Any]:
    """Every live benchmark with its row of a table of kept states (`found` joins it; NULLs: none)."""
    return (
        select(
            bench.c.id.label("benchmark_id"),
            bench.c.recommendation_id,
            bench.c.weight,
            entry_id.label("entry_id"),
            states.c.observed_on,
            states.c.score,
        )
        .select_from(bench.outerjoin(states, found))
        .where(bench.c.archived_at.is_(None))
    )


def rollup_columns(states: Subquery) -> list[ColumnElement[Any]]:
    """The weighted-mean columns over a subquery of benchmark states (PRODUCT.md's arithmetic)."""
    assessed_weight = func.coalesce(
        func.sum(case((states.c.score.is_not(None), states.c.weight), else_=0.0)), 0.0
    )
    total_weight = func.coalesce(func.sum(states.c.weight), 0.0)
    return [
        clamp_sql(func.sum(states.c.weight * states.c.score) / func.nullif(assessed_weight, 0.0)).label(
            "score"
        ),
        (assessed_weight * 100.0 / func.nullif(total_weight, 0.0)).label("coverage"),
        total_weight.label("total_weight"),
        assessed_weight.label("assessed_weight"),
        func.count(states.c.benchmark_id).label("count"),
        func.count(states.c.score).label("assessed_count"),
        func.max(states.c.observed_on).label("last_observed_on"),
    ]


@dataclass(frozen=True, slots=True)
class RecommendationScore:
    """A recommendation's summary on one date, with when it was last observed."""

    recommendation_id: int
    summary: ScoreSummary
    last_observed_on: date | None


EMPTY = ScoreSummary(
    score=None, coverage=None, total_weight=0.0, assessed_weight=0.0, count=0, assessed_count=0
)


def recommendation_scores_query(
    *,
    as_of: date,
    today: date,
    recommendation_ids: Select[Any] | list[int] | None = None,
    perspective_id: int | None = None,
) -> Select[Any]:
    """Per-recommendation score on `as_of`, grouped in SQL: one query for any number of rows.

    Recommendations without live benchmarks do not appear (their summary is EMPTY).
    """
    states_query = benchmark_states_query(
        as_of=as_of, today=today, with_entry_id=False, perspective_id=perspective_id
    )
    if recommendation_ids is not None:
        states_query = states_query.where(bench.c.recommendation_id.in_(recommendation_ids))
    states = fenced(states_query, "states")
    return select(states.c.recommendation_id, *rollup_columns(states)).group_by(states.c.recommendation_id)


def _summary(row: Any) -> ScoreSummary:
    return ScoreSummary(
        score=row.score,
        coverage=row.coverage,
        total_weight=float(row.total_weight),
        assessed_weight=float(row.assessed_weight),
        count=int(row.count),
        assessed_count=int(row.assessed_count),
    )


def recommendation_scores(
    session: Session,
    *,
    as_of: date,
    today: date | None = None,
    recommendation_ids: Select[Any] | Collection[int] | None = None,
    perspective_id: int | None = None,
) -> dict[int, RecommendationScore]:
    """Scores of the given recommendations (all when None) as of a date.

    A select of ids keeps the filter in SQL; a plain collection is chunked.
    Ids with nothing to score are absent: use `.get(id)` and fall back to EMPTY.
    """
    today = today or date.today()
    results: dict[int, RecommendationScore] = {}
    if recommendation_ids is None or isinstance(recommendation_ids, Select):
        batches: list[Select[Any] | list[int] | None] = [recommendation_ids]
    else:
        batches = list(chunks(sorted(set(recommendation_ids))))
    for batch in batches:
        query = recommendation_scores_query(
            as_of=as_of, today=today, recommendation_ids=batch, perspective_id=perspective_id
        )
        for row in session.execute(query):
            results[row.recommendation_id] = RecommendationScore(
                row.recommendation_id, _summary(row), row.last_observed_on
            )
    return results


@dataclass(frozen=True, slots=True)
class BenchmarkStateRow:
    """A benchmark's state on one date."""

    benchmark_id: int
    recommendation_id: int
    weight: float
    entry_id: int | None
    observed_on: date | None
    score: float | None


def benchmark_states(
    session: Session,
    *,
    as_of: date,
    today: date | None = None,
    recommendation_ids: Select[Any] | Collection[int] | None = None,
    perspective_id: int | None = None,
) -> dict[int, BenchmarkStateRow]:
    """The state of every live benchmark of the given recommendations on `as_of`, by benchmark id."""
    today = today or date.today()
    query = benchmark_states_query(as_of=as_of, today=today, perspective_id=perspective_id)
    if isinstance(recommendation_ids, Select):
        query = query.where(bench.c.recommendation_id.in_(recommendation_ids))
        batches: list[Select[Any]] = [query]
    elif recommendation_ids is None:
        batches = [query]
    else:
        batches = [
            query.where(bench.c.recommendation_id.in_(chunk))
            for chunk in chunks(sorted(set(recommendation_ids)))
        ]
    states: dict[int, BenchmarkStateRow] = {}
    for batch in batches:
        for row in session.execute(batch):
            states[row.benchmark_id] = BenchmarkStateRow(
                row.benchmark_id,
                row.recommendation_id,
                float(row.weight),
                row.entry_id,
                row.observed_on,
                row.score,
            )
    return states


# -- the maintained state ------------------------------------------------------------------


def _benchmark_state_select(ids: list[int] | None) -> Select[Any]:
    latest: Select[Any] = select(
        bench.c.id.label("benchmark_id"),
        latest_entry_id(None).label("entry_id"),
        latest_entry_value(entry.c.observed_on, None).label("observed_on"),
        latest_entry_value(entry.c.score, None).label("score"),
    ).where(bench.c.archived_at.is_(None))
    if ids is not None:
        latest = latest.where(bench.c.id.in_(ids))
    sub = fenced(latest, "latest")
    return select(sub.c.benchmark_id, sub.c.entry_id, sub.c.observed_on, sub.c.score).where(
        sub.c.entry_id.is_not(None)
    )


def _rolled_up(states: Subquery, *leading: ColumnElement[Any]) -> Select[Any]:
    """Benchmark states (recommendation_id, weight, observed_on, score) rolled up per recommendation."""
    columns = {c.name: c for c in rollup_columns(states)}
    return select(
        *leading,
        states.c.recommendation_id,
        *(columns[name] for name in ("score", "coverage", "count", "assessed_count", "last_observed_on")),
    ).group_by(states.c.recommendation_id)


def _rolled_up_from(
    states: Table | Subquery, found: ColumnElement[bool], ids: list[int] | None, *leading: ColumnElement[Any]
) -> Select[Any]:
    """The recommendations' scores rolled up from a table of benchmark states (`found` joins a row)."""
    live = and_(bench.c.recommendation_id == rec.c.id, bench.c.archived_at.is_(None))
    rows = select(
        rec.c.id.label("recommendation_id"),
        bench.c.id.label("benchmark_id"),
        bench.c.weight,
        states.c.observed_on,
        states.c.score,
    ).select_from(rec.outerjoin(bench, live).outerjoin(states, found))
    if ids is not None:
        rows = rows.where(rec.c.id.in_(ids))
    return _rolled_up(rows.subquery("states"), *leading)


def _recommendation_state_select(ids: list[int] | None) -> Select[Any]:
    return _rolled_up_from(bstate, bstate.c.benchmark_id == bench.c.id, ids)


_RSTATE_COLUMNS = [
    "recommendation_id",
    "score",
    "coverage",
    "benchmark_count",
    "assessed_count",
    "last_observed_on",
]


def refresh_states(
    session: Session,
    *,
    benchmark_ids: Iterable[int] = (),
    recommendation_ids: Iterable[int] = (),
    since: date | None = None,
) -> None:
    """Recompute the maintained state of these benchmarks and of the recommendations they
    (and `recommendation_ids`) belong to, inside the caller's transaction.

    `since` is the earliest observation date the change touches: snapshots
    before it cannot have changed. None (a benchmark's weight, kind or scale
    changed, or a level was re-scored) refreshes every kept snapshot.
    """
    session.flush()
    benchmark_ids = sorted(set(benchmark_ids))
    recommendation_set = set(recommendation_ids)
    for chunk in chunks(benchmark_ids):
        recommendation_set.update(
            session.scalars(select(bench.c.recommendation_id).where(bench.c.id.in_(chunk)).distinct())
        )
    # Two writers refreshing one recommendation's state would each delete and
    # re-insert its rows; on PostgreSQL the second insert then collides. Taking
    # the recommendations' row locks first (in id order, so no deadlock) makes
    # the second wait for the first. SQLite writers are serialised already.
    for chunk in chunks(sorted(recommendation_set)):
        session.execute(select(rec.c.id).where(rec.c.id.in_(chunk)).order_by(rec.c.id).with_for_update())
    for chunk in chunks(benchmark_ids):
        session.execute(delete(bstate).where(bstate.c.benchmark_id.in_(chunk)))
        session.execute(
            insert(bstate).from_select(
                ["benchmark_id", "entry_id", "observed_on", "score"], _benchmark_state_select(chunk)
            )
        )
    for chunk in chunks(sorted(recommendation_set)):
        session.execute(delete(rstate).where(rstate.c.recommendation_id.in_(chunk)))
        session.execute(insert(rstate).from_select(_RSTATE_COLUMNS, _recommendation_state_select(chunk)))
    _refresh_snapshots(session, benchmark_ids, sorted(recommendation_set), since)
    _ensure_today(session)


def _ensure_today(session: Session) -> None:
    """Materialise newly due snapshot days on the first write of each day in this process.

    Cheap to skip: a page asking for a day not kept yet computes it instead.
    """
    key = (str(session.get_bind().engine.url), date.today())
    if key in _ENSURED:
        return
    ensure_snapshot_days(session, today=key[1])
    _ENSURED.add(key)


_ENSURED: set[tuple[str, date]] = set()


def rebuild_all_states(session: Session, *, today: date | None = None) -> None:
    """Recompute every benchmark's and recommendation's state, and every snapshot, from the entries."""
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # A rebuild follows a bulk write in the same transaction (an import, a restore), so the
        # planner's figures still describe the tables before it: with them PostgreSQL planned the
        # latest-entry subqueries badly enough that importing 1M entries into an empty database had
        # not finished after 10 minutes. ANALYZE counts this transaction's own rows.
        session.execute(text("ANALYZE recommendation, benchmark, progress_entry"))
    session.execute(delete(bstate))
    session.execute(
        insert(bstate).from_select(
            ["benchmark_id", "entry_id", "observed_on", "score"], _benchmark_state_select(None)
        )
    )
    session.execute(delete(rstate))
    session.execute(insert(rstate).from_select(_RSTATE_COLUMNS, _recommendation_state_select(None)))
    session.execute(delete(snapshot_day))  # cascades to the snapshots
    ensure_snapshot_days(session, today=today or date.today())


def current_state_from_scratch(
    session: Session,
) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The current state computed from the entries, without touching the state tables.

    The reference that the maintained tables must equal (used by tests and by
    `scorecard state check`).
    """
    benchmarks = {tuple(row) for row in session.execute(_benchmark_state_select(None))}
    recommendations = {
        (row[0], _round(row[1]), _round(row[2]), row[3], row[4], row[5])
        for row in session.execute(_recommendation_state_select(None))
    }
    return benchmarks, recommendations


def maintained_state(session: Session) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The maintained state tables, in the shape of `current_state_from_scratch`."""
    benchmarks = {
        tuple(row)
        for row in session.execute(
            select(bstate.c.benchmark_id, bstate.c.entry_id, bstate.c.observed_on, bstate.c.score)
        )
    }
    recommendations = {
        (row[0], _round(row[1]), _round(row[2]), row[3], row[4], row[5])
        for row in session.execute(select(*[rstate.c[name] for name in _RSTATE_COLUMNS]))
    }
    return benchmarks, recommendations


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 9)


# -- snapshots at quarter and review-cycle ends -----------------------------------------------


def _quarter_ends(start: date, before: date) -> list[date]:
    """The last days of the quarters, from the one holding `start` to the last one ending before `before`."""
    ends: list[date] = []
    year, last_month = start.year, 3 * ((start.month - 1) // 3 + 1)
    while True:
        first_of_next = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
        end = first_of_next - timedelta(days=1)
        if end >= before:
            return ends
        ends.append(end)
        year, last_month = (year + 1, 3) if last_month == 12 else (year, last_month + 3)


def snapshot_days_due(session: Session, *, today: date) -> set[date]:
    """The past dates whose scores should be kept: recent quarter ends and review-cycle ends."""
    first = session.scalar(select(func.min(entry.c.observed_on)))
    if first is None:
        return set()
    quarters = set(
        _quarter_ends(max(first, date(today.year - SNAPSHOT_YEARS, 1, 1)), today)[-SNAPSHOT_QUARTERS:]
    )
    cycles = session.scalars(
        select(ReviewCycle.ends_on).where(
            ReviewCycle.ends_on < today,
            ReviewCycle.ends_on >= max(first, date(today.year - SNAPSHOT_YEARS, 1, 1)),
        )
    )
    return quarters | set(cycles)


def _benchmark_snapshot_select(day: date, ids: list[int] | None) -> Select[Any]:
    """Each benchmark's latest counting entry by `day` (archived ones too: the rows follow the entries)."""
    latest = select(
        bench.c.id.label("benchmark_id"),
        latest_entry_value(entry.c.observed_on, day).label("observed_on"),
        latest_entry_value(entry.c.score, day).label("score"),
    )
    if ids is not None:
        latest = latest.where(bench.c.id.in_(ids))
    sub = fenced(latest, "latest")
    return select(
        sub.c.benchmark_id, literal(day, Date).label("taken_on"), sub.c.observed_on, sub.c.score
    ).where(sub.c.observed_on.is_not(None))


_BSNAP_COLUMNS = ["benchmark_id", "taken_on", "observed_on", "score"]


def _snapshot_select(day: date, ids: list[int] | None) -> Select[Any]:
    """The recommendations' scores on a kept day, rolled up from its benchmark snapshot."""
    kept = and_(bsnap.c.benchmark_id == bench.c.id, bsnap.c.taken_on == day)
    return _rolled_up_from(bsnap, kept, ids, literal(day, Date).label("taken_on"))


_SNAPSHOT_COLUMNS = ["taken_on", *_RSTATE_COLUMNS]


def ensure_snapshot_days(session: Session, *, today: date) -> None:
    """Keep exactly the due snapshot days: compute the missing ones for every recommendation.

    Runs on writes (and `scorecard setup`/`state rebuild`), never on a GET: a
    page that asks for a day not kept yet computes it from the entries.
    """
    due = snapshot_days_due(session, today=today)
    kept = set(session.scalars(select(snapshot_day.c.taken_on)))
    if kept - due:
        session.execute(delete(snapshot_day).where(snapshot_day.c.taken_on.in_(sorted(kept - due))))
    for day in sorted(due - kept):
        try:
            # Another process may be materialising the same day: its commit makes
            # this insert fail, and the day is then simply already there.
            with session.begin_nested():
                session.execute(insert(snapshot_day).values(taken_on=day))
                session.execute(
                    insert(bsnap).from_select(_BSNAP_COLUMNS, _benchmark_snapshot_select(day, None))
                )
                session.execute(insert(snapshot).from_select(_SNAPSHOT_COLUMNS, _snapshot_select(day, None)))
        except IntegrityError:
            continue


def _refresh_snapshots(
    session: Session, benchmark_ids: list[int], recommendation_ids: list[int], since: date | None
) -> None:
    """Recompute the kept days from `since` on: these benchmarks' rows, then these recommendations'."""
    if not recommendation_ids:
        return
    days = select(snapshot_day.c.taken_on)
    if since is not None:
        days = days.where(snapshot_day.c.taken_on >= since)
    for day in session.scalars(days.order_by(snapshot_day.c.taken_on)).all():
        for chunk in chunks(benchmark_ids):
            session.execute(delete(bsnap).where(bsnap.c.taken_on == day, bsnap.c.benchmark_id.in_(chunk)))
            session.execute(insert(bsnap).from_select(_BSNAP_COLUMNS, _benchmark_snapshot_select(day, chunk)))
        for chunk in chunks(recommendation_ids):
            session.execute(
                delete(snapshot).where(snapshot.c.taken_on == day, snapshot.c.recommendation_id.in_(chunk))
            )
            session.execute(insert(snapshot).from_select(_SNAPSHOT_COLUMNS, _snapshot_select(day, chunk)))


def kept_days(session: Session, days: Iterable[date]) -> set[date]:
    """Which of these dates have kept snapshots (one query)."""
    wanted = sorted(set(days))
    if not wanted:
        return set()
    return set(session.scalars(select(snapshot_day.c.taken_on).where(snapshot_day.c.taken_on.in_(wanted))))


def scores_subquery(
    *,
    as_of: date,
    today: date,
    kept: bool = False,
    recommendation_ids: Select[Any] | None = None,
    name: str = "scores",
    perspective_id: int | None = None,
) -> Subquery:
    """(recommendation_id, score, coverage) on `as_of`, from the cheapest place that holds it:

    the maintained state for today, a kept snapshot (`kept`, see kept_days) for
    a quarter or cycle end, else computed from the entries with one index seek
    per benchmark. All three give the same figures. Another perspective than
    the monitoring team's is always computed.
    """
    if perspective_id is None and is_today(as_of, today):
        query = select(rstate.c.recommendation_id, rstate.c.score, rstate.c.coverage)
        column = rstate.c.recommendation_id
    elif perspective_id is None and kept:
        query = select(snapshot.c.recommendation_id, snapshot.c.score, snapshot.c.coverage).where(
            snapshot.c.taken_on == as_of
        )
        column = snapshot.c.recommendation_id
    else:
        computed = recommendation_scores_query(
            as_of=as_of, today=today, recommendation_ids=recommendation_ids, perspective_id=perspective_id
        )
        sub = computed.subquery(f"{name}_computed")
        return select(sub.c.recommendation_id, sub.c.score, sub.c.coverage).subquery(name)
    if recommendation_ids is not None:
        query = query.where(column.in_(recommendation_ids))
    return query.subquery(name)


def kept_snapshots(session: Session) -> set[tuple[Any, ...]]:
    """The kept snapshots, recommendations' and benchmarks', in the shape of `snapshots_from_scratch`."""
    recommendations = {
        (row[0], row[1], _round(row[2]), _round(row[3]), row[4], row[5], row[6])
        for row in session.execute(select(*[snapshot.c[name] for name in _SNAPSHOT_COLUMNS]))
    }
    benchmarks = {
        ("benchmark", row[0], row[1], row[2], _round(row[3]))
        for row in session.execute(select(*[bsnap.c[name] for name in _BSNAP_COLUMNS]))
    }
    return recommendations | benchmarks


def snapshots_from_scratch(session: Session) -> set[tuple[Any, ...]]:
    """The kept days' snapshots computed from the entries, without reading the snapshot tables' rows."""
    found: set[tuple[Any, ...]] = set()
    for day in session.scalars(select(snapshot_day.c.taken_on)).all():
        computed = _benchmark_snapshot_select(day, None).subquery("computed")
        found |= {
            ("benchmark", row[0], row[1], row[2], _round(row[3])) for row in session.execute(select(computed))
        }
        found |= {
            (row[0], row[1], _round(row[2]), _round(row[3]), row[4], row[5], row[6])
            for row in session.execute(
                _rolled_up_from(
                    computed,
                    computed.c.benchmark_id == bench.c.id,
                    None,
                    literal(day, Date).label("taken_on"),
                )
            )
        }
    return found

"""CSV exports of recommendations, benchmarks, progress entries and the scorecard, streamed from Core."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    case,
    cast,
    null,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import FromClause

from scorecard.rules.benchmarks import BENCHMARK_INPUTS
from scorecard.rules.perspectives import recommendation_disagrees
from scorecard.rules.progress import history_status
from scorecard.scoring import comparison_date, is_overdue, trend

from . import actor_cells, content
from .csv_files import NEEDS_NEUTRALISING, bool_cell, day_cell, moment_cell, neutralise, text_cell
from .recommendations import RecommendationFilter, Thresholds, filtered_ids
from .reference import MONITORING_TEAM, list_perspectives
from .scorecards import PerspectiveView
from .scores import (
    benchmark_states_query,
    counting,
    is_today,
    latest_entry_value,
    recommendation_scores_query,
)
from .tables import (
    actor,
    app_user,
    bench,
    bstate,
    cycle,
    entry,
    level,
    link,
    perspective,
    rec,
    rstate,
    scale,
    source,
    theme,
)

# Rows fetched from the database at a time: the driver's buffer, not the file, bounds memory.
YIELD_PER = 2000

KINDS = ("recommendations", "benchmarks", "progress", "scorecard")

# The stable headers, documented in README.md ("## CSV"). Columns after the data
# columns are computed (score, coverage …): exported for spreadsheets, ignored on import.
RECOMMENDATION_COLUMNS = (
    "code",
    "title",
    "text",
    "source",
    "locator",
    "theme",
    "actors",
    "priority",
    "status",
    "issued_on",
    "due_on",
    "tags",
    "archived",
    "score",
    "coverage",
    "last_observed_on",
    # the original's language and the translations (services/content.py), imported
    *content.csv_columns("recommendation"),
)
BENCHMARK_COLUMNS = (
    "benchmark_id",
    "recommendation_code",
    "position",
    # the fields the rules check, the scale named rather than numbered
    *("scale" if name == "scale_id" else name for name in BENCHMARK_INPUTS),
    "archived",
    # the recommendation's own assessment (imports.apply_assessments makes it), so it round-trips
    "is_assessment",
    "score",
    "last_observed_on",
    *content.csv_columns("benchmark"),
)
PROGRESS_COLUMNS = (
    "entry_id",
    "benchmark_id",
    "recommendation_code",
    "benchmark_title",
    "kind",
    "observed_on",
    "level",
    "value",
    "achieved",
    "score",
    "note",
    "evidence_url",
    "author",
    "created_at",
    # whose assessment: a perspective's name, empty for the monitoring team's own (imports read it back)
    "perspective",
)
# With include=history: every entry ever recorded, and what became of it.
PROGRESS_HISTORY_COLUMNS = (*PROGRESS_COLUMNS, "status", "corrects_id", "superseded_at", "deleted_at")
SCORECARD_COLUMNS = (
    "recommendation_code",
    "title",
    "theme",
    "source",
    "actors",
    "status",
    "priority",
    "due_on",
    "as_of",
    "score",
    "coverage",
    "benchmark_count",
    "assessed_count",
    "last_observed_on",
    "compare_to",
    "compare_score",
    "trend",
    "overdue",
    "benchmarks",
)
# How one recommendation's actors are written in a cell (and escaped): see actor_cells.
ACTOR_SEPARATOR = actor_cells.SEPARATOR
actor_cell = actor_cells.actor_cell
BENCHMARK_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class CsvExport:
    """A header and a lazy iterator of row batches: nothing is read until the batches are."""

    kind: str
    header: tuple[str, ...]
    batches: Iterator[list[tuple[Any, ...]]]


Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Window:
    """A slice of an export in its own order, for the API's cursor pages: rows after a key, at most `limit`.

    `after` is the last row's key: (code,) for recommendations and the
    scorecard, (code, position, benchmark id) for benchmarks, (entry id,) for
    progress. A key, not an offset, so that rows added meanwhile never shift a page.
    """

    after: tuple[Any, ...] | None = None
    limit: int | None = None


EVERYTHING = Window()


def _windowed_ids(ids: Select[Any], window: Window) -> Select[Any]:
    """The ids of one window of recommendations in code order (the whole selection without a window)."""
    if window == EVERYTHING:
        return ids
    query = select(rec.c.id).where(rec.c.id.in_(ids)).order_by(rec.c.code)
    if window.after is not None:
        query = query.where(rec.c.code > window.after[0])
    return query.limit(window.limit) if window.limit is not None else query


def _windowed(query: Select[Any], window: Window, *key: ColumnElement[Any]) -> Select[Any]:
    """`query` (already in `key` order) cut to the rows after the window's key, at most its limit."""
    if window.after is not None:
        query = query.where(tuple_(*key) > tuple_(*window.after))
    return query.limit(window.limit) if window.limit is not None else query


def _batches(session: Session, query: Select[Any]) -> Iterator[Sequence[Any]]:
    """The rows of a Core select in batches (a server-side cursor on PostgreSQL): memory stays flat."""
    # Core on the session's connection: ORM result wrapping would double the cost per row.
    connection = session.connection()
    if connection.dialect.name == "sqlite" and _driver_values_suffice(query, connection.dialect):
        # SQLite's cursor already reads lazily, and when no column needs converting the
        # driver's tuples are the rows: skipping SQLAlchemy's Row objects makes the
        # million-row progress export about 15% faster.
        result = connection.execute(query)
        try:
            fetch = result.cursor.fetchmany
            while batch := fetch(YIELD_PER):
                yield batch
        finally:
            result.close()
        return
    result = connection.execute(query.execution_options(yield_per=YIELD_PER))
    try:
        yield from result.partitions()
    finally:
        result.close()


def _converted(batch: Sequence[Any], cells: Sequence[Callable[[Any], Any] | None]) -> list[Row]:
    """Each row of the batch with its value in column i made a cell by `cells[i]` (None: as it is)."""
    return [
        tuple([value if cell is None else cell(value) for cell, value in zip(cells, row, strict=True)])
        for row in batch
    ]


def _driver_values_suffice(query: Select[Any], dialect: Dialect) -> bool:
    """Whether every selected column comes from the driver as it is (no result processor)."""
    return all(
        column.type.dialect_impl(dialect).result_processor(dialect, None) is None
        for column in query.selected_columns
    )


def _raw_day(column: Any) -> Any:
    """A date column read as the driver gives it (SQLite: ISO text), skipping SQLAlchemy's conversion."""
    return type_coerce(column, String)


def _raw_moment(column: Any) -> Any:
    """A timestamp column read as the driver gives it (SQLite: naive UTC text)."""
    return type_coerce(column, String)


def _for_recommendations(column: Any, ids: Select[Any], *, everything: bool) -> Any:
    """`column IN ids`; for an unfiltered export, written so that no index drives it.

    Through the index, SQLite reads the entries benchmark by benchmark and then
    sorts them all by id; with nearly every recommendation selected, reading the
    entries in id order and checking each is several times faster. (`+ 0` is
    the portable way to keep an index out of a condition; PostgreSQL plans it
    the same either way.)
    """
    return (column + 0).in_(ids) if everything else column.in_(ids)


def _actors(session: Session, ids: Select[Any]) -> dict[int, str]:
    """The actors cell of every recommendation in `ids`, lead actors first (one query)."""
    role_order = case({"lead": 0, "supporting": 1}, value=link.c.role, else_=2)
    query = (
        select(link.c.recommendation_id, actor.c.name, link.c.role)
        .join(actor, actor.c.id == link.c.actor_id)
        .where(link.c.recommendation_id.in_(ids))
        .order_by(link.c.recommendation_id, role_order, actor.c.name)
    )
    cells: dict[int, str] = {}
    for recommendation_id, rows in itertools.groupby(session.execute(query), key=lambda row: row[0]):
        cells[recommendation_id] = actor_cell([(row[1], row[2]) for row in rows])
    return cells


def _scores_as_of(as_of: date, today: date, ids: Select[Any], perspective_id: int | None = None) -> Any:
    """(recommendation_id, score, coverage, last_observed_on, count, assessed_count) on `as_of`."""
    if is_today(as_of, today) and perspective_id is None:
        return (
            select(
                rstate.c.recommendation_id,
                rstate.c.score,
                rstate.c.coverage,
                rstate.c.last_observed_on,
                rstate.c.benchmark_count.label("count"),
                rstate.c.assessed_count,
            )
            .where(rstate.c.recommendation_id.in_(ids))
            .subquery("scores")
        )
    computed = recommendation_scores_query(
        as_of=as_of, today=today, recommendation_ids=ids, perspective_id=perspective_id
    ).subquery("computed")
    return select(
        computed.c.recommendation_id,
        computed.c.score,
        computed.c.coverage,
        computed.c.last_observed_on,
        computed.c.count,
        computed.c.assessed_count,
    ).subquery("scores")


# -- recommendations ---------------------------------------------------------------------


def with_translations(session: Session, entity: str, batches: Iterator[list[Row]]) -> Iterator[list[Row]]:
    """Each row followed by its record's original language and translations, one query per batch.

    The rows start with the record's key (a recommendation's code, a benchmark's id).
    """
    columns = content.csv_columns(entity)[1:]
    for batch in batches:
        keys = [row[0] for row in batch]
        ids: dict[Any, int] = {key: key for key in keys}
        if entity == "recommendation":
            ids = dict(session.execute(select(rec.c.code, rec.c.id).where(rec.c.code.in_(keys))).all())
        loaded = content.load(session, entity, ids.values())
        out: list[Row] = []
        for row in batch:
            original, translations = loaded.get(ids.get(row[0], -1), ("en", {}))
            cells = content.flat(translations)
            out.append((*row, original, *(text_cell(cells.get(name)) for name in columns)))
        yield out


def _recommendation_rows(
    session: Session, criteria: RecommendationFilter, thresholds: Thresholds, as_of: date, window: Window
) -> Iterator[list[Row]]:
    """The recommendations export's rows, in batches."""
    ids = _windowed_ids(filtered_ids(session, criteria, thresholds), window)
    actors = _actors(session, ids)
    scores = _scores_as_of(as_of, thresholds.today, ids)
    query = (
        select(
            rec.c.code,
            rec.c.title,
            rec.c.text,
            source.c.title,
            rec.c.locator,
            theme.c.name,
            rec.c.id,
            rec.c.priority,
            rec.c.status,
            _raw_day(rec.c.issued_on),
            _raw_day(rec.c.due_on),
            rec.c.tags,
            rec.c.archived_at.is_not(None),
            scores.c.score,
            scores.c.coverage,
            _raw_day(scores.c.last_observed_on),
        )
        .select_from(
            rec.join(theme, theme.c.id == rec.c.theme_id)
            .outerjoin(source, source.c.id == rec.c.source_id)
            .outerjoin(scores, scores.c.recommendation_id == rec.c.id)
        )
        .where(rec.c.id.in_(ids))
        .order_by(rec.c.code)
    )

    def actors_cell(recommendation_id: int) -> str | None:
        return text_cell(actors.get(recommendation_id))

    # code, title, text, source, locator, theme; actors; priority, status, dates, tags, archived, scores.
    texts = (text_cell, text_cell, text_cell, text_cell, text_cell, text_cell, actors_cell)
    cells = (*texts, None, None, day_cell, day_cell, text_cell, bool_cell, None, None, day_cell)
    for batch in _batches(session, query):
        yield _converted(batch, cells)


# -- benchmarks --------------------------------------------------------------------------


def _benchmark_rows(
    session: Session, criteria: RecommendationFilter, thresholds: Thresholds, as_of: date, window: Window
) -> Iterator[list[Row]]:
    """The benchmarks export's rows, in batches."""
    ids = filtered_ids(session, criteria, thresholds)
    state_join: FromClause
    score: ColumnElement[Any]
    observed_on: ColumnElement[Any]
    if is_today(as_of, thresholds.today):
        state_join = bench.outerjoin(bstate, bstate.c.benchmark_id == bench.c.id)
        score, observed_on = bstate.c.score, bstate.c.observed_on
    else:
        # An archived benchmark has no state (it no longer counts), as in the maintained one.
        state_join = bench
        live = bench.c.archived_at.is_(None)
        score = case((live, latest_entry_value(entry.c.score, as_of)))
        observed_on = case((live, latest_entry_value(entry.c.observed_on, as_of)))
    query = (
        select(
            bench.c.id,
            rec.c.code,
            bench.c.position,
            bench.c.title,
            bench.c.kind,
            scale.c.name,
            bench.c.baseline,
            bench.c.target,
            bench.c.unit,
            bench.c.direction,
            bench.c.weight,
            _raw_day(bench.c.due_on),
            bench.c.reporting_frequency,
            bench.c.reporting_due_day,
            bench.c.archived_at.is_not(None),
            bench.c.is_assessment,
            score,
            _raw_day(observed_on),
        )
        .select_from(
            state_join.join(rec, rec.c.id == bench.c.recommendation_id).outerjoin(
                scale, scale.c.id == bench.c.scale_id
            )
        )
        .where(bench.c.recommendation_id.in_(ids))
        .order_by(rec.c.code, bench.c.position, bench.c.id)
    )
    windowed: Select[Any] = _windowed(query, window, rec.c.code, bench.c.position, bench.c.id)
    # id, code, position, title, kind, scale, baseline, target, unit, direction, weight, due on; then
    # reporting frequency and day, archived, is assessment, score and its day.
    cells = (None, text_cell, None, text_cell, None, text_cell, None, None, text_cell, None, None, day_cell)
    for batch in _batches(session, windowed):
        yield _converted(batch, (*cells, None, None, bool_cell, bool_cell, None, day_cell))


@dataclass(frozen=True, slots=True)
class _TranslatedExport:
    """An export of the filtered recommendations whose rows end with their record's original language
    and translations; called with the filter, the limits, the as-of date (today) and the window."""

    name: str
    columns: tuple[str, ...]
    entity: str
    rows: Callable[[Session, RecommendationFilter, Thresholds, date, Window], Iterator[list[Row]]]

    def __call__(
        self,
        session: Session,
        *,
        criteria: RecommendationFilter,
        thresholds: Thresholds,
        as_of: date | None = None,
        window: Window = EVERYTHING,
    ) -> CsvExport:
        rows = self.rows(session, criteria, thresholds, as_of or thresholds.today, window)
        return CsvExport(self.name, self.columns, with_translations(session, self.entity, rows))


# The filtered recommendations, by code; score, coverage and last entry as of the date.
recommendations = _TranslatedExport(
    "recommendations", RECOMMENDATION_COLUMNS, "recommendation", _recommendation_rows
)
# Every benchmark (archived ones too) of the filtered recommendations, with its state on the date.
benchmarks = _TranslatedExport("benchmarks", BENCHMARK_COLUMNS, "benchmark", _benchmark_rows)


# -- progress ----------------------------------------------------------------------------


def progress(
    session: Session,
    *,
    criteria: RecommendationFilter,
    thresholds: Thresholds,
    as_of: date | None = None,
    history: bool = False,
    window: Window = EVERYTHING,
) -> CsvExport:
    """The entries of the filtered recommendations' benchmarks observed by `as_of`, in the order recorded.

    By default only the entries that count (the scorecard is computed from
    exactly these); `history` adds corrected and deleted ones with a status.
    """
    return CsvExport(
        "progress",
        PROGRESS_HISTORY_COLUMNS if history else PROGRESS_COLUMNS,
        _progress_rows(session, criteria, thresholds, as_of, history, window),
    )


def _progress_rows(
    session: Session,
    criteria: RecommendationFilter,
    thresholds: Thresholds,
    as_of: date | None,
    history: bool,
    window: Window = EVERYTHING,
) -> Iterator[list[Row]]:
    """The progress export's rows, in batches."""
    query = _progress_query(filtered_ids(session, criteria, thresholds), criteria, as_of, history, window)
    # The hot loop of the largest export: text cells are checked inline and only
    # the few that start like a formula (or a quote) go through neutralise().
    care = NEEDS_NEUTRALISING
    fix = neutralise
    for batch in _batches(session, query):
        rows: list[Row] = [
            (
                row[0],
                row[1],
                fix(c) if (c := row[2]) and c[0] in care else c,
                fix(c) if (c := row[3]) and c[0] in care else c,
                row[4],
                day_cell(row[5]),
                fix(c) if (c := row[6]) and c[0] in care else c,
                row[7],
                None if (a := row[8]) is None else ("true" if a else "false"),
                row[9],
                fix(c) if (c := row[10]) and c[0] in care else c,
                fix(c) if (c := row[11]) and c[0] in care else c,
                fix(c) if (c := row[12]) and c[0] in care else c,
                # SQLite's stored text needs only a T and a Z; anything else goes through moment_cell.
                f"{m[:10]}T{m[11:]}Z" if (m := row[13]).__class__ is str and len(m) == 26 else moment_cell(m),
                fix(c) if (c := row[14]) and c[0] in care else c,
            )
            for row in batch
        ]
        if history:
            rows = [
                (
                    *cells,
                    history_status(row[17], row[16], row[18]),
                    row[15],
                    moment_cell(row[16]),
                    moment_cell(row[17]),
                )
                for cells, row in zip(rows, batch, strict=True)
            ]
        yield rows


def _progress_query(
    ids: Select[Any], criteria: RecommendationFilter, as_of: date | None, history: bool, window: Window
) -> Select[Any]:
    """The progress export's query: the entries (all of them with `history`) observed by `as_of`."""
    columns: list[Any] = [
        entry.c.id,
        entry.c.benchmark_id,
        rec.c.code,
        bench.c.title,
        entry.c.kind,
        _raw_day(entry.c.observed_on),
        level.c.label,
        entry.c.value,
        type_coerce(entry.c.achieved, Integer),
        entry.c.score,
        entry.c.note,
        entry.c.evidence_url,
        app_user.c.email,
        _raw_moment(entry.c.created_at),
        perspective.c.name,
    ]
    if history:
        columns += [
            entry.c.corrects_id,
            _raw_moment(entry.c.superseded_at),
            _raw_moment(entry.c.deleted_at),
            entry.c.review_status,
        ]
    query = (
        select(*columns)
        .select_from(
            entry.join(bench, bench.c.id == entry.c.benchmark_id)
            .join(rec, rec.c.id == bench.c.recommendation_id)
            .outerjoin(level, level.c.id == entry.c.level_id)
            .outerjoin(app_user, app_user.c.id == entry.c.author_id)
            .outerjoin(perspective, perspective.c.id == entry.c.perspective_id)
        )
        .where(_for_recommendations(bench.c.recommendation_id, ids, everything=criteria.is_empty))
        .order_by(entry.c.id)
    )
    if as_of is not None:
        query = query.where(entry.c.observed_on <= as_of)
    if not history:
        query = query.where(counting())
    return _windowed(query, window, entry.c.id)


# -- the scorecard -----------------------------------------------------------------------


def default_compare_date(session: Session, as_of: date) -> date:
    """The end of the last review cycle before `as_of`, else one year earlier (as the scorecard page)."""
    ends = list(session.scalars(select(cycle.c.ends_on)))
    return comparison_date(as_of, ends)


def scorecard(
    session: Session,
    *,
    criteria: RecommendationFilter,
    thresholds: Thresholds,
    as_of: date | None = None,
    compare_to: date | None = None,
    view: PerspectiveView | None = None,
    window: Window = EVERYTHING,
) -> CsvExport:
    """One row per filtered recommendation as of a date: score, coverage, trend, and each benchmark's state.

    Scores are 0–100 and empty when nothing is assessed (not 0); the trend is
    the score on `as_of` minus the score on `compare_to`. Another perspective
    than the monitoring team's adds a `perspective` column; two side by side
    add the other's name and score, and whether they disagree (by the page's rule: more than one level
    on a benchmark's scale, or 20 points).
    """
    as_of = as_of or thresholds.today
    compare_to = compare_to or default_compare_date(session, as_of)
    view = view or PerspectiveView()
    columns: tuple[str, ...] = SCORECARD_COLUMNS
    if view.shown is not None or view.comparing:
        columns += PERSPECTIVE_COLUMNS if view.comparing else PERSPECTIVE_COLUMNS[:1]
    return CsvExport(
        "scorecard",
        columns,
        _scorecard_rows(session, criteria, thresholds, (as_of, compare_to), view, window),
    )


def _with_beside(joined: Any, beside: Any) -> Any:
    """The scorecard's join, with the other perspective's scores when two show side by side."""
    return joined if beside is None else joined.outerjoin(beside, beside.c.recommendation_id == rec.c.id)


PERSPECTIVE_COLUMNS = ("perspective", "beside_perspective", "beside_score", "disagrees")


def _perspective_cells(session: Session, view: PerspectiveView) -> Callable[[list[Any]], Row]:
    """The perspective columns of a scorecard line from its rows (one per benchmark), as `scorecard`
    adds them (none by default). Disagreement is the scorecard page's rule: the scores, or any
    benchmark more than one level or 20 points apart."""
    if view.shown is None and not view.comparing:
        return lambda row: ()
    names = {p.id: p.name for p in list_perspectives(session)}
    shown = names.get(view.shown, MONITORING_TEAM) if view.shown is not None else MONITORING_TEAM
    if not view.comparing:
        return lambda rows: (text_cell(shown),)
    beside = names.get(view.beside, MONITORING_TEAM) if view.beside is not None else MONITORING_TEAM
    return lambda rows: (
        text_cell(shown),
        text_cell(beside),
        rows[0].beside_score,
        bool_cell(
            recommendation_disagrees(
                rows[0].score,
                rows[0].beside_score,
                (
                    (r.state_score, r.beside_state_score, r.level_position, r.beside_level_position)
                    for r in rows
                    if r.benchmark_title
                ),
            )
        ),
    )


def _beside_states(
    view: PerspectiveView, as_of: date, today: date, ids: Select[Any]
) -> tuple[Callable[[Any], Any], list[ColumnElement[Any]]]:
    """When comparing, the other perspective's benchmark states and their levels' positions: a function
    joining them to the scorecard's rows, and their columns (NULLs when not comparing)."""
    if not view.comparing:
        return (lambda joined: joined), [
            cast(null(), Float).label("beside_state_score"),
            cast(null(), Integer).label("beside_level_position"),
        ]
    states = (
        benchmark_states_query(as_of=as_of, today=today, perspective_id=view.beside)
        .where(bench.c.recommendation_id.in_(ids))
        .subquery("beside_states")
    )
    held = entry.alias("beside_entry")
    held_level = level.alias("beside_level")
    return (
        lambda joined: (
            joined.outerjoin(states, states.c.benchmark_id == bench.c.id)
            .outerjoin(held, held.c.id == states.c.entry_id)
            .outerjoin(held_level, held_level.c.id == held.c.level_id)
        )
    ), [states.c.score.label("beside_state_score"), held_level.c.position.label("beside_level_position")]


def _benchmark_state_text(row: Any) -> str:
    """ "Title: 60 (some progress, 2025-11-04)" or "Title: not assessed"."""
    title = row.benchmark_title
    if row.state_score is None:
        return f"{title}: not assessed"
    if row.benchmark_kind == "scale":
        reading = row.level_label or ""
    elif row.benchmark_kind == "numeric":
        reading = f"{row.entry_value:g} {row.benchmark_unit or ''}".strip()
    else:
        reading = "achieved" if row.entry_achieved else "not achieved"
    return f"{title}: {row.state_score:.0f} ({reading}, {day_cell(row.state_observed_on)})"


def _scorecard_rows(
    session: Session,
    criteria: RecommendationFilter,
    thresholds: Thresholds,
    dates: tuple[date, date],
    view: PerspectiveView,
    window: Window = EVERYTHING,
) -> Iterator[list[Row]]:
    """The scorecard's rows (one per recommendation, from one row per benchmark), in batches.

    `dates` are the as-of and compare-to dates."""
    as_of, compare_to = dates
    ids = _windowed_ids(filtered_ids(session, criteria, thresholds), window)
    actors = _actors(session, ids)
    tail = _perspective_cells(session, view)
    now = _scores_as_of(as_of, thresholds.today, ids, view.shown)
    then_query = recommendation_scores_query(
        as_of=compare_to, today=thresholds.today, recommendation_ids=ids, perspective_id=view.shown
    )
    then = then_query.subquery("then")
    beside = _scores_as_of(as_of, thresholds.today, ids, view.beside).alias("beside")
    states = (
        benchmark_states_query(as_of=as_of, today=thresholds.today, perspective_id=view.shown)
        .where(bench.c.recommendation_id.in_(ids))
        .subquery("states")
    )
    join_beside, beside_columns = _beside_states(view, as_of, thresholds.today, ids)
    query = (
        select(
            rec.c.id,
            rec.c.code,
            rec.c.title,
            theme.c.name.label("theme_name"),
            source.c.title.label("source_title"),
            rec.c.status,
            rec.c.priority,
            rec.c.due_on,
            now.c.score,
            now.c.coverage,
            now.c.count,
            now.c.assessed_count,
            _raw_day(now.c.last_observed_on).label("last_observed_on"),
            then.c.score.label("then_score"),
            (beside.c.score if view.comparing else cast(null(), Float)).label("beside_score"),
            bench.c.title.label("benchmark_title"),
            bench.c.kind.label("benchmark_kind"),
            bench.c.unit.label("benchmark_unit"),
            states.c.score.label("state_score"),
            _raw_day(states.c.observed_on).label("state_observed_on"),
            entry.c.value.label("entry_value"),
            entry.c.achieved.label("entry_achieved"),
            level.c.label.label("level_label"),
            level.c.position.label("level_position"),
            *beside_columns,
        )
        .select_from(
            join_beside(
                _with_beside(
                    rec.join(theme, theme.c.id == rec.c.theme_id)
                    .outerjoin(source, source.c.id == rec.c.source_id)
                    .outerjoin(now, now.c.recommendation_id == rec.c.id)
                    .outerjoin(then, then.c.recommendation_id == rec.c.id),
                    beside if view.comparing else None,
                )
                .outerjoin(states, states.c.recommendation_id == rec.c.id)
                .outerjoin(bench, bench.c.id == states.c.benchmark_id)
                .outerjoin(entry, entry.c.id == states.c.entry_id)
                .outerjoin(level, level.c.id == entry.c.level_id)
            )
        )
        .where(rec.c.id.in_(ids))
        .order_by(rec.c.code, bench.c.position, bench.c.id)
    )
    as_of_cell = as_of.isoformat()
    compare_cell = compare_to.isoformat()
    yield from _per_recommendation(
        _batches(session, query),
        lambda rows: _scorecard_row(rows, actors, as_of, as_of_cell, compare_cell) + tail(rows),
    )


def _per_recommendation(
    batches: Iterator[Sequence[Any]], line: Callable[[list[Any]], Row]
) -> Iterator[list[Row]]:
    """One `line` per recommendation from batches of its rows (consecutive, by id), in batches."""
    pending: list[Any] = []
    for batch in batches:
        out: list[Row] = []
        for row in batch:
            if pending and pending[0].id != row.id:
                out.append(line(pending))
                pending = []
            pending.append(row)
        if out:
            yield out
    if pending:
        yield [line(pending)]


def _scorecard_row(
    rows: list[Any], actors: dict[int, str], as_of: date, as_of_cell: str, compare_cell: str
) -> Row:
    """One recommendation's scorecard line from its rows (one per benchmark)."""
    first = rows[0]
    score = first.score
    benchmark_count = int(first.count or 0)
    return (
        text_cell(first.code),
        text_cell(first.title),
        text_cell(first.theme_name),
        text_cell(first.source_title),
        text_cell(actors.get(first.id)),
        first.status,
        first.priority,
        day_cell(first.due_on),
        as_of_cell,
        score,
        first.coverage if benchmark_count else None,
        benchmark_count,
        int(first.assessed_count or 0),
        day_cell(first.last_observed_on),
        compare_cell,
        first.then_score,
        trend(score, first.then_score),
        bool_cell(is_overdue(due_on=first.due_on, as_of=as_of, status=first.status, score=score)),
        text_cell(
            BENCHMARK_SEPARATOR.join(_benchmark_state_text(row) for row in rows if row.benchmark_title)
        ),
    )

"""Scorecard summaries: recommendations' scores grouped by theme, actor, source or cycle, as of any date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import FromClause, Subquery

from scorecard import scoring
from scorecard.errors import N_
from scorecard.models import (
    Status,
)
from scorecard.rules.perspectives import BenchmarkPair, pair_disagrees, recommendation_disagrees
from scorecard.scoring import ScoreSummary

from .pagination import LAST_PAGE
from .recommendations import RecommendationFilter, Thresholds, filtered_ids
from .scores import (
    EMPTY,
    awaiting_counts,
    benchmark_states_query,
    counting,
    is_today,
    kept_days,
    recommendation_scores,
    scores_subquery,
)
from .tables import actor, bench, cycle, entry, level, link, rec, scale, source, theme

# In English (marked for the catalogue); pages show them through `translate`.
GROUPINGS: dict[str, str] = {
    "theme": N_("Theme"),
    "actor": N_("Actor"),
    "source": N_("Source"),
    "cycle": N_("Review cycle"),
}
NO_GROUP: dict[str, str] = {
    "theme": N_("No theme"),
    "actor": N_("No actor named"),
    "source": N_("No source"),
    "cycle": N_("Not due in any review cycle"),
}
MAX_CHANGES = 100
CHANGES_COUNTED = 1000
# Rows of the recommendations × benchmarks grid on one page (the summaries always cover the whole selection).
GRID_PAGE_SIZES = (50, 100, 250, 500)


@dataclass(frozen=True, slots=True)
class GroupScore:
    """One group's figures: how many recommendations, how many assessed, mean score and coverage."""

    key: int | None
    name: str
    recommendations: int
    assessed: int
    score: float | None
    coverage: float | None


def live_recommendations() -> Select[Any]:
    """Recommendations that count: not archived."""
    return select(rec.c.id).where(rec.c.archived_at.is_(None))


def theme_scores(
    session: Session,
    *,
    as_of: date,
    today: date | None = None,
    recommendation_ids: Select[Any] | None = None,
) -> list[GroupScore]:
    """Every theme with its number of recommendations and their mean score on `as_of` (one query).

    A theme's score is the mean of its assessed recommendations' scores; its
    coverage the mean of their coverages, unassessed ones counting as 0.
    `recommendation_ids` (default: every live recommendation) narrows what counts.
    """
    today = today or date.today()
    kept = not is_today(as_of, today) and as_of in kept_days(session, [as_of])
    scores = scores_subquery(as_of=as_of, today=today, kept=kept, recommendation_ids=recommendation_ids)
    # Every live recommendation is a column test; a selection is a membership test.
    counted = rec.c.archived_at.is_(None) if recommendation_ids is None else rec.c.id.in_(recommendation_ids)
    query = (
        select(
            theme.c.id,
            theme.c.name,
            func.count(rec.c.id),
            func.count(scores.c.score),
            func.avg(scores.c.score),
            func.avg(func.coalesce(scores.c.coverage, 0.0)),
        )
        .select_from(
            theme.outerjoin(rec, (rec.c.theme_id == theme.c.id) & counted).outerjoin(
                scores, scores.c.recommendation_id == rec.c.id
            )
        )
        .group_by(theme.c.id, theme.c.name)
        .order_by(func.lower(theme.c.name), theme.c.id)
    )
    return [
        GroupScore(
            row[0],
            row[1],
            int(row[2]),
            int(row[3]),
            _float(row[4]),
            _float(row[5]) if row[2] else None,
        )
        for row in session.execute(query)
    ]


# -- groups compared between two dates ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupFigures(GroupScore):
    """A group's (or the whole selection's) figures on the as-of date and on the compare-to date."""

    earlier_assessed: int
    earlier_score: float | None
    earlier_coverage: float | None

    @property
    def change(self) -> float | None:
        """The score's change since the compare-to date (None when either end is not assessed)."""
        return scoring.trend(self.score, self.earlier_score)


def _grouping(group: str, base: FromClause) -> tuple[FromClause, list[ColumnElement[Any]]]:
    """The join that puts each recommendation in its group(s), and the group's (key, name) columns."""
    if group == "theme":
        return base.outerjoin(theme, theme.c.id == rec.c.theme_id), [theme.c.id, theme.c.name]
    if group == "source":
        return base.outerjoin(source, source.c.id == rec.c.source_id), [source.c.id, source.c.title]
    if group == "actor":
        joined = base.outerjoin(link, link.c.recommendation_id == rec.c.id).outerjoin(
            actor, actor.c.id == link.c.actor_id
        )
        return joined, [actor.c.id, actor.c.name]
    if group == "cycle":
        joined = base.outerjoin(cycle, rec.c.due_on.between(cycle.c.starts_on, cycle.c.ends_on))
        return joined, [cycle.c.id, cycle.c.name]
    raise ValueError(f"unknown grouping {group!r}")


def group_figures(
    session: Session,
    *,
    group: str | None,
    recommendation_ids: Select[Any],
    as_of: date,
    compare: date,
    today: date,
    perspective_id: int | None = None,
) -> list[GroupFigures]:
    """Each group's mean score and coverage on both dates, in SQL (one query, whatever the size).

    `group` is theme, actor, source or cycle; None gives one row for the whole
    selection. The arithmetic is scoring.group_score's: the mean of the
    assessed recommendations' scores, and the mean of coverages (none → 0). A
    recommendation with several actors counts once under each.
    """
    kept = kept_days(session, [day for day in (as_of, compare) if not is_today(day, today)])

    def on(day: date, name: str) -> Subquery:
        return scores_subquery(
            as_of=day,
            today=today,
            kept=day in kept,
            recommendation_ids=recommendation_ids,
            name=name,
            perspective_id=perspective_id,
        )

    now, then = on(as_of, "now"), on(compare, "then")
    base: FromClause = rec.outerjoin(now, now.c.recommendation_id == rec.c.id).outerjoin(
        then, then.c.recommendation_id == rec.c.id
    )
    keys: list[ColumnElement[Any]] = []
    joined = base
    if group is not None:
        joined, keys = _grouping(group, base)
    figures = [
        func.count(rec.c.id),
        func.count(now.c.score),
        func.avg(now.c.score),
        func.avg(func.coalesce(now.c.coverage, 0.0)),
        func.count(then.c.score),
        func.avg(then.c.score),
        func.avg(func.coalesce(then.c.coverage, 0.0)),
    ]
    query = select(*keys, *figures).select_from(joined).where(rec.c.id.in_(recommendation_ids))
    if keys:
        query = query.group_by(*keys)
    found = []
    for row in session.execute(query):
        key, name = (row[0], row[1]) if keys else (None, N_("All recommendations"))
        count = int(row[len(keys)])
        values = row[len(keys) + 1 :]
        if keys and not count:
            continue
        found.append(
            GroupFigures(
                key=key,
                name=name if name is not None else NO_GROUP.get(group or "", ""),
                recommendations=count,
                assessed=int(values[0]),
                score=_float(values[1]),
                coverage=_float(values[2]) if count else None,
                earlier_assessed=int(values[3]),
                earlier_score=_float(values[4]),
                earlier_coverage=_float(values[5]) if count else None,
            )
        )
    return found


# Groupings in which every recommendation falls in exactly one group.
PARTITIONS = frozenset({"theme", "source"})


def combine(figures: Sequence[GroupFigures]) -> GroupFigures:
    """The whole selection's figures from those of groups that partition it (no second pass over the data).

    Means are recombined weighted by what they averaged: scores by assessed
    recommendations, coverages by all of them.
    """

    def mean(pairs: list[tuple[float | None, int]]) -> float | None:
        weight = sum(count for value, count in pairs if value is not None)
        return (
            sum((value or 0.0) * count for value, count in pairs if value is not None) / weight
            if weight
            else None
        )

    recommendations = sum(f.recommendations for f in figures)
    return GroupFigures(
        key=None,
        name="All recommendations",
        recommendations=recommendations,
        assessed=sum(f.assessed for f in figures),
        score=mean([(f.score, f.assessed) for f in figures]),
        coverage=mean([(f.coverage, f.recommendations) for f in figures]) if recommendations else None,
        earlier_assessed=sum(f.earlier_assessed for f in figures),
        earlier_score=mean([(f.earlier_score, f.earlier_assessed) for f in figures]),
        earlier_coverage=mean([(f.earlier_coverage, f.recommendations) for f in figures])
        if recommendations
        else None,
    )


def _ordered(figures: list[GroupFigures], order: dict[int | None, str]) -> list[GroupFigures]:
    return sorted(figures, key=lambda g: (g.key is None, order.get(g.key, g.name.lower())))


# -- the scorecard grid -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PerspectiveView:
    """Whose assessment a page shows (None: the monitoring team's) and, when comparing, whose beside it."""

    shown: int | None = None
    beside: int | None = None
    comparing: bool = False


@dataclass(frozen=True, slots=True)
class CellState:
    """A benchmark's state on one date: the entry that holds, and how it reads."""

    entry_id: int
    observed_on: date
    score: float
    level_id: int | None
    label: str
    position: int | None = None  # the level's place on its scale, for comparing perspectives


@dataclass(frozen=True, slots=True)
class Cell:
    """One benchmark of a scorecard row, with its state on both dates (None: not assessed)."""

    benchmark_id: int
    title: str
    kind: str
    weight: float
    scale_id: int | None
    state: CellState | None
    earlier: CellState | None
    beside: CellState | None = None  # the other perspective's state on the as-of date, when comparing
    awaiting: int = 0  # entries of the perspective shown that wait for a reviewer (not counted yet)

    @property
    def pair(self) -> BenchmarkPair:
        """Both perspectives' score and level position, as the disagreement rule compares them."""
        state, beside = self.state, self.beside
        return (
            state.score if state else None,
            beside.score if beside else None,
            state.position if state else None,
            beside.position if beside else None,
        )

    @property
    def disagrees(self) -> bool:
        """Whether the perspective beside reads this benchmark far from the one shown (never when
        either has not assessed it)."""
        return pair_disagrees(self.pair)

    @property
    def changed(self) -> bool:
        """Whether the state reads differently than on the compare-to date (a same-saying new entry: no)."""
        now = (self.state.label, self.state.score) if self.state else None
        then = (self.earlier.label, self.earlier.score) if self.earlier else None
        return now != then


@dataclass(frozen=True, slots=True)
class ScorecardRow:
    """One recommendation on the scorecard: plain values, nothing to lazy-load."""

    id: int
    code: str
    title: str
    status: str
    priority: str
    due_on: date | None
    theme_id: int
    theme: str
    source_id: int | None
    source: str | None
    actors: tuple[tuple[int, str], ...]
    summary: ScoreSummary
    earlier: ScoreSummary
    last_observed_on: date | None
    overdue: bool
    cells: tuple[Cell, ...]
    beside: ScoreSummary | None = None  # the other perspective's summary, when comparing

    @property
    def disagrees(self) -> bool:
        """Whether the perspective beside scores this recommendation, or any of its benchmarks, far apart."""
        if self.beside is None:
            return False
        return recommendation_disagrees(self.summary.score, self.beside.score, (c.pair for c in self.cells))

    @property
    def awaiting(self) -> int:
        """How many entries on this row's benchmarks wait for a reviewer (they would count once approved)."""
        return sum(c.awaiting for c in self.cells)

    @property
    def score(self) -> float | None:
        """The score on the as-of date."""
        return self.summary.score

    @property
    def change(self) -> float | None:
        """The change in score since the compare-to date."""
        return scoring.trend(self.summary.score, self.earlier.score)


@dataclass(frozen=True, slots=True)
class ScorecardGroup:
    """A group of rows (one theme, actor, source or cycle) with its figures."""

    figures: GroupFigures
    rows: tuple[ScorecardRow, ...]


@dataclass(frozen=True, slots=True)
class EntryRow:
    """A progress entry as the entry tables list it: the scorecard's changes, the dashboard's activity.

    `note` is filled where the table shows notes, `created_at` and `author` where it shows who recorded it.
    """

    entry_id: int
    observed_on: date
    score: float
    kind: str
    level_id: int | None
    label: str
    benchmark_title: str
    recommendation_id: int
    code: str
    title: str
    note: str | None = None
    created_at: datetime | None = None
    author: str | None = None


def entry_row_columns() -> tuple[ColumnElement[Any], ...]:
    """The columns every entry table selects; the query joins entry, bench, rec and (outer) level."""
    return (
        entry.c.id,
        entry.c.observed_on,
        entry.c.score,
        entry.c.level_id,
        entry.c.value,
        entry.c.achieved,
        level.c.label,
        bench.c.title.label("benchmark_title"),
        bench.c.kind,
        bench.c.unit,
        rec.c.id.label("recommendation_id"),
        rec.c.code,
        rec.c.title,
    )


def entry_row(
    row: Any, *, note: str | None = None, created_at: datetime | None = None, author: str | None = None
) -> EntryRow:
    """An EntryRow from a row selected with entry_row_columns(), with the extras its table shows."""
    return EntryRow(
        entry_id=row.id,
        observed_on=row.observed_on,
        score=float(row.score),
        kind=row.kind,
        level_id=row.level_id,
        label=state_label(row.kind, row.label, row.value, row.achieved, row.unit),
        benchmark_title=row.benchmark_title,
        recommendation_id=row.recommendation_id,
        code=row.code,
        title=row.title,
        note=note,
        created_at=created_at,
        author=author,
    )


@dataclass(frozen=True, slots=True)
class LegendLevel:
    """One level of a scale, as the legend shows it."""

    id: int
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class LegendScale:
    """A scale used on the page, with its levels in order."""

    id: int
    name: str
    levels: tuple[LegendLevel, ...]


@dataclass(frozen=True, slots=True)
class CycleRow:
    """A review cycle's name and dates."""

    id: int
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Everything the scorecard page shows, for one selection, grouping and pair of dates."""

    as_of: date
    compare: date
    compare_cycle: str | None  # the review cycle whose end is the compare-to date, if any
    group: str
    overall: GroupFigures
    groups: tuple[ScorecardGroup, ...]
    total: int
    shown: int
    changes: tuple[EntryRow, ...]
    changes_total: int
    scales: tuple[LegendScale, ...]
    kinds: frozenset[str]
    max_cells: int
    by_status: tuple[tuple[str, int], ...]  # recommendations per lifecycle status, in lifecycle order
    page: int = 1
    per_page: int = GRID_PAGE_SIZES[0]

    @property
    def pages(self) -> int:
        """How many pages the grid has."""
        return max(1, -(-self.total // self.per_page))

    @property
    def first_index(self) -> int:
        """The 1-based position of the page's first row (0 when empty)."""
        return 0 if not self.shown else (self.page - 1) * self.per_page + 1

    @property
    def rows(self) -> list[ScorecardRow]:
        """Every row once (a recommendation with several actors is grouped under each)."""
        seen: dict[int, ScorecardRow] = {}
        for group in self.groups:
            for row in group.rows:
                seen.setdefault(row.id, row)
        return list(seen.values())


def list_cycles(session: Session) -> list[CycleRow]:
    """Every review cycle, earliest first (one query)."""
    query = select(cycle.c.id, cycle.c.name, cycle.c.starts_on, cycle.c.ends_on).order_by(
        cycle.c.starts_on, cycle.c.name
    )
    return [CycleRow(*row) for row in session.execute(query)]


def default_compare(as_of: date, cycles: Sequence[CycleRow]) -> date:
    """The compare-to date when none is given: the end of the last review cycle before `as_of`."""
    return scoring.comparison_date(as_of, [c.ends_on for c in cycles])


def state_label(
    kind: str, level_label: str | None, value: float | None, achieved: bool | None, unit: str | None
) -> str:
    """How a benchmark's state reads: the scale level's label, Achieved / Not yet, or the value and unit."""
    if kind == "scale":
        return level_label or "—"
    if kind == "milestone":
        return "Achieved" if achieved else "Not yet"
    number = "—" if value is None else f"{value:,.6g}"
    return f"{number} {unit}" if unit else number


def _state_columns(states: Subquery, prefix: str) -> tuple[FromClause, list[ColumnElement[Any]]]:
    """Join one date's benchmark states to their entries and levels; columns named with `prefix`."""
    held = entry.alias(f"{prefix}_entry")
    held_level = level.alias(f"{prefix}_level")
    joined = states.outerjoin(held, held.c.id == states.c.entry_id).outerjoin(
        held_level, held_level.c.id == held.c.level_id
    )
    columns: list[ColumnElement[Any]] = [
        states.c.entry_id.label(f"{prefix}_entry_id"),
        states.c.observed_on.label(f"{prefix}_observed_on"),
        states.c.score.label(f"{prefix}_score"),
        held.c.level_id.label(f"{prefix}_level_id"),
        held.c.value.label(f"{prefix}_value"),
        held.c.achieved.label(f"{prefix}_achieved"),
        held_level.c.label.label(f"{prefix}_label"),
        held_level.c.position.label(f"{prefix}_position"),
    ]
    return joined, columns


def _cell_state(row: Any, prefix: str, kind: str, unit: str | None) -> CellState | None:
    entry_id = getattr(row, f"{prefix}_entry_id")
    if entry_id is None:
        return None
    return CellState(
        entry_id=entry_id,
        observed_on=getattr(row, f"{prefix}_observed_on"),
        score=float(getattr(row, f"{prefix}_score")),
        level_id=getattr(row, f"{prefix}_level_id"),
        label=state_label(
            kind,
            getattr(row, f"{prefix}_label"),
            getattr(row, f"{prefix}_value"),
            getattr(row, f"{prefix}_achieved"),
            unit,
        ),
        position=getattr(row, f"{prefix}_position"),
    )


def _cells(
    session: Session, *, ids: list[int], as_of: date, compare: date, today: date, view: PerspectiveView
) -> dict[int, list[Cell]]:
    """The live benchmarks of these recommendations with their state on both dates, and beside it the
    other perspective's on the as-of date when comparing (one query)."""
    if not ids:
        return {}

    def states(day: date, perspective_id: int | None, prefix: str) -> tuple[FromClause, list[Any], Subquery]:
        query = benchmark_states_query(as_of=day, today=today, perspective_id=perspective_id)
        sub = query.where(bench.c.recommendation_id.in_(ids)).subquery(f"{prefix}_states")
        return (*_state_columns(sub, prefix), sub)

    now_from, now_columns, now_sub = states(as_of, view.shown, "now")
    then_from, then_columns, then_sub = states(compare, view.shown, "then")
    joined = bench.join(now_from, now_sub.c.benchmark_id == bench.c.id).join(
        then_from, then_sub.c.benchmark_id == bench.c.id
    )
    beside_columns: list[Any] = []
    if view.comparing:
        beside_from, beside_columns, beside_sub = states(as_of, view.beside, "beside")
        joined = joined.join(beside_from, beside_sub.c.benchmark_id == bench.c.id)
    query = (
        select(
            bench.c.id,
            bench.c.recommendation_id,
            bench.c.title,
            bench.c.kind,
            bench.c.weight,
            bench.c.scale_id,
            bench.c.unit,
            *now_columns,
            *then_columns,
            *beside_columns,
        )
        .select_from(joined)
        .order_by(bench.c.recommendation_id, bench.c.position, bench.c.id)
    )
    waiting = awaiting_counts(session, recommendation_ids=ids, perspective_id=view.shown)
    cells: dict[int, list[Cell]] = {}
    for row in session.execute(query):
        cells.setdefault(row.recommendation_id, []).append(
            Cell(
                benchmark_id=row.id,
                title=row.title,
                kind=row.kind,
                weight=float(row.weight),
                scale_id=row.scale_id,
                state=_cell_state(row, "now", row.kind, row.unit),
                earlier=_cell_state(row, "then", row.kind, row.unit),
                beside=_cell_state(row, "beside", row.kind, row.unit) if view.comparing else None,
                awaiting=waiting.get((row.recommendation_id, row.id), 0),
            )
        )
    return cells


# Above this many recommendations, "what changed" walks the entries by date instead of by benchmark.
BROAD_SELECTION = 500


def _changes(
    session: Session,
    *,
    recommendation_ids: Select[Any],
    after: date,
    until: date,
    broad: bool = False,
    perspective_id: int | None = None,
) -> tuple[list[EntryRow], int]:
    """Counting entries observed after `after` up to `until`, latest first, and how many in all.

    For a narrow selection the database reads each benchmark's entries in the
    period and sorts them; for a `broad` one it reads entries newest first and
    stops at the page's worth. (`+ 0` keeps the benchmark index out of the
    condition, the portable way to steer SQLite; PostgreSQL plans by cost.)
    """
    query = (
        select(*entry_row_columns(), entry.c.note)
        .select_from(
            entry.join(bench, bench.c.id == entry.c.benchmark_id)
            .join(rec, rec.c.id == bench.c.recommendation_id)
            .outerjoin(level, level.c.id == entry.c.level_id)
        )
        .where(
            entry.c.observed_on > after,
            entry.c.observed_on <= until,
            counting(perspective_id),
            bench.c.archived_at.is_(None),
            (rec.c.id + 0 if broad else rec.c.id).in_(recommendation_ids),
        )
        .order_by(entry.c.observed_on.desc(), entry.c.id.desc())
        .limit(MAX_CHANGES)
    )
    # Counting every entry of a long period would read them all: past CHANGES_COUNTED it says "more than".
    counted = query.with_only_columns(entry.c.id).order_by(None).limit(CHANGES_COUNTED + 1)
    total = int(session.scalar(select(func.count()).select_from(counted.subquery())) or 0)
    changes = [entry_row(row, note=row.note) for row in session.execute(query)]
    return changes, total


def legend_scales(session: Session, scale_ids: set[int]) -> list[LegendScale]:
    """These scales with their levels in order (one query)."""
    if not scale_ids:
        return []
    query = (
        select(scale.c.id, scale.c.name, level.c.id, level.c.label, level.c.score)
        .join(level, level.c.scale_id == scale.c.id)
        .where(scale.c.id.in_(sorted(scale_ids)))
        .order_by(scale.c.name, level.c.position)
    )
    found: dict[int, tuple[str, list[LegendLevel]]] = {}
    for scale_id, name, level_id, label, score in session.execute(query):
        found.setdefault(scale_id, (name, []))[1].append(LegendLevel(level_id, label, float(score)))
    return [LegendScale(key, name, tuple(levels)) for key, (name, levels) in found.items()]


def _rows(
    session: Session, *, recommendation_ids: Select[Any], limit: int, offset: int = 0
) -> tuple[list[Any], int, dict[int, list[tuple[int, str]]]]:
    """One page of the selected recommendations, by code, with theme, source and actors; and how many."""
    query = (
        select(
            rec.c.id,
            rec.c.code,
            rec.c.title,
            rec.c.status,
            rec.c.priority,
            rec.c.due_on,
            rec.c.theme_id,
            theme.c.name.label("theme"),
            rec.c.source_id,
            source.c.title.label("source"),
        )
        .select_from(
            rec.join(theme, theme.c.id == rec.c.theme_id).outerjoin(source, source.c.id == rec.c.source_id)
        )
        .where(rec.c.id.in_(recommendation_ids))
        .order_by(rec.c.code)
        .limit(limit)
        .offset(offset)
    )
    rows = list(session.execute(query))
    total = int(
        session.scalar(select(func.count()).select_from(rec).where(rec.c.id.in_(recommendation_ids))) or 0
    )
    actors: dict[int, list[tuple[int, str]]] = {}
    if rows:
        role_order = case({"lead": 0, "supporting": 1}, value=link.c.role, else_=2)
        actor_query = (
            select(link.c.recommendation_id, actor.c.id, actor.c.name)
            .join(actor, actor.c.id == link.c.actor_id)
            .where(link.c.recommendation_id.in_([row.id for row in rows]))
            .order_by(link.c.recommendation_id, role_order, actor.c.name)
        )
        for recommendation_id, actor_id, name in session.execute(actor_query):
            actors.setdefault(recommendation_id, []).append((actor_id, name))
    return rows, total, actors


def _group_keys(group: str, row: ScorecardRow, cycles: Sequence[CycleRow]) -> list[int | None]:
    """The group(s) a row belongs to, as group_figures puts it there."""
    if group == "theme":
        return [row.theme_id]
    if group == "source":
        return [row.source_id]
    if group == "actor":
        return [actor_id for actor_id, _ in row.actors] or [None]
    due = row.due_on
    found: list[int | None] = [c.id for c in cycles if due is not None and c.starts_on <= due <= c.ends_on]
    return found or [None]


def build_scorecard(
    session: Session,
    *,
    criteria: RecommendationFilter,
    thresholds: Thresholds,
    as_of: date,
    compare: date | None = None,
    group: str = "theme",
    page: int = 1,
    per_page: int = GRID_PAGE_SIZES[0],
    view: PerspectiveView | None = None,
) -> Scorecard:
    """The scorecard of the recommendations that pass `criteria`, as of one date and compared with another.

    A constant number of queries, whatever the number of rows: the filter, the
    rows and their actors, both dates' benchmark states, both dates'
    recommendation scores (from the scoring service), the group and overall
    figures (grouped in SQL), the entries between the dates, and the legend.
    All of it for one perspective (`view`; default the monitoring team's), and
    beside it another's score and cells when `view` compares two.
    """
    view = view or PerspectiveView()
    today = thresholds.today
    group = group if group in GROUPINGS else "theme"
    cycles = list_cycles(session)
    compare = compare or default_compare(as_of, cycles)
    compare_cycle = next((c.name for c in cycles if c.ends_on == compare), None)
    ids = filtered_ids(session, criteria, thresholds)
    per_page = per_page if per_page in GRID_PAGE_SIZES else GRID_PAGE_SIZES[0]
    raw_rows, total, actors, page = _page_of_rows(session, ids=ids, page=page, per_page=per_page)
    rows = _scorecard_rows(session, raw_rows, actors, as_of=as_of, compare=compare, today=today, view=view)
    overall, groups = _grouped(
        session,
        rows,
        group=group,
        ids=ids,
        cycles=cycles,
        dates=(as_of, compare, today),
        perspective_id=view.shown,
    )
    low, high = sorted((compare, as_of))
    changes, changes_total = _changes(
        session,
        recommendation_ids=ids,
        after=low,
        until=high,
        broad=total > BROAD_SELECTION,
        perspective_id=view.shown,
    )
    scale_ids = {c.scale_id for row in rows for c in row.cells if c.scale_id is not None}
    return Scorecard(
        as_of=as_of,
        compare=compare,
        compare_cycle=compare_cycle,
        group=group,
        overall=overall,
        groups=groups,
        total=total,
        shown=len(rows),
        page=page,
        per_page=per_page,
        changes=tuple(changes),
        changes_total=changes_total,
        scales=tuple(legend_scales(session, scale_ids)),
        kinds=frozenset(c.kind for row in rows for c in row.cells),
        max_cells=max((len(row.cells) for row in rows), default=0),
        by_status=tuple(status_counts(session, recommendation_ids=ids)),
    )


def _page_of_rows(
    session: Session, *, ids: Select[Any], page: int, per_page: int
) -> tuple[list[Any], int, dict[int, list[tuple[int, str]]], int]:
    """One page of the filtered rows, their total and actors, and the page shown (the last, past the end)."""
    page = min(max(1, page), LAST_PAGE)
    raw_rows, total, actors = _rows(
        session, recommendation_ids=ids, limit=per_page, offset=(page - 1) * per_page
    )
    if not raw_rows and page > 1 and total:
        # Past the end (an old bookmark): show the last page rather than an empty one.
        page = -(-total // per_page)
        raw_rows, total, actors = _rows(
            session, recommendation_ids=ids, limit=per_page, offset=(page - 1) * per_page
        )
    return raw_rows, total, actors, page


def _scorecard_rows(
    session: Session,
    raw_rows: list[Any],
    actors: dict[int, list[tuple[int, str]]],
    *,
    as_of: date,
    compare: date,
    today: date,
    view: PerspectiveView,
) -> list[ScorecardRow]:
    """The page's rows with both dates' scores and their benchmarks' cells."""
    shown_ids = [row.id for row in raw_rows]

    def scores_on(day: date, perspective_id: int | None) -> dict[int, Any]:
        return recommendation_scores(
            session, as_of=day, today=today, recommendation_ids=shown_ids, perspective_id=perspective_id
        )

    now_scores, then_scores = scores_on(as_of, view.shown), scores_on(compare, view.shown)
    beside_scores = scores_on(as_of, view.beside) if view.comparing else {}
    cells = _cells(session, ids=shown_ids, as_of=as_of, compare=compare, today=today, view=view)
    rows = []
    for raw in raw_rows:
        found = now_scores.get(raw.id)
        summary = found.summary if found else EMPTY
        earlier = then_scores.get(raw.id)
        rows.append(
            ScorecardRow(
                id=raw.id,
                code=raw.code,
                title=raw.title,
                status=raw.status,
                priority=raw.priority,
                due_on=raw.due_on,
                theme_id=raw.theme_id,
                theme=raw.theme,
                source_id=raw.source_id,
                source=raw.source,
                actors=tuple(actors.get(raw.id, ())),
                summary=summary,
                earlier=earlier.summary if earlier else EMPTY,
                last_observed_on=found.last_observed_on if found else None,
                overdue=scoring.is_overdue(
                    due_on=raw.due_on, as_of=as_of, status=raw.status, score=summary.score
                ),
                cells=tuple(cells.get(raw.id, ())),
                beside=_summary_of(beside_scores.get(raw.id)) if view.comparing else None,
            )
        )
    return rows


def _summary_of(found: Any) -> ScoreSummary:
    return found.summary if found else EMPTY


def _grouped(
    session: Session,
    rows: list[ScorecardRow],
    *,
    group: str,
    ids: Select[Any],
    cycles: Sequence[CycleRow],
    dates: tuple[date, date, date],
    perspective_id: int | None,
) -> tuple[GroupFigures, tuple[ScorecardGroup, ...]]:
    """The overall figures and each group's, with the page's rows that belong to it.

    `dates` are the as-of, compare-to and today dates."""
    as_of, compare, today = dates

    def figures_by(grouping: str | None) -> list[GroupFigures]:
        return group_figures(
            session,
            group=grouping,
            recommendation_ids=ids,
            as_of=as_of,
            compare=compare,
            today=today,
            perspective_id=perspective_id,
        )

    figures = figures_by(group)
    overall = combine(figures) if group in PARTITIONS else figures_by(None)[0]
    order: dict[int | None, str] = {c.id: c.starts_on.isoformat() for c in cycles} if group == "cycle" else {}
    members: dict[int | None, list[ScorecardRow]] = {}
    for row in rows:
        for key in _group_keys(group, row, cycles):
            members.setdefault(key, []).append(row)
    groups = tuple(
        ScorecardGroup(figures=figure, rows=tuple(members.get(figure.key, ())))
        for figure in _ordered(figures, order)
    )
    return overall, groups


def status_counts(session: Session, *, recommendation_ids: Select[Any]) -> list[tuple[str, int]]:
    """How many of these recommendations are in each lifecycle status, in lifecycle order (one query)."""
    query = (
        select(rec.c.status, func.count(rec.c.id))
        .where(rec.c.id.in_(recommendation_ids))
        .group_by(rec.c.status)
    )
    found = {status: int(count) for status, count in session.execute(query)}
    return [(status.value, found[status.value]) for status in Status if status.value in found]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)

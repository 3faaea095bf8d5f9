"""The dashboard's figures: headline counts, theme × status, scores by theme and by quarter, lists."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, case, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from scorecard.errors import N_
from scorecard.models import (
    Recommendation,
    RecommendationState,
    Status,
    Theme,
)
from scorecard.services.pagination import Page

from .recommendations import (
    RecommendationFilter,
    RecommendationRow,
    Thresholds,
    list_recommendations,
    overdue_condition,
    stale_condition,
)
from .scorecards import (
    EntryRow,
    GroupScore,
    entry_row,
    entry_row_columns,
    live_recommendations,
    theme_scores,
)
from .scores import awaiting_counts, counting, kept_days, scores_subquery
from .tables import app_user as person
from .tables import bench, entry, level, rec, snapshot, theme

STATUS_ORDER = [status.value for status in Status]
LIST_LENGTH = 5
ACTIVITY_LENGTH = 10


@dataclass(frozen=True, slots=True)
class Headline:
    """The figures at the top of the dashboard, all as of today."""

    recommendations: int
    assessed: int
    score: float | None
    coverage: float | None
    overdue: int
    stale: int
    by_status: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One theme's recommendations counted by lifecycle status."""

    theme_id: int
    theme: str
    counts: dict[str, int]
    total: int


@dataclass(frozen=True, slots=True)
class QuarterPoint:
    """The scores on one quarter's last day (the current quarter: today)."""

    as_of: date
    label: str
    to_date: bool
    overall: GroupScore
    themes: dict[int, GroupScore]


@dataclass(frozen=True, slots=True)
class QuarterlyScores:
    """Overall and per-theme scores at the ends of the last quarters, oldest first."""

    points: tuple[QuarterPoint, ...]
    themes: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the dashboard shows."""

    today: date
    headline: Headline
    statuses: tuple[str, ...]  # the statuses in use, in lifecycle order: the matrix's columns
    matrix: tuple[MatrixRow, ...]
    themes: tuple[GroupScore, ...]
    quarters: QuarterlyScores
    overdue: Page[RecommendationRow]
    stale: Page[RecommendationRow]
    activity: tuple[EntryRow, ...]
    # Entries waiting for a reviewer, by recommendation: they would count once approved.
    awaiting: dict[int, int] = field(default_factory=dict)

    @property
    def awaiting_total(self) -> int:
        """How many entries on live recommendations wait for a reviewer."""
        return sum(self.awaiting.values())


def quarter_ends(today: date, quarters: int = 8) -> list[date]:
    """The last day of each of the last `quarters` quarters, oldest first; the current one ends today."""
    ends = [today]
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _ in range(quarters - 1):
        # The last day of the quarter before (year, quarter): the day before that quarter starts.
        ends.append(date(year, 3 * quarter - 2, 1) - timedelta(days=1))
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return sorted(ends)


def quarter_label(day: date) -> str:
    """ "2026 Q3" for any day of that quarter."""
    return N_("%(year)s Q%(quarter)s", year=str(day.year), quarter=str((day.month - 1) // 3 + 1))


# (point, theme) -> recommendations, assessed, Σscore, Σcoverage
_Sums = dict[tuple[int, int | None], list[float]]


def quarterly_scores(session: Session, *, today: date, quarters: int = 8) -> QuarterlyScores:
    """Overall and per-theme scores at each of the last quarter-ends.

    Each point is the scoring service's score as of that day: kept quarter ends
    come from their snapshots in one grouped pass; today (from the maintained
    state) and any quarter end not kept are computed. Sums per theme come back
    from SQL and are combined here, so the overall figure is exact.
    """
    days = quarter_ends(today, quarters)
    kept = kept_days(session, [day for day in days if day < today])
    point_of = {day: index for index, day in enumerate(days)}
    sums: _Sums = {}
    _add_kept_sums(session, sums, kept=kept, point_of=point_of)
    _add_computed_sums(session, sums, days=days, kept=kept, point_of=point_of, today=today)
    themes = tuple(
        (row.id, row.name)
        for row in session.execute(
            select(theme.c.id, theme.c.name).order_by(func.lower(theme.c.name), theme.c.id)
        )
    )
    overall_by_point, themes_by_point = _points(len(days), sums, dict(themes))
    empty = GroupScore(None, "All recommendations", 0, 0, None, None)
    return QuarterlyScores(
        points=tuple(
            QuarterPoint(
                as_of=day,
                label=quarter_label(day),
                to_date=day == today,
                overall=overall_by_point.get(index, empty),
                themes=themes_by_point.get(index, {}),
            )
            for index, day in enumerate(days)
        ),
        themes=themes,
    )


def _add(sums: _Sums, point: int, theme_id: int | None, figures: Sequence[Any]) -> None:
    """Add one (point, theme)'s figures from SQL to the sums."""
    totals = sums.setdefault((point, theme_id), [0.0, 0.0, 0.0, 0.0])
    for position, figure in enumerate(figures):
        totals[position] += float(figure or 0)


def _add_kept_sums(
    session: Session, sums: _Sums, *, kept: Collection[date], point_of: dict[date, int]
) -> None:
    """The kept quarter ends' sums per theme, from their snapshots in one grouped pass."""
    if not kept:
        return
    query = (
        select(
            snapshot.c.taken_on,
            rec.c.theme_id,
            func.count(),
            func.count(snapshot.c.score),
            func.sum(snapshot.c.score),
            func.sum(func.coalesce(snapshot.c.coverage, 0.0)),
        )
        .select_from(rec.join(snapshot, snapshot.c.recommendation_id == rec.c.id))
        .where(rec.c.archived_at.is_(None), snapshot.c.taken_on.in_(sorted(kept)))
        .group_by(snapshot.c.taken_on, rec.c.theme_id)
    )
    for row in session.execute(query):
        _add(sums, point_of[row[0]], row[1], row[2:])


def _add_computed_sums(
    session: Session,
    sums: _Sums,
    *,
    days: Sequence[date],
    kept: Collection[date],
    point_of: dict[date, int],
    today: date,
) -> None:
    """The sums per theme of the days not kept (today among them), computed in one union."""
    live = live_recommendations()
    branches: list[Select[Any]] = []
    for day in days:
        if day in kept:
            continue
        scores = scores_subquery(as_of=day, today=today, recommendation_ids=live, name=f"q{point_of[day]}")
        figures: list[ColumnElement[Any]] = [
            func.count(rec.c.id),
            func.count(scores.c.score),
            func.sum(scores.c.score),
            func.sum(func.coalesce(scores.c.coverage, 0.0)),
        ]
        label = literal_column(str(point_of[day]), Integer).label("point")
        joined = rec.outerjoin(scores, scores.c.recommendation_id == rec.c.id)
        branches.append(
            select(label, rec.c.theme_id.label("theme_id"), *figures)
            .select_from(joined)
            .where(rec.c.archived_at.is_(None))
            .group_by(rec.c.theme_id)
        )
    if branches:
        for row in session.execute(union_all(*branches)):
            _add(sums, int(row[0]), row[1], row[2:])


def _figures_of(key: int | None, totals: Sequence[float], names: dict[int, str]) -> GroupScore:
    """A theme's (or, for no key, every recommendation's) score and coverage from its sums."""
    recommendations, assessed, score_sum, coverage_sum = totals
    return GroupScore(
        key=key,
        name=names.get(key, "All recommendations") if key is not None else "All recommendations",
        recommendations=int(recommendations),
        assessed=int(assessed),
        score=score_sum / assessed if assessed else None,
        coverage=coverage_sum / recommendations if recommendations else None,
    )


def _points(
    count: int, sums: _Sums, names: dict[int, str]
) -> tuple[dict[int, GroupScore], dict[int, dict[int, GroupScore]]]:
    """Each point's overall figures (the themes' sums combined) and its themes' figures."""
    overall_by_point: dict[int, GroupScore] = {}
    themes_by_point: dict[int, dict[int, GroupScore]] = {}
    for point in range(count):
        per_theme = {theme_id: totals for (at, theme_id), totals in sums.items() if at == point}
        themes_by_point[point] = {
            theme_id: _figures_of(theme_id, totals, names)
            for theme_id, totals in per_theme.items()
            if theme_id is not None
        }
        overall_by_point[point] = _figures_of(
            None,
            [sum(column) for column in zip(*per_theme.values(), strict=True)]
            if per_theme
            else [0.0, 0.0, 0.0, 0.0],
            names,
        )
    return overall_by_point, themes_by_point


def headline(session: Session, *, thresholds: Thresholds) -> tuple[Headline, tuple[MatrixRow, ...]]:
    """Headline figures and the theme × status matrix, as of today (two queries)."""
    counts = (
        select(
            func.count(Recommendation.id),
            func.count(RecommendationState.score),
            func.avg(RecommendationState.score),
            func.avg(func.coalesce(RecommendationState.coverage, 0.0)),
            func.coalesce(func.sum(_flag(overdue_condition(thresholds))), 0),
            func.coalesce(func.sum(_flag(stale_condition(thresholds))), 0),
        )
        .select_from(Recommendation)
        .outerjoin(RecommendationState, RecommendationState.recommendation_id == Recommendation.id)
        .where(Recommendation.archived_at.is_(None))
    )
    total, assessed, score, coverage, overdue, stale = session.execute(counts).one()
    matrix_query = (
        select(Theme.id, Theme.name, Recommendation.status, func.count(Recommendation.id))
        .select_from(Theme)
        .join(Recommendation, (Recommendation.theme_id == Theme.id) & Recommendation.archived_at.is_(None))
        .group_by(Theme.id, Theme.name, Recommendation.status)
        .order_by(func.lower(Theme.name), Theme.id)
    )
    names: dict[int, str] = {}
    by_theme: dict[int, dict[str, int]] = {}
    by_status: dict[str, int] = {}
    for theme_id, name, status, count in session.execute(matrix_query):
        names[theme_id] = name
        by_theme.setdefault(theme_id, {})[status] = int(count)
        by_status[status] = by_status.get(status, 0) + int(count)
    matrix = tuple(
        MatrixRow(theme_id, names[theme_id], counts, sum(counts.values()))
        for theme_id, counts in by_theme.items()
    )
    figures = Headline(
        recommendations=int(total),
        assessed=int(assessed),
        score=None if score is None else float(score),
        coverage=None if coverage is None or not total else float(coverage),
        overdue=int(overdue),
        stale=int(stale),
        by_status=tuple((status, by_status[status]) for status in STATUS_ORDER if status in by_status),
    )
    return figures, matrix


def _flag(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return case((condition, 1), else_=0)


def recent_activity(session: Session, *, limit: int = ACTIVITY_LENGTH) -> list[EntryRow]:
    """The latest counting progress entries on live recommendations and benchmarks (one query)."""
    query = (
        select(*entry_row_columns(), entry.c.created_at, person.c.name.label("author"))
        .select_from(
            entry.join(bench, bench.c.id == entry.c.benchmark_id)
            .join(rec, rec.c.id == bench.c.recommendation_id)
            .outerjoin(level, level.c.id == entry.c.level_id)
            .outerjoin(person, person.c.id == entry.c.author_id)
        )
        .where(
            counting(),
            bench.c.archived_at.is_(None),
            rec.c.archived_at.is_(None),
        )
        .order_by(entry.c.observed_on.desc(), entry.c.id.desc())
        .limit(limit)
    )
    return [entry_row(row, created_at=row.created_at, author=row.author) for row in session.execute(query)]


def _shortlist(
    session: Session, criteria: RecommendationFilter, *, thresholds: Thresholds, sort: str
) -> Page[Any]:
    """A list's first LIST_LENGTH rows: the pager's smallest page size (25) is too long here."""
    listing = list_recommendations(
        session, criteria=criteria, thresholds=thresholds, sort=sort, per_page=LIST_LENGTH
    )
    return replace(listing, rows=listing.rows[:LIST_LENGTH])


def dashboard(session: Session, *, thresholds: Thresholds) -> Dashboard:
    """The dashboard as of today, in a constant number of queries."""
    today = thresholds.today
    figures, matrix = headline(session, thresholds=thresholds)
    used = {status for row in matrix for status in row.counts}
    return Dashboard(
        today=today,
        headline=figures,
        statuses=tuple(status for status in STATUS_ORDER if status in used),
        matrix=matrix,
        themes=tuple(theme_scores(session, as_of=today, today=today)),
        quarters=quarterly_scores(session, today=today),
        overdue=_shortlist(session, RecommendationFilter(overdue=True), thresholds=thresholds, sort="due_on"),
        stale=_shortlist(
            session, RecommendationFilter(stale=True), thresholds=thresholds, sort="last_observed_on"
        ),
        activity=tuple(recent_activity(session, limit=LIST_LENGTH)),
        awaiting=awaiting_by_recommendation(session),
    )


def awaiting_by_recommendation(session: Session) -> dict[int, int]:
    """The monitoring team's entries awaiting review on live recommendations, counted per recommendation
    (one query)."""
    found: dict[int, int] = {}
    for (recommendation_id, _), count in awaiting_counts(session, recommendation_ids=None).items():
        found[recommendation_id] = found.get(recommendation_id, 0) + count
    return found

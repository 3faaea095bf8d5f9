"""Scorecard summaries: recommendations' scores grouped by theme, actor or source, as of a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Select, Table, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from scorecard.models import Recommendation, RecommendationState, Theme

from .scores import is_today, recommendation_scores_query

rec = cast(Table, Recommendation.__table__)
rstate = cast(Table, RecommendationState.__table__)


def recommendation_scores_subquery(*, as_of: date, today: date) -> Subquery:
    """(recommendation_id, score, coverage) on `as_of`: the maintained state for today, else computed."""
    if is_today(as_of, today):
        return select(rstate.c.recommendation_id, rstate.c.score, rstate.c.coverage).subquery("scores")
    scores = recommendation_scores_query(as_of=as_of, today=today).subquery("computed")
    return select(scores.c.recommendation_id, scores.c.score, scores.c.coverage).subquery("scores")


@dataclass(frozen=True, slots=True)
class GroupScore:
    """One group's figures: how many recommendations, how many assessed, mean score and coverage."""

    key: int
    name: str
    recommendations: int
    assessed: int
    score: float | None
    coverage: float | None


def live_recommendations() -> Select[Any]:
    """Recommendations that count: not archived."""
    return select(rec.c.id).where(rec.c.archived_at.is_(None))


def theme_scores(session: Session, *, as_of: date, today: date | None = None) -> list[GroupScore]:
    """Every theme with its number of recommendations and their mean score on `as_of` (one query).

    A theme's score is the mean of its assessed recommendations' scores; its
    coverage the mean of their coverages, unassessed ones counting as 0.
    """
    today = today or date.today()
    scores = recommendation_scores_subquery(as_of=as_of, today=today)
    theme = cast(Table, Theme.__table__)
    live = rec.c.archived_at.is_(None)
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
            theme.outerjoin(rec, (rec.c.theme_id == theme.c.id) & live).outerjoin(
                scores, scores.c.recommendation_id == rec.c.id
            )
        )
        .group_by(theme.c.id, theme.c.name)
        .order_by(theme.c.name)
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


def _float(value: Any) -> float | None:
    return None if value is None else float(value)

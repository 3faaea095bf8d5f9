"""Long lists of groups folded for reading: the largest few, then one exact row for all the others."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from flask_babel import ngettext

from scorecard.i18n import translate
from scorecard.services.dashboard import MatrixRow
from scorecard.services.scorecards import GroupScore

# Up to FOLD_ABOVE groups show as they are; beyond that, the TOP_GROUPS largest and one "others" row.
FOLD_ABOVE = 12
TOP_GROUPS = 10

R = TypeVar("R")


def others_label(count: int, group: str) -> str:
    """How to say "N other themes" (actors, sources, review cycles) in the reader's language."""
    if group == "actor":
        return str(ngettext("%(num)d other actor", "%(num)d other actors", count))
    if group == "source":
        return str(ngettext("%(num)d other source", "%(num)d other sources", count))
    if group == "cycle":
        return str(ngettext("%(num)d other review cycle", "%(num)d other review cycles", count))
    return str(ngettext("%(num)d other theme", "%(num)d other themes", count))


class Scored(Protocol):
    """What folding needs of a group: its key, size, how many are assessed, and their mean score."""

    @property
    def key(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def recommendations(self) -> int: ...
    @property
    def assessed(self) -> int: ...
    @property
    def score(self) -> float | None: ...


S = TypeVar("S", bound=Scored)


@dataclass(frozen=True, slots=True)
class Folded(Generic[R]):
    """The rows shown (largest first), the row standing for the rest (None: nothing folded), and all rows."""

    top: tuple[R, ...]
    others: R | None
    every: tuple[R, ...]

    @property
    def folded(self) -> int:
        """How many rows the others row stands for."""
        return len(self.every) - len(self.top)


def mean_score(groups: Iterable[Scored | None]) -> float | None:
    """The mean score of the groups' assessed recommendations taken together (each weighs the same)."""
    weighted = [(g.score, g.assessed) for g in groups if g is not None and g.score is not None and g.assessed]
    assessed = sum(count for _, count in weighted)
    return sum(score * count for score, count in weighted) / assessed if assessed else None


def largest(groups: Sequence[S], limit: int = TOP_GROUPS) -> tuple[list[S], list[S]]:
    """The `limit` groups with the most recommendations (ties by name), and the rest (none if few)."""
    if len(groups) <= max(FOLD_ABOVE, limit + 1):
        return list(groups), []
    ranked = sorted(groups, key=lambda g: (-g.recommendations, g.name.lower()))
    return ranked[:limit], ranked[limit:]


def fold_scores(groups: Sequence[GroupScore], *, group: str, limit: int = TOP_GROUPS) -> Folded[GroupScore]:
    """Group scores folded: the largest groups, then "N other themes" with their exact combined figures."""
    top, rest = largest(groups, limit)
    if not rest:
        return Folded(tuple(groups), None, tuple(groups))
    recommendations = sum(g.recommendations for g in rest)
    coverage = (
        sum((g.coverage or 0.0) * g.recommendations for g in rest) / recommendations
        if recommendations
        else None
    )
    others = GroupScore(
        key=None,
        name=others_label(len(rest), group),
        recommendations=recommendations,
        assessed=sum(g.assessed for g in rest),
        score=mean_score(rest),
        coverage=coverage,
    )
    return Folded(tuple(top), others, tuple(groups))


def fold_matrix(rows: Sequence[MatrixRow], *, limit: int = TOP_GROUPS) -> Folded[MatrixRow]:
    """Theme × status rows folded: the largest themes, then one row summing the others' counts."""
    if len(rows) <= max(FOLD_ABOVE, limit + 1):
        return Folded(tuple(rows), None, tuple(rows))
    ranked = sorted(rows, key=lambda row: (-row.total, row.theme.lower()))
    top, rest = ranked[:limit], ranked[limit:]
    counts: dict[str, int] = {}
    for row in rest:
        for status, count in row.counts.items():
            counts[status] = counts.get(status, 0) + count
    others = MatrixRow(
        theme_id=0, theme=others_label(len(rest), "theme"), counts=counts, total=sum(r.total for r in rest)
    )
    return Folded(tuple(top), others, tuple(rows))


def chart_rows(
    groups: Sequence[Scored], *, group: str, limit: int = TOP_GROUPS
) -> tuple[list[str], list[float | None]]:
    """Labels and scores for a bar chart: the largest groups, then one bar for the others together."""
    top, rest = largest(groups, limit)
    # A group without a key is "No theme" and the like: a word of ours, so it is translated.
    labels = [translate(g.name) if g.key is None else g.name for g in top]
    scores = [group.score for group in top]
    if rest:
        labels.append(others_label(len(rest), group))
        scores.append(mean_score(rest))
    return labels, scores

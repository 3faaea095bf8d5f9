"""When two perspectives disagree: more than one level apart on a scale, or more than 20 points."""

from __future__ import annotations

from collections.abc import Iterable

DISAGREEMENT_POINTS = 20.0
DISAGREEMENT_LEVELS = 1


def disagree(
    score: float | None,
    other_score: float | None,
    *,
    level: int | None = None,
    other_level: int | None = None,
) -> bool:
    """Whether two assessments of one thing disagree enough to point out.

    Scale positions, when both are known, are compared by level (a five-level
    scale's neighbours are 25 points apart yet only one level); otherwise the
    scores by points. Nothing to compare (either side unassessed) is no disagreement.
    """
    if level is not None and other_level is not None:
        return abs(level - other_level) > DISAGREEMENT_LEVELS
    if score is None or other_score is None:
        return False
    return abs(score - other_score) > DISAGREEMENT_POINTS


# One benchmark read by both perspectives: (score, other score, level position, other level position).
BenchmarkPair = tuple[float | None, float | None, int | None, int | None]


def pair_disagrees(pair: BenchmarkPair) -> bool:
    """Whether one benchmark's two readings disagree (by level on a scale, else by points)."""
    score, other_score, level, other_level = pair
    return disagree(score, other_score, level=level, other_level=other_level)


def recommendation_disagrees(
    score: float | None, other_score: float | None, benchmarks: Iterable[BenchmarkPair] = ()
) -> bool:
    """Whether two perspectives read one recommendation far apart: its scores, or any one of its
    benchmarks (by level on a scale, else by points). The scorecard page and its CSV both ask this."""
    return disagree(score, other_score) or any(pair_disagrees(pair) for pair in benchmarks)

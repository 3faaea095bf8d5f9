"""The scorecard arithmetic as pure functions: no I/O, the reference the SQL must agree with."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MIN_SCORE = 0.0
MAX_SCORE = 100.0

# Statuses after which a recommendation is no longer expected to move (mirrors
# models.CLOSED_STATUSES; scoring stays free of the ORM).
CLOSED_STATUSES = frozenset({"implemented", "rejected", "withdrawn"})


def clamp(score: float) -> float:
    """Hold a score inside 0–100."""
    return max(MIN_SCORE, min(MAX_SCORE, score))


def milestone_score(achieved: bool) -> float:
    """A milestone counts fully once achieved and not at all before."""
    return MAX_SCORE if achieved else MIN_SCORE


def numeric_score(value: float, *, baseline: float, target: float, direction: str) -> float:
    """The share of the way from baseline to target that value has come, as 0–100.

    Going past the target counts as 100 and falling behind the baseline as 0.
    The direction must agree with the target: `increase` needs a target above
    the baseline, `decrease` one below it.
    """
    if baseline == target:
        raise ValueError("target equals baseline: the way from one to the other has no length")
    if direction == "increase" and target < baseline:
        raise ValueError("an increasing benchmark needs a target above its baseline")
    if direction == "decrease" and target > baseline:
        raise ValueError("a decreasing benchmark needs a target below its baseline")
    if direction not in ("increase", "decrease"):
        raise ValueError(f"unknown direction {direction!r}")
    return clamp((value - baseline) / (target - baseline) * MAX_SCORE)


def level_score(score: float) -> float:
    """A scale level's score, as its scale defines it, held to 0–100."""
    return clamp(score)


@dataclass(frozen=True, slots=True)
class Observation:
    """One progress entry as the arithmetic sees it."""

    entry_id: int
    observed_on: date
    score: float
    counts: bool = True  # False once corrected or deleted: kept in history, not scored


def state_as_of(observations: Iterable[Observation], as_of: date) -> Observation | None:
    """The observation that holds on `as_of`: the latest counting one on or before it.

    Two on the same date: the one recorded last (the higher entry id). None
    means "not assessed", which is not the same as a score of zero.
    """
    best: Observation | None = None
    for observation in observations:
        if not observation.counts or observation.observed_on > as_of:
            continue
        if best is None or (observation.observed_on, observation.entry_id) > (
            best.observed_on,
            best.entry_id,
        ):
            best = observation
    return best


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    """A weighted score with the figures that explain it."""

    score: float | None  # None: nothing assessed
    coverage: float | None  # weighted share assessed, 0–100; None: nothing to assess
    total_weight: float
    assessed_weight: float
    count: int
    assessed_count: int


def weighted_score(parts: Iterable[tuple[float, float | None]]) -> ScoreSummary:
    """A recommendation's score from its benchmarks' (weight, score or None) pairs.

    The score is the weighted mean of the assessed benchmarks only; coverage is
    the weighted share that is assessed.
    """
    total_weight = assessed_weight = weighted_sum = 0.0
    count = assessed_count = 0
    for weight, score in parts:
        count += 1
        total_weight += weight
        if score is not None:
            assessed_count += 1
            assessed_weight += weight
            weighted_sum += weight * score
    return ScoreSummary(
        score=clamp(weighted_sum / assessed_weight) if assessed_weight > 0 else None,
        coverage=(assessed_weight / total_weight * MAX_SCORE) if total_weight > 0 else None,
        total_weight=total_weight,
        assessed_weight=assessed_weight,
        count=count,
        assessed_count=assessed_count,
    )


def group_score(summaries: Iterable[ScoreSummary]) -> ScoreSummary:
    """A theme's, actor's or source's score from its recommendations' summaries.

    Each recommendation weighs the same: the score is the mean of the assessed
    recommendations' scores, the coverage the mean of their coverages (a
    recommendation with no benchmarks covers nothing).
    """
    items = list(summaries)
    scored = [s.score for s in items if s.score is not None]
    coverages = [s.coverage or 0.0 for s in items]
    return ScoreSummary(
        score=clamp(sum(scored) / len(scored)) if scored else None,
        coverage=sum(coverages) / len(coverages) if coverages else None,
        total_weight=float(len(items)),
        assessed_weight=float(len(scored)),
        count=len(items),
        assessed_count=len(scored),
    )


def trend(current: float | None, earlier: float | None) -> float | None:
    """The change in score between two dates; None when either end is not assessed."""
    if current is None or earlier is None:
        return None
    return current - earlier


# The dates Scorecard accepts anywhere (forms, URLs, imports). Anything outside is a slip such as
# 0026 for 2026, and date arithmetic near year 1 or 9999 overflows.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)


def within_calendar(day: date) -> bool:
    """Whether `day` lies in the years Scorecard accepts."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def comparison_date(as_of: date, cycle_ends: Sequence[date]) -> date:
    """The default compare-to date: the end of the last review cycle before `as_of`.

    With no cycle ended before it, one year earlier.
    """
    earlier = [ends_on for ends_on in cycle_ends if ends_on < as_of]
    if earlier:
        return max(earlier)
    try:
        return as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        return as_of - timedelta(days=366)


def is_overdue(*, due_on: date | None, as_of: date, status: str, score: float | None) -> bool:
    """Past its due date and not done: not implemented (or closed) and below 100."""
    if due_on is None or due_on >= as_of or status in CLOSED_STATUSES:
        return False
    return score is None or score < MAX_SCORE


def is_stale(
    *, last_observed_on: date | None, as_of: date, stale_days: int, status: str, since: date
) -> bool:
    """No entry for longer than `stale_days`; `since` (when tracking began) stands in
    for the last entry when there has never been one. Closed recommendations never go stale."""
    if status in CLOSED_STATUSES:
        return False
    reference = last_observed_on if last_observed_on is not None else since
    return (as_of - reference).days > stale_days


# -- frameworks: when an item is met, at risk, and what its met items unlock -----------------------

AT_RISK_DAYS = 90
# A weighted share of 100 computed in floating point can come out a hair under it.
_FULL = MAX_SCORE - 1e-9


def is_achieved(score: float | None, coverage: float | None = MAX_SCORE) -> bool:
    """Whether a linked benchmark (or a whole recommendation: every benchmark) is achieved."""
    return score is not None and score >= _FULL and coverage is not None and coverage >= _FULL


def meets_rule(*, met_rule: str, threshold: float | None, summary: ScoreSummary, achieved: bool) -> bool:
    """Whether a score meets a framework's rule: everything achieved, or a score at the threshold."""
    if summary.count == 0:
        return False
    if met_rule == "threshold":
        return summary.score is not None and threshold is not None and summary.score >= threshold
    return achieved


def item_is_met(
    *,
    met_rule: str,
    threshold: float | None,
    rollup: str,
    summary: ScoreSummary,
    links_achieved: bool,
    has_links: bool,
    children_met: Sequence[bool],
) -> bool:
    """Whether a framework item is met.

    A leaf applies the rule to its links. A parent rolled up by "all_children"
    is met when every child is (and its own links, if any, meet the rule); by
    "score", when its rolled-up score meets the rule.
    """
    if not children_met:
        return meets_rule(met_rule=met_rule, threshold=threshold, summary=summary, achieved=links_achieved)
    if rollup == "all_children":
        own = (
            meets_rule(met_rule=met_rule, threshold=threshold, summary=summary, achieved=links_achieved)
            if has_links
            else True
        )
        return own and all(children_met)
    return meets_rule(
        met_rule=met_rule,
        threshold=threshold,
        summary=summary,
        achieved=links_achieved and all(children_met),
    )


def is_item_overdue(*, due_on: date | None, as_of: date, met: bool) -> bool:
    """Past its due date and not met."""
    return due_on is not None and due_on < as_of and not met


def is_at_risk(*, due_on: date | None, as_of: date, met: bool, days: int = AT_RISK_DAYS) -> bool:
    """Due within `days` of `as_of` (from that day on) and not met yet."""
    return due_on is not None and as_of <= due_on <= as_of + timedelta(days=days) and not met


def amounts_counted(items: Iterable[tuple[int, int | None, bool]]) -> set[int]:
    """The items whose own amount counts in a framework's totals, from (id, parent id, has an amount).

    When an item and items below it both carry amounts, the ones below count and the item's own
    is their envelope: no money is counted twice. An amount counts when nothing below it has one.
    """
    listed = list(items)
    parent = {item_id: parent_id for item_id, parent_id, _has in listed}
    covered: set[int] = set()
    for item_id, _parent, has_amount in listed:
        if not has_amount:
            continue
        above, seen = parent.get(item_id), {item_id}
        while above is not None and above not in seen and above not in covered:
            covered.add(above)
            seen.add(above)
            above = parent.get(above)
    return {item_id for item_id, _parent, has_amount in listed if has_amount and item_id not in covered}


def unlocked_amounts(
    amounts: Iterable[tuple[float | None, str | None, bool]],
) -> dict[str, tuple[float, float]]:
    """Per currency, (amount unlocked by met items, amount at stake) from (amount, currency, met)."""
    totals: dict[str, tuple[float, float]] = {}
    for amount, currency, met in amounts:
        if amount is None or currency is None:
            continue
        unlocked, at_stake = totals.get(currency, (0.0, 0.0))
        totals[currency] = (unlocked + (amount if met else 0.0), at_stake + amount)
    return totals

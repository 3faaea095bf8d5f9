"""A framework's items scored as of any date: linked scores from the one scoring service, rolled up the tree.

The linked benchmarks' and recommendations' scores come from services/scores.py
(the maintained state for today, a kept snapshot or the entries for a past date)
in one query per date; the tree is rolled up with scorecard.scoring's weighted
mean and met rules. No arithmetic here of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scorecard import scoring
from scorecard.scoring import ScoreSummary, weighted_score

from ..scores import benchmark_states_query, is_today, kept_days, scores_subquery
from ..tables import bench, framework, framework_item, framework_link

# The quarter ends the unlocked-amount chart shows, up to the as-of date.
CHART_QUARTERS = 8


@dataclass(frozen=True, slots=True)
class FrameworkRules:
    """How one framework decides that an item is met."""

    id: int
    name: str
    kind: str
    met_rule: str
    threshold: float | None
    rollup: str
    illustrative: bool


# The framework's columns that FrameworkRules holds (its CSV export starts with them too).
RULE_COLUMNS = tuple(framework.c[name] for name in FrameworkRules.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class ItemNode:
    """An item as stored: its place in the tree and what is at stake."""

    id: int
    framework_id: int
    parent_id: int | None
    code: str
    title: str
    weight: float
    due_on: date | None
    amount: float | None
    currency: str | None
    position: int
    # Whether its amount counts in the totals (not when items below it carry amounts: scoring.amounts_counted)
    amount_counts: bool = True


@dataclass(slots=True)  # not frozen: tens of thousands are made per page, and frozen ones cost twice as much
class LinkPart:
    """One crosswalk link's state on a date: the score of the benchmark or recommendation it counts."""

    link_id: int
    item_id: int
    weight: float
    recommendation_id: int  # the linked recommendation, or the linked benchmark's
    benchmark_id: int | None
    score: float | None
    achieved: bool


@dataclass(frozen=True, slots=True)
class ItemResult:
    """An item's figures on one date: score, coverage, met, due state; depth for the tree's indent."""

    node: ItemNode
    depth: int
    summary: ScoreSummary
    met: bool
    overdue: bool
    at_risk: bool
    link_count: int
    achieved_links: int
    child_count: int


def framework_rules(session: Session, framework_ids: Iterable[int]) -> dict[int, FrameworkRules]:
    """The rules of these frameworks (one query)."""
    ids = sorted(set(framework_ids))
    if not ids:
        return {}
    query = select(*RULE_COLUMNS).where(framework.c.id.in_(ids))
    return {row.id: FrameworkRules(**row._mapping) for row in session.execute(query)}


# ItemNode's stored columns, in the order the queries below select them.
_NODE_COLUMNS = tuple(
    framework_item.c[name] for name in ItemNode.__dataclass_fields__ if name != "amount_counts"
)


def item_nodes(session: Session, framework_ids: Iterable[int]) -> list[ItemNode]:
    """Every item of these frameworks, in tree order within each (one query)."""
    ids = sorted(set(framework_ids))
    if not ids:
        return []
    return _nodes(session, framework_item.c.framework_id.in_(ids))


def tree_nodes(session: Session, item_ids: Iterable[int]) -> list[ItemNode]:
    """The whole trees that hold these items (each from its top-level item down), in tree order (one query).

    An item's figures depend on its tree alone, so a page about a few items reads
    their trees, not every item of their frameworks.
    """
    ids = sorted(set(item_ids))
    if not ids:
        return []
    upper = framework_item.alias("upper")
    up = select(framework_item.c.id, framework_item.c.parent_id).where(framework_item.c.id.in_(ids))
    up_cte = up.cte("ancestors", recursive=True)
    up_cte = up_cte.union(
        select(upper.c.id, upper.c.parent_id).join(up_cte, upper.c.id == up_cte.c.parent_id)
    )
    lower = framework_item.alias("lower")
    down = select(up_cte.c.id).where(up_cte.c.parent_id.is_(None)).cte("tree", recursive=True)
    down = down.union(select(lower.c.id).join(down, lower.c.parent_id == down.c.id))
    return _nodes(session, framework_item.c.id.in_(select(down.c.id)))


def _nodes(session: Session, where: Any) -> list[ItemNode]:
    query = (
        select(*_NODE_COLUMNS)
        .where(where)
        .order_by(framework_item.c.framework_id, framework_item.c.position, framework_item.c.code)
    )
    rows = list(session.execute(query))
    counted = scoring.amounts_counted((row.id, row.parent_id, row.amount is not None) for row in rows)
    return [ItemNode(**row._mapping, amount_counts=row.id in counted) for row in rows]


def _linked_items(framework_ids: Sequence[int]) -> Select[Any]:
    return select(framework_item.c.id).where(framework_item.c.framework_id.in_(framework_ids))


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A crosswalk link as stored: what it counts, read once per page whatever the dates shown."""

    link_id: int
    item_id: int
    weight: float
    recommendation_id: int  # the linked recommendation, or the linked benchmark's
    benchmark_id: int | None


def link_rows(
    session: Session, framework_ids: Sequence[int], *, item_ids: Collection[int] | None = None
) -> list[LinkRow]:
    """Every link of these frameworks' items, or only of the items given (one query)."""
    if not framework_ids or (item_ids is not None and not item_ids):
        return []
    owner = bench.alias("linked_benchmark")
    query = (
        select(
            framework_link.c.id,
            framework_link.c.item_id,
            framework_link.c.weight,
            func.coalesce(framework_link.c.recommendation_id, owner.c.recommendation_id),
            framework_link.c.benchmark_id,
        )
        .select_from(framework_link.outerjoin(owner, owner.c.id == framework_link.c.benchmark_id))
        .where(
            framework_link.c.item_id.in_(
                _linked_items(framework_ids) if item_ids is None else sorted(item_ids)
            )
        )
        .order_by(framework_link.c.item_id, framework_link.c.id)
    )
    return [LinkRow(row[0], row[1], float(row[2]), int(row[3]), row[4]) for row in session.execute(query)]


def link_parts(
    session: Session,
    *,
    framework_ids: Sequence[int],
    as_of: date,
    today: date,
    kept: bool,
    links: Sequence[LinkRow] | None = None,
    exact_targets: bool | None = None,
) -> list[LinkPart]:
    """The links' states on `as_of`: two queries to the scoring service (the linked benchmarks' states and
    the linked recommendations' scores), plus one for the links unless they are given.

    Given links ask for exactly their targets by id unless `exact_targets` is False: then the queries
    name the frameworks' linked targets by a subquery, cheaper than thousands of bound ids when the
    links are all (or most) of the frameworks'."""
    given = links is not None if exact_targets is None else exact_targets
    links = link_rows(session, framework_ids) if links is None else links
    if not links:
        return []
    linked_benchmarks: Any
    linked_recommendations: Any
    if given:  # some of the frameworks' links: ask for exactly their targets
        linked_benchmarks = sorted({link.benchmark_id for link in links if link.benchmark_id is not None})
        linked_recommendations = sorted(
            {link.recommendation_id for link in links if link.benchmark_id is None}
        )
    else:
        items = _linked_items(framework_ids)
        linked_benchmarks = select(framework_link.c.benchmark_id).where(
            framework_link.c.item_id.in_(items), framework_link.c.benchmark_id.is_not(None)
        )
        linked_recommendations = select(framework_link.c.recommendation_id).where(
            framework_link.c.item_id.in_(items), framework_link.c.recommendation_id.is_not(None)
        )
    states = benchmark_states_query(as_of=as_of, today=today, with_entry_id=False, kept=kept).where(
        bench.c.id.in_(linked_benchmarks)
    )
    # Only the score is needed: on a past date that saves the seek for the observation's date.
    states = states.with_only_columns(states.selected_columns.benchmark_id, states.selected_columns.score)
    benchmark_scores: dict[int, float | None] = {row[0]: row[1] for row in session.execute(states)}
    scores = scores_subquery(
        as_of=as_of, today=today, kept=kept, recommendation_ids=linked_recommendations, name="linked_scores"
    )
    recommendation_scores = {
        key: (score, coverage) for key, score, coverage in session.execute(select(scores))
    }
    parts = []
    for link in links:
        if link.benchmark_id is not None:
            score = benchmark_scores.get(link.benchmark_id)
            achieved = scoring.is_achieved(score)
        else:
            score, coverage = recommendation_scores.get(link.recommendation_id, (None, None))
            achieved = scoring.is_achieved(score, coverage)
        parts.append(
            LinkPart(
                link.link_id,
                link.item_id,
                link.weight,
                link.recommendation_id,
                link.benchmark_id,
                score,
                achieved,
            )
        )
    return parts


def tree_order(nodes: Sequence[ItemNode]) -> list[tuple[ItemNode, int]]:
    """Items depth first (parents before their children, siblings by position), with their depth."""
    children: dict[int | None, list[ItemNode]] = {}
    known = {node.id for node in nodes}
    for node in nodes:
        parent = node.parent_id if node.parent_id in known else None
        children.setdefault(parent, []).append(node)
    ordered: list[tuple[ItemNode, int]] = []
    stack = [(node, 0) for node in reversed(children.get(None, []))]
    while stack:
        node, depth = stack.pop()
        ordered.append((node, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(node.id, [])))
    return ordered


def roll_up(
    nodes: Sequence[ItemNode],
    parts: Sequence[LinkPart],
    rules: dict[int, FrameworkRules],
    *,
    as_of: date,
) -> list[ItemResult]:
    """Every item's result in tree order: leaves from their links, parents from their children and links."""
    by_item: dict[int, list[LinkPart]] = {}
    for part in parts:
        by_item.setdefault(part.item_id, []).append(part)
    ordered = tree_order(nodes)
    children: dict[int, list[ItemResult]] = {}
    results: dict[int, ItemResult] = {}
    for node, depth in reversed(ordered):  # children before their parents
        rule = rules[node.framework_id]
        own = by_item.get(node.id, [])
        below = list(reversed(children.get(node.id, [])))
        summary = weighted_score(
            [(part.weight, part.score) for part in own]
            + [(child.node.weight, child.summary.score) for child in below]
        )
        achieved = sum(1 for part in own if part.achieved)
        met = scoring.item_is_met(
            met_rule=rule.met_rule,
            threshold=rule.threshold,
            rollup=rule.rollup,
            summary=summary,
            links_achieved=achieved == len(own) and (bool(own) or bool(below)),
            has_links=bool(own),
            children_met=[child.met for child in below],
        )
        result = ItemResult(
            node=node,
            depth=depth,
            summary=summary,
            met=met,
            overdue=scoring.is_item_overdue(due_on=node.due_on, as_of=as_of, met=met),
            at_risk=scoring.is_at_risk(due_on=node.due_on, as_of=as_of, met=met),
            link_count=len(own),
            achieved_links=achieved,
            child_count=len(below),
        )
        results[node.id] = result
        if node.parent_id is not None:
            children.setdefault(node.parent_id, []).append(result)
    return [results[node.id] for node, _depth in ordered]


def evaluate(
    session: Session,
    *,
    framework_ids: Sequence[int],
    as_of: date,
    today: date,
    nodes: Sequence[ItemNode] | None = None,
    rules: dict[int, FrameworkRules] | None = None,
) -> list[ItemResult]:
    """These frameworks' items on `as_of`, in tree order (at most four queries, whatever their size)."""
    rules = rules if rules is not None else framework_rules(session, framework_ids)
    nodes = nodes if nodes is not None else item_nodes(session, framework_ids)
    kept = not is_today(as_of, today) and bool(kept_days(session, [as_of]))
    parts = link_parts(session, framework_ids=list(framework_ids), as_of=as_of, today=today, kept=kept)
    return roll_up(nodes, parts, rules, as_of=as_of)


def assume_achieved(parts: Sequence[LinkPart], recommendation_id: int) -> list[LinkPart]:
    """The links as they would stand if every benchmark of one recommendation were achieved."""
    return [
        replace(part, score=scoring.MAX_SCORE, achieved=True)
        if part.recommendation_id == recommendation_id
        else part
        for part in parts
    ]


def unlocked(results: Iterable[ItemResult]) -> dict[str, tuple[float, float]]:
    """Per currency, the amount met items unlock and the amount at stake (each amount counted once)."""
    return scoring.unlocked_amounts(
        (r.node.amount if r.node.amount_counts else None, r.node.currency, r.met) for r in results
    )


def quarter_ends(as_of: date, count: int = CHART_QUARTERS) -> list[date]:
    """The last `count` quarter ends on or before `as_of`, oldest first."""
    ends: list[date] = []
    year, quarter = as_of.year, (as_of.month - 1) // 3 + 1
    while len(ends) < count:
        end = _quarter_end(year, quarter)
        if end <= as_of:
            ends.append(end)
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return sorted(ends)


def _quarter_end(year: int, quarter: int) -> date:
    month = 3 * quarter
    return date(year, month, 31 if month in (3, 12) else 30)

"""What the framework pages show: the scorecard of one framework, one item's backers, the integrated view."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from scorecard.errors import NotFound

from ..scores import is_today, kept_days
from ..tables import actor, bench, framework, framework_item, framework_link, link, rec, source, theme
from .evaluation import (
    FrameworkRules,
    ItemNode,
    ItemResult,
    LinkRow,
    assume_achieved,
    framework_rules,
    item_nodes,
    link_parts,
    link_rows,
    quarter_ends,
    roll_up,
    tree_nodes,
    unlocked,
)


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One row of a framework scorecard: the item on the as-of date and on the compare-to date."""

    now: ItemResult
    then: ItemResult | None

    @property
    def change(self) -> float | None:
        """Score change since the compare-to date (None when either end is not assessed)."""
        if self.then is None or self.now.summary.score is None or self.then.summary.score is None:
            return None
        return self.now.summary.score - self.then.summary.score

    @property
    def newly_met(self) -> bool:
        """Met now and not on the compare-to date."""
        return self.now.met and self.then is not None and not self.then.met


@dataclass(frozen=True, slots=True)
class QuarterAmounts:
    """Unlocked against at stake on one quarter end, per currency."""

    day: date
    totals: dict[str, tuple[float, float]]


@dataclass(frozen=True, slots=True)
class FrameworkPage:
    """Everything /frameworks/<id> shows."""

    rules: FrameworkRules
    as_of: date
    compare: date | None
    rows: list[ItemRow]
    totals: dict[str, tuple[float, float]]
    compare_totals: dict[str, tuple[float, float]]
    quarters: list[QuarterAmounts]

    @property
    def at_risk(self) -> list[ItemRow]:
        """Items due within 90 days of the as-of date and not met."""
        return [row for row in self.rows if row.now.at_risk]

    @property
    def met_count(self) -> int:
        """How many items are met on the as-of date."""
        return sum(1 for row in self.rows if row.now.met)


def _evaluate_on(
    session: Session,
    rules: dict[int, FrameworkRules],
    nodes: Sequence[ItemNode],
    days: Sequence[date],
    today: date,
    links: Sequence[LinkRow],
) -> dict[date, list[ItemResult]]:
    """The items on each day: one query for which days are kept, then two per day."""
    kept = kept_days(session, [day for day in days if not is_today(day, today)])
    ids = sorted(rules)
    return {
        day: roll_up(
            nodes,
            link_parts(
                session,
                framework_ids=ids,
                as_of=day,
                today=today,
                kept=day in kept,
                links=links,
                exact_targets=False,  # the frameworks' own links: a subquery, not thousands of ids
            ),
            rules,
            as_of=day,
        )
        for day in dict.fromkeys(days)
    }


def _with_amounts(nodes: Sequence[ItemNode]) -> list[ItemNode]:
    """The items that carry an amount and everything below them: all the quarter chart needs."""
    below: dict[int | None, list[ItemNode]] = {}
    for node in nodes:
        below.setdefault(node.parent_id, []).append(node)
    found: list[ItemNode] = []
    stack = [node for node in nodes if node.amount is not None]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node.id in seen:
            continue
        seen.add(node.id)
        found.append(node)
        stack.extend(below.get(node.id, []))
    return [node for node in nodes if node.id in seen]


def _framework_rules(session: Session, framework_id: int) -> dict[int, FrameworkRules]:
    """The framework's roll-up rules, by its id; NotFound when there is no such framework."""
    rules = framework_rules(session, [framework_id])
    if framework_id not in rules:
        raise NotFound("Framework", framework_id)
    return rules


def framework_page(
    session: Session, framework_id: int, *, as_of: date, compare: date | None, today: date
) -> FrameworkPage:
    """A framework's item tree as of a date, compared with another, and its amounts by quarter.

    A constant number of queries: the framework, its items and links, the kept
    days, and two per date shown (the as-of and compare-to dates, and for the
    items with amounts, eight quarter ends).
    """
    rules = _framework_rules(session, framework_id)
    nodes = item_nodes(session, [framework_id])
    links = link_rows(session, [framework_id])
    results = _evaluate_on(session, rules, nodes, [as_of, *([compare] if compare else [])], today, links)
    paid = _with_amounts(nodes)
    paid_ids = {node.id for node in paid}
    quarters = [day for day in quarter_ends(as_of) if day < as_of] if paid else []
    by_quarter = _evaluate_on(
        session, rules, paid, quarters, today, [link for link in links if link.item_id in paid_ids]
    )
    then = {r.node.id: r for r in results[compare]} if compare else {}
    return FrameworkPage(
        rules=rules[framework_id],
        as_of=as_of,
        compare=compare,
        rows=[ItemRow(now, then.get(now.node.id)) for now in results[as_of]],
        totals=unlocked(results[as_of]),
        compare_totals=unlocked(results[compare]) if compare else {},
        quarters=[QuarterAmounts(day, unlocked(by_quarter[day])) for day in quarters]
        + [QuarterAmounts(as_of, unlocked(results[as_of]))],
    )


# -- one item and what stands behind it ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackerRow:
    """A recommendation or benchmark behind an item, its state, and who must act on it."""

    link_id: int
    item_id: int
    item_code: str
    weight: float
    recommendation_id: int
    recommendation_code: str
    recommendation_title: str
    benchmark_id: int | None
    benchmark_title: str | None
    score: float | None
    achieved: bool
    actors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemPage:
    """An item with its sub-items' results and every recommendation and benchmark behind them."""

    rules: FrameworkRules
    result: ItemResult
    subtree: list[ItemResult]
    backers: list[BackerRow]


def _lead_actors(session: Session, recommendation_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The actors each recommendation is addressed to, leads first (one query)."""
    if not recommendation_ids:
        return {}
    query = (
        select(link.c.recommendation_id, actor.c.name)
        .join(actor, actor.c.id == link.c.actor_id)
        .where(link.c.recommendation_id.in_(sorted(set(recommendation_ids))))
        .order_by(link.c.recommendation_id, link.c.role != "lead", actor.c.name)
    )
    found: dict[int, list[str]] = {}
    for row in session.execute(query):
        found.setdefault(row.recommendation_id, []).append(row.name)
    return {key: tuple(names) for key, names in found.items()}


def _labels(session: Session, parts: Sequence[Any]) -> tuple[dict[int, tuple[str, str]], dict[int, str]]:
    """Codes and titles of the recommendations, titles of the benchmarks, that links name (two queries)."""
    rec_ids = sorted({part.recommendation_id for part in parts})
    bench_ids = sorted({part.benchmark_id for part in parts if part.benchmark_id is not None})
    recs = (
        {
            r.id: (r.code, r.title)
            for r in session.execute(select(rec.c.id, rec.c.code, rec.c.title).where(rec.c.id.in_(rec_ids)))
        }
        if rec_ids
        else {}
    )
    benches = (
        {
            b.id: b.title
            for b in session.execute(select(bench.c.id, bench.c.title).where(bench.c.id.in_(bench_ids)))
        }
        if bench_ids
        else {}
    )
    return recs, benches


def item_page(session: Session, framework_id: int, item_id: int, *, as_of: date, today: date) -> ItemPage:
    """One item on a date: its sub-items, and every recommendation and benchmark behind them, with actors."""
    rules = _framework_rules(session, framework_id)
    nodes = item_nodes(session, [framework_id])
    kept = not is_today(as_of, today) and bool(kept_days(session, [as_of]))
    parts = link_parts(session, framework_ids=[framework_id], as_of=as_of, today=today, kept=kept)
    results = roll_up(nodes, parts, rules, as_of=as_of)
    start = next((i for i, r in enumerate(results) if r.node.id == item_id), None)
    if start is None:
        raise NotFound("Framework item", item_id)
    depth = results[start].depth
    end = next((i for i in range(start + 1, len(results)) if results[i].depth <= depth), len(results))
    subtree = results[start:end]
    codes = {r.node.id: r.node.code for r in subtree}
    behind = [part for part in parts if part.item_id in codes]
    recs, benches = _labels(session, behind)
    actors = _lead_actors(session, [part.recommendation_id for part in behind])
    backers = [
        BackerRow(
            link_id=part.link_id,
            item_id=part.item_id,
            item_code=codes[part.item_id],
            weight=part.weight,
            recommendation_id=part.recommendation_id,
            recommendation_code=recs.get(part.recommendation_id, ("?", ""))[0],
            recommendation_title=recs.get(part.recommendation_id, ("?", ""))[1],
            benchmark_id=part.benchmark_id,
            benchmark_title=benches.get(part.benchmark_id) if part.benchmark_id else None,
            score=part.score,
            achieved=part.achieved,
            actors=actors.get(part.recommendation_id, ()),
        )
        for part in behind
    ]
    return ItemPage(rules[framework_id], results[start], subtree[1:], backers)


# -- what a recommendation feeds, and the integrated view ----------------------------------------------


@dataclass(frozen=True, slots=True)
class FedItem:
    """An item that a recommendation (or one of its benchmarks) feeds, with its state and worth."""

    recommendation_id: int
    framework_id: int
    framework_name: str
    illustrative: bool
    result: ItemResult
    through: str | None  # the benchmark's title when the link is to one benchmark
    weight: float
    through_id: int | None = None  # that benchmark's id
    unlocks_if_achieved: tuple[ItemResult, ...] = ()


def _feeding_links(recommendation_ids: Select[Any] | Sequence[int]) -> Select[Any]:
    """Links to these recommendations or to any of their benchmarks, with the item's framework."""
    owner = bench.alias("fed_benchmark")
    rec_id = framework_link.c.recommendation_id
    return (
        select(
            framework_link.c.item_id,
            framework_item.c.framework_id,
            rec_id.label("direct_id"),
            owner.c.recommendation_id.label("owner_id"),
            owner.c.title.label("benchmark_title"),
            owner.c.id.label("benchmark_id"),
            framework_link.c.weight,
        )
        .select_from(
            framework_link.join(framework_item, framework_item.c.id == framework_link.c.item_id).outerjoin(
                owner, owner.c.id == framework_link.c.benchmark_id
            )
        )
        # Both terms on the link's own indexed columns, so the OR is two index searches, not a scan.
        .where(
            or_(
                rec_id.in_(recommendation_ids),
                framework_link.c.benchmark_id.in_(
                    select(bench.c.id).where(bench.c.recommendation_id.in_(recommendation_ids))
                ),
            )
        )
    )


def items_fed(
    session: Session,
    recommendation_ids: Select[Any] | Sequence[int],
    *,
    as_of: date,
    today: date,
    exclude_framework: int | None = None,
    unlock_owners: Collection[int] = (),
) -> list[FedItem]:
    """The framework items these recommendations feed, with each item's state on `as_of`.

    For the recommendations in `unlock_owners`, each also says which items would
    be met if every benchmark of that recommendation were achieved (only the
    trees it feeds are rolled up again). Constant queries: the links, the
    frameworks' rules and items, the kept days and the link states.
    """
    links = list(session.execute(_feeding_links(recommendation_ids)))
    framework_ids = sorted({row.framework_id for row in links if row.framework_id != exclude_framework})
    if not framework_ids:
        return []
    rules = framework_rules(session, framework_ids)
    nodes = tree_nodes(session, {row.item_id for row in links if row.framework_id != exclude_framework})
    stored_links = link_rows(session, framework_ids, item_ids={node.id for node in nodes})
    kept = not is_today(as_of, today) and bool(kept_days(session, [as_of]))
    parts = link_parts(
        session, framework_ids=framework_ids, as_of=as_of, today=today, kept=kept, links=stored_links
    )
    results = {r.node.id: r for r in roll_up(nodes, parts, rules, as_of=as_of)}
    fed: list[FedItem] = []
    trees = _Trees.of(nodes, parts) if unlock_owners else None
    unlocks = {
        owner: trees.unlocked_by(owner, rules, results, as_of) for owner in unlock_owners if trees is not None
    }
    for row in links:
        if row.framework_id == exclude_framework:
            continue
        owner = row.direct_id if row.direct_id is not None else row.owner_id
        rule = rules[row.framework_id]
        fed.append(
            FedItem(
                recommendation_id=owner,
                framework_id=row.framework_id,
                framework_name=rule.name,
                illustrative=rule.illustrative,
                result=results[row.item_id],
                through=row.benchmark_title,
                weight=float(row.weight),
                through_id=row.benchmark_id,
                unlocks_if_achieved=unlocks.get(owner, ()),
            )
        )
    fed.sort(
        key=lambda f: (f.recommendation_id, f.framework_name, f.result.node.position, f.result.node.code)
    )
    return fed


def _roots(nodes: Sequence[ItemNode]) -> dict[int, int]:
    """Each item's top-level ancestor (itself at the top)."""
    parent = {node.id: node.parent_id for node in nodes}
    root: dict[int, int] = {}
    for node in nodes:
        current, seen = node.id, set()
        while parent.get(current) is not None and current not in seen:
            seen.add(current)
            current = parent[current]  # type: ignore[assignment]
        root[node.id] = current
    return root


@dataclass(frozen=True, slots=True)
class _Trees:
    """Items and links grouped by the top-level item above them: what "if achieved" rolls up again."""

    nodes: dict[int, list[Any]]  # root id -> the nodes of its tree
    parts: dict[int, list[Any]]  # root id -> the links of its tree
    roots_of_owner: dict[int, set[int]]  # recommendation id -> the roots of the trees it feeds

    @classmethod
    def of(cls, nodes: Sequence[Any], parts: Sequence[Any]) -> _Trees:
        root = _roots(nodes)
        by_root_nodes: dict[int, list[Any]] = {}
        for node in nodes:
            by_root_nodes.setdefault(root[node.id], []).append(node)
        by_root_parts: dict[int, list[Any]] = {}
        owners: dict[int, set[int]] = {}
        for part in parts:
            by_root_parts.setdefault(root[part.item_id], []).append(part)
            owners.setdefault(part.recommendation_id, set()).add(root[part.item_id])
        return cls(by_root_nodes, by_root_parts, owners)

    def unlocked_by(
        self, owner: int, rules: dict[int, FrameworkRules], results: dict[int, ItemResult], as_of: date
    ) -> tuple[ItemResult, ...]:
        """The items that a recommendation's benchmarks, all achieved, would meet (not met now)."""
        roots = sorted(self.roots_of_owner.get(owner, ()))
        mine = [node for root in roots for node in self.nodes[root]]
        parts = [part for root in roots for part in self.parts.get(root, [])]
        after = roll_up(mine, assume_achieved(parts, owner), rules, as_of=as_of)
        return tuple(r for r in after if r.met and not results[r.node.id].met)


TRACK_KINDS = ("framework", "source", "theme")


def track_recommendations(kind: str, track_id: int) -> Select[Any]:
    """The ids of a track's recommendations: those a framework's items link to, or a source's or theme's."""
    if kind == "framework":
        items = select(framework_item.c.id).where(framework_item.c.framework_id == track_id)
        direct = select(framework_link.c.recommendation_id).where(
            framework_link.c.item_id.in_(items), framework_link.c.recommendation_id.is_not(None)
        )
        through = (
            select(bench.c.recommendation_id)
            .join(framework_link, framework_link.c.benchmark_id == bench.c.id)
            .where(framework_link.c.item_id.in_(items))
        )
        return select(rec.c.id).where(
            or_(rec.c.id.in_(direct), rec.c.id.in_(through)), rec.c.archived_at.is_(None)
        )
    column = rec.c.source_id if kind == "source" else rec.c.theme_id
    return select(rec.c.id).where(column == track_id, rec.c.archived_at.is_(None))


@dataclass(frozen=True, slots=True)
class TrackRecommendation:
    """A recommendation of the chosen track and the items of other frameworks it feeds."""

    id: int
    code: str
    title: str
    fed: list[FedItem]

    @property
    def unlocks(self) -> tuple[ItemResult, ...]:
        """Items that would be met if this recommendation's benchmarks were all achieved."""
        return self.fed[0].unlocks_if_achieved if self.fed else ()

    @property
    def unlock_totals(self) -> dict[str, tuple[float, float]]:
        """Per currency, what those items are worth (unlocked, at stake; each amount counted once)."""
        return unlocked(self.unlocks)


INTEGRATED_PAGE_SIZE = 25


@dataclass(frozen=True, slots=True)
class IntegratedPage:
    """One page of a track's recommendations that feed other frameworks, and how many there are."""

    rows: list[TrackRecommendation]
    track_size: int  # the track's recommendations, feeding or not
    feeding: int  # those that feed an item of another framework
    page: int
    pages: int


def integrated_view(
    session: Session, *, kind: str, track_id: int, as_of: date, today: date, page: int = 1
) -> IntegratedPage:
    """For the recommendations of a track that feed other frameworks (a page of them, by code): the items
    they feed, what those are worth, and what achieving all of a recommendation's benchmarks would meet."""
    ids = track_recommendations(kind, track_id)
    exclude = track_id if kind == "framework" else None
    rows = list(
        session.execute(
            select(rec.c.id, rec.c.code, rec.c.title).where(rec.c.id.in_(ids)).order_by(rec.c.code)
        )
    )
    feeding_ids = {
        row.direct_id if row.direct_id is not None else row.owner_id
        for row in session.execute(_feeding_links(ids))
        if row.framework_id != exclude
    }
    feeding = [row for row in rows if row.id in feeding_ids]
    pages = max(1, -(-len(feeding) // INTEGRATED_PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = feeding[(page - 1) * INTEGRATED_PAGE_SIZE : page * INTEGRATED_PAGE_SIZE]
    shown_ids = [row.id for row in shown]
    fed = items_fed(
        session, shown_ids, as_of=as_of, today=today, exclude_framework=exclude, unlock_owners=shown_ids
    )
    by_rec: dict[int, list[FedItem]] = {}
    for item in fed:
        by_rec.setdefault(item.recommendation_id, []).append(item)
    return IntegratedPage(
        [TrackRecommendation(row.id, row.code, row.title, by_rec.get(row.id, [])) for row in shown],
        track_size=len(rows),
        feeding=len(feeding),
        page=page,
        pages=pages,
    )


def track_choices(session: Session) -> list[tuple[str, str]]:
    """Every track the integrated view can start from, as (value, label): frameworks, sources, themes."""
    choices = [
        (f"framework:{r.id}", r.name)
        for r in session.execute(select(framework.c.id, framework.c.name).order_by(framework.c.name))
    ]
    choices += [
        (f"source:{r.id}", r.title)
        for r in session.execute(select(source.c.id, source.c.title).order_by(source.c.title))
    ]
    choices += [
        (f"theme:{r.id}", r.name)
        for r in session.execute(select(theme.c.id, theme.c.name).order_by(theme.c.name))
    ]
    return choices

"""Creating, changing and deleting frameworks, their items, crosswalk links and recommendation relations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from scorecard.errors import N_, Message, NotFound, RuleViolation
from scorecard.models import (
    Benchmark,
    Framework,
    FrameworkItem,
    FrameworkLink,
    Recommendation,
    RecommendationRelation,
)
from scorecard.rules.frameworks import (
    CheckedFramework,
    ItemFacts,
    check_item,
    check_link_weight,
    check_relation,
)

from .. import audit
from ..audit import ActingUser
from ..reference import RecordKind, _ensure_unique
from ..tables import bench, framework, framework_item, framework_link, rec, relation

FRAMEWORK_FIELDS = (
    "version",
    "name",
    "kind",
    "description",
    "met_rule",
    "threshold",
    "rollup",
    "illustrative",
)
ITEM_FIELDS = ("version", "code", "title", "parent_id", "weight", "due_on", "amount", "currency", "position")


FRAMEWORKS = RecordKind(Framework, "framework", FRAMEWORK_FIELDS)
# The item's code names it in the audit trail; its framework is checked where it is found (get_item).
ITEMS = RecordKind(FrameworkItem, "framework_item", ITEM_FIELDS, name_of=attrgetter("code"))
get_framework = FRAMEWORKS.get


def get_item(session: Session, item_id: int, *, framework_id: int | None = None) -> FrameworkItem:
    """One item by id (of the given framework, when given)."""
    found = session.get(FrameworkItem, item_id)
    if found is None or (framework_id is not None and found.framework_id != framework_id):
        raise NotFound("Framework item", item_id)
    return found


def find_framework(session: Session, name: str) -> Framework | None:
    """A framework by its name, regardless of case."""
    return session.scalar(select(Framework).where(func.lower(Framework.name) == name.strip().lower()))


def save_framework(
    session: Session,
    framework_id: int | None,
    *,
    fields: CheckedFramework,
    expected_version: int | None,
    by: ActingUser,
) -> Framework:
    """Create (no id) or change a framework whose fields passed the rules; names are unique."""
    record = Framework() if framework_id is None else get_framework(session, framework_id)
    _ensure_unique(session, Framework, "name", fields.name, exclude_id=framework_id)
    values = {name: getattr(fields, name) for name in FRAMEWORK_FIELDS if name != "version"}
    return FRAMEWORKS.save(session, record, values, expected_version=expected_version, by=by)


def delete_framework(session: Session, framework_id: int, *, by: ActingUser) -> None:
    """Delete a framework with its items and their links (admins)."""
    FRAMEWORKS.delete(session, framework_id, by=by)


def item_parents(session: Session, framework_id: int) -> dict[int, int | None]:
    """Every item of a framework mapped to its parent's id: what the tree rules check."""
    query = select(framework_item.c.id, framework_item.c.parent_id).where(
        framework_item.c.framework_id == framework_id
    )
    return {row.id: row.parent_id for row in session.execute(query)}


def item_codes(session: Session, framework_id: int) -> dict[str, int]:
    """The codes of a framework's items, mapped to their ids."""
    query = select(framework_item.c.code, framework_item.c.id).where(
        framework_item.c.framework_id == framework_id
    )
    return {row.code: row.id for row in session.execute(query)}


def save_item(
    session: Session,
    framework_id: int,
    item_id: int | None,
    *,
    facts: ItemFacts,
    expected_version: int | None,
    by: ActingUser,
    position: int | None = None,
) -> FrameworkItem:
    """Create (no id) or change one item of a framework, after the rules of rules/frameworks.py."""
    get_framework(session, framework_id)
    record = (
        FrameworkItem(framework_id=framework_id)
        if item_id is None
        else get_item(session, item_id, framework_id=framework_id)
    )
    taken = [code for code, other in item_codes(session, framework_id).items() if other != item_id]
    checked = check_item(
        facts, item_id=item_id, taken_codes=taken, parents=item_parents(session, framework_id)
    )
    values: dict[str, Any] = {
        "code": checked.code,
        "title": checked.title,
        "parent_id": checked.parent_id,
        "weight": checked.weight,
        "due_on": checked.due_on,
        "amount": checked.amount,
        "currency": checked.currency,
    }
    if item_id is None:
        values["position"] = position if position is not None else len(taken)
    return ITEMS.save(session, record, values, expected_version=expected_version, by=by)


def delete_item(session: Session, framework_id: int, item_id: int, *, by: ActingUser) -> None:
    """Delete an item with its sub-items and links (admins)."""
    ITEMS.delete_record(session, get_item(session, item_id, framework_id=framework_id), by=by)


# -- crosswalk links ---------------------------------------------------------------------------------


def _audit_link(
    session: Session,
    by: ActingUser,
    action: str,
    link_id: int,
    owner: int | None,
    said: Message,
    **values: Any,
) -> None:
    """An audit event on a crosswalk link, filed under the recommendation it (or its benchmark) belongs to."""
    audit.record(session, by, action, "framework_link", link_id, said, recommendation_id=owner, **values)


def _audit_relation(
    session: Session, by: ActingUser, action: str, relation_id: int, owner: int, said: Message, **values: Any
) -> None:
    """An audit event on a relation between recommendations, filed under the one it was made from."""
    audit.record(
        session, by, action, "recommendation_relation", relation_id, said, recommendation_id=owner, **values
    )


def add_link(
    session: Session,
    item_id: int,
    *,
    recommendation_id: int | None = None,
    benchmark_id: int | None = None,
    weight: float | None = 1.0,
    by: ActingUser,
) -> FrameworkLink:
    """Link an item to a whole recommendation or to one benchmark; linking the same thing again updates
    the weight."""
    item = get_item(session, item_id)
    checked_weight = check_link_weight(weight)
    if (recommendation_id is None) == (benchmark_id is None):
        raise RuleViolation(N_("Link a recommendation or one of its benchmarks."), field="target")
    owner = _link_owner(session, recommendation_id, benchmark_id)
    found = session.scalar(
        select(FrameworkLink).where(
            FrameworkLink.item_id == item_id,
            FrameworkLink.recommendation_id.is_(None)
            if recommendation_id is None
            else FrameworkLink.recommendation_id == recommendation_id,
            FrameworkLink.benchmark_id.is_(None)
            if benchmark_id is None
            else FrameworkLink.benchmark_id == benchmark_id,
        )
    )
    before = None if found is None else {"weight": found.weight}
    link = found or FrameworkLink(
        item_id=item_id, recommendation_id=recommendation_id, benchmark_id=benchmark_id
    )
    link.weight = checked_weight
    session.add(link)
    session.flush()
    target = (
        N_("benchmark %(id)s", id=benchmark_id)
        if benchmark_id is not None
        else N_("the whole recommendation")
    )
    said = N_(
        "Linked item %(code)s to %(target)s (weight %(weight)s)",
        code=item.code,
        target=target,
        weight=f"{checked_weight:g}",
    )
    action = "link" if found is None else "update"
    after = {
        "item_id": item_id,
        "recommendation_id": recommendation_id,
        "benchmark_id": benchmark_id,
        "weight": checked_weight,
    }
    _audit_link(session, by, action, link.id, owner, said, before=before, after=after)
    return link


def _link_owner(session: Session, recommendation_id: int | None, benchmark_id: int | None) -> int:
    """The recommendation a link target belongs to; a target that does not exist is refused."""
    if benchmark_id is not None:
        owner = session.scalar(select(Benchmark.recommendation_id).where(Benchmark.id == benchmark_id))
    else:
        owner = session.scalar(select(Recommendation.id).where(Recommendation.id == recommendation_id))
    if owner is None:
        raise RuleViolation(N_("That recommendation or benchmark no longer exists."), field="target")
    return int(owner)


def get_link(session: Session, item_id: int, link_id: int) -> FrameworkLink:
    """One crosswalk link of an item."""
    link = session.get(FrameworkLink, link_id)
    if link is None or link.item_id != item_id:
        raise NotFound("Framework link", link_id)
    return link


def link_target(session: Session, link: FrameworkLink) -> tuple[str, str | None]:
    """The code of the recommendation a link counts, and the benchmark's title when it counts one."""
    if link.benchmark_id is None:
        return str(session.scalar(select(rec.c.code).where(rec.c.id == link.recommendation_id))), None
    found = session.execute(
        select(rec.c.code, bench.c.title)
        .join(bench, bench.c.recommendation_id == rec.c.id)
        .where(bench.c.id == link.benchmark_id)
    ).one()
    return str(found.code), str(found.title)


def set_link_weight(
    session: Session, item_id: int, link_id: int, *, weight: float | None, by: ActingUser
) -> FrameworkLink:
    """Change one link's weight, by the rule the import and the link form use; audited when it changes."""
    link = get_link(session, item_id, link_id)
    checked = check_link_weight(weight)
    if checked == link.weight:
        return link
    before = link.weight
    link.weight = checked
    session.flush()
    said = N_(
        "Changed the weight of a crosswalk link of item %(id)s to %(weight)s",
        id=item_id,
        weight=f"{checked:g}",
    )
    owner = _link_owner(session, link.recommendation_id, link.benchmark_id)
    _audit_link(
        session, by, "update", link.id, owner, said, before={"weight": before}, after={"weight": checked}
    )
    return link


def delete_link(session: Session, item_id: int, link_id: int, *, by: ActingUser) -> None:
    """Remove one crosswalk link of an item."""
    link = get_link(session, item_id, link_id)
    owner = _link_owner(session, link.recommendation_id, link.benchmark_id)
    before = {
        "item_id": link.item_id,
        "recommendation_id": link.recommendation_id,
        "benchmark_id": link.benchmark_id,
        "weight": link.weight,
    }
    session.delete(link)
    session.flush()
    said = N_("Removed a crosswalk link of item %(id)s", id=item_id)
    _audit_link(session, by, "unlink", link_id, owner, said, before=before)


# -- recommendation relations --------------------------------------------------------------------------


def add_relation(
    session: Session, from_id: int, *, code: str, kind: str | None, by: ActingUser
) -> RecommendationRelation:
    """Say that one recommendation is the same as, related to, or follows up on another (by its code)."""
    other = session.scalar(select(rec.c.id).where(func.lower(rec.c.code) == code.strip().lower()))
    to_id, checked_kind = check_relation(from_id=from_id, to_id=other, kind=kind)
    pair = or_(
        (relation.c.from_id == from_id) & (relation.c.to_id == to_id),
        (relation.c.from_id == to_id) & (relation.c.to_id == from_id),
    )
    if session.scalar(select(relation.c.id).where(pair)) is not None:
        raise RuleViolation(N_("These two recommendations are already related."), field="code")
    found = RecommendationRelation(from_id=from_id, to_id=to_id, kind=checked_kind)
    session.add(found)
    session.flush()
    said = N_(
        "Related recommendation %(id)s to %(code)s (%(kind)s)",
        id=from_id,
        code=code.strip(),
        kind=Message(checked_kind.replace("_", " ")),
    )
    after = {"from_id": from_id, "to_id": to_id, "kind": checked_kind}
    _audit_relation(session, by, "relate", found.id, from_id, said, after=after)
    return found


def delete_relation(session: Session, recommendation_id: int, relation_id: int, *, by: ActingUser) -> None:
    """Remove a relation shown on this recommendation's page (from either end)."""
    found = session.get(RecommendationRelation, relation_id)
    if found is None or recommendation_id not in (found.from_id, found.to_id):
        raise NotFound("Recommendation relation", relation_id)
    before = {"from_id": found.from_id, "to_id": found.to_id, "kind": found.kind}
    session.delete(found)
    session.flush()
    said = N_("Removed a relation between recommendations")
    _audit_relation(session, by, "unrelate", relation_id, recommendation_id, said, before=before)


@dataclass(frozen=True, slots=True)
class RelationRow:
    """A relation as one recommendation's page shows it: read from this recommendation's side."""

    relation_id: int
    kind: str  # same_as, related_to, follows_up_on, or followed_up_by (the other side of follows_up_on)
    other_id: int
    other_code: str
    other_title: str


def relations_of(session: Session, recommendation_id: int) -> list[RelationRow]:
    """The recommendations related to this one, from either end of the relation (one query)."""
    other = rec.alias("other")
    query = (
        select(
            relation.c.id,
            relation.c.kind,
            relation.c.from_id,
            other.c.id.label("other_id"),
            other.c.code,
            other.c.title,
        )
        .select_from(
            relation.join(
                other,
                or_(
                    (relation.c.from_id == recommendation_id) & (other.c.id == relation.c.to_id),
                    (relation.c.to_id == recommendation_id) & (other.c.id == relation.c.from_id),
                ),
            )
        )
        .order_by(other.c.code)
    )
    rows = []
    for row in session.execute(query):
        kind = row.kind
        if kind == "follows_up_on" and row.from_id != recommendation_id:
            kind = "followed_up_by"
        rows.append(RelationRow(row.id, kind, row.other_id, row.code, row.title))
    return rows


@dataclass(frozen=True, slots=True)
class FrameworkRow:
    """A framework in the list: its name, kind and how many items and links it has."""

    id: int
    name: str
    kind: str
    illustrative: bool
    item_count: int
    link_count: int


def list_frameworks(session: Session) -> list[FrameworkRow]:
    """Every framework by name, with its item and link counts (one query)."""
    items = (
        select(framework_item.c.framework_id, func.count().label("n"))
        .group_by(framework_item.c.framework_id)
        .subquery("items")
    )
    links = (
        select(framework_item.c.framework_id, func.count().label("n"))
        .select_from(framework_link.join(framework_item, framework_item.c.id == framework_link.c.item_id))
        .group_by(framework_item.c.framework_id)
        .subquery("links")
    )
    query = (
        select(
            framework.c.id,
            framework.c.name,
            framework.c.kind,
            framework.c.illustrative,
            func.coalesce(items.c.n, 0),
            func.coalesce(links.c.n, 0),
        )
        .outerjoin(items, items.c.framework_id == framework.c.id)
        .outerjoin(links, links.c.framework_id == framework.c.id)
        .order_by(framework.c.name)
    )
    return [FrameworkRow(r[0], r[1], r[2], bool(r[3]), int(r[4]), int(r[5])) for r in session.execute(query)]


def recommendation_benchmarks(session: Session, code: str) -> tuple[int, str, list[tuple[int, str]]] | None:
    """A recommendation found by code, with its live benchmarks (id, title): what a link form offers."""
    found = session.execute(
        select(rec.c.id, rec.c.code).where(func.lower(rec.c.code) == code.strip().lower())
    ).first()
    if found is None:
        return None
    benchmarks = session.execute(
        select(bench.c.id, bench.c.title)
        .where(bench.c.recommendation_id == found.id, bench.c.archived_at.is_(None))
        .order_by(bench.c.position, bench.c.id)
    )
    return found.id, found.code, [(row.id, row.title) for row in benchmarks]


def due_label(due_on: date | None) -> str:
    """A due date as text for CSV and messages ("" when none)."""
    return due_on.isoformat() if due_on else ""

"""Frameworks, their items and crosswalk links as CSV: the exports (the imports read the same columns)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from .. import content
from ..exports import YIELD_PER, CsvExport, with_translations
from ..tables import bench, framework, framework_item, framework_link, rec
from .evaluation import RULE_COLUMNS, ItemResult, evaluate

KINDS = ("frameworks", "framework-items", "links")
FRAMEWORK_COLUMNS = ("framework", "kind", "met_rule", "threshold", "rollup", "illustrative", "description")
# The name and description in other languages (`name@sq`), after the columns above, as the other exports.
FRAMEWORK_TRANSLATIONS = content.csv_columns("framework")
# Items: the data columns, then what is computed as of the export's date (ignored on import).
ITEM_COLUMNS = ("framework", "code", "title", "parent_code", "weight", "due_on", "amount", "currency")
ITEM_COMPUTED = ("as_of", "score", "coverage", "met", "overdue", "at_risk")
ITEM_TRANSLATIONS = content.csv_columns("framework_item")
LINK_COLUMNS = ("framework", "item_code", "recommendation_code", "benchmark_id", "benchmark_title", "weight")


def _in_framework(query: Select[Any], framework_id: int | None) -> Select[Any]:
    return query if framework_id is None else query.where(framework.c.id == framework_id)


def _batched(session: Session, query: Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
    result = session.connection().execute(query.execution_options(yield_per=YIELD_PER))
    try:
        for partition in result.partitions():
            yield [tuple(row) for row in partition]
    finally:
        result.close()


def _keyed_off(batches: Iterator[list[tuple[Any, ...]]]) -> Iterator[list[tuple[Any, ...]]]:
    """Rows without their first cell: the record's id, which `with_translations` reads."""
    for batch in batches:
        yield [row[1:] for row in batch]


def export_frameworks(session: Session, *, framework_id: int | None = None) -> CsvExport:
    """One row per framework: its name, kind and rules, then its name and description in other languages."""
    query = select(*RULE_COLUMNS, framework.c.description).order_by(framework.c.name)
    rows = with_translations(session, "framework", _batched(session, _in_framework(query, framework_id)))
    return CsvExport("frameworks", (*FRAMEWORK_COLUMNS, *FRAMEWORK_TRANSLATIONS), _keyed_off(rows))


def item_cells(
    result: ItemResult, *, framework_name: str, codes: Mapping[int, str], as_of: date
) -> tuple[Any, ...]:
    """One item's cells in ITEM_COLUMNS + ITEM_COMPUTED order (the CSV's, and the API's fields)."""
    node, summary = result.node, result.summary
    return (
        framework_name,
        node.code,
        node.title,
        codes.get(node.parent_id) if node.parent_id else None,
        node.weight,
        node.due_on,
        node.amount,
        node.currency,
        as_of,
        None if summary.score is None else round(summary.score, 1),
        None if summary.coverage is None else round(summary.coverage, 1),
        result.met,
        result.overdue,
        result.at_risk,
    )


def export_items(
    session: Session, *, framework_id: int | None = None, as_of: date | None = None
) -> CsvExport:
    """One row per item, parents before their children, with its figures on `as_of` (default today) and
    its title in other languages."""
    today = date.today()
    day = as_of or today
    ids = [framework_id] if framework_id is not None else list(session.scalars(select(framework.c.id)))
    names = dict(
        session.execute(select(framework.c.id, framework.c.name).where(framework.c.id.in_(ids))).all()
    )
    results = evaluate(session, framework_ids=ids, as_of=day, today=today)
    codes = {r.node.id: r.node.code for r in results}

    def rows() -> Iterator[list[tuple[Any, ...]]]:
        yield [
            (r.node.id, *item_cells(r, framework_name=names[r.node.framework_id], codes=codes, as_of=day))
            for r in sorted(results, key=lambda r: names[r.node.framework_id])
        ]

    translated = _keyed_off(with_translations(session, "framework_item", rows()))
    return CsvExport("framework-items", (*ITEM_COLUMNS, *ITEM_COMPUTED, *ITEM_TRANSLATIONS), translated)


def export_links(session: Session, *, framework_id: int | None = None, with_ids: bool = False) -> CsvExport:
    """One row per crosswalk link: the item, and the recommendation (and benchmark) it counts.

    `with_ids` adds the link's own id as a last column (`link_id`), for the API's cursor.
    """
    owner = bench.alias("linked_benchmark")
    linked = rec.alias("linked_recommendation")
    ids = (framework_link.c.id,) if with_ids else ()
    query = (
        select(
            framework.c.name,
            framework_item.c.code,
            linked.c.code,
            framework_link.c.benchmark_id,
            owner.c.title,
            framework_link.c.weight,
            *ids,
        )
        .select_from(
            framework_link.join(framework_item, framework_item.c.id == framework_link.c.item_id)
            .join(framework, framework.c.id == framework_item.c.framework_id)
            .outerjoin(owner, owner.c.id == framework_link.c.benchmark_id)
            .join(
                linked,
                (linked.c.id == framework_link.c.recommendation_id)
                | (linked.c.id == owner.c.recommendation_id),
            )
        )
        .order_by(framework.c.name, framework_item.c.position, framework_item.c.code, framework_link.c.id)
    )
    header = (*LINK_COLUMNS, "link_id") if with_ids else LINK_COLUMNS
    return CsvExport("links", header, _batched(session, _in_framework(query, framework_id)))


def export(
    session: Session, kind: str, *, framework_id: int | None = None, as_of: date | None = None
) -> CsvExport:
    """The export of one kind (frameworks, framework-items, links), of one framework or all."""
    if kind == "frameworks":
        return export_frameworks(session, framework_id=framework_id)
    if kind == "framework-items":
        return export_items(session, framework_id=framework_id, as_of=as_of)
    return export_links(session, framework_id=framework_id)

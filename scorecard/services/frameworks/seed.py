"""Frameworks, items, links and relations from a nested structure (the demo's data file reads into it)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from scorecard.errors import RuleViolation
from scorecard.models import utcnow
from scorecard.rules.frameworks import ItemFacts, check_framework

from .. import content
from ..audit import ActingUser
from ..tables import bench, framework, framework_item, framework_link, rec
from . import records


def _benchmark_id(session: Session, recommendation_id: int, title: str) -> int | None:
    return session.scalar(
        select(bench.c.id).where(bench.c.recommendation_id == recommendation_id, bench.c.title == title)
    )


def _add_links(session: Session, item_id: int, links: Sequence[Mapping[str, Any]], by: ActingUser) -> int:
    """Link an item to recommendations (or benchmarks) named by code and title; unknown ones are skipped."""
    added = 0
    for link in links:
        rec_id = session.scalar(select(rec.c.id).where(rec.c.code == link["code"]))
        if rec_id is None:
            continue
        title = link.get("benchmark")
        benchmark_id = _benchmark_id(session, rec_id, title) if title else None
        if title and benchmark_id is None:
            continue
        records.add_link(
            session,
            item_id,
            recommendation_id=None if title else rec_id,
            benchmark_id=benchmark_id,
            weight=float(link.get("weight", 1.0)),
            by=by,
        )
        added += 1
    return added


def _translations(table: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """A table's translations: one inline table of fields per content language (`sq = { title = ... }`)."""
    return {locale: dict(table[locale]) for locale in content.LOCALES if isinstance(table.get(locale), dict)}


def load_framework(session: Session, table: Mapping[str, Any], *, illustrative: bool, by: ActingUser) -> bool:
    """Add one framework with its items (parents before children) and links; False when its name exists."""
    if records.find_framework(session, table["name"]) is not None:
        return False
    fields = check_framework(
        name=table["name"],
        kind=table.get("kind", "other"),
        description=table.get("description"),
        met_rule=table.get("met_rule", "all_achieved"),
        threshold=table.get("threshold"),
        rollup=table.get("rollup", "all_children"),
        illustrative=illustrative,
    )
    framework = records.save_framework(session, None, fields=fields, expected_version=None, by=by)
    content.set_translations(session, framework, values=_translations(table))
    ids: dict[str, int] = {}
    for position, item in enumerate(table.get("items", [])):
        facts = ItemFacts(
            code=item["code"],
            title=item["title"],
            weight=float(item.get("weight", 1.0)),
            parent_id=ids[item["parent"]] if item.get("parent") else None,
            due_on=item.get("due_on"),
            amount=float(item["amount"]) if item.get("amount") is not None else None,
            currency=item.get("currency"),
        )
        saved = records.save_item(
            session, framework.id, None, facts=facts, expected_version=None, by=by, position=position
        )
        ids[item["code"]] = saved.id
        content.set_translations(session, saved, values=_translations(item))
        _add_links(session, saved.id, item.get("links", []), by)
    return True


def load_relations(session: Session, relations: Sequence[Mapping[str, Any]], *, by: ActingUser) -> None:
    """Relate recommendations by code; pairs already related, or codes not there, are left alone."""
    for relation in relations:
        rec_id = session.scalar(select(rec.c.id).where(rec.c.code == relation["code"]))
        if rec_id is None:
            continue
        try:
            with session.begin_nested():
                records.add_relation(session, rec_id, code=relation["other"], kind=relation["kind"], by=by)
        except RuleViolation:
            continue


def generate(
    session: Session, *, frameworks: int = 5, items: int = 500, links_per: int = 10, seed: int = 1
) -> tuple[int, int]:
    """Synthetic frameworks for measuring at scale: `items` per framework in a three-level tree (areas of ten
    conditions), every leaf linked to `links_per` random benchmarks or recommendations. Bulk inserts; returns
    (items, links) written. Marked illustrative."""
    rng = random.Random(seed)
    bench_ids = list(session.scalars(select(bench.c.id)))
    rec_ids = list(session.scalars(select(rec.c.id)))
    if not bench_ids:
        return 0, 0
    now = utcnow()
    start = int(session.scalar(select(func.count()).select_from(framework)) or 0)
    made_items = made_links = 0
    for number in range(frameworks):
        framework_id = session.scalar(
            insert(framework)
            .returning(framework.c.id)
            .values(
                name=f"Generated framework {start + number + 1}",
                kind="funding",
                met_rule="all_achieved",
                rollup="all_children",
                illustrative=True,
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
        parent_id = None
        for position in range(items):
            is_area = position % 11 == 0
            row = {
                "framework_id": framework_id,
                "parent_id": None if is_area else parent_id,
                "code": f"{position // 11 + 1}" if is_area else f"{position // 11 + 1}.{position % 11}",
                "title": f"Generated item {position}",
                "weight": 1.0,
                "position": position,
                "version": 1,
                "due_on": None,
                "amount": None if is_area else float(rng.randrange(1, 50)) * 100_000,
                "currency": None if is_area else "EUR",
                "created_at": now,
                "updated_at": now,
            }
            item_id = session.scalar(insert(framework_item).returning(framework_item.c.id).values(**row))
            made_items += 1
            if is_area:
                parent_id = item_id
                continue
            links = []
            for benchmark_id in rng.sample(bench_ids, min(links_per - 1, len(bench_ids))):
                links.append({"item_id": item_id, "benchmark_id": benchmark_id, "recommendation_id": None})
            links.append({"item_id": item_id, "benchmark_id": None, "recommendation_id": rng.choice(rec_ids)})
            session.execute(
                insert(framework_link), [{**link, "weight": 1.0, "created_at": now} for link in links]
            )
            made_links += len(links)
    return made_items, made_links

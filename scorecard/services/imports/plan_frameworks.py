"""Planning and applying framework files: frameworks, framework items (or a two-column list of goals and
targets) and crosswalk links, checked with rules/frameworks.py, the rules the forms use.

Frameworks are small (hundreds of items), so applying goes through the frameworks service one record at
a time: each write is audited the way a form's is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scorecard.errors import RuleViolation
from scorecard.rules import frameworks as rules

from ..audit import ActingUser
from ..frameworks import records
from ..tables import bench, framework, framework_item, framework_link, rec
from . import translations
from .cells import TRUE_WORDS, Cells, fast_day, fast_number
from .plans import RowResult, show

# Which column of the file a rule's field is (the rules name ids; files name codes).
COLUMN_OF = {"name": "framework", "parent_id": "parent_code", "target": "recommendation_code", "code": "code"}
GOALS_KIND = "sdg"


@dataclass(slots=True)
class FrameworkWork:
    """What applying a framework file writes, in order."""

    frameworks: list[tuple[int | None, rules.CheckedFramework]] = field(default_factory=list)
    # (framework name, item id or None, code, facts with parent_id None, parent code), parents first
    items: list[tuple[str, int | None, str, rules.ItemFacts, str | None]] = field(default_factory=list)
    new_goal_frameworks: list[str] = field(default_factory=list)
    links: list[tuple[int, int | None, int | None, float]] = field(default_factory=list)
    # The original language and `field@locale` values rows give: by framework name, by (name, code).
    framework_translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    item_translations: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def _rule_errors(cells: Cells, violation: RuleViolation) -> None:
    for name, message in violation.errors.items():
        cells.error(COLUMN_OF.get(name, name or "framework"), str(message))


def _changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    before = before or {}
    return {k: (show(before.get(k)), show(v)) for k, v in after.items() if show(before.get(k)) != show(v)}


def _result(row: int, key: str, before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> RowResult:
    if before is None:
        return RowResult(row, "create", key, changes=_changes(None, after))
    changes = _changes(before, after)
    return RowResult(row, "update" if changes else "unchanged", key, changes=changes or None)


# -- frameworks ---------------------------------------------------------------------------------------------


def plan_framework_rows(
    session: Session, rows: Iterable[tuple[int, dict[str, str]]], present: frozenset[str]
) -> tuple[list[RowResult], FrameworkWork, list[str]]:
    """Check a frameworks file: each row creates a framework or updates the one of that name."""
    stored = {
        row.name.lower(): row
        for row in session.execute(
            select(
                framework.c.id,
                *(
                    framework.c[c]
                    for c in (
                        "name",
                        "kind",
                        "met_rule",
                        "threshold",
                        "rollup",
                        "illustrative",
                        "description",
                    )
                ),
            )
        )
    }
    stored_translations: dict[int, dict[str, Any]] = {row.id: {} for row in stored.values()}
    translations.attach(session, "framework", stored_translations)
    work, results, seen = FrameworkWork(), [], set()
    for row_number, values in rows:
        cells = Cells(row_number, values)
        name = cells.text("framework", max_length=200) or ""
        current = stored.get(name.lower())
        translated = translations.read_cells(cells, "framework", 200)
        if name.lower() in seen:
            cells.error("framework", "This framework is on an earlier row of the file too.")
        seen.add(name.lower())

        try:
            checked = rules.check_framework(name=name, **_framework_cells(cells, present, current))
        except RuleViolation as violation:
            _rule_errors(cells, violation)
        if cells.errors:
            results.append(RowResult(row_number, "error", name, errors=cells.errors))
            continue
        after = {
            k: getattr(checked, k)
            for k in ("kind", "met_rule", "threshold", "rollup", "illustrative", "description")
        }
        before = {k: getattr(current, k) for k in after} if current else None
        if current is not None:
            before = {**(before or {}), **_stored_translations(stored_translations[current.id], translated)}
        result = _result(row_number, name, before, {**after, **translated})
        results.append(result)
        if result.action != "unchanged":
            work.frameworks.append((current.id if current else None, checked))
            work.framework_translations[name.lower()] = translated
    return results, work, []


def _stored_translations(stored: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The stored values of the translation columns a row gives (the original's language `en` unless set)."""
    return {name: stored.get(name, "en" if name == "original_locale" else None) for name in given}


def _framework_cells(cells: Cells, present: frozenset[str], current: Any) -> dict[str, Any]:
    """A framework row's values: each column the file gives, else the stored value, else the default."""

    def given(column: str, fallback: Any) -> str | None:
        return cells.raw(column) if column in present and cells.raw(column) else fallback

    threshold = given("threshold", None)
    illustrative = given("illustrative", None)
    return {
        "kind": (given("kind", None) or (current.kind if current else "other")).lower(),
        "description": cells.text("description")
        if "description" in present
        else (current.description if current else None),
        "met_rule": (given("met_rule", None) or (current.met_rule if current else "all_achieved")).lower(),
        "threshold": fast_number(cells, "threshold", threshold)
        if threshold
        else (current.threshold if current and "threshold" not in present else None),
        "rollup": (given("rollup", None) or (current.rollup if current else "all_children")).lower(),
        "illustrative": illustrative.lower() in TRUE_WORDS
        if illustrative
        else bool(current.illustrative if current and "illustrative" not in present else False),
    }


# -- items, and a two-column list of goals and targets --------------------------------------------------


def goals_framework_name(filename: str) -> str:
    """The framework a two-column goals file fills: named after the file ("sdg-16.csv" is "sdg-16")."""
    stem = PurePath(filename or "").stem.strip()
    return stem[:200] or "Goals and targets"


def inferred_parent(code: str, codes: Iterable[str]) -> str | None:
    """A target's goal from its dotted code: 16.3 sits under 16, 16.3.1 under 16.3 (when the file has it)."""
    known = set(codes)
    parts = code.split(".")
    while len(parts) > 1:
        parts = parts[:-1]
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
    return None


@dataclass(slots=True)
class _StoredItems:
    """Every stored item of the frameworks a file names, by framework name then code."""

    framework_ids: dict[str, int]
    items: dict[str, dict[str, Any]]
    translations: dict[int, dict[str, Any]]  # item id -> its original language and `title@locale` values

    @classmethod
    def load(cls, session: Session, names: set[str]) -> _StoredItems:
        found = {
            row.name.lower(): row.id
            for row in session.execute(
                select(framework.c.id, framework.c.name).where(
                    func.lower(framework.c.name).in_(sorted(names))
                )
            )
        }
        parent = framework_item.alias("parent")
        items: dict[str, dict[str, Any]] = {name: {} for name in found}
        by_id = {ident: name for name, ident in found.items()}
        query = (
            select(framework_item, parent.c.code.label("parent_code"))
            .outerjoin(parent, parent.c.id == framework_item.c.parent_id)
            .where(framework_item.c.framework_id.in_(sorted(found.values())))
        )
        for row in session.execute(query):
            items[by_id[row.framework_id]][row.code] = row
        stored: dict[int, dict[str, Any]] = {row.id: {} for rows in items.values() for row in rows.values()}
        translations.attach(session, "framework_item", stored)
        return cls(found, items, stored)


def _item_values(
    cells: Cells, present: frozenset[str], current: Any, parent_code: str | None
) -> dict[str, Any]:
    def given(column: str, fallback: Any, read: Any) -> Any:
        return read() if column in present else fallback

    return {
        "title": given(
            "title", current.title if current else None, lambda: cells.text("title", max_length=300)
        ),
        "parent_code": parent_code,
        "weight": given(
            "weight",
            current.weight if current else 1.0,
            lambda: fast_number(cells, "weight", cells.raw("weight")) if cells.raw("weight") else 1.0,
        ),
        "due_on": given(
            "due_on",
            current.due_on if current else None,
            lambda: fast_day(cells, "due_on", cells.raw("due_on")) if cells.raw("due_on") else None,
        ),
        "amount": given(
            "amount",
            current.amount if current else None,
            lambda: fast_number(cells, "amount", cells.raw("amount")),
        ),
        "currency": given("currency", current.currency if current else None, lambda: cells.text("currency")),
    }


def plan_item_rows(
    session: Session, rows: Iterable[tuple[int, dict[str, str]]], present: frozenset[str], *, filename: str
) -> tuple[list[RowResult], FrameworkWork, list[str]]:
    """Check an items file (or a two-column code,title list, which fills a framework named after the file)."""
    listed = list(rows)
    goals = "framework" not in present
    notices: list[str] = []
    if goals:
        name = goals_framework_name(filename)
        for _row, values in listed:
            values["framework"] = name
        codes = [values.get("code", "").strip() for _row, values in listed]
        for _row, values in listed:
            values["parent_code"] = inferred_parent(values.get("code", "").strip(), codes) or ""
        present = present | {"framework", "parent_code"}
        notices.append(
            f"A two-column list: its rows become the items of the framework “{name}”, each target "
            "under the goal its dotted code names."
        )
    names = {values.get("framework", "").strip().lower() for _row, values in listed}
    stored = _StoredItems.load(session, names)
    work = FrameworkWork()
    if goals and not stored.framework_ids:
        work.new_goal_frameworks.append(goals_framework_name(filename))
        stored.items[goals_framework_name(filename).lower()] = {}
    planned = _final_tree(listed, stored, present)
    results, seen = [], set()
    for row, values in listed:
        key = (values.get("framework", "").strip().lower(), values.get("code", "").strip())
        if key in seen:
            cells = Cells(row, values)
            cells.error("code", "This code is on an earlier row of the file for the same framework.")
            results.append(RowResult(row, "error", " ".join(key), errors=cells.errors))
            continue
        seen.add(key)
        results.append(_plan_item(row, values, present, stored, planned, work))
    work.items.sort(key=lambda op: _depth(op[0].lower(), op[2], planned))
    return results, work, notices


def _final_tree(
    listed: list[tuple[int, dict[str, str]]], stored: _StoredItems, present: frozenset[str]
) -> dict[str, dict[str, str | None]]:
    """Per framework, every code's parent code once the file is applied."""
    tree: dict[str, dict[str, str | None]] = {
        name: {code: row.parent_code for code, row in items.items()} for name, items in stored.items.items()
    }
    for _row, values in listed:
        name, code = values.get("framework", "").strip().lower(), values.get("code", "").strip()
        if name in tree and code:
            current = tree[name].get(code)
            tree[name][code] = (
                (values.get("parent_code", "").strip() or None) if "parent_code" in present else current
            )
    return tree


def _depth(name: str, code: str, planned: dict[str, dict[str, str | None]]) -> int:
    depth, seen, current = 0, set(), planned.get(name, {}).get(code)
    while current is not None and current not in seen and depth < 1000:
        seen.add(current)
        depth += 1
        current = planned.get(name, {}).get(current)
    return depth


def _plan_item(
    row: int,
    values: dict[str, str],
    present: frozenset[str],
    stored: _StoredItems,
    planned: dict[str, dict[str, str | None]],
    work: FrameworkWork,
) -> RowResult:
    cells = Cells(row, values)
    name = cells.text("framework") or ""
    code = cells.text("code", max_length=40) or ""
    key = f"{name} {code}".strip()
    tree = planned.get(name.lower())
    if tree is None:
        cells.error("framework", f"No framework is called “{name}”: import it first, or add it on its page.")
        return RowResult(row, "error", key, errors=cells.errors)
    current = stored.items[name.lower()].get(code)
    parent_code = tree.get(code) if code else None
    if parent_code is not None and parent_code not in tree:
        cells.error("parent_code", f"No item {parent_code} in this framework or in the file.")
    new = _item_values(cells, present, current, parent_code)
    translated = translations.read_cells(cells, "framework_item", 300)
    ids = {c: index for index, c in enumerate(sorted(tree), 1)}
    try:
        rules.check_item(
            rules.ItemFacts(
                code=code,
                title=new["title"],
                weight=new["weight"],
                parent_id=ids.get(parent_code) if parent_code else None,
                due_on=new["due_on"],
                amount=new["amount"],
                currency=new["currency"],
            ),
            item_id=ids.get(code),
            taken_codes=[],  # the file's codes are its keys: a repeat is an update of the same item
            parents={ids[c]: ids.get(p) if p else None for c, p in tree.items()},
        )
    except RuleViolation as violation:
        _rule_errors(cells, violation)
    if cells.errors:
        return RowResult(row, "error", key, errors=cells.errors)
    before = (
        None
        if current is None
        else {k: (current.parent_code if k == "parent_code" else getattr(current, k)) for k in new}
    )
    if new["currency"]:
        new["currency"] = new["currency"].upper()
    if current is not None:
        before = {**(before or {}), **_stored_translations(stored.translations[current.id], translated)}
    result = _result(row, key, before, {**new, **translated})
    if result.action != "unchanged":
        work.item_translations[(name.lower(), code)] = translated
        facts = rules.ItemFacts(
            code=code,
            title=new["title"],
            weight=new["weight"],
            due_on=new["due_on"],
            amount=new["amount"],
            currency=new["currency"],
        )
        work.items.append((name, current.id if current is not None else None, code, facts, parent_code))
    return result


# -- crosswalk links ---------------------------------------------------------------------------------


def plan_link_rows(
    session: Session, rows: Iterable[tuple[int, dict[str, str]]], present: frozenset[str]
) -> tuple[list[RowResult], FrameworkWork, list[str]]:
    """Check a links file: each row links an item to a recommendation, or to one benchmark of it."""
    items = {
        (row.name.lower(), row.code): row.id
        for row in session.execute(
            select(framework.c.name, framework_item.c.code, framework_item.c.id).join(
                framework, framework.c.id == framework_item.c.framework_id
            )
        )
    }
    recommendations = dict(session.execute(select(func.lower(rec.c.code), rec.c.id)).all())
    benchmarks = {
        row.id: row for row in session.execute(select(bench.c.id, bench.c.recommendation_id, bench.c.title))
    }
    existing = {
        (row.item_id, row.recommendation_id, row.benchmark_id): row.weight
        for row in session.execute(select(framework_link))
    }
    work, results = FrameworkWork(), []
    for row_number, values in rows:
        cells = Cells(row_number, values)
        key = f"{cells.raw('framework')} {cells.raw('item_code')} → {cells.raw('recommendation_code')}"
        item_id = items.get((cells.raw("framework").lower(), cells.raw("item_code")))
        if item_id is None:
            cells.error("item_code", "No such item in that framework.")
        rec_id = recommendations.get(cells.raw("recommendation_code").lower())
        if rec_id is None:
            cells.error("recommendation_code", "No recommendation has this code.")
        benchmark_id = _linked_benchmark(cells, rec_id, benchmarks)
        try:
            weight = rules.check_link_weight(
                fast_number(cells, "weight", cells.raw("weight")) if cells.raw("weight") else 1.0
            )
        except RuleViolation as violation:
            _rule_errors(cells, violation)
        if cells.errors:
            results.append(RowResult(row_number, "error", key, errors=cells.errors))
            continue
        assert item_id is not None and rec_id is not None
        target = (item_id, None if benchmark_id else rec_id, benchmark_id)
        before = {"weight": existing[target]} if target in existing else None
        result = _result(row_number, key, before, {"weight": weight})
        results.append(result)
        if result.action != "unchanged":
            work.links.append((item_id, target[1], benchmark_id, weight))
    return results, work, []


def _linked_benchmark(cells: Cells, rec_id: int | None, benchmarks: Mapping[int, Any]) -> int | None:
    """The benchmark a row names (by id, else by title within its recommendation); None: the whole one."""
    raw_id, title = cells.raw("benchmark_id"), cells.text("benchmark_title")
    if raw_id:
        found = benchmarks.get(int(raw_id)) if raw_id.isdigit() else None
        if found is None or found.recommendation_id != rec_id:
            cells.error("benchmark_id", "No benchmark of this recommendation has this id.")
            return None
        return int(found.id)
    if title:
        matches = [b.id for b in benchmarks.values() if b.recommendation_id == rec_id and b.title == title]
        if len(matches) != 1:
            cells.error("benchmark_title", "Name one benchmark of this recommendation by its exact title.")
            return None
        return int(matches[0])
    return None


# -- applying ----------------------------------------------------------------------------------------


def apply_frameworks(session: Session, work: FrameworkWork, *, by: ActingUser) -> int:
    """Write a framework file's plan through the frameworks service (each write audited); rows written."""
    for framework_id, checked in work.frameworks:
        saved = records.save_framework(session, framework_id, fields=checked, expected_version=None, by=by)
        translations.apply_one(
            session, saved, work.framework_translations.get(checked.name.lower(), {}), by=by
        )
    for name in work.new_goal_frameworks:
        fields = rules.check_framework(name=name, kind=GOALS_KIND)
        records.save_framework(session, None, fields=fields, expected_version=None, by=by)
    for name, item_id, code, facts, parent_code in work.items:
        found = records.find_framework(session, name)
        assert found is not None
        codes = records.item_codes(session, found.id)
        parent_id = codes.get(parent_code) if parent_code else None
        facts = rules.ItemFacts(
            code=code,
            title=facts.title,
            weight=facts.weight,
            parent_id=parent_id,
            due_on=facts.due_on,
            amount=facts.amount,
            currency=facts.currency,
        )
        item = records.save_item(
            session, found.id, item_id or codes.get(code), facts=facts, expected_version=None, by=by
        )
        translations.apply_one(session, item, work.item_translations.get((name.lower(), code), {}), by=by)
    for item_id, recommendation_id, benchmark_id, weight in work.links:
        records.add_link(
            session,
            item_id,
            recommendation_id=recommendation_id,
            benchmark_id=benchmark_id,
            weight=weight,
            by=by,
        )
    return len(work.frameworks) + len(work.items) + len(work.links)

"""The rules of frameworks, their items and crosswalk links, shared by the forms and the CSV import."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from scorecard.errors import N_, RuleViolation

from .text import clean

FRAMEWORK_KINDS = ("dialogue", "accession", "funding", "agreement", "sdg", "upr", "other")
MET_RULES = ("all_achieved", "threshold")
ROLLUPS = ("all_children", "score")
RELATION_KINDS = ("same_as", "related_to", "follows_up_on")
CURRENCY = re.compile(r"^[A-Z]{3}$")

MESSAGES = {
    "name_required": N_("Name is required."),
    "kind": N_("Choose the kind of framework."),
    "met_rule": N_("Choose when an item is met."),
    "threshold": N_("A threshold rule needs a threshold above 0 and at most 100."),
    "threshold_not_wanted": N_("Only the threshold rule has a threshold; leave it empty."),
    "rollup": N_("Choose how items roll up."),
    "code_required": N_("Code is required."),
    "code_taken": N_("Code %(code)s is already used in this framework."),
    "title_required": N_("Title is required."),
    "weight": N_("Weight must be a number more than 0."),
    "amount": N_("The amount must be 0 or more."),
    "currency": N_("Give the currency as three capital letters, such as EUR."),
    "currency_needs_amount": N_("A currency goes with an amount; give both or neither."),
    "parent_gone": N_("That parent item is not in this framework."),
    "cycle": N_("An item cannot sit under itself or under one of its own sub-items."),
    "target_required": N_("Link a recommendation or one of its benchmarks."),
    "relation_kind": N_("Choose same as, related to or follows up on."),
    "relation_self": N_("A recommendation cannot be related to itself."),
}


@dataclass(frozen=True, slots=True)
class CheckedFramework:
    """A framework that passed every rule."""

    name: str
    kind: str
    description: str | None
    met_rule: str
    threshold: float | None
    rollup: str
    illustrative: bool


def check_framework(
    *,
    name: str | None,
    kind: str | None,
    description: str | None = None,
    met_rule: str | None = "all_achieved",
    threshold: float | None = None,
    rollup: str | None = "all_children",
    illustrative: bool = False,
) -> CheckedFramework:
    """Apply the rules of a framework; errors keyed by field."""
    errors: dict[str, str] = {}
    cleaned = clean(name)
    if not cleaned:
        errors["name"] = MESSAGES["name_required"]
    if kind not in FRAMEWORK_KINDS:
        errors["kind"] = MESSAGES["kind"]
    if met_rule not in MET_RULES:
        errors["met_rule"] = MESSAGES["met_rule"]
    elif met_rule == "threshold":
        if threshold is None or not math.isfinite(threshold) or not 0 < threshold <= 100:
            errors["threshold"] = MESSAGES["threshold"]
    elif threshold is not None:
        errors["threshold"] = MESSAGES["threshold_not_wanted"]
    if rollup not in ROLLUPS:
        errors["rollup"] = MESSAGES["rollup"]
    if errors:
        raise RuleViolation(errors)
    assert cleaned is not None and kind is not None and met_rule is not None and rollup is not None
    return CheckedFramework(cleaned, kind, clean(description), met_rule, threshold, rollup, illustrative)


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """An item as given, before any rule."""

    code: str | None
    title: str | None
    weight: float | None = 1.0
    parent_id: int | None = None
    due_on: date | None = None
    amount: float | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class CheckedItem:
    """An item that passed every rule; the currency is upper case, absent without an amount."""

    code: str
    title: str
    weight: float
    parent_id: int | None
    due_on: date | None
    amount: float | None
    currency: str | None


def creates_cycle(item_id: int | None, parent_id: int | None, parents: Mapping[int, int | None]) -> bool:
    """Whether putting `item_id` under `parent_id` makes a loop, given every item's current parent.

    A new item (no id yet) cannot close a loop. Walking up from the parent
    meets the item itself exactly when the parent is the item or below it.
    """
    if item_id is None or parent_id is None:
        return False
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if current == item_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return current is not None  # a loop already stored above: refuse to hang anything off it


def check_item(
    facts: ItemFacts,
    *,
    item_id: int | None,
    taken_codes: Collection[str],
    parents: Mapping[int, int | None],
) -> CheckedItem:
    """Apply every rule of one framework item.

    `taken_codes` are the codes other items of the framework have (compared
    without regard to case); `parents` maps each item id of the framework to
    its parent's id, for the parent and loop checks.
    """
    errors: dict[str, str] = {}
    code = clean(facts.code)
    if not code:
        errors["code"] = MESSAGES["code_required"]
    elif code.casefold() in {taken.casefold() for taken in taken_codes}:
        errors["code"] = N_("Code %(code)s is already used in this framework.", code=code)
    title = clean(facts.title)
    if not title:
        errors["title"] = MESSAGES["title_required"]
    if not _positive(facts.weight):
        errors["weight"] = MESSAGES["weight"]
    currency = (clean(facts.currency) or "").upper() or None
    if facts.amount is not None:
        if not math.isfinite(facts.amount) or facts.amount < 0:
            errors["amount"] = MESSAGES["amount"]
        if currency is None or not CURRENCY.match(currency):
            errors["currency"] = MESSAGES["currency"]
    elif currency is not None:
        errors["currency"] = MESSAGES["currency_needs_amount"]
    if facts.parent_id is not None and facts.parent_id not in parents:
        errors["parent_id"] = MESSAGES["parent_gone"]
    elif creates_cycle(item_id, facts.parent_id, parents):
        errors["parent_id"] = MESSAGES["cycle"]
    if errors:
        raise RuleViolation(errors)
    assert code is not None and title is not None and facts.weight is not None
    return CheckedItem(
        code,
        title,
        facts.weight,
        facts.parent_id,
        facts.due_on,
        facts.amount,
        currency if facts.amount is not None else None,
    )


def _positive(weight: float | None) -> bool:
    return weight is not None and math.isfinite(weight) and weight > 0


def check_link_weight(weight: float | None) -> float:
    """A crosswalk link's weight: a number more than 0."""
    if not _positive(weight):
        raise RuleViolation(MESSAGES["weight"], field="weight")
    assert weight is not None
    return weight


def check_relation(*, from_id: int, to_id: int | None, kind: str | None) -> tuple[int, str]:
    """A relation between two recommendations: another recommendation, and a known kind."""
    errors: dict[str, str] = {}
    if kind not in RELATION_KINDS:
        errors["kind"] = MESSAGES["relation_kind"]
    if to_id is None:
        errors["code"] = MESSAGES["target_required"]
    elif to_id == from_id:
        errors["code"] = MESSAGES["relation_self"]
    if errors:
        raise RuleViolation(errors)
    assert to_id is not None and kind is not None
    return to_id, kind

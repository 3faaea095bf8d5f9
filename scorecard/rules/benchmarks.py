"""The rules of a benchmark: its title, kind, weight, and the fields each kind needs or refuses."""

from __future__ import annotations

import math
from collections.abc import Collection, Container
from dataclasses import dataclass
from datetime import date

from scorecard.errors import N_, RuleViolation

from .text import clean
from .vocabulary import BENCHMARK_KINDS, DECREASE, DIRECTIONS, INCREASE, NUMERIC, REPORTING_FREQUENCIES, SCALE

# The fields of a benchmark that the caller may give, as the rules name them.
BENCHMARK_INPUTS = (
    "title",
    "kind",
    "scale_id",
    "baseline",
    "target",
    "unit",
    "direction",
    "weight",
    "due_on",
    "reporting_frequency",
    "reporting_due_day",
)
NUMERIC_ONLY = ("baseline", "target", "unit", "direction")

MESSAGES = {
    "title_required": N_("Title is required."),
    "kind": N_("Choose milestone, scale or numeric."),
    "weight": N_("Weight must be a number more than 0."),
    "scale_required": N_("Choose the scale this benchmark is assessed on."),
    "scale_gone": N_("That scale no longer exists."),
    "scale_not_wanted": N_("Only scale benchmarks have a scale; leave it empty."),
    "baseline_required": N_("A numeric benchmark needs a baseline."),
    "baseline_finite": N_("The baseline must be an ordinary number."),
    "target_required": N_("A numeric benchmark needs a target."),
    "target_finite": N_("The target must be an ordinary number."),
    "target_equal": N_("The target must differ from the baseline."),
    "direction": N_("Choose whether higher or lower is better."),
    "increase": N_("Higher is better, so the target must be above the baseline."),
    "decrease": N_("Lower is better, so the target must be below the baseline."),
    "reporting_frequency": N_("Choose monthly, quarterly, half-yearly or yearly, or leave it empty."),
    "reporting_due_day": N_("The due day is a day of the month, from 1 to 31."),
    "due_day_alone": N_("A due day needs a reporting frequency."),
    "fixed": (
        N_(
            "This benchmark has progress entries, so its kind and scale are fixed. "
            "Add a new benchmark instead."
        )
    ),
}


# Whole sentences per field and kind: a translation cannot put a field's name into a shared one.
NUMERIC_ONLY_MESSAGES = {
    ("baseline", "scale"): N_("Only numeric benchmarks have a baseline; leave it empty for a scale."),
    ("baseline", "milestone"): N_("Only numeric benchmarks have a baseline; leave it empty for a milestone."),
    ("target", "scale"): N_("Only numeric benchmarks have a target; leave it empty for a scale."),
    ("target", "milestone"): N_("Only numeric benchmarks have a target; leave it empty for a milestone."),
    ("unit", "scale"): N_("Only numeric benchmarks have a unit; leave it empty for a scale."),
    ("unit", "milestone"): N_("Only numeric benchmarks have a unit; leave it empty for a milestone."),
    ("direction", "scale"): N_("Only numeric benchmarks have a direction; leave it empty for a scale."),
    ("direction", "milestone"): N_(
        "Only numeric benchmarks have a direction; leave it empty for a milestone."
    ),
}


def numeric_only_message(name: str, kind: str) -> str:
    """What a field that only numeric benchmarks have says when given for another kind."""
    return NUMERIC_ONLY_MESSAGES.get((name, kind)) or N_(
        "Only numeric benchmarks have this field; leave it empty."
    )


@dataclass(slots=True)
class BenchmarkFacts:
    """A benchmark as given, before any rule (an import merges its row over the stored values first).

    Not frozen: services.recommendations.BenchmarkInput, the form's benchmark, is one with an id.
    """

    title: str | None
    kind: str | None
    scale_id: int | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    direction: str | None = None
    weight: float | None = 1.0
    due_on: date | None = None
    reporting_frequency: str | None = None
    reporting_due_day: int | None = None


@dataclass(frozen=True, slots=True)
class RecordedBenchmark:
    """What the rules need of the stored benchmark being edited."""

    kind: str
    scale_id: int | None
    has_entries: bool


@dataclass(frozen=True, slots=True)
class CheckedBenchmark:
    """A benchmark that passed every rule; fields of other kinds are None, direction is settled."""

    title: str
    kind: str
    scale_id: int | None
    baseline: float | None
    target: float | None
    unit: str | None
    direction: str | None
    weight: float
    due_on: date | None
    reporting_frequency: str | None
    reporting_due_day: int | None

    def columns(self) -> dict[str, object]:
        """The benchmark's columns, by name."""
        return {name: getattr(self, name) for name in BENCHMARK_INPUTS}


def _finite(value: float | None, name: str, errors: dict[str, str]) -> float | None:
    if value is None:
        errors[name] = MESSAGES[f"{name}_required"]
        return None
    if not math.isfinite(value):
        errors[name] = MESSAGES[f"{name}_finite"]
        return None
    return value


def _settle_direction(fields: BenchmarkFacts, errors: dict[str, str]) -> str | None:
    """The direction of a numeric benchmark: as given and agreeing with its figures, or read from them."""
    baseline = _finite(fields.baseline, "baseline", errors)
    target = _finite(fields.target, "target", errors)
    direction = fields.direction or None
    if direction is not None and direction not in DIRECTIONS:
        # Reported, and compared with nothing below: it is neither increase nor decrease.
        errors["direction"] = MESSAGES["direction"]
    if baseline is None or target is None:
        return direction
    if target == baseline:
        errors["target"] = MESSAGES["target_equal"]
    elif direction is None:
        direction = INCREASE if target > baseline else DECREASE
    elif direction == INCREASE and target < baseline:
        errors["direction"] = MESSAGES["increase"]
    elif direction == DECREASE and target > baseline:
        errors["direction"] = MESSAGES["decrease"]
    return direction


def check_schedule(
    frequency: str | None, due_day: int | None, errors: dict[str, str]
) -> tuple[str | None, int | None]:
    """A reporting schedule: a known frequency (or none), and a due day of the month only with one."""
    frequency = frequency or None
    if frequency is not None and frequency not in REPORTING_FREQUENCIES:
        errors["reporting_frequency"] = MESSAGES["reporting_frequency"]
    if due_day is not None:
        if not 1 <= due_day <= 31:
            errors["reporting_due_day"] = MESSAGES["reporting_due_day"]
        elif frequency is None:
            errors["reporting_due_day"] = MESSAGES["due_day_alone"]
    return frequency, due_day


def check_benchmark(
    fields: BenchmarkFacts,
    *,
    scales: Container[int] | None = None,
    supplied: Collection[str] = BENCHMARK_INPUTS,
    recorded: RecordedBenchmark | None = None,
) -> CheckedBenchmark:
    """Apply every rule of one benchmark; errors are keyed by field name (`scale_id` for the scale).

    `scales` are the ids of the scales that exist (None: the caller resolved
    the scale itself). `supplied` names the fields the caller set on purpose:
    a field of another kind among them is refused ("leave it empty"), one
    merely carried over from the stored benchmark is dropped. `recorded` is
    the stored benchmark an edit changes.
    """
    errors: dict[str, str] = {}
    title = clean(fields.title)
    if not title:
        errors["title"] = MESSAGES["title_required"]
    weight = fields.weight
    if weight is None or not math.isfinite(weight) or not weight > 0:
        errors["weight"] = MESSAGES["weight"]
    kind = fields.kind
    if kind is None or kind not in BENCHMARK_KINDS:
        # What else is needed or refused depends on the kind: nothing more to say.
        raise RuleViolation({**errors, "kind": MESSAGES["kind"]})
    scale_id = direction = None
    if kind == SCALE:
        scale_id = fields.scale_id
        if scale_id is None:
            errors["scale_id"] = MESSAGES["scale_required"]
        elif scales is not None and scale_id not in scales:
            errors["scale_id"] = MESSAGES["scale_gone"]
    elif fields.scale_id is not None and "scale_id" in supplied:
        errors["scale_id"] = MESSAGES["scale_not_wanted"]
    if kind == NUMERIC:
        direction = _settle_direction(fields, errors)
    else:
        for name in NUMERIC_ONLY:
            if name in supplied and getattr(fields, name) not in (None, ""):
                errors[name] = numeric_only_message(name, kind)
    frequency, due_day = check_schedule(fields.reporting_frequency, fields.reporting_due_day, errors)
    moved = recorded is not None and (kind, scale_id) != (recorded.kind, recorded.scale_id)
    if moved and recorded is not None and recorded.has_entries:
        errors.setdefault("kind" if kind != recorded.kind else "scale_id", MESSAGES["fixed"])
    if errors:
        raise RuleViolation(errors)
    assert title is not None and weight is not None
    numeric = kind == NUMERIC
    return CheckedBenchmark(
        title=title,
        kind=kind,
        scale_id=scale_id,
        baseline=fields.baseline if numeric else None,
        target=fields.target if numeric else None,
        unit=clean(fields.unit) if numeric else None,
        direction=direction,
        weight=weight,
        due_on=fields.due_on,
        reporting_frequency=frequency,
        reporting_due_day=due_day,
    )

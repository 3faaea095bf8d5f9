"""One table of bad values and their messages, for every path that takes a recommendation or benchmark.

A case is (kind, field, bad value, expected message): `kind` is "recommendation" or a
benchmark kind ("milestone", "scale", "numeric"); the record is the matching one of
VALID with `field` set to the bad value (a dict sets those fields together, for a rule
between fields; `field` is still where the error shows) (field names as the rules and the forms name
them: theme_id, scale_id …). A form, an import and the rules themselves should all
refuse it with exactly that message on that field.

BAD_VALUES needs nothing from the database. LOOKUP_CASES hold the rules that need a
fact the database gives (a code taken, a theme gone); their value names a record that
does not exist, or, for the code, the code that `TAKEN_CODE` stands for.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from scorecard.rules.benchmarks import BenchmarkFacts, numeric_only_message
from scorecard.rules.recommendations import RecommendationFacts

MISSING_ID = 999_999
TAKEN_CODE = "EU-03"

VALID: dict[str, dict[str, Any]] = {
    "recommendation": {
        "code": "EU-04",
        "title": "Publish a roadmap",
        "text": "A roadmap for lifting the measures is crucial.",
        "theme_id": 1,
        "priority": "medium",
        "status": "proposed",
        "issued_on": date(2025, 1, 1),
        "due_on": date(2025, 6, 30),
        "tags": ["roadmap"],
        "actors": [(1, "lead")],
    },
    "milestone": {"title": "Roadmap published", "kind": "milestone", "weight": 1.0},
    "scale": {"title": "Commission assessment", "kind": "scale", "scale_id": 1, "weight": 1.0},
    # An explicit direction, so that one wrong target or direction breaks exactly one rule.
    "numeric": {
        "title": "Troops deployed",
        "kind": "numeric",
        "baseline": 0.0,
        "target": 700.0,
        "unit": "troops",
        "direction": "increase",
        "weight": 1.0,
    },
}

_WORDING = "The recommendation's wording is required."
_TWICE = "Each actor can be named once."
_WEIGHT = "Weight must be a number more than 0."
_KIND = "Choose milestone, scale or numeric."
_NO_SCALE = "Only scale benchmarks have a scale; leave it empty."

BAD_VALUES: list[tuple[str, str, Any, str]] = [
    ("recommendation", "code", "", "Code is required."),
    ("recommendation", "code", "   ", "Code is required."),
    ("recommendation", "code", "EU 03", "Use up to 32 letters, digits and . _ / - (for example EU-03)."),
    ("recommendation", "code", "-EU", "Use up to 32 letters, digits and . _ / - (for example EU-03)."),
    ("recommendation", "code", "A" * 33, "Use up to 32 letters, digits and . _ / - (for example EU-03)."),
    ("recommendation", "title", "", "Title is required."),
    ("recommendation", "title", "   ", "Title is required."),
    ("recommendation", "text", "", _WORDING),
    ("recommendation", "theme_id", None, "Choose a theme."),
    ("recommendation", "priority", "urgent", "Choose a priority from the list (“urgent” is not on it)."),
    ("recommendation", "status", "done", "Choose a status from the list (“done” is not on it)."),
    ("recommendation", "priority", "", "Choose a priority from the list."),
    ("recommendation", "status", "", "Choose a status from the list."),
    (
        "recommendation",
        "due_on",
        date(2024, 12, 31),
        "The due date cannot be before the date the recommendation was issued.",
    ),
    ("recommendation", "tags", ["x" * 501], "Too many tags (500 characters at most)."),
    ("recommendation", "actors", [(1, "lead"), (1, "supporting")], "Each actor can be named once."),
    (
        "recommendation",
        "actors",
        [("Ministry", "lead"), ("ministry ", "lead")],
        "Each actor can be named once.",
    ),
    ("recommendation", "actors", [("x" * 201, "lead")], "An actor's name is longer than 200 characters."),
    ("recommendation", "actors", [(1, "boss")], "Choose each actor's role from the list."),
    ("milestone", "title", "", "Title is required."),
    ("milestone", "title", "  ", "Title is required."),
    ("milestone", "kind", "guess", _KIND),
    ("milestone", "kind", "", _KIND),
    ("milestone", "weight", 0.0, _WEIGHT),
    ("milestone", "weight", -1.0, _WEIGHT),
    ("milestone", "weight", None, _WEIGHT),
    ("milestone", "weight", float("inf"), _WEIGHT),
    ("milestone", "weight", float("nan"), _WEIGHT),
    ("milestone", "scale_id", 1, _NO_SCALE),
    (
        "milestone",
        "reporting_frequency",
        "weekly",
        "Choose monthly, quarterly, half-yearly or yearly, or leave it empty.",
    ),
    ("milestone", "reporting_due_day", 40, "The due day is a day of the month, from 1 to 31."),
    ("milestone", "reporting_due_day", 5, "A due day needs a reporting frequency."),
    ("numeric", "scale_id", 1, _NO_SCALE),
    ("milestone", "baseline", 5.0, numeric_only_message("baseline", "milestone")),
    ("milestone", "target", 5.0, numeric_only_message("target", "milestone")),
    ("milestone", "unit", "%", numeric_only_message("unit", "milestone")),
    ("milestone", "direction", "increase", numeric_only_message("direction", "milestone")),
    ("scale", "baseline", 0.0, numeric_only_message("baseline", "scale")),
    ("scale", "unit", "%", numeric_only_message("unit", "scale")),
    ("scale", "scale_id", None, "Choose the scale this benchmark is assessed on."),
    ("numeric", "baseline", None, "A numeric benchmark needs a baseline."),
    ("numeric", "baseline", float("nan"), "The baseline must be an ordinary number."),
    ("numeric", "target", None, "A numeric benchmark needs a target."),
    ("numeric", "target", float("inf"), "The target must be an ordinary number."),
    ("numeric", "target", 0.0, "The target must differ from the baseline."),
    ("numeric", "direction", "decrease", "Lower is better, so the target must be below the baseline."),
    (
        "numeric",
        "direction",
        {"direction": "increase", "baseline": 700.0, "target": 0.0},
        "Higher is better, so the target must be above the baseline.",
    ),
    ("numeric", "direction", "sideways", "Choose whether higher or lower is better."),
]

_FIXED = "This benchmark has progress entries, so its kind and scale are fixed. Add a new benchmark instead."

# Rules that need a fact from the database. The benchmark ones are edits of a stored
# benchmark that has progress entries and is of VALID's kind (scale 1 for "scale").
LOOKUP_CASES: list[tuple[str, str, Any, str]] = [
    ("recommendation", "code", TAKEN_CODE, f"Code {TAKEN_CODE} is already used by another recommendation."),
    ("recommendation", "theme_id", MISSING_ID, "Choose a theme."),
    ("recommendation", "source_id", MISSING_ID, "That source no longer exists."),
    ("recommendation", "actors", [(MISSING_ID, "lead")], "An actor chosen no longer exists."),
    ("scale", "scale_id", MISSING_ID, "That scale no longer exists."),
    ("milestone", "kind", "numeric", _FIXED),
    ("scale", "scale_id", 2, _FIXED),
]


def facts(kind: str, field: str, value: Any) -> RecommendationFacts | BenchmarkFacts:
    """The valid record of `kind` with `field` set to `value`, as the rules take it."""
    values = {**VALID[kind], **(value if isinstance(value, dict) else {field: value})}
    if kind == "recommendation":
        return RecommendationFacts(**values)
    if field == "kind" and value in ("milestone", "scale", "numeric"):
        # A kind that is itself fine: bring the fields that kind needs, so only the kind's own rule speaks.
        values = {**VALID[value], "title": values["title"], "weight": values["weight"]}
    return BenchmarkFacts(**values)

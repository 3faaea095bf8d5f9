"""The words the rules accept for kinds, directions, priorities, statuses and roles.

The models' enums hold the same values (a test keeps them equal); the rules
cannot import the models, which would drag SQLAlchemy below the services.
"""

from __future__ import annotations

MILESTONE, SCALE, NUMERIC = "milestone", "scale", "numeric"
BENCHMARK_KINDS = (MILESTONE, SCALE, NUMERIC)
INCREASE, DECREASE = "increase", "decrease"
DIRECTIONS = (INCREASE, DECREASE)
PRIORITIES = ("high", "medium", "low")
STATUSES = (
    "proposed",
    "accepted",
    "in_progress",
    "implemented",
    "partially_implemented",
    "stalled",
    "rejected",
    "withdrawn",
)
ACTOR_ROLES = ("lead", "supporting", "consulted")

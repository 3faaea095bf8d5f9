"""The words the rules accept for kinds, directions, priorities, statuses and roles.

The models' enums hold the same values (a test keeps them equal); the rules
cannot import the models, which would drag SQLAlchemy below the services.
"""

from __future__ import annotations

from scorecard.errors import N_

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
MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = "monthly", "quarterly", "half_yearly", "yearly"
REPORTING_FREQUENCIES = (MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY)
USER_ROLES = ("admin", "analyst", "viewer")

# The words above as pages show them (through `translate`): the catalogue needs each once.
SHOWN_AS_WORDS = (
    N_("milestone"),
    N_("scale"),
    N_("numeric"),
    N_("lead"),
    N_("supporting"),
    N_("consulted"),
    N_("admin"),
    N_("analyst"),
    N_("viewer"),
    N_("contributor"),
    N_("monthly"),
    N_("quarterly"),
    N_("half_yearly"),
    N_("yearly"),
    # API token scopes and webhook delivery states (models.TokenScope, WebhookDelivery.status)
    N_("read"),
    N_("write"),
    N_("pending"),
    N_("delivered"),
    N_("failed"),
)

"""Create the schema and the four scale presets of PRODUCT.md."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from migrations import shapes

revision = "0001"
down_revision = None

# Scores are spread evenly from 0 to 100 (editable later); colours run from red
# to green (ColorBrewer RdYlGn), and every level is always shown with its label.
PRESETS = [
    (
        "EU progress",
        "The wording of the European Commission's annual enlargement reports on progress over the year.",
        [
            ("backsliding", "#d73027"),
            ("no progress", "#fc8d59"),
            ("limited progress", "#fee08b"),
            ("some progress", "#d9ef8b"),
            ("good progress", "#91cf60"),
            ("very good progress", "#1a9850"),
        ],
    ),
    (
        "EU preparation",
        "The European Commission's assessment of a country's level of preparation in a chapter.",
        [
            ("early stage", "#d7191c"),
            ("some level of preparation", "#fdae61"),
            ("moderately prepared", "#ffffbf"),
            ("good level of preparation", "#a6d96a"),
            ("well advanced", "#1a9641"),
        ],
    ),
    (
        "Implementation",
        "As used to follow up human-rights recommendations (e.g. the UPR).",
        [
            ("not implemented", "#d73027"),
            ("partially implemented", "#fee08b"),
            ("fully implemented", "#1a9850"),
        ],
    ),
    (
        "RAG",
        "Red, amber, green: off track, at risk, on track.",
        [("red", "#d73027"), ("amber", "#fdae61"), ("green", "#1a9850")],
    ),
]


def insert_presets() -> None:
    """Insert the preset scales and their levels."""
    scale = sa.table(
        "scale",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("description", sa.Text),
        sa.column("is_preset", sa.Boolean),
        sa.column("version", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    level = sa.table(
        "scale_level",
        sa.column("scale_id", sa.Integer),
        sa.column("position", sa.Integer),
        sa.column("label", sa.String),
        sa.column("score", sa.Float),
        sa.column("colour", sa.String),
    )
    bind = op.get_bind()
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    for name, description, levels in PRESETS:
        bind.execute(
            scale.insert().values(
                name=name, description=description, is_preset=True, version=1, created_at=now, updated_at=now
            )
        )
        scale_id = bind.execute(sa.select(scale.c.id).where(scale.c.name == name)).scalar_one()
        step = 100.0 / (len(levels) - 1)
        bind.execute(
            level.insert(),
            [
                {
                    "scale_id": scale_id,
                    "position": i,
                    "label": label,
                    "score": round(i * step, 2),
                    "colour": colour,
                }
                for i, (label, colour) in enumerate(levels)
            ],
        )


def upgrade() -> None:
    shapes.table(
        "actor",
        shapes.id_column(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        *shapes.versioned(),
        checks={
            "kind": "kind IN ('eu_institution', 'government', 'international_organisation', 'member_states', 'civil_society', 'local_authority', 'other')"
        },
        uniques=[("name",)],
    )
    shapes.table(
        "app_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        pk=("key",),
    )
    shapes.table(
        "app_user",
        shapes.id_column(),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        *shapes.versioned(),
        checks={"role": "role IN ('admin', 'analyst', 'viewer')"},
        uniques=[("email",)],
    )
    shapes.table(
        "audit_event",
        shapes.id_column(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_email", sa.String(length=254), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("recommendation_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
    )
    shapes.batch_indexes("audit_event", ("at",), ("entity", "entity_id"), ("recommendation_id", "at"))

    shapes.table(
        "review_cycle",
        shapes.id_column(),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        *shapes.versioned(),
        checks={"ends_after_start": "ends_on >= starts_on"},
        uniques=[("name",)],
    )
    shapes.batch_indexes("review_cycle", ("ends_on",))

    shapes.table(
        "scale",
        shapes.id_column(),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_preset", sa.Boolean(), nullable=False),
        *shapes.versioned(),
        uniques=[("name",)],
    )
    shapes.table(
        "sign_in_attempt",
        shapes.id_column(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
    )
    shapes.batch_indexes("sign_in_attempt", ("email", "at"), ("ip", "at"))

    shapes.table(
        "source",
        shapes.id_column(),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("authors", sa.String(length=300), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *shapes.versioned(),
        uniques=[("title",)],
    )
    shapes.table(
        "theme",
        shapes.id_column(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        *shapes.versioned(),
        uniques=[("name",)],
    )
    shapes.table(
        "recommendation",
        shapes.id_column(),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("locator", sa.Text(), nullable=True),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("tags", sa.String(length=500), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        *shapes.versioned(),
        checks={
            "priority": "priority IN ('high', 'medium', 'low')",
            "status": "status IN ('proposed', 'accepted', 'in_progress', 'implemented', 'partially_implemented', 'stalled', 'rejected', 'withdrawn')",
            "due_after_issue": "due_on IS NULL OR issued_on IS NULL OR due_on >= issued_on",
        },
        fks=[("source_id", "source", "RESTRICT"), ("theme_id", "theme", "RESTRICT")],
        uniques=[("code",)],
    )
    shapes.batch_indexes("recommendation", ("due_on",), ("source_id",), ("theme_id", "status"))

    shapes.table(
        "scale_level",
        shapes.id_column(),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        checks={
            "colour_hex": "length(colour) = 7 AND substr(colour, 1, 1) = '#'",
            "score_range": "score >= 0 AND score <= 100",
        },
        fks=[("scale_id", "scale", "CASCADE")],
        uniques=[("scale_id", "label"), ("scale_id", "position")],
    )
    shapes.table(
        "benchmark",
        shapes.id_column(),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        *shapes.versioned(),
        checks={
            "numeric_fields": "(kind = 'numeric' AND baseline IS NOT NULL AND target IS NOT NULL AND direction IS NOT NULL AND baseline <> target) OR (kind <> 'numeric' AND baseline IS NULL AND target IS NULL AND direction IS NULL)",
            "scale_only_for_scale_kind": "(kind = 'scale') = (scale_id IS NOT NULL)",
            "direction_matches_target": "direction IS NULL OR (direction = 'increase' AND target > baseline) OR (direction = 'decrease' AND target < baseline)",
            "kind": "kind IN ('milestone', 'scale', 'numeric')",
            "weight_positive": "weight > 0",
        },
        fks=[("recommendation_id", "recommendation", "CASCADE"), ("scale_id", "scale", "RESTRICT")],
        uniques=[("id", "kind")],
    )
    shapes.batch_indexes("benchmark", ("recommendation_id", "position"))

    shapes.table(
        "recommendation_actor",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        checks={"role": "role IN ('lead', 'supporting', 'consulted')"},
        fks=[("actor_id", "actor", "RESTRICT"), ("recommendation_id", "recommendation", "CASCADE")],
        pk=("recommendation_id", "actor_id"),
    )
    shapes.batch_indexes("recommendation_actor", ("actor_id",))

    shapes.table(
        "recommendation_state",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        *shapes.score_summary(),
        checks={"score_range": shapes.SCORE_RANGE},
        fks=[("recommendation_id", "recommendation", "CASCADE")],
        pk=("recommendation_id",),
    )
    shapes.table(
        "progress_entry",
        shapes.id_column(),
        sa.Column("benchmark_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("achieved", sa.Boolean(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("evidence_url", sa.String(length=1000), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        *shapes.moments("superseded_at", "deleted_at", nullable=True),
        checks={
            "one_value_per_kind": "(kind = 'scale' AND level_id IS NOT NULL AND value IS NULL AND achieved IS NULL) OR (kind = 'numeric' AND level_id IS NULL AND value IS NOT NULL AND achieved IS NULL) OR (kind = 'milestone' AND level_id IS NULL AND value IS NULL AND achieved IS NOT NULL)",
            "kind": "kind IN ('milestone', 'scale', 'numeric')",
            "score_range": "score >= 0 AND score <= 100",
        },
        fks=[
            ("author_id", "app_user", "SET NULL"),
            (("benchmark_id", "kind"), "benchmark", "CASCADE", ("id", "kind")),
            ("corrects_id", "progress_entry", "SET NULL"),
            ("level_id", "scale_level", "RESTRICT"),
        ],
    )
    shapes.batch_indexes(
        "progress_entry",
        ("author_id",),
        ("benchmark_id", "observed_on", "id"),
        ("corrects_id",),
        ("created_at",),
        ("level_id",),
        ("observed_on",),
    )

    shapes.table(
        "benchmark_state",
        sa.Column("benchmark_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        fks=[("benchmark_id", "benchmark", "CASCADE"), ("entry_id", "progress_entry", "CASCADE")],
        pk=("benchmark_id",),
    )

    insert_presets()


def downgrade() -> None:
    op.drop_table("benchmark_state")
    shapes.drop_batch_indexes(
        "progress_entry",
        ("observed_on",),
        ("level_id",),
        ("created_at",),
        ("corrects_id",),
        ("benchmark_id", "observed_on", "id"),
        ("author_id",),
    )

    op.drop_table("progress_entry")
    op.drop_table("recommendation_state")
    shapes.drop_batch_indexes("recommendation_actor", ("actor_id",))

    op.drop_table("recommendation_actor")
    shapes.drop_batch_indexes("benchmark", ("recommendation_id", "position"))

    op.drop_table("benchmark")
    op.drop_table("scale_level")
    shapes.drop_batch_indexes("recommendation", ("theme_id", "status"), ("source_id",), ("due_on",))

    op.drop_table("recommendation")
    op.drop_table("theme")
    op.drop_table("source")
    shapes.drop_batch_indexes("sign_in_attempt", ("ip", "at"), ("email", "at"))

    op.drop_table("sign_in_attempt")
    op.drop_table("scale")
    shapes.drop_batch_indexes("review_cycle", ("ends_on",))

    op.drop_table("review_cycle")
    shapes.drop_batch_indexes("audit_event", ("recommendation_id", "at"), ("entity", "entity_id"), ("at",))

    op.drop_table("audit_event")
    op.drop_table("app_user")
    op.drop_table("app_meta")
    op.drop_table("actor")

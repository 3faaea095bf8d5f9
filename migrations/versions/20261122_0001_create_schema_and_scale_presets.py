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
                name=name,
                description=description,
                is_preset=True,
                version=1,
                created_at=now,
                updated_at=now,
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
    op.create_table(
        "actor",
        shapes.id_column(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        *shapes.versioned(),
        shapes.check(
            "actor",
            "kind",
            "kind IN ('eu_institution', 'government', 'international_organisation', 'member_states', 'civil_society', 'local_authority', 'other')",
        ),
        shapes.pk("actor"),
        shapes.unique("actor", "name"),
    )
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        shapes.pk("app_meta", "key"),
    )
    op.create_table(
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
        shapes.check("app_user", "role", "role IN ('admin', 'analyst', 'viewer')"),
        shapes.pk("app_user"),
        shapes.unique("app_user", "email"),
    )
    op.create_table(
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
        shapes.pk("audit_event"),
    )
    shapes.batch_indexes("audit_event", ("at",), ("entity", "entity_id"), ("recommendation_id", "at"))

    op.create_table(
        "review_cycle",
        shapes.id_column(),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        *shapes.versioned(),
        shapes.check("review_cycle", "ends_after_start", "ends_on >= starts_on"),
        shapes.pk("review_cycle"),
        shapes.unique("review_cycle", "name"),
    )
    shapes.batch_indexes("review_cycle", ("ends_on",))

    op.create_table(
        "scale",
        shapes.id_column(),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_preset", sa.Boolean(), nullable=False),
        *shapes.versioned(),
        shapes.pk("scale"),
        shapes.unique("scale", "name"),
    )
    op.create_table(
        "sign_in_attempt",
        shapes.id_column(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        shapes.pk("sign_in_attempt"),
    )
    shapes.batch_indexes("sign_in_attempt", ("email", "at"), ("ip", "at"))

    op.create_table(
        "source",
        shapes.id_column(),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("authors", sa.String(length=300), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *shapes.versioned(),
        shapes.pk("source"),
        shapes.unique("source", "title"),
    )
    op.create_table(
        "theme",
        shapes.id_column(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        *shapes.versioned(),
        shapes.pk("theme"),
        shapes.unique("theme", "name"),
    )
    op.create_table(
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
        shapes.check("recommendation", "priority", "priority IN ('high', 'medium', 'low')"),
        shapes.check(
            "recommendation",
            "status",
            "status IN ('proposed', 'accepted', 'in_progress', 'implemented', 'partially_implemented', 'stalled', 'rejected', 'withdrawn')",
        ),
        shapes.check(
            "recommendation", "due_after_issue", "due_on IS NULL OR issued_on IS NULL OR due_on >= issued_on"
        ),
        shapes.fk("recommendation", "source_id", "source", "RESTRICT"),
        shapes.fk("recommendation", "theme_id", "theme", "RESTRICT"),
        shapes.pk("recommendation"),
        shapes.unique("recommendation", "code"),
    )
    shapes.batch_indexes("recommendation", ("due_on",), ("source_id",), ("theme_id", "status"))

    op.create_table(
        "scale_level",
        shapes.id_column(),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        shapes.check("scale_level", "colour_hex", "length(colour) = 7 AND substr(colour, 1, 1) = '#'"),
        shapes.check("scale_level", "score_range", "score >= 0 AND score <= 100"),
        shapes.fk("scale_level", "scale_id", "scale", "CASCADE"),
        shapes.pk("scale_level"),
        shapes.unique("scale_level", "scale_id", "label"),
        shapes.unique("scale_level", "scale_id", "position"),
    )
    op.create_table(
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
        shapes.check(
            "benchmark",
            "numeric_fields",
            "(kind = 'numeric' AND baseline IS NOT NULL AND target IS NOT NULL AND direction IS NOT NULL AND baseline <> target) OR (kind <> 'numeric' AND baseline IS NULL AND target IS NULL AND direction IS NULL)",
        ),
        shapes.check("benchmark", "scale_only_for_scale_kind", "(kind = 'scale') = (scale_id IS NOT NULL)"),
        shapes.check(
            "benchmark",
            "direction_matches_target",
            "direction IS NULL OR (direction = 'increase' AND target > baseline) OR (direction = 'decrease' AND target < baseline)",
        ),
        shapes.check("benchmark", "kind", "kind IN ('milestone', 'scale', 'numeric')"),
        shapes.check("benchmark", "weight_positive", "weight > 0"),
        shapes.fk("benchmark", "recommendation_id", "recommendation", "CASCADE"),
        shapes.fk("benchmark", "scale_id", "scale", "RESTRICT"),
        shapes.pk("benchmark"),
        shapes.unique("benchmark", "id", "kind"),
    )
    shapes.batch_indexes("benchmark", ("recommendation_id", "position"))

    op.create_table(
        "recommendation_actor",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        shapes.check("recommendation_actor", "role", "role IN ('lead', 'supporting', 'consulted')"),
        shapes.fk("recommendation_actor", "actor_id", "actor", "RESTRICT"),
        shapes.fk("recommendation_actor", "recommendation_id", "recommendation", "CASCADE"),
        shapes.pk("recommendation_actor", "recommendation_id", "actor_id"),
    )
    shapes.batch_indexes("recommendation_actor", ("actor_id",))

    op.create_table(
        "recommendation_state",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=True),
        sa.Column("benchmark_count", sa.Integer(), nullable=False),
        sa.Column("assessed_count", sa.Integer(), nullable=False),
        sa.Column("last_observed_on", sa.Date(), nullable=True),
        shapes.check("recommendation_state", "score_range", "score IS NULL OR (score >= 0 AND score <= 100)"),
        shapes.fk("recommendation_state", "recommendation_id", "recommendation", "CASCADE"),
        shapes.pk("recommendation_state", "recommendation_id"),
    )
    op.create_table(
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
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        shapes.check(
            "progress_entry",
            "one_value_per_kind",
            "(kind = 'scale' AND level_id IS NOT NULL AND value IS NULL AND achieved IS NULL) OR (kind = 'numeric' AND level_id IS NULL AND value IS NOT NULL AND achieved IS NULL) OR (kind = 'milestone' AND level_id IS NULL AND value IS NULL AND achieved IS NOT NULL)",
        ),
        shapes.check("progress_entry", "kind", "kind IN ('milestone', 'scale', 'numeric')"),
        shapes.check("progress_entry", "score_range", "score >= 0 AND score <= 100"),
        shapes.fk("progress_entry", "author_id", "app_user", "SET NULL"),
        sa.ForeignKeyConstraint(
            ["benchmark_id", "kind"],
            ["benchmark.id", "benchmark.kind"],
            name="fk_progress_entry_benchmark_id_kind_benchmark",
            ondelete="CASCADE",
        ),
        shapes.fk("progress_entry", "corrects_id", "progress_entry", "SET NULL"),
        shapes.fk("progress_entry", "level_id", "scale_level", "RESTRICT"),
        shapes.pk("progress_entry"),
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

    op.create_table(
        "benchmark_state",
        sa.Column("benchmark_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        shapes.fk("benchmark_state", "benchmark_id", "benchmark", "CASCADE"),
        shapes.fk("benchmark_state", "entry_id", "progress_entry", "CASCADE"),
        shapes.pk("benchmark_state", "benchmark_id"),
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

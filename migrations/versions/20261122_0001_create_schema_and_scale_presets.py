"""Create the schema and the four scale presets of PRODUCT.md."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

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
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('eu_institution', 'government', 'international_organisation', 'member_states', 'civil_society', 'local_authority', 'other')",
            name=op.f("ck_actor_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
        sa.UniqueConstraint("name", name=op.f("uq_actor_name")),
    )
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('admin', 'analyst', 'viewer')", name=op.f("ck_app_user_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("email", name=op.f("uq_app_user_email")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_event_entity_entity_id"), ["entity", "entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_event_recommendation_id_at"),
            ["recommendation_id", "at"],
            unique=False,
        )

    op.create_table(
        "review_cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_review_cycle_ends_after_start")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_cycle")),
        sa.UniqueConstraint("name", name=op.f("uq_review_cycle_name")),
    )
    with op.batch_alter_table("review_cycle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_cycle_ends_on"), ["ends_on"], unique=False)

    op.create_table(
        "scale",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_preset", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scale")),
        sa.UniqueConstraint("name", name=op.f("uq_scale_name")),
    )
    op.create_table(
        "sign_in_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempt")),
    )
    with op.batch_alter_table("sign_in_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_attempt_email_at"), ["email", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_in_attempt_ip_at"), ["ip", "at"], unique=False)

    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("authors", sa.String(length=300), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("title", name=op.f("uq_source_title")),
    )
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme")),
        sa.UniqueConstraint("name", name=op.f("uq_theme_name")),
    )
    op.create_table(
        "recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("priority IN ('high', 'medium', 'low')", name=op.f("ck_recommendation_priority")),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted', 'in_progress', 'implemented', 'partially_implemented', 'stalled', 'rejected', 'withdrawn')",
            name=op.f("ck_recommendation_status"),
        ),
        sa.CheckConstraint(
            "due_on IS NULL OR issued_on IS NULL OR due_on >= issued_on",
            name=op.f("ck_recommendation_due_after_issue"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_recommendation_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_recommendation_theme_id_theme"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation")),
        sa.UniqueConstraint("code", name=op.f("uq_recommendation_code")),
    )
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_recommendation_source_id"), ["source_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_recommendation_theme_id_status"), ["theme_id", "status"], unique=False
        )

    op.create_table(
        "scale_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.CheckConstraint(
            "length(colour) = 7 AND substr(colour, 1, 1) = '#'",
            name=op.f("ck_scale_level_colour_hex"),
        ),
        sa.CheckConstraint("score >= 0 AND score <= 100", name=op.f("ck_scale_level_score_range")),
        sa.ForeignKeyConstraint(
            ["scale_id"],
            ["scale.id"],
            name=op.f("fk_scale_level_scale_id_scale"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scale_level")),
        sa.UniqueConstraint("scale_id", "label", name=op.f("uq_scale_level_scale_id_label")),
        sa.UniqueConstraint("scale_id", "position", name=op.f("uq_scale_level_scale_id_position")),
    )
    op.create_table(
        "benchmark",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'numeric' AND baseline IS NOT NULL AND target IS NOT NULL AND direction IS NOT NULL AND baseline <> target) OR (kind <> 'numeric' AND baseline IS NULL AND target IS NULL AND direction IS NULL)",
            name=op.f("ck_benchmark_numeric_fields"),
        ),
        sa.CheckConstraint(
            "(kind = 'scale') = (scale_id IS NOT NULL)",
            name=op.f("ck_benchmark_scale_only_for_scale_kind"),
        ),
        sa.CheckConstraint(
            "direction IS NULL OR (direction = 'increase' AND target > baseline) OR (direction = 'decrease' AND target < baseline)",
            name=op.f("ck_benchmark_direction_matches_target"),
        ),
        sa.CheckConstraint("kind IN ('milestone', 'scale', 'numeric')", name=op.f("ck_benchmark_kind")),
        sa.CheckConstraint("weight > 0", name=op.f("ck_benchmark_weight_positive")),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_benchmark_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scale_id"],
            ["scale.id"],
            name=op.f("fk_benchmark_scale_id_scale"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark")),
        sa.UniqueConstraint("id", "kind", name=op.f("uq_benchmark_id_kind")),
    )
    with op.batch_alter_table("benchmark", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_benchmark_recommendation_id_position"),
            ["recommendation_id", "position"],
            unique=False,
        )

    op.create_table(
        "recommendation_actor",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "role IN ('lead', 'supporting', 'consulted')", name=op.f("ck_recommendation_actor_role")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_recommendation_actor_actor_id_actor"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_actor_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("recommendation_id", "actor_id", name=op.f("pk_recommendation_actor")),
    )
    with op.batch_alter_table("recommendation_actor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_actor_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "recommendation_state",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=True),
        sa.Column("benchmark_count", sa.Integer(), nullable=False),
        sa.Column("assessed_count", sa.Integer(), nullable=False),
        sa.Column("last_observed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "score IS NULL OR (score >= 0 AND score <= 100)",
            name=op.f("ck_recommendation_state_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_state_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("recommendation_id", name=op.f("pk_recommendation_state")),
    )
    op.create_table(
        "progress_entry",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.CheckConstraint(
            "(kind = 'scale' AND level_id IS NOT NULL AND value IS NULL AND achieved IS NULL) OR (kind = 'numeric' AND level_id IS NULL AND value IS NOT NULL AND achieved IS NULL) OR (kind = 'milestone' AND level_id IS NULL AND value IS NULL AND achieved IS NOT NULL)",
            name=op.f("ck_progress_entry_one_value_per_kind"),
        ),
        sa.CheckConstraint("kind IN ('milestone', 'scale', 'numeric')", name=op.f("ck_progress_entry_kind")),
        sa.CheckConstraint("score >= 0 AND score <= 100", name=op.f("ck_progress_entry_score_range")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_progress_entry_author_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["benchmark_id", "kind"],
            ["benchmark.id", "benchmark.kind"],
            name="fk_progress_entry_benchmark_id_kind_benchmark",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["progress_entry.id"],
            name=op.f("fk_progress_entry_corrects_id_progress_entry"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["scale_level.id"],
            name=op.f("fk_progress_entry_level_id_scale_level"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_entry")),
    )
    with op.batch_alter_table("progress_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_entry_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_progress_entry_benchmark_id_observed_on_id"),
            ["benchmark_id", "observed_on", "id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_progress_entry_corrects_id"), ["corrects_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_progress_entry_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_progress_entry_level_id"), ["level_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_progress_entry_observed_on"), ["observed_on"], unique=False)

    op.create_table(
        "benchmark_state",
        sa.Column("benchmark_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["benchmark_id"],
            ["benchmark.id"],
            name=op.f("fk_benchmark_state_benchmark_id_benchmark"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["progress_entry.id"],
            name=op.f("fk_benchmark_state_entry_id_progress_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("benchmark_id", name=op.f("pk_benchmark_state")),
    )

    insert_presets()


def downgrade() -> None:
    op.drop_table("benchmark_state")
    with op.batch_alter_table("progress_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_entry_observed_on"))
        batch_op.drop_index(batch_op.f("ix_progress_entry_level_id"))
        batch_op.drop_index(batch_op.f("ix_progress_entry_created_at"))
        batch_op.drop_index(batch_op.f("ix_progress_entry_corrects_id"))
        batch_op.drop_index(batch_op.f("ix_progress_entry_benchmark_id_observed_on_id"))
        batch_op.drop_index(batch_op.f("ix_progress_entry_author_id"))

    op.drop_table("progress_entry")
    op.drop_table("recommendation_state")
    with op.batch_alter_table("recommendation_actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_actor_actor_id"))

    op.drop_table("recommendation_actor")
    with op.batch_alter_table("benchmark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_benchmark_recommendation_id_position"))

    op.drop_table("benchmark")
    op.drop_table("scale_level")
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_theme_id_status"))
        batch_op.drop_index(batch_op.f("ix_recommendation_source_id"))
        batch_op.drop_index(batch_op.f("ix_recommendation_due_on"))

    op.drop_table("recommendation")
    op.drop_table("theme")
    op.drop_table("source")
    with op.batch_alter_table("sign_in_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_attempt_ip_at"))
        batch_op.drop_index(batch_op.f("ix_sign_in_attempt_email_at"))

    op.drop_table("sign_in_attempt")
    op.drop_table("scale")
    with op.batch_alter_table("review_cycle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_cycle_ends_on"))

    op.drop_table("review_cycle")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_recommendation_id_at"))
        batch_op.drop_index(batch_op.f("ix_audit_event_entity_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))

    op.drop_table("audit_event")
    op.drop_table("app_user")
    op.drop_table("app_meta")
    op.drop_table("actor")

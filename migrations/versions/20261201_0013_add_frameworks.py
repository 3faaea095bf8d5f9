"""Add frameworks, their item trees, crosswalk links to recommendations and benchmarks, and relations."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from scorecard import schema

revision = "0013"
down_revision = "0012"

# Every page table here moves the data version that keys remembered pages.
TABLES = ("framework", "framework_item", "framework_link", "recommendation_relation")


def upgrade() -> None:
    op.create_table(
        "framework",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("met_rule", sa.String(length=20), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("rollup", sa.String(length=20), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(met_rule = 'threshold' AND threshold IS NOT NULL AND threshold > 0 AND threshold <= 100) OR (met_rule <> 'threshold' AND threshold IS NULL)",
            name=op.f("ck_framework_threshold_for_rule"),
        ),
        sa.CheckConstraint(
            "kind IN ('dialogue', 'accession', 'funding', 'agreement', 'sdg', 'upr', 'other')",
            name=op.f("ck_framework_kind"),
        ),
        sa.CheckConstraint("met_rule IN ('all_achieved', 'threshold')", name=op.f("ck_framework_met_rule")),
        sa.CheckConstraint("rollup IN ('all_children', 'score')", name=op.f("ck_framework_rollup")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework")),
        sa.UniqueConstraint("name", name=op.f("uq_framework_name")),
    )
    op.create_table(
        "framework_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(amount IS NULL) = (currency IS NULL)", name=op.f("ck_framework_item_amount_with_currency")
        ),
        sa.CheckConstraint(
            "amount IS NULL OR amount >= 0", name=op.f("ck_framework_item_amount_not_negative")
        ),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_framework_item_not_own_parent")
        ),
        sa.CheckConstraint("weight > 0", name=op.f("ck_framework_item_weight_positive")),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["framework.id"],
            name=op.f("fk_framework_item_framework_id_framework"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["framework_item.id"],
            name=op.f("fk_framework_item_parent_id_framework_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_item")),
        sa.UniqueConstraint("framework_id", "code", name=op.f("uq_framework_item_framework_id_code")),
    )
    with op.batch_alter_table("framework_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_framework_item_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "recommendation_relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('same_as', 'related_to', 'follows_up_on')", name=op.f("ck_recommendation_relation_kind")
        ),
        sa.CheckConstraint("from_id <> to_id", name=op.f("ck_recommendation_relation_not_self")),
        sa.ForeignKeyConstraint(
            ["from_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_relation_from_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_relation_to_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_relation")),
        sa.UniqueConstraint("from_id", "to_id", name=op.f("uq_recommendation_relation_from_id_to_id")),
    )
    with op.batch_alter_table("recommendation_relation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_relation_to_id"), ["to_id"], unique=False)

    op.create_table(
        "framework_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=True),
        sa.Column("benchmark_id", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(recommendation_id IS NULL) <> (benchmark_id IS NULL)", name=op.f("ck_framework_link_one_target")
        ),
        sa.CheckConstraint("weight > 0", name=op.f("ck_framework_link_weight_positive")),
        sa.ForeignKeyConstraint(
            ["benchmark_id"],
            ["benchmark.id"],
            name=op.f("fk_framework_link_benchmark_id_benchmark"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["framework_item.id"],
            name=op.f("fk_framework_link_item_id_framework_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_framework_link_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_link")),
        sa.UniqueConstraint("item_id", "benchmark_id", name=op.f("uq_framework_link_item_id_benchmark_id")),
        sa.UniqueConstraint(
            "item_id", "recommendation_id", name=op.f("uq_framework_link_item_id_recommendation_id")
        ),
    )
    with op.batch_alter_table("framework_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_framework_link_benchmark_id"), ["benchmark_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_framework_link_recommendation_id"), ["recommendation_id"], unique=False
        )

    for table in TABLES:
        for statement in schema.create_data_version_triggers(op.get_bind().dialect.name, table):
            op.execute(statement)


def downgrade() -> None:
    for table in TABLES:
        for statement in schema.drop_data_version_triggers(op.get_bind().dialect.name, table):
            op.execute(statement)
    with op.batch_alter_table("framework_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_link_recommendation_id"))
        batch_op.drop_index(batch_op.f("ix_framework_link_benchmark_id"))

    op.drop_table("framework_link")
    with op.batch_alter_table("recommendation_relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_relation_to_id"))

    op.drop_table("recommendation_relation")
    with op.batch_alter_table("framework_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_item_parent_id"))

    op.drop_table("framework_item")
    op.drop_table("framework")

"""Add frameworks, their item trees, crosswalk links to recommendations and benchmarks, and relations."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes
from scorecard import schema

revision = "0013"
down_revision = "0012"

# Every page table here moves the data version that keys remembered pages.
TABLES = ("framework", "framework_item", "framework_link", "recommendation_relation")


def upgrade() -> None:
    shapes.table(
        "framework",
        shapes.id_column(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("met_rule", sa.String(length=20), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("rollup", sa.String(length=20), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        *shapes.versioned(),
        checks={
            "threshold_for_rule": "(met_rule = 'threshold' AND threshold IS NOT NULL AND threshold > 0 AND threshold <= 100) OR (met_rule <> 'threshold' AND threshold IS NULL)",
            "kind": "kind IN ('dialogue', 'accession', 'funding', 'agreement', 'sdg', 'upr', 'other')",
            "met_rule": "met_rule IN ('all_achieved', 'threshold')",
            "rollup": "rollup IN ('all_children', 'score')",
        },
        uniques=[("name",)],
    )
    shapes.table(
        "framework_item",
        shapes.id_column(),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        *shapes.versioned(),
        checks={
            "amount_with_currency": "(amount IS NULL) = (currency IS NULL)",
            "amount_not_negative": "amount IS NULL OR amount >= 0",
            "not_own_parent": "parent_id IS NULL OR parent_id <> id",
            "weight_positive": "weight > 0",
        },
        fks=[("framework_id", "framework", "CASCADE"), ("parent_id", "framework_item", "CASCADE")],
        uniques=[("framework_id", "code")],
    )
    shapes.batch_indexes("framework_item", ("parent_id",))

    shapes.table(
        "recommendation_relation",
        shapes.id_column(),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        checks={"kind": "kind IN ('same_as', 'related_to', 'follows_up_on')", "not_self": "from_id <> to_id"},
        fks=[("from_id", "recommendation", "CASCADE"), ("to_id", "recommendation", "CASCADE")],
        uniques=[("from_id", "to_id")],
    )
    shapes.batch_indexes("recommendation_relation", ("to_id",))

    shapes.table(
        "framework_link",
        shapes.id_column(),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=True),
        sa.Column("benchmark_id", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        checks={
            "one_target": "(recommendation_id IS NULL) <> (benchmark_id IS NULL)",
            "weight_positive": "weight > 0",
        },
        fks=[
            ("benchmark_id", "benchmark", "CASCADE"),
            ("item_id", "framework_item", "CASCADE"),
            ("recommendation_id", "recommendation", "CASCADE"),
        ],
        uniques=[("item_id", "benchmark_id"), ("item_id", "recommendation_id")],
    )
    shapes.batch_indexes("framework_link", ("benchmark_id",), ("recommendation_id",))

    shapes.execute_per_table(schema.create_data_version_triggers, TABLES)


def downgrade() -> None:
    shapes.execute_per_table(schema.drop_data_version_triggers, TABLES)
    shapes.drop_batch_indexes("framework_link", ("recommendation_id",), ("benchmark_id",))

    op.drop_table("framework_link")
    shapes.drop_batch_indexes("recommendation_relation", ("to_id",))

    op.drop_table("recommendation_relation")
    shapes.drop_batch_indexes("framework_item", ("parent_id",))

    op.drop_table("framework_item")
    op.drop_table("framework")

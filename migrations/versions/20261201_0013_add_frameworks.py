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
    op.create_table(
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
        shapes.check(
            "framework",
            "threshold_for_rule",
            "(met_rule = 'threshold' AND threshold IS NOT NULL AND threshold > 0 AND threshold <= 100) OR (met_rule <> 'threshold' AND threshold IS NULL)",
        ),
        shapes.check(
            "framework",
            "kind",
            "kind IN ('dialogue', 'accession', 'funding', 'agreement', 'sdg', 'upr', 'other')",
        ),
        shapes.check("framework", "met_rule", "met_rule IN ('all_achieved', 'threshold')"),
        shapes.check("framework", "rollup", "rollup IN ('all_children', 'score')"),
        shapes.pk("framework"),
        shapes.unique("framework", "name"),
    )
    op.create_table(
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
        shapes.check("framework_item", "amount_with_currency", "(amount IS NULL) = (currency IS NULL)"),
        shapes.check("framework_item", "amount_not_negative", "amount IS NULL OR amount >= 0"),
        shapes.check("framework_item", "not_own_parent", "parent_id IS NULL OR parent_id <> id"),
        shapes.check("framework_item", "weight_positive", "weight > 0"),
        shapes.fk("framework_item", "framework_id", "framework", "CASCADE"),
        shapes.fk("framework_item", "parent_id", "framework_item", "CASCADE"),
        shapes.pk("framework_item"),
        shapes.unique("framework_item", "framework_id", "code"),
    )
    shapes.batch_indexes("framework_item", ("parent_id",))

    op.create_table(
        "recommendation_relation",
        shapes.id_column(),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        shapes.check("recommendation_relation", "kind", "kind IN ('same_as', 'related_to', 'follows_up_on')"),
        shapes.check("recommendation_relation", "not_self", "from_id <> to_id"),
        shapes.fk("recommendation_relation", "from_id", "recommendation", "CASCADE"),
        shapes.fk("recommendation_relation", "to_id", "recommendation", "CASCADE"),
        shapes.pk("recommendation_relation"),
        shapes.unique("recommendation_relation", "from_id", "to_id"),
    )
    shapes.batch_indexes("recommendation_relation", ("to_id",))

    op.create_table(
        "framework_link",
        shapes.id_column(),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=True),
        sa.Column("benchmark_id", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        shapes.check("framework_link", "one_target", "(recommendation_id IS NULL) <> (benchmark_id IS NULL)"),
        shapes.check("framework_link", "weight_positive", "weight > 0"),
        shapes.fk("framework_link", "benchmark_id", "benchmark", "CASCADE"),
        shapes.fk("framework_link", "item_id", "framework_item", "CASCADE"),
        shapes.fk("framework_link", "recommendation_id", "recommendation", "CASCADE"),
        shapes.pk("framework_link"),
        shapes.unique("framework_link", "item_id", "benchmark_id"),
        shapes.unique("framework_link", "item_id", "recommendation_id"),
    )
    shapes.batch_indexes("framework_link", ("benchmark_id",), ("recommendation_id",))

    for table in TABLES:
        for statement in schema.create_data_version_triggers(op.get_bind().dialect.name, table):
            op.execute(statement)


def downgrade() -> None:
    for table in TABLES:
        for statement in schema.drop_data_version_triggers(op.get_bind().dialect.name, table):
            op.execute(statement)
    shapes.drop_batch_indexes("framework_link", ("recommendation_id",), ("benchmark_id",))

    op.drop_table("framework_link")
    shapes.drop_batch_indexes("recommendation_relation", ("to_id",))

    op.drop_table("recommendation_relation")
    shapes.drop_batch_indexes("framework_item", ("parent_id",))

    op.drop_table("framework_item")
    op.drop_table("framework")

"""Add kept scores at quarter and review-cycle ends (filled on the next write or `scorecard state rebuild`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "snapshot_day",
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("taken_on", name=op.f("pk_snapshot_day")),
    )
    op.create_table(
        "recommendation_snapshot",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=True),
        sa.Column("benchmark_count", sa.Integer(), nullable=False),
        sa.Column("assessed_count", sa.Integer(), nullable=False),
        sa.Column("last_observed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "score IS NULL OR (score >= 0 AND score <= 100)",
            name=op.f("ck_recommendation_snapshot_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_snapshot_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["taken_on"],
            ["snapshot_day.taken_on"],
            name=op.f("fk_recommendation_snapshot_taken_on_snapshot_day"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("recommendation_id", "taken_on", name=op.f("pk_recommendation_snapshot")),
    )
    with op.batch_alter_table("recommendation_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_snapshot_taken_on_recommendation_id"),
            ["taken_on", "recommendation_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("recommendation_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_snapshot_taken_on_recommendation_id"))

    op.drop_table("recommendation_snapshot")
    op.drop_table("snapshot_day")

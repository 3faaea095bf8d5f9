"""Add kept scores at quarter and review-cycle ends (filled on the next write or `scorecard state rebuild`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "snapshot_day",
        sa.Column("taken_on", sa.Date(), nullable=False),
        shapes.pk("snapshot_day", "taken_on"),
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
        shapes.check(
            "recommendation_snapshot", "score_range", "score IS NULL OR (score >= 0 AND score <= 100)"
        ),
        shapes.fk("recommendation_snapshot", "recommendation_id", "recommendation", "CASCADE"),
        shapes.fk("recommendation_snapshot", "taken_on", "snapshot_day", "CASCADE", "taken_on"),
        shapes.pk("recommendation_snapshot", "recommendation_id", "taken_on"),
    )
    shapes.batch_indexes("recommendation_snapshot", ("taken_on", "recommendation_id"))


def downgrade() -> None:
    shapes.drop_batch_indexes("recommendation_snapshot", ("taken_on", "recommendation_id"))

    op.drop_table("recommendation_snapshot")
    op.drop_table("snapshot_day")

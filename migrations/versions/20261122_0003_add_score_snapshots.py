"""Add kept scores at quarter and review-cycle ends (filled on the next write or `scorecard state rebuild`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    shapes.table("snapshot_day", sa.Column("taken_on", sa.Date(), nullable=False), pk=("taken_on",))
    shapes.table(
        "recommendation_snapshot",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        *shapes.score_summary(),
        checks={"score_range": shapes.SCORE_RANGE},
        fks=[
            ("recommendation_id", "recommendation", "CASCADE"),
            ("taken_on", "snapshot_day", "CASCADE", "taken_on"),
        ],
        pk=("recommendation_id", "taken_on"),
    )
    shapes.batch_indexes("recommendation_snapshot", ("taken_on", "recommendation_id"))


def downgrade() -> None:
    shapes.drop_batch_indexes("recommendation_snapshot", ("taken_on", "recommendation_id"))

    op.drop_table("recommendation_snapshot")
    op.drop_table("snapshot_day")

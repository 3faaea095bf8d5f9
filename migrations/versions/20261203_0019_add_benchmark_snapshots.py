"""Keep each benchmark's state at the snapshot days beside the recommendations' (the framework pages read it).

The kept days are emptied: `scorecard setup` (which `make run` runs) keeps them again
at once with both tables filled, as do `scorecard state rebuild` and otherwise the next
write (seconds at a million entries). Until then pages compute those days from the
entries: slower, never wrong.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes
from scorecard import schema

revision = "0019"
down_revision = "0018"


def upgrade() -> None:
    shapes.table(
        "benchmark_snapshot",
        sa.Column("benchmark_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        checks={"score_range": shapes.SCORE_RANGE},
        fks=[
            ("benchmark_id", "benchmark", "CASCADE"),
            ("taken_on", "snapshot_day", "CASCADE", "taken_on"),
        ],
        pk=("benchmark_id", "taken_on"),
    )
    shapes.indexes("benchmark_snapshot", ("taken_on", "benchmark_id"))
    shapes.execute_per_table(schema.create_data_version_triggers, ["benchmark_snapshot"])
    # A kept day must hold both tables' rows; SQLite's migration connection may not cascade.
    op.execute("DELETE FROM recommendation_snapshot")
    op.execute("DELETE FROM snapshot_day")


def downgrade() -> None:
    shapes.execute_per_table(schema.drop_data_version_triggers, ["benchmark_snapshot"])
    shapes.drop_indexes("benchmark_snapshot", ("taken_on", "benchmark_id"))
    op.drop_table("benchmark_snapshot")

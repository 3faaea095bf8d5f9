"""Index benchmark_state.entry_id: deleting entries scanned the whole state table for each one."""

from __future__ import annotations

from migrations import shapes

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    shapes.indexes("benchmark_state", ("entry_id",))


def downgrade() -> None:
    shapes.drop_indexes("benchmark_state", ("entry_id",))

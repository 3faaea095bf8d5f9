"""Index benchmark_state.entry_id: deleting entries scanned the whole state table for each one."""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_index(op.f("ix_benchmark_state_entry_id"), "benchmark_state", ["entry_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_benchmark_state_entry_id"), table_name="benchmark_state")

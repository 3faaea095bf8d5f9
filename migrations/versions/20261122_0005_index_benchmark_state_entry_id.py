"""Index benchmark_state.entry_id: deleting entries scanned the whole state table for each one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 20:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index(op.f("ix_benchmark_state_entry_id"), "benchmark_state", ["entry_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f("ix_benchmark_state_entry_id"), table_name="benchmark_state")

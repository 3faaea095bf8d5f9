"""The inbox's index holds only the entries that wait for review (its count is on every reviewer's page)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"

AWAITING = "review_status = 'submitted' AND superseded_at IS NULL AND deleted_at IS NULL"


def upgrade() -> None:
    op.drop_index("ix_progress_entry_review_status_created_at", table_name="progress_entry")
    op.create_index(
        "ix_progress_entry_awaiting_review",
        "progress_entry",
        ["created_at"],
        sqlite_where=sa.text(AWAITING),
        postgresql_where=sa.text(AWAITING),
    )


def downgrade() -> None:
    op.drop_index("ix_progress_entry_awaiting_review", table_name="progress_entry")
    op.create_index(
        "ix_progress_entry_review_status_created_at", "progress_entry", ["review_status", "created_at"]
    )

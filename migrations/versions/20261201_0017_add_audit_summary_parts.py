"""Add audit_event.summary_parts: an event's summary as a message and values, shown in each reader's language."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    # A plain ADD COLUMN: no batch rebuild, so the table keeps everything it has.
    op.add_column("audit_event", sa.Column("summary_parts", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("summary_parts")

"""Add the data version that remembered pages are keyed by (one row, starting at 0)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    shapes.table(
        "data_version",
        shapes.id_column(),
        sa.Column("version", sa.BigInteger(), nullable=False),
        checks={"single_row": "id = 1"},
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("data_version")

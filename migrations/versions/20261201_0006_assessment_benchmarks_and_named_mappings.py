"""Flag a recommendation's own assessment benchmark; let several saved mappings read the same columns.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 14:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("benchmark") as batch:
        batch.add_column(sa.Column("is_assessment", sa.Boolean(), nullable=False, server_default=sa.false()))
    # Saving a mapping under a new name used to replace the old one for the same columns.
    with op.batch_alter_table("import_mapping") as batch:
        batch.drop_constraint("uq_import_mapping_signature", type_="unique")
        batch.create_index("ix_import_mapping_signature", ["signature"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("import_mapping") as batch:
        batch.drop_index("ix_import_mapping_signature")
        batch.create_unique_constraint("uq_import_mapping_signature", ["signature"])
    with op.batch_alter_table("benchmark") as batch:
        batch.drop_column("is_assessment")

"""Assessment benchmarks, the file a recommendation was imported from, several mappings per header."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("benchmark") as batch:
        batch.add_column(sa.Column("is_assessment", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("recommendation") as batch:
        batch.add_column(sa.Column("imported_from", sa.String(length=255), nullable=True))
    # Saving a mapping under a new name used to replace the old one for the same columns.
    with op.batch_alter_table("import_mapping") as batch:
        batch.drop_constraint("uq_import_mapping_signature", type_="unique")
        batch.create_index("ix_import_mapping_signature", ["signature"])


def downgrade() -> None:
    with op.batch_alter_table("import_mapping") as batch:
        batch.drop_index("ix_import_mapping_signature")
        batch.create_unique_constraint("uq_import_mapping_signature", ["signature"])
    with op.batch_alter_table("recommendation") as batch:
        batch.drop_column("imported_from")
    with op.batch_alter_table("benchmark") as batch:
        batch.drop_column("is_assessment")

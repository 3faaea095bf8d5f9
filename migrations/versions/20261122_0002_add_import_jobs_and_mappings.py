"""Add import jobs (an uploaded CSV file and its progress) and saved column mappings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    shapes.table(
        "import_mapping",
        shapes.id_column(),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        *shapes.moments("created_at", "updated_at"),
        uniques=[("name",), ("signature",)],
    )
    shapes.table(
        "import_job",
        shapes.id_column(),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("encoding", sa.String(length=20), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("errors", sa.JSON(), nullable=True),
        sa.Column("notices", sa.JSON(), nullable=True),
        sa.Column("report", sa.LargeBinary(), nullable=True),
        *shapes.moments("created_at", "updated_at"),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        checks={"status": "status IN ('uploaded', 'running', 'done', 'failed')"},
        fks=[("user_id", "app_user", "CASCADE")],
    )
    shapes.batch_indexes("import_job", ("user_id", "created_at"))


def downgrade() -> None:
    shapes.drop_batch_indexes("import_job", ("user_id", "created_at"))
    op.drop_table("import_job")
    op.drop_table("import_mapping")

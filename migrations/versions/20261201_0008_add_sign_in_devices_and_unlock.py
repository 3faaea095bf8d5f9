"""Add sign-in devices and account unlocks: throttling that does not lock out an account's owner.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("sign_in_attempt") as batch:
        batch.add_column(sa.Column("device", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_sign_in_attempt_device_at"), ["device", "at"])
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("sign_in_unlocked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("sign_in_unlocked_at")
    with op.batch_alter_table("sign_in_attempt") as batch:
        batch.drop_index(batch.f("ix_sign_in_attempt_device_at"))
        batch.drop_column("device")

"""Add sign-in devices and account unlocks: throttling that does not lock out an account's owner."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    with op.batch_alter_table("sign_in_attempt") as batch:
        batch.add_column(sa.Column("device", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_sign_in_attempt_device_at"), ["device", "at"])
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("sign_in_unlocked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("sign_in_unlocked_at")
    with op.batch_alter_table("sign_in_attempt") as batch:
        batch.drop_index(batch.f("ix_sign_in_attempt_device_at"))
        batch.drop_column("device")

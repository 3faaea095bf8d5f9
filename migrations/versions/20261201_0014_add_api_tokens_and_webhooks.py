"""Add api_token, webhook_endpoint and webhook_delivery: the JSON API's tokens and its webhooks."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    shapes.table(
        "api_token",
        shapes.id_column(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *shapes.moments("expires_at", "last_used_at", "revoked_at", nullable=True),
        checks={"scope": "scope IN ('read', 'write')"},
        fks=[("user_id", "app_user", "CASCADE")],
        uniques=[("secret_hash",)],
    )
    shapes.indexes("api_token", ("user_id",))
    shapes.table(
        "webhook_endpoint",
        shapes.id_column(),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    shapes.table(
        "webhook_delivery",
        shapes.id_column(),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *shapes.moments("next_attempt_at", "delivered_at", nullable=True),
        fks=[("endpoint_id", "webhook_endpoint", "CASCADE")],
    )
    shapes.indexes("webhook_delivery", ("endpoint_id", "created_at"), ("status", "next_attempt_at"))


def downgrade() -> None:
    shapes.drop_indexes("webhook_delivery", ("status", "next_attempt_at"), ("endpoint_id", "created_at"))
    op.drop_table("webhook_delivery")
    op.drop_table("webhook_endpoint")
    shapes.drop_indexes("api_token", ("user_id",))
    op.drop_table("api_token")

"""Add the contributor role and user_actor: the actors a contributor reports for."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes
from scorecard import schema

revision = "0011"
down_revision = "0010"

ROLES_BEFORE = "role IN ('admin', 'analyst', 'viewer')"
ROLES_AFTER = "role IN ('admin', 'analyst', 'viewer', 'contributor')"
# Migration 0010's app_user triggers watch the name column only.
_APP_USER_SQLITE_TRIGGERS = (
    "CREATE TRIGGER app_user_moves_data_version_insert AFTER INSERT ON app_user"
    " BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END",
    "CREATE TRIGGER app_user_moves_data_version_update AFTER UPDATE OF name ON app_user"
    " BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END",
    "CREATE TRIGGER app_user_moves_data_version_delete AFTER DELETE ON app_user"
    " BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END",
)


def _replace_role_check(condition: str) -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint("role", type_="check")
        batch.create_check_constraint("role", condition)
    if dialect == "sqlite":
        # The batch rebuild dropped the table's triggers.
        for statement in _APP_USER_SQLITE_TRIGGERS:
            op.execute(statement)


def upgrade() -> None:
    _replace_role_check(ROLES_AFTER)
    shapes.table(
        "user_actor",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        fks=[("actor_id", "actor", "CASCADE"), ("user_id", "app_user", "CASCADE")],
        pk=("user_id", "actor_id"),
    )
    shapes.indexes("user_actor", ("actor_id",))
    shapes.execute_per_table(schema.create_data_version_triggers, ["user_actor"])


def downgrade() -> None:
    shapes.execute_per_table(schema.drop_data_version_triggers, ["user_actor"])
    shapes.drop_indexes("user_actor", ("actor_id",))
    op.drop_table("user_actor")
    # Contributors become viewers: no account is lost (and only a name change moves the data version).
    op.execute("UPDATE app_user SET role = 'viewer' WHERE role = 'contributor'")
    _replace_role_check(ROLES_BEFORE)

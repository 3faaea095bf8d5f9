"""Add the review of contributors' entries and the perspective (whose assessment) of every entry.

Existing entries become approved (the column's server default) and the
monitoring team's (perspective_id NULL), so no row is rewritten: on
PostgreSQL an UPDATE here would queue the deferred data_change trigger
(migration 0010) and a later ALTER in the same transaction would then fail.

On SQLite the columns are added with plain ALTER TABLE ADD COLUMN, not a
batch rebuild: with foreign keys on, dropping the old progress_entry would
cascade into benchmark_state and null every corrects_id, and would drop the
table's data-version triggers. The downgrade has to rebuild the table: on
SQLite with entries in it, the foreign keys refuse that (nothing is lost);
on an empty database it runs and re-creates the triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes
from scorecard import schema

revision = "0012"
down_revision = "0011"

REVIEW_CHECK = "review_status IN ('submitted', 'returned', 'approved')"
SEEDED = ("Government self-assessment", "Civil-society shadow assessment")

# SQLite keeps a column-level foreign key's name nowhere its reflection reads (it parses only table-level
# "CONSTRAINT … FOREIGN KEY" clauses), and ADD COLUMN cannot add one: the comment after each reference
# carries that clause for the reflection, so models and database compare equal.
_SQLITE_COLUMNS = (
    "review_status VARCHAR(20) DEFAULT 'approved' NOT NULL"
    f" CONSTRAINT ck_progress_entry_review_status CHECK ({REVIEW_CHECK})",
    "reviewed_by_id INTEGER REFERENCES app_user (id) ON DELETE SET NULL"
    " /* CONSTRAINT fk_progress_entry_reviewed_by_id_app_user FOREIGN KEY(reviewed_by_id)"
    " REFERENCES app_user (id) ON DELETE SET NULL */",
    "reviewed_at DATETIME",
    "review_comment TEXT",
    "perspective_id INTEGER REFERENCES perspective (id) ON DELETE RESTRICT"
    " /* CONSTRAINT fk_progress_entry_perspective_id_perspective FOREIGN KEY(perspective_id)"
    " REFERENCES perspective (id) ON DELETE RESTRICT */",
)


def _create_perspective() -> None:
    shapes.table(
        "perspective",
        shapes.id_column(),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        *shapes.versioned(),
        uniques=[("name",)],
    )


def _add_columns_postgresql() -> None:
    op.add_column(
        "progress_entry",
        sa.Column("review_status", sa.String(length=20), server_default="approved", nullable=False),
    )
    op.add_column("progress_entry", sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
    op.add_column("progress_entry", sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("progress_entry", sa.Column("review_comment", sa.Text(), nullable=True))
    op.add_column("progress_entry", sa.Column("perspective_id", sa.Integer(), nullable=True))
    op.create_check_constraint("review_status", "progress_entry", REVIEW_CHECK)
    op.create_foreign_key(
        op.f("fk_progress_entry_reviewed_by_id_app_user"),
        "progress_entry",
        "app_user",
        ["reviewed_by_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_progress_entry_perspective_id_perspective"),
        "progress_entry",
        "perspective",
        ["perspective_id"],
        ["id"],
        ondelete="RESTRICT",
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _create_perspective()
    if dialect == "sqlite":
        for column in _SQLITE_COLUMNS:
            op.execute(f"ALTER TABLE progress_entry ADD COLUMN {column}")
    else:
        _add_columns_postgresql()
    shapes.indexes(
        "progress_entry", ("review_status", "created_at"), ("perspective_id",), ("reviewed_by_id",)
    )
    shapes.execute_per_table(schema.create_data_version_triggers, ["perspective"])
    # Last: these inserts fire the data-version triggers (deferred on PostgreSQL).
    now = sa.func.current_timestamp()
    table = sa.table(
        "perspective",
        sa.column("name", sa.String),
        sa.column("version", sa.Integer),
        sa.column("created_at", sa.DateTime),
        sa.column("updated_at", sa.DateTime),
    )
    for name in SEEDED:
        op.execute(table.insert().values(name=name, version=1, created_at=now, updated_at=now))
    _move_data_version_now(dialect)


def _move_data_version_now(dialect: str) -> None:
    """On PostgreSQL, run the deferred data-version trigger now rather than at commit: a pending
    trigger event on data_change would stop a later migration in this transaction from altering it."""
    if dialect == "postgresql":
        op.execute("SET CONSTRAINTS ALL IMMEDIATE")
        op.execute("SET CONSTRAINTS ALL DEFERRED")


def _drop_columns() -> None:
    with op.batch_alter_table("progress_entry") as batch:
        batch.drop_constraint("fk_progress_entry_perspective_id_perspective", type_="foreignkey")
        batch.drop_constraint("fk_progress_entry_reviewed_by_id_app_user", type_="foreignkey")
        batch.drop_constraint("review_status", type_="check")
        for column in ("perspective_id", "review_comment", "reviewed_at", "reviewed_by_id", "review_status"):
            batch.drop_column(column)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    # Entries of other perspectives, and contributors' entries never approved, were not scores before.
    op.execute("DELETE FROM progress_entry WHERE perspective_id IS NOT NULL OR review_status <> 'approved'")
    _move_data_version_now(dialect)
    shapes.drop_indexes(
        "progress_entry", ("perspective_id",), ("reviewed_by_id",), ("review_status", "created_at")
    )
    _drop_columns()
    if dialect == "sqlite":
        shapes.execute_per_table(schema.create_data_version_triggers, ["progress_entry"])
    shapes.execute_per_table(schema.drop_data_version_triggers, ["perspective"])
    op.drop_table("perspective")

"""Add benchmark reporting schedules, the reminder log and opt-out, evidence files and link visibility."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations import shapes
from scorecard import schema

revision = "0015"
down_revision = "0014"

FREQUENCIES = "reporting_frequency IN ('monthly', 'quarterly', 'half_yearly', 'yearly')"
DUE_DAY = (
    "reporting_due_day IS NULL OR (reporting_frequency IS NOT NULL AND reporting_due_day BETWEEN 1 AND 31)"
)

NEW_TABLES = ("evidence", "reminder")


def _rebuilt_benchmark_triggers() -> None:
    """SQLite's batch rebuild of benchmark dropped its data-version triggers: put them back."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        shapes.execute_per_table(schema.create_data_version_triggers, ["benchmark"])


def upgrade() -> None:
    with op.batch_alter_table("benchmark") as batch:
        batch.add_column(sa.Column("reporting_frequency", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("reporting_due_day", sa.Integer(), nullable=True))
        batch.create_check_constraint("reporting_frequency", FREQUENCIES)
        batch.create_check_constraint("reporting_due_day", DUE_DAY)
    _rebuilt_benchmark_triggers()
    # Plain ADD COLUMNs (no batch rebuild): progress_entry keeps its triggers, app_user its own (0010).
    op.add_column(
        "progress_entry",
        sa.Column("evidence_url_public", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "app_user", sa.Column("reminders_enabled", sa.Boolean(), server_default=sa.true(), nullable=False)
    )
    shapes.table(
        "evidence",
        shapes.id_column(),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        checks={"visibility": "visibility IN ('public', 'internal')", "size_positive": "size_bytes >= 0"},
        fks=[("entry_id", "progress_entry", "CASCADE"), ("uploaded_by_id", "app_user", "SET NULL")],
    )
    shapes.indexes("evidence", ("entry_id",), ("uploaded_by_id",))
    shapes.table(
        "reminder",
        shapes.id_column(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("benchmark_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("emailed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        checks={"kind": "kind IN ('before', 'after', 'digest')"},
        fks=[("benchmark_id", "benchmark", "CASCADE"), ("user_id", "app_user", "CASCADE")],
        uniques=[("user_id", "benchmark_id", "period", "kind")],
    )
    shapes.indexes("reminder", ("benchmark_id",), ("user_id", "created_at"))
    op.create_index(
        "uq_reminder_digest",
        "reminder",
        ["user_id", "period", "kind"],
        unique=True,
        sqlite_where=sa.text("benchmark_id IS NULL"),
        postgresql_where=sa.text("benchmark_id IS NULL"),
    )
    # Both show on pages: evidence beside its entry, reminders on their recipient's account page.
    shapes.execute_per_table(schema.create_data_version_triggers, NEW_TABLES)


def downgrade() -> None:
    shapes.execute_per_table(schema.drop_data_version_triggers, NEW_TABLES)
    op.drop_index("uq_reminder_digest", table_name="reminder")
    shapes.drop_indexes("reminder", ("user_id", "created_at"), ("benchmark_id",))
    op.drop_table("reminder")
    shapes.drop_indexes("evidence", ("uploaded_by_id",), ("entry_id",))
    op.drop_table("evidence")
    op.drop_column("app_user", "reminders_enabled")
    op.drop_column("progress_entry", "evidence_url_public")
    with op.batch_alter_table("benchmark") as batch:
        batch.drop_constraint("reporting_due_day", type_="check")
        batch.drop_constraint("reporting_frequency", type_="check")
        batch.drop_column("reporting_due_day")
        batch.drop_column("reporting_frequency")
    _rebuilt_benchmark_triggers()

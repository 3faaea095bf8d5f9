"""Add frameworks' and framework items' original language and their translations (as 0009 for the rest)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from scorecard import schema

revision = "0016"
down_revision = "0015"

LOCALES = "locale IN ('en', 'sq', 'sr-Latn', 'sr-Cyrl')"
# owner table, its translated fields (name, length; None for unbounded text)
TRANSLATED: tuple[tuple[str, tuple[tuple[str, int | None], ...]], ...] = (
    ("framework", (("name", 200), ("description", None))),
    ("framework_item", (("title", 300),)),
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for owner, fields in TRANSLATED:
        # A plain ADD COLUMN (no batch rebuild): the owner keeps its data-version triggers.
        op.add_column(
            owner, sa.Column("original_locale", sa.String(length=16), nullable=False, server_default="en")
        )
        columns = [
            sa.Column(name, sa.String(length=length) if length else sa.Text(), nullable=True)
            for name, length in fields
        ]
        op.create_table(
            f"{owner}_translation",
            sa.Column(f"{owner}_id", sa.Integer(), nullable=False),
            sa.Column("locale", sa.String(length=16), nullable=False),
            *columns,
            sa.CheckConstraint(LOCALES, name=op.f(f"ck_{owner}_translation_locale")),
            sa.ForeignKeyConstraint(
                [f"{owner}_id"],
                [f"{owner}.id"],
                name=op.f(f"fk_{owner}_translation_{owner}_id_{owner}"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint(f"{owner}_id", "locale", name=op.f(f"pk_{owner}_translation")),
        )
        # Shown on the framework pages: a changed translation expires every remembered page.
        for statement in schema.create_data_version_triggers(dialect, f"{owner}_translation"):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for owner, _fields in reversed(TRANSLATED):
        for statement in schema.drop_data_version_triggers(dialect, f"{owner}_translation"):
            op.execute(statement)
        op.drop_table(f"{owner}_translation")
        op.drop_column(owner, "original_locale")

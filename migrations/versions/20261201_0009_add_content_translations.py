"""Add content in several languages: each translatable record's original language and its translations.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 14:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOCALES = "locale IN ('en', 'sq', 'sr-Latn', 'sr-Cyrl')"
# owner table, its translated fields (name, length; None for unbounded text)
TRANSLATED: tuple[tuple[str, tuple[tuple[str, int | None], ...]], ...] = (
    ("recommendation", (("title", 300), ("text", None))),
    ("benchmark", (("title", 300),)),
    ("theme", (("name", 200),)),
    ("actor", (("name", 200),)),
    ("source", (("title", 300),)),
)


def upgrade() -> None:
    """Apply this revision."""
    for owner, fields in TRANSLATED:
        with op.batch_alter_table(owner) as batch:
            batch.add_column(
                sa.Column("original_locale", sa.String(length=16), nullable=False, server_default="en")
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


def downgrade() -> None:
    """Revert this revision."""
    for owner, _fields in reversed(TRANSLATED):
        op.drop_table(f"{owner}_translation")
        with op.batch_alter_table(owner) as batch:
            batch.drop_column("original_locale")

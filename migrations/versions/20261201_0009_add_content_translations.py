"""Add content in several languages: each translatable record's original language and its translations."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"

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
    for owner, _fields in reversed(TRANSLATED):
        op.drop_table(f"{owner}_translation")
        with op.batch_alter_table(owner) as batch:
            batch.drop_column("original_locale")

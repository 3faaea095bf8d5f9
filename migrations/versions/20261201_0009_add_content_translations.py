"""Add content in several languages: each translatable record's original language and its translations."""

from __future__ import annotations

from alembic import op

from migrations import shapes

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
            batch.add_column(shapes.original_locale())
        shapes.translation_table(owner, fields, LOCALES)


def downgrade() -> None:
    for owner, _fields in reversed(TRANSLATED):
        op.drop_table(f"{owner}_translation")
        with op.batch_alter_table(owner) as batch:
            batch.drop_column("original_locale")

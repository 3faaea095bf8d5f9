"""Add frameworks' and framework items' original language and their translations (as 0009 for the rest)."""

from __future__ import annotations

from alembic import op

from migrations import shapes
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
    for owner, fields in TRANSLATED:
        # A plain ADD COLUMN (no batch rebuild): the owner keeps its data-version triggers.
        op.add_column(owner, shapes.original_locale())
        shapes.translation_table(owner, fields, LOCALES)
        # Shown on the framework pages: a changed translation expires every remembered page.
        shapes.execute_per_table(schema.create_data_version_triggers, [f"{owner}_translation"])


def downgrade() -> None:
    for owner, _fields in reversed(TRANSLATED):
        shapes.execute_per_table(schema.drop_data_version_triggers, [f"{owner}_translation"])
        op.drop_table(f"{owner}_translation")
        op.drop_column(owner, "original_locale")

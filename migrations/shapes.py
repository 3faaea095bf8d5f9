"""Pieces of table definitions that the migrations in versions/ share.

FROZEN: every revision that imports this module must keep producing the schema it produced when it
was written, byte for byte, on SQLite and on PostgreSQL. Never change what a helper here emits (a
name, a type, a nullability, a default); a new need gets a new helper. Nothing here may import from
`scorecard`, whose models move on while old revisions must not.

Every name is the one the models' naming convention gives (pk_<table>, fk_<table>_<column>_<target>,
uq_<table>_<columns>, ck_<table>_<name>, ix_<table>_<columns>), marked with `op.f` as already final.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

Columns = Sequence[str]


def id_column() -> sa.Column[Any]:
    """The integer surrogate key every entity table starts with."""
    return sa.Column("id", sa.Integer(), nullable=False)


def moments(*names: str, nullable: bool = False) -> list[sa.Column[Any]]:
    """Timezone-aware timestamp columns, e.g. moments("created_at", "updated_at")."""
    return [sa.Column(name, sa.DateTime(timezone=True), nullable=nullable) for name in names]


def versioned() -> list[sa.Column[Any]]:
    """The optimistic-locking version and the two timestamps of an editable record, in that order."""
    return [sa.Column("version", sa.Integer(), nullable=False), *moments("created_at", "updated_at")]


def score_summary() -> list[sa.Column[Any]]:
    """A recommendation's kept score, as recommendation_state and recommendation_snapshot hold it."""
    return [
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=True),
        sa.Column("benchmark_count", sa.Integer(), nullable=False),
        sa.Column("assessed_count", sa.Integer(), nullable=False),
        sa.Column("last_observed_on", sa.Date(), nullable=True),
    ]


SCORE_RANGE = "score IS NULL OR (score >= 0 AND score <= 100)"


def primary_key(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    """The table's primary key, on `id` unless columns are named."""
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def fk(
    table: str,
    column: str | Columns,
    target: str,
    ondelete: str,
    target_column: str | Columns = "id",
) -> sa.ForeignKeyConstraint:
    """A foreign key from table.column (or several columns) to target.target_column (or as many)."""
    columns = [column] if isinstance(column, str) else list(column)
    targets = [target_column] if isinstance(target_column, str) else list(target_column)
    return sa.ForeignKeyConstraint(
        columns,
        [f"{target}.{name}" for name in targets],
        name=op.f(f"fk_{table}_{'_'.join(columns)}_{target}"),
        ondelete=ondelete,
    )


def unique(table: str, *columns: str) -> sa.UniqueConstraint:
    """A unique constraint over the columns, named after them."""
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    """A CHECK constraint named ck_<table>_<name>."""
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def table(
    name: str,
    *columns: sa.Column[Any],
    checks: Mapping[str, str] | None = None,
    fks: Sequence[tuple[str | Columns, str, str] | tuple[str | Columns, str, str, str | Columns]] = (),
    pk: Columns = ("id",),
    uniques: Sequence[Columns] = (),
) -> None:
    """Create a table: its columns, then its constraints in the order autogenerate wrote them (checks,
    foreign keys, primary key, unique constraints), each named by the convention.

    checks maps a name (ck_<table>_<name>) to its condition; a foreign key is (column, target table,
    ondelete[, target column]), with tuples of columns for a composite key. The constraints are made
    here, after the columns and in this order, as SQLAlchemy lists them in CREATE TABLE by creation.
    """
    op.create_table(
        name,
        *columns,
        *(check(name, suffix, condition) for suffix, condition in (checks or {}).items()),
        *(fk(name, *key) for key in fks),
        primary_key(name, *pk),
        *(unique(name, *key) for key in uniques),
    )


def index_name(table: str, columns: Columns) -> str:
    """ix_<table>_<columns>, as the naming convention spells it."""
    return op.f(f"ix_{table}_{'_'.join(columns)}")


def batch_indexes(table: str, *indexes: Columns) -> None:
    """Create plain indexes inside a batch block (the way the first revisions were generated)."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for columns in indexes:
            batch_op.create_index(index_name(table, columns), list(columns), unique=False)


def drop_batch_indexes(table: str, *indexes: Columns) -> None:
    """Drop, inside a batch block, the indexes batch_indexes made (in the order given)."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for columns in indexes:
            batch_op.drop_index(index_name(table, columns))


def indexes(table: str, *indexes: Columns) -> None:
    """Create plain indexes with op.create_index."""
    for columns in indexes:
        op.create_index(index_name(table, columns), table, list(columns), unique=False)


def drop_indexes(table: str, *indexes: Columns) -> None:
    """Drop, with op.drop_index, the indexes indexes() made (in the order given)."""
    for columns in indexes:
        op.drop_index(index_name(table, columns), table_name=table)


def translation_table(owner: str, fields: Iterable[tuple[str, int | None]], locales: str) -> None:
    """Create <owner>_translation: one row per owner and locale, holding the translated fields.

    fields are (name, length) pairs, length None for unbounded text; locales is the CHECK condition.
    """
    table(
        f"{owner}_translation",
        sa.Column(f"{owner}_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        *(
            sa.Column(name, sa.String(length=length) if length else sa.Text(), nullable=True)
            for name, length in fields
        ),
        checks={"locale": locales},
        fks=[(f"{owner}_id", owner, "CASCADE")],
        pk=(f"{owner}_id", "locale"),
    )


def original_locale() -> sa.Column[Any]:
    """The language a translatable record was written in (existing rows: English)."""
    return sa.Column("original_locale", sa.String(length=16), nullable=False, server_default="en")


def execute_per_table(statements_for: Callable[[str, str], Iterable[str]], tables: Iterable[str]) -> None:
    """Execute, table by table, the SQL that statements_for(dialect name, table) writes.

    The callers pass the data-version trigger writers of their time; what those write is theirs to freeze.
    """
    dialect = op.get_bind().dialect.name
    for each in tables:
        for statement in statements_for(dialect, each):
            op.execute(statement)

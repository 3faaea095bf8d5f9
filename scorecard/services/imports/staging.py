"""The keys a file names, staged in a temporary table so a planner looks each kind up with one join.

A planner used to send the ids of a file to the database in IN lists of a few
hundred: a million-row file took thousands of queries, their number growing
with the file. Staged once (the driver's executemany on SQLite, COPY on
PostgreSQL), every lookup is one statement joined to the staged keys, whatever
the file's length.

The table is temporary, private to the connection, and holds only the file's
keys: planning still writes nothing anyone else can see (a preview on GET
included). It lives until the transaction ends or the next file is staged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import BigInteger, Column, ColumnElement, MetaData, Select, String, Table, select
from sqlalchemy.orm import Session

from scorecard.models import Recommendation

from .. import bulk

KEYS = Table(
    "import_key",
    MetaData(),
    Column("name", String(40), nullable=False),
    Column("id", BigInteger),
    Column("code", String(200)),
    prefixes=["TEMPORARY"],
)

_CREATE = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS import_key"
    " (name VARCHAR(40) NOT NULL, id BIGINT, code VARCHAR(200))"
)


# The longest recommendation code stored (the column's length).
CODE_MAX = cast(Any, Recommendation.__table__).c.code.type.length

# Ids this many or more that fill most of their range (a whole export's entry ids) are looked up
# as that range instead: one statement as well, without staging a million rows first.
DENSE_FROM = 500


def stage(session: Session, *, ids: Mapping[str, list[int]], codes: Iterable[str] = ()) -> None:
    """Replace the staged keys with these: sorted ids by the name of their column, and codes."""
    connection = session.connection()
    connection.exec_driver_sql(_CREATE)
    connection.exec_driver_sql("DELETE FROM import_key")
    session.info[_RANGES] = {}
    add(session, ids=ids, codes=codes)


def add(session: Session, *, ids: Mapping[str, list[int]], codes: Iterable[str] = ()) -> None:
    """Stage more keys beside those already staged (say, the benchmarks a first lookup found)."""
    ranges = session.info.setdefault(_RANGES, {})
    rows: list[tuple[Any, ...]] = []
    for name, values in ids.items():
        if len(values) >= DENSE_FROM and values[-1] - values[0] < 2 * len(values):
            ranges[name] = (values[0], values[-1])
        else:
            rows += [(name, ident, None) for ident in values]
    # A code longer than any stored one names nothing (the row gets its own error), and would not
    # fit the staged column on PostgreSQL.
    rows += [("code", None, code) for code in codes if len(code) <= CODE_MAX]
    if rows:
        connection = session.connection()
        bulk.insert_rows(connection, KEYS, ("name", "id", "code"), rows)
        if connection.dialect.name == "postgresql":
            # Temporary tables are never analysed on their own: without it the planner guesses
            # their size, and a ten-row file's lookups would scan the whole history.
            connection.exec_driver_sql("ANALYZE import_key")


_RANGES = "import_key_ranges"  # session.info: column name → (lowest, highest) of dense ids


def among(session: Session, column: Any, name: str) -> ColumnElement[bool]:
    """A condition for `column` taking one of the staged ids of `name`. Dense ids are a range,
    which may match ids the file does not name: callers keep only those they asked for."""
    dense = session.info.get(_RANGES, {}).get(name)
    if dense is not None:
        return cast(ColumnElement[bool], column.between(*dense))
    return cast(ColumnElement[bool], column.in_(select(KEYS.c.id).where(KEYS.c.name == name)))


def codes() -> Select[Any]:
    """The staged recommendation codes."""
    return select(KEYS.c.code).where(KEYS.c.name == "code")


def unstage(session: Session) -> None:
    """Drop the staged keys (the table itself goes with the connection or the transaction)."""
    session.connection().exec_driver_sql("DELETE FROM import_key")

"""Bulk writes an import makes: batched inserts, versioned updates and audit events as rows."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from scorecard.errors import N_, Message, ScorecardError

from .. import audit, bulk
from ..audit import ActingUser
from ..bulk import chunks
from ..tables import audit_event as audit_table
from ..tables import bench

# Whole sentences per kind of record an update found changed under it.
CHANGED_BY_SOMEONE = {
    "benchmarks": N_("Some benchmarks were changed by someone else while the import ran."),
    "recommendations": N_("Some recommendations were changed by someone else while the import ran."),
    "records": N_("Some records were changed by someone else while the import ran."),
}


class ImportConflict(ScorecardError):
    """Something the plan relied on changed before it was written; nothing was written."""


def lock_benchmarks(session: Session, benchmark_ids: Iterable[int]) -> None:
    """Hold these benchmarks' rows until the transaction ends, in id order (no deadlocks).

    What a benchmark "already counts" is then read and written by one writer at a time:
    PostgreSQL's row locks; SQLite's write transactions are serialised already (FOR UPDATE
    compiles to nothing there).
    """
    for chunk in chunks(sorted(set(benchmark_ids))):
        session.execute(
            select(bench.c.id).where(bench.c.id.in_(chunk)).order_by(bench.c.id).with_for_update()
        )


# Above this many touched benchmarks, recomputing every maintained state is cheaper than refreshing some.
REBUILD_THRESHOLD = 5000


def insert_returning(session: Session, table: Table, rows: list[dict[str, Any]], *columns: Any) -> list[Any]:
    """Insert rows in batches and return `columns` of each new row, in no particular order.

    Callers match them up by a key of their own: asking for the order of the
    parameters makes SQLAlchemy insert one row at a time on SQLite.
    """
    found: list[Any] = []
    for chunk in chunks(rows, 1000):
        found.extend(session.execute(insert(table).returning(*columns), list(chunk)).all())
    return found


def insert_keyed(session: Session, table: Table, rows: list[dict[str, Any]], key: str) -> dict[Any, int]:
    """Insert rows and return each new row's id by its value of `key`, a column unique in the table.

    Through `insert_many` (the driver, COPY on PostgreSQL) and a lookup per chunk of keys: on
    PostgreSQL, INSERT ... RETURNING of a thousand recommendations took 150 ms, this a third of it.
    """
    insert_many(session, table, rows)
    column = table.c[key]
    found: dict[Any, int] = {}
    for chunk in chunks([row[key] for row in rows]):
        found.update(session.execute(select(column, table.c.id).where(column.in_(chunk))).all())
    return found


def insert_returning_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids in the order given (one statement per row on SQLite)."""
    ids: list[int] = []
    for chunk in chunks(rows, 1000):
        result = session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), list(chunk)
        )
        ids.extend(result.scalars().all())
    return ids


# From this many rows, inserts go straight to the driver (PostgreSQL: COPY).
BULK_FROM = 5000


def insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows: many at once straight through the driver, else in batches of a thousand."""
    if len(rows) >= BULK_FROM and _bulk_insert(session.connection(), table, rows):
        return
    for chunk in chunks(rows, 1000):
        session.execute(insert(table), list(chunk))


def _bulk_insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> bool:
    """Insert rows straight through the driver (`bulk`); False if it cannot.

    SQLAlchemy builds and converts a parameter dictionary per row: for a
    million entries that was a third of the import's write time on SQLite, and
    on PostgreSQL an INSERT executemany is still parsed and planned row by row
    (over a minute for a million; COPY takes seconds). It only applies when
    every row names the same columns. A column the rows leave out gets its
    constant default, as the ORM would write it; one whose default is computed
    per row (a timestamp) sends the rows the ORM's way.
    """
    names = list(rows[0])
    if any(len(row) != len(names) or row.keys() != rows[0].keys() for row in rows):
        return False
    left_out = [
        column for column in table.columns if column.name not in rows[0] and column.default is not None
    ]
    if any(not column.default.is_scalar for column in left_out):  # type: ignore[union-attr]
        return False
    if connection.dialect.name not in ("postgresql", "sqlite"):
        return False
    constants = {column.name: _stored_default(column.default.arg) for column in left_out}  # type: ignore[union-attr]
    convert = bulk.row_converter(connection, table, names)
    fixed = bulk.row_converter(connection, table, list(constants))(constants) if constants else []
    values = (convert(row) + fixed for row in rows) if fixed else map(convert, rows)
    bulk.insert_rows(connection, table, [*names, *constants], values)
    return True


def _stored_default(value: Any) -> Any:
    """A constant default as the driver takes it: an enum as the text it is stored as."""
    return value.value if isinstance(value, enum.Enum) else value


def follow_explicit_ids(session: Session, table: Table) -> None:
    """After rows were inserted with ids of their own, move PostgreSQL's id sequence past them.

    SQLite numbers new rows from the highest id, so nothing is needed there.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        select(
            func.setval(
                func.pg_get_serial_sequence(table.name, "id"),
                select(func.coalesce(func.max(table.c.id), 1)).scalar_subquery(),
            )
        )
    )


def update_checked(
    session: Session, table: Table, rows: list[dict[str, Any]], columns: Sequence[str], *, what: str
) -> None:
    """Versioned updates of `columns`; refused with ImportConflict when a row changed since it was read."""
    if not rows:
        return
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(
            {name: bindparam(f"v_{name}") for name in columns}
            | {"version": table.c.version + 1, "updated_at": bindparam("v_updated_at")}
        )
    )
    for chunk in chunks(rows, 1000):
        result = session.execute(statement, list(chunk))
        matched = cast(Any, result).rowcount
        if matched != len(chunk) and session.get_bind().dialect.supports_sane_multi_rowcount:
            raise ImportConflict(CHANGED_BY_SOMEONE.get(what) or CHANGED_BY_SOMEONE["records"])


def insert_events(session: Session, events: list[dict[str, Any]]) -> None:
    """Add many audit events at once (the same shape as audit.record)."""
    if events:
        insert_many(session, audit_table, events)


# Most snapshot values: kept as they are without a chain of isinstance checks (half of _plain's time).
_AS_THEY_ARE = frozenset({str, int, float, bool, type(None)})


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """A snapshot ready for the JSON column: dates as ISO text, sets sorted (what audit.jsonable does,
    for the flat values an import writes, without its recursion over every value)."""
    plain: dict[str, Any] = {}
    for key, value in values.items():
        if value.__class__ in _AS_THEY_ARE:
            plain[key] = value
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, frozenset | set | tuple):
            value = sorted(value)
        elif isinstance(value, dict):
            value = audit.jsonable(value)
        plain[key] = value
    return plain


def event_row(
    by: ActingUser,
    now: datetime,
    *,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str | Message,
    recommendation_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One audit event as a row for a bulk insert (the shape audit.record writes)."""
    return {
        "at": now,
        "user_id": by.user_id,
        "user_email": by.email,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "recommendation_id": recommendation_id,
        "summary": summary[:500],
        "summary_parts": summary.to_json() if isinstance(summary, Message) else None,
        "before": _plain(before) if before is not None else None,
        "after": _plain(after) if after is not None else None,
        "ip": by.ip,
        "request_id": by.request_id,
    }


def id_ranges(ids: Iterable[int]) -> str:
    """Ids as compact ranges: "1-200, 205, 210-212"."""
    ordered = sorted(ids)
    parts: list[str] = []
    start = previous = None
    for ident in ordered:
        if previous is not None and ident == previous + 1:
            previous = ident
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = ident
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}-{previous}")
    return ", ".join(parts)

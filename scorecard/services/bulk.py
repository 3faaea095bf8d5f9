"""Bulk writes straight through the database driver: COPY on PostgreSQL, one executemany on SQLite.

For a bulk loader (the generator, a large import) SQLAlchemy's per-row
parameter processing costs more than the database's own insert. Rows here are
converted with each column type's own bind conversion, so the database stores
exactly what an ORM or Core insert would have stored.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import operator
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Date, Table, func, literal, select

from scorecard import schema

T = TypeVar("T")

# IN lists and batched statements carry at most this many values, well under SQLite's bound-parameter limit.
IN_CHUNK = 500


def chunks(values: Iterable[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    """Consecutive runs of at most `size` values (a list is sliced, anything else read as it comes)."""
    if isinstance(values, list):
        for start in range(0, len(values), size):
            yield values[start : start + size]
        return
    iterator = iter(values)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _conversion(connection: Connection, table: Table, name: str) -> Callable[[Any], Any] | None:
    """How a column's (non-None) Python value goes to the driver; None when it goes as it is."""
    dialect = connection.dialect
    column_type = table.c[name].type
    convert = column_type.dialect_impl(dialect).bind_processor(dialect)
    if convert is not None and isinstance(column_type, Date):
        # Dates repeat (a few thousand days across a million entries): convert each once.
        return functools.lru_cache(maxsize=None)(convert)
    return convert


def value_converter(connection: Connection, table: Table, name: str) -> Callable[[Any], Any]:
    """One column's value as the driver takes it."""
    convert = _conversion(connection, table, name)
    return lambda value: value if value is None or convert is None else convert(value)


def row_converter(
    connection: Connection, table: Table, names: Sequence[str]
) -> Callable[[Mapping[str, Any]], list[Any]]:
    """A dict row's values for `names`, in that order, as the driver takes them."""
    pick = operator.itemgetter(*names)
    single = len(names) == 1
    active = [
        (position, convert)
        for position, name in enumerate(names)
        if (convert := _conversion(connection, table, name)) is not None
    ]

    def convert_row(row: Mapping[str, Any]) -> list[Any]:
        values = [pick(row)] if single else list(pick(row))
        for position, convert in active:
            if (value := values[position]) is not None:
                values[position] = convert(value)
        return values

    return convert_row


def insert_rows(
    connection: Connection, table: Table, names: Sequence[str], values: Iterable[Sequence[Any]]
) -> None:
    """Insert rows already in the driver's terms (see `row_converter`) through the driver itself."""
    driver = connection.connection.driver_connection
    assert driver is not None
    preparer = connection.dialect.identifier_preparer
    columns = ", ".join(preparer.quote(name) for name in names)
    target = preparer.format_table(table)
    if connection.dialect.name == "postgresql":
        with driver.cursor() as cursor, cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in names)
    # Names and marks come from the table definition, never from input.
    driver.executemany(f"INSERT INTO {target} ({columns}) VALUES ({marks})", values)  # noqa: S608


# SQLite's page cache while a bulk write runs (KiB, as PRAGMA cache_size takes a negative number):
# a million rows go into six indexes of the history, and the default 2 MB cache rereads their
# pages from disk over and over (measured: 2.4× slower).
BULK_CACHE_KIB = 256 * 1024


@contextlib.contextmanager
def version_moved_once(connection: Connection) -> Iterator[None]:
    """A bulk write on SQLite that moves the data version once, not once per row, with a large cache.

    SQLite's data-version triggers (migration 0010) fire for every row: an UPDATE of
    data_version per row was half the time of a million-row insert. Here they are set
    aside for the work, the version is moved once and they are put back, all in the
    caller's transaction: a rollback restores them with everything else, and no other
    writer can write meanwhile (SQLite has one writer at a time), so no change is
    missed. PostgreSQL's triggers fire once per statement already: nothing to do there.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?",
        (schema.sqlite_trigger_name("*", "*"),),
    ).all()
    cache = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    for name, _sql in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
        if triggers:
            connection.exec_driver_sql(schema.DATA_VERSION_BUMP)
    finally:
        for _name, sql in triggers:
            connection.exec_driver_sql(sql)
        connection.exec_driver_sql(f"PRAGMA cache_size = {cache}")


@contextlib.contextmanager
def indexes_set_aside(connection: Connection, table: Table, *, adding: int) -> Iterator[None]:
    """Drop `table`'s secondary indexes for a bulk insert of `adding` rows and build them again after,
    when the table holds fewer rows than that (a restore into a new database, a first import).

    Building an index once from sorted rows beats a million scattered inserts into six of
    them (the generator loads the history the same way). It is all in the caller's
    transaction: a rollback brings the indexes back. Into a large table the rows go as
    they are: rebuilding its indexes would cost more than the insert saves.
    """
    held = connection.execute(
        select(func.count()).select_from(select(literal(1)).select_from(table).limit(adding).subquery())
    ).scalar_one()
    if adding < SET_ASIDE_FROM or held >= adding:
        yield
        return
    for index in table.indexes:
        index.drop(connection)
    yield
    for index in table.indexes:
        index.create(connection)


# Fewer rows than this go into the indexes as they are.
SET_ASIDE_FROM = 50_000


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = True


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk import runs (reading its file, planning, writing).

    An import holds hundreds of thousands of long-lived row objects and makes
    no reference cycles; the collector would rescan them again and again,
    which doubles the time of a large import. Reference counting still frees
    memory as usual. Nested and concurrent pauses are counted.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()

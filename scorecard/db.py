"""The database: engine with SQLite pragmas, session factory, and one lazy session per request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, request
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

EXTENSION_KEY = "scorecard_db"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def default_url(instance_path: str | Path) -> str:
    """The embedded default: a SQLite file in the instance folder."""
    return f"sqlite:///{Path(instance_path) / 'scorecard.db'}"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL, a busy timeout and explicit BEGINs."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)

    engine = create_engine(url, **kwargs)
    in_memory = parsed.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (below) instead of pysqlite's own
        # late, implicit one; savepoints and BEGIN IMMEDIATE both depend on it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A deferred transaction that reads and then writes fails at once with
        # "database is locked" when another writer got in between; writers take
        # the lock up front and wait their turn (busy_timeout) instead.
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class ReadOnlySessionError(RuntimeError):
    """A safe (GET) request tried to write."""


def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get("read_only") and (session.new or session.dirty or session.deleted):
        raise ReadOnlySessionError("a GET request must not change anything")


def _refuse_statement(state: Any) -> None:
    # Core INSERT/UPDATE/DELETE run through session.execute never flush, so the
    # flush guard above cannot see them.
    if state.session.info.get("read_only") and (state.is_insert or state.is_update or state.is_delete):
        raise ReadOnlySessionError("a GET request must not change anything")


def settle_data_version(session: Session) -> None:
    """Run PostgreSQL's at-commit bump of the data version now, for a commit that is only a savepoint.

    A session joined to an outer transaction (the tests') commits by releasing
    a savepoint, which fires no deferred trigger; this makes each of its
    commits move the data version as a real commit would. SQLite's triggers
    move it at once.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET CONSTRAINTS data_change_bump IMMEDIATE"))
        session.execute(text("SET CONSTRAINTS data_change_bump DEFERRED"))


class Database:
    """The engine and the session factories built from one URL."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._bind: Engine | Connection | None = None
        self._before_commit: list[Callable[[Session], None]] = []

    def before_commit(self, hook: Callable[[Session], None]) -> None:
        """Run `hook(session)` just before each of this database's sessions commits."""
        self._before_commit.append(hook)

    def bind_to(self, connection: Connection | None) -> None:
        """Serve every session from one connection (tests wrap it in a transaction)."""
        self._bind = connection

    def session(self, *, write: bool) -> Session:
        """A new session; `write` takes SQLite's write lock at BEGIN."""
        # Objects stay readable after commit: a view renders what it saved.
        if self._bind is not None:
            session = Session(
                bind=self._bind, join_transaction_mode="create_savepoint", expire_on_commit=False
            )
            event.listen(session, "before_commit", settle_data_version)
        else:
            session = Session(bind=self._writer if write else self.engine, expire_on_commit=False)
        session.info["read_only"] = not write
        event.listen(session, "before_flush", _refuse_flush)
        event.listen(session, "do_orm_execute", _refuse_statement)
        for hook in self._before_commit:
            event.listen(session, "before_commit", hook)
        return session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write session committed at the end, rolled back on error (CLI, scripts)."""
        session = self.session(write=True)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def register_db(app: Flask) -> None:
    """Attach a Database to the app and close each request's session at teardown."""
    url = app.config.get("DATABASE_URL") or default_url(app.instance_path)
    app.config["DATABASE_URL"] = url
    app.extensions[EXTENSION_KEY] = Database(url)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def current_database_of(app: Flask) -> Database:
    """The Database attached to `app`."""
    database: Database = app.extensions[EXTENSION_KEY]
    return database


def current_database() -> Database:
    """The Database of the app handling this request or command."""
    database: Database = current_app.extensions[EXTENSION_KEY]
    return database


def get_session() -> Session:
    """This request's session, opened on first use; read-only for GET and HEAD."""
    if "db_session" not in g:
        write = request.method not in SAFE_METHODS if request else True
        g.db_session = current_database().session(write=write)
    session: Session = g.db_session
    return session

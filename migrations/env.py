"""Alembic environment: the same database URL and engine set-up as the application."""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import Connection, Engine

from scorecard.db import make_engine
from scorecard.models import Base, UtcDateTime
from scorecard.schema import compare_options

config = context.config
if config.config_file_name is not None and not config.attributes.get("engine"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    """The URL set by `scorecard db …` or the tests; else the application's own configuration."""
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from scorecard import create_app  # only when alembic is run by hand

    return str(create_app().config["DATABASE_URL"])


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render the app's UtcDateTime as the plain column type it stands for."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    context.configure(
        url=database_url(),
        target_metadata=Base.metadata,
        literal_binds=True,
        render_item=render_item,
        **compare_options(),
    )
    with context.begin_transaction():
        context.run_migrations()


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign keys, outside any transaction (inside one the pragma does nothing).

    A batch migration rebuilds a table by copying it and dropping the original;
    with foreign keys on, that DROP cascades: rebuilding app_user would delete
    every import job, rebuilding benchmark every progress entry. SQLite's own
    procedure for altering a table turns them off for the rebuild.
    """
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def _refuse_broken_references(connection: Connection) -> None:
    """Roll the migration back if it left a row pointing at nothing (checked while foreign keys were off)."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration left rows whose references point nowhere: {broken[:10]}")


def run_migrations_online() -> None:
    """Run the migrations in one transaction on the app's kind of engine."""
    engine: Engine = config.attributes.get("engine") or make_engine(database_url())
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_item=render_item,
                **compare_options(),
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    _refuse_broken_references(connection)
        finally:
            if sqlite:
                if connection.in_transaction():
                    connection.rollback()  # whatever alembic began after its commit
                _sqlite_foreign_keys(connection, on=True)
    if not config.attributes.get("engine"):
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

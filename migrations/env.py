"""Alembic environment: the same database URL and engine set-up as the application."""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import Engine

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


def run_migrations_online() -> None:
    """Run the migrations in one transaction on the app's kind of engine."""
    engine: Engine = config.attributes.get("engine") or make_engine(database_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_item=render_item,
            **compare_options(),
        )
        with context.begin_transaction():
            context.run_migrations()
    if not config.attributes.get("engine"):
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""Alembic driven from code: upgrade, downgrade, the current revision, and drift against the models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from scorecard.models import Base

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = PROJECT_ROOT / "migrations"


def alembic_config(url: str, engine: Engine | None = None) -> Config:
    """An Alembic config for `url` (or for an existing engine, so its SQLite hooks apply)."""
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(url: str, revision: str = "head", engine: Engine | None = None) -> None:
    """Bring the database up to `revision`."""
    command.upgrade(alembic_config(url, engine), revision)


def downgrade(url: str, revision: str = "-1", engine: Engine | None = None) -> None:
    """Take the database down to `revision` ("base" empties it)."""
    command.downgrade(alembic_config(url, engine), revision)


def heads() -> list[str]:
    """The head revisions of the migration scripts (one, unless branches were left unmerged)."""
    return list(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first upgrade."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def compare_options() -> dict[str, Any]:
    """The autogenerate options env.py uses, shared with the drift check."""
    return {"compare_type": True, "compare_server_default": False, "render_as_batch": True}


def drift(engine: Engine) -> list[Any]:
    """Differences between the models and the migrated database; empty when they agree."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=compare_options())
        return list(compare_metadata(context, Base.metadata))

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


# Tables no page shows: writing them need not move the data version that keys
# remembered pages. Every other table must carry the data-version triggers
# (tests/test_migrations.py checks it at head), so a new table is stale-proof
# unless someone decides, here, that no page reads it.
UNSHOWN_TABLES = frozenset(
    {
        "alembic_version",
        "audit_event",
        "sign_in_attempt",
        "import_job",
        "import_mapping",
        "data_version",
        "data_change",
        "app_user",  # has its own triggers, on the name column only (migration 0010)
        # the API's tokens and webhooks: no remembered page reads them (the account and webhook
        # pages are never cached), and a token's last-used time must not expire every cached page
        "api_token",
        "webhook_endpoint",
        "webhook_delivery",
    }
)

_SQLITE_EVENTS = (("insert", "INSERT"), ("update", "UPDATE"), ("delete", "DELETE"))


def create_data_version_triggers(dialect: str, table: str) -> list[str]:
    """The statements that make every write to `table` move the data version (as migration 0010 does).

    PostgreSQL relies on the functions migration 0010 created; SQLite needs the
    triggers again whenever a batch migration rebuilds the table.
    `table` must be a constant of the migration, never input.
    """
    if dialect == "postgresql":
        return [
            f"CREATE TRIGGER {table}_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
            f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION scorecard_note_data_change()"
        ]
    return [
        f"CREATE TRIGGER {sqlite_trigger_name(table, name)} AFTER {event} ON {table}"
        f" BEGIN {DATA_VERSION_BUMP}; END"
        for name, event in _SQLITE_EVENTS
    ]


# What each SQLite trigger runs, and what a bulk write that sets the insert trigger aside runs once.
DATA_VERSION_BUMP = "UPDATE data_version SET version = version + 1 WHERE id = 1"


def sqlite_trigger_name(table: str, event: str) -> str:
    """The name of `table`'s SQLite data-version trigger for `event` (insert, update or delete)."""
    return f"{table}_moves_data_version_{event}"


def drop_data_version_triggers(dialect: str, table: str) -> list[str]:
    """The statements that undo create_data_version_triggers (for a migration's downgrade)."""
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_moves_data_version ON {table}"]
    return [f"DROP TRIGGER IF EXISTS {sqlite_trigger_name(table, name)}" for name, _event in _SQLITE_EVENTS]

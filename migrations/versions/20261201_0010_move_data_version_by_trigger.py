"""Move the data version by database triggers on every table that pages read.

Bulk imports and the generator write through the driver (COPY, executemany),
past every session hook; a trigger sees those writes, raw SQL and any path
added later alike, so no write can leave remembered pages stale.

SQLite serialises writers, so each changed row moves the version at once.
PostgreSQL notes the first change of a transaction (a statement trigger and a
transaction-local setting) and moves the version by a deferred constraint
trigger at commit: the data_version row lock is then held only for the
commit itself, so a long import does not stall every form save behind it,
and the version moves once per transaction, in commit order.

SQLite drops a table's triggers when a batch migration rebuilds the table (a
dropped or altered column): a later migration that rebuilds one of these
tables must create its triggers again. tests/test_migrations.py checks that
every table listed here has them at head.
"""

from __future__ import annotations

from alembic import op

from migrations import shapes

revision = "0010"
down_revision = "0009"

# Every table whose rows some page shows (directly or as derived state).
PAGE_TABLES = (
    "source",
    "actor",
    "theme",
    "scale",
    "scale_level",
    "recommendation",
    "recommendation_actor",
    "benchmark",
    "progress_entry",
    "benchmark_state",
    "recommendation_state",
    "snapshot_day",
    "recommendation_snapshot",
    "review_cycle",
    "app_meta",
    "recommendation_translation",
    "benchmark_translation",
    "theme_translation",
    "actor_translation",
    "source_translation",
)
# Pages show a person's name (entry authors); signing in updates other columns only.
USER_COLUMNS = "name"

_NOTE = """
CREATE FUNCTION scorecard_note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('scorecard.data_change_noted', true), '') <> 'on' THEN
        PERFORM set_config('scorecard.data_change_noted', 'on', true);
        INSERT INTO data_change DEFAULT VALUES;
    END IF;
    RETURN NULL;
END $$
"""
_BUMP = """
CREATE FUNCTION scorecard_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET version = version + 1 WHERE id = 1;
    DELETE FROM data_change WHERE id = NEW.id;
    PERFORM set_config('scorecard.data_change_noted', 'off', true);
    RETURN NULL;
END $$
"""


def _sqlite_triggers() -> list[tuple[str, str, str]]:
    """(trigger name, event, table) of every SQLite trigger."""
    events = [("insert", "INSERT"), ("update", "UPDATE"), ("delete", "DELETE")]
    triggers = [
        (f"{table}_moves_data_version_{name}", event, table)
        for table in PAGE_TABLES
        for name, event in events
    ]
    triggers += [
        ("app_user_moves_data_version_insert", "INSERT", "app_user"),
        ("app_user_moves_data_version_update", f"UPDATE OF {USER_COLUMNS}", "app_user"),
        ("app_user_moves_data_version_delete", "DELETE", "app_user"),
    ]
    return triggers


def upgrade() -> None:
    shapes.table("data_change", shapes.id_column())
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_NOTE)
        op.execute(_BUMP)
        op.execute(
            "CREATE CONSTRAINT TRIGGER data_change_bump AFTER INSERT ON data_change"
            " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scorecard_bump_data_version()"
        )
        for table in PAGE_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_moves_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION scorecard_note_data_change()"
            )
        op.execute(
            f"CREATE TRIGGER app_user_moves_data_version AFTER INSERT OR DELETE OR UPDATE OF {USER_COLUMNS}"
            " ON app_user FOR EACH STATEMENT EXECUTE FUNCTION scorecard_note_data_change()"
        )
        return
    for name, event, table in _sqlite_triggers():
        # Names come from the constants above, never from input.
        bump = "UPDATE data_version SET version = version + 1 WHERE id = 1"
        op.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {bump}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*PAGE_TABLES, "app_user"):
            op.execute(f"DROP TRIGGER {table}_moves_data_version ON {table}")
        op.execute("DROP TRIGGER data_change_bump ON data_change")
        op.execute("DROP FUNCTION scorecard_bump_data_version()")
        op.execute("DROP FUNCTION scorecard_note_data_change()")
    else:
        for name, _event, _table in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("data_change")

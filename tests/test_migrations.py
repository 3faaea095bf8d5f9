"""Migrations: one head; empty → head; models and migrations agree; head → base → head."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect, select, text

from scorecard import schema
from scorecard.db import make_engine
from scorecard.demo import PRESET_LABELS

from .conftest import backend_url, drop_backend


@pytest.fixture
def empty_database(tmp_path):
    url = backend_url(str(tmp_path), "migrations")
    engine = make_engine(url)
    yield url, engine
    engine.dispose()
    drop_backend(url)


def test_migrations_have_a_single_head():
    assert len(schema.heads()) == 1


def test_upgrade_from_empty_to_head_matches_the_models_and_round_trips(empty_database):
    url, engine = empty_database
    assert schema.current_revision(engine) is None
    schema.upgrade(url, engine=engine)
    assert schema.current_revision(engine) == schema.heads()[0]
    assert schema.drift(engine) == []
    tables = set(inspect(engine).get_table_names())
    assert {
        "recommendation",
        "benchmark",
        "progress_entry",
        "review_cycle",
        "app_user",
        "audit_event",
    } <= tables
    assert "user" not in tables

    schema.downgrade(url, "base", engine=engine)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    schema.upgrade(url, engine=engine)
    assert schema.drift(engine) == []


def test_every_cascading_foreign_key_is_indexed(empty_database):
    # Deleting a parent row looks up its children once per row: without an index that is a
    # scan of the child table each time (deleting one recommendation took 0.4 s at 1M entries).
    url, engine = empty_database
    schema.upgrade(url, engine=engine)
    inspector = inspect(engine)
    unindexed = []
    for table in inspector.get_table_names():
        covered = [tuple(index["column_names"]) for index in inspector.get_indexes(table)]
        covered += [tuple(unique["column_names"]) for unique in inspector.get_unique_constraints(table)]
        covered.append(tuple(inspector.get_pk_constraint(table)["constrained_columns"]))
        for key in inspector.get_foreign_keys(table):
            columns = tuple(key["constrained_columns"])
            on_delete = (key.get("options") or {}).get("ondelete", "").upper()
            # An index that leads with the key's first column finds the children (progress_entry's
            # key is (benchmark_id, kind); its index is (benchmark_id, observed_on, id)).
            if on_delete in ("CASCADE", "SET NULL") and not any(c[:1] == columns[:1] for c in covered):
                unindexed.append(f"{table}.{','.join(columns)}")
    assert unindexed == []


def test_first_revision_creates_the_four_scale_presets(empty_database):
    url, engine = empty_database
    schema.upgrade(url, engine=engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.name, l.label, l.score FROM scale s JOIN scale_level l ON l.scale_id = s.id "
                "WHERE s.is_preset ORDER BY s.name, l.position"
            )
        ).all()
    presets: dict[str, list[tuple[str, float]]] = {}
    for name, label, score in rows:
        presets.setdefault(name, []).append((label, score))
    assert {name: tuple(label for label, _ in levels) for name, levels in presets.items()} == PRESET_LABELS
    assert [score for _, score in presets["EU progress"]] == [0, 20, 40, 60, 80, 100]
    assert [score for _, score in presets["Implementation"]] == [0, 50, 100]


def test_database_refuses_rows_that_break_the_rules(engine, connection):
    from sqlalchemy.exc import IntegrityError

    from scorecard.models import Benchmark, ProgressEntry

    def refused(statement):
        savepoint = connection.begin_nested()
        with pytest.raises(IntegrityError):
            connection.execute(statement)
        savepoint.rollback()

    theme_id = connection.execute(
        text(
            "INSERT INTO theme (name, version, created_at, updated_at) "
            "VALUES ('T', 1, '2026-01-01', '2026-01-01') RETURNING id"
        )
    ).scalar_one()
    rec_id = connection.execute(
        text(
            "INSERT INTO recommendation (code, title, text, theme_id, priority, status, tags, version, "
            "created_at, updated_at) "
            "VALUES ('X-1', 't', 'w', :t, 'high', 'proposed', '', 1, '2026-01-01', '2026-01-01') RETURNING id"
        ),
        {"t": theme_id},
    ).scalar_one()
    bench = Benchmark.__table__
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    base = {
        "recommendation_id": rec_id,
        "title": "b",
        "weight": 1.0,
        "position": 0,
        "version": 1,
        "created_at": moment,
        "updated_at": moment,
    }
    refused(bench.insert().values(**base, kind="numeric", baseline=5, target=5, direction="increase"))
    refused(bench.insert().values(**base, kind="numeric", baseline=5, target=1, direction="increase"))
    refused(bench.insert().values(**base, kind="scale"))  # a scale benchmark needs its scale
    refused(bench.insert().values(**{**base, "weight": 0}, kind="milestone"))
    milestone_id = connection.execute(
        bench.insert().values(**base, kind="milestone").returning(bench.c.id)
    ).scalar_one()
    entry = ProgressEntry.__table__
    entry_base = {
        "benchmark_id": milestone_id,
        "observed_on": date(2026, 1, 1),
        "created_at": moment,
    }
    refused(entry.insert().values(**entry_base, kind="milestone", achieved=True, score=101))
    refused(entry.insert().values(**entry_base, kind="milestone", value=3.0, score=10))  # wrong value column
    refused(
        entry.insert().values(**entry_base, kind="numeric", value=3.0, score=10)
    )  # kind differs from benchmark's
    refused(
        text(
            "INSERT INTO recommendation (code, title, text, theme_id, priority, status, tags, version, "
            "created_at, updated_at) VALUES ('X-1', 't', 'w', :t, 'high', 'proposed', '', 1, '2026-01-01', "
            "'2026-01-01')"
        ).bindparams(t=theme_id)
    )
    assert connection.execute(select(entry.c.id).where(entry.c.benchmark_id == milestone_id)).all() == []


def test_every_table_pages_read_moves_the_data_version_at_head(empty_database):
    """A migration that rebuilds a table on SQLite drops its triggers: remembered pages would go stale.

    Every table is a page table unless scorecard.schema.UNSHOWN_TABLES says no page reads it,
    so a new table cannot be forgotten.
    """
    url, engine = empty_database
    schema.upgrade(url, engine=engine)
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            rows = connection.execute(text("SELECT event_object_table FROM information_schema.triggers"))
        else:
            rows = connection.execute(text("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"))
        with_triggers = {row[0] for row in rows}
        tables = set(inspect(connection).get_table_names())
    assert tables - schema.UNSHOWN_TABLES - with_triggers == set()
    assert "app_user" in with_triggers


def test_upgrading_a_database_with_data_keeps_every_row(empty_database):
    """A SQLite table rebuild (batch migration) must not cascade: jobs and entries survive an upgrade."""
    url, engine = empty_database
    schema.upgrade(url, revision="0010", engine=engine)
    moment = "2026-01-01 00:00:00"
    with engine.begin() as connection:
        user_id = connection.execute(
            text(
                "INSERT INTO app_user (email, name, role, password_hash, active, session_token, version,"
                " created_at, updated_at) VALUES ('a@example.org', 'A', 'analyst', 'x', true, 't', 1, :m, :m)"
                " RETURNING id"
            ),
            {"m": moment},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO import_job (user_id, filename, kind, content, status, phase, total_rows,"
                " processed_rows, created_at, updated_at)"
                " VALUES (:u, 'f.csv', 'progress', :c, 'uploaded', 'uploaded', 0, 0, :m, :m)"
            ),
            {"u": user_id, "m": moment, "c": b"code"},
        )
        theme_id = connection.execute(
            text(
                "INSERT INTO theme (name, version, created_at, updated_at) VALUES ('T', 1, :m, :m)"
                " RETURNING id"
            ),
            {"m": moment},
        ).scalar_one()
        rec_id = connection.execute(
            text(
                "INSERT INTO recommendation (code, title, text, theme_id, priority, status, tags, version,"
                " created_at, updated_at) VALUES ('X-1', 't', 'w', :t, 'high', 'proposed', '', 1, :m, :m)"
                " RETURNING id"
            ),
            {"t": theme_id, "m": moment},
        ).scalar_one()
        bench_id = connection.execute(
            text(
                "INSERT INTO benchmark (recommendation_id, title, weight, position, kind, version,"
                " created_at, updated_at) VALUES (:r, 'b', 1.0, 0, 'milestone', 1, :m, :m) RETURNING id"
            ),
            {"r": rec_id, "m": moment},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO progress_entry (benchmark_id, kind, observed_on, achieved, score, author_id,"
                " created_at) VALUES (:b, 'milestone', '2026-01-01', true, 100, :u, :m)"
            ),
            {"b": bench_id, "u": user_id, "m": moment},
        )
    tables = ("app_user", "import_job", "recommendation", "benchmark", "progress_entry")

    def counts() -> dict[str, int]:
        with engine.connect() as connection:
            return {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
                for table in tables
            }

    before = counts()
    schema.upgrade(url, engine=engine)
    assert counts() == before == dict.fromkeys(tables, 1)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT author_id FROM progress_entry")).scalar_one() == user_id

"""The synthetic data generator: realistic, complete, deterministic, and the schema left whole."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scorecard import schema
from scorecard.db import Database
from scorecard.errors import RuleViolation
from scorecard.models import Benchmark, ProgressEntry, Recommendation
from scorecard.services import generator, scores
from scorecard.services.audit import ActingUser

from ..conftest import migrated_database
from .test_imports import export_csv

BY = ActingUser.system("generator test")
TODAY = date(2026, 11, 22)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[list[Database]]:
    """Two empty databases at head."""
    with (
        migrated_database(tmp_path, "generated_1") as first,
        migrated_database(tmp_path, "generated_2") as second,
    ):
        yield [first, second]


def fill(database: Database, seed: int = 3) -> generator.GenerateCounts:
    with database.transaction() as session:
        return generator.generate(
            session, recommendations=40, benchmarks_per=4, entries=1500, seed=seed, today=TODAY, by=BY
        )


@pytest.mark.bulk
def test_generate_fills_an_empty_database_with_every_kind_and_consistent_state(fresh):
    database = fresh[0]
    counts = fill(database)
    assert (counts.recommendations, counts.benchmarks, counts.entries) == (40, 160, 1500)
    with database.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Recommendation)) == 40
        assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 1500
        kinds = dict(session.execute(select(Benchmark.kind, func.count()).group_by(Benchmark.kind)).all())
        assert set(kinds) == {"milestone", "scale", "numeric"}
        assert session.scalar(select(func.count(func.distinct(Benchmark.scale_id)))) >= 2
        first, last = session.execute(
            select(func.min(ProgressEntry.observed_on), func.max(ProgressEntry.observed_on))
        ).one()
        assert first.year <= TODAY.year - 4 and last <= TODAY
        # Values written straight through the driver read back as the models' own types.
        entry = session.scalars(select(ProgressEntry).where(ProgressEntry.kind == "milestone")).first()
        assert entry is not None and isinstance(entry.achieved, bool)
        assert entry.created_at.tzinfo is not None and isinstance(entry.observed_on, date)
        assert scores.maintained_state(session) == scores.current_state_from_scratch(session)
        assert scores.kept_snapshots(session) == scores.snapshots_from_scratch(session)
    # The indexes and foreign keys dropped for the load are all back.
    assert schema.drift(database.engine) == []


@pytest.mark.bulk
def test_generate_is_deterministic_for_a_seed_and_refuses_a_database_with_data(fresh):
    fill(fresh[0])
    fill(fresh[1])
    with fresh[0].session(write=False) as one, fresh[1].session(write=False) as two:
        assert len(strip_created(export_csv(one, "progress"))) == 1 + 1500
        # created_at is the moment of generating; everything else is the seed's.
        assert strip_created(export_csv(one, "progress")) == strip_created(export_csv(two, "progress"))
    with pytest.raises(RuleViolation, match="already holds recommendations"):
        fill(fresh[0], seed=4)
    with fresh[0].session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 1500


def strip_created(content: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    column = rows[0].index("created_at")
    return [row[:column] + row[column + 1 :] for row in rows]

"""The demo data set: sound content from the seed documents, loaded once however often it runs."""

from __future__ import annotations

import itertools
import re
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scorecard import demo
from scorecard.models import (
    Actor,
    AuditEvent,
    Benchmark,
    ProgressEntry,
    Recommendation,
    ReviewCycle,
    Source,
    Theme,
)
from scorecard.services import meta, scores

from .helpers import SEEDS

TODAY = date(2026, 11, 22)


def counts(session):
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (
            Source,
            Actor,
            Theme,
            ReviewCycle,
            Recommendation,
            Benchmark,
            ProgressEntry,
            AuditEvent,
        )
    }


def test_demo_content_is_sound():
    assert demo.validate_content(TODAY) == []


def test_demo_recommendations_quote_their_source_verbatim():
    content = demo.content()
    for rec in content.recommendations:
        source = next(s for s in content.sources if s.key == rec.source)
        seed_file = next(
            word for word in (source.notes or "").replace(";", " ").split() if word.endswith(".txt")
        )
        assert rec.text in (SEEDS / seed_file).read_text(encoding="utf-8"), rec.code


@pytest.mark.slow
def test_demo_loads_every_part_once(session):
    added = demo.load(session, today=TODAY)
    assert added.recommendations == len(demo.content().recommendations) >= 25
    assert added == demo.DemoCounts(recommendations=34, benchmarks=89, entries=237)
    kinds = Counter(session.scalars(select(Benchmark.kind)))
    assert sum(kinds.values()) >= 60 and set(kinds) == {"milestone", "scale", "numeric"}
    assert session.scalar(select(func.count(ReviewCycle.id))) == 3
    assert meta.demo_loaded(session)
    assert scores.maintained_state(session) == scores.current_state_from_scratch(session)
    before = counts(session)
    again = demo.load(session, today=TODAY)
    assert (again.recommendations, again.benchmarks, again.entries) == (0, 0, 0)
    assert counts(session) == before


@pytest.mark.slow
def test_demo_history_shows_progress_stalls_and_backsliding(session):
    demo.load(session, today=TODAY)
    history: dict[int, list[float]] = {}
    for benchmark_id, score in session.execute(
        select(ProgressEntry.benchmark_id, ProgressEntry.score).order_by(
            ProgressEntry.observed_on, ProgressEntry.id
        )
    ):
        history.setdefault(benchmark_id, []).append(score)
    steps = [later - earlier for series in history.values() for earlier, later in itertools.pairwise(series)]
    assert (
        any(step > 0 for step in steps)
        and any(step < 0 for step in steps)
        and any(step == 0 for step in steps)
    )
    never_assessed = session.scalar(
        select(func.count(Benchmark.id)).where(Benchmark.id.not_in(history.keys()))
    )
    assert never_assessed > 0


def test_demo_data_file_sits_beside_the_loader_and_is_installed_with_it():
    data_file = Path(demo.__file__).with_name(demo.DATA_FILE)
    assert data_file.is_file()
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    package_data = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert demo.DATA_FILE in package_data["scorecard"]


MINIMAL = """
[[sources]]
key = "s"
title = "A source"

[[recommendations]]
code = "R-1"
title = "Do it"
text = "Do it now."
source = "s"
locator = "p. 1"
theme = "T"
priority = "high"
status = "proposed"
actors = [{ name = "A", role = "lead" }]

[[recommendations.benchmarks]]
title = "Done"
kind = "numeric"
target = 4

[[recommendations.benchmarks.entries]]
observed_on = 2025-01-31
value = 2
"""


def test_demo_data_file_reads_into_the_loaders_records():
    content = demo.parse_content(MINIMAL)
    (rec,) = content.recommendations
    assert rec.actors == (("A", "lead"),) and rec.tags == () and rec.due_on is None
    (bench,) = rec.benchmarks
    assert bench.target == 4.0 and bench.weight == 1.0
    assert bench.entries == (demo.DemoEntry(observed_on=date(2025, 1, 31), value=2.0),)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("observed_on = 2025-01-31", "observed_om = 2025-01-31"),
            "benchmarks[0] entries[0]: unknown field(s) observed_om",
        ),
        (
            ("observed_on = 2025-01-31", 'observed_on = "2025-01-31"'),
            "observed_on should be a date written YYYY-MM-DD",
        ),
        (('code = "R-1"\n', ""), "recommendations[0] (no code): missing field(s) code"),
        (('role = "lead"', 'role = "lead", weight = 2'), "actors[0]: unknown field(s) weight"),
        (("value = 2", "value = "), "demo.toml: "),
    ],
)
def test_demo_data_file_mistakes_are_named_not_loaded(edit, message):
    with pytest.raises(demo.DemoDataError, match=re.escape(message)):
        demo.parse_content(MINIMAL.replace(*edit))

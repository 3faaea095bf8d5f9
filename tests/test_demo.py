"""The demo data set: sound content from the seed documents, loaded once however often it runs."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date

from sqlalchemy import func, select

from scorecard import demo, demo_content
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
    for rec in demo_content.RECOMMENDATIONS:
        source = next(s for s in demo_content.SOURCES if s.key == rec.source)
        seed_file = next(
            word for word in (source.notes or "").replace(";", " ").split() if word.endswith(".txt")
        )
        assert rec.text in (SEEDS / seed_file).read_text(encoding="utf-8"), rec.code


def test_demo_loads_every_part_once(session):
    added = demo.load(session, today=TODAY)
    assert added.recommendations == len(demo_content.RECOMMENDATIONS) >= 25
    kinds = Counter(session.scalars(select(Benchmark.kind)))
    assert sum(kinds.values()) >= 60 and set(kinds) == {"milestone", "scale", "numeric"}
    assert session.scalar(select(func.count(ReviewCycle.id))) == 3
    assert meta.demo_loaded(session)
    assert scores.maintained_state(session) == scores.current_state_from_scratch(session)
    before = counts(session)
    again = demo.load(session, today=TODAY)
    assert (again.recommendations, again.benchmarks, again.entries) == (0, 0, 0)
    assert counts(session) == before


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

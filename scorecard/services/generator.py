"""Synthetic data at scale: realistic recommendations, benchmarks and years of entries, inserted in bulk.

For measuring and for trying the tool out at the size of a national
recommendation database. Rows go straight to the driver in chunks (`bulk`), in
(benchmark, date) order so that the history index grows at its end; scores are
derived with the same pure functions the services use, and the maintained
state is rebuilt once at the end.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.schema import AddConstraint, DropConstraint

from scorecard.errors import RuleViolation
from scorecard.models import (
    Actor,
    ActorKind,
    Benchmark,
    ProgressEntry,
    Recommendation,
    RecommendationActor,
    ReviewCycle,
    Scale,
    Source,
    Theme,
)
from scorecard.rules import vocabulary
from scorecard.scoring import milestone_score, numeric_score

from . import audit, bulk
from .audit import ActingUser
from .bulk import chunks
from .scores import rebuild_all_states

CHUNK = 20_000
THEMES = (
    "Dialogue & normalisation",
    "EU integration",
    "Security",
    "Economy & trade",
    "Governance & rule of law",
    "Education & youth",
    "Regional cooperation",
    "Recognition & diplomacy",
    "Human rights",
    "Environment",
    "Health",
    "Justice",
    "Migration",
    "Media freedom",
    "Gender equality",
    "Minority rights",
)


def theme_names(count: int) -> tuple[str, ...]:
    """`count` theme names: the usual ones first, then numbered variants of them (for many themes)."""
    return tuple(
        THEMES[i % len(THEMES)] + (f" {i // len(THEMES) + 1}" if i >= len(THEMES) else "")
        for i in range(count)
    )


# The statuses, "in_progress" three times as likely as each other (in their order: the data follow the seed).
STATUSES = (*vocabulary.STATUSES[:3], "in_progress", "in_progress", *vocabulary.STATUSES[3:])
VERBS = (
    "Adopt",
    "Strengthen",
    "Establish",
    "Ensure",
    "Implement",
    "Review",
    "Publish",
    "Fund",
    "Train",
    "Monitor",
)
OBJECTS = (
    "legislation on",
    "an independent body for",
    "a national plan for",
    "the budget line for",
    "a public register of",
    "regular reporting on",
    "cooperation mechanisms for",
    "safeguards for",
)
TOPICS = (
    "judicial independence",
    "media freedom",
    "minority languages",
    "public procurement",
    "border management",
    "energy interconnection",
    "youth employment",
    "anti-corruption",
    "police accountability",
    "civil registration",
    "trade facilitation",
    "freedom of assembly",
    "missing persons",
    "cultural heritage",
)


@dataclass(frozen=True, slots=True)
class GenerateCounts:
    """What the generator inserted."""

    recommendations: int
    benchmarks: int
    entries: int
    seconds: float

    @property
    def rows(self) -> int:
        """All rows inserted, reference data and links included."""
        return self.recommendations + self.benchmarks + self.entries

    @property
    def rate(self) -> float:
        """Rows per second."""
        return self.rows / self.seconds if self.seconds else 0.0


def generate(
    session: Session,
    *,
    recommendations: int,
    benchmarks_per: int,
    entries: int,
    seed: int = 1,
    themes: int = len(THEMES),
    today: date | None = None,
    by: ActingUser,
    progress: Callable[[str, int], None] | None = None,
) -> GenerateCounts:
    """Fill an empty database with `recommendations` × `benchmarks_per` benchmarks and `entries` entries.

    Refuses a database that already holds recommendations. `progress(stage,
    rows)` is called after every chunk, for a progress bar. `themes` sets how
    many themes the recommendations spread over.
    """
    if session.scalar(select(func.count(Recommendation.id))):
        raise RuleViolation("The database already holds recommendations; generate only fills an empty one.")
    started = datetime.now(UTC)
    rng = random.Random(seed)
    today = today or date.today()
    first_day = date(today.year - 5, 1, 1)
    span = (today - first_day).days
    connection = session.connection()
    report = progress or (lambda _stage, _rows: None)
    now = datetime.now(UTC)
    stamp = {"version": 1, "created_at": now, "updated_at": now}

    def insert(model: type[Any], rows: Iterator[dict[str, Any]], stage: str) -> int:
        table: Table = model.__table__
        count = 0
        for batch in chunks(rows, CHUNK):
            names = list(batch[0])
            convert = bulk.row_converter(connection, table, names)
            bulk.insert_rows(connection, table, names, map(convert, batch))
            count += len(batch)
            report(stage, len(batch))
        return count

    existing_themes = set(session.scalars(select(Theme.name)))
    insert(
        Theme,
        (
            {"name": name, "description": f"Synthetic theme: {name.lower()}.", **stamp}
            for name in theme_names(themes)
            if name not in existing_themes
        ),
        "themes",
    )
    theme_ids = list(session.scalars(select(Theme.id).where(Theme.name.in_(theme_names(themes)))))
    kinds = [k.value for k in ActorKind]
    insert(
        Actor,
        ({"name": f"Synthetic actor {n:03d}", "kind": kinds[n % len(kinds)], **stamp} for n in range(60)),
        "actors",
    )
    actor_ids = list(session.scalars(select(Actor.id).where(Actor.name.like("Synthetic actor %"))))
    insert(
        Source,
        (
            {
                "title": f"Synthetic report {n:04d}",
                "publisher": f"Institute {n % 37}",
                "published_on": first_day + timedelta(days=rng.randrange(span)),
                **stamp,
            }
            for n in range(max(10, recommendations // 50))
        ),
        "sources",
    )
    source_ids = list(session.scalars(select(Source.id).where(Source.title.like("Synthetic report %"))))
    for year in range(first_day.year, today.year + 1):
        name = f"{year} annual review"
        if session.scalar(select(ReviewCycle.id).where(ReviewCycle.name == name)) is None:
            insert(
                ReviewCycle,
                iter([{"name": name, "starts_on": date(year, 1, 1), "ends_on": date(year, 12, 31), **stamp}]),
                "cycles",
            )
    scales = {
        scale.id: [(level.id, level.score) for level in scale.levels]
        for scale in session.scalars(select(Scale))
    }
    scale_ids = list(scales)

    first_rec = (session.scalar(select(func.max(Recommendation.id))) or 0) + 1

    def recommendation_rows() -> Iterator[dict[str, Any]]:
        for n in range(recommendations):
            issued = first_day + timedelta(days=rng.randrange(max(1, span - 365)))
            topic = rng.choice(TOPICS)
            yield {
                "id": first_rec + n,
                "code": f"GEN-{n + 1:06d}",
                "title": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {topic}",
                "text": f"The government should {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)} {topic}, "
                f"in consultation with civil society, and report on progress every year.",
                "source_id": rng.choice(source_ids),
                "locator": f"Paragraph {rng.randint(1, 120)}",
                "theme_id": rng.choice(theme_ids),
                "priority": rng.choice(("high", "medium", "medium", "low")),
                "status": rng.choice(STATUSES),
                "issued_on": issued,
                "due_on": issued + timedelta(days=rng.randint(180, 1500)),
                "tags": topic.split()[0],
                **stamp,
            }

    added_recs = insert(Recommendation, recommendation_rows(), "recommendations")
    insert(
        RecommendationActor,
        (
            {
                "recommendation_id": first_rec + n,
                "actor_id": actor,
                "role": "lead" if i == 0 else "supporting",
            }
            for n in range(recommendations)
            for i, actor in enumerate(rng.sample(actor_ids, k=rng.randint(1, 3)))
        ),
        "actors",
    )

    first_bench = (session.scalar(select(func.max(Benchmark.id))) or 0) + 1
    plans: list[tuple[int, str, int | None, float | None, float | None, str | None]] = []

    def benchmark_rows() -> Iterator[dict[str, Any]]:
        bench_id = first_bench
        for n in range(recommendations):
            for position in range(benchmarks_per):
                roll = rng.random()
                row: dict[str, Any] = {
                    "id": bench_id,
                    "recommendation_id": first_rec + n,
                    "position": position,
                    "weight": rng.choice((1.0, 1.0, 1.0, 2.0, 0.5)),
                    "scale_id": None,
                    "baseline": None,
                    "target": None,
                    "unit": None,
                    "direction": None,
                    **stamp,
                }
                if roll < 0.3:
                    row.update(kind="milestone", title=f"Milestone {position + 1} reached")
                elif roll < 0.7:
                    row.update(
                        kind="scale", title=f"Assessment {position + 1}", scale_id=rng.choice(scale_ids)
                    )
                else:
                    baseline = float(rng.randint(0, 50))
                    target = baseline + rng.randint(10, 100)
                    rising = rng.random() < 0.7
                    row.update(
                        kind="numeric",
                        title=f"Indicator {position + 1}",
                        unit=rng.choice(("%", "cases", "EUR m")),
                        baseline=baseline if rising else target,
                        target=target if rising else baseline,
                        direction="increase" if rising else "decrease",
                    )
                plans.append(
                    (bench_id, row["kind"], row["scale_id"], row["baseline"], row["target"], row["direction"])
                )
                bench_id += 1
                yield row

    added_benchmarks = insert(Benchmark, benchmark_rows(), "benchmarks")

    entry_table = cast(Table, ProgressEntry.__table__)
    entry_columns = [
        "benchmark_id",
        "kind",
        "observed_on",
        "level_id",
        "value",
        "achieved",
        "score",
        "created_at",
    ]
    # Values in the driver's own terms, made once: this loop runs a million times.
    to_day = bulk.value_converter(connection, entry_table, "observed_on")
    days_as_sent = [to_day(first_day + timedelta(days=offset)) for offset in range(span + 1)]
    created = bulk.value_converter(connection, entry_table, "created_at")(now)
    yes, no = map(bulk.value_converter(connection, entry_table, "achieved"), (True, False))

    def entry_rows() -> Iterator[tuple[Any, ...]]:
        per = entries / max(1, len(plans))
        carry = 0.0
        for bench_id, kind, scale_id, baseline, target, direction in plans:
            carry += per
            count = int(carry)
            carry -= count
            position = rng.random()  # where the benchmark stands, drifting over time
            for offset in sorted(rng.randrange(span + 1) for _ in range(count)):
                position = min(1.0, max(0.0, position + rng.uniform(-0.15, 0.25)))
                day = days_as_sent[offset]
                if kind == "milestone":
                    achieved = position > 0.8
                    yield (
                        bench_id,
                        kind,
                        day,
                        None,
                        None,
                        yes if achieved else no,
                        milestone_score(achieved),
                        created,
                    )
                elif kind == "scale":
                    levels = scales[scale_id or 0]
                    level_id, score = levels[min(len(levels) - 1, int(position * len(levels)))]
                    yield (bench_id, kind, day, level_id, None, None, score, created)
                else:
                    assert baseline is not None and target is not None and direction is not None
                    value = round(baseline + (target - baseline) * position * 1.1, 2)
                    score = numeric_score(value, baseline=baseline, target=target, direction=direction)
                    yield (bench_id, kind, day, None, value, None, score, created)

    # Building the history's indexes once, sorted, beats a million scattered inserts into them.
    for index in entry_table.indexes:
        index.drop(connection)
    # PostgreSQL checks each copied row's foreign keys with a trigger; added back
    # afterwards, each constraint is validated in one pass over the table.
    on_postgresql = connection.dialect.name == "postgresql"
    foreign_keys = list(entry_table.foreign_key_constraints) if on_postgresql else []
    for constraint in foreign_keys:
        connection.execute(DropConstraint(constraint))
    added_entries = 0
    batch: list[tuple[Any, ...]] = []
    for row in entry_rows():
        batch.append(row)
        if len(batch) == CHUNK:
            bulk.insert_rows(connection, entry_table, entry_columns, batch)
            added_entries += len(batch)
            report("entries", len(batch))
            batch = []
    if batch:
        bulk.insert_rows(connection, entry_table, entry_columns, batch)
        added_entries += len(batch)
        report("entries", len(batch))
    for index in entry_table.indexes:
        index.create(connection)
    for constraint in foreign_keys:
        connection.execute(AddConstraint(constraint))
    if connection.dialect.name == "postgresql":
        # Explicit ids leave the sequences behind; move them past what was inserted.
        for table in ("recommendation", "benchmark"):  # constants, not input
            connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
            )
    # Fresh statistics, or the planner guesses at a million rows it has never seen.
    connection.execute(text("ANALYZE"))
    report("state", 0)
    rebuild_all_states(session, today=today)
    said = (
        f"Generated {added_recs} recommendations, {added_benchmarks} benchmarks, "
        f"{added_entries} entries (seed {seed})"
    )
    audit.record(session, by, "generate", "database", None, said)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return GenerateCounts(added_recs, added_benchmarks, added_entries, seconds)

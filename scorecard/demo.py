"""The demo data set from the seed documents: its shape, a check of it, and an idempotent loader."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scorecard.models import (
    Actor,
    BenchmarkKind,
    Recommendation,
    ReviewCycle,
    Scale,
    ScaleLevel,
    Source,
    Theme,
)
from scorecard.services import meta, progress, recommendations, reference
from scorecard.services.audit import ActingUser

DEMO_USER = ActingUser.system("demo data")


@dataclass(frozen=True, slots=True)
class DemoSource:
    """A seed document."""

    key: str
    title: str
    publisher: str | None
    authors: str | None
    published_on: date | None
    url: str | None
    notes: str | None


@dataclass(frozen=True, slots=True)
class DemoEntry:
    """One observation: `level` (a label of the benchmark's scale), `value` or `achieved`."""

    observed_on: date
    level: str | None = None
    value: float | None = None
    achieved: bool | None = None
    note: str = ""
    evidence_url: str | None = None


@dataclass(frozen=True, slots=True)
class DemoBenchmark:
    """A benchmark and its history, oldest entry first."""

    title: str
    kind: str
    scale: str | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    direction: str | None = None
    weight: float = 1.0
    due_on: date | None = None
    entries: tuple[DemoEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class DemoRecommendation:
    """A recommendation in its source's own wording, with where it stands in the source."""

    code: str
    title: str
    text: str
    source: str  # DemoSource.key
    locator: str
    theme: str
    actors: tuple[tuple[str, str], ...]  # (actor name, role)
    priority: str
    status: str
    issued_on: date | None
    due_on: date | None
    tags: tuple[str, ...]
    benchmarks: tuple[DemoBenchmark, ...]


@dataclass(frozen=True, slots=True)
class DemoCounts:
    """What a load added."""

    recommendations: int
    benchmarks: int
    entries: int


def validate_content(today: date | None = None) -> list[str]:
    """Problems with the demo content (an empty list when it is sound)."""
    from scorecard import demo_content as content

    problems: list[str] = []
    today = today or date.today()
    source_keys = {s.key for s in content.SOURCES}
    themes = {name for name, _ in content.THEMES}
    actors = {name for name, _ in content.ACTORS}
    scale_labels = dict(PRESET_LABELS)
    codes = Counter(r.code for r in content.RECOMMENDATIONS)
    problems += [f"code {code} used {n} times" for code, n in codes.items() if n > 1]
    kinds: Counter[str] = Counter()
    scales_used: set[str] = set()
    for rec in content.RECOMMENDATIONS:
        where = rec.code
        if rec.source not in source_keys:
            problems.append(f"{where}: unknown source {rec.source}")
        if rec.theme not in themes:
            problems.append(f"{where}: unknown theme {rec.theme}")
        problems += [f"{where}: unknown actor {name}" for name, _ in rec.actors if name not in actors]
        if not rec.locator:
            problems.append(f"{where}: no locator")
        for bench in rec.benchmarks:
            kinds[bench.kind] += 1
            label = f"{where} / {bench.title}"
            if bench.kind == BenchmarkKind.SCALE:
                if bench.scale not in scale_labels:
                    problems.append(f"{label}: unknown scale {bench.scale}")
                    continue
                scales_used.add(bench.scale)
            dates = [e.observed_on for e in bench.entries]
            if dates != sorted(dates):
                problems.append(f"{label}: entries out of date order")
            for entry in bench.entries:
                if entry.observed_on > today:
                    problems.append(f"{label}: entry dated {entry.observed_on} is in the future")
                if bench.kind == BenchmarkKind.SCALE and entry.level not in scale_labels.get(
                    bench.scale or "", ()
                ):
                    problems.append(f"{label}: level {entry.level!r} not on scale {bench.scale}")
                if bench.kind == BenchmarkKind.NUMERIC and entry.value is None:
                    problems.append(f"{label}: numeric entry without value")
                if bench.kind == BenchmarkKind.MILESTONE and entry.achieved is None:
                    problems.append(f"{label}: milestone entry without achieved")
    if len(content.RECOMMENDATIONS) < 25:
        problems.append(f"only {len(content.RECOMMENDATIONS)} recommendations (25 at least)")
    if sum(kinds.values()) < 60:
        problems.append(f"only {sum(kinds.values())} benchmarks (60 at least)")
    if set(kinds) != {k.value for k in BenchmarkKind}:
        problems.append(f"benchmark kinds used: {sorted(kinds)} (all three needed)")
    if len(scales_used) < 2:
        problems.append(f"scales used: {sorted(scales_used)} (two at least)")
    return problems


# The preset scales' labels, as the first migration creates them (checked by a test).
PRESET_LABELS: dict[str, tuple[str, ...]] = {
    "EU progress": (
        "backsliding",
        "no progress",
        "limited progress",
        "some progress",
        "good progress",
        "very good progress",
    ),
    "EU preparation": (
        "early stage",
        "some level of preparation",
        "moderately prepared",
        "good level of preparation",
        "well advanced",
    ),
    "Implementation": ("not implemented", "partially implemented", "fully implemented"),
    "RAG": ("red", "amber", "green"),
}


def is_empty(session: Session) -> bool:
    """Whether the database holds no recommendations yet."""
    return not session.scalar(select(func.count(Recommendation.id)))


def load(session: Session, *, today: date | None = None) -> DemoCounts:
    """Add the demo data set; whatever already exists (by title, name or code) is left as it is.

    Running it twice changes nothing. Entries dated after `today` are skipped.
    """
    from scorecard import demo_content as content

    today = today or date.today()
    source_ids: dict[str, int] = {}
    for source in content.SOURCES:
        existing = reference.find_by_name(session, Source, source.title)
        source_ids[source.key] = (
            existing.id
            if existing
            else reference.create_source(
                session,
                by=DEMO_USER,
                fields=reference.SourceInput(
                    title=source.title,
                    publisher=source.publisher,
                    authors=source.authors,
                    published_on=source.published_on,
                    url=source.url,
                    notes=source.notes,
                ),
            ).id
        )
    theme_ids: dict[str, int] = {}
    for name, description in content.THEMES:
        theme = reference.find_by_name(session, Theme, name)
        theme_ids[name] = (
            theme.id
            if theme
            else reference.create_theme(session, name=name, description=description, by=DEMO_USER).id
        )
    actor_ids: dict[str, int] = {}
    for name, kind in content.ACTORS:
        actor = reference.find_by_name(session, Actor, name)
        actor_ids[name] = (
            actor.id if actor else reference.create_actor(session, name=name, kind=kind, by=DEMO_USER).id
        )
    for name, starts_on, ends_on in content.CYCLES:
        if reference.find_by_name(session, ReviewCycle, name) is None:
            reference.create_cycle(session, name=name, starts_on=starts_on, ends_on=ends_on, by=DEMO_USER)

    scales = {scale.name: scale for scale in session.scalars(select(Scale))}
    levels: dict[tuple[int | None, str], int] = {
        (level.scale_id, level.label): level.id for level in session.scalars(select(ScaleLevel))
    }
    added = DemoCounts(0, 0, 0)
    for rec in content.RECOMMENDATIONS:
        if recommendations.find_by_code(session, rec.code) is not None:
            continue
        created = recommendations.create_recommendation(
            session,
            by=DEMO_USER,
            fields=recommendations.RecommendationInput(
                code=rec.code,
                title=rec.title,
                text=rec.text,
                theme_id=theme_ids[rec.theme],
                source_id=source_ids[rec.source],
                locator=rec.locator,
                priority=rec.priority,
                status=rec.status,
                issued_on=rec.issued_on,
                due_on=rec.due_on,
                tags=rec.tags,
                actors=[(actor_ids[name], role) for name, role in rec.actors],
                benchmarks=[
                    recommendations.BenchmarkInput(
                        title=b.title,
                        kind=b.kind,
                        scale_id=scales[b.scale].id if b.scale else None,
                        baseline=b.baseline,
                        target=b.target,
                        unit=b.unit,
                        direction=b.direction,
                        weight=b.weight,
                        due_on=b.due_on,
                    )
                    for b in rec.benchmarks
                ],
            ),
        )
        entry_count = 0
        for benchmark, demo_benchmark in zip(created.benchmarks, rec.benchmarks, strict=True):
            for demo_entry in demo_benchmark.entries:
                if demo_entry.observed_on > today:
                    continue
                level_id = levels[(benchmark.scale_id, demo_entry.level)] if demo_entry.level else None
                progress.record_progress(
                    session,
                    benchmark.id,
                    by=DEMO_USER,
                    today=today,
                    fields=progress.EntryInput(
                        observed_on=demo_entry.observed_on,
                        level_id=level_id,
                        value=demo_entry.value,
                        achieved=demo_entry.achieved,
                        note=demo_entry.note,
                        evidence_url=demo_entry.evidence_url,
                    ),
                )
                entry_count += 1
        added = DemoCounts(
            added.recommendations + 1,
            added.benchmarks + len(created.benchmarks),
            added.entries + entry_count,
        )
    meta.mark_demo_loaded(session)
    return added

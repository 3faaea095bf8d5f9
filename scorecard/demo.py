"""The demo data set: read from demo.toml beside this module, checked, and loaded idempotently."""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scorecard.models import (
    Actor,
    Benchmark,
    BenchmarkKind,
    Recommendation,
    ReviewCycle,
    Scale,
    ScaleLevel,
    Source,
    Theme,
)
from scorecard.services import content as multilingual
from scorecard.services import demo_records, meta, progress, recommendations, reference
from scorecard.services.frameworks import seed as framework_seed

DEMO_USER = demo_records.DEMO_USER

T = TypeVar("T")

# Kept as data so that whoever curates the demo can correct a date or a quotation without reading Python.
DATA_FILE = "demo.toml"


class DemoDataError(ValueError):
    """The demo data file does not have the shape the loader reads."""


@dataclass(slots=True)
class DemoSource(reference.SourceInput):
    """A seed document: a source's fields, and the key the demo's recommendations name it by."""

    key: str = dataclasses.field(kw_only=True)


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
    priority: str
    status: str
    actors: tuple[tuple[str, str], ...] = ()  # (actor name, role)
    issued_on: date | None = None
    due_on: date | None = None
    tags: tuple[str, ...] = ()
    benchmarks: tuple[DemoBenchmark, ...] = ()


@dataclass(frozen=True, slots=True)
class DemoTranslation:
    """One record's wording in the other languages; `key` is its code, English name or title."""

    kind: str  # recommendation, benchmark, theme, actor or source
    key: str
    texts: dict[str, dict[str, str]]  # locale -> field -> text
    recommendation: str | None = None  # a benchmark's recommendation code


@dataclass(frozen=True, slots=True)
class DemoContent:
    """The whole data set, in the file's order (which is the order it is loaded in)."""

    sources: tuple[DemoSource, ...]
    themes: tuple[tuple[str, str], ...]  # (name, description)
    actors: tuple[tuple[str, str], ...]  # (name, kind)
    cycles: tuple[tuple[str, date, date], ...]  # (name, starts on, ends on)
    recommendations: tuple[DemoRecommendation, ...]
    translations: tuple[DemoTranslation, ...] = ()


@dataclass(frozen=True, slots=True)
class DemoCounts:
    """What a load added."""

    recommendations: int
    benchmarks: int
    entries: int

    def __add__(self, other: DemoCounts) -> DemoCounts:
        return DemoCounts(
            self.recommendations + other.recommendations,
            self.benchmarks + other.benchmarks,
            self.entries + other.entries,
        )


# -- reading the data file ----------------------------------------------------------------


@functools.cache
def content() -> DemoContent:
    """The demo data set as the package's data file holds it (read once per process)."""
    text = resources.files(__package__ or "scorecard").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_content(text)


def parse_content(text: str) -> DemoContent:
    """The data set in `text` (TOML); a DemoDataError names the table and field that is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{DATA_FILE}: {error}") from error
    _check_fields(
        data, "the file", {"sources", "themes", "actors", "cycles", "recommendations", "translations"}, set()
    )
    themes = [_fields(t, f"themes[{i}]", ("name", "description")) for i, t in _tables(data, "themes")]
    actors = [_fields(a, f"actors[{i}]", ("name", "kind")) for i, a in _tables(data, "actors")]
    cycles = [
        _fields(c, f"cycles[{i}]", ("name", "starts_on", "ends_on")) for i, c in _tables(data, "cycles")
    ]
    return DemoContent(
        sources=tuple(_record(DemoSource, s, f"sources[{i}]") for i, s in _tables(data, "sources")),
        themes=tuple((t["name"], t["description"]) for t in themes),
        actors=tuple((a["name"], a["kind"]) for a in actors),
        cycles=tuple((c["name"], c["starts_on"], c["ends_on"]) for c in cycles),
        recommendations=tuple(_recommendation(r, i) for i, r in _tables(data, "recommendations")),
        translations=tuple(_translation(t, i) for i, t in _tables(data, "translations")),
    )


def _translation(table: dict[str, Any], index: int) -> DemoTranslation:
    """One [[translations]] table: what it translates, then one table of fields per language."""
    where = f"translations[{index}]"
    _check_fields(table, where, {"kind", "key", "recommendation", *multilingual.LOCALES}, {"kind", "key"})
    kind = table["kind"]
    if kind not in multilingual.KINDS:
        raise DemoDataError(f"{where}: unknown kind {kind!r}")
    texts = {locale: dict(table[locale]) for locale in multilingual.LOCALES if locale in table}
    for locale, fields in texts.items():
        unknown = set(fields) - set(multilingual.KINDS[kind].fields)
        if unknown:
            raise DemoDataError(f"{where}: {locale} has unknown field(s) {sorted(unknown)}")
    return DemoTranslation(kind, table["key"], texts, table.get("recommendation"))


def _recommendation(table: dict[str, Any], index: int) -> DemoRecommendation:
    """One [[recommendations]] table with its benchmarks and their entries."""
    where = f"recommendations[{index}] ({table.get('code', 'no code')})"
    benchmarks = []
    for b, bench in _tables(table, "benchmarks", where):
        bench_where = f"{where} benchmarks[{b}]"
        entries = tuple(
            _record(DemoEntry, entry, f"{bench_where} entries[{e}]")
            for e, entry in _tables(bench, "entries", bench_where)
        )
        benchmarks.append(_record(DemoBenchmark, {**bench, "entries": entries}, bench_where))
    actors = tuple(
        tuple(_fields(actor, f"{where} actors[{a}]", ("name", "role")).values())
        for a, actor in _tables(table, "actors", where)
    )
    fields = {**table, "actors": actors, "benchmarks": tuple(benchmarks)}
    fields["tags"] = tuple(table.get("tags", ()))
    return _record(DemoRecommendation, fields, where)


def _tables(data: dict[str, Any], key: str, where: str = DATA_FILE) -> list[tuple[int, dict[str, Any]]]:
    """The numbered tables of an array of tables (none when the key is absent)."""
    found = data.get(key, [])
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise DemoDataError(f"{where}: {key} should be a list of tables")
    return list(enumerate(found))


def _fields(table: dict[str, Any], where: str, names: tuple[str, ...]) -> dict[str, Any]:
    """A small table with exactly these fields, each checked like a dataclass field."""
    _check_fields(table, where, set(names), set(names))
    for name in names:
        _check_value(name, table[name], where)
    return {name: table[name] for name in names}


def _record(cls: type[T], table: dict[str, Any], where: str) -> T:
    """A dataclass built from a table: unknown or missing fields and dates in quotes are errors."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]  # every caller passes a dataclass
    required = {
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    _check_fields(table, where, {f.name for f in fields}, required)
    values: dict[str, Any] = {}
    for name, value in table.items():
        _check_value(name, value, where)
        # TOML writes 2 and 2.0 differently; both mean the same figure here.
        numeric = name in {"baseline", "target", "value", "weight"} and not isinstance(value, bool)
        values[name] = float(value) if numeric and isinstance(value, int) else value
    return cls(**values)


def _check_fields(table: dict[str, Any], where: str, allowed: set[str], required: set[str]) -> None:
    """Refuse a misspelt field rather than quietly load a default in its place."""
    if unknown := sorted(set(table) - allowed):
        raise DemoDataError(f"{where}: unknown field(s) {', '.join(unknown)}")
    if missing := sorted(required - set(table)):
        raise DemoDataError(f"{where}: missing field(s) {', '.join(missing)}")


def _check_value(name: str, value: Any, where: str) -> None:
    """Dates must be TOML dates: a quoted "2025-01-01" would compare as text."""
    if name.endswith("_on") and not isinstance(value, date):
        raise DemoDataError(f"{where}: {name} should be a date written YYYY-MM-DD, without quotes")


# -- checking it ----------------------------------------------------------------------------


def validate_content(today: date | None = None) -> list[str]:
    """Problems with the demo content (an empty list when it is sound)."""
    data = content()
    problems: list[str] = []
    today = today or date.today()
    source_keys = {s.key for s in data.sources}
    themes = {name for name, _ in data.themes}
    actors = {name for name, _ in data.actors}
    scale_labels = dict(PRESET_LABELS)
    codes = Counter(r.code for r in data.recommendations)
    problems += [f"code {code} used {n} times" for code, n in codes.items() if n > 1]
    kinds: Counter[str] = Counter()
    scales_used: set[str] = set()
    for rec in data.recommendations:
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
    if len(data.recommendations) < 25:
        problems.append(f"only {len(data.recommendations)} recommendations (25 at least)")
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


# -- loading it -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _References:
    """Ids of the rows recommendations point at, by the names the data file uses."""

    sources: dict[str, int]
    themes: dict[str, int]
    actors: dict[str, int]
    scales: dict[str, int]
    levels: dict[tuple[int | None, str], int]


def is_empty(session: Session) -> bool:
    """Whether the database holds no recommendations yet."""
    return not session.scalar(select(func.count(Recommendation.id)))


def load(session: Session, *, today: date | None = None) -> DemoCounts:
    """Add the demo data set; whatever already exists (by title, name or code) is left as it is.

    Running it twice changes nothing. Entries dated after `today` are skipped.
    """
    data = content()
    today = today or date.today()
    refs = _References(
        sources=_ensure_sources(session, data.sources),
        themes=_ensure_themes(session, data.themes),
        actors=_ensure_actors(session, data.actors),
        scales={scale.name: scale.id for scale in session.scalars(select(Scale))},
        levels={(level.scale_id, level.label): level.id for level in session.scalars(select(ScaleLevel))},
    )
    _ensure_cycles(session, data.cycles)
    added = DemoCounts(0, 0, 0)
    for rec in data.recommendations:
        if recommendations.find_by_code(session, rec.code) is None:
            added += _add_recommendation(session, rec, refs=refs, today=today)
    _ensure_translations(session, data.translations)
    _ensure_frameworks(session)
    meta.mark_demo_loaded(session)
    return added


FRAMEWORKS_FILE = "demo_frameworks.toml"


def _ensure_frameworks(session: Session) -> None:
    """Add the illustrative frameworks and relations of demo_frameworks.toml (existing names stay)."""
    text = resources.files(__package__ or "scorecard").joinpath(FRAMEWORKS_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    for table in data.get("frameworks", []):
        framework_seed.load_framework(session, table, illustrative=True, by=DEMO_USER)
    framework_seed.load_relations(session, data.get("relations", []), by=DEMO_USER)


def _translated_record(session: Session, item: DemoTranslation) -> Any:
    """The stored record a translation is for, found by code, English name or title; None if gone."""
    if item.kind == "recommendation":
        return recommendations.find_by_code(session, item.key)
    if item.kind == "benchmark":
        rec = recommendations.find_by_code(session, item.recommendation or "")
        return next((b for b in rec.benchmarks if b.title == item.key), None) if rec else None
    model = {"theme": Theme, "actor": Actor, "source": Source}[item.kind]
    return reference.find_by_name(session, model, item.key)


def _ensure_translations(session: Session, items: tuple[DemoTranslation, ...]) -> None:
    """Translate the demo's records that have no translations yet (edited ones are left as they are)."""
    for item in items:
        record = _translated_record(session, item)
        if record is not None and not multilingual.translations_of(session, record):
            multilingual.set_translations(session, record, values=item.texts)


def _ensure_sources(session: Session, sources: tuple[DemoSource, ...]) -> dict[str, int]:
    """Each source's id by its key, adding the sources not found by title."""
    ids: dict[str, int] = {}
    for source in sources:
        existing = reference.find_by_name(session, Source, source.title)
        ids[source.key] = (
            existing.id
            if existing
            else reference.create_source(
                session,
                by=DEMO_USER,
                fields=source,
            ).id
        )
    return ids


def _ensure_themes(session: Session, themes: tuple[tuple[str, str], ...]) -> dict[str, int]:
    """Each theme's id by name, adding the themes not found."""
    ids: dict[str, int] = {}
    for name, description in themes:
        theme = reference.find_by_name(session, Theme, name)
        ids[name] = (
            theme.id
            if theme
            else reference.create_theme(session, name=name, description=description, by=DEMO_USER).id
        )
    return ids


def _ensure_actors(session: Session, actors: tuple[tuple[str, str], ...]) -> dict[str, int]:
    """Each actor's id by name, adding the actors not found."""
    ids: dict[str, int] = {}
    for name, kind in actors:
        actor = reference.find_by_name(session, Actor, name)
        ids[name] = (
            actor.id if actor else reference.create_actor(session, name=name, kind=kind, by=DEMO_USER).id
        )
    return ids


def _ensure_cycles(session: Session, cycles: tuple[tuple[str, date, date], ...]) -> None:
    """Add the review cycles not found by name."""
    for name, starts_on, ends_on in cycles:
        if reference.find_by_name(session, ReviewCycle, name) is None:
            reference.create_cycle(session, name=name, starts_on=starts_on, ends_on=ends_on, by=DEMO_USER)


def _add_recommendation(
    session: Session, rec: DemoRecommendation, *, refs: _References, today: date
) -> DemoCounts:
    """Create one recommendation with its benchmarks, then record their histories."""
    created = recommendations.create_recommendation(
        session,
        by=DEMO_USER,
        fields=recommendations.RecommendationInput(
            code=rec.code,
            title=rec.title,
            text=rec.text,
            theme_id=refs.themes[rec.theme],
            source_id=refs.sources[rec.source],
            locator=rec.locator,
            priority=rec.priority,
            status=rec.status,
            issued_on=rec.issued_on,
            due_on=rec.due_on,
            tags=rec.tags,
            actors=[(refs.actors[name], role) for name, role in rec.actors],
            benchmarks=[
                recommendations.BenchmarkInput.copy_of(b, scale_id=refs.scales[b.scale] if b.scale else None)
                for b in rec.benchmarks
            ],
        ),
    )
    entries = sum(
        _record_history(session, benchmark, demo_benchmark.entries, refs=refs, today=today)
        for benchmark, demo_benchmark in zip(created.benchmarks, rec.benchmarks, strict=True)
    )
    return DemoCounts(1, len(created.benchmarks), entries)


def _record_history(
    session: Session, benchmark: Benchmark, entries: tuple[DemoEntry, ...], *, refs: _References, today: date
) -> int:
    """Record a benchmark's entries up to `today`, oldest first; how many were recorded."""
    recorded = 0
    for entry in entries:
        if entry.observed_on > today:
            continue
        progress.record_progress(
            session,
            benchmark.id,
            by=DEMO_USER,
            today=today,
            fields=progress.EntryInput(
                observed_on=entry.observed_on,
                level_id=refs.levels[(benchmark.scale_id, entry.level)] if entry.level else None,
                value=entry.value,
                achieved=entry.achieved,
                note=entry.note,
                evidence_url=entry.evidence_url,
            ),
        )
        recorded += 1
    return recorded

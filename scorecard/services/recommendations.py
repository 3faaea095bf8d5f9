"""Recommendations and their benchmarks: create, edit, archive, restore, delete, look up."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select
from sqlalchemy.orm import Session, selectinload

from scorecard.errors import DuplicateCode, NotFound, RuleViolation
from scorecard.models import (
    CLOSED_STATUSES,
    Actor,
    ActorRole,
    Benchmark,
    BenchmarkKind,
    Direction,
    Priority,
    ProgressEntry,
    Recommendation,
    RecommendationActor,
    RecommendationState,
    ReviewCycle,
    Scale,
    Source,
    Status,
    Theme,
    utcnow,
)
from scorecard.scoring import numeric_score

from . import audit
from .audit import ActingUser
from .pagination import Page, clamp_page
from .reference import clean
from .scores import refresh_states
from .versioning import ensure_current

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,31}$")
RECOMMENDATION_FIELDS = (
    "code",
    "title",
    "text",
    "source_id",
    "locator",
    "theme_id",
    "priority",
    "status",
    "issued_on",
    "due_on",
    "tags",
    "version",
)
BENCHMARK_FIELDS = (
    "title",
    "kind",
    "scale_id",
    "baseline",
    "target",
    "unit",
    "direction",
    "weight",
    "due_on",
    "position",
)


@dataclass(slots=True)
class BenchmarkInput:
    """One benchmark as the recommendation form gives it; `id` keeps an existing one."""

    title: str
    kind: str
    scale_id: int | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    direction: str | None = None
    weight: float | None = 1.0
    due_on: date | None = None
    id: int | None = None


@dataclass(slots=True)
class RecommendationInput:
    """A recommendation with its actors and benchmarks, in the order they are to be shown."""

    code: str
    title: str
    text: str
    theme_id: int | None
    source_id: int | None = None
    locator: str | None = None
    priority: str = Priority.MEDIUM
    status: str = Status.PROPOSED
    issued_on: date | None = None
    due_on: date | None = None
    tags: Sequence[str] = ()
    actors: Sequence[tuple[int, str]] = ()  # (actor id, role)
    benchmarks: Sequence[BenchmarkInput] = field(default_factory=list)


def normalise_code(code: str) -> str:
    """Codes are compared and stored in capitals: "eu-03" is "EU-03"."""
    return (code or "").strip().upper()


def normalise_tags(tags: Sequence[str]) -> str:
    """Tags stored as one lower-case, comma-separated, de-duplicated string."""
    seen: list[str] = []
    for tag in tags:
        for part in tag.split(","):
            part = part.strip().lower()
            if part and part not in seen:
                seen.append(part)
    return ",".join(seen)


def _recommendation_values(
    session: Session, fields: RecommendationInput, exclude_id: int | None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    code = normalise_code(fields.code)
    if not code:
        errors["code"] = "Code is required."
    elif not CODE_PATTERN.match(code):
        errors["code"] = "Use up to 32 letters, digits and . _ / - (for example EU-03)."
    elif session.scalar(
        select(Recommendation.id).where(Recommendation.code == code, Recommendation.id != (exclude_id or -1))
    ):
        errors["code"] = DuplicateCode(code).errors["code"]
    title, text = clean(fields.title), clean(fields.text)
    if not title:
        errors["title"] = "Title is required."
    if not text:
        errors["text"] = "The recommendation's wording is required."
    if fields.theme_id is None or session.get(Theme, fields.theme_id) is None:
        errors["theme_id"] = "Choose a theme."
    if fields.source_id is not None and session.get(Source, fields.source_id) is None:
        errors["source_id"] = "That source no longer exists."
    if fields.priority not in Priority.__members__.values():
        errors["priority"] = "Choose a priority from the list."
    if fields.status not in Status.__members__.values():
        errors["status"] = "Choose a status from the list."
    if fields.issued_on and fields.due_on and fields.due_on < fields.issued_on:
        errors["due_on"] = "The due date cannot be before the date the recommendation was issued."
    tags = normalise_tags(fields.tags)
    if len(tags) > 500:
        errors["tags"] = "Too many tags (500 characters at most)."
    actor_ids = [actor_id for actor_id, _ in fields.actors]
    if len(set(actor_ids)) != len(actor_ids):
        errors["actors"] = "Each actor can be named once."
    elif actor_ids:
        found = set(session.scalars(select(Actor.id).where(Actor.id.in_(actor_ids))))
        if found != set(actor_ids):
            errors["actors"] = "An actor chosen no longer exists."
    if any(role not in ActorRole.__members__.values() for _, role in fields.actors):
        errors["actors"] = "Choose each actor's role from the list."
    if errors:
        raise RuleViolation(errors)
    return {
        "code": code,
        "title": title,
        "text": text,
        "theme_id": fields.theme_id,
        "source_id": fields.source_id,
        "locator": clean(fields.locator),
        "priority": fields.priority,
        "status": fields.status,
        "issued_on": fields.issued_on,
        "due_on": fields.due_on,
        "tags": tags,
    }


def _benchmark_values(session: Session, index: int, fields: BenchmarkInput) -> dict[str, Any]:
    prefix = f"benchmarks-{index}-"
    errors: dict[str, str] = {}
    title = clean(fields.title)
    if not title:
        errors[prefix + "title"] = "Title is required."
    kind = fields.kind
    values: dict[str, Any] = {
        "title": title,
        "kind": kind,
        "scale_id": None,
        "baseline": None,
        "target": None,
        "unit": None,
        "direction": None,
        "due_on": fields.due_on,
    }
    if fields.weight is None or not fields.weight > 0 or not math.isfinite(fields.weight):
        errors[prefix + "weight"] = "Weight must be a number more than 0."
    values["weight"] = fields.weight
    if kind == BenchmarkKind.SCALE:
        if fields.scale_id is None:
            errors[prefix + "scale_id"] = "Choose the scale this benchmark is assessed on."
        elif session.get(Scale, fields.scale_id) is None:
            errors[prefix + "scale_id"] = "That scale no longer exists."
        values["scale_id"] = fields.scale_id
    elif kind == BenchmarkKind.NUMERIC:
        if fields.baseline is None:
            errors[prefix + "baseline"] = "A numeric benchmark needs a baseline."
        elif not math.isfinite(fields.baseline):
            errors[prefix + "baseline"] = "The baseline must be an ordinary number."
        if fields.target is None:
            errors[prefix + "target"] = "A numeric benchmark needs a target."
        elif not math.isfinite(fields.target):
            errors[prefix + "target"] = "The target must be an ordinary number."
        direction = fields.direction
        baseline, target = fields.baseline, fields.target
        if baseline is not None and target is not None and math.isfinite(baseline) and math.isfinite(target):
            if target == baseline:
                errors[prefix + "target"] = "The target must differ from the baseline."
            elif direction in (None, ""):
                direction = Direction.INCREASE if target > baseline else Direction.DECREASE
            elif direction == Direction.INCREASE and target < baseline:
                errors[prefix + "direction"] = "Higher is better, so the target must be above the baseline."
            elif direction == Direction.DECREASE and target > baseline:
                errors[prefix + "direction"] = "Lower is better, so the target must be below the baseline."
        if direction not in (None, "", *Direction.__members__.values()):
            errors[prefix + "direction"] = "Choose whether higher or lower is better."
        values.update(
            baseline=fields.baseline,
            target=fields.target,
            unit=clean(fields.unit),
            direction=direction or None,
        )
    elif kind != BenchmarkKind.MILESTONE:
        errors[prefix + "kind"] = "Choose milestone, scale or numeric."
    if errors:
        raise RuleViolation(errors)
    return values


def _collect(
    session: Session, fields: RecommendationInput, exclude_id: int | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Validate everything, reporting the errors of the recommendation and all its benchmarks at once."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    try:
        values = _recommendation_values(session, fields, exclude_id)
    except RuleViolation as violation:
        errors.update(violation.errors)
    benchmarks: list[dict[str, Any]] = []
    for index, benchmark in enumerate(fields.benchmarks):
        try:
            benchmarks.append(_benchmark_values(session, index, benchmark))
        except RuleViolation as violation:
            errors.update(violation.errors)
    duplicate = DuplicateCode(normalise_code(fields.code))
    if errors == duplicate.errors:
        raise duplicate
    if errors:
        raise RuleViolation(errors)
    return values, benchmarks


def _snapshot(recommendation: Recommendation) -> dict[str, Any]:
    snap = audit.snapshot(recommendation, RECOMMENDATION_FIELDS)
    snap["actors"] = sorted(f"{link.actor_id}:{link.role}" for link in recommendation.actor_links)
    return snap


def _benchmark_snapshot(benchmark: Benchmark) -> dict[str, Any]:
    return audit.snapshot(benchmark, BENCHMARK_FIELDS)


def create_recommendation(session: Session, *, fields: RecommendationInput, by: ActingUser) -> Recommendation:
    """Add a recommendation with its actors and benchmarks."""
    values, benchmark_values = _collect(session, fields, None)
    recommendation = Recommendation(**values)
    recommendation.actor_links = [RecommendationActor(actor_id=a, role=r) for a, r in fields.actors]
    recommendation.benchmarks = [Benchmark(position=i, **bv) for i, bv in enumerate(benchmark_values)]
    session.add(recommendation)
    session.flush()
    audit.record(
        session,
        by=by,
        action="create",
        entity="recommendation",
        entity_id=recommendation.id,
        recommendation_id=recommendation.id,
        summary=f"Created {recommendation.code}",
        after={
            **_snapshot(recommendation),
            "benchmarks": [_benchmark_snapshot(b) for b in recommendation.benchmarks],
        },
    )
    refresh_states(session, recommendation_ids=[recommendation.id])
    return recommendation


def _entry_count(session: Session, benchmark_id: int) -> int:
    return int(
        session.scalar(select(func.count(ProgressEntry.id)).where(ProgressEntry.benchmark_id == benchmark_id))
        or 0
    )


def update_recommendation(
    session: Session,
    recommendation_id: int,
    *,
    fields: RecommendationInput,
    expected_version: int | None,
    by: ActingUser,
) -> Recommendation:
    """Save the edited recommendation and its benchmarks in one go.

    A benchmark left out is deleted, or archived when it has entries, so that
    its history stays. A benchmark with entries keeps its kind and scale; a new
    baseline or target re-scores its entries.
    """
    recommendation = get_recommendation(session, recommendation_id)
    ensure_current(session, recommendation, entity="recommendation", expected_version=expected_version)
    values, benchmark_values = _collect(session, fields, recommendation_id)
    before = _snapshot(recommendation)
    live = {b.id: b for b in recommendation.benchmarks if b.archived_at is None}
    errors: dict[str, str] = {}
    for index, (given, bv) in enumerate(zip(fields.benchmarks, benchmark_values, strict=True)):
        if given.id is None:
            continue
        existing = live.get(given.id)
        if existing is None:
            errors[f"benchmarks-{index}-title"] = "This benchmark was removed meanwhile; reload the page."
        elif (existing.kind != bv["kind"] or existing.scale_id != bv["scale_id"]) and _entry_count(
            session, existing.id
        ):
            errors[f"benchmarks-{index}-kind"] = (
                "This benchmark has progress entries, so its kind and scale are fixed. "
                "Add a new benchmark instead."
            )
    if errors:
        raise RuleViolation(errors)

    for name, value in values.items():
        setattr(recommendation, name, value)
    wanted = dict(fields.actors)
    recommendation.actor_links = [link for link in recommendation.actor_links if link.actor_id in wanted]
    for link in recommendation.actor_links:
        link.role = wanted.pop(link.actor_id)
    recommendation.actor_links.extend(RecommendationActor(actor_id=a, role=r) for a, r in wanted.items())

    touched: list[int] = []
    rescore: list[Benchmark] = []
    kept: set[int] = set()
    # Positions follow the order of the form's rows (reordering is just renumbering).
    for position, (given, bv) in enumerate(zip(fields.benchmarks, benchmark_values, strict=True)):
        bv["position"] = position
        if given.id is None:
            benchmark = Benchmark(**bv)
            recommendation.benchmarks.append(benchmark)
            continue
        benchmark = live[given.id]
        kept.add(benchmark.id)
        old = _benchmark_snapshot(benchmark)
        for name, value in bv.items():
            setattr(benchmark, name, value)
        new = _benchmark_snapshot(benchmark)
        if old != new:
            touched.append(benchmark.id)
            if benchmark.kind == BenchmarkKind.NUMERIC and (old["baseline"], old["target"]) != (
                new["baseline"],
                new["target"],
            ):
                rescore.append(benchmark)
            changed_old, changed_new = audit.changed(old, new)
            audit.record(
                session,
                by=by,
                action="update",
                entity="benchmark",
                entity_id=benchmark.id,
                recommendation_id=recommendation.id,
                summary=f"Updated benchmark “{benchmark.title}” of {recommendation.code}",
                before=changed_old,
                after=changed_new,
            )
    for benchmark_id, benchmark in live.items():
        if benchmark_id in kept:
            continue
        touched.append(benchmark_id)
        if _entry_count(session, benchmark_id):
            benchmark.archived_at = utcnow()
            action, verb = "archive", "Archived"
        else:
            recommendation.benchmarks.remove(benchmark)
            action, verb = "delete", "Deleted"
        audit.record(
            session,
            by=by,
            action=action,
            entity="benchmark",
            entity_id=benchmark_id,
            recommendation_id=recommendation.id,
            summary=f"{verb} benchmark “{benchmark.title}” of {recommendation.code}",
            before=_benchmark_snapshot(benchmark),
        )
    # The recommendation's version covers its benchmarks: touch it so that any
    # change here makes other open forms stale.
    recommendation.updated_at = utcnow()
    session.flush()
    for benchmark in recommendation.benchmarks:
        if benchmark.id not in live:
            audit.record(
                session,
                by=by,
                action="create",
                entity="benchmark",
                entity_id=benchmark.id,
                recommendation_id=recommendation.id,
                summary=f"Added benchmark “{benchmark.title}” to {recommendation.code}",
                after=_benchmark_snapshot(benchmark),
            )
    for benchmark in rescore:
        _rescore_numeric(session, benchmark)
    after = _snapshot(recommendation)
    old_values, new_values = audit.changed(before, after)
    audit.record(
        session,
        by=by,
        action="update",
        entity="recommendation",
        entity_id=recommendation.id,
        recommendation_id=recommendation.id,
        summary=f"Updated {recommendation.code}",
        before=old_values,
        after={**new_values, "version": recommendation.version},
    )
    refresh_states(session, benchmark_ids=touched, recommendation_ids=[recommendation.id])
    return recommendation


def _rescore_numeric(session: Session, benchmark: Benchmark) -> None:
    """Recompute the stored score of every entry of a numeric benchmark whose target moved."""
    assert benchmark.baseline is not None and benchmark.target is not None and benchmark.direction
    entries = session.scalars(select(ProgressEntry).where(ProgressEntry.benchmark_id == benchmark.id))
    for progress in entries:
        assert progress.value is not None
        progress.score = numeric_score(
            progress.value,
            baseline=benchmark.baseline,
            target=benchmark.target,
            direction=benchmark.direction,
        )


def set_archived(
    session: Session,
    recommendation_id: int,
    *,
    archived: bool,
    expected_version: int | None,
    by: ActingUser,
) -> Recommendation:
    """Archive a recommendation (it leaves lists and scores but keeps its history) or restore it."""
    recommendation = get_recommendation(session, recommendation_id)
    ensure_current(session, recommendation, entity="recommendation", expected_version=expected_version)
    if (recommendation.archived_at is not None) == archived:
        return recommendation
    before = {
        "archived_at": audit.jsonable(recommendation.archived_at),
        "version": recommendation.version,
    }
    recommendation.archived_at = utcnow() if archived else None
    session.flush()
    audit.record(
        session,
        by=by,
        action="archive" if archived else "restore",
        entity="recommendation",
        entity_id=recommendation.id,
        recommendation_id=recommendation.id,
        summary=f"{'Archived' if archived else 'Restored'} {recommendation.code}",
        before=before,
        after={
            "archived_at": audit.jsonable(recommendation.archived_at),
            "version": recommendation.version,
        },
    )
    return recommendation


# Everything a deleted entry held, so the audit trail's copy can rebuild it.
_ENTRY_COPY = (
    "id",
    "observed_on",
    "level_id",
    "value",
    "achieved",
    "score",
    "note",
    "evidence_url",
    "author_id",
    "created_at",
    "corrects_id",
    "superseded_at",
    "deleted_at",
)


def _entry_copies(session: Session, recommendation_id: int) -> dict[int, list[dict[str, Any]]]:
    """Every progress entry of a recommendation (corrected and withdrawn ones too), by benchmark."""
    columns = [getattr(ProgressEntry, name) for name in _ENTRY_COPY]
    rows = session.execute(
        select(ProgressEntry.benchmark_id, *columns)
        .join(Benchmark, Benchmark.id == ProgressEntry.benchmark_id)
        .where(Benchmark.recommendation_id == recommendation_id)
        .order_by(ProgressEntry.benchmark_id, ProgressEntry.observed_on, ProgressEntry.id)
    )
    copies: dict[int, list[dict[str, Any]]] = {}
    for benchmark_id, *values in rows:
        copy = {name: audit.jsonable(value) for name, value in zip(_ENTRY_COPY, values, strict=True)}
        copies.setdefault(benchmark_id, []).append(copy)
    return copies


def _entries_phrase(count: int) -> str:
    return f"{count} progress entr{'y' if count == 1 else 'ies'}"


def delete_recommendation(
    session: Session, recommendation_id: int, *, confirm_code: str, by: ActingUser
) -> None:
    """Delete a recommendation for good, with its benchmarks and entries; the audit trail keeps a copy.

    The caller must repeat the code, as the confirmation that this is meant.
    """
    recommendation = get_recommendation(session, recommendation_id)
    if normalise_code(confirm_code) != recommendation.code:
        raise RuleViolation(f"Type {recommendation.code} to confirm.", field="confirm_code")
    entries = _entry_copies(session, recommendation_id)
    before = {
        **_snapshot(recommendation),
        "benchmarks": [
            {**_benchmark_snapshot(b), "id": b.id, "entries": entries.get(b.id, [])}
            for b in recommendation.benchmarks
        ],
        "entries_deleted": sum(len(kept) for kept in entries.values()),
    }
    session.delete(recommendation)
    session.flush()
    audit.record(
        session,
        by=by,
        action="delete",
        entity="recommendation",
        entity_id=recommendation_id,
        recommendation_id=recommendation_id,
        summary=f"Deleted {before['code']} for good, with {_entries_phrase(before['entries_deleted'])}",
        before=before,
    )


def get_recommendation(session: Session, recommendation_id: int) -> Recommendation:
    """One recommendation with its source, theme, actors and benchmarks loaded."""
    recommendation = session.scalar(
        select(Recommendation)
        .where(Recommendation.id == recommendation_id)
        .options(
            selectinload(Recommendation.actor_links).selectinload(RecommendationActor.actor),
            selectinload(Recommendation.benchmarks).selectinload(Benchmark.scale),
            selectinload(Recommendation.source),
            selectinload(Recommendation.theme),
        )
    )
    if recommendation is None:
        raise NotFound("Recommendation", recommendation_id)
    return recommendation


def find_by_code(session: Session, code: str) -> Recommendation | None:
    """A recommendation by its code, in any letter case."""
    return session.scalar(select(Recommendation).where(Recommendation.code == normalise_code(code)))


# -- listing and filtering --------------------------------------------------------------------

SORTABLE = (
    "code",
    "title",
    "theme",
    "status",
    "priority",
    "due_on",
    "score",
    "coverage",
    "last_observed_on",
    "updated_at",
)
ARCHIVED_CHOICES = ("active", "archived", "all")


@dataclass(frozen=True, slots=True)
class RecommendationFilter:
    """What the list, the scorecard and the CSV exports narrow recommendations to; all fields optional.

    Lists mean "any of". `cycle_id` keeps recommendations due within that review cycle.
    """

    q: str = ""
    theme_ids: tuple[int, ...] = ()
    actor_ids: tuple[int, ...] = ()
    source_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    cycle_id: int | None = None
    due_from: date | None = None
    due_to: date | None = None
    overdue: bool = False
    stale: bool = False
    archived: str = "active"

    @property
    def is_empty(self) -> bool:
        """Whether nothing narrows the set (archived ones aside)."""
        return self == RecommendationFilter(archived=self.archived)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The dates that overdue and stale are judged against."""

    today: date
    stale_days: int

    @property
    def stale_before(self) -> date:
        """Entries older than this day make a recommendation stale."""
        return self.today - timedelta(days=self.stale_days)


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def overdue_condition(thresholds: Thresholds) -> ColumnElement[bool]:
    """SQL for "overdue": due before today, not closed, and not at 100 (or never assessed)."""
    return and_(
        Recommendation.due_on < thresholds.today,
        Recommendation.status.not_in(list(CLOSED_STATUSES)),
        or_(RecommendationState.score.is_(None), RecommendationState.score < 100.0),
    )


def stale_condition(thresholds: Thresholds) -> ColumnElement[bool]:
    """SQL for "stale": open, and no entry (or, never assessed, no record) for longer than the threshold."""
    cutoff_moment = datetime.combine(thresholds.stale_before, datetime.min.time(), tzinfo=UTC)
    return and_(
        Recommendation.status.not_in(list(CLOSED_STATUSES)),
        or_(
            RecommendationState.last_observed_on < thresholds.stale_before,
            and_(RecommendationState.last_observed_on.is_(None), Recommendation.created_at < cutoff_moment),
        ),
    )


def filter_conditions(
    session: Session, criteria: RecommendationFilter, thresholds: Thresholds
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a filter, over Recommendation joined to its RecommendationState."""
    conditions: list[ColumnElement[bool]] = []
    if criteria.archived == "active":
        conditions.append(Recommendation.archived_at.is_(None))
    elif criteria.archived == "archived":
        conditions.append(Recommendation.archived_at.is_not(None))
    if criteria.q.strip():
        pattern = _like(criteria.q.strip())
        conditions.append(
            or_(
                func.lower(Recommendation.code).like(pattern, escape="\\"),
                func.lower(Recommendation.title).like(pattern, escape="\\"),
                func.lower(Recommendation.text).like(pattern, escape="\\"),
            )
        )
    if criteria.theme_ids:
        conditions.append(Recommendation.theme_id.in_(criteria.theme_ids))
    if criteria.source_ids:
        conditions.append(Recommendation.source_id.in_(criteria.source_ids))
    if criteria.actor_ids:
        conditions.append(
            Recommendation.id.in_(
                select(RecommendationActor.recommendation_id).where(
                    RecommendationActor.actor_id.in_(criteria.actor_ids)
                )
            )
        )
    if criteria.statuses:
        conditions.append(Recommendation.status.in_(criteria.statuses))
    if criteria.priorities:
        conditions.append(Recommendation.priority.in_(criteria.priorities))
    if criteria.cycle_id is not None:
        cycle = session.get(ReviewCycle, criteria.cycle_id)
        if cycle is None:
            conditions.append(false())
        else:
            conditions.append(Recommendation.due_on.between(cycle.starts_on, cycle.ends_on))
    if criteria.due_from:
        conditions.append(Recommendation.due_on >= criteria.due_from)
    if criteria.due_to:
        conditions.append(Recommendation.due_on <= criteria.due_to)
    if criteria.overdue:
        conditions.append(overdue_condition(thresholds))
    if criteria.stale:
        conditions.append(stale_condition(thresholds))
    return conditions


def filtered_ids(session: Session, criteria: RecommendationFilter, thresholds: Thresholds) -> Select[Any]:
    """A select of the ids of the recommendations that pass the filter (to use inside IN or a join)."""
    return (
        select(Recommendation.id)
        .outerjoin(RecommendationState, RecommendationState.recommendation_id == Recommendation.id)
        .where(*filter_conditions(session, criteria, thresholds))
    )


@dataclass(frozen=True, slots=True)
class RecommendationRow:
    """One line of the recommendations list: plain values, nothing to lazy-load."""

    id: int
    code: str
    title: str
    theme: str
    source: str | None
    status: str
    priority: str
    due_on: date | None
    score: float | None
    coverage: float | None
    last_observed_on: date | None
    archived: bool
    overdue: bool
    stale: bool
    actors: tuple[str, ...]


NULLABLE_SORTS = frozenset({"due_on", "score", "coverage", "last_observed_on"})
_PRIORITY_ORDER = case({"high": 0, "medium": 1, "low": 2}, value=Recommendation.priority, else_=3)


def _sort_column(sort: str) -> Any:
    return {
        "code": Recommendation.code,
        "title": func.lower(Recommendation.title),
        "theme": func.lower(Theme.name),
        "status": Recommendation.status,
        "priority": _PRIORITY_ORDER,
        "due_on": Recommendation.due_on,
        "score": RecommendationState.score,
        "coverage": RecommendationState.coverage,
        "last_observed_on": RecommendationState.last_observed_on,
        "updated_at": Recommendation.updated_at,
    }.get(sort, Recommendation.code)


def list_recommendations(
    session: Session,
    *,
    criteria: RecommendationFilter,
    thresholds: Thresholds,
    sort: str = "code",
    descending: bool = False,
    page: int = 1,
    per_page: int = 25,
) -> Page[RecommendationRow]:
    """One page of filtered, sorted recommendations with today's scores.

    Three queries (count, rows, actors), whatever the page size.
    """
    column = _sort_column(sort)
    direction = column.desc() if descending else column.asc()
    if sort in NULLABLE_SORTS:
        # Not-assessed and undated rows go last whichever way the column is sorted.
        order = [case((column.is_(None), 1), else_=0), direction, Recommendation.id]
    else:
        # A bare column: SQLite walks its index and stops at the page.
        order = [direction, Recommendation.id]
    conditions = filter_conditions(session, criteria, thresholds)
    query = (
        select(
            Recommendation.id,
            Recommendation.code,
            Recommendation.title,
            Theme.name.label("theme"),
            Source.title.label("source"),
            Recommendation.status,
            Recommendation.priority,
            Recommendation.due_on,
            RecommendationState.score,
            RecommendationState.coverage,
            RecommendationState.last_observed_on,
            Recommendation.archived_at,
            overdue_condition(thresholds).label("overdue"),
            stale_condition(thresholds).label("stale"),
        )
        .join(Theme, Theme.id == Recommendation.theme_id)
        .outerjoin(Source, Source.id == Recommendation.source_id)
        .outerjoin(RecommendationState, RecommendationState.recommendation_id == Recommendation.id)
        .where(*conditions)
        .order_by(*order)
    )
    counted = (
        select(func.count())
        .select_from(Recommendation)
        .outerjoin(RecommendationState, RecommendationState.recommendation_id == Recommendation.id)
        .where(*conditions)
    )
    total = session.scalar(counted) or 0
    page_number, per_page = clamp_page(page, per_page, total)
    rows = session.execute(query.limit(per_page).offset((page_number - 1) * per_page)).all()
    actors = actor_names(session, [row.id for row in rows])
    return Page(
        rows=[
            RecommendationRow(
                id=row.id,
                code=row.code,
                title=row.title,
                theme=row.theme,
                source=row.source,
                status=row.status,
                priority=row.priority,
                due_on=row.due_on,
                score=row.score,
                coverage=row.coverage,
                last_observed_on=row.last_observed_on,
                archived=row.archived_at is not None,
                overdue=bool(row.overdue),
                stale=bool(row.stale),
                actors=actors.get(row.id, ()),
            )
            for row in rows
        ],
        page=page_number,
        per_page=per_page,
        total=total,
    )


def actor_names(session: Session, recommendation_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The actors of these recommendations, lead first, by recommendation id (one query)."""
    if not recommendation_ids:
        return {}
    role_order = case({"lead": 0, "supporting": 1}, value=RecommendationActor.role, else_=2)
    found: dict[int, list[str]] = {}
    query = (
        select(RecommendationActor.recommendation_id, Actor.name)
        .join(Actor, Actor.id == RecommendationActor.actor_id)
        .where(RecommendationActor.recommendation_id.in_(recommendation_ids))
        .order_by(RecommendationActor.recommendation_id, role_order, Actor.name)
    )
    for recommendation_id, name in session.execute(query):
        found.setdefault(recommendation_id, []).append(name)
    return {key: tuple(names) for key, names in found.items()}

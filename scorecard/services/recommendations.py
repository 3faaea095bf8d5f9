"""Recommendations and their benchmarks: create, edit, archive, restore, delete, look up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select
from sqlalchemy.orm import Session, selectinload

from scorecard.errors import N_, DuplicateCode, Message, NotFound, Np_, RuleViolation
from scorecard.models import (
    CLOSED_STATUSES,
    Actor,
    Benchmark,
    BenchmarkKind,
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
from scorecard.rules.benchmarks import BENCHMARK_INPUTS, BenchmarkFacts, RecordedBenchmark, check_benchmark

# The `name as name` imports re-export names that now live in scorecard.rules.recommendations.
from scorecard.rules.recommendations import CODE_PATTERN as CODE_PATTERN
from scorecard.rules.recommendations import RecommendationFacts, check_recommendation
from scorecard.rules.recommendations import normalise_code as normalise_code
from scorecard.rules.recommendations import normalise_tags as normalise_tags
from scorecard.scoring import numeric_score

from . import audit, content, webhooks
from .audit import ActingUser
from .pagination import Page, clamp_page
from .progress import OBSERVATION_FIELDS
from .scores import refresh_states
from .versioning import ensure_current

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
# What a benchmark's audit snapshot keeps: the fields the rules check, and where it stands in the list.
BENCHMARK_FIELDS = (*BENCHMARK_INPUTS, "position")


@dataclass(slots=True)
class BenchmarkInput(BenchmarkFacts):
    """One benchmark as the recommendation form gives it (the rules' facts); `id` keeps an existing one."""

    id: int | None = None
    # locale -> field -> text; None leaves the stored translations as they are
    translations: Mapping[str, Mapping[str, str | None]] | None = None

    @classmethod
    def copy_of(cls, source: Any, **overrides: Any) -> BenchmarkInput:
        """The input that keeps a benchmark as it is (a stored one, the demo file's), with `overrides`."""
        return cls(**{**{name: getattr(source, name, None) for name in BENCHMARK_INPUTS}, **overrides})


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
    # The language title and text are written in (None: keep it), and their translations
    # (locale -> field -> text; None leaves the stored ones as they are).
    original_locale: str | None = None
    translations: Mapping[str, Mapping[str, str | None]] | None = None


def _recommendation_values(
    session: Session, fields: RecommendationInput, exclude_id: int | None
) -> dict[str, Any]:
    """The recommendation's columns after its rules, with the facts they need read from the database."""
    code = normalise_code(fields.code)
    taken = bool(CODE_PATTERN.match(code)) and (
        session.scalar(
            select(Recommendation.id).where(
                Recommendation.code == code, Recommendation.id != (exclude_id or -1)
            )
        )
        is not None
    )
    themes = _existing(session, Theme, [fields.theme_id])
    sources = _existing(session, Source, [fields.source_id])
    actor_ids = [actor_id for actor_id, _ in fields.actors]
    actors = set(session.scalars(select(Actor.id).where(Actor.id.in_(actor_ids)))) if actor_ids else set()
    checked = check_recommendation(
        _facts(fields),
        code_taken=taken,
        themes=themes,
        sources=sources,
        actors=actors,
    )
    return dict(checked.columns())


def _facts(given: RecommendationInput) -> RecommendationFacts:
    """The rules' facts of what was given: each of their fields, read from `given` (which has them all)."""
    return RecommendationFacts(
        **{f.name: getattr(given, f.name) for f in dataclass_fields(RecommendationFacts)}
    )


def _audit_recommendation(
    session: Session, by: ActingUser, action: str, record_id: int, said: Message, **values: dict[str, Any]
) -> None:
    """An audit event on a recommendation itself, filed under it; `values` are its before and after."""
    audit.record(
        session, by, action, "recommendation", record_id, said, recommendation_id=record_id, **values
    )


def _audit_benchmark(
    session: Session,
    by: ActingUser,
    action: str,
    benchmark: Benchmark,
    recommendation: Recommendation,
    said: Message,
    **values: dict[str, Any],
) -> None:
    """An audit event on one benchmark, filed under its recommendation; `values` are its before and after."""
    audit.record(
        session, by, action, "benchmark", benchmark.id, said, recommendation_id=recommendation.id, **values
    )


def _existing(session: Session, model: type[Theme | Source | Scale], ids: Sequence[int | None]) -> set[int]:
    """Which of these ids name a row of `model` (the session's identity map spares most queries)."""
    return {ident for ident in ids if ident is not None and session.get(model, ident) is not None}


def _benchmark_values(
    session: Session, index: int, fields: BenchmarkInput, recorded: RecordedBenchmark | None
) -> dict[str, Any]:
    """One benchmark's columns after its rules; errors keyed by the form's field names."""
    scales = _existing(session, Scale, [fields.scale_id]) if fields.kind == BenchmarkKind.SCALE else set()
    try:
        checked = check_benchmark(
            fields,
            scales=scales,
            recorded=recorded,
        )
    except RuleViolation as violation:
        raise RuleViolation(
            {f"benchmarks-{index}-{name}": text for name, text in violation.errors.items()}
        ) from None
    return dict(checked.columns())


def _collect(
    session: Session,
    fields: RecommendationInput,
    exclude_id: int | None,
    recorded: Mapping[int, RecordedBenchmark],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Validate everything, reporting the errors of the recommendation and all its benchmarks at once.

    `recorded` holds the live benchmarks of the recommendation being edited, by id.
    """
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    try:
        values = _recommendation_values(session, fields, exclude_id)
    except RuleViolation as violation:
        errors.update(violation.errors)
    benchmarks: list[dict[str, Any]] = []
    for index, benchmark in enumerate(fields.benchmarks):
        if benchmark.id is not None and benchmark.id not in recorded:
            errors[f"benchmarks-{index}-title"] = "This benchmark was removed meanwhile; reload the page."
            continue
        try:
            stored = recorded.get(benchmark.id) if benchmark.id is not None else None
            benchmarks.append(_benchmark_values(session, index, benchmark, stored))
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
    values, benchmark_values = _collect(session, fields, None, {})
    recommendation = Recommendation(**values)
    recommendation.actor_links = [RecommendationActor(actor_id=a, role=r) for a, r in fields.actors]
    recommendation.benchmarks = [Benchmark(position=i, **bv) for i, bv in enumerate(benchmark_values)]
    session.add(recommendation)
    session.flush()
    said = N_("Created %(code)s", code=recommendation.code)
    after = {
        **_snapshot(recommendation),
        "benchmarks": [_benchmark_snapshot(b) for b in recommendation.benchmarks],
    }
    _audit_recommendation(session, by, "create", recommendation.id, said, after=after)
    save_translations(session, recommendation, fields, by=by)
    refresh_states(session, recommendation_ids=[recommendation.id])
    webhooks.recommendation_changed(
        session, code=recommendation.code, action="created", version=recommendation.version
    )
    return recommendation


def _with_entries(session: Session, benchmark_ids: Sequence[int]) -> set[int]:
    """Which of these benchmarks have progress entries (one query)."""
    if not benchmark_ids:
        return set()
    return set(
        session.scalars(
            select(ProgressEntry.benchmark_id).where(ProgressEntry.benchmark_id.in_(benchmark_ids)).distinct()
        )
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
    live = {b.id: b for b in recommendation.benchmarks if b.archived_at is None}
    with_entries = _with_entries(session, sorted(live))
    recorded = {i: RecordedBenchmark(b.kind, b.scale_id, i in with_entries) for i, b in live.items()}
    values, benchmark_values = _collect(session, fields, recommendation_id, recorded)
    before = _snapshot(recommendation)
    for name, value in values.items():
        setattr(recommendation, name, value)
    _relink_actors(recommendation, fields.actors)
    changes = _apply_benchmarks(session, recommendation, fields.benchmarks, benchmark_values, live, by=by)
    for benchmark_id, benchmark in live.items():
        if benchmark_id not in changes.kept:
            changes.touched.append(benchmark_id)
            _retire_benchmark(
                session, recommendation, benchmark, has_entries=benchmark_id in with_entries, by=by
            )
    # The recommendation's version covers its benchmarks: touch it so that any
    # change here makes other open forms stale.
    recommendation.updated_at = utcnow()
    session.flush()
    for benchmark in recommendation.benchmarks:
        if benchmark.id not in live:
            words = {"title": benchmark.title, "code": recommendation.code}
            said = N_("Added benchmark “%(title)s” to %(code)s", **words)
            after = _benchmark_snapshot(benchmark)
            _audit_benchmark(session, by, "create", benchmark, recommendation, said, after=after)
    for benchmark in changes.rescore:
        _rescore_numeric(session, benchmark)
    old_values, new_values = audit.changed(before, _snapshot(recommendation))
    said = N_("Updated %(code)s", code=recommendation.code)
    after = {**new_values, "version": recommendation.version}
    _audit_recommendation(session, by, "update", recommendation.id, said, before=old_values, after=after)
    save_translations(session, recommendation, fields, by=by)
    refresh_states(session, benchmark_ids=changes.touched, recommendation_ids=[recommendation.id])
    webhooks.recommendation_changed(
        session, code=recommendation.code, action="updated", version=recommendation.version
    )
    return recommendation


def save_translations(
    session: Session, recommendation: Recommendation, fields: RecommendationInput, *, by: ActingUser
) -> None:
    """Store the recommendation's and its benchmarks' translations as given, each change in the audit trail.

    The form's benchmarks are in the order of the live benchmarks after saving, so they pair up by position.
    """
    pairs: list[tuple[Recommendation | Benchmark, Any, str | None]] = [
        (recommendation, fields.translations, fields.original_locale)
    ]
    live = sorted((b for b in recommendation.benchmarks if b.archived_at is None), key=lambda b: b.position)
    pairs.extend(
        (b, given.translations, fields.original_locale)
        for b, given in zip(live, fields.benchmarks, strict=False)
    )
    for record, values, original in pairs:
        if values is None and original is None:
            continue
        content.translate(
            session,
            record,
            values=values if values is not None else content.translations_of(session, record) or {},
            original_locale=original,
            by=by,
            recommendation_id=recommendation.id,
            label=getattr(record, "code", None) or record.title,
        )


def _relink_actors(recommendation: Recommendation, actors: Sequence[tuple[int, str]]) -> None:
    """Keep the links of actors still named (with their new role), drop the others, add the new ones."""
    wanted = dict(actors)
    recommendation.actor_links = [link for link in recommendation.actor_links if link.actor_id in wanted]
    for link in recommendation.actor_links:
        link.role = wanted.pop(link.actor_id)
    recommendation.actor_links.extend(RecommendationActor(actor_id=a, role=r) for a, r in wanted.items())


@dataclass(slots=True)
class _BenchmarkChanges:
    """What saving the form's benchmarks did: ids kept, ids whose state may move, numeric ones to re-score."""

    kept: set[int] = field(default_factory=set)
    touched: list[int] = field(default_factory=list)
    rescore: list[Benchmark] = field(default_factory=list)


def _apply_benchmarks(
    session: Session,
    recommendation: Recommendation,
    given: Sequence[BenchmarkInput],
    benchmark_values: Sequence[dict[str, Any]],
    live: Mapping[int, Benchmark],
    *,
    by: ActingUser,
) -> _BenchmarkChanges:
    """Add the new benchmarks and update the kept ones, auditing each change."""
    changes = _BenchmarkChanges()
    # Positions follow the order of the form's rows (reordering is just renumbering).
    for position, (row, bv) in enumerate(zip(given, benchmark_values, strict=True)):
        bv["position"] = position
        if row.id is None:
            recommendation.benchmarks.append(Benchmark(**bv))
            continue
        benchmark = live[row.id]
        changes.kept.add(benchmark.id)
        old = _benchmark_snapshot(benchmark)
        for name, value in bv.items():
            setattr(benchmark, name, value)
        new = _benchmark_snapshot(benchmark)
        if old == new:
            continue
        changes.touched.append(benchmark.id)
        if benchmark.kind == BenchmarkKind.NUMERIC and (old["baseline"], old["target"]) != (
            new["baseline"],
            new["target"],
        ):
            changes.rescore.append(benchmark)
        changed_old, changed_new = audit.changed(old, new)
        words = {"title": benchmark.title, "code": recommendation.code}
        said = N_("Updated benchmark “%(title)s” of %(code)s", **words)
        _audit_benchmark(
            session, by, "update", benchmark, recommendation, said, before=changed_old, after=changed_new
        )
    return changes


def _retire_benchmark(
    session: Session,
    recommendation: Recommendation,
    benchmark: Benchmark,
    *,
    has_entries: bool,
    by: ActingUser,
) -> None:
    """A benchmark the form left out: archived when it has entries (its history stays), else deleted."""
    if has_entries:
        benchmark.archived_at = utcnow()
        action = "archive"
        said = N_(
            "Archived benchmark “%(title)s” of %(code)s", title=benchmark.title, code=recommendation.code
        )
    else:
        recommendation.benchmarks.remove(benchmark)
        action = "delete"
        said = N_(
            "Deleted benchmark “%(title)s” of %(code)s", title=benchmark.title, code=recommendation.code
        )
    _audit_benchmark(
        session, by, action, benchmark, recommendation, said, before=_benchmark_snapshot(benchmark)
    )


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
    said = (
        N_("Archived %(code)s", code=recommendation.code)
        if archived
        else N_("Restored %(code)s", code=recommendation.code)
    )
    after = {
        "archived_at": audit.jsonable(recommendation.archived_at),
        "version": recommendation.version,
    }
    action = "archive" if archived else "restore"
    _audit_recommendation(session, by, action, recommendation.id, said, before=before, after=after)
    return recommendation


# Everything a deleted entry held, so the audit trail's copy can rebuild it.
_ENTRY_COPY = (
    "id",
    *OBSERVATION_FIELDS,
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


def delete_recommendation(
    session: Session, recommendation_id: int, *, confirm_code: str, by: ActingUser
) -> None:
    """Delete a recommendation for good, with its benchmarks and entries; the audit trail keeps a copy.

    The caller must repeat the code, as the confirmation that this is meant.
    """
    recommendation = get_recommendation(session, recommendation_id)
    if normalise_code(confirm_code) != recommendation.code:
        raise RuleViolation(N_("Type %(code)s to confirm.", code=recommendation.code), field="confirm_code")
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
    said = Np_(
        "Deleted %(code)s for good, with %(num)d progress entry",
        "Deleted %(code)s for good, with %(num)d progress entries",
        before["entries_deleted"],
        code=before["code"],
    )
    _audit_recommendation(session, by, "delete", recommendation_id, said, before=before)


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


def _list_order(sort: str, descending: bool) -> list[ColumnElement[Any]]:
    """The ORDER BY of the list: the chosen column, then the id, so that pages never overlap."""
    column = _sort_column(sort)
    direction = column.desc() if descending else column.asc()
    if sort in NULLABLE_SORTS:
        # Not-assessed and undated rows go last whichever way the column is sorted.
        return [case((column.is_(None), 1), else_=0), direction, Recommendation.id]
    # A bare column: SQLite walks its index and stops at the page.
    return [direction, Recommendation.id]


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
    order = _list_order(sort, descending)
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

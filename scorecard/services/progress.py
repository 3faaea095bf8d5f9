"""Progress entries: record, correct and delete observations, keeping every earlier version."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, selectinload

from scorecard.errors import N_, Message, NotFound, RuleViolation
from scorecard.models import (
    CLOSED_STATUSES,
    Benchmark,
    BenchmarkState,
    Perspective,
    ProgressEntry,
    Recommendation,
    ReviewStatus,
    Scale,
    ScaleLevel,
    utcnow,
)

# The rules of an entry live in scorecard.rules.progress; the aliased names stay importable from here.
from scorecard.rules.progress import CheckedEntry
from scorecard.rules.progress import EntryInput as EntryInput
from scorecard.rules.progress import check_observation as check_observation

from . import audit, evidence, webhooks
from .audit import ActingUser
from .lookup import get_or_missing
from .pagination import Page, clamp_page
from .scores import awaiting_review, benchmark_states_query, counting, refresh_states
from .tables import bench
from .tables import entry as entry_table

# What an entry observes (and what its audit line and a deleted recommendation's copy keep of it).
OBSERVATION_FIELDS = ("observed_on", "level_id", "value", "achieved", "score", "note", "evidence_url")
ENTRY_FIELDS = (*OBSERVATION_FIELDS, "perspective_id", "review_status")


def get_benchmark(session: Session, benchmark_id: int) -> Benchmark:
    """A live or archived benchmark with its recommendation and scale levels loaded."""
    benchmark = session.scalar(
        select(Benchmark)
        .where(Benchmark.id == benchmark_id)
        .options(selectinload(Benchmark.recommendation), selectinload(Benchmark.scale))
    )
    if benchmark is None:
        raise NotFound("Benchmark", benchmark_id)
    return benchmark


def audit_entry(
    session: Session,
    by: ActingUser,
    action: str,
    entry_id: int,
    benchmark: Benchmark,
    *,
    summary: Message,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """An audit event on an entry of `benchmark`, filed under its recommendation (`entry_words` names
    the entry in the summary)."""
    audit.record(
        session,
        by=by,
        action=action,
        entity="progress_entry",
        entity_id=entry_id,
        recommendation_id=benchmark.recommendation_id,
        summary=summary,
        before=before,
        after=after,
    )


def entry_words(benchmark: Benchmark, observed_on: date | None = None) -> dict[str, Any]:
    """What an entry's audit summary names: the benchmark's title, its recommendation's code, the date."""
    words: dict[str, Any] = {"title": benchmark.title, "code": benchmark.recommendation.code}
    return words if observed_on is None else {"date": observed_on, **words}


def _audit_recorded(session: Session, benchmark: Benchmark, progress: ProgressEntry, by: ActingUser) -> None:
    """The audit event of one recorded entry (a form's, or one of a review round's)."""
    said = N_("Recorded progress on “%(title)s” (%(code)s)", **entry_words(benchmark))
    audit_entry(session, by, "create", progress.id, benchmark, summary=said, after=_snapshot(progress))


def check_entry(session: Session, benchmark: Benchmark, fields: EntryInput, *, today: date) -> CheckedEntry:
    """Apply every rule for one observation of `benchmark` and derive its score.

    Errors are keyed by field name.
    """
    levels = {level.id: level for level in benchmark.scale.levels} if benchmark.scale else {}
    checked = check_observation(benchmark, fields, today=today, levels=levels)
    if checked.perspective_id is not None and session.get(Perspective, checked.perspective_id) is None:
        raise RuleViolation(N_("Choose a perspective from the list."), field="perspective_id")
    return checked


def _new_entry(
    benchmark: Benchmark, checked: CheckedEntry, author_id: int | None, *, submitted: bool = False
) -> ProgressEntry:
    return ProgressEntry(
        benchmark_id=benchmark.id,
        kind=benchmark.kind,
        observed_on=checked.observed_on,
        level_id=checked.level_id,
        value=checked.value,
        achieved=checked.achieved,
        score=checked.score,
        note=checked.note,
        evidence_url=checked.evidence_url,
        perspective_id=checked.perspective_id,
        review_status=ReviewStatus.SUBMITTED if submitted else ReviewStatus.APPROVED,
        author_id=author_id,
        created_at=utcnow(),
    )


def _snapshot(progress: ProgressEntry) -> dict[str, Any]:
    return audit.snapshot(progress, ENTRY_FIELDS)


def _ensure_live(benchmark: Benchmark) -> None:
    if benchmark.archived_at is not None or benchmark.recommendation.archived_at is not None:
        raise RuleViolation(N_("This benchmark is archived; restore it before changing its progress."))


def record_progress(
    session: Session,
    benchmark_id: int,
    *,
    fields: EntryInput,
    by: ActingUser,
    today: date | None = None,
    submitted: bool = False,
) -> ProgressEntry:
    """Add one observation to a live benchmark and bring its current state up to date.

    A contributor's entry is `submitted`: it counts only once a reviewer approves it.
    """
    # The benchmark's row lock: an import checking what already counts waits for this entry.
    session.execute(select(Benchmark.id).where(Benchmark.id == benchmark_id).with_for_update())
    benchmark = get_benchmark(session, benchmark_id)
    _ensure_live(benchmark)
    checked = check_entry(session, benchmark, fields, today=today or date.today())
    watch = webhooks.watch_score(session, benchmark.recommendation_id)
    progress = _new_entry(benchmark, checked, by.user_id, submitted=submitted)
    session.add(progress)
    session.flush()
    _audit_recorded(session, benchmark, progress, by)
    refresh_states(session, benchmark_ids=[benchmark.id], since=progress.observed_on)
    webhooks.progress_recorded(session, progress, benchmark.recommendation.code, watch)
    return progress


def get_entry(session: Session, entry_id: int) -> ProgressEntry:
    """One entry by id."""
    return get_or_missing(session, ProgressEntry, entry_id, "Progress entry")


def _counting_entry(session: Session, entry_id: int) -> ProgressEntry:
    """The entry, locked, if it still counts: two people correcting it at once must not both succeed."""
    progress = session.scalar(
        select(ProgressEntry)
        .where(ProgressEntry.id == entry_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if progress is None:
        raise NotFound("Progress entry", entry_id)
    if progress.superseded_at is not None:
        raise RuleViolation(N_("This entry has already been corrected; correct the newer version instead."))
    if progress.deleted_at is not None:
        raise RuleViolation(N_("This entry was deleted."))
    return progress


def correct_entry(
    session: Session,
    entry_id: int,
    *,
    fields: EntryInput,
    by: ActingUser,
    today: date | None = None,
) -> ProgressEntry:
    """Replace an entry by a corrected one; the earlier version stays in the history, no longer counted."""
    old = _counting_entry(session, entry_id)
    benchmark = get_benchmark(session, old.benchmark_id)
    _ensure_live(benchmark)
    checked = check_entry(session, benchmark, fields, today=today or date.today())
    watch = webhooks.watch_score(session, benchmark.recommendation_id)
    progress = _new_entry(benchmark, checked, by.user_id)
    progress.corrects_id = old.id
    old.superseded_at = utcnow()
    session.add(progress)
    session.flush()
    evidence.carry_over(session, old.id, progress.id, by=by)
    before, after = audit.changed(_snapshot(old), _snapshot(progress))
    said = N_(
        "Corrected the %(date)s entry on “%(title)s” (%(code)s)", **entry_words(benchmark, old.observed_on)
    )
    before, after = {**before, "entry_id": old.id}, {**after, "entry_id": progress.id}
    audit_entry(session, by, "correct", progress.id, benchmark, summary=said, before=before, after=after)
    refresh_states(session, benchmark_ids=[benchmark.id], since=min(old.observed_on, progress.observed_on))
    webhooks.progress_recorded(session, progress, benchmark.recommendation.code, watch)
    return progress


def delete_entry(session: Session, entry_id: int, *, by: ActingUser) -> ProgressEntry:
    """Withdraw an entry: it stops counting, stays visible as deleted, and the deletion is recorded."""
    progress = _counting_entry(session, entry_id)
    benchmark = get_benchmark(session, progress.benchmark_id)
    _ensure_live(benchmark)
    progress.deleted_at = utcnow()
    session.flush()
    said = N_(
        "Deleted the %(date)s entry on “%(title)s” (%(code)s)", **entry_words(benchmark, progress.observed_on)
    )
    audit_entry(session, by, "delete", progress.id, benchmark, summary=said, before=_snapshot(progress))
    refresh_states(session, benchmark_ids=[benchmark.id], since=progress.observed_on)
    return progress


def history(session: Session, recommendation_id: int) -> list[ProgressEntry]:
    """Every entry of a recommendation's benchmarks, corrected and deleted ones included, newest first."""
    query = (
        select(ProgressEntry)
        .join(Benchmark, Benchmark.id == ProgressEntry.benchmark_id)
        .where(Benchmark.recommendation_id == recommendation_id)
        .options(
            selectinload(ProgressEntry.level),
            selectinload(ProgressEntry.author),
            selectinload(ProgressEntry.reviewer),
        )
        .order_by(ProgressEntry.observed_on.desc(), ProgressEntry.id.desc())
    )
    return list(session.scalars(query))


def entry_marks(
    session: Session, recommendation_id: int, *, perspective_id: int | None = None
) -> tuple[set[int], set[int]]:
    """Which of a recommendation's entries count (for the perspective) and which await review (one query)."""
    rows = session.execute(
        select(entry_table.c.id, counting(perspective_id).label("counts"), awaiting_review().label("waits"))
        .join(bench, bench.c.id == entry_table.c.benchmark_id)
        .where(bench.c.recommendation_id == recommendation_id)
    )
    counted: set[int] = set()
    waiting: set[int] = set()
    for entry_id, counts, waits in rows:
        if counts:
            counted.add(entry_id)
        if waits:
            waiting.add(entry_id)
    return counted, waiting


def recommendation_of_entry(session: Session, entry_id: int) -> Recommendation:
    """The recommendation an entry belongs to."""
    progress = get_entry(session, entry_id)
    return get_benchmark(session, progress.benchmark_id).recommendation


@dataclass(frozen=True, slots=True)
class DueBenchmark:
    """A benchmark waiting for its next observation, as the review-round page lists it."""

    benchmark_id: int
    title: str
    kind: str
    scale_id: int | None
    unit: str | None
    baseline: float | None
    target: float | None
    recommendation_id: int
    recommendation_code: str
    recommendation_title: str
    last_observed_on: date | None
    last_score: float | None
    last_level_id: int | None
    due_on: date | None


def _due_query(perspective_id: int | None = None, today: date | None = None) -> Select[*tuple[Any, ...]]:
    """Benchmarks with their latest counting state: the maintained one (the monitoring team's), or
    another perspective's computed from its entries."""
    state: Any = BenchmarkState.__table__
    if perspective_id is not None:
        day = today or date.today()
        state = benchmark_states_query(as_of=day, today=day, perspective_id=perspective_id).subquery("shown")
    never_first = case((state.c.observed_on.is_(None), 0), else_=1)
    return (
        select(
            Benchmark.id,
            Benchmark.title,
            Benchmark.kind,
            Benchmark.scale_id,
            Benchmark.unit,
            Benchmark.baseline,
            Benchmark.target,
            Recommendation.id,
            Recommendation.code,
            Recommendation.title,
            state.c.observed_on,
            state.c.score,
            ProgressEntry.level_id,
            Benchmark.due_on,
        )
        .join(Recommendation, Recommendation.id == Benchmark.recommendation_id)
        .outerjoin(state, state.c.benchmark_id == Benchmark.id)
        .outerjoin(ProgressEntry, ProgressEntry.id == state.c.entry_id)
        .order_by(never_first, state.c.observed_on, Benchmark.due_on, Recommendation.code, Benchmark.position)
    )


def due_benchmarks(
    session: Session,
    *,
    recommendation_ids: Select[Any],
    page: int = 1,
    per_page: int = 25,
    perspective_id: int | None = None,
    today: date | None = None,
) -> Page[DueBenchmark]:
    """Live benchmarks of open, live recommendations, stalest first (never assessed first of all) by the
    entries of one perspective (None: the monitoring team's).

    Two queries (count and page), whatever the page size.
    """
    query = _due_query(perspective_id, today).where(
        Benchmark.archived_at.is_(None),
        Recommendation.archived_at.is_(None),
        Recommendation.status.not_in(list(CLOSED_STATUSES)),
        Recommendation.id.in_(recommendation_ids),
    )
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    page, per_page = clamp_page(page, per_page, total)
    rows = session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(rows=[DueBenchmark(*tuple(row)) for row in rows], page=page, per_page=per_page, total=total)


def describe_benchmarks(
    session: Session, benchmark_ids: Sequence[int], *, perspective_id: int | None = None
) -> dict[int, DueBenchmark]:
    """The same description for given benchmarks, by id (one query): a posted round shown again."""
    if not benchmark_ids:
        return {}
    rows = session.execute(_due_query(perspective_id).where(Benchmark.id.in_(list(benchmark_ids)))).all()
    return {row[0]: DueBenchmark(*tuple(row)) for row in rows}


def levels_by_scale(session: Session, scale_ids: Iterable[int]) -> dict[int, list[ScaleLevel]]:
    """The levels of these scales, worst first (one query)."""
    found: dict[int, list[ScaleLevel]] = {}
    ids = sorted(set(scale_ids))
    if not ids:
        return found
    for level in session.scalars(
        select(ScaleLevel)
        .where(ScaleLevel.scale_id.in_(ids))
        .order_by(ScaleLevel.scale_id, ScaleLevel.position)
    ):
        found.setdefault(level.scale_id, []).append(level)
    return found


def record_round(
    session: Session, entries: Sequence[tuple[int, EntryInput]], *, by: ActingUser, today: date | None = None
) -> list[ProgressEntry]:
    """Record a review round: every entry is checked first; one bad entry means none is saved.

    Errors come back keyed "<position>-<field>" (position in `entries`).
    """
    today = today or date.today()
    benchmarks = {
        b.id: b
        for b in session.scalars(
            select(Benchmark)
            .where(Benchmark.id.in_([benchmark_id for benchmark_id, _ in entries]))
            .options(
                selectinload(Benchmark.recommendation),
                selectinload(Benchmark.scale).selectinload(Scale.levels),
            )
        )
    }
    errors: dict[str, str] = {}
    checked: list[tuple[Benchmark, CheckedEntry]] = []
    for position, (benchmark_id, fields) in enumerate(entries):
        benchmark = benchmarks.get(benchmark_id)
        if (
            benchmark is None
            or benchmark.archived_at is not None
            or benchmark.recommendation.archived_at is not None
        ):
            errors[f"{position}-observed_on"] = "This benchmark was removed or archived meanwhile."
            continue
        try:
            checked.append((benchmark, check_entry(session, benchmark, fields, today=today)))
        except RuleViolation as violation:
            errors.update({f"{position}-{field}": message for field, message in violation.errors.items()})
    if errors:
        raise RuleViolation(errors)
    saved = []
    for benchmark, entry in checked:
        progress = _new_entry(benchmark, entry, by.user_id)
        session.add(progress)
        saved.append((benchmark, progress))
    session.flush()
    for benchmark, progress in saved:
        _audit_recorded(session, benchmark, progress, by)
    refresh_states(
        session,
        benchmark_ids=[benchmark.id for benchmark, _ in saved],
        since=min((progress.observed_on for _, progress in saved), default=None),
    )
    return [progress for _, progress in saved]


def posted_round(
    session: Session, benchmark_ids: Sequence[int | None], *, perspective_id: int | None = None
) -> list[DueBenchmark | None]:
    """A posted round's rows described again, in page order (one query): None for a row whose
    benchmark id is garbled or no longer exists, so the page drops that row."""
    known = describe_benchmarks(
        session, [i for i in benchmark_ids if i is not None], perspective_id=perspective_id
    )
    return [known.get(i) if i is not None else None for i in benchmark_ids]


def save_round(
    session: Session,
    rows: Sequence[tuple[int, EntryInput] | None],
    *,
    by: ActingUser,
    today: date | None = None,
) -> list[ProgressEntry]:
    """A review round as its page posts it, one item per row (None for a row left blank).

    Errors come back keyed "<row>-<field>", row being the position on the page;
    one bad row means nothing is saved, and an all-blank round saves nothing.
    """
    filled = [(position, row) for position, row in enumerate(rows) if row is not None]
    if not filled:
        return []
    try:
        return record_round(session, [row for _, row in filled], by=by, today=today)
    except RuleViolation as violation:
        positions = [position for position, _ in filled]
        raise RuleViolation(
            {_row_key(key, positions): message for key, message in violation.errors.items()}
        ) from None


def _row_key(key: str, positions: Sequence[int]) -> str:
    """record_round's "<entry>-<field>" key as "<row>-<field>", row being where the entry sat on the page."""
    index, _, field = key.partition("-")
    return f"{positions[int(index)]}-{field}"

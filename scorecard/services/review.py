"""Contributors' reports and their review: which benchmarks a contributor may report on, submitting and
revising entries, and the reviewers' inbox where they are approved or returned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, joinedload

from scorecard.errors import N_, NotFound, RuleViolation
from scorecard.models import (
    Benchmark,
    Evidence,
    Perspective,
    ProgressEntry,
    ReviewStatus,
    UserActor,
    utcnow,
)
from scorecard.rules.progress import EntryInput

from . import evidence, progress, webhooks
from .audit import ActingUser
from .scorecards import EntryRow, entry_row, entry_row_columns
from .scores import awaiting_review, refresh_states
from .tables import app_user, bench, bstate, entry, level, link, rec

INBOX_LENGTH = 200
COMMENT_LENGTH = 2000

# -- who reports on what ----------------------------------------------------------------------------


def actor_ids(session: Session, user_id: int | None) -> list[int]:
    """The actors this person reports for (none unless a contributor)."""
    if user_id is None:
        return []
    return list(session.scalars(select(UserActor.actor_id).where(UserActor.user_id == user_id)))


def reportable_recommendation_ids(user_id: int | None) -> Select[Any]:
    """The live recommendations that a contributor's actors are asked to act on (recommendation_actor)."""
    return (
        select(link.c.recommendation_id)
        .join(UserActor.__table__, UserActor.actor_id == link.c.actor_id)
        .join(rec, rec.c.id == link.c.recommendation_id)
        .where(UserActor.user_id == user_id, rec.c.archived_at.is_(None))
    )


def reportable_benchmark(session: Session, user_id: int | None, benchmark_id: int) -> Benchmark:
    """The benchmark, if this contributor may report on it; NotFound otherwise, saying nothing of
    whether it exists (another actor's benchmark, reached by URL or by a tampered form)."""
    allowed = session.scalar(
        select(bench.c.id).where(
            bench.c.id == benchmark_id,
            bench.c.archived_at.is_(None),
            bench.c.recommendation_id.in_(reportable_recommendation_ids(user_id)),
        )
    )
    if allowed is None:
        raise NotFound("Benchmark", benchmark_id)
    return progress.get_benchmark(session, benchmark_id)


def reportable_entry(session: Session, user_id: int | None, entry_id: int) -> ProgressEntry:
    """An entry on a benchmark this contributor may report on (else NotFound)."""
    found = progress.get_entry(session, entry_id)
    reportable_benchmark(session, user_id, found.benchmark_id)
    return found


def evidence_file(session: Session, user_id: int | None, evidence_id: int) -> Evidence:
    """A file on one of this contributor's actors' entries, for download (else NotFound, saying nothing
    of whether it exists)."""
    found = evidence.get_file(session, evidence_id)
    reportable_entry(session, user_id, found.entry_id)
    return found


# -- submitting -------------------------------------------------------------------------------------


def submit_progress(
    session: Session, benchmark_id: int, *, fields: EntryInput, by: ActingUser, today: date | None = None
) -> ProgressEntry:
    """A contributor's report on one of its benchmarks: recorded as submitted, counting once approved."""
    reportable_benchmark(session, by.user_id, benchmark_id)
    return progress.record_progress(session, benchmark_id, fields=fields, by=by, today=today, submitted=True)


def revise_entry(
    session: Session, entry_id: int, *, fields: EntryInput, by: ActingUser, today: date | None = None
) -> ProgressEntry:
    """Send a returned entry again, changed: a new submitted entry replaces it; both stay in the history."""
    reportable_entry(session, by.user_id, entry_id)
    old = _locked(session, [entry_id])[0]
    if old.review_status != ReviewStatus.RETURNED or old.superseded_at is not None or old.deleted_at:
        raise RuleViolation(N_("Only an entry returned to you can be revised."))
    benchmark = progress.get_benchmark(session, old.benchmark_id)
    new = progress.record_progress(session, benchmark.id, fields=fields, by=by, today=today, submitted=True)
    new.corrects_id = old.id
    old.superseded_at = utcnow()
    session.flush()
    evidence.carry_over(session, old.id, new.id, by=by)
    said = N_(
        "Revised the returned %(date)s entry on “%(title)s” (%(code)s)",
        **progress.entry_words(benchmark, old.observed_on),
    )
    before, after = {"entry_id": old.id}, {"entry_id": new.id}
    progress.audit_entry(session, by, "revise", new.id, benchmark, summary=said, before=before, after=after)
    return new


# -- reviewing --------------------------------------------------------------------------------------


def _locked(session: Session, entry_ids: Sequence[int]) -> list[ProgressEntry]:
    """The entries, row-locked in id order (two reviewers deciding at once: the second waits, then sees)."""
    found = list(
        session.scalars(
            select(ProgressEntry)
            .where(ProgressEntry.id.in_(sorted(set(entry_ids))))
            .order_by(ProgressEntry.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )
    if len(found) != len(set(entry_ids)):
        raise NotFound("Progress entry", min(set(entry_ids) - {e.id for e in found}, default=0))
    return found


def decide(
    session: Session, entry_ids: Sequence[int], *, approve: bool, comment: str = "", by: ActingUser
) -> list[ProgressEntry]:
    """Approve or return submitted entries, all or none; approved ones count from now on.

    Returning needs a comment (what to change). Each decision is audited.
    """
    comment = (comment or "").strip()[:COMMENT_LENGTH]
    if not entry_ids:
        raise RuleViolation(N_("Choose at least one entry."))
    if not approve and not comment:
        raise RuleViolation(N_("Say what to change: returning an entry needs a comment."), field="comment")
    entries = _locked(session, entry_ids)
    if any(e.review_status != ReviewStatus.SUBMITTED or e.superseded_at or e.deleted_at for e in entries):
        raise RuleViolation(N_("Someone has already decided on one of these entries; nothing was changed."))
    now = utcnow()
    for decided in entries:
        decided.review_status = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
        decided.reviewed_by_id = by.user_id
        decided.reviewed_at = now
        decided.review_comment = comment or None
    session.flush()
    # A batch's benchmarks and recommendations in one query, not two lazy loads per entry.
    session.scalars(
        select(Benchmark)
        .where(Benchmark.id.in_({e.benchmark_id for e in entries}))
        .options(joinedload(Benchmark.recommendation))
    ).all()
    for decided in entries:
        _audit_decision(session, decided, approve=approve, by=by)
    if approve:
        refresh_states(
            session,
            benchmark_ids=[e.benchmark_id for e in entries],
            since=min(e.observed_on for e in entries),
        )
        for decided in entries:
            webhooks.emit(
                session,
                "entry.approved",
                {
                    "entry_id": decided.id,
                    "benchmark_id": decided.benchmark_id,
                    "observed_on": decided.observed_on,
                    "score": decided.score,
                    "approved_by": by.user_id,
                },
            )
    return entries


def _audit_decision(session: Session, decided: ProgressEntry, *, approve: bool, by: ActingUser) -> None:
    benchmark = progress.get_benchmark(session, decided.benchmark_id)
    values = progress.entry_words(benchmark, decided.observed_on)
    said = (
        N_("Approved the %(date)s entry on “%(title)s” (%(code)s)", **values)
        if approve
        else N_("Returned the %(date)s entry on “%(title)s” (%(code)s)", **values)
    )
    before = {"review_status": ReviewStatus.SUBMITTED.value}
    after = {"review_status": decided.review_status, "review_comment": decided.review_comment}
    action = "approve" if approve else "return"
    progress.audit_entry(session, by, action, decided.id, benchmark, summary=said, before=before, after=after)


def waiting_count(session: Session) -> int:
    """How many entries wait for a reviewer (one index-only count: the menu shows it on every page)."""
    return int(session.scalar(select(func.count()).select_from(entry).where(awaiting_review())) or 0)


@dataclass(frozen=True, slots=True)
class InboxRow:
    """A submitted entry as the inbox lists it."""

    entry: EntryRow
    evidence_url: str | None
    perspective: str | None
    revises_id: int | None


@dataclass(frozen=True, slots=True)
class Inbox:
    """The oldest entries waiting for review, and how many wait in all."""

    rows: list[InboxRow]
    total: int


def inbox(session: Session, *, limit: int = INBOX_LENGTH) -> Inbox:
    """What waits for review, oldest first (two queries)."""
    author = app_user.alias("author")
    perspective = aliased(Perspective)
    query = (
        select(
            *entry_row_columns(),
            entry.c.note,
            entry.c.created_at,
            entry.c.evidence_url,
            entry.c.corrects_id,
            author.c.name.label("author"),
            perspective.name.label("perspective"),
        )
        .select_from(
            entry.join(bench, bench.c.id == entry.c.benchmark_id)
            .join(rec, rec.c.id == bench.c.recommendation_id)
            .outerjoin(level, level.c.id == entry.c.level_id)
            .outerjoin(author, author.c.id == entry.c.author_id)
            .outerjoin(perspective, perspective.id == entry.c.perspective_id)
        )
        .where(awaiting_review())
        .order_by(entry.c.created_at, entry.c.id)
        .limit(limit)
    )
    rows = [
        InboxRow(
            entry=entry_row(row, note=row.note, created_at=row.created_at, author=row.author),
            evidence_url=row.evidence_url,
            perspective=row.perspective,
            revises_id=row.corrects_id,
        )
        for row in session.execute(query)
    ]
    return Inbox(rows=rows, total=waiting_count(session))


# -- the contributor's own page ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportableBenchmark:
    """A benchmark a contributor reports on, with what counts today and its entries under review."""

    benchmark_id: int
    title: str
    kind: str
    recommendation_id: int
    code: str
    recommendation_title: str
    counted: EntryRow | None
    waiting: tuple[ProgressEntry, ...]


def reportable_benchmarks(session: Session, user_id: int | None) -> list[ReportableBenchmark]:
    """Every live benchmark the contributor's actors report on, with their entries still under
    review or returned (three queries, whatever the number)."""
    ids = reportable_recommendation_ids(user_id)
    benchmarks = session.execute(
        select(bench.c.id, bench.c.title, bench.c.kind, rec.c.id, rec.c.code, rec.c.title)
        .join(rec, rec.c.id == bench.c.recommendation_id)
        .where(bench.c.archived_at.is_(None), rec.c.id.in_(ids))
        .order_by(rec.c.code, bench.c.position, bench.c.id)
    ).all()
    counted = _counted_rows(session, [row[0] for row in benchmarks])
    waiting: dict[int, list[ProgressEntry]] = {}
    for pending in session.scalars(
        select(ProgressEntry)
        .join(Benchmark, Benchmark.id == ProgressEntry.benchmark_id)
        .where(
            Benchmark.recommendation_id.in_(ids),
            ProgressEntry.review_status != ReviewStatus.APPROVED,
            ProgressEntry.superseded_at.is_(None),
            ProgressEntry.deleted_at.is_(None),
        )
        .order_by(ProgressEntry.created_at.desc())
    ):
        waiting.setdefault(pending.benchmark_id, []).append(pending)
    return [
        ReportableBenchmark(*row, counted=counted.get(row[0]), waiting=tuple(waiting.get(row[0], [])))
        for row in benchmarks
    ]


def _counted_rows(session: Session, benchmark_ids: list[int]) -> dict[int, EntryRow]:
    """The entry that counts today for each of these benchmarks (maintained state; one query)."""
    if not benchmark_ids:
        return {}
    query = (
        select(*entry_row_columns(), bench.c.id.label("benchmark_id"))
        .select_from(
            bstate.join(entry, entry.c.id == bstate.c.entry_id)
            .join(bench, bench.c.id == bstate.c.benchmark_id)
            .join(rec, rec.c.id == bench.c.recommendation_id)
            .outerjoin(level, level.c.id == entry.c.level_id)
        )
        .where(bstate.c.benchmark_id.in_(benchmark_ids))
    )
    return {row.benchmark_id: entry_row(row) for row in session.execute(query)}

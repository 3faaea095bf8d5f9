"""What one recommendation's page shows, read in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from scorecard.models import AuditEvent, Benchmark, ProgressEntry, Recommendation, RecommendationState
from scorecard.rules.perspectives import pair_disagrees
from scorecard.scoring import ScoreSummary, is_overdue

from . import audit, evidence, progress
from .evidence import EvidenceFile
from .recommendations import Thresholds, get_recommendation
from .scorecards import PerspectiveView
from .scores import EMPTY, recommendation_scores


def _position(entry: ProgressEntry) -> int | None:
    """The entry's level's place on its scale (None for a numeric or milestone entry)."""
    return entry.level.position if entry.level else None


@dataclass(frozen=True, slots=True)
class BenchmarkView:
    """A benchmark, its latest counting entry (None: not assessed) and its scored history, oldest first."""

    benchmark: Benchmark
    latest: ProgressEntry | None
    series: tuple[tuple[date, float], ...]
    overdue: bool
    awaiting_review: int = 0
    beside: ProgressEntry | None = None  # the other perspective's latest entry, when comparing

    @property
    def disagrees(self) -> bool:
        """Whether the perspective beside reads this benchmark far from the one shown."""
        latest, beside = self.latest, self.beside
        if latest is None or beside is None:
            return False
        return pair_disagrees((latest.score, beside.score, _position(latest), _position(beside)))


@dataclass(frozen=True, slots=True)
class RecommendationPage:
    """Everything a recommendation's page shows."""

    recommendation: Recommendation
    summary: ScoreSummary
    last_observed_on: date | None
    benchmarks: tuple[BenchmarkView, ...]
    archived_benchmarks: tuple[Benchmark, ...]
    history: tuple[ProgressEntry, ...]
    awaiting_ids: frozenset[int]
    beside: ScoreSummary | None
    changes: tuple[AuditEvent, ...]
    overdue: bool
    # The files attached to the history's entries, by entry id (the page is for signed-in people only).
    evidence: dict[int, list[EvidenceFile]] = field(default_factory=dict)


def recommendation_page(
    session: Session, recommendation_id: int, *, thresholds: Thresholds, view: PerspectiveView | None = None
) -> RecommendationPage:
    """One recommendation with its benchmarks' states (for one perspective, and beside it another's when
    comparing), full entry history and change history."""
    view = view or PerspectiveView()
    recommendation = get_recommendation(session, recommendation_id)
    entries = progress.history(session, recommendation_id)
    counted, waiting = progress.entry_marks(session, recommendation_id, perspective_id=view.shown)
    beside_ids = (
        progress.entry_marks(session, recommendation_id, perspective_id=view.beside)[0]
        if view.comparing
        else set()
    )
    by_benchmark: dict[int, list[ProgressEntry]] = {}
    for progress_entry in entries:
        by_benchmark.setdefault(progress_entry.benchmark_id, []).append(progress_entry)
    views = []
    for benchmark in recommendation.benchmarks:
        if benchmark.archived_at is not None:
            continue
        own = by_benchmark.get(benchmark.id, [])
        counting = [e for e in own if e.id in counted]
        beside = next((e for e in own if e.id in beside_ids), None)
        latest = counting[0] if counting else None
        series = tuple((e.observed_on, e.score) for e in reversed(counting))
        overdue = bool(
            benchmark.due_on
            and benchmark.due_on < thresholds.today
            and (latest is None or latest.score < 100)
        )
        views.append(
            BenchmarkView(benchmark, latest, series, overdue, sum(e.id in waiting for e in own), beside)
        )

    def summary_of(perspective_id: int | None) -> ScoreSummary:
        found = recommendation_scores(
            session,
            as_of=thresholds.today,
            today=thresholds.today,
            recommendation_ids=[recommendation_id],
            perspective_id=perspective_id,
        ).get(recommendation_id)
        return found.summary if found else EMPTY

    state = session.get(RecommendationState, recommendation_id)
    summary = summary_of(view.shown)
    return RecommendationPage(
        recommendation=recommendation,
        summary=summary,
        last_observed_on=state.last_observed_on if state else None,
        benchmarks=tuple(views),
        archived_benchmarks=tuple(b for b in recommendation.benchmarks if b.archived_at is not None),
        history=tuple(entries),
        awaiting_ids=frozenset(waiting),
        beside=summary_of(view.beside) if view.comparing else None,
        changes=tuple(
            audit.recommendation_history(session, recommendation_id, since=recommendation.created_at)
        ),
        overdue=is_overdue(
            due_on=recommendation.due_on,
            as_of=thresholds.today,
            status=recommendation.status,
            score=summary.score,
        ),
        evidence=evidence.files_of_entries(session, [e.id for e in entries], public_only=False),
    )

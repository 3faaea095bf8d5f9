"""Applying a plan: the writes of its kind, then the import's own audit event, in the caller's transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from scorecard.errors import N_, RuleViolation
from scorecard.models import (
    utcnow,
)

from .. import bulk
from ..audit import ActingUser
from . import writes
from .apply_assessments import apply_assessments
from .apply_benchmarks import apply_benchmarks
from .apply_progress import apply_progress
from .apply_recommendations import apply_recommendations
from .headers import ENTITY, FRAMEWORK_KINDS, KIND_LABELS
from .plan_frameworks import apply_frameworks
from .plans import ImportPlan, Progress, no_progress
from .writes import (
    event_row,
    insert_events,
)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an applied import did."""

    kind: str
    counts: dict[str, int]
    touched_recommendations: int


def apply(
    session: Session,
    plan_: ImportPlan,
    *,
    by: ActingUser,
    filename: str,
    on_progress: Progress = no_progress,
) -> ImportOutcome:
    """Write a plan without a single error, in the caller's transaction (flushed, not committed).

    Every created or changed record gets its own audit event (inserted in bulk),
    and the import as a whole one more with the file name and the counts.
    Raises ImportConflict when data read by the plan changed meanwhile.
    """
    if not plan_.ok:
        raise RuleViolation(N_("The file has errors; nothing was imported."))
    with bulk.paused_gc(), _bulk_when_large(session, len(plan_.results)):
        return _apply(session, plan_, by=by, filename=filename, on_progress=on_progress)


@contextlib.contextmanager
def _bulk_when_large(session: Session, rows: int) -> Iterator[None]:
    """A large file's writes move the data version once (bulk.version_moved_once), a small one's as
    any write does: setting SQLite's triggers aside costs a few milliseconds."""
    if rows < writes.BULK_FROM:
        yield
        return
    with bulk.version_moved_once(session.connection()):
        yield


def _apply(
    session: Session, plan_: ImportPlan, *, by: ActingUser, filename: str, on_progress: Progress
) -> ImportOutcome:
    """The writes, with the collector paused (see `apply`)."""
    session.flush()
    now = utcnow()
    if plan_.kind == "recommendations":
        touched = apply_recommendations(
            session, plan_.work, by=by, now=now, on_progress=on_progress, origin=filename
        )
        apply_assessments(session, plan_.work.assessments, by=by, now=now)
    elif plan_.kind in FRAMEWORK_KINDS:
        touched = apply_frameworks(session, plan_.work, by=by)
    elif plan_.kind == "benchmarks":
        touched = apply_benchmarks(session, plan_.work, by=by, now=now, on_progress=on_progress)
    else:
        touched = apply_progress(session, plan_.work, by=by, now=now, on_progress=on_progress)
    counts = plan_.counts
    insert_events(
        session,
        [
            event_row(
                by,
                now,
                action="import",
                entity=ENTITY[plan_.kind],
                entity_id=None,
                summary=N_(
                    "Imported %(kind)s from %(file)s: %(created)d created, %(changed)d changed, "
                    "%(unchanged)d unchanged",
                    kind=KIND_LABELS[plan_.kind],
                    file=filename,
                    created=counts["create"],
                    changed=counts["update"],
                    unchanged=counts["unchanged"],
                ),
                after={"file": filename, "kind": plan_.kind, "counts": counts, "mapped": plan_.mapped},
            )
        ],
    )
    return ImportOutcome(plan_.kind, counts, touched)

"""Running an import: plan the file, compare it with what was previewed, write it, record the outcome.

`run_import` does it in one session (the confirming request, the CLI);
`background.run_job` is what a queue worker calls, with the same refusal rules.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scorecard.errors import N_, RuleViolation
from scorecard.models import ImportJob

from ..audit import ActingUser
from .apply import ImportOutcome, apply
from .headers import UnknownHeader
from .jobs import fail_job, finish_job, job_source
from .planning import ImportSource, plan
from .plans import ImportPlan, Progress, no_progress
from .writes import ImportConflict

log = logging.getLogger("scorecard.imports")

CHANGED_SINCE_PREVIEW = N_(
    "The records this file touches changed after the preview was made, so the import would no longer "
    "do what the preview showed. Nothing was imported; check the preview again and confirm."
)


class Sessions(Protocol):
    """Where a background import gets its sessions (`scorecard.db.Database`)."""

    def session(self, *, write: bool) -> Session:
        """A new session; a read-only one when not `write`."""
        ...

    def transaction(self) -> AbstractContextManager[Session]:
        """A write session committed at the end, rolled back on error."""
        ...


@dataclass(frozen=True, slots=True)
class ImportRun:
    """What running an import came to: the plan, and what was written (None: nothing)."""

    plan: ImportPlan
    outcome: ImportOutcome | None = None
    message: str = ""  # why nothing was written, when the plan itself does not say

    @property
    def written(self) -> bool:
        """Whether the import wrote its plan."""
        return self.outcome is not None


def conflict_message(error: Exception) -> str:
    """What to tell someone whose import met a concurrent change."""
    if isinstance(error, ImportConflict):
        return N_(
            "%(problem)s Nothing was imported; check the preview again and confirm.", problem=error.args[0]
        )
    return N_(
        "Someone changed the same records while the import ran (for example a code or name that is now "
        "taken). Nothing was imported; check the preview again and confirm."
    )


def refusal(plan_: ImportPlan, previewed: str | None) -> str | None:
    """Why a plan must not be written ("" for its row errors), or None when it may.

    `previewed` is the digest of the plan someone confirmed; None when nobody
    saw a preview (the CLI checks and writes in one go).
    """
    if not plan_.ok:
        return ""
    if previewed is not None and plan_.digest != previewed:
        return CHANGED_SINCE_PREVIEW
    return None


def record_refusal(session: Session, job_id: int, plan_: ImportPlan, reason: str) -> None:
    """Note on the job why its plan was not written: the row errors, or `reason`."""
    if reason:
        fail_job(session, job_id, message=reason, plan_=plan_)
    else:
        fail_job(session, job_id, errors=plan_.errors, plan_=plan_)


def run_import(
    session: Session,
    source: ImportSource,
    *,
    by: ActingUser,
    today: date,
    filename: str,
    previewed: str | None = None,
    job_id: int | None = None,
    write: bool = True,
    on_checking: Progress = no_progress,
    on_writing: Progress = no_progress,
) -> ImportRun:
    """Plan the file, and write it (flushed, not committed) when it has no errors and is what was previewed.

    With a `job_id` the outcome is recorded on the job, a refusal included. With
    `write=False` (a dry run) nothing is written. Raises UnknownHeader or
    RuleViolation when the file or its mapping no longer fits, ImportConflict or
    IntegrityError when the data changed while it was written: the caller rolls
    back (then `fail_job` says why).
    """
    plan_ = plan(session, source, by=by, today=today, on_progress=on_checking)
    reason = refusal(plan_, previewed)
    if reason is not None:
        if job_id is not None:
            record_refusal(session, job_id, plan_, reason)
        return ImportRun(plan_, message=reason)
    if not write:
        return ImportRun(plan_)
    outcome = apply(session, plan_, by=by, filename=filename, on_progress=on_writing)
    if job_id is not None:
        finish_job(session, job_id, plan_)
    return ImportRun(plan_, outcome)


def confirm_job(
    session: Session, job: ImportJob, *, by: ActingUser, today: date, previewed: str
) -> ImportRun | None:
    """Run a claimed job within this session (a small file, in the confirming request).

    Whatever stops it is recorded on the job; None when it stopped before planning finished.
    The caller commits.
    """
    try:
        with session.begin_nested():
            return run_import(
                session,
                job_source(job),
                by=by,
                today=today,
                filename=job.filename,
                previewed=previewed,
                job_id=job.id,
            )
    except (ImportConflict, IntegrityError) as error:
        fail_job(session, job.id, message=conflict_message(error))
    except (UnknownHeader, RuleViolation) as error:
        # The file or its mapping no longer fits (the preview sends people to the mapping first).
        fail_job(session, job.id, message=f"{error} Map the columns again, then confirm.")
    return None

"""Import jobs: an uploaded file kept until confirmed, then its progress, heartbeat and outcome.

The job row is the only record of a run: its status, phase, rows processed and
heartbeat (`updated_at`, refreshed while a worker runs it) are what every app
server shows. A run records its result only while the job is still `running`,
so a second run of the same job (a re-delivered task) writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, delete, exists, select, update
from sqlalchemy.orm import Session, aliased

from scorecard.errors import Message, NotFound, Np_
from scorecard.models import (
    ImportJob,
    ImportStatus,
    utcnow,
)

from .. import csv_files, webhooks
from ..csv_files import CsvProblem, CsvTable
from ..lookup import latest_of
from .mappings import ColumnMapping
from .planning import ImportSource
from .plans import ImportPlan, RowError
from .reports import pack_report

# Errors kept on a job for the page; the full list is in the downloadable report.
MAX_STORED_ERRORS = 1000

# Unconfirmed uploads are dropped after this long.
JOB_RETENTION = timedelta(days=7)
# A running job whose worker has not reported for this long has stopped (its transaction rolled back).
STALLED_AFTER = timedelta(seconds=60)
# The phase of a confirmed job that no worker has taken yet.
QUEUED = "queued"


def create_job(
    session: Session,
    *,
    user_id: int | None,
    filename: str,
    content: bytes,
    table: CsvTable,
    kind: str | None,
    mapping: ColumnMapping | None,
) -> ImportJob:
    """Keep an uploaded file until it is confirmed; older unconfirmed uploads are dropped on the way."""
    session.execute(
        delete(ImportJob).where(
            ImportJob.created_at < utcnow() - JOB_RETENTION, ImportJob.status != ImportStatus.RUNNING
        )
    )
    job = ImportJob(
        user_id=user_id,
        filename=filename[:255] or "upload.csv",
        kind=kind,
        encoding=table.encoding,
        content=content,
        mapping=mapping.to_json() if mapping is not None else None,
        status=ImportStatus.UPLOADED,
        total_rows=len(table.rows),
    )
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, job_id: int, *, user_id: int | None) -> ImportJob:
    """A job of this user's (another user's is not found)."""
    job = session.get(ImportJob, job_id)
    if job is None or job.user_id != user_id:
        raise NotFound("Import", job_id)
    return job


def recent_jobs(session: Session, *, user_id: int | None, limit: int = 10) -> list[ImportJob]:
    """This user's latest imports, newest first."""
    return latest_of(session, ImportJob, user_id, limit=limit)


def job_source(job: ImportJob) -> ImportSource:
    """The stored file read again, with the job's mapping."""
    # The encoding (or sheet) it was read in at upload: detection is not redone, a choice is kept.
    table = csv_files.read_table(job.content, encoding=job.encoding, max_bytes=max(len(job.content), 1))
    mapping = ColumnMapping.from_json(job.mapping) if job.mapping else None
    return ImportSource(table=table, mapping=mapping, filename=job.filename)


def set_job_mapping(session: Session, job: ImportJob, mapping: ColumnMapping) -> None:
    """Use this mapping for the job."""
    job.mapping = mapping.to_json()
    job.kind = mapping.kind
    job.updated_at = utcnow()
    session.flush()


def claim_job(
    session: Session, job_id: int, *, phase: str = "checking", stalled_after: timedelta = STALLED_AFTER
) -> bool:
    """Mark a job as running; False when it already runs (a second click) or ran.

    A failed job, or a running one that stopped (see is_stalled), may be claimed again.
    """
    startable = (ImportJob.status.in_([ImportStatus.UPLOADED, ImportStatus.FAILED])) | (
        (ImportJob.status == ImportStatus.RUNNING)
        & (ImportJob.updated_at < utcnow() - stalled_after)
        & ((ImportJob.phase != QUEUED) | ~_workers_alive(stalled_after))
    )
    result = session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, startable)
        .values(status=ImportStatus.RUNNING, phase=phase, processed_rows=0, updated_at=utcnow(), errors=None)
    )
    return bool(cast(Any, result).rowcount == 1)


def job_progress(session: Session, job_id: int, *, phase: str, processed: int) -> bool:
    """Note how far a running job has come (its heartbeat); False when it is no longer running."""
    result = session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status == ImportStatus.RUNNING)
        .values(phase=phase, processed_rows=processed, updated_at=utcnow())
    )
    return bool(cast(Any, result).rowcount == 1)


def finish_job(session: Session, job_id: int, plan_: ImportPlan) -> bool:
    """Record a finished import (in the same transaction as its writes): counts, notices, the report.

    False when the job is no longer running: another run recorded it first, and the caller rolls back.
    """
    result = session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status == ImportStatus.RUNNING)
        .values(
            status=ImportStatus.DONE,
            phase="done",
            kind=plan_.kind,
            counts=plan_.counts,
            notices=[kept_message(notice) for notice in plan_.notices],
            errors=None,
            report=pack_report(plan_.results),
            processed_rows=len(plan_.results),
            content=b"",
            finished_at=utcnow(),
            updated_at=utcnow(),
        )
    )
    finished = bool(cast(Any, result).rowcount == 1)
    if finished:
        webhooks.emit(
            session, "import.finished", {"import_id": job_id, "kind": plan_.kind, "counts": plan_.counts}
        )
    return finished


def kept_message(message: str) -> dict[str, Any]:
    """A message as a job keeps it (JSON): the English text, and a `Message`'s msgid, values and plural
    so that its page shows it in the reader's language later (`shown_message`)."""
    kept: dict[str, Any] = {"message": str(message)}
    if isinstance(message, Message) and (message.params or message.plural is not None):
        kept["msgid"] = message.msgid
        kept["params"] = {
            name: value if isinstance(value, int | float) else str(value)
            for name, value in message.params.items()
        }
        if message.plural is not None:
            kept["plural"], kept["quantity"] = message.plural, message.quantity
    return kept


def shown_message(kept: dict[str, Any] | str) -> str:
    """A kept message ready to translate (a plain text, as older jobs kept notices, stays as it is)."""
    if isinstance(kept, str) or "msgid" not in kept:
        return kept if isinstance(kept, str) else str(kept["message"])
    params = dict(kept["params"])
    if "plural" in kept:
        params.pop("num", None)
        return Np_(kept["msgid"], kept["plural"], int(kept["quantity"]), **params)
    return Message(kept["msgid"], **params)


def stored_error(row: int | None, column: str | None, message: str) -> dict[str, Any]:
    """A problem as the job keeps it: where, and the message (`kept_message`)."""
    return {"row": row, "column": column, **kept_message(message)}


def shown_errors(job: ImportJob) -> list[dict[str, Any]]:
    """The job's problems with each message ready to translate."""
    return [{**kept, "message": shown_message(kept)} for kept in job.errors or []]


def shown_notices(job: ImportJob) -> list[str]:
    """What the import said about the file (new themes, ignored columns), ready to translate."""
    return [shown_message(kept) for kept in job.notices or []]


def fail_job(
    session: Session,
    job_id: int,
    *,
    errors: Sequence[RowError | CsvProblem] = (),
    message: str = "",
    plan_: ImportPlan | None = None,
) -> None:
    """Record that nothing was imported, and why (a job another run finished stays finished)."""
    stored: list[dict[str, Any]] = [
        stored_error(e.row, e.column, e.message) for e in list(errors)[:MAX_STORED_ERRORS]
    ]
    if message:
        stored.insert(0, stored_error(None, None, message))
    session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status == ImportStatus.RUNNING)
        .values(
            status=ImportStatus.FAILED,
            phase="failed",
            errors=stored,
            counts=plan_.counts if plan_ is not None else None,
            report=pack_report(plan_.results) if plan_ is not None else None,
            finished_at=utcnow(),
            updated_at=utcnow(),
        )
    )


def is_stalled(
    session: Session, job: ImportJob, now: datetime | None = None, *, stalled_after: timedelta = STALLED_AFTER
) -> bool:
    """Whether a running job stopped: its worker stopped reporting (it ended; nothing was written), or,
    still queued after the window, no worker is alive to take it.

    A queued job has no worker beating for it: while other imports run with fresh heartbeats it is
    waiting its turn behind them, not stopped.
    """
    if job.status != ImportStatus.RUNNING or (now or utcnow()) - job.updated_at <= stalled_after:
        return False
    return job.phase != QUEUED or not session.scalar(select(_workers_alive(stalled_after)))


def _workers_alive(stalled_after: timedelta) -> ColumnElement[bool]:
    """Some job worker is alive: an import past the queue reported within the window."""
    other = aliased(ImportJob)
    return exists().where(
        other.status == ImportStatus.RUNNING,
        other.phase != QUEUED,
        other.updated_at >= utcnow() - stalled_after,
    )

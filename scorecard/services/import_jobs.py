"""Import jobs: an uploaded file's life from upload to done, and the background run of a large one.

The job row is the only record of a run: its status, phase, rows processed and
heartbeat (`updated_at`, refreshed while a worker runs it) are what every app
server shows. A worker killed mid-run leaves the row `running` with a heartbeat
that stops moving: after `stalled_after` it shows as stopped and may be
confirmed again. The write is one transaction, and a run records its result
only while the job is still `running`, so a second run of the same job
(a re-delivered task, a re-run while the first was merely slow) writes nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from scorecard.db import Database
from scorecard.errors import NotFound, RuleViolation
from scorecard.models import ImportJob, ImportStatus, utcnow

from . import csv_files, imports
from .audit import ActingUser
from .csv_files import CsvProblem, CsvTable

log = logging.getLogger("scorecard.jobs")

# Unconfirmed uploads are dropped after this long.
JOB_RETENTION = timedelta(days=7)
# A running job whose worker has not reported for this long has stopped (its transaction rolled back).
STALLED_AFTER = timedelta(seconds=60)

CHANGED_SINCE_PREVIEW = (
    "The records this file touches changed after the preview was made, so the import would no longer "
    "do what the preview showed. Nothing was imported; check the preview again and confirm."
)


def create_job(
    session: Session,
    *,
    user_id: int | None,
    filename: str,
    content: bytes,
    table: CsvTable,
    kind: str | None,
    mapping: imports.ColumnMapping | None,
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
    return list(
        session.scalars(
            select(ImportJob)
            .where(ImportJob.user_id == user_id)
            .order_by(ImportJob.created_at.desc(), ImportJob.id.desc())
            .limit(limit)
        )
    )


def job_source(job: ImportJob) -> imports.ImportSource:
    """The stored file read again, with the job's mapping."""
    table = csv_files.read_table(job.content, max_bytes=max(len(job.content), 1))
    mapping = imports.ColumnMapping.from_json(job.mapping) if job.mapping else None
    return imports.ImportSource(table=table, mapping=mapping)


def set_job_mapping(session: Session, job: ImportJob, mapping: imports.ColumnMapping) -> None:
    """Use this mapping for the job."""
    job.mapping = mapping.to_json()
    job.kind = mapping.kind
    job.updated_at = utcnow()
    session.flush()


def claim_job(
    session: Session, job_id: int, *, phase: str = "checking", stalled_after: timedelta = STALLED_AFTER
) -> bool:
    """Mark a job as running; False when it already runs (a second click) or ran.

    A failed job, or a running one whose worker stopped reporting, may be claimed again.
    """
    startable = (ImportJob.status.in_([ImportStatus.UPLOADED, ImportStatus.FAILED])) | (
        (ImportJob.status == ImportStatus.RUNNING) & (ImportJob.updated_at < utcnow() - stalled_after)
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


def finish_job(session: Session, job_id: int, plan_: imports.ImportPlan) -> bool:
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
            notices=plan_.notices,
            errors=None,
            report=imports.pack_report(plan_.results),
            processed_rows=len(plan_.results),
            content=b"",
            finished_at=utcnow(),
            updated_at=utcnow(),
        )
    )
    return bool(cast(Any, result).rowcount == 1)


def fail_job(
    session: Session,
    job_id: int,
    *,
    errors: Sequence[imports.RowError | CsvProblem] = (),
    message: str = "",
    plan_: imports.ImportPlan | None = None,
) -> None:
    """Record that nothing was imported, and why (a job another run finished stays finished)."""
    stored: list[dict[str, Any]] = [
        {"row": e.row, "column": e.column, "message": e.message}
        for e in list(errors)[: imports.MAX_STORED_ERRORS]
    ]
    if message:
        stored.insert(0, {"row": None, "column": None, "message": message})
    session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status == ImportStatus.RUNNING)
        .values(
            status=ImportStatus.FAILED,
            phase="failed",
            errors=stored,
            counts=plan_.counts if plan_ is not None else None,
            report=imports.pack_report(plan_.results) if plan_ is not None else None,
            finished_at=utcnow(),
            updated_at=utcnow(),
        )
    )


def is_stalled(
    job: ImportJob, now: datetime | None = None, *, stalled_after: timedelta = STALLED_AFTER
) -> bool:
    """Whether a running job stopped reporting (its worker ended; nothing was written)."""
    return job.status == ImportStatus.RUNNING and (now or utcnow()) - job.updated_at > stalled_after


def conflict_message(error: Exception) -> str:
    """What to tell someone whose import met a concurrent change."""
    if isinstance(error, imports.ImportConflict):
        return f"{error} Nothing was imported; check the preview again and confirm."
    return (
        "Someone changed the same records while the import ran (for example a code or name that is now "
        "taken). Nothing was imported; check the preview again and confirm."
    )


# -- the background run ------------------------------------------------------------------


class _AlreadyRecorded(Exception):
    """Another run of the same job recorded its result first: this run's writes are rolled back."""


@dataclass
class _Heartbeat:
    """Writes a run's phase and count to its job row now and then, from a thread of its own.

    On SQLite the import's write transaction holds the lock, so beats wait (and are
    skipped) until it commits; the heartbeat window allows for that.
    """

    database: Database
    job_id: int
    interval: float
    phase: str = "checking"
    done: int = 0

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"import-{self.job_id}-heartbeat", daemon=True
        )

    def note(self, phase: str, done: int) -> None:
        """How far the run has come (read by the next beat)."""
        self.phase, self.done = phase, done

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                with self.database.transaction() as session:
                    job_progress(session, self.job_id, phase=self.phase, processed=self.done)
            except OperationalError:
                log.debug("import %s: heartbeat waited for the write lock", self.job_id)


def run_job(
    database: Database,
    job_id: int,
    *,
    previewed: str,
    by: ActingUser,
    today: date,
    stalled_after: timedelta = STALLED_AFTER,
) -> str:
    """Check and write one confirmed import, reporting progress on the job; what became of it.

    It takes the Database, not a session: a run spans short progress transactions
    beside its one write transaction. A job that is not running does nothing.
    """
    with database.session(write=False) as reader:
        job = reader.get(ImportJob, job_id)
        if job is None or job.status != ImportStatus.RUNNING:
            log.info("import %s: not running (already ran?), nothing to do", job_id)
            return "skipped"
        filename, source = job.filename, job_source(job)
    interval = max(0.05, min(1.0, stalled_after.total_seconds() / 6))
    try:
        with _Heartbeat(database, job_id, interval) as heartbeat:
            return _check_and_write(database, job_id, source, filename, heartbeat, previewed, by, today)
    except (imports.ImportConflict, IntegrityError) as error:
        with database.transaction() as session:
            fail_job(session, job_id, message=conflict_message(error))
        return "failed"
    except _AlreadyRecorded:
        log.info("import %s: another run recorded it first; this run wrote nothing", job_id)
        return "skipped"
    except (imports.UnknownHeader, RuleViolation) as error:
        with database.transaction() as session:
            fail_job(session, job_id, message=f"{error} Map the columns again, then confirm.")
        return "failed"
    except Exception:
        log.exception("import %s stopped", job_id)
        with database.transaction() as session:
            fail_job(
                session,
                job_id,
                message=f"The import stopped with an unexpected error (reference import-{job_id}). "
                "Nothing was imported.",
            )
        return "failed"


def _check_and_write(
    database: Database,
    job_id: int,
    source: imports.ImportSource,
    filename: str,
    heartbeat: _Heartbeat,
    previewed: str,
    by: ActingUser,
    today: date,
) -> str:
    """Plan the rows, then write them and the result in one transaction, unless another run did."""
    with database.session(write=False) as reader:
        plan = imports.plan(
            reader, source, by=by, today=today, on_progress=lambda done, _: heartbeat.note("checking", done)
        )
    if not plan.ok or plan.digest != previewed:
        with database.transaction() as session:
            if plan.ok:
                fail_job(session, job_id, message=CHANGED_SINCE_PREVIEW, plan_=plan)
            else:
                fail_job(session, job_id, errors=plan.errors, plan_=plan)
        return "failed"
    heartbeat.note("writing", 0)
    with database.transaction() as session:
        if not job_progress(session, job_id, phase="writing", processed=0):
            raise _AlreadyRecorded
    with database.transaction() as session:
        imports.apply(
            session,
            plan,
            by=by,
            filename=filename,
            on_progress=lambda done, _: heartbeat.note("writing", done),
        )
        if not finish_job(session, job_id, plan):
            raise _AlreadyRecorded
    log.info("import %s: %s rows written", job_id, len(plan.results))
    return "done"

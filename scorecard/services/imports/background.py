"""The background run of a large import: check, then write in one transaction, with a heartbeat.

It takes the Database, not a session: a run spans short progress transactions
beside its one write transaction. A worker killed mid-run leaves the job
`running` with a heartbeat that stops moving: after `stalled_after` it shows as
stopped and may be confirmed again; the killed write was never committed.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError, OperationalError

from scorecard.db import Database
from scorecard.errors import N_, RuleViolation
from scorecard.models import ImportJob, ImportStatus

from ..audit import ActingUser
from .apply import apply
from .headers import UnknownHeader
from .jobs import STALLED_AFTER, fail_job, finish_job, job_progress, job_source
from .planning import ImportSource, plan
from .run import conflict_message, record_refusal, refusal
from .writes import ImportConflict

log = logging.getLogger("scorecard.jobs")


def _record_crash(database: Database, job_id: int) -> None:
    """Note on the job that it stopped unexpectedly (and log it if even that fails)."""
    try:
        with database.transaction() as session:
            fail_job(
                session,
                job_id,
                message=N_(
                    "The import stopped with an unexpected error (reference import-%(id)s). Nothing "
                    "was imported.",
                    id=job_id,
                ),
            )
    except OperationalError:
        log.exception("could not record the failure of import %s", job_id)


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
    except (ImportConflict, IntegrityError) as error:
        with database.transaction() as session:
            fail_job(session, job_id, message=conflict_message(error))
        return "failed"
    except _AlreadyRecorded:
        log.info("import %s: another run recorded it first; this run wrote nothing", job_id)
        return "skipped"
    except (UnknownHeader, RuleViolation) as error:
        with database.transaction() as session:
            fail_job(session, job_id, message=f"{error} Map the columns again, then confirm.")
        return "failed"
    except Exception:
        log.exception("import %s stopped", job_id)
        _record_crash(database, job_id)
        return "failed"


def _check_and_write(
    database: Database,
    job_id: int,
    source: ImportSource,
    filename: str,
    heartbeat: _Heartbeat,
    previewed: str,
    by: ActingUser,
    today: date,
) -> str:
    """Plan the rows, then write them and the result in one transaction, unless another run did."""
    with database.session(write=False) as reader:
        plan_ = plan(
            reader, source, by=by, today=today, on_progress=lambda done, _: heartbeat.note("checking", done)
        )
    reason = refusal(plan_, previewed)
    if reason is not None:
        with database.transaction() as session:
            record_refusal(session, job_id, plan_, reason)
        return "failed"
    heartbeat.note("writing", 0)
    with database.transaction() as session:
        if not job_progress(session, job_id, phase="writing", processed=0):
            raise _AlreadyRecorded
    with database.transaction() as session:
        apply(
            session,
            plan_,
            by=by,
            filename=filename,
            on_progress=lambda done, _: heartbeat.note("writing", done),
        )
        if not finish_job(session, job_id, plan_):
            raise _AlreadyRecorded
    log.info("import %s: %s rows written", job_id, len(plan_.results))
    return "done"

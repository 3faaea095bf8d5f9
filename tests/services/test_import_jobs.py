"""Import jobs: who may claim a job, and that a job records one outcome however often it is run."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from scorecard.models import ImportJob, utcnow
from scorecard.services import imports
from scorecard.services.csv_files import read_table

from ..factories import make_recommendation, make_theme, make_user
from .test_imports import export_csv, plan_of


def uploaded_job(session: Session) -> tuple[ImportJob, bytes]:
    """An uploaded export of one recommendation, and the file."""
    make_recommendation(session, code="JB-1", theme_id=make_theme(session, "Security").id)
    content = export_csv(session, "recommendations")
    job = imports.create_job(
        session,
        user_id=make_user(session).id,
        filename="r.csv",
        content=content,
        table=read_table(content),
        kind="recommendations",
        mapping=None,
    )
    return job, content


def age(session: Session, job: ImportJob, seconds: float) -> None:
    """Make the job's last heartbeat `seconds` old."""
    session.execute(
        update(ImportJob)
        .where(ImportJob.id == job.id)
        .values(updated_at=utcnow() - timedelta(seconds=seconds))
    )
    session.refresh(job)


def test_a_running_job_is_claimed_again_only_once_its_heartbeat_is_older_than_the_window(session):
    job, _ = uploaded_job(session)
    window = timedelta(seconds=60)
    assert imports.claim_job(session, job.id, phase="queued", stalled_after=window)
    age(session, job, 30)
    assert not imports.is_stalled(session, job, stalled_after=window)
    assert not imports.claim_job(session, job.id, stalled_after=window)
    age(session, job, 61)
    assert imports.is_stalled(session, job, stalled_after=window)
    assert imports.claim_job(session, job.id, stalled_after=window)
    session.refresh(job)
    assert job.status == "running" and not imports.is_stalled(session, job, stalled_after=window)


def test_a_queued_job_waits_behind_running_imports_and_stops_only_when_no_worker_is_alive(session):
    window = timedelta(seconds=60)
    running, _ = uploaded_job(session)
    assert imports.claim_job(session, running.id, phase="checking", stalled_after=window)
    waiting = imports.create_job(
        session,
        user_id=running.user_id,
        filename="second.csv",
        content=running.content,
        table=read_table(running.content),
        kind="recommendations",
        mapping=None,
    )
    assert imports.claim_job(session, waiting.id, phase=imports.QUEUED, stalled_after=window)
    age(session, waiting, 600)  # both workers have been busy for ten minutes
    assert not imports.is_stalled(session, waiting, stalled_after=window)
    assert not imports.claim_job(session, waiting.id, stalled_after=window)  # no second run queued
    shown = imports.job_status(session, waiting, stalled_after=window)
    assert shown.running and not shown.stalled

    age(session, running, 61)  # the busy worker ended too: nothing will take the queued job
    assert imports.is_stalled(session, running, stalled_after=window)
    assert imports.is_stalled(session, waiting, stalled_after=window)
    assert imports.job_status(session, waiting, stalled_after=window).stalled
    assert imports.claim_job(session, waiting.id, phase=imports.QUEUED, stalled_after=window)


def test_a_finished_job_is_neither_finished_again_nor_failed_nor_claimed(session):
    job, content = uploaded_job(session)
    plan = plan_of(session, content)
    assert imports.claim_job(session, job.id)
    assert imports.finish_job(session, job.id, plan)
    assert not imports.finish_job(session, job.id, plan)
    imports.fail_job(session, job.id, message="a late second run")
    assert not imports.job_progress(session, job.id, phase="writing", processed=0)
    age(session, job, 3600)
    assert not imports.claim_job(session, job.id)
    session.refresh(job)
    assert job.status == "done" and job.errors is None

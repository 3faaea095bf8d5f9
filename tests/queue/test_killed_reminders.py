"""A worker killed with SIGKILL mid-way through a batch of reminders: after a restart every reminder
has arrived at the SMTP server exactly once.

Run on the SQLite queue and on Redis (and, with SCORECARD_TEST_DATABASE_URL, on PostgreSQL).
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from scorecard import jobs
from scorecard.db import Database
from scorecard.models import Reminder, UserActor

from ..factories import make_actor, make_recommendation, make_user, milestone
from ..smtp import Inbox, smtp_server
from .conftest import WORKER, KilledWorkerRig, Processes, wait_for

pytestmark = [pytest.mark.queue]

TODAY = date(2026, 12, 16)
CONTRIBUTORS = 10
# Each recipient takes this long at the server, so the batch lasts seconds and the kill lands inside it.
RCPT_DELAY = 1.0


def seed(database: Database) -> int:
    """Ten contributors, each for an actor owing an overdue report, and one analyst; the emails to expect."""
    with database.transaction() as session:
        for n in range(CONTRIBUTORS):
            actor = make_actor(session, f"Ministry {n}")
            make_recommendation(
                session,
                actors=[(actor.id, "lead")],
                benchmarks=[milestone(f"Report {n}", reporting_frequency="quarterly", reporting_due_day=15)],
            )
            person = make_user(session, role="contributor")
            session.add(UserActor(user_id=person.id, actor_id=actor.id))
        make_user(session, role="analyst")
    return CONTRIBUTORS + 1


def reminder_rows(database: Database) -> int:
    """Reminders recorded as sent."""
    with database.session(write=False) as session:
        return session.scalar(select(func.count()).select_from(Reminder)) or 0


def keys(inbox: Inbox) -> Counter[tuple[str, str]]:
    """How many times each (recipient, reminder key) arrived."""
    with inbox.lock:
        return Counter((m["To"], m["X-Scorecard-Reminders"]) for m in inbox.messages)


def test_a_worker_killed_mid_batch_leaves_every_reminder_sent_exactly_once_after_a_restart(
    rig: KilledWorkerRig, processes: Processes
) -> None:
    app, database = rig.app, rig.database
    expected = seed(database)
    with smtp_server() as (port, inbox):
        inbox.rcpt_delay = RCPT_DELAY
        env = rig.env(
            SCORECARD_MAIL_SERVER="127.0.0.1",
            SCORECARD_MAIL_PORT=str(port),
            SCORECARD_MAIL_USE_TLS="false",
            SCORECARD_REMINDER_EVERY_HOUR="false",
        )
        queue = jobs.queue_of(app)
        queue.enqueue(jobs.send_reminders, today=TODAY)
        worker = processes.start("worker-1", [*WORKER, "--workers", "1"], env)
        # Kill while the next email is in the middle of its SMTP conversation (held by RCPT_DELAY),
        # once the ones before it are committed: a kill in the instant between the server's
        # acceptance and that commit would send one email again (the README says so).
        wait_for(
            lambda: len(inbox.messages) >= 3 and reminder_rows(database) == len(inbox.messages),
            timeout=60,
            what="the first reminders to arrive and be recorded",
        )
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        arrived_before_kill = len(inbox.messages)
        recorded_before_kill = reminder_rows(database)
        assert arrived_before_kill < expected, "the batch finished before the kill: slow the server down"
        assert recorded_before_kill == arrived_before_kill  # each recorded row is an email that arrived

        # The next run (the hourly task, or a retry) finishes the batch and repeats nothing.
        processes.start("worker-2", [*WORKER, "--workers", "1"], env)
        queue.enqueue(jobs.send_reminders, today=TODAY)
        wait_for(lambda: len(inbox.messages) >= expected, timeout=120, what="the rest of the batch")
        queue.enqueue(jobs.send_reminders, today=TODAY)  # delivered again: sends nothing more
        wait_for(lambda: "0 email(s) sent" in processes.log("worker-2"), timeout=60, what="the repeat")
        time.sleep(RCPT_DELAY * 2)
    arrived = keys(inbox)
    assert len(arrived) == expected and set(arrived.values()) == {1}, arrived
    assert reminder_rows(database) == expected
    print(
        f"\n[reminders, queue {rig.queue_kind} on {database.engine.dialect.name}] killed after "
        f"{arrived_before_kill} of {expected} emails ({recorded_before_kill} recorded); after the restart "
        f"{len(inbox.messages)} arrived, each key once"
    )

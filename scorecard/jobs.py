"""The job queue: the Huey instance and its tasks, thin wrappers over services.

Where the queue lives follows the settings: REDIS_URL (every app server and
worker shares it), else a SQLite file in the instance folder (one machine).
`scorecard worker` (and `scorecard serve`, beside gunicorn) consumes it.

A task is a module-level function whose first argument is the worker's
`TaskContext`; list it in TASKS and enqueue it with `enqueue(task, ...)`.
It opens its own sessions, calls one service and commits, and must be safe
to run twice: a worker can be killed mid-task and the task delivered again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Concatenate, ParamSpec

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab

from scorecard.db import Database, current_database_of
from scorecard.services import imports, reminders, webhooks
from scorecard.services.audit import ActingUser
from scorecard.services.mail import MailSettings, mail_settings

EXTENSION_KEY = "scorecard.jobs"
QUEUE_NAME = "scorecard"

P = ParamSpec("P")


@dataclass(frozen=True, slots=True)
class TaskContext:
    """What every task gets from the process running it: the database and the job settings."""

    database: Database
    stalled_after: timedelta
    mail: MailSettings | None = None
    reminder_days_before: int = 7
    # Networks webhooks may reach although private (WEBHOOK_ALLOWED_NETWORKS).
    webhook_networks: tuple[str, ...] = ()


# -- the tasks ---------------------------------------------------------------------------


def run_import(context: TaskContext, job_id: int, *, previewed: str, by: ActingUser, today: date) -> None:
    """Check and write one confirmed import (a job that is no longer running is left alone)."""
    imports.run_job(
        context.database, job_id, previewed=previewed, by=by, today=today, stalled_after=context.stalled_after
    )
    deliver_webhooks(context)  # import.finished, already in the background


def deliver_webhooks(context: TaskContext) -> None:
    """One attempt at every webhook delivery that is due, each in its own transaction.

    Safe to run twice: a delivery already made, or not yet due, is left alone
    (services.webhooks.deliver locks and re-checks it). Retries wait for their
    backoff and are picked up by the periodic run below.
    """
    with context.database.transaction() as session:
        due = webhooks.due_deliveries(session)
    for delivery_id in due:
        with context.database.transaction() as session:
            webhooks.deliver(session, delivery_id, allowed=context.webhook_networks)


def send_reminders(context: TaskContext, *, today: date | None = None) -> None:
    """Send the reporting reminders that are due and not yet sent (safe to run twice, or killed midway)."""
    reminders.send_reminders(
        context.database,
        today=today or date.today(),
        days_before=context.reminder_days_before,
        mail=context.mail,
    )


TASKS: tuple[Callable[..., None], ...] = (run_import, send_reminders, deliver_webhooks)
# Run by the worker on a schedule: (task, when).
PERIODIC: tuple[tuple[Callable[..., None], crontab], ...] = (
    (send_reminders, crontab(minute="0")),
    # Webhook retries whose backoff has passed.
    (deliver_webhooks, crontab()),
)


# -- the queue ---------------------------------------------------------------------------


class Queue:
    """One app's Huey instance with every task registered, bound to the app's database."""

    def __init__(self, huey: Huey, context: TaskContext, *, periodic: bool = True) -> None:
        self.huey = huey
        self.context = context
        self._tasks: dict[str, Any] = {}
        for task in TASKS:
            self._tasks[task.__name__] = huey.task(name=task.__name__)(_bound(task, context))
        if periodic:
            for task, when in PERIODIC:
                huey.periodic_task(when, name=f"periodic_{task.__name__}")(_bound(task, context))

    def enqueue(
        self, task: Callable[Concatenate[TaskContext, P], None], *args: P.args, **kwargs: P.kwargs
    ) -> None:
        """Put one call of `task` on the queue (run at once in immediate mode)."""
        self._tasks[task.__name__](*args, **kwargs)


def _bound(task: Callable[..., None], context: TaskContext) -> Callable[..., None]:
    """`task` with this process's context as its first argument (Huey pickles only the rest)."""

    @functools.wraps(task)
    def run(*args: Any, **kwargs: Any) -> None:
        task(context, *args, **kwargs)

    return run


def make_huey(config: Mapping[str, Any], instance_path: str) -> Huey:
    """The Huey instance the settings describe: Redis when REDIS_URL is set, else a SQLite file."""
    immediate = bool(config.get("JOBS_IMMEDIATE"))
    redis_url = str(config.get("REDIS_URL") or "")
    if redis_url:
        return RedisHuey(QUEUE_NAME, url=redis_url, results=False, immediate=immediate)
    filename = str(config.get("JOBS_SQLITE_FILE") or Path(instance_path) / "jobs.db")
    if not immediate:
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=filename, results=False, immediate=immediate)


def queue_of(app: Flask) -> Queue:
    """The app's queue, made on first use (an app that never enqueues opens no queue)."""
    queue: Queue | None = app.extensions.get(EXTENSION_KEY)
    if queue is None:
        context = TaskContext(
            database=current_database_of(app),
            stalled_after=timedelta(seconds=float(app.config.get("JOB_STALLED_SECONDS", 60))),
            mail=mail_settings(app.config),
            reminder_days_before=int(app.config.get("REMINDER_DAYS_BEFORE", 7)),
            webhook_networks=tuple(app.config.get("WEBHOOK_ALLOWED_NETWORKS") or ()),
        )
        queue = app.extensions.setdefault(
            EXTENSION_KEY,
            Queue(
                make_huey(app.config, app.instance_path),
                context,
                periodic=bool(app.config.get("REMINDER_EVERY_HOUR", True)),
            ),
        )
    return queue


def current_queue() -> Queue:
    """The queue of the app handling this request or command."""
    return queue_of(current_app)

"""Commands for the database, demo data, accounts, serving, background jobs, and the maintained state."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from scorecard import demo, jobs, schema
from scorecard.db import current_database
from scorecard.errors import RuleViolation
from scorecard.services import demo_records, generator, reminders, scores, users
from scorecard.services.audit import ActingUser
from scorecard.services.frameworks import seed as framework_seed
from scorecard.services.mail import mail_settings

CLI_USER = ActingUser.system("command line")


@contextmanager
def _transaction() -> Iterator[Session]:
    """A transaction whose rule violations end the command with their messages (nothing is written)."""
    try:
        with current_database().transaction() as session:
            yield session
    except RuleViolation as violation:
        raise click.ClickException(" ".join(violation.errors.values())) from violation


def _passwords() -> users.PasswordPolicy:
    config = current_app.config
    return users.PasswordPolicy(
        int(config["PASSWORD_HASH_TIME_COST"]), int(config["PASSWORD_HASH_MEMORY_KIB"])
    )


# -- database ---------------------------------------------------------------------------

db_group = click.Group("db", help="Create and migrate the database schema.")


def _migration(name: str, default: str, move: Callable[..., object], summary: str) -> click.Command:
    """A `db` command that moves the database to REVISION with `move`, then says which revision it is at."""

    @db_group.command(name, help=summary)
    @click.argument("revision", default=default)
    @with_appcontext
    def migrate(revision: str) -> None:
        database = current_database()
        move(database.url, revision, engine=database.engine)
        click.echo(f"Database at revision {schema.current_revision(database.engine) or 'base (empty)'}.")

    return migrate


db_upgrade = _migration(
    "upgrade", "head", schema.upgrade, "Migrate the database up to REVISION (default: the latest)."
)
db_downgrade = _migration(
    "downgrade",
    "-1",
    schema.downgrade,
    'Migrate the database down to REVISION (default: one step; "base" empties it).',
)


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Print the revision the database is at."""
    click.echo(schema.current_revision(current_database().engine) or "base (empty)")


# -- demo data --------------------------------------------------------------------------


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only into a database with no recommendations.")
@click.option("--remove", is_flag=True, help="Remove the demo records (keeping any that someone changed).")
@with_appcontext
def demo_command(if_empty: bool, remove: bool) -> None:
    """Load the demo data set built from the seed documents (twice changes nothing), or remove it."""
    if remove:
        _remove_demo()
        return
    with current_database().transaction() as session:
        if if_empty and not demo.is_empty(session):
            click.echo("The database already holds recommendations; demo data not loaded.")
            return
        added = demo.load(session)
    click.echo(
        f"Demo data: {added.recommendations} recommendations, {added.benchmarks} benchmarks and "
        f"{added.entries} progress entries added."
    )


def _remove_demo() -> None:
    """Remove the demo records and say what was removed and what was kept, and why."""
    with current_database().transaction() as session:
        outcome = demo_records.remove_demo(session, by=CLI_USER)
    removed = ", ".join(f"{count} {kind.replace('_', ' ')}(s)" for kind, count in outcome.removed.items())
    click.echo(f"Demo data removed: {removed}.")
    if outcome.kept:
        click.echo("Kept, because someone changed or uses them:")
        for line in outcome.kept:
            click.echo(f"  {line}")


# -- accounts ---------------------------------------------------------------------------

users_group = click.Group("users", help="Manage accounts.")


def _read_password() -> str:
    """A new password from a prompt, or from two lines of standard input when it is not a terminal."""
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    password = sys.stdin.readline().rstrip("\r\n")
    confirmation = sys.stdin.readline().rstrip("\r\n")
    if password != confirmation:
        raise click.ClickException("The password and its confirmation differ.")
    return password


@users_group.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(["admin", "analyst", "viewer", "contributor"]),
    default="viewer",
    show_default=True,
)
@click.option("--name", default="", help="Display name (default: the part of the email before @).")
@click.option(
    "--actor", "actors", multiple=True, help="An actor a contributor reports for, by name (repeatable)."
)
@with_appcontext
def users_create(email: str, role: str, name: str, actors: tuple[str, ...]) -> None:
    """Add an account; the password comes from a prompt or standard input."""
    password = _read_password()
    with _transaction() as session:
        user = users.create_user(
            session,
            email=email,
            name=name,
            role=role,
            password=password,
            passwords=_passwords(),
            by=CLI_USER,
            actor_ids=users.actor_ids_by_name(session, actors),
        )
    click.echo(f"Created {user.email} ({user.role}).")


@users_group.command("list")
@with_appcontext
def users_list() -> None:
    """List the accounts."""
    with current_database().transaction() as session:
        for user in users.list_users(session):
            state = "active" if user.active else "inactive"
            click.echo(f"{user.email}\t{user.role}\t{state}\t{user.name}")


@users_group.command("ensure-admin")
@click.option("--email", default="admin@scorecard.local", show_default=True)
@with_appcontext
def users_ensure_admin(email: str) -> None:
    """When there is no account at all, create an admin with a random password printed once."""
    _ensure_admin(email)


def _ensure_admin(email: str) -> None:
    with current_database().transaction() as session:
        if users.count_users(session):
            return
        password = users.generate_password()
        users.create_user(
            session,
            email=email,
            name="Administrator",
            role="admin",
            password=password,
            passwords=_passwords(),
            by=CLI_USER,
        )
    click.echo(
        "\n  First admin account created — this password is shown once, note it now:\n"
        f"    email:    {email}\n    password: {password}\n"
        "  Sign in and change it under Account.\n"
    )


# -- setting up and serving -------------------------------------------------------------


@click.command("setup")
@with_appcontext
def setup_command() -> None:
    """Migrate, load the demo data into an empty database, and make a first admin if there is none."""
    database = current_database()
    schema.upgrade(database.url, engine=database.engine)
    with database.transaction() as session:
        if _demo_wanted(session):
            added = demo.load(session)
            click.echo(f"Loaded the demo data: {added.recommendations} recommendations.")
        scores.ensure_snapshot_days(session, today=date.today())
    _ensure_admin("admin@scorecard.local")


def _demo_wanted(session: Session) -> bool:
    """Load the demo at setup only into an empty database, unless SCORECARD_DEMO=false or it was removed."""
    if not current_app.config.get("DEMO", True):
        return False
    return demo.is_empty(session) and not demo_records.demo_was_removed(session)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=lambda: int(os.environ.get("PORT", "5000")), show_default="$PORT or 5000")
@click.option(
    "--job-workers",
    type=click.IntRange(0),
    default=2,
    show_default=True,
    help="Jobs run at once by the consumer started beside gunicorn (0: none; run `scorecard worker`).",
)
def serve_command(host: str, port: int, job_workers: int) -> None:
    """Serve with gunicorn, and a job consumer beside it that stops with it (see gunicorn_conf)."""
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if gunicorn is None:
        raise click.ClickException("gunicorn is not installed in this environment.")
    os.environ["GUNICORN_JOB_WORKERS"] = str(job_workers)
    os.execv(  # noqa: S606 - replaces this process with gunicorn, by absolute path
        gunicorn,
        [
            gunicorn,
            "--config",
            "python:scorecard.gunicorn_conf",
            "--bind",
            f"{host}:{port}",
            "scorecard:create_app()",
        ],
    )


@click.command("worker")
@click.option(
    "--workers", type=click.IntRange(1), default=2, show_default=True, help="Jobs this process runs at once."
)
@with_appcontext
def worker_command(workers: int) -> None:
    """Run background jobs from the queue until stopped (SIGTERM or Ctrl-C); start one per machine."""
    queue = jobs.current_queue()
    if queue.huey.immediate:
        raise click.ClickException(
            "JOBS_IMMEDIATE is on: jobs run within requests, there is no queue to consume."
        )
    huey_log = logging.getLogger("huey")
    huey_log.handlers = logging.getLogger("scorecard").handlers
    huey_log.setLevel(current_app.config.get("LOG_LEVEL", "INFO"))
    huey_log.propagate = False
    # Redis blocks until a task arrives; the SQLite queue is polled at least every second.
    queue.huey.create_consumer(workers=workers, worker_type="thread", max_delay=1.0).run()


# -- synthetic data ---------------------------------------------------------------------


@click.command("generate")
@click.option("--recommendations", type=click.IntRange(1), required=True)
@click.option("--benchmarks-per", type=click.IntRange(1, 50), default=5, show_default=True)
@click.option("--entries", type=click.IntRange(0), required=True, help="Progress entries in all.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--themes", type=click.IntRange(1, 500), default=len(generator.THEMES), show_default=True)
@click.option("--frameworks", type=click.IntRange(0, 100), default=0, help="Also this many frameworks.")
@click.option("--framework-items", type=click.IntRange(1, 5000), default=500, show_default=True)
@click.option("--links-per", type=click.IntRange(1, 50), default=10, show_default=True)
@with_appcontext
def generate_command(
    recommendations: int,
    benchmarks_per: int,
    entries: int,
    seed: int,
    themes: int,
    frameworks: int,
    framework_items: int,
    links_per: int,
) -> None:
    """Fill an empty database with realistic synthetic data, for measuring at scale."""
    total = recommendations * (1 + benchmarks_per) + entries
    with (
        click.progressbar(length=total, label="Generating", file=sys.stderr) as bar,
        _transaction() as session,
    ):
        counts = generator.generate(
            session,
            recommendations=recommendations,
            benchmarks_per=benchmarks_per,
            entries=entries,
            seed=seed,
            themes=themes,
            by=CLI_USER,
            progress=lambda stage, rows: bar.update(rows),
        )
    if frameworks:
        with current_database().transaction() as session:
            made = framework_seed.generate(
                session, frameworks=frameworks, items=framework_items, links_per=links_per, seed=seed
            )
        click.echo(f"Generated {frameworks} frameworks with {made[0]} items and {made[1]} links.")
    click.echo(
        f"Generated {counts.recommendations} recommendations, {counts.benchmarks} benchmarks and "
        f"{counts.entries} entries in {counts.seconds:.1f} s ({counts.rate:,.0f} rows/s)."
    )


# -- maintained state -------------------------------------------------------------------

state_group = click.Group("state", help="The maintained current state of benchmarks and recommendations.")


@state_group.command("rebuild")
@with_appcontext
def state_rebuild() -> None:
    """Recompute every current state from the progress entries."""
    with current_database().transaction() as session:
        scores.rebuild_all_states(session)
    click.echo("Current state rebuilt from the entries.")


@state_group.command("check")
@with_appcontext
def state_check() -> None:
    """Compare the maintained state and the kept snapshots with a computation from scratch.

    Exits 1 when they differ.
    """
    with current_database().session(write=False) as session:
        expected = scores.current_state_from_scratch(session)
        actual = scores.maintained_state(session)
        expected_snapshots = scores.snapshots_from_scratch(session)
        kept_snapshots = scores.kept_snapshots(session)
    if expected != actual or expected_snapshots != kept_snapshots:
        raise click.ClickException(
            f"Maintained state differs: {len(expected[0] ^ actual[0])} benchmark rows, "
            f"{len(expected[1] ^ actual[1])} recommendation rows, "
            f"{len(expected_snapshots ^ kept_snapshots)} snapshot rows. Run `scorecard state rebuild`."
        )
    click.echo(
        f"Maintained state matches: {len(actual[0])} benchmarks, {len(actual[1])} recommendations, "
        f"{len(kept_snapshots)} snapshot rows."
    )


# -- reporting reminders -----------------------------------------------------------------

reminders_group = click.Group(
    "reminders", help="Reporting reminders to contributors and the reviewers' digest."
)


@reminders_group.command("send")
@click.option("--dry-run", is_flag=True, help="List what would be sent; send and record nothing.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Act as on this day (YYYY-MM-DD).")
@with_appcontext
def reminders_send(dry_run: bool, today: object) -> None:
    """Send the reminders due today that are not yet sent (each once, whoever else is sending)."""
    day = today.date() if hasattr(today, "date") else date.today()
    mail = mail_settings(current_app.config)
    outcome = reminders.send_reminders(
        current_database(),
        today=day,
        days_before=int(current_app.config.get("REMINDER_DAYS_BEFORE", 7)),
        mail=mail,
        dry_run=dry_run,
    )
    if dry_run:
        for planned in outcome.planned:
            click.echo(f"{planned.recipient.email}\t{planned.kind}\t{planned.period}\t{planned.line}")
        click.echo(
            f"Dry run: {len(outcome.planned)} reminder(s) would be sent; nothing was sent or recorded."
        )
        return
    where = "by email" if mail is not None else "in the app only (no MAIL_SERVER is set)"
    click.echo(
        f"{outcome.emails} email(s) sent; {outcome.in_app} reminder(s) recorded {where}; "
        f"{outcome.skipped} already sent."
    )


COMMANDS = (
    reminders_group,
    db_group,
    demo_command,
    users_group,
    setup_command,
    serve_command,
    worker_command,
    generate_command,
    state_group,
)

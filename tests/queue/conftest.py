"""The queue tests' set-up: real worker and server processes, the queue's storage, and big import files."""

from __future__ import annotations

import io
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import pytest
import redis
from flask import Flask
from huey import RedisHuey
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from scorecard import create_app, jobs, schema
from scorecard.db import EXTENSION_KEY, Database
from scorecard.models import ImportJob, ProgressEntry

from ..conftest import TEST_CONFIG, TEST_PASSWORD, Client, backend_url, drop_backend
from ..factories import make_recommendation, make_theme, make_user, record
from ..helpers import form_fields

REDIS_URL = os.environ.get("SCORECARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
# Short windows, so that a killed worker's job shows as stopped within seconds.
STALLED_SECONDS = 3
WORKER = [sys.executable, "-m", "scorecard.cli", "worker"]
T = TypeVar("T")


def on_postgresql() -> bool:
    """Whether this run's databases are PostgreSQL."""
    return bool(os.environ.get("SCORECARD_TEST_DATABASE_URL"))


@pytest.fixture
def redis_url() -> str:
    """The queue tests' Redis database, emptied of our queue; CI must have it, elsewhere it may skip."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = f"Redis is not answering at {REDIS_URL} ({error}): start redis-server"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    RedisHuey(jobs.QUEUE_NAME, url=REDIS_URL).flush()
    return REDIS_URL


@pytest.fixture
def queue_database(tmp_path: Path) -> Iterator[str]:
    """A migrated database of its own (a SQLite file, or a fresh PostgreSQL database), as servers use."""
    url = backend_url(str(tmp_path), "queue")
    schema.upgrade(url)
    yield url
    drop_backend(url)


@dataclass
class Processes:
    """Processes a test starts, each logging to a file; whatever is still running is ended afterwards."""

    folder: Path
    started: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start `command` as `name`."""
        with (self.folder / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.started[name] = process
        return process

    def log(self, name: str) -> str:
        """What `name` printed so far."""
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def report(self) -> str:
        """The end of every started process's log, with how it ended, for a failing test's report."""
        parts = []
        for name, process in self.started.items():
            ended = "running" if process.poll() is None else f"exited {process.returncode}"
            tail = "\n".join(self.log(name).splitlines()[-40:])
            parts.append(f"--- {name} ({ended}), last lines of its log:\n{tail}")
        return "\n".join(parts)

    def stop_all(self) -> None:
        """SIGTERM, then SIGKILL for any that lingers."""
        for process in self.started.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    """Start worker and server processes; they are stopped at the end of the test."""
    started = Processes(tmp_path)
    yield started
    # Printed, so pytest shows it under "Captured stdout teardown" when the test failed: a worker's
    # own log is the only account of what it did.
    print(started.report())
    started.stop_all()


def server_env(database_url: str, queue: dict[str, Any], **extra: str) -> dict[str, str]:
    """The environment of a worker or app server process: the same settings as the test's app."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCORECARD_")}
    settings: dict[str, Any] = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "LOG_LEVEL": "INFO",
        "JOB_STALLED_SECONDS": STALLED_SECONDS,
        "IMPORT_BACKGROUND_ROWS": 10,
        "SUMMARY_CACHE_SIZE": 0,
        **queue,
    }
    env.update({f"SCORECARD_{key}": str(value) for key, value in settings.items()})
    env.update(extra)
    return env


@pytest.fixture
def make_app(queue_database: str) -> Iterator[Callable[[dict[str, Any]], Flask]]:
    """Make app servers inside the test process, on the real queue; their connections close afterwards."""
    made: list[Flask] = []

    def make(queue: dict[str, Any]) -> Flask:
        made.append(_app(queue_database, queue))
        return made[-1]

    yield make
    for app in made:
        database_of(app).engine.dispose()


def _app(database_url: str, queue: dict[str, Any]) -> Flask:
    """An app server on the real queue (not immediate mode)."""
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
            "JOBS_IMMEDIATE": False,
            "JOB_STALLED_SECONDS": STALLED_SECONDS,
            "IMPORT_BACKGROUND_ROWS": 10,
            **queue,
        }
    )
    app.test_client_class = Client
    return app


@dataclass(frozen=True)
class World:
    """An analyst and one milestone benchmark to import entries for."""

    email: str
    benchmark_id: int


def seed(database: Database) -> World:
    """An analyst, and a recommendation whose benchmark has one entry already."""
    with database.transaction() as session:
        user = make_user(session, role="analyst")
        theme = make_theme(session, "Security")
        recommendation = make_recommendation(session, code="Q-1", theme_id=theme.id)
        benchmark = recommendation.benchmarks[0]
        record(session, benchmark, date(1949, 12, 31), achieved=False)
        return World(user.email, benchmark.id)


@pytest.fixture
def seeded(queue_database: str) -> Iterator[tuple[Database, World]]:
    """The test's database, seeded, for tests that run servers on it; its connections close afterwards."""
    database = Database(queue_database)
    try:
        yield database, seed(database)
    finally:
        database.engine.dispose()


def entries_file(benchmark_id: int, rows: int, *, first: date = date(1950, 1, 1)) -> bytes:
    """A progress file of `rows` new entries, one a day from `first`."""
    lines = "".join(
        f",{benchmark_id},Q-1,{first + timedelta(days=n)},true,Entry {n}\r\n" for n in range(rows)
    )
    return ("entry_id,benchmark_id,recommendation_code,observed_on,achieved,note\r\n" + lines).encode()


def count_entries(database: Database) -> int:
    """Progress entries in the database."""
    with database.session(write=False) as session:
        return session.scalar(select(func.count()).select_from(ProgressEntry)) or 0


def job_row(database: Database, job_id: int) -> ImportJob:
    """The job as any server process reads it now."""
    with database.session(write=False) as session:
        job = session.get(ImportJob, job_id)
        assert job is not None
        return job


def wait_for(check: Callable[[], T | None], *, timeout: float, every: float = 0.05, what: str = "") -> T:
    """Poll `check` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        outcome = check()
        if outcome:
            return outcome
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what or check}")
        time.sleep(every)


def free_port() -> int:
    """A port the OS has just handed out on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Response:
    """What a server answered."""

    status: int
    location: str
    text: str


class HttpBrowser:
    """A browser for a real server over HTTP: cookies, the forms' CSRF tokens, no redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect
        )

    def request(self, path: str, body: bytes | None = None, content_type: str = "") -> Response:
        """GET, or POST `body`."""
        url = path if path.startswith("http") else self.base + path
        headers = {"Content-Type": content_type} if body else {}
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - our local server
        try:
            with self._opener.open(request, timeout=60) as answer:
                return Response(answer.status, answer.headers.get("Location", ""), answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers.get("Location", ""), error.read().decode())

    def post_form(self, path: str, fields: dict[str, str]) -> Response:
        """POST form fields."""
        return self.request(path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def sign_in(self, email: str) -> None:
        """Sign in through the form."""
        fields = form_fields(self.request("/login").text, email=email, password=TEST_PASSWORD)
        assert self.post_form("/login", fields).status == 302

    def import_file(self, content: bytes) -> str:
        """Upload a file and confirm its preview; the status page's address."""
        token = form_fields(self.request("/import").text)["csrf_token"]
        upload = FileStorage(io.BytesIO(content), filename="entries.csv", content_type="text/csv")
        boundary, body = encode_multipart({"csrf_token": token, "file": upload})
        preview = self.request("/import", body, f"multipart/form-data; boundary={boundary}").location
        confirmed = self.post_form(preview, form_fields(self.request(preview).text))
        assert confirmed.status == 302 and "/status" in confirmed.location, confirmed
        return confirmed.location


def wait_for_server(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Wait until a server process answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/login", timeout=5):  # noqa: S310 - our own local server
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server at {base} did not start")
            time.sleep(0.2)


def start_server(
    processes: Processes, name: str, env: dict[str, str], *options: str, sign_in: str
) -> tuple[HttpBrowser, subprocess.Popen[bytes]]:
    """Start `scorecard serve` with the options on a free port of 127.0.0.1; once it answers, a browser
    on it signed in as `sign_in` (an email), and the server's process."""
    port = free_port()
    serve = [sys.executable, "-m", "scorecard.cli", "serve", *options]
    server = processes.start(name, [*serve, "--host", "127.0.0.1", "--port", str(port)], env)
    browser = HttpBrowser(f"http://127.0.0.1:{port}")
    wait_for_server(browser.base, server)
    browser.sign_in(sign_in)
    return browser, server


def job_id_of(status_url: str) -> int:
    """The import job's id in its status page's address (/import/<id>/status)."""
    return int(status_url.rstrip("/").split("/")[-2])


@pytest.fixture(params=["sqlite", "redis"])
def queue_settings(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """The queue in a SQLite file, or in Redis."""
    if request.param == "redis":
        return {"REDIS_URL": request.getfixturevalue("redis_url")}
    return {"JOBS_SQLITE_FILE": str(tmp_path / "jobs.db")}


@dataclass
class KilledWorkerRig:
    """An app in the test process on a queue in SQLite or in Redis (one test each), and its database."""

    database_url: str
    settings: dict[str, Any]
    app: Flask
    database: Database

    def env(self, **extra: str) -> dict[str, str]:
        """The environment a server or worker process on this database and queue runs with."""
        return server_env(self.database_url, self.settings, **extra)

    @property
    def queue_kind(self) -> str:
        """Which storage the queue is in, as the tests print it."""
        return next(iter(self.settings))


@pytest.fixture
def rig(
    queue_database: str, queue_settings: dict[str, Any], make_app: Callable[[dict[str, Any]], Flask]
) -> KilledWorkerRig:
    """The app and database of a test that kills workers, on each kind of queue."""
    app = make_app(queue_settings)
    return KilledWorkerRig(queue_database, queue_settings, app, database_of(app))


def database_of(app: Flask) -> Database:
    """The Database of an app."""
    database: Database = app.extensions[EXTENSION_KEY]
    return database

"""Fixtures: a migrated database per run, each test in a rolled-back transaction, an app and clients.

The suite runs on SQLite by default and on PostgreSQL when
SCORECARD_TEST_DATABASE_URL is set. CSRF stays on: clients post real tokens.

Under pytest-xdist (`-n 2`) every worker has databases of its own: SQLite files
under the worker's own temporary folder, and on PostgreSQL names that carry the
worker's id (`<db>_gw0_suite`, `<db>_gw1_suite`, ...). Tests that share
something no worker can have a copy of (the Redis database, a fixed port) run
in one worker, one after another: `work_unit` tells the scheduler.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from scorecard import create_app, schema
from scorecard.db import EXTENSION_KEY, Database, make_engine, settle_data_version

from . import factories

TEST_PASSWORD = factories.PASSWORD
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_KIB": 8,
    "LOG_LEVEL": "CRITICAL",
    # Pages are tested as computed; tests/services/test_summary_cache.py tests the cache itself.
    "SUMMARY_CACHE_SIZE": 0,
    # Unit tests run a job within the request that enqueues it; tests/queue/ runs real workers.
    "JOBS_IMMEDIATE": True,
}


def xdist_worker() -> str:
    """This process's pytest-xdist worker id ("gw0", "gw1", ...), or "" when tests run in one process."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def xdist_worker_index() -> int:
    """0 for the first xdist worker (and for a run without workers), 1 for the second, ..."""
    worker = xdist_worker()
    return int(worker.removeprefix("gw")) if worker.startswith("gw") else 0


def backend_url(tmp_dir: str, name: str) -> str:
    """A URL for an empty database called `name`: a SQLite file, or a fresh PostgreSQL database.

    On PostgreSQL the name is prefixed with the test database's name and, under xdist, the
    worker's id: two workers never drop or fill each other's databases.
    """
    base = os.environ.get("SCORECARD_TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_dir}/{name}.db"
    url = make_url(base)
    worker = xdist_worker()
    database = f"{url.database}_{worker}_{name}" if worker else f"{url.database}_{name}"
    admin = make_engine(
        url.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


@contextmanager
def migrated_database(tmp_dir: Any, name: str) -> Iterator[Database]:
    """An empty database of its own called `name`, at head; disposed of and dropped afterwards."""
    url = backend_url(str(tmp_dir), name)
    schema.upgrade(url)
    database = Database(url)
    try:
        yield database
    finally:
        database.engine.dispose()
        drop_backend(url)


def drop_backend(url: str) -> None:
    """Remove a database made by backend_url (PostgreSQL only; SQLite files go with tmp)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = make_engine(
        parsed.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


# Under pytest-xdist, what must run in one worker, one test after another (see `work_unit`).
# Files that share something no worker has a copy of: the one test Redis database (flushed by the
# queue and rate-limit tests) and the webhook receiver's fixed port.
ONE_WORKER_FILES = ("tests/queue/", "tests/api/test_rate_limits.py", "tests/api/test_webhooks.py")
# Browser modules set up a live server and its data once per worker that runs any of their tests,
# so each goes to one worker whole; the long accessibility walks are shared out test by test.
SHARED_OUT_BROWSER_FILES = ("tests/e2e/test_accessibility.py",)


def work_unit(nodeid: str) -> str:
    """The unit the xdist scheduler hands to one worker whole: a shared-resource group, a browser
    module, or else the single test.

    Decided from the test's id alone, because the scheduler (in the controlling process) sees only
    ids. `xdist_group` markers would say the same, but pytest 9.2 ignores how xdist 3.8 applies them.
    """
    path = nodeid.split("::", 1)[0]
    if path.startswith(ONE_WORKER_FILES):
        return "shared-resources"
    if path.startswith("tests/e2e/") and path not in SHARED_OUT_BROWSER_FILES:
        return path
    return nodeid


class _WorkUnits:
    """The scheduler hook, registered only when pytest-xdist is there (an unknown hook is an error)."""

    @staticmethod
    def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
        from xdist.scheduler import LoadScopeScheduling

        class ByWorkUnit(LoadScopeScheduling):
            def _split_scope(self, nodeid: str) -> str:
                return work_unit(nodeid)

        return ByWorkUnit(config, log)


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_WorkUnits(), "scorecard-work-units")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The main test database, migrated to head once per run."""
    url = backend_url(str(tmp_path_factory.mktemp("db")), "suite")
    yield url
    drop_backend(url)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """The engine of the main test database, schema at head (presets included)."""
    engine = make_engine(database_url)
    schema.upgrade(database_url, engine=engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine, request: pytest.FixtureRequest) -> Iterator[Connection]:
    """One connection inside a transaction that is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()
    if request.node.get_closest_marker("bulk") and engine.dialect.name == "postgresql":
        # Thousands of rolled-back rows stay behind as dead tuples until autovacuum comes round;
        # meanwhile every later test's scans wade through them (one test went from 3 s to 90 s).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as cleaner:
            cleaner.execute(text("VACUUM ANALYZE"))


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    """A session for arranging and asserting; its commits become savepoints of the test transaction."""
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    # Like the application's sessions: a commit that changed data moves the data version on.
    event.listen(session, "before_commit", settle_data_version)
    yield session
    session.close()


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Settings for this test's app (tests may override entries)."""
    return dict(TEST_CONFIG)


@pytest.fixture(scope="session")
def shared_app(database_url: str) -> Flask:
    """One app for all the tests that keep the default settings.

    Building an app costs about 40 ms (werkzeug compiles a builder for each of its routes), and
    well over a thousand tests take one; `app` puts back its settings and extensions after each test.
    """
    return create_app({**TEST_CONFIG, "DATABASE_URL": database_url})


@pytest.fixture
def app(
    request: pytest.FixtureRequest, database_url: str, connection: Connection, app_config: dict[str, Any]
) -> Iterator[Flask]:
    """The application, serving every request from the test's connection.

    Tests with settings of their own, or marked `own_app` (they add routes), get a new app.
    """
    if app_config != TEST_CONFIG or request.node.get_closest_marker("own_app"):
        app = create_app({**app_config, "DATABASE_URL": database_url})
        app.extensions[EXTENSION_KEY].bind_to(connection)
        yield app
        return
    app = request.getfixturevalue("shared_app")
    config, extensions = dict(app.config), dict(app.extensions)
    app.extensions[EXTENSION_KEY].bind_to(connection)
    try:
        yield app
    finally:
        # What a test changed stays with it: settings, the job queue made from them, rate-limit counts.
        app.config.clear()
        app.config.update(config)
        for key in set(app.extensions) - set(extensions):
            del app.extensions[key]
        app.extensions.update(extensions)
        app.extensions["scorecard.api.limiter"].reset()
        app.extensions[EXTENSION_KEY].bind_to(None)


class Client(FlaskClient):
    """A test client that submits forms the way a browser does: with the page's CSRF token."""

    def csrf_token(self, page: str = "/login") -> str:
        """A valid CSRF token for this client's session, read from a page's form."""
        response = self.get(page)
        match = CSRF_FIELD.search(response.get_data(as_text=True))
        if match is None:  # signed in: /login redirects; any page has the sign-out form
            response = self.get("/account")
            match = CSRF_FIELD.search(response.get_data(as_text=True))
        assert match is not None, f"no CSRF token on {page}"
        return match.group(1)

    def submit(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        page: str | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        """POST `data` with a CSRF token taken from `page` (default: `url` itself, else /account)."""
        token = self.csrf_token(page or url) if (page or self._has_get(url)) else self.csrf_token()
        return self.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)

    def _has_get(self, url: str) -> bool:
        adapter = self.application.url_map.bind("localhost")
        try:
            adapter.match(url.split("?")[0], method="GET")
        except Exception:
            return False
        return True

    def sign_in(self, email: str, password: str = TEST_PASSWORD) -> TestResponse:
        """Sign in through the form."""
        return self.submit("/login", {"email": email, "password": password})


@pytest.fixture
def client(app: Flask) -> Client:
    """An anonymous browser."""
    app.test_client_class = Client
    return app.test_client()  # type: ignore[return-value]


def _signed_in_client(app: Flask, session: Session, role: str) -> Client:
    user = factories.make_user(session, role=role)
    session.commit()
    app.test_client_class = Client
    client: Client = app.test_client()  # type: ignore[assignment]
    response = client.sign_in(user.email)
    assert response.status_code == 302, response.get_data(as_text=True)
    client.user = user  # type: ignore[attr-defined]
    return client


@pytest.fixture
def viewer(app: Flask, session: Session) -> Client:
    """A browser signed in as a viewer."""
    return _signed_in_client(app, session, "viewer")


@pytest.fixture
def analyst(app: Flask, session: Session) -> Client:
    """A browser signed in as an analyst."""
    return _signed_in_client(app, session, "analyst")


@pytest.fixture
def admin(app: Flask, session: Session) -> Client:
    """A browser signed in as an admin."""
    return _signed_in_client(app, session, "admin")


@pytest.fixture
def runner(app: Flask) -> Any:
    """A CLI runner for the app's commands."""
    return app.test_cli_runner()

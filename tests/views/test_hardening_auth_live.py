"""Sign-in hardening against a running server: parallel guesses at one account, and gunicorn's proxy trust.

A real threaded server (werkzeug's, or gunicorn) on 127.0.0.1 with an
OS-chosen port, over a database of its own (PostgreSQL when
SCORECARD_TEST_DATABASE_URL is set), so that requests truly overlap.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from werkzeug.serving import BaseWSGIServer, make_server

from scorecard import create_app
from scorecard.db import EXTENSION_KEY, Database
from scorecard.models import SignInAttempt
from scorecard.services import users

from .. import factories
from ..conftest import TEST_CONFIG, migrated_database

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ATTEMPTS = 24


@pytest.fixture
def live_database(tmp_path: Path) -> Iterator[Database]:
    with migrated_database(tmp_path, "auth_live") as database:
        yield database


@pytest.fixture
def server(live_database: Database) -> Iterator[BaseWSGIServer]:
    # A real Argon2 cost (not the suite's cheapest): each check takes a while, as in production.
    config = {**TEST_CONFIG, "DATABASE_URL": live_database.url}
    config.update(PASSWORD_HASH_TIME_COST=2, PASSWORD_HASH_MEMORY_KIB=19456)
    app = create_app(config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join()
    server.server_close()
    app.extensions[EXTENSION_KEY].engine.dispose()


class Browser:
    """One browser: its own connection and session cookie."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        text = response.read().decode()
        connection.close()
        return response.status, text

    def login_form(self) -> str:
        status, page = self.request("GET", "/login")
        match = CSRF.search(page)
        assert status == 200 and match is not None
        return match.group(1)


def _sign_in_at_once(port: int, email: str, passwords: list[str]) -> list[int]:
    """POST /login for each password from its own browser, all released at the same moment."""
    browsers = [Browser(port) for _ in passwords]
    tokens = [browser.login_form() for browser in browsers]
    start = threading.Barrier(len(passwords))
    statuses = [0] * len(passwords)

    def attempt(index: int) -> None:
        body = urlencode({"email": email, "password": passwords[index], "csrf_token": tokens[index]})
        start.wait()
        if index == len(passwords) - 1:
            time.sleep(0.05)  # the right password comes last
        statuses[index] = browsers[index].request("POST", "/login", body)[0]

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(passwords))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_parallel_guesses_at_one_account_are_checked_against_the_limit_one_by_one(live_database, server):
    with live_database.transaction() as session:
        email = factories.make_user(session).email
    passwords = ["a wrong guess here"] * (ATTEMPTS - 1) + [factories.PASSWORD]
    statuses = _sign_in_at_once(server.server_port, email, passwords)
    with live_database.transaction() as session:
        checked = session.scalar(
            select(func.count(SignInAttempt.id)).where(SignInAttempt.succeeded.is_(False))
        )
    limit = users.ThrottlePolicy().max_failures
    print(f"\n{ATTEMPTS} parallel sign-ins: {checked} wrong passwords checked (limit {limit}): {statuses}")
    assert checked == limit
    assert statuses[:-1].count(200) == limit and statuses[:-1].count(429) == ATTEMPTS - 1 - limit
    assert statuses[-1] == 429  # the right password, after the limit was reached, waits too


def test_parallel_guesses_at_the_current_password_are_checked_against_the_limit(live_database, server):
    with live_database.transaction() as session:
        email = factories.make_user(session).email
    owner = Browser(server.server_port)
    body = urlencode({"email": email, "password": factories.PASSWORD, "csrf_token": owner.login_form()})
    assert owner.request("POST", "/login", body)[0] == 302
    match = CSRF.search(owner.request("GET", "/account")[1])
    assert match is not None
    fields = {"current_password": "a wrong guess here", "csrf_token": match.group(1)}
    body = urlencode(
        {**fields, "new_password": "a brand new passphrase", "confirm": "a brand new passphrase"}
    )
    start = threading.Barrier(12)
    pages: list[str] = [""] * 12

    def guess(index: int) -> None:
        tab = Browser(server.server_port)
        tab.cookies = dict(owner.cookies)  # the same session, e.g. a stolen cookie
        start.wait()
        pages[index] = tab.request("POST", "/account", body)[1]

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with live_database.transaction() as session:
        checked = session.scalar(
            select(func.count(SignInAttempt.id)).where(SignInAttempt.succeeded.is_(False))
        )
    print(f"\n12 parallel current-password guesses: {checked} checked")
    assert checked == users.ThrottlePolicy().max_failures
    assert sum("Too many wrong tries" in page for page in pages) == 12 - checked


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _gunicorn(live_database: Database, proxy_count: int, port: int) -> subprocess.Popen[bytes]:
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
    assert gunicorn is not None
    env = {
        **os.environ,
        "SCORECARD_DATABASE_URL": live_database.url,
        "SCORECARD_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
        "SCORECARD_PROXY_COUNT": str(proxy_count),
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "1",
    }
    env.pop("FORWARDED_ALLOW_IPS", None)
    command = [gunicorn, "--config", "python:scorecard.gunicorn_conf", "--bind", f"127.0.0.1:{port}"]
    return subprocess.Popen(
        [*command, "scorecard:create_app()"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _https_claimed(port: int) -> bool:
    """Whether the app took a plain request claiming X-Forwarded-Proto: https for HTTPS (HSTS sent)."""
    # Up to two minutes: on a busy two-core machine gunicorn's start (app, job consumer) took over 30 s.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", "/login", headers={"X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            response.read()
            return response.getheader("Strict-Transport-Security") is not None
        except ConnectionError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise AssertionError("gunicorn did not start")


@pytest.mark.parametrize(("proxy_count", "trusted"), [(0, False), (1, True)])
def test_gunicorn_trusts_forwarded_proto_only_behind_a_proxy(live_database, proxy_count, trusted):
    port = _free_port()
    process = _gunicorn(live_database, proxy_count, port)
    try:
        assert _https_claimed(port) is trusted
    finally:
        process.terminate()
        process.wait(timeout=30)

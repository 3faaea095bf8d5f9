# ruff: noqa: S310 - urllib opens only the http://127.0.0.1 address of the server this test starts
"""Four people import one progress file at the same moment, on a running server: it is recorded once.

Real parallel HTTP requests at a threaded server on 127.0.0.1 and a database of its own
(the rest of the suite shares one rolled-back transaction, where nothing is concurrent).
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from scorecard import create_app, schema
from scorecard.db import current_database, make_engine
from scorecard.models import ProgressEntry

from .. import factories
from ..conftest import TEST_CONFIG, backend_url, drop_backend
from ..helpers import form_fields

SESSIONS = 4
ROWS = 50


class Browser:
    """One signed-in person: cookies kept, forms posted as a browser posts them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return str(response.read().decode("utf-8"))

    def post(self, path: str, fields: dict[str, str]) -> tuple[str, str]:
        body = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=body, timeout=60) as response:
            return response.geturl(), response.read().decode("utf-8")

    def upload(self, path: str, fields: dict[str, str], content: bytes) -> str:
        """Post the upload form with `content` as its file; the page it lands on (the preview)."""
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
            if name != "file"
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="progress.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        with self.opener.open(request, timeout=60) as response:
            return str(response.geturl()).removeprefix(self.base)


@pytest.fixture
def server(tmp_path) -> Iterator[tuple[str, Any, int]]:
    """A threaded server on an OS-chosen port, its own database, one numeric benchmark, 4 analysts."""
    url = backend_url(str(tmp_path), "concurrent_import")
    engine = make_engine(url)
    schema.upgrade(url, engine=engine)
    engine.dispose()
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
    with app.app_context(), current_database().transaction() as session:
        for number in range(SESSIONS):
            factories.make_user(session, role="analyst", email=f"analyst{number}@example.org")
        benchmark_id = (
            factories.make_recommendation(session, code="EU-01", benchmarks=[factories.numeric()])
            .benchmarks[0]
            .id
        )
    http_server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http_server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http_server.server_port}", app, benchmark_id
    http_server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        current_database().engine.dispose()
    drop_backend(url)


def test_four_people_confirming_one_file_at_once_record_each_entry_once(server):
    base, app, benchmark_id = server
    content = "benchmark_id,recommendation_code,observed_on,value,note\r\n" + "".join(
        f"{benchmark_id},EU-01,{date(2026, 1, 1).replace(day=1 + n % 28, month=1 + n // 28)},{n},row {n}\r\n"
        for n in range(ROWS)
    )
    people = [Browser(base) for _ in range(SESSIONS)]
    previews: list[tuple[Browser, str, dict[str, str]]] = []
    for number, person in enumerate(people):
        login = form_fields(person.get("/login"))
        person.post(
            "/login", {**login, "email": f"analyst{number}@example.org", "password": factories.PASSWORD}
        )
        preview_url = person.upload("/import", form_fields(person.get("/import")), content.encode())
        page = person.get(preview_url)
        assert f"Import {ROWS} changes" in page, re.sub(r"<[^>]+>|\s+", " ", page)[-3000:]
        previews.append((person, preview_url, form_fields(page)))

    start = threading.Barrier(SESSIONS)
    outcomes: list[Any] = [None] * SESSIONS

    def confirm(index: int) -> None:
        person, preview_url, fields = previews[index]
        start.wait()
        try:
            outcomes[index] = person.post(preview_url, fields)
        except Exception as error:  # a 500 is a finding too: keep it for the assertion
            outcomes[index] = error

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    with app.app_context(), current_database().transaction() as session:
        counting = session.scalar(
            select(func.count())
            .select_from(ProgressEntry)
            .where(ProgressEntry.superseded_at.is_(None), ProgressEntry.deleted_at.is_(None))
        )
        distinct = session.scalar(select(func.count(func.distinct(ProgressEntry.note))))
    print(f"concurrent import: {counting} counting entries, {distinct} distinct")
    assert (counting, distinct) == (ROWS, ROWS)
    # One import wrote the file; the others say so plainly (the status page each lands on).
    assert sum("Nothing was imported" in status for _, status in outcomes) == SESSIONS - 1

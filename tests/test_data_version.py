"""Never stale: two server processes on one database show each committed change at once, whatever wrote it."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from scorecard import create_app, schema
from scorecard.db import EXTENSION_KEY, Database
from scorecard.models import Recommendation, RecommendationState
from scorecard.services import summary_cache
from scorecard.services.imports import writes

from .conftest import TEST_CONFIG, Client, backend_url, drop_backend
from .factories import make_recommendation, make_theme, make_user, record
from .helpers import form_fields

PAGES = ("/", "/recommendations", "/scorecard")


class Servers:
    """Two app instances with warm page caches, and a third that remembers nothing (the truth)."""

    def __init__(self, url: str) -> None:
        config = {**TEST_CONFIG, "DATABASE_URL": url, "IMPORT_BACKGROUND_ROWS": 3}
        self.apps = [create_app({**config, "SUMMARY_CACHE_SIZE": 32}) for _ in range(2)]
        self.truth = create_app(config)
        for app in (*self.apps, self.truth):
            app.test_client_class = Client
        self.database: Database = self.apps[0].extensions[EXTENSION_KEY]
        with self.database.transaction() as session:
            self.analyst = make_user(session, role="analyst").email
            self.admin = make_user(session, role="admin").email
            viewer = make_user(session, role="viewer").email
            theme = make_theme(session, "Security")
            self.rec_id = make_recommendation(session, code="SEC-01", theme_id=theme.id, title="First").id
            self.theme_id = theme.id
        self.readers = {}
        for app in (*self.apps, self.truth):
            reader: Client = app.test_client()  # type: ignore[assignment]
            assert reader.sign_in(viewer).status_code == 302
            self.readers[app] = reader

    def pages(self, app: Flask) -> list[str]:
        return [_main(self.readers[app].get(path).get_data(as_text=True)) for path in PAGES]

    def warm(self) -> list[str]:
        """Render every page in both instances (twice: the second is served from the cache)."""
        for app in self.apps:
            self.pages(app)
            self.pages(app)
        return self.pages(self.truth)

    def browser(self, email: str, instance: int = 0) -> Client:
        client: Client = self.apps[instance].test_client()  # type: ignore[assignment]
        assert client.sign_in(email).status_code == 302
        return client

    def stamp(self) -> int:
        with self.database.transaction() as session:
            return summary_cache.data_stamp(session)

    def close(self) -> None:
        for app in (*self.apps, self.truth):
            app.extensions[EXTENSION_KEY].engine.dispose()


def _main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    url = backend_url(str(tmp_path), "data_version")
    schema.upgrade(url)
    servers = Servers(url)
    yield servers
    servers.close()
    drop_backend(url)


def _csv(rows: str) -> bytes:
    header = "code,title,text,source,locator,theme,actors,priority,status,issued_on,due_on,tags\r\n"
    return (header + rows).encode()


def _two_recommendations(prefix: str) -> bytes:
    return _csv(
        "".join(
            f"{prefix}-{n},Imported {prefix} {n},Wording,,,Security,,high,proposed,,,\r\n" for n in (1, 2)
        )
    )


def _web_import(servers: Servers, content: bytes) -> None:
    browser = servers.browser(servers.analyst, instance=1)
    upload = browser.submit(
        "/import", {"file": (io.BytesIO(content), "file.csv")}, content_type="multipart/form-data"
    )
    upload.request.environ["wsgi.input"].close()
    preview_url = upload.headers["Location"]
    confirmed = browser.post(preview_url, data=form_fields(browser.get(preview_url).get_data(as_text=True)))
    assert confirmed.status_code == 302


def _cli(servers: Servers, *args: str) -> None:
    result = servers.apps[1].test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output


def _edit_through_the_form(servers: Servers, who: str, url: str, **changes: str) -> None:
    """Open an edit page as `who`, change some fields, save it: the form redirects."""
    browser = servers.browser(who)
    response = browser.post(url, data=form_fields(browser.get(url).get_data(as_text=True), **changes))
    assert response.status_code == 302


def form_edit_recommendation(servers: Servers, _tmp: Path) -> None:
    url = f"/recommendations/{servers.rec_id}/edit"
    _edit_through_the_form(servers, servers.analyst, url, title="Renamed by a form")


def form_record_progress(servers: Servers, _tmp: Path) -> None:
    with servers.database.transaction() as session:
        benchmark_id = session.get(Recommendation, servers.rec_id).benchmarks[0].id  # type: ignore[union-attr]
    browser = servers.browser(servers.analyst)
    response = browser.submit(
        f"/benchmarks/{benchmark_id}/progress", {"observed_on": "2026-06-30", "achieved": "yes"}
    )
    assert response.status_code == 302


def reference_edit_theme(servers: Servers, _tmp: Path) -> None:
    _edit_through_the_form(servers, servers.analyst, f"/themes/{servers.theme_id}", name="Defence")


def _entry_by_an_author(servers: Servers) -> None:
    with servers.database.transaction() as session:
        author = make_user(session, role="analyst", name="Ana Author")
        benchmark = session.get(Recommendation, servers.rec_id).benchmarks[0]  # type: ignore[union-attr]
        record(session, benchmark, date(2026, 1, 5), achieved=True, by=_acting(author))
        servers.author_id = author.id


def admin_rename_user(servers: Servers, _tmp: Path) -> None:
    _edit_through_the_form(servers, servers.admin, f"/admin/users/{servers.author_id}", name="Ana Renamed")


def _acting(user: Any) -> Any:
    from scorecard.services.audit import ActingUser

    return ActingUser(user_id=user.id, email=user.email)


def web_import_small(servers: Servers, _tmp: Path) -> None:
    _web_import(servers, _two_recommendations("WEB"))


def web_import_background(servers: Servers, _tmp: Path) -> None:
    rows = "".join(f"BG-{n},Background {n},Wording,,,Security,,low,accepted,,,\r\n" for n in range(1, 6))
    _web_import(servers, _csv(rows))


def cli_import(servers: Servers, tmp: Path) -> None:
    (tmp / "two.csv").write_bytes(_two_recommendations("CLI"))
    _cli(servers, "import", str(tmp / "two.csv"))


def cli_import_bulk(servers: Servers, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The driver's own COPY / executemany, which no session hook sees.
    monkeypatch.setattr(writes, "BULK_FROM", 1)
    (tmp / "bulk.csv").write_bytes(_two_recommendations("BULK"))
    _cli(servers, "import", str(tmp / "bulk.csv"))


def _empty(servers: Servers) -> None:
    with servers.database.transaction() as session:
        session.delete(session.get(Recommendation, servers.rec_id))


def generator(servers: Servers, _tmp: Path) -> None:
    _cli(servers, "generate", "--recommendations", "4", "--benchmarks-per", "2", "--entries", "6")


def demo_load(servers: Servers, _tmp: Path) -> None:
    _cli(servers, "demo")


def _wrong_state(servers: Servers) -> None:
    """Wrong maintained state, as a crash or a hand edit might leave it, for the rebuild to repair."""
    with servers.database.transaction() as session:
        session.execute(update(RecommendationState).values(score=13, coverage=100))


def state_rebuild(servers: Servers, _tmp: Path) -> None:
    _cli(servers, "state", "rebuild")


# What each path needs in place before the pages are remembered.
PREPARE: dict[Callable[..., None], Callable[[Servers], None]] = {
    admin_rename_user: _entry_by_an_author,
    generator: _empty,
    state_rebuild: _wrong_state,
}


WRITES: list[Callable[..., None]] = [
    form_edit_recommendation,
    form_record_progress,
    reference_edit_theme,
    admin_rename_user,
    web_import_small,
    web_import_background,
    cli_import,
    cli_import_bulk,
    generator,
    demo_load,
    state_rebuild,
]


@pytest.mark.slow
@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_every_write_path_shows_at_once_in_every_server(servers, write, tmp_path, monkeypatch):
    if write in PREPARE:
        PREPARE[write](servers)
    before = servers.warm()
    stamp = servers.stamp()
    if write is cli_import_bulk:
        write(servers, tmp_path, monkeypatch)
    else:
        write(servers, tmp_path)
    truth = servers.pages(servers.truth)
    assert servers.stamp() > stamp
    assert truth != before  # the write changed what the pages show…
    for app in servers.apps:
        assert servers.pages(app) == truth  # …and neither server shows what it remembered


def test_a_raw_sql_write_moves_the_data_version(servers):
    stamp = servers.stamp()
    with servers.database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE recommendation SET title = 'By hand'")
    assert servers.stamp() > stamp

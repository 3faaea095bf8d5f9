"""Headers, friendly error pages, a busy database, logs, and the two-browser lost-update check."""

from __future__ import annotations

import logging
import re

import pytest
from flask import abort
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from scorecard.errors import NotFound
from scorecard.models import Recommendation
from scorecard.web import policy

from .. import factories
from ..conftest import Client
from ..helpers import form_fields


def test_pages_carry_the_security_headers(viewer):
    headers = viewer.get("/recommendations").headers
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])


def test_each_page_gets_its_own_style_nonce(viewer):
    first, second = viewer.get("/recommendations"), viewer.get("/recommendations")
    nonce = re.search(r"'nonce-([^']+)'", first.headers["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in first.get_data(as_text=True)
    assert nonce not in second.headers["Content-Security-Policy"]


def test_hsts_only_over_https(app):
    response = app.test_client().get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_static_files_may_be_cached(app):
    response = app.test_client().get("/static/scorecard.css")
    assert response.status_code == 200 and response.headers.get("Cache-Control") != "no-store"
    response.close()


@pytest.fixture
def failing_app(app):
    """The app with routes that fail in the ways the error pages must handle."""

    def boom():
        raise RuntimeError("secret detail: SELECT password_hash FROM app_user")

    def locked():
        raise OperationalError("UPDATE recommendation", {}, Exception("database is locked"))

    def missing():
        raise NotFound("Recommendation", 42)

    def conflict():
        abort(409)

    for name, view in {"boom": boom, "locked": locked, "missing": missing, "conflict": conflict}.items():
        app.add_url_rule(f"/_test/{name}", f"test_{name}", view)
        policy.POLICY[f"test_{name}"] = policy.read(policy.EVERYONE)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield app
    for name in ("boom", "locked", "missing", "conflict"):
        policy.POLICY.pop(f"test_{name}")


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/_test/boom", 500, "Something went wrong"),
        ("/_test/locked", 503, "Busy, please retry"),
        ("/_test/missing", 404, "Not found"),
        ("/_test/conflict", 409, "Changed by someone else"),
        ("/no/such/page", 404, "Not found"),
    ],
)
@pytest.mark.own_app  # adds routes, which an app that has served requests refuses
def test_errors_show_a_friendly_page_without_internals(failing_app, caplog, path, status, words):
    caplog.set_level(logging.INFO)
    response = failing_app.test_client().get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert words in html and "Reference:" in html
    for leak in ("Traceback", "SELECT", "password_hash", "database is locked", "RuntimeError"):
        assert leak not in html
    if status == 503:
        assert response.headers["Retry-After"] == "5"


def test_forbidden_and_bad_request_pages_are_friendly(viewer):
    forbidden = viewer.get("/admin/users")
    assert forbidden.status_code == 403 and "Not allowed" in forbidden.get_data(as_text=True)
    bad = viewer.post("/account", data={})
    assert bad.status_code == 400 and "did not come from this site" in bad.get_data(as_text=True)


@pytest.mark.own_app
def test_unhandled_error_is_logged_with_the_request_id(failing_app, caplog):
    caplog.set_level(logging.ERROR, logger="scorecard.errors")
    response = failing_app.test_client().get("/_test/boom", headers={"X-Request-ID": "trace-1234567"})
    assert response.headers["X-Request-ID"] == "trace-1234567"
    assert any(record.request_id == "trace-1234567" for record in caplog.records)


def test_log_lines_are_utc_with_request_id():
    from scorecard.settings import _RequestContextFilter

    formatter = logging.getLogger("scorecard").handlers[0].formatter
    record = logging.LogRecord("scorecard.x", logging.INFO, __file__, 1, "hello", None, None)
    _RequestContextFilter().filter(record)
    line = formatter.format(record)
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO scorecard\.x \[-\] hello", line)


def _edit_data(html: str, **changes: str) -> dict[str, str]:
    """The edit form as the browser would post it with the Save button, some fields changed."""
    return form_fields(html, index=-1, **changes, action="save")


def test_two_people_editing_the_same_recommendation_do_not_lose_an_update(app, session):
    rec = factories.make_recommendation(session, title="Original title")
    users = [factories.make_user(session, role="analyst") for _ in range(2)]
    session.commit()
    first, second = (app.test_client() for _ in range(2))
    for browser, user in zip((first, second), users, strict=True):
        browser.__class__ = Client
        browser.sign_in(user.email)
    form_a = first.get(f"/recommendations/{rec.id}/edit").get_data(as_text=True)
    form_b = second.get(f"/recommendations/{rec.id}/edit").get_data(as_text=True)
    saved = first.post(
        f"/recommendations/{rec.id}/edit", data=_edit_data(form_a, title="Title from the first")
    )
    assert saved.status_code == 302
    refused = second.post(
        f"/recommendations/{rec.id}/edit",
        data=_edit_data(form_b, title="Title from the second", locator="page 7"),
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "someone else saved this recommendation" in html
    assert "Original title → Title from the first" in html
    assert 'value="Title from the second"' in html and 'value="page 7"' in html  # what they typed is kept
    session.expire_all()
    assert (
        session.scalar(select(Recommendation.title).where(Recommendation.id == rec.id))
        == "Title from the first"
    )
    again = second.post(
        f"/recommendations/{rec.id}/edit",
        data=_edit_data(html, title="Title from the second", locator="page 7"),
    )
    assert again.status_code == 302  # having seen the other change, they may save over it deliberately
    session.expire_all()
    assert (
        session.scalar(select(Recommendation.title).where(Recommendation.id == rec.id))
        == "Title from the second"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/recommendations?page=99999999999999999999",
        "/recommendations?theme=%C2%B2",  # "²": str.isdigit says yes, int() says no
        "/recommendations?theme=99999999999999999999&actor=%D9%A3",
        "/recommendations?cycle=99999999999999999999",
        "/recommendations?due_from=0001-01-01&due_to=9999-12-31",
        "/scorecard?page=99999999999999999999&per_page=99999999999999999999",
        "/scorecard?as_of=0001-01-01",
        "/progress?page=99999999999999999999",
        "/admin/audit?until=9999-12-31&page=99999999999999999999",
        "/recommendations.csv?as_of=0001-01-01&cycle=99999999999999999999",
    ],
)
def test_hostile_query_strings_get_the_page_not_an_error(admin, a_recommendation, url):
    response = admin.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    response.close()


def test_an_id_too_long_for_any_table_is_not_found(viewer):
    assert viewer.get("/recommendations/99999999999999999999").status_code == 404
    assert viewer.get("/recommendations/2147483648").status_code == 404


@pytest.mark.slow
def test_a_page_past_the_end_shows_the_last_page(viewer, session):
    for n in range(30):
        factories.make_recommendation(session, code=f"PG-{n:02d}")
    session.commit()
    html = viewer.get("/recommendations?page=400").get_data(as_text=True)
    assert "PG-29" in html and "PG-00" not in html  # 30 rows, 25 a page: the second page
    grid = viewer.get("/scorecard?page=400").get_data(as_text=True)
    assert "PG-29" in grid


def test_a_scorecard_date_in_year_one_is_set_aside_with_a_message(viewer):
    html = viewer.get("/scorecard?as_of=0001-01-01").get_data(as_text=True)
    assert "“0001-01-01” is outside the years the as-of date can be; showing today." in html
    assert "Enter a date between 1900 and 2999." in html


def test_an_edit_form_without_its_version_is_refused_as_stale(analyst, session):
    rec = factories.make_recommendation(session, title="Original title")
    session.commit()
    page = analyst.get(f"/recommendations/{rec.id}/edit").get_data(as_text=True)
    refused = analyst.post(
        f"/recommendations/{rec.id}/edit", data={**_edit_data(page, title="Blind save"), "version": ""}
    )
    assert refused.status_code == 200 and "someone else saved this recommendation" in refused.get_data(
        as_text=True
    )
    session.expire_all()
    assert session.get(Recommendation, rec.id).title == "Original title"

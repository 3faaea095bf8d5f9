"""API writes: the forms' rules and messages, problem+json per field, If-Match with 412/409/428."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from scorecard.models import ProgressEntry
from tests import factories
from tests.api.conftest import bearer, make_token
from tests.helpers import form_fields

TOMORROW = "tomorrow"  # replaced when the test runs: collection may fall on the day before


@pytest.fixture
def rec(session: Session):
    """A recommendation with a milestone, a scale and a numeric benchmark."""
    made = factories.make_recommendation(
        session,
        benchmarks=[
            factories.milestone(),
            factories.on_scale(session),
            factories.numeric(),
        ],
    )
    session.commit()
    return made


def _pointers(answer) -> dict[str, str]:
    assert answer.mimetype == "application/problem+json", answer.get_data(as_text=True)
    return {error["pointer"]: error["detail"] for error in answer.get_json()["errors"]}


@pytest.mark.parametrize(
    ("form", "body", "pointer"),
    [
        ({"observed_on": TOMORROW, "value": "2"}, {"observed_on": TOMORROW, "value": 2}, "/observed_on"),
        ({"observed_on": "2026-01-01"}, {"observed_on": "2026-01-01"}, "/value"),
        (
            {"observed_on": "2026-01-01", "value": "2", "evidence_url": "javascript:alert(1)"},
            {"observed_on": "2026-01-01", "value": 2, "evidence_url": "javascript:alert(1)"},
            "/evidence_url",
        ),
    ],
)
def test_writes_give_the_same_message_as_the_progress_form(
    api: FlaskClient, analyst, session: Session, rec, form, body, pointer
) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    form, body = ({k: tomorrow if v == TOMORROW else v for k, v in d.items()} for d in (form, body))
    numeric = rec.benchmarks[2].id
    page = analyst.submit(f"/benchmarks/{numeric}/progress", form).get_data(as_text=True)
    answer = api.post(
        f"/api/v1/benchmarks/{numeric}/progress", json=body, headers=bearer(make_token(session))
    )
    assert answer.status_code == 422
    message = _pointers(answer)[pointer]
    assert html.escape(message) in page
    assert session.query(ProgressEntry).filter_by(benchmark_id=numeric).count() == 0


def test_writes_give_the_same_message_as_the_recommendation_form(
    api: FlaskClient, analyst, session: Session
) -> None:
    theme = factories.make_theme(session)
    session.commit()
    changes = {"code": "bad code!", "title": "T", "text": "W", "theme_id": str(theme.id)}
    changes |= {"issued_on": "2026-05-01", "due_on": "2026-01-01", "action": "save"}
    changes |= {"benchmarks-0-title": "Roadmap", "benchmarks-0-kind": "milestone"}
    page = analyst.get("/recommendations/new").get_data(as_text=True)
    shown = analyst.post("/recommendations/new", data=form_fields(page, **changes)).get_data(as_text=True)
    body = {"code": "bad code!", "title": "T", "text": "W", "theme_id": theme.id}
    body |= {"issued_on": "2026-05-01", "due_on": "2026-01-01"}
    body |= {"benchmarks": [{"title": "Roadmap", "kind": "milestone"}]}
    errors = _pointers(api.post("/api/v1/recommendations", json=body, headers=bearer(make_token(session))))
    assert set(errors) == {"/code", "/due_on"}
    assert [m for m in errors.values() if html.escape(m, quote=False) not in shown] == []


def test_writes_record_and_correct_progress_as_the_tokens_user(
    api: FlaskClient, session: Session, rec
) -> None:
    secret = make_token(session)
    milestone = rec.benchmarks[0].id
    recorded = api.post(
        f"/api/v1/benchmarks/{milestone}/progress",
        json={"observed_on": "2026-02-01", "achieved": False},
        headers=bearer(secret),
    )
    assert recorded.status_code == 201 and recorded.get_json()["score"] == 0
    entry_id = recorded.get_json()["entry_id"]
    assert session.get(ProgressEntry, entry_id).author_id is not None
    corrected = api.post(
        f"/api/v1/progress/{entry_id}/corrections",
        json={"observed_on": "2026-02-01", "achieved": True},
        headers=bearer(secret, **{"If-Match": recorded.headers["ETag"]}),
    )
    assert corrected.status_code == 201 and corrected.get_json()["corrects_id"] == entry_id
    again = api.post(
        f"/api/v1/progress/{entry_id}/corrections",
        json={"observed_on": "2026-02-01", "achieved": True},
        headers=bearer(secret),
    )
    assert again.status_code == 409


def editable(api: FlaskClient, secret: str, url: str) -> tuple[Any, dict[str, Any]]:
    """A recommendation as read, and its fields as a PUT sends them back (no read-only ones)."""
    read = api.get(url, headers=bearer(secret))
    body = read.get_json()
    fields = {k: v for k, v in body.items() if k not in ("archived", "version")}
    fields["benchmarks"] = [{k: v for k, v in b.items() if k != "position"} for b in body["benchmarks"]]
    return read, fields


def test_writes_update_with_if_match_and_refuse_a_stale_one(api: FlaskClient, session: Session, rec) -> None:
    secret = make_token(session)
    url = f"/api/v1/recommendations/{rec.code}"
    read, fields = editable(api, secret, url)
    assert api.put(url, json=fields, headers=bearer(secret)).status_code == 428
    saved = api.put(
        url, json={**fields, "title": "New"}, headers=bearer(secret, **{"If-Match": read.headers["ETag"]})
    )
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["title"] == "New" and saved.headers["ETag"] != read.headers["ETag"]
    stale = api.put(
        url, json={**fields, "title": "Older"}, headers=bearer(secret, **{"If-Match": read.headers["ETag"]})
    )
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"


def test_writes_add_a_benchmark_through_the_recommendation(api: FlaskClient, session: Session, rec) -> None:
    secret = make_token(session)
    url = f"/api/v1/recommendations/{rec.code}"
    read, fields = editable(api, secret, url)
    fields["benchmarks"] = [*fields["benchmarks"], {"title": "Law adopted", "kind": "milestone"}]
    saved = api.put(url, json=fields, headers=bearer(secret, **{"If-Match": read.headers["ETag"]}))
    assert [b["title"] for b in saved.get_json()["benchmarks"]][-1] == "Law adopted"


def test_writes_of_the_wrong_shape_are_problems_per_field(api: FlaskClient, session: Session) -> None:
    answer = api.post("/api/v1/recommendations", json={"code": 5}, headers=bearer(make_token(session)))
    assert answer.status_code == 422
    assert {"/code", "/title", "/text"} <= set(_pointers(answer))

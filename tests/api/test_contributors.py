"""Contributors through the API: their token reads what their actors are asked to act on, and reports
progress on their actors' benchmarks for review (as the web form does); nothing else."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from scorecard.models import ProgressEntry
from scorecard.services import review, tokens
from tests import factories
from tests.api.conftest import SYSTEM, bearer, make_token
from tests.api.test_writes import editable


@pytest.fixture
def world(session: Session) -> dict[str, object]:
    """Two actors with a recommendation each (one archived besides), and a contributor of the first."""
    ours, theirs = factories.make_actor(session), factories.make_actor(session)
    mine = factories.make_recommendation(session, code="OURS-1", actors=[(ours.id, "lead")])
    other = factories.make_recommendation(session, code="THEIRS-1", actors=[(theirs.id, "lead")])
    contributor = factories.make_user(session, role="contributor", actor_ids=[ours.id])
    made = tokens.create_token(
        session, contributor.id, name="c", scope="write", expires_in_days=None, by=SYSTEM
    )
    session.commit()
    return {"mine": mine, "other": other, "secret": made.secret, "theirs": theirs}


def _codes(api: FlaskClient, secret: str, url: str) -> list[str]:
    answer = api.get(url, headers=bearer(secret))
    assert answer.status_code == 200, answer.get_json()
    return sorted({row.get("code") or row["recommendation_code"] for row in answer.get_json()["items"]})


def test_contributor_token_reads_only_its_actors_recommendations(api: FlaskClient, world) -> None:
    secret = world["secret"]
    assert _codes(api, secret, "/api/v1/recommendations") == ["OURS-1"]
    assert _codes(api, secret, "/api/v1/benchmarks") == ["OURS-1"]
    # asking for another actor's recommendations finds none, rather than widening the scope
    assert _codes(api, secret, f"/api/v1/recommendations?actor={world['theirs'].id}") == []
    assert api.get("/api/v1/recommendations/OURS-1", headers=bearer(secret)).status_code == 200
    hidden = api.get("/api/v1/recommendations/THEIRS-1", headers=bearer(secret))
    assert hidden.status_code == 404 and hidden.mimetype == "application/problem+json"


def test_contributor_token_reaches_nothing_else(api: FlaskClient, world) -> None:
    for url in ("/api/v1/scorecard", "/api/v1/themes", "/api/v1/actors", "/api/v1/frameworks"):
        answer = api.get(url, headers=bearer(world["secret"]))
        assert answer.status_code == 403 and answer.mimetype == "application/problem+json", url


def report_achieved(api: FlaskClient, secret: str, url: str) -> Any:
    """POST today's "achieved" observation to `url` (a benchmark's progress, or an entry's corrections)."""
    return api.post(
        url, json={"observed_on": date.today().isoformat(), "achieved": True}, headers=bearer(secret)
    )


def _score(api: FlaskClient, secret: str, code: str) -> float | None:
    rows = api.get(f"/api/v1/recommendations?q={code}", headers=bearer(secret)).get_json()["items"]
    return next(row["score"] for row in rows if row["code"] == code)


def test_contributor_progress_on_its_benchmark_waits_for_review(
    api: FlaskClient, session: Session, world
) -> None:
    analyst = make_token(session, role="analyst", scope="write")
    before = _score(api, analyst, "OURS-1")
    benchmark = world["mine"].benchmarks[0]
    answer = report_achieved(api, world["secret"], f"/api/v1/benchmarks/{benchmark.id}/progress")
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["review_status"] == "submitted"
    stored = session.get(ProgressEntry, answer.get_json()["entry_id"])
    assert stored is not None and stored.review_status == "submitted"
    assert _score(api, analyst, "OURS-1") == before


def test_contributor_progress_on_another_actors_benchmark_is_refused(
    api: FlaskClient, session: Session, world
) -> None:
    benchmark = world["other"].benchmarks[0]
    answer = report_achieved(api, world["secret"], f"/api/v1/benchmarks/{benchmark.id}/progress")
    assert answer.status_code == 404 and answer.mimetype == "application/problem+json"
    session.expire_all()
    assert session.query(ProgressEntry).filter_by(benchmark_id=benchmark.id).count() == 0


def test_contributor_cannot_create_or_update_recommendations(
    api: FlaskClient, session: Session, world
) -> None:
    secret = world["secret"]
    body = {"code": "NEW-1", "title": "T", "text": "W", "theme_id": factories.make_theme(session).id}
    session.commit()
    created = api.post("/api/v1/recommendations", json=body, headers=bearer(secret))
    assert created.status_code == 403 and created.mimetype == "application/problem+json"
    current, fields = editable(api, secret, "/api/v1/recommendations/OURS-1")
    updated = api.put(
        "/api/v1/recommendations/OURS-1",
        json={**fields, "title": "Changed"},
        headers=bearer(secret, **{"If-Match": current.headers["ETag"]}),
    )
    assert updated.status_code == 403
    session.expire_all()
    assert world["mine"].title != "Changed"


def _report(api: FlaskClient, secret: str, benchmark_id: int) -> int:
    answer = api.post(
        f"/api/v1/benchmarks/{benchmark_id}/progress",
        json={"observed_on": date.today().isoformat(), "achieved": False, "note": "first try"},
        headers=bearer(secret),
    )
    assert answer.status_code == 201, answer.get_json()
    return int(answer.get_json()["entry_id"])


def test_contributor_revises_a_returned_entry_and_it_goes_back_to_review(
    api: FlaskClient, session: Session, world
) -> None:
    secret, benchmark = world["secret"], world["mine"].benchmarks[0]
    entry_id = _report(api, secret, benchmark.id)
    body = {"observed_on": date.today().isoformat(), "achieved": True, "note": "with the decree"}
    # not yet returned: nothing to revise, and the reason says so
    early = api.post(f"/api/v1/progress/{entry_id}/corrections", json=body, headers=bearer(secret))
    assert early.status_code == 422 and "returned to you" in early.get_json()["detail"]
    review.decide(session, [entry_id], approve=False, comment="Attach the decree", by=SYSTEM)
    session.commit()
    answer = api.post(f"/api/v1/progress/{entry_id}/corrections", json=body, headers=bearer(secret))
    assert answer.status_code == 201, answer.get_json()
    revised = answer.get_json()
    assert revised["review_status"] == "submitted" and revised["corrects_id"] == entry_id
    session.expire_all()
    assert session.get(ProgressEntry, entry_id).superseded_at is not None
    again = api.post(f"/api/v1/progress/{entry_id}/corrections", json=body, headers=bearer(secret))
    assert again.status_code == 409  # the returned entry was replaced: revise the one that counts


def test_contributor_cannot_revise_another_actors_entry(api: FlaskClient, session: Session, world) -> None:
    theirs = factories.record(session, world["other"].benchmarks[0], date.today(), achieved=False)
    session.commit()
    answer = report_achieved(api, world["secret"], f"/api/v1/progress/{theirs.id}/corrections")
    assert answer.status_code == 404 and answer.mimetype == "application/problem+json"
    session.expire_all()
    assert session.get(ProgressEntry, theirs.id).superseded_at is None

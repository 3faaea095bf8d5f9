"""Contributors and reviewers in the browser: scoping by URL and by form, the inbox, scores that wait."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from scorecard.models import ProgressEntry
from scorecard.services import evidence

from .. import factories
from ..conftest import Client
from ..services.test_evidence import PDF
from .test_admin import submit_new_account


@pytest.fixture
def world(session):
    """A recommendation for our actor and one for another, each with a numeric benchmark."""
    world = factories.led_by_two_actors(
        session,
        [factories.numeric("Judges trained", baseline=0, target=100)],
        [factories.numeric("Roads built", baseline=0, target=10)],
    )
    factories.record(session, world["mine"].benchmarks[0], date(2026, 1, 15), value=20.0)
    session.commit()
    return world


def signed_in(app, session, role: str, **extra) -> Client:
    user = factories.make_user(session, role=role, **extra)
    session.commit()
    app.test_client_class = Client
    client: Client = app.test_client()  # type: ignore[assignment]
    assert client.sign_in(user.email).status_code == 302
    client.user = user  # type: ignore[attr-defined]
    return client


@pytest.fixture
def contributor(app, session, world) -> Client:
    return signed_in(app, session, "contributor", actor_ids=[world["ours"].id])


def entries(session, benchmark_id):
    session.expire_all()
    return session.scalars(
        select(ProgressEntry).where(ProgressEntry.benchmark_id == benchmark_id).order_by(ProgressEntry.id)
    ).all()


def csv_scores(client) -> dict[str, str]:
    response = client.get("/scorecard.csv")
    return {
        r["recommendation_code"]: r["score"]
        for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    }


def recommendation_score(client, rec) -> str:
    html = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    match = re.search(r'<span class="score [^"]*">\s*([^<]*?)\s*<', html)
    assert match
    return match.group(1)


def scorecard_score(client, rec) -> str:
    page = client.get("/scorecard").get_data(as_text=True)
    row = re.search(rf'<tr class="rec-row[^"]*" data-code="{re.escape(rec.code)}">(.*?)</tr>', page, re.S)
    assert row
    score = re.search(r'<td class="num score-cell"><span class="score [^"]*">\s*([^<]*?)\s*<', row.group(1))
    assert score
    return score.group(1)


def test_contributor_lands_on_its_reports_and_sees_only_its_actors_benchmarks(contributor, world):
    response = contributor.get("/login")
    assert response.status_code == 302 and response.headers["Location"].endswith("/reports")
    html = contributor.get("/reports").get_data(as_text=True)
    assert "Judges trained" in html and "Roads built" not in html
    for url in (
        "/",
        "/scorecard",
        "/recommendations",
        f"/recommendations/{world['mine'].id}",
        "/admin/users",
    ):
        assert contributor.get(url).status_code == 403, url


def test_contributor_cannot_reach_another_actors_benchmark_by_url_or_by_form(contributor, session, world):
    theirs = world["other"].benchmarks[0].id
    assert contributor.get(f"/reports/benchmarks/{theirs}").status_code == 404
    # A form taken from our own benchmark's page, posted to theirs (the id is the URL's: tampering with it).
    token = contributor.csrf_token(f"/reports/benchmarks/{world['mine'].benchmarks[0].id}")
    tampered = contributor.post(
        f"/reports/benchmarks/{theirs}", data={"csrf_token": token, "observed_on": "2026-03-01", "value": "5"}
    )
    assert tampered.status_code == 404
    assert contributor.post(f"/benchmarks/{theirs}/progress", data={"csrf_token": token}).status_code == 403
    assert entries(session, theirs) == []
    # Nor revise another actor's entry.
    their_entry = factories.record(session, theirs, date(2026, 2, 1), value=2.0)
    session.commit()
    assert contributor.get(f"/reports/entries/{their_entry.id}").status_code == 404


def test_submitted_entry_changes_no_score_until_approved(app, session, contributor, analyst, world):
    rec = world["mine"]
    before = (
        csv_scores(analyst)[rec.code],
        recommendation_score(analyst, rec),
        scorecard_score(analyst, rec),
    )
    assert before == ("20.0", "20", "20")
    response = contributor.submit(
        f"/reports/benchmarks/{rec.benchmarks[0].id}",
        {"observed_on": "2026-03-01", "value": "90", "evidence_url": "https://example.org/report"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert (
        csv_scores(analyst)[rec.code],
        recommendation_score(analyst, rec),
        scorecard_score(analyst, rec),
    ) == before
    assert "Awaiting review" in analyst.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    inbox = analyst.get("/review").get_data(as_text=True)
    assert "Judges trained" in inbox and 'class="count-badge">1' in inbox
    waiting = entries(session, rec.benchmarks[0].id)[-1]
    assert analyst.submit("/review", {"decision": f"approve-{waiting.id}"}, page="/review").status_code == 302
    assert (
        csv_scores(analyst)[rec.code],
        recommendation_score(analyst, rec),
        scorecard_score(analyst, rec),
    ) == (
        "90.0",
        "90",
        "90",
    )


def test_return_then_revise_then_approve_from_the_browser(session, contributor, analyst, world):
    benchmark = world["mine"].benchmarks[0]
    contributor.submit(f"/reports/benchmarks/{benchmark.id}", {"observed_on": "2026-03-01", "value": "90"})
    first = entries(session, benchmark.id)[-1]
    refused = analyst.submit(
        "/review", {"decision": f"return-{first.id}"}, page="/review", follow_redirects=True
    )
    assert "needs a comment" in refused.get_data(as_text=True)
    analyst.submit(
        "/review", {"decision": f"return-{first.id}", f"comment-{first.id}": "Which courts?"}, page="/review"
    )
    mine = contributor.get("/reports").get_data(as_text=True)
    assert "Which courts?" in mine and f"/reports/entries/{first.id}" in mine
    contributor.submit(f"/reports/entries/{first.id}", {"observed_on": "2026-03-01", "value": "85"})
    second = entries(session, benchmark.id)[-1]
    assert second.corrects_id == first.id and second.review_status == "submitted"
    analyst.submit("/review", {"decision": f"approve-{second.id}"}, page="/review")
    assert [(e.review_status, e.superseded_at is not None) for e in entries(session, benchmark.id)] == [
        ("approved", False),
        ("returned", True),
        ("approved", False),
    ]


def test_inbox_batch_approve(app, session, world, analyst):
    reporter = signed_in(app, session, "contributor", actor_ids=[world["ours"].id, world["theirs"].id])
    for rec in (world["mine"], world["other"]):
        assert (
            reporter.submit(
                f"/reports/benchmarks/{rec.benchmarks[0].id}", {"observed_on": "2026-03-01", "value": "5"}
            )
        ).status_code == 302
    waiting = [entries(session, rec.benchmarks[0].id)[-1].id for rec in (world["mine"], world["other"])]
    token = analyst.csrf_token("/review")
    response = analyst.post(
        "/review",
        data={"csrf_token": token, "decision": "approve", "entry_ids": [str(i) for i in waiting]},
        follow_redirects=True,
    )
    assert "2 entries approved" in response.get_data(as_text=True)
    assert "Nothing waits for review" in response.get_data(as_text=True)
    session.expire_all()
    assert {session.get(ProgressEntry, i).review_status for i in waiting} == {"approved"}


def test_new_forms_refuse_a_missing_csrf_token(session, contributor, analyst, admin, world):
    benchmark = world["mine"].benchmarks[0].id
    assert contributor.post(f"/reports/benchmarks/{benchmark}", data={"value": "5"}).status_code == 400
    assert analyst.post("/review", data={"decision": "approve", "entry_ids": ["1"]}).status_code == 400
    assert admin.post("/perspectives/new", data={"name": "Shadow"}).status_code == 400
    assert entries(session, benchmark)[-1].review_status == "approved"  # only the analyst's entry


def test_admin_sets_a_contributors_actors(session, admin, world):
    response = submit_new_account(
        admin,
        email="ministry@example.org",
        name="Ministry",
        role="contributor",
        actors=[str(world["ours"].id)],
        password=factories.PASSWORD,
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    user = factories.users.list_users(session)
    made = next(u for u in user if u.email == "ministry@example.org")
    assert factories.users.user_actor_ids(session, made.id) == [world["ours"].id]
    edit = admin.get(f"/admin/users/{made.id}").get_data(as_text=True)
    assert re.search(
        rf'<option selected value="{world["ours"].id}"|value="{world["ours"].id}" selected', edit
    )
    refused = admin.submit(
        f"/admin/users/{made.id}",
        {"name": "Ministry", "role": "contributor", "active": "y", "version": str(made.version)},
    )
    assert "at least one actor" in refused.get_data(as_text=True)


@pytest.fixture
def two_views(session, world):
    """The monitoring team and a shadow report on one scale benchmark and one numeric one."""
    shadow = factories.make_perspective(session)
    rec = factories.make_recommendation(
        session,
        code=factories.unique_code("PER"),
        benchmarks=[
            factories.on_scale(session, "Commission assessment"),
            factories.numeric("Cases", baseline=0, target=100),
        ],
    )
    levels = factories.scale(session, "EU progress").levels
    scale_benchmark, numeric = rec.benchmarks
    factories.record(session, scale_benchmark, date(2026, 2, 1), level_id=levels[1].id)
    factories.record(session, numeric, date(2026, 2, 1), value=50.0)
    for benchmark, values in ((scale_benchmark, {"level_id": levels[-1].id}), (numeric, {"value": 60.0})):
        factories.progress.record_progress(
            session,
            benchmark.id,
            fields=factories.progress.EntryInput(
                observed_on=date(2026, 2, 2), perspective_id=shadow.id, **values
            ),
            by=factories.SYSTEM,
        )
    session.commit()
    return {"shadow": shadow, "rec": rec}


def test_scorecard_shows_two_perspectives_side_by_side_and_marks_disagreement(viewer, two_views):
    rec, shadow = two_views["rec"], two_views["shadow"]
    alone = viewer.get("/scorecard").get_data(as_text=True)
    assert "is-disagreement" not in alone and shadow.name in alone  # offered in the menu only
    theirs = viewer.get(f"/scorecard?perspective={shadow.id}").get_data(as_text=True)
    assert f"assessment: <strong>{shadow.name}</strong>" in theirs
    both = viewer.get(f"/scorecard?beside={shadow.id}").get_data(as_text=True)
    row = re.search(rf'<tr class="rec-row is-disagreement" data-code="{rec.code}">(.*?)</tr>', both, re.S)
    assert row, "the row of two perspectives far apart is highlighted"
    assert 'class="cell is-disagreement"' in row.group(1) or "cell--changed is-disagreement" in row.group(1)
    assert f"Score: {shadow.name}" in both and "Perspectives disagree" in both
    detail = viewer.get(f"/recommendations/{rec.id}?beside={shadow.id}").get_data(as_text=True)
    assert "Perspectives disagree" in detail and 'class="is-disagreement"' in detail


def test_scorecard_csv_shows_two_perspectives_side_by_side(viewer, two_views):
    rec, shadow = two_views["rec"], two_views["shadow"]
    plain = viewer.get("/scorecard.csv").get_data(as_text=True)
    assert "beside_score" not in plain.splitlines()[0]
    response = viewer.get(f"/scorecard.csv?beside={shadow.id}")
    rows = {r["recommendation_code"]: r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    line = rows[rec.code]
    assert line["perspective"] == "Monitoring team" and line["beside_perspective"] == shadow.name
    assert float(line["beside_score"]) > float(line["score"]) and line["disagrees"] in (
        "yes",
        "true",
        "1",
        "True",
    )
    theirs = {
        r["recommendation_code"]: r
        for r in csv.DictReader(
            io.StringIO(viewer.get(f"/scorecard.csv?perspective={shadow.id}").get_data(as_text=True))
        )
    }
    assert (
        theirs[rec.code]["score"] == line["beside_score"] and theirs[rec.code]["perspective"] == shadow.name
    )


def test_scorecard_csv_flags_disagreement_by_levels_as_the_page_does(viewer, session):
    """Scores within 20 points, yet one benchmark two levels apart: the page and the CSV both flag it."""
    shadow = factories.make_perspective(session)
    rec = factories.make_recommendation(
        session,
        code=factories.unique_code("LVL"),
        benchmarks=[factories.on_scale(session), factories.numeric("Cases", baseline=0, target=100)],
    )
    levels = sorted(factories.scale(session, "EU progress").levels, key=lambda lv: lv.position)
    low, high = levels[0], levels[2]
    gap = float(high.score) - float(low.score)
    scale_benchmark, numeric = rec.benchmarks
    readings = {None: (low.id, 95.0), shadow.id: (high.id, 95.0 - gap)}
    for perspective_id, (level_id, value) in readings.items():
        for benchmark, values in ((scale_benchmark, {"level_id": level_id}), (numeric, {"value": value})):
            factories.progress.record_progress(
                session,
                benchmark.id,
                fields=factories.progress.EntryInput(
                    observed_on=date(2026, 2, 1), perspective_id=perspective_id, **values
                ),
                by=factories.SYSTEM,
            )
    session.commit()
    both = viewer.get(f"/scorecard?beside={shadow.id}&q={rec.code}").get_data(as_text=True)
    assert re.search(rf'<tr class="rec-row is-disagreement" data-code="{rec.code}">', both)
    response = viewer.get(f"/scorecard.csv?beside={shadow.id}&q={rec.code}")
    line = next(
        r
        for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))
        if r["recommendation_code"] == rec.code
    )
    assert abs(float(line["beside_score"]) - float(line["score"])) <= 20
    assert line["disagrees"] in ("yes", "true", "1", "True")


def test_contributor_downloads_the_evidence_of_its_own_actors_entries_only(
    contributor, viewer, session, world
):
    files = {}
    for name in ("mine", "other"):
        entry = factories.progress.record_progress(
            session,
            world[name].benchmarks[0].id,
            fields=factories.progress.EntryInput(observed_on=date(2026, 2, 1), value=5.0),
            by=factories.SYSTEM,
            submitted=name == "mine",
        )
        files[name] = evidence.attach_file(
            session, entry.id, filename=f"{name}.pdf", content=PDF, public=False, by=factories.SYSTEM
        ).id
    session.commit()
    own = contributor.get(f"/evidence/{files['mine']}/download")
    assert own.status_code == 200 and own.data == PDF
    assert own.headers["Content-Disposition"].startswith("attachment")
    assert own.headers["X-Content-Type-Options"] == "nosniff"
    assert contributor.get(f"/evidence/{files['other']}/download").status_code == 404
    assert contributor.get("/evidence/999999/download").status_code == 404  # the same answer as another's
    assert viewer.get(f"/evidence/{files['other']}/download").status_code == 200

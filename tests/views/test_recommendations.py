"""The recommendations list, a recommendation's page, and the form that creates and edits them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from scorecard.models import Benchmark, Recommendation

from .. import factories
from ..helpers import QueryCounter, form_fields


def codes_on(html: str) -> list[str]:
    return re.findall(r'<td class="code[^"]*"><a [^>]*>([^<]+)</a>', html)


@pytest.fixture
def three(session):
    """Three recommendations that differ in every filterable way."""
    security, economy = factories.make_theme(session, "Security"), factories.make_theme(session, "Economy")
    kosovo, serbia = (
        factories.make_actor(session, "Government of Kosovo"),
        factories.make_actor(session, "Government of Serbia"),
    )
    report = factories.make_source(session, "The op-ed")
    old = date.today() - timedelta(days=400)
    a = factories.make_recommendation(
        session,
        code="NK-01",
        title="Withdraw police formations",
        theme_id=security.id,
        actors=[(kosovo.id, "lead")],
        status="stalled",
        priority="high",
        due_on=date.today() - timedelta(days=30),
        issued_on=old,
        benchmarks=[factories.numeric(baseline=4, target=0)],
    )
    b = factories.make_recommendation(
        session,
        code="NK-02",
        title="Lower the threat posture",
        theme_id=security.id,
        actors=[(serbia.id, "lead")],
        status="in_progress",
        priority="medium",
        source_id=report.id,
        issued_on=old,
        due_on=date.today() + timedelta(days=200),
    )
    c = factories.make_recommendation(
        session,
        code="US-01",
        title="Annual strategic dialogues",
        text="Establishing annual bilateral strategic dialogues.",
        theme_id=economy.id,
        actors=[(kosovo.id, "supporting")],
        status="implemented",
        priority="low",
        issued_on=old,
    )
    factories.record(session, a.benchmarks[0], date.today() - timedelta(days=10), value=2)
    factories.record(session, c.benchmarks[0], date.today() - timedelta(days=300), achieved=True)
    session.commit()
    return {"a": a, "b": b, "c": c, "security": security, "kosovo": kosovo, "report": report}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["NK-01", "NK-02", "US-01"]),
        ("q=strategic", ["US-01"]),  # title
        ("q=BILATERAL", ["US-01"]),  # wording, any case
        ("q=nk-0", ["NK-01", "NK-02"]),  # code
        ("status=stalled", ["NK-01"]),
        ("status=stalled&status=implemented", ["NK-01", "US-01"]),
        ("priority=low", ["US-01"]),
        ("overdue=y", ["NK-01"]),
        ("q=%25", []),  # a literal percent sign matches nothing, not everything
    ],
)
@pytest.mark.slow
def test_list_filters(viewer, three, query, expected):
    assert codes_on(viewer.get(f"/recommendations?{query}").get_data(as_text=True)) == expected


def test_list_filters_by_theme_actor_and_source(viewer, three):
    html = viewer.get(f"/recommendations?theme={three['security'].id}&actor={three['kosovo'].id}").get_data(
        as_text=True
    )
    assert codes_on(html) == ["NK-01"]
    assert codes_on(viewer.get(f"/recommendations?source={three['report'].id}").get_data(as_text=True)) == [
        "NK-02"
    ]


def test_list_stale_filter_uses_the_last_entry(viewer, session, three, app):
    app.config["STALE_DAYS"] = 100
    session.execute(Recommendation.__table__.update().values(created_at=func.current_timestamp()))
    html = viewer.get("/recommendations?stale=y").get_data(as_text=True)
    assert codes_on(html) == []  # NK-02 only just recorded; US-01's last entry is old but it is implemented
    three["b"].status = "in_progress"
    factories.record(session, three["b"].benchmarks[0], date.today() - timedelta(days=150), achieved=False)
    session.commit()
    assert codes_on(viewer.get("/recommendations?stale=y").get_data(as_text=True)) == ["NK-02"]


def test_list_sorts_by_any_column_both_ways(viewer, three):
    assert codes_on(viewer.get("/recommendations?sort=title").get_data(as_text=True)) == [
        "US-01",
        "NK-02",
        "NK-01",
    ]
    by_score = codes_on(viewer.get("/recommendations?sort=score&direction=desc").get_data(as_text=True))
    assert by_score == ["US-01", "NK-01", "NK-02"]  # not assessed goes last either way
    assert codes_on(viewer.get("/recommendations?sort=priority").get_data(as_text=True)) == [
        "NK-01",
        "NK-02",
        "US-01",
    ]


@pytest.mark.slow
def test_list_pages_and_counts(viewer, session):
    theme = factories.make_theme(session)
    for n in range(30):
        factories.make_recommendation(session, code=f"P-{n:02d}", theme_id=theme.id)
    session.commit()
    first = viewer.get(f"/recommendations?theme={theme.id}").get_data(as_text=True)
    assert "30 recommendations match these filters" in first and "showing 1–25" in first
    assert len(codes_on(first)) == 25
    second = viewer.get(f"/recommendations?theme={theme.id}&page=2").get_data(as_text=True)
    assert codes_on(second) == [f"P-{n:02d}" for n in range(25, 30)]
    assert (
        len(codes_on(viewer.get(f"/recommendations?theme={theme.id}&per_page=50").get_data(as_text=True)))
        == 30
    )


def test_list_empty_states_say_what_to_do(analyst, viewer, three):
    assert "No recommendations match these filters" in viewer.get(
        "/recommendations?q=nothing-like-it"
    ).get_data(as_text=True)


@pytest.mark.slow
def test_list_and_detail_make_a_constant_number_of_queries(viewer, session, connection):
    theme = factories.make_theme(session)

    def add(count):
        for _ in range(count):
            rec = factories.make_recommendation(
                session,
                theme_id=theme.id,
                actors=[(factories.make_actor(session).id, "lead")],
                benchmarks=[factories.milestone(), factories.on_scale(session)],
            )
            factories.record(session, rec.benchmarks[0], date(2026, 1, 1), achieved=True)
            factories.record(session, rec.benchmarks[1], date(2026, 1, 1), eu_level="some progress")
        session.commit()
        return rec

    def queries(url):
        with QueryCounter(connection) as counter:
            assert viewer.get(url).status_code == 200
        return counter.count

    add(3)
    small = queries(f"/recommendations?theme={theme.id}")
    last = add(40)
    assert queries(f"/recommendations?theme={theme.id}&per_page=50") == small
    detail_few = queries(f"/recommendations/{last.id}")
    for day in range(2, 30):
        factories.record(session, last.benchmarks[0], date(2026, 1, day), achieved=day % 2 == 0)
    session.commit()
    assert queries(f"/recommendations/{last.id}") == detail_few


def test_detail_shows_wording_source_actors_states_and_history(viewer, session, three):
    rec = three["a"]
    html = viewer.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Withdraw police formations" in html and "Government of Kosovo" in html and "(lead)" in html
    assert "Overdue" in html and "Progress history" in html and "Change history" in html
    assert "Created NK-01" in html
    assert viewer.get("/recommendations/999999").status_code == 404


def test_viewer_sees_no_edit_controls(viewer, three):
    html = viewer.get(f"/recommendations/{three['a'].id}").get_data(as_text=True)
    for control in ("Edit", "Archive", "Record progress", "Correct", "New recommendation"):
        assert f">{control}<" not in html and f">{control}" not in html


def new_form_data(analyst, **changes):
    page = analyst.get("/recommendations/new").get_data(as_text=True)
    return form_fields(page, **changes)


def test_create_with_three_kinds_of_benchmarks(analyst, session):
    theme = factories.make_theme(session)
    session.commit()
    data = new_form_data(
        analyst,
        code="eu-09",
        title="Publish a roadmap",
        text="A roadmap …",
        theme_id=str(theme.id),
        action="add:benchmarks",
    )
    data = form_fields(
        analyst.post("/recommendations/new", data=data).get_data(as_text=True), action="add:benchmarks"
    )
    data = form_fields(analyst.post("/recommendations/new", data=data).get_data(as_text=True))
    scale_id = factories.scale(session, "EU progress").id
    data.update(
        {
            "benchmarks-0-title": "Roadmap published",
            "benchmarks-0-kind": "milestone",
            "benchmarks-1-title": "Commission assessment",
            "benchmarks-1-kind": "scale",
            "benchmarks-1-scale_id": str(scale_id),
            "benchmarks-2-title": "Member states consulted",
            "benchmarks-2-kind": "numeric",
            "benchmarks-2-baseline": "0",
            "benchmarks-2-target": "27",
            "benchmarks-2-unit": "states",
            "action": "save",
        }
    )
    response = analyst.post("/recommendations/new", data=data)
    assert response.status_code == 302
    rec = session.scalar(select(Recommendation).where(Recommendation.code == "EU-09"))
    assert [b.kind for b in rec.benchmarks] == ["milestone", "scale", "numeric"]
    assert rec.benchmarks[2].direction == "increase"


def test_form_keeps_typed_input_and_shows_errors_beside_fields(analyst, session):
    existing = factories.make_recommendation(session, code="DUP-1")
    session.commit()
    data = new_form_data(
        analyst,
        code="dup-1",
        title="Typed title",
        text="Typed wording <b>kept</b>",
        theme_id=str(existing.theme_id),
        **{
            "benchmarks-0-title": "Troops",
            "benchmarks-0-kind": "numeric",
            "benchmarks-0-baseline": "700",
            "benchmarks-0-target": "700",
            "benchmarks-0-weight": "abc",
        },
    )
    html = analyst.post("/recommendations/new", data=data).get_data(as_text=True)
    assert "Enter a number, such as 12 or 3.5." in html
    assert 'value="Typed title"' in html and "Typed wording &lt;b&gt;kept&lt;/b&gt;" in html
    data["benchmarks-0-weight"] = "1"
    html = analyst.post("/recommendations/new", data=data).get_data(as_text=True)
    assert "Code DUP-1 is already used by another recommendation." in html
    assert "The target must differ from the baseline." in html
    assert session.scalar(select(func.count(Recommendation.id)).where(Recommendation.code == "DUP-1")) == 1


def test_form_buttons_reorder_and_remove_benchmarks_without_saving(analyst, session):
    rec = factories.make_recommendation(
        session,
        benchmarks=[
            factories.milestone("First"),
            factories.milestone("Second"),
            factories.milestone("Third"),
        ],
    )
    session.commit()
    page = analyst.get(f"/recommendations/{rec.id}/edit").get_data(as_text=True)
    moved = analyst.post(f"/recommendations/{rec.id}/edit", data=form_fields(page, action="up:benchmarks:2"))
    titles = re.findall(r'name="benchmarks-\d+-title"[^>]*value="([^"]+)"', moved.get_data(as_text=True))
    assert titles == ["First", "Third", "Second"]
    removed = analyst.post(
        f"/recommendations/{rec.id}/edit",
        data=form_fields(moved.get_data(as_text=True), action="remove:benchmarks:0"),
    )
    html = removed.get_data(as_text=True)
    assert re.findall(r'name="benchmarks-\d+-title"[^>]*value="([^"]+)"', html) == ["Third", "Second"]
    session.expire_all()
    assert [b.title for b in session.get(Recommendation, rec.id).benchmarks] == ["First", "Second", "Third"]
    saved = analyst.post(f"/recommendations/{rec.id}/edit", data=form_fields(html, action="save"))
    assert saved.status_code == 302
    session.expire_all()
    live = session.scalars(
        select(Benchmark.title).where(Benchmark.recommendation_id == rec.id).order_by(Benchmark.position)
    ).all()
    assert live == ["Third", "Second"]


def test_archive_and_restore_from_the_page(analyst, session, three):
    rec = three["b"]
    archived = analyst.submit(
        f"/recommendations/{rec.id}/archive", {"version": str(rec.version)}, page=f"/recommendations/{rec.id}"
    )
    assert archived.status_code == 302
    assert "NK-02" not in codes_on(analyst.get("/recommendations").get_data(as_text=True))
    assert "NK-02" in codes_on(analyst.get("/recommendations?archived=archived").get_data(as_text=True))
    session.expire_all()
    restored = analyst.submit(
        f"/recommendations/{rec.id}/restore",
        {"version": str(session.get(Recommendation, rec.id).version)},
        page=f"/recommendations/{rec.id}",
    )
    assert restored.status_code == 302
    assert "NK-02" in codes_on(analyst.get("/recommendations").get_data(as_text=True))


def test_only_admins_delete_for_good_after_typing_the_code(admin, analyst, session, three):
    rec = three["c"]
    assert analyst.get(f"/recommendations/{rec.id}/delete").status_code == 403
    wrong = admin.submit(f"/recommendations/{rec.id}/delete", {"confirm_code": "NK-01"})
    assert "Type US-01 to confirm." in wrong.get_data(as_text=True)
    assert admin.submit(f"/recommendations/{rec.id}/delete", {"confirm_code": "us-01"}).status_code == 302
    assert admin.get(f"/recommendations/{rec.id}").status_code == 404


@pytest.mark.slow
def test_script_typed_into_fields_is_shown_as_text(analyst, viewer, session):
    payload = '<script>alert("x")</script>'
    theme = factories.make_theme(session, name=f"Theme {payload}")
    rec = factories.make_recommendation(
        session,
        title=f"Title {payload}",
        text=f"Text {payload}",
        locator=payload,
        theme_id=theme.id,
        tags=[payload],
        benchmarks=[factories.milestone(f"Bench {payload}")],
    )
    factories.record(session, rec.benchmarks[0], date(2026, 1, 1), achieved=True, note=f"Note {payload}")
    session.commit()
    for url in (
        f"/recommendations/{rec.id}",
        "/recommendations",
        f"/recommendations/{rec.id}/edit",
        "/themes",
    ):
        html = analyst.get(url).get_data(as_text=True)
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(" in html

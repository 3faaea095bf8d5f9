"""The reporting schedule in the browser: set on the benchmark form, listed by actor on the due page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from scorecard.models import Benchmark

from .. import factories
from ..helpers import QueryCounter, form_fields


def test_the_benchmark_form_saves_a_schedule_and_refuses_a_due_day_alone(analyst, session):
    rec = factories.make_recommendation(session)
    session.commit()
    url = f"/recommendations/{rec.id}/edit"
    fields = form_fields(analyst.get(url).get_data(as_text=True), action="save")
    refused = analyst.post(url, data={**fields, "benchmarks-0-reporting_due_day": "12"})
    assert "A due day needs a reporting frequency." in refused.get_data(as_text=True)
    fields = form_fields(
        analyst.get(url).get_data(as_text=True),
        action="save",
        **{"benchmarks-0-reporting_frequency": "quarterly", "benchmarks-0-reporting_due_day": "12"},
    )
    assert analyst.post(url, data=fields).status_code == 302
    session.expire_all()
    benchmark = session.scalar(select(Benchmark).where(Benchmark.recommendation_id == rec.id))
    assert (benchmark.reporting_frequency, benchmark.reporting_due_day) == ("quarterly", 12)


def test_the_due_page_lists_what_each_actor_owes_in_a_fixed_number_of_queries(viewer, session, engine):
    actor = factories.make_actor(session, "Ministry of Finance")
    for n in range(3):
        factories.make_recommendation(
            session,
            actors=[(actor.id, "lead")],
            benchmarks=[
                factories.milestone(
                    f"Monthly figures {n}", reporting_frequency="monthly", reporting_due_day=1
                )
            ],
        )
    session.commit()
    with QueryCounter(engine) as counted:
        page = viewer.get("/reporting")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ministry of Finance" in html
    assert html.count("Monthly figures") == 3
    # Due on the 1st: overdue from the 2nd of every month, due on the 1st itself.
    badge = "badge-overdue" if date.today().day > 1 else "badge-stale"
    assert html.count(f'class="{badge}"') == 3
    assert counted.count <= 12


def test_the_due_page_needs_sign_in(client):
    assert client.get("/reporting").status_code in (302, 401)

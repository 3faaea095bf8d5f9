"""Recording progress from the browser: one entry, a correction, a deletion, a whole review round."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from scorecard.models import ProgressEntry, RecommendationState

from .. import factories
from ..helpers import QueryCounter, form_fields


@pytest.fixture
def rec(session):
    made = factories.make_recommendation(
        session,
        benchmarks=[
            factories.milestone("Roadmap published"),
            factories.on_scale(session, "Commission assessment"),
            factories.numeric("Police formations", baseline=4, target=0, unit="formations"),
        ],
    )
    session.commit()
    return made


def entries(session, benchmark_id):
    session.expire_all()
    return session.scalars(
        select(ProgressEntry).where(ProgressEntry.benchmark_id == benchmark_id).order_by(ProgressEntry.id)
    ).all()


def test_record_form_offers_only_the_benchmarks_own_levels_by_label(analyst, rec):
    html = analyst.get(f"/benchmarks/{rec.benchmarks[1].id}/progress").get_data(as_text=True)
    assert "limited progress" in html and "very good progress" in html and "amber" not in html
    assert f'value="{date.today().isoformat()}"' in html  # the date defaults to today
    assert 'name="value"' not in html and 'name="achieved"' not in html


def test_record_each_kind_and_see_the_score(analyst, session, rec):
    some = factories.level(session, "EU progress", "some progress")
    for benchmark, values in zip(
        rec.benchmarks, ({"achieved": "yes"}, {"level_id": str(some.id)}, {"value": "1"}), strict=True
    ):
        response = analyst.submit(
            f"/benchmarks/{benchmark.id}/progress",
            {
                "observed_on": "2026-06-30",
                "note": "Seen in the report",
                "evidence_url": "https://example.org/report",
                **values,
            },
        )
        assert response.status_code == 302
    assert [entries(session, b.id)[0].score for b in rec.benchmarks] == [100, 60, 75]
    state = session.get(RecommendationState, rec.id)
    assert state.score == pytest.approx((100 + 60 + 75) / 3)
    page = analyst.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Seen in the report" in page and "some progress" in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"observed_on": "tomorrow", "value": "2"},
            "cannot be in the future",
        ),
        ({"observed_on": "2026-01-01", "value": "lots"}, "Enter a number"),
        ({"observed_on": "2026-01-01", "value": "nan"}, "Enter a number"),
        ({"observed_on": "31/01/2026", "value": "2"}, "Enter a date as YYYY-MM-DD"),
        ({"observed_on": "0026-01-31", "value": "2"}, "Enter a date between 1900 and 2999."),
        (
            {"observed_on": "2026-01-01", "value": "2", "evidence_url": "javascript:alert(1)"},
            "http:// or https://",
        ),
        ({"observed_on": "2026-01-01"}, "Enter the measured value."),
    ],
)
def test_record_refuses_bad_input_and_keeps_what_was_typed(analyst, session, rec, values, message):
    if values["observed_on"] == "tomorrow":  # worked out when the test runs, not when it is collected
        values = {**values, "observed_on": (date.today() + timedelta(days=1)).isoformat()}
    response = analyst.submit(
        f"/benchmarks/{rec.benchmarks[2].id}/progress", {"note": "typed note", **values}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html and "typed note" in html
    assert entries(session, rec.benchmarks[2].id) == []


def test_a_level_from_another_scale_is_refused(analyst, session, rec):
    green = factories.level(session, "RAG", "green")
    html = analyst.submit(
        f"/benchmarks/{rec.benchmarks[1].id}/progress",
        {"observed_on": "2026-01-01", "level_id": str(green.id)},
    ).get_data(as_text=True)
    assert "That level is not on this benchmark&#39;s scale." in html


def test_correct_keeps_the_earlier_version_and_delete_withdraws(analyst, session, rec):
    first = factories.record(session, rec.benchmarks[2], date(2026, 3, 1), value=3)
    session.commit()
    form = analyst.get(f"/entries/{first.id}/correct").get_data(as_text=True)
    assert 'value="3.0"' in form
    corrected = analyst.post(f"/entries/{first.id}/correct", data=form_fields(form, index=1, value="2"))
    assert corrected.status_code == 302
    old, new = entries(session, rec.benchmarks[2].id)
    assert old.superseded_at is not None and new.corrects_id == old.id and new.score == 50
    page = analyst.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "corrected" in page and "is-superseded" in page
    deleted = analyst.submit(f"/entries/{new.id}/delete", page=f"/entries/{new.id}/correct")
    assert deleted.status_code == 302
    assert entries(session, rec.benchmarks[2].id)[1].deleted_at is not None
    assert session.get(RecommendationState, rec.id).score is None  # nothing counts any more
    assert analyst.get(f"/entries/{old.id}/correct").status_code == 200  # still visible in the history


def test_review_round_lists_stalest_first_and_saves_only_filled_lines(analyst, session, rec):
    factories.record(session, rec.benchmarks[0], date(2026, 1, 1), achieved=False)
    factories.record(session, rec.benchmarks[1], date(2025, 1, 1), eu_level="no progress")
    session.commit()
    html = analyst.get("/progress").get_data(as_text=True)
    order = re.findall(r"<legend><span class=\"mono\">[^<]+</span> ([^<]+)</legend>", html)
    assert order[:3] == ["Police formations", "Commission assessment", "Roadmap published"]
    data = form_fields(html, **{"rows-0-value": "2", "rows-2-achieved": "yes", "rows-2-note": "Published"})
    response = analyst.post("/progress", data=data)
    assert response.status_code == 302
    assert [len(entries(session, b.id)) for b in rec.benchmarks] == [2, 1, 1]


def test_review_round_offers_a_perspective_and_records_in_it(analyst, session, rec):
    shadow = factories.reference.create_perspective(
        session, name=factories.unique("Shadow"), by=factories.SYSTEM
    )
    never = factories.level(session, "EU progress", "no progress").id
    factories.record(session, rec.benchmarks[1], date(2025, 1, 1), level_id=never)
    factories.progress.record_progress(
        session,
        rec.benchmarks[2].id,
        fields=factories.progress.EntryInput(
            observed_on=date(2025, 2, 1), value=2.0, perspective_id=shadow.id
        ),
        by=factories.SYSTEM,
    )
    session.commit()
    team = analyst.get("/progress").get_data(as_text=True)
    assert f'<option value="{shadow.id}">{shadow.name}</option>' in team
    html = analyst.get(f"/progress?perspective={shadow.id}").get_data(as_text=True)
    assert f'<option value="{shadow.id}" selected>{shadow.name}</option>' in html
    assert f"the assessment of <strong>{shadow.name}</strong>" in html
    order = re.findall(r"<legend><span class=\"mono\">[^<]+</span> ([^<]+)</legend>", html)
    # Stalest first by the shadow's own entries: its assessed benchmark comes last, the team's does not count.
    assert order[-1] == "Police formations" and order.index("Commission assessment") < order.index(
        "Police formations"
    )
    before = session.get(RecommendationState, rec.id).score
    data = form_fields(html, **{"rows-0-achieved": "yes"})
    response = analyst.post(f"/progress?perspective={shadow.id}", data=data)
    assert response.status_code == 302
    saved = entries(session, rec.benchmarks[0].id)
    assert [e.perspective_id for e in saved] == [shadow.id]
    session.expire_all()
    assert session.get(RecommendationState, rec.id).score == before  # the team's score moves not


def test_review_round_saves_nothing_when_one_line_is_wrong(analyst, session, rec):
    html = analyst.get("/progress").get_data(as_text=True)
    future = (date.today() + timedelta(days=3)).isoformat()
    data = form_fields(html, **{"rows-0-achieved": "yes", "rows-1-observed_on": future, "rows-1-value": "1"})
    response = analyst.post("/progress", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nothing was saved" in html and "cannot be in the future" in html
    assert session.scalar(select(func.count(ProgressEntry.id))) == 0
    assert f'value="{future}"' in html  # what was typed is still there


@pytest.mark.slow
def test_review_round_makes_a_constant_number_of_queries(analyst, session, connection):
    def count():
        with QueryCounter(connection) as counter:
            assert analyst.get("/progress?per_page=100").status_code == 200
        return counter.count

    factories.make_recommendation(session, benchmarks=[factories.on_scale(session), factories.numeric()])
    session.commit()
    few = count()
    for _ in range(20):
        factories.make_recommendation(
            session, benchmarks=[factories.on_scale(session, scale_name="RAG"), factories.milestone()]
        )
    session.commit()
    assert count() == few

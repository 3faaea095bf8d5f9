"""Reference data pages: sources, actors, themes, review cycles and scales."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from scorecard.models import Scale, Theme

from .. import factories
from ..helpers import form_fields


@pytest.mark.parametrize(
    ("path", "data", "shown"),
    [
        (
            "/sources/new",
            {"title": "A report", "publisher": "An institute", "url": "https://example.org/r"},
            "A report",
        ),
        ("/actors/new", {"name": "NATO/KFOR", "kind": "international_organisation"}, "NATO/KFOR"),
        ("/themes/new", {"name": "Security", "description": "Armed forces and policing"}, "Security"),
        (
            "/cycles/new",
            {"name": "2027 annual review", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
            "2027 annual",
        ),
    ],
)
def test_analyst_adds_reference_records(analyst, path, data, shown):
    response = analyst.submit(path, data)
    assert response.status_code == 302
    assert shown in analyst.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/sources/new", {"title": "R", "url": "ftp://example.org"}, "http:// or https://"),
        (
            "/cycles/new",
            {"name": "Bad", "starts_on": "2027-12-31", "ends_on": "2027-01-01"},
            "on or after the day it starts",
        ),
        ("/cycles/new", {"name": "Bad", "starts_on": "2027-01-01"}, "Enter the last day of the cycle."),
        ("/themes/new", {"name": ""}, "This field is required."),
    ],
)
def test_reference_forms_explain_errors_and_keep_input(analyst, path, data, message):
    html = analyst.submit(path, data).get_data(as_text=True)
    assert message in html
    for value in data.values():
        if value:
            assert f'value="{value}"' in html or value in html


def test_theme_in_use_cannot_be_deleted_but_an_unused_one_can(admin, session):
    used = factories.make_recommendation(session).theme_id
    unused = factories.make_theme(session).id
    session.commit()
    refused = admin.submit(f"/themes/{used}/delete", page="/themes", follow_redirects=True)
    assert "move them first" in refused.get_data(as_text=True)
    assert admin.submit(f"/themes/{unused}/delete", page="/themes").status_code == 302
    assert session.scalar(select(func.count(Theme.id)).where(Theme.id == unused)) == 0


def test_admin_builds_a_scale_level_by_level(admin, session):
    page = admin.get("/scales/new").get_data(as_text=True)
    data = form_fields(
        page,
        name="Traffic light",
        **{
            "levels-0-label": "stop",
            "levels-0-score": "0",
            "levels-0-colour": "#d73027",
            "levels-1-label": "wait",
            "levels-1-score": "50",
            "levels-1-colour": "#fee08b",
            "levels-2-label": "go",
            "levels-2-score": "100",
            "levels-2-colour": "#1a9850",
            "action": "add:levels",
        },
    )
    grown = admin.post("/scales/new", data=data).get_data(as_text=True)
    assert 'name="levels-3-label"' in grown  # a fourth, empty level to fill in
    trimmed = admin.post("/scales/new", data=form_fields(grown, action="remove:levels:3")).get_data(
        as_text=True
    )
    assert 'name="levels-3-label"' not in trimmed and 'value="go"' in trimmed
    saved = admin.post("/scales/new", data=form_fields(trimmed, action="save"))
    assert saved.status_code == 302
    scale = session.scalar(select(Scale).where(Scale.name == "Traffic light"))
    assert [level.label for level in scale.levels] == ["stop", "wait", "go"]


def test_scale_scores_must_rise_from_worst_to_best(admin):
    page = admin.get("/scales/new").get_data(as_text=True)
    data = form_fields(
        page,
        name="Backwards",
        action="save",
        **{
            "levels-0-label": "best",
            "levels-0-score": "100",
            "levels-0-colour": "#1a9850",
            "levels-1-label": "worst",
            "levels-1-score": "0",
            "levels-1-colour": "#d73027",
            "levels-2-label": "mid",
            "levels-2-score": "50",
            "levels-2-colour": "#fee08b",
        },
    )
    assert "worst to best" in admin.post("/scales/new", data=data).get_data(as_text=True)


def test_analysts_cannot_define_scales(analyst):
    assert analyst.get("/scales/new").status_code == 403
    assert "Add a scale" not in analyst.get("/scales").get_data(as_text=True)

"""Control characters in forms, addresses and imported cells: refused, never stored, never a 500."""

from __future__ import annotations

import inspect
import io

import pytest
from sqlalchemy import func, select
from wtforms import Form

from scorecard.forms import (
    admin,
    auth,
    base,
    filters,
    imports,
    progress,
    recommendations,
    reference,
    scorecard,
)
from scorecard.models import Actor, Recommendation, Theme

from .. import factories


@pytest.mark.parametrize(
    "url",
    [
        "/recommendations?q=%00",
        "/recommendations?status=%00",
        "/recommendations?priority=%00",
        "/recommendations?q=bell%07",
        "/recommendations?%1B=x",
        "/scorecard?q=%00",
        "/scorecard?status=%00",
        "/scorecard?priority=%00",
        "/recommendations.csv?q=%00",
        "/benchmarks.csv?status=%00",
        "/progress.csv?priority=%00",
        "/scorecard.csv?q=%00",
        "/recommendations/%00",
    ],
)
def test_a_control_character_in_the_address_is_a_bad_request(analyst, a_recommendation, url):
    response = analyst.get(url)
    assert response.status_code == 400


def test_tab_and_unicode_in_the_address_are_fine(analyst):
    assert analyst.get("/recommendations?q=caf%C3%A9%09%E2%80%94").status_code == 200


@pytest.mark.parametrize(
    ("path", "data", "model"),
    [
        ("/themes/new", {"name": "Secu\x00rity"}, Theme),
        ("/themes/new", {"name": "Security", "description": "bell\x07"}, Theme),
        ("/actors/new", {"name": "NATO\x1b[31m", "kind": "international_organisation"}, Actor),
        ("/actors/new", {"name": "C1\x9b control", "kind": "international_organisation"}, Actor),
    ],
)
def test_a_form_field_with_a_control_character_is_refused_and_nothing_stored(
    analyst, session, path, data, model
):
    before = session.scalar(select(func.count()).select_from(model))
    response = analyst.submit(path, data)
    assert response.status_code == 200
    assert "Remove the control character U+00" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(model)) == before


def test_tabs_and_line_ends_in_a_form_are_kept(analyst, session):
    response = analyst.submit("/themes/new", {"name": "Security", "description": "one\r\ntwo\tthree"})
    assert response.status_code == 302
    assert session.scalar(select(Theme.description).where(Theme.name == "Security")) == "one\r\ntwo\tthree"


def test_signing_in_with_a_nul_in_the_email_is_a_field_error(client):
    response = client.sign_in("admin\x00@example.org")
    assert response.status_code == 200
    assert "Remove the control character U+0000" in response.get_data(as_text=True)


def test_every_form_refuses_control_characters():
    modules = (admin, auth, filters, imports, progress, recommendations, reference, scorecard)
    forms = [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Form) and cls.__module__ == module.__name__
    ]
    assert len(forms) > 15
    assert all(issubclass(form, base.FlaskForm | base.Form) for form in forms), forms


def test_an_imported_cell_with_a_control_character_is_a_row_error(analyst, session):
    factories.make_theme(session, "Security")
    session.commit()
    content = (
        "code,title,text,theme,priority,status\r\n"
        "CC-01,A fine title,Its wording,Security,high,proposed\r\n"
        "CC-02,Rings a \x07bell,Its wording,Security,high,proposed\r\n"
        "CC-03,Escape,Its \x1b[2Jwording,Security,high,proposed\r\n"
    )
    response = analyst.submit(
        "/import",
        {"file": (io.BytesIO(content.encode()), "recs.csv")},
        content_type="multipart/form-data",
    )
    response.request.environ["wsgi.input"].close()
    page = analyst.get(response.headers["Location"]).get_data(as_text=True)
    assert "Remove the control character U+0007" in page
    assert "Remove the control character U+001B" in page
    assert "Import 1 change" not in page  # no confirm while rows have errors
    assert session.scalar(select(func.count()).select_from(Recommendation)) == 0

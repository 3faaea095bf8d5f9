"""Removing the demo data: its records go, anyone's work stays (and is named), and setup leaves it out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from scorecard import create_app, demo
from scorecard.db import EXTENSION_KEY
from scorecard.models import Recommendation, Theme
from scorecard.services import demo_records, meta, recommendations
from scorecard.services.audit import ActingUser

from . import factories
from .conftest import TEST_CONFIG, backend_url, drop_backend

TODAY = date(2026, 11, 22)
SOMEONE = ActingUser(user_id=None, email="analyst@example.org")


def codes(session) -> set[str]:
    return set(session.scalars(select(Recommendation.code)))


@pytest.mark.slow
def test_removing_the_demo_keeps_what_people_made_or_changed(session):
    own_theme = factories.make_theme(session, "Our own theme")
    factories.make_recommendation(session, code="OWN-01", theme_id=own_theme.id)
    demo.load(session, today=TODAY)
    demo_codes = {rec.code for rec in demo.content().recommendations}
    edited_code, recorded_code = sorted(demo_codes)[:2]
    edited = recommendations.find_by_code(session, edited_code)
    edited.title = "Retitled by an analyst"
    session.flush()
    recorded = recommendations.find_by_code(session, recorded_code)
    factories.record(session, recorded.benchmarks[0], TODAY, by=SOMEONE, achieved=True)
    session.commit()
    assert meta.demo_loaded(session)

    outcome = demo_records.remove_demo(session, by=SOMEONE)
    session.commit()

    assert codes(session) == {"OWN-01", edited_code, recorded_code}
    assert outcome.removed["recommendation"] == len(demo_codes) - 2
    kept = "\n".join(outcome.kept)
    assert f"recommendation {edited_code}" in kept and f"recommendation {recorded_code}" in kept
    assert "analyst@example.org" in kept
    themes = set(session.scalars(select(Theme.name)))
    assert "Our own theme" in themes  # not the demo's, so untouched
    assert len(themes) < len(demo.content().themes)  # the demo's unused themes went
    assert not meta.demo_loaded(session)  # no banner any more


@pytest.mark.slow
def test_the_banner_shows_only_while_demo_records_remain(session):
    demo.load(session, today=TODAY)
    session.commit()
    assert meta.demo_loaded(session)
    for rec in demo.content().recommendations:
        found = recommendations.find_by_code(session, rec.code)
        recommendations.delete_recommendation(session, found.id, confirm_code=rec.code, by=SOMEONE)
    session.commit()
    assert not meta.demo_loaded(session)


@pytest.mark.slow
def test_demo_remove_command_says_what_it_kept(runner, session):
    runner.invoke(args=["demo"])
    code = demo.content().recommendations[0].code
    recommendations.find_by_code(session, code).title = "Ours now"
    session.commit()
    result = runner.invoke(args=["demo", "--remove"])
    assert result.exit_code == 0, result.output
    assert "Demo data removed:" in result.output
    assert f"recommendation {code}: " in result.output
    assert codes(session) == {code}


@pytest.fixture
def fresh_url(tmp_path: Path):
    url = backend_url(str(tmp_path), "setup")
    yield url
    drop_backend(url)


def _setup(url: str, **config: object) -> list[str]:
    """Run `scorecard setup` on `url`; the recommendation codes afterwards."""
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, **config})
    result = app.test_cli_runner().invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    database = app.extensions[EXTENSION_KEY]
    with database.transaction() as session:
        found = list(session.scalars(select(Recommendation.code)))
    database.engine.dispose()
    return found


@pytest.mark.slow
def test_setup_loads_the_demo_only_into_an_empty_database_and_never_after_its_removal(fresh_url):
    assert len(_setup(fresh_url)) == len(demo.content().recommendations)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": fresh_url})
    assert app.test_cli_runner().invoke(args=["demo", "--remove"]).exit_code == 0
    app.extensions[EXTENSION_KEY].engine.dispose()
    assert _setup(fresh_url) == []  # removed on purpose: not back on the next `make run`


@pytest.mark.slow
def test_setup_skips_the_demo_when_told(fresh_url, monkeypatch):
    monkeypatch.setenv("SCORECARD_DEMO", "false")
    assert _setup(fresh_url) == []

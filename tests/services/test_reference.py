"""Reference data: unique names, records in use protected, scale edits that re-score."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from scorecard.errors import DuplicateName, InUse, RuleViolation, StaleEdit
from scorecard.models import BenchmarkState, RecommendationState
from scorecard.services import reference
from scorecard.services.reference import LevelInput

from .. import factories
from ..factories import SYSTEM


def test_names_are_unique_ignoring_case(session):
    reference.create_theme(session, name="Security", by=SYSTEM)
    with pytest.raises(DuplicateName):
        reference.create_theme(session, name="security", by=SYSTEM)


def test_theme_in_use_cannot_be_deleted(session):
    rec = factories.make_recommendation(session)
    with pytest.raises(InUse):
        reference.delete_theme(session, rec.theme_id, by=SYSTEM)


def test_review_cycle_must_end_after_it_starts(session):
    with pytest.raises(RuleViolation) as raised:
        reference.create_cycle(
            session, name="2027", starts_on=date(2027, 1, 1), ends_on=date(2026, 1, 1), by=SYSTEM
        )
    assert "ends_on" in raised.value.errors


def test_source_url_must_be_http(session):
    with pytest.raises(RuleViolation):
        reference.create_source(
            session, fields=reference.SourceInput(title="R", url="javascript:alert(1)"), by=SYSTEM
        )


def test_stale_theme_edit_is_refused(session):
    theme = reference.create_theme(session, name="Economy", by=SYSTEM)
    opened = theme.version
    reference.update_theme(
        session,
        theme.id,
        name="Economy & trade",
        description=None,
        expected_version=opened,
        by=SYSTEM,
    )
    with pytest.raises(StaleEdit) as raised:
        reference.update_theme(
            session, theme.id, name="Trade", description=None, expected_version=opened, by=SYSTEM
        )
    assert raised.value.changes["name"] == ("Economy", "Economy & trade")


def new_scale(session, name, *levels):
    """A new scale without a description, its levels given worst first."""
    return reference.create_scale(session, name=name, description=None, by=SYSTEM, levels=list(levels))


def save_levels(session, scale, levels):
    """Save the scale, its name and (empty) description unchanged, with these levels."""
    return reference.update_scale(
        session,
        scale.id,
        name=scale.name,
        description=None,
        expected_version=scale.version,
        by=SYSTEM,
        levels=levels,
    )


def test_changing_a_level_score_rescores_entries_and_states(session):
    scale = new_scale(session, "Traffic", LevelInput("stop", 0, "#d73027"), LevelInput("go", 100, "#1a9850"))
    rec = factories.make_recommendation(
        session, benchmarks=[factories.on_scale(session, "Light", scale_name="Traffic")]
    )
    go = scale.levels[1]
    factories.record(session, rec.benchmarks[0], date(2026, 1, 1), level_id=go.id)
    save_levels(
        session,
        scale,
        [
            LevelInput("stop", 0, "#d73027", id=scale.levels[0].id),
            LevelInput("mostly go", 90, "#1a9850", id=go.id),
        ],
    )
    assert session.get(BenchmarkState, rec.benchmarks[0].id).score == 90
    assert (
        session.scalar(
            select(RecommendationState.score).where(RecommendationState.recommendation_id == rec.id)
        )
        == 90
    )


def test_level_in_use_cannot_be_removed_and_scores_must_rise(session):
    scale = new_scale(
        session,
        "Three",
        LevelInput("low", 0, "#d73027"),
        LevelInput("mid", 50, "#fee08b"),
        LevelInput("high", 100, "#1a9850"),
    )
    rec = factories.make_recommendation(
        session, benchmarks=[factories.on_scale(session, "X", scale_name="Three")]
    )
    factories.record(session, rec.benchmarks[0], date(2026, 1, 1), level_id=scale.levels[1].id)
    keep = [LevelInput(lv.label, lv.score, lv.colour, id=lv.id) for lv in scale.levels]
    for levels, refusal in (
        ([keep[0], keep[2]], "used by 1 progress entry"),
        ([keep[2], keep[1], keep[0]], "worst to best"),
    ):
        with pytest.raises(RuleViolation, match=refusal):
            save_levels(session, scale, levels)

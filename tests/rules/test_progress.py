"""The rules of one observation, fed plain facts: no model, no session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from scorecard.errors import RuleViolation
from scorecard.rules.progress import EntryInput, LevelFacts, check_observation

TODAY = date(2025, 6, 1)
LEVELS = {7: LevelFacts(id=7, score=40.0), 8: LevelFacts(id=8, score=100.0)}


@dataclass(frozen=True)
class Facts:
    kind: str
    baseline: float | None = None
    target: float | None = None
    direction: str | None = None


SCALE = Facts("scale")
NUMERIC = Facts("numeric", baseline=0, target=200, direction="increase")
MILESTONE = Facts("milestone")


@pytest.mark.parametrize(
    ("benchmark", "fields", "score"),
    [
        (SCALE, EntryInput(TODAY, level_id=7), 40.0),
        (NUMERIC, EntryInput(TODAY, value=50), 25.0),
        (MILESTONE, EntryInput(TODAY, achieved=True), 100.0),
        (MILESTONE, EntryInput(TODAY, achieved=False), 0.0),
    ],
)
def test_check_observation_derives_the_score(benchmark, fields, score):
    assert check_observation(benchmark, fields, today=TODAY, levels=LEVELS).score == score


@pytest.mark.parametrize(
    ("benchmark", "fields", "field", "message"),
    [
        (MILESTONE, EntryInput(None, achieved=True), "observed_on", "Enter the date of the observation."),
        (
            MILESTONE,
            EntryInput(date(2025, 6, 2), achieved=True),
            "observed_on",
            "The date cannot be in the future (today is 2025-06-01).",
        ),
        (MILESTONE, EntryInput(TODAY), "achieved", "Say whether the milestone is achieved."),
        (SCALE, EntryInput(TODAY), "level_id", "Choose a level."),
        (SCALE, EntryInput(TODAY, level_id=9), "level_id", "That level is not on this benchmark's scale."),
        (NUMERIC, EntryInput(TODAY), "value", "Enter the measured value."),
        (NUMERIC, EntryInput(TODAY, value=float("nan")), "value", "Enter a finite number."),
        (
            MILESTONE,
            EntryInput(TODAY, achieved=True, note="x" * 5001),
            "note",
            "Keep the note under 5000 characters.",
        ),
        (
            MILESTONE,
            EntryInput(TODAY, achieved=True, evidence_url="javascript:alert(1)"),
            "evidence_url",
            "Enter a full web address starting with http:// or https://.",
        ),
    ],
)
def test_check_observation_refuses_with_the_field_and_message(benchmark, fields, field, message):
    with pytest.raises(RuleViolation) as raised:
        check_observation(benchmark, fields, today=TODAY, levels=LEVELS)
    assert raised.value.errors == {field: message}


def test_check_observation_stays_importable_from_the_progress_service():
    from scorecard.services import progress

    assert progress.check_observation is check_observation and progress.EntryInput is EntryInput

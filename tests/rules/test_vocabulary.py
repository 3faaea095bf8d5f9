"""The rules' words for kinds, directions, priorities, statuses and roles are the models' enums."""

from __future__ import annotations

import enum

import pytest

from scorecard import models
from scorecard.rules import vocabulary


@pytest.mark.parametrize(
    ("words", "model_enum"),
    [
        (vocabulary.BENCHMARK_KINDS, models.BenchmarkKind),
        (vocabulary.DIRECTIONS, models.Direction),
        (vocabulary.PRIORITIES, models.Priority),
        (vocabulary.STATUSES, models.Status),
        (vocabulary.ACTOR_ROLES, models.ActorRole),
        (vocabulary.REPORTING_FREQUENCIES, models.ReportingFrequency),
    ],
)
def test_vocabulary_matches_the_models(words: tuple[str, ...], model_enum: type[enum.StrEnum]) -> None:
    assert set(words) == {member.value for member in model_enum}

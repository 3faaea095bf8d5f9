"""Every row of the shared table of bad values through the rules: exactly that field and message."""

from __future__ import annotations

from typing import Any

import pytest

from scorecard.errors import DuplicateCode, RuleViolation
from scorecard.rules.benchmarks import BenchmarkFacts, RecordedBenchmark, check_benchmark
from scorecard.rules.recommendations import RecommendationFacts, check_recommendation, normalise_code

from .cases import BAD_VALUES, LOOKUP_CASES, TAKEN_CODE, VALID, facts

LOOKUPS: dict[str, Any] = {"themes": {1}, "sources": {1}, "actors": {1}}
SCALES = {1, 2}


def _check(kind: str, given: RecommendationFacts | BenchmarkFacts, *, recorded: bool = False) -> object:
    if isinstance(given, RecommendationFacts):
        return check_recommendation(given, code_taken=normalise_code(given.code) == TAKEN_CODE, **LOOKUPS)
    stored = VALID[kind]
    return check_benchmark(
        given,
        scales=SCALES,
        recorded=RecordedBenchmark(stored["kind"], stored.get("scale_id"), has_entries=recorded),
    )


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_records_pass(kind):
    _check(kind, facts(kind, "title", VALID[kind]["title"]), recorded=True)


@pytest.mark.parametrize(("kind", "field", "value", "message"), BAD_VALUES)
def test_bad_value_is_refused_with_its_message(kind, field, value, message):
    with pytest.raises(RuleViolation) as raised:
        _check(kind, facts(kind, field, value))
    assert raised.value.errors == {field: message}


@pytest.mark.parametrize(("kind", "field", "value", "message"), LOOKUP_CASES)
def test_value_the_database_refutes_is_refused_with_its_message(kind, field, value, message):
    with pytest.raises(RuleViolation) as raised:
        _check(kind, facts(kind, field, value), recorded=True)
    assert raised.value.errors == {field: message}


def test_a_taken_code_alone_is_a_duplicate_code():
    with pytest.raises(DuplicateCode) as raised:
        _check("recommendation", facts("recommendation", "code", TAKEN_CODE.lower()))
    assert raised.value.code == TAKEN_CODE


def test_every_rule_message_is_in_the_table():
    from scorecard.rules import benchmarks, recommendations

    tabled = {message for *_, message in BAD_VALUES + LOOKUP_CASES}
    for messages in (recommendations.MESSAGES, benchmarks.MESSAGES):
        for message in messages.values():
            assert message in tabled or "already used" in message, message

"""The shared table of bad values through the recommendation form's service: same field, same message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from scorecard.errors import DuplicateCode, RuleViolation
from scorecard.services import recommendations
from scorecard.services.recommendations import BenchmarkInput, RecommendationInput

from .. import factories
from ..factories import SYSTEM
from ..rules.cases import BAD_VALUES, LOOKUP_CASES, MISSING_ID, TAKEN_CODE, VALID

TODAY = date(2026, 11, 22)


def _ids(session) -> dict[str, int]:
    """Real ids for the id 1 that the table's valid records name."""
    return {
        "theme_id": factories.make_theme(session).id,
        "actor": factories.make_actor(session).id,
        "scale_id": factories.scale(session, "EU progress").id,
    }


def _real(field: str, value: Any, ids: dict[str, int]) -> Any:
    if field == "actors":
        return [(ids["actor"] if actor == 1 else actor, role) for actor, role in value]
    if field in ("theme_id", "scale_id") and value == 1:
        return ids[field]
    return value


def _input(kind: str, field: str, value: Any, ids: dict[str, int]) -> RecommendationInput:
    base = {name: _real(name, given, ids) for name, given in VALID["recommendation"].items()}
    if kind == "recommendation":
        return RecommendationInput(**{**base, field: _real(field, value, ids)})
    chosen = value if isinstance(value, dict) else {field: value}
    benchmark = {**VALID[kind], **chosen}
    benchmark = {name: _real(name, given, ids) for name, given in benchmark.items()}
    return RecommendationInput(**base, benchmarks=[BenchmarkInput(**benchmark)])


def _create(session, fields: RecommendationInput):
    return recommendations.create_recommendation(session, fields=fields, by=SYSTEM)


def _form_field(kind: str, field: str) -> str:
    return field if kind == "recommendation" else f"benchmarks-0-{field}"


# Actors by name are an import's way of naming them; the form chooses them by id.
FORM_CASES = [
    case
    for case in BAD_VALUES
    if not (case[1] == "actors" and any(isinstance(actor, str) for actor, _ in case[2]))
]


@pytest.mark.parametrize(("kind", "field", "value", "message"), FORM_CASES)
def test_bad_value_is_refused_by_the_form_service(session, kind, field, value, message):
    with pytest.raises(RuleViolation) as raised:
        recommendations.create_recommendation(
            session, fields=_input(kind, field, value, _ids(session)), by=SYSTEM
        )
    assert raised.value.errors == {_form_field(kind, field): message}


@pytest.mark.parametrize(
    ("kind", "field", "value", "message"),
    [case for case in LOOKUP_CASES if case[2] == MISSING_ID or case[2] == [(MISSING_ID, "lead")]],
)
def test_a_record_gone_is_refused_by_the_form_service(session, kind, field, value, message):
    with pytest.raises(RuleViolation) as raised:
        recommendations.create_recommendation(
            session, fields=_input(kind, field, value, _ids(session)), by=SYSTEM
        )
    assert raised.value.errors == {_form_field(kind, field): message}


def test_a_taken_code_is_refused_by_the_form_service(session):
    ids = _ids(session)
    recommendations.create_recommendation(
        session, fields=_input("recommendation", "code", TAKEN_CODE, ids), by=SYSTEM
    )
    (message,) = [case[3] for case in LOOKUP_CASES if case[2] == TAKEN_CODE]
    with pytest.raises(DuplicateCode) as raised:
        recommendations.create_recommendation(
            session, fields=_input("recommendation", "code", TAKEN_CODE.lower(), ids), by=SYSTEM
        )
    assert raised.value.errors == {"code": message}


def test_the_scale_of_a_benchmark_with_entries_is_fixed_beside_the_scale(session):
    ids = _ids(session)
    created = recommendations.create_recommendation(
        session, fields=_input("scale", "title", VALID["scale"]["title"], ids), by=SYSTEM
    )
    benchmark = created.benchmarks[0]
    factories.record(session, benchmark, date(2025, 1, 1), level_id=benchmark.scale.levels[0].id, today=TODAY)
    other = factories.scale(session, "RAG").id
    fields = _input("scale", "scale_id", other, ids)
    fields.benchmarks = [replace(fields.benchmarks[0], id=benchmark.id)]
    with pytest.raises(RuleViolation) as raised:
        recommendations.update_recommendation(
            session, created.id, fields=fields, expected_version=created.version, by=SYSTEM
        )
    (message,) = [case[3] for case in LOOKUP_CASES if case[0] == "scale" and case[2] == 2]
    assert raised.value.errors == {"benchmarks-0-scale_id": message}

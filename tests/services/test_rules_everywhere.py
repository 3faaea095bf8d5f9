"""The shared table of bad values through the form's service and through an import: same rule, same message.

Each case is refused once by the recommendation form's service and once by a
CSV import of one row in the app's own export format; both must name the same
field (the import by its column) with the message the table gives.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from scorecard.errors import RuleViolation
from scorecard.models import Actor, Theme
from scorecard.services import csv_files, exports, imports, recommendations
from scorecard.services.exports import BENCHMARK_COLUMNS, RECOMMENDATION_COLUMNS
from scorecard.services.imports import ImportSource
from scorecard.services.recommendations import BenchmarkInput, RecommendationFilter, Thresholds

from .. import factories
from ..factories import SYSTEM
from ..rules.cases import BAD_VALUES, LOOKUP_CASES, VALID
from .test_recommendation_rules import _form_field, _ids, _input

TODAY = date(2026, 11, 22)
SCALE_NAMES = {1: "EU progress", 2: "RAG"}
# The rules name references as the forms do; an import names their columns.
COLUMNS = {"theme_id": "theme", "source_id": "source", "scale_id": "scale"}

# Why a rule of the table cannot be broken through a file: the import reads such a cell otherwise.
NOT_IN_A_FILE = {
    ("actors", "boss"): "an actors cell gives a role in brackets (lead, supporting, consulted); "
    "any other bracket is read as part of the actor's name",
    ("weight", None): "a blank weight cell reads as the default weight 1",
    ("choice", ""): "a blank priority or status cell reads as the default (medium, proposed)",
}
# Why a rule needing a database fact cannot be broken through a file.
LOOKUP_NOT_IN_A_FILE = {
    "code": "a row whose code is stored updates that recommendation: an import has no taken code",
    "theme_id": "an import names themes and creates the ones it does not know",
    "source_id": "an import names sources and creates the ones it does not know",
    "actors": "an import names actors and creates the ones it does not know",
    "scale_id": "an import names scales: an unknown name is refused while reading the cell, "
    "with the list of scales",
}


def _reason(kind: str, field: str, value: Any) -> str | None:
    if field == "actors" and any(role == "boss" for _, role in value):
        return NOT_IN_A_FILE[("actors", "boss")]
    if field == "weight" and value is None:
        return NOT_IN_A_FILE[("weight", None)]
    if field in ("priority", "status") and value == "":
        return NOT_IN_A_FILE[("choice", "")]
    return None


def _cases(table: list[tuple[str, str, Any, str]], reason: Any) -> list[Any]:
    """The table as parameters; a case a file cannot express is skipped, its reason in its id."""
    params = []
    for number, case in enumerate(table):
        why = reason(*case[:3])
        marks = [pytest.mark.skip(reason=why)] if why else []
        label = f"{number}-{case[0]}-{case[1]}" + (f"-skipped: {why}" if why else "")
        params.append(pytest.param(*case, marks=marks, id=label))
    return params


def _lookup_reason(kind: str, field: str, value: Any) -> str | None:
    if kind in ("milestone", "scale") and value in ("numeric", 2):
        return None  # a stored benchmark with entries: its kind and scale are fixed, files too
    return LOOKUP_NOT_IN_A_FILE[field]


def _cell(field: str, value: Any, names: dict[str, Any]) -> str:
    """One value as the export writes its cell; references by name, as the file gives them."""
    if value is None:
        return ""
    if field == "theme_id":
        return str(names["theme"])
    if field == "scale_id":
        return SCALE_NAMES[value]
    if field == "tags":
        return ",".join(value)
    if field == "actors":
        named = [(names["actor"] if actor == 1 else actor, role) for actor, role in value]
        return "; ".join(name if role == "lead" else f"{name} ({role})" for name, role in named)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _file(header: tuple[str, ...], cells: dict[str, str]) -> bytes:
    """A one-row file written by the app's own CSV writer (as the export download is)."""
    row = [cells.get(column, "") for column in header]
    return b"".join(csv_files.encode_rows(header, [[row]]))


def _import_errors(session: Session, content: bytes) -> set[tuple[int, str, str]]:
    plan = imports.plan(session, ImportSource(csv_files.read_table(content)), by=SYSTEM, today=TODAY)
    return {(error.row, error.column, error.message) for error in plan.errors}


def _names(session: Session, ids: dict[str, int]) -> dict[str, Any]:
    theme, actor = session.get(Theme, ids["theme_id"]), session.get(Actor, ids["actor"])
    assert theme is not None and actor is not None
    return {"theme": theme.name, "actor": actor.name}


def _form_errors(session: Session, kind: str, field: str, value: Any, ids: dict[str, int]) -> dict[str, str]:
    with pytest.raises(RuleViolation) as raised:
        recommendations.create_recommendation(session, fields=_input(kind, field, value, ids), by=SYSTEM)
    return raised.value.errors


def _row_file(session: Session, kind: str, field: str, value: Any, ids: dict[str, int]) -> bytes:
    """The valid record of `kind` with `field` bad, as one row of its export's format."""
    names = _names(session, ids)
    chosen = {**VALID[kind], **(value if isinstance(value, dict) else {field: value})}
    if kind == "recommendation":
        cells = {name: _cell(name, given, names) for name, given in chosen.items()}
        cells = {COLUMNS.get(name, name): text for name, text in cells.items()}
        return _file(RECOMMENDATION_COLUMNS, {**cells, "archived": "false"})
    # A benchmark joins a stored recommendation.
    factories.make_recommendation(session, code="BM-1", theme_id=ids["theme_id"], benchmarks=[])
    cells = {COLUMNS.get(name, name): _cell(name, given, names) for name, given in chosen.items()}
    return _file(BENCHMARK_COLUMNS, {**cells, "recommendation_code": "BM-1", "archived": "false"})


@pytest.mark.parametrize(("kind", "field", "value", "message"), _cases(BAD_VALUES, _reason))
def test_a_bad_value_gets_the_same_message_from_the_form_and_an_import(session, kind, field, value, message):
    ids = _ids(session)
    form = _form_errors(session, kind, field, value, ids) if not _named_actors(field, value) else None
    found = _import_errors(session, _row_file(session, kind, field, value, ids))
    assert found == {(2, COLUMNS.get(field, field), message)}
    if form is not None:  # the form chooses actors by id: names are an import's way
        assert form == {_form_field(kind, field): message}


def _named_actors(field: str, value: Any) -> bool:
    return field == "actors" and any(isinstance(actor, str) for actor, _ in value)


def _stored_with_entry(session: Session, kind: str, ids: dict[str, int]) -> tuple[Any, Any]:
    """A recommendation with one benchmark of `kind` (VALID's) that has a progress entry."""
    created = recommendations.create_recommendation(
        session, fields=_input(kind, "title", VALID[kind]["title"], ids), by=SYSTEM
    )
    benchmark = created.benchmarks[0]
    value = {"level_id": benchmark.scale.levels[0].id} if kind == "scale" else {"achieved": True}
    factories.record(session, benchmark, date(2025, 1, 1), today=TODAY, **value)
    return created, benchmark


def _edited_export(session: Session, changes: dict[str, str]) -> bytes:
    """The benchmarks export with its one row changed, as a user would edit it."""
    export = exports.benchmarks(
        session, criteria=RecommendationFilter(), thresholds=Thresholds(today=TODAY, stale_days=180)
    )
    rows = [list(row) for batch in export.batches for row in batch]
    assert len(rows) == 1
    cells = dict(zip(export.header, rows[0], strict=True))
    cells.update(changes)
    return b"".join(csv_files.encode_rows(export.header, [[list(cells.values())]]))


@pytest.mark.parametrize(("kind", "field", "value", "message"), _cases(LOOKUP_CASES, _lookup_reason))
def test_a_fixed_kind_or_scale_gets_the_same_message_from_the_form_and_an_import(
    session, kind, field, value, message
):
    ids = _ids(session)
    created, benchmark = _stored_with_entry(session, kind, ids)
    if field == "kind":
        wanted = {**VALID[value], "title": VALID[kind]["title"], "weight": VALID[kind]["weight"]}
        edit = BenchmarkInput(**wanted, id=benchmark.id)
        cells = {name: _cell(name, given, {}) for name, given in wanted.items()}
    else:
        other = factories.scale(session, SCALE_NAMES[value]).id
        edit = replace(_input(kind, "scale_id", other, ids).benchmarks[0], id=benchmark.id)
        cells = {"scale": SCALE_NAMES[value]}
    fields = replace(_input(kind, "title", VALID[kind]["title"], ids), benchmarks=[edit])
    with pytest.raises(RuleViolation) as raised:
        recommendations.update_recommendation(
            session, created.id, fields=fields, expected_version=created.version, by=SYSTEM
        )
    assert raised.value.errors == {_form_field(kind, field): message}
    found = _import_errors(session, _edited_export(session, cells))
    assert found == {(2, COLUMNS.get(field, field), message)}

"""The shared table of bad values (tests/rules/cases.py) through POST /api/v1/recommendations: the
same rule gives the same message as the form's service, on the same field (as a JSON pointer)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from scorecard.api.problems import pointer
from tests.api.conftest import bearer, make_token
from tests.rules.cases import BAD_VALUES
from tests.services.test_recommendation_rules import FORM_CASES, _form_field, _ids, _input

# Bad values JSON cannot carry as the form does: the body's shape is checked before any rule.
NOT_IN_JSON = {"weight": "a weight is a number or null in JSON; text such as “heavy” fails the body's shape"}


def _body(fields: Any) -> dict[str, Any]:
    """The API's request body for a RecommendationInput."""
    raw = asdict(fields)
    body = {name: raw[name] for name in ("code", "title", "text", "theme_id", "source_id", "locator")}
    body |= {name: raw[name] for name in ("priority", "status", "tags")}
    body |= {name: raw[name].isoformat() if raw[name] else None for name in ("issued_on", "due_on")}
    body["actors"] = [{"actor_id": actor, "role": role} for actor, role in raw["actors"]]
    body["benchmarks"] = [
        {
            **{k: v for k, v in b.items() if k not in ("id", "translations", "due_on")},
            "due_on": b["due_on"].isoformat() if isinstance(b["due_on"], date) else b["due_on"],
        }
        for b in raw["benchmarks"]
    ]
    return body


def _json_able(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | list | dict | date)


CASES = [case for case in FORM_CASES if _json_able(case[2])]
assert len(CASES) > len(BAD_VALUES) // 2


@pytest.mark.parametrize(("kind", "field", "value", "message"), CASES)
def test_rules_through_the_api_give_the_form_services_message(
    api: FlaskClient, session: Session, kind: str, field: str, value: Any, message: str
) -> None:
    body = _body(_input(kind, field, value, _ids(session)))
    answer = api.post("/api/v1/recommendations", json=body, headers=bearer(make_token(session)))
    assert answer.status_code == 422, answer.get_json()
    errors = {e["pointer"]: e["detail"] for e in answer.get_json()["errors"]}
    if set(errors) != {pointer(_form_field(kind, field))} and field in NOT_IN_JSON:
        pytest.skip(NOT_IN_JSON[field])
    assert errors == {pointer(_form_field(kind, field)): message}

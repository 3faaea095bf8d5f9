"""Schemathesis against the app (WSGI): every operation, examples and negative data, and the stateful links.

No answer may be a server error, and every answer must match the document
(status, content type, schema). Kept small (max_examples) to stay well under a minute.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from scorecard.services.frameworks import records
from tests import factories
from tests.api.conftest import bearer, make_token
from tests.services.test_frameworks import make_framework, make_item

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """No rate limit in the way of the generated calls."""
    return {**app_config, "API_RATE_LIMIT": "100000/minute"}


@pytest.fixture
def api_schema(app: Flask, session: Session) -> Any:
    """The document served by the app, with a few records to find and an analyst's write token."""
    rec = factories.make_recommendation(
        session, code="ST-1", benchmarks=[factories.milestone(), factories.numeric()]
    )
    factories.record(session, rec.benchmarks[0], date(2026, 1, 5), achieved=True)
    facility = make_framework(session, "ST facility")
    item = make_item(session, facility, "ST.1", amount=10.0, currency="EUR")
    records.add_link(session, item.id, benchmark_id=rec.benchmarks[0].id, by=factories.SYSTEM)
    secret = make_token(session, role="analyst", scope="write")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # The WSGI transport does not undo Flask-Compress, so ask for the answers as they are.
    app.config["_schemathesis_headers"] = bearer(secret, **{"Accept-Encoding": "identity"})
    return schema


def _operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_schemathesis_every_operation_conforms(api_schema: Any, app: Flask, mode: GenerationMode) -> None:
    """Generated valid, then invalid, data for every operation: no 5xx, every answer as documented."""
    headers = app.config["_schemathesis_headers"]
    operations = _operations(api_schema)
    assert len(operations) >= 17
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()


def test_schemathesis_follows_the_links(api_schema: Any, app: Flask) -> None:
    """The stateful run: create, then read, update and correct through the documented links."""
    machine = api_schema.as_state_machine()
    headers = app.config["_schemathesis_headers"]

    class Workflow(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=4, stateful_step_count=4, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )

"""The OpenAPI generator: one SpecTree instance that the API's routes are declared with."""

from __future__ import annotations

from typing import Any

from flask import abort
from spectree import SecurityScheme, SpecTree
from spectree.models import SecureType, SecuritySchemeData

from .problems import problem


def _refuse_invalid(
    _request: Any, _response: Any, error: Exception | None, _instance: Any, adapter: Any
) -> None:
    """A request that does not fit its declared shape: 422 problem+json with an error per field."""
    if error is None:
        return
    errors: dict[str, str] = {}
    for found in adapter.validation_errors(error):
        location = [str(part) for part in found.get("loc", ())]
        errors["/" + "/".join(location)] = str(found.get("msg", "Invalid value."))
    abort(problem(422, "The request does not have the expected shape.", errors=errors))


spec = SpecTree(
    "flask",
    title="Scorecard API",
    version="1",
    description="Recommendations, benchmarks, progress and the scorecard, over the same rules as the pages. "
    "Field names are the CSV exports'. Send a personal access token as `Authorization: Bearer <token>`.",
    # Routes under this path are left out of the document: only the document itself lives there.
    path="api/v1/openapi.json",
    filename="openapi.json",
    mode="strict",
    page_templates={},
    security_schemes=[
        SecurityScheme(
            name="token",
            data=SecuritySchemeData(type=SecureType.HTTP, scheme="bearer", bearer_format="sct_…"),
        )
    ],
    security={"token": []},
    before=_refuse_invalid,
    validation_error_status=422,
    naming_strategy=lambda model: model.__name__,
)

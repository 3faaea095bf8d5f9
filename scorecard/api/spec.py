"""The OpenAPI generator: one SpecTree instance that the API's routes are declared with."""

from __future__ import annotations

from typing import Any

from flask import abort
from spectree import SecurityScheme, SpecTree
from spectree.models import SecureType, SecuritySchemeData

from .problems import problem
from .schemas import Problem


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


PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
# How one answer leads to the next call (OpenAPI links), for clients and for the stateful tests.
LINKS: dict[tuple[str, str], dict[str, Any]] = {
    ("post__api_v1_recommendations", "201"): {
        "GetRecommendation": {
            "operationId": "get__api_v1_recommendations_{code}",
            "parameters": {"path.code": "$response.body#/code"},
        },
        "UpdateRecommendation": {
            "operationId": "put__api_v1_recommendations_{code}",
            "parameters": {"path.code": "$response.body#/code", "header.If-Match": "$response.header.ETag"},
        },
    },
    # A list leads to the first row's own page: a framework to its items and links, an item to its backers.
    ("get__api_v1_frameworks", "200"): {
        "GetFramework": {
            "operationId": "get__api_v1_frameworks_{framework_id}",
            "parameters": {"path.framework_id": "$response.body#/items/0/framework_id"},
        },
        "GetFrameworkLinks": {
            "operationId": "get__api_v1_frameworks_{framework_id}_links",
            "parameters": {"path.framework_id": "$response.body#/items/0/framework_id"},
        },
    },
    ("get__api_v1_frameworks_{framework_id}", "200"): {
        "GetFrameworkItem": {
            "operationId": "get__api_v1_frameworks_{framework_id}_items_{item_id}",
            "parameters": {
                "path.framework_id": "$response.body#/framework_id",
                "path.item_id": "$response.body#/items/0/item_id",
            },
        },
    },
    ("get__api_v1_recommendations", "200"): {
        "GetListedRecommendation": {
            "operationId": "get__api_v1_recommendations_{code}",
            "parameters": {"path.code": "$response.body#/items/0/code"},
        },
    },
    ("post__api_v1_benchmarks_{benchmark_id}_progress", "201"): {
        "CorrectEntry": {
            "operationId": "post__api_v1_progress_{entry_id}_corrections",
            "parameters": {"path.entry_id": "$response.body#/entry_id"},
        },
    },
}


def document() -> dict[str, Any]:
    """The OpenAPI document: spectree's, with every error as problem+json and the links between operations."""
    generated: dict[str, Any] = spec.spec
    if id(generated) in _FINISHED:
        return generated
    schemas = generated["components"]["schemas"]
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem_schema.pop("$defs", {}))
    schemas["Problem"] = problem_schema
    for operations in generated["paths"].values():
        for operation in operations.values():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    answer["content"] = PROBLEM_CONTENT
                links = LINKS.get((operation["operationId"], status))
                if links:
                    answer["links"] = links
    _FINISHED.add(id(generated))
    return generated


# The documents already finished (spectree builds one per SpecTree and keeps it).
_FINISHED: set[int] = set()

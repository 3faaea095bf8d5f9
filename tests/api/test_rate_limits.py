"""Per-token rate limits: 429 with Retry-After, counted per token, in Redis when one is configured."""

from __future__ import annotations

import os
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.api.conftest import bearer, make_token

REDIS_URL = os.environ.get("SCORECARD_TEST_REDIS_URL", "")
STORAGES = ["memory://", *([REDIS_URL] if REDIS_URL else [])]


@pytest.fixture(params=STORAGES, ids=lambda url: url.split(":")[0])
def app_config(request: pytest.FixtureRequest, app_config: dict[str, Any]) -> dict[str, Any]:
    """Three requests a minute per token, counted in memory or in the test Redis database."""
    if request.param.startswith("redis"):
        import redis

        redis.Redis.from_url(request.param).flushdb()
    return {**app_config, "API_RATE_LIMIT": "3/minute", "API_RATE_LIMIT_STORAGE": request.param}


def test_rate_limits_answer_429_with_retry_after_per_token(api: FlaskClient, session: Session) -> None:
    busy, other = (
        make_token(session, role="viewer", scope="read"),
        make_token(session, role="viewer", scope="read"),
    )
    answers = [api.get("/api/v1/themes", headers=bearer(busy)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = api.get("/api/v1/themes", headers=bearer(busy))
    assert refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
    assert api.get("/api/v1/themes", headers=bearer(other)).status_code == 200


def test_rate_limits_leave_the_pages_alone(client, session: Session) -> None:
    assert {client.get("/login").status_code for _ in range(5)} == {200}

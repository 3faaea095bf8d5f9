"""The access policy over every API route, walked with a token per role: the API's half of the policy walk."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from scorecard.web import policy
from tests.api.conftest import bearer, make_token
from tests.views.test_access import API_ROUTES, ROLES, url_for_rule
from tests.views.test_access import world as world  # the fixture

assert API_ROUTES


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_every_api_route_answers_each_role_as_the_policy_says(app, session: Session, connection, world, role):
    """Allowed: the view runs (no 401/403, no crash). Refused: 401 without a token, 403 with one."""
    secret = make_token(session, role=role, scope="write") if role else None
    client = app.test_client()
    wrong: list[str] = []
    for endpoint, rule, method in API_ROUTES:
        savepoint = connection.begin_nested()
        response = client.open(
            url_for_rule(rule, endpoint, world),
            method=method,
            json={} if method != "GET" else None,
            headers=bearer(secret) if secret else {},
        )
        savepoint.rollback()
        allowed = policy.permits(policy.allowed_roles(endpoint, method), role=role, public_read=False)
        if allowed:
            ok = response.status_code not in (401, 403) and response.status_code < 500
        else:
            ok = response.status_code == (401 if role is None else 403)
        if not ok:
            wrong.append(f"{role or 'anonymous'} {method} {rule} -> {response.status_code}")
    assert wrong == [], "\n".join(wrong)

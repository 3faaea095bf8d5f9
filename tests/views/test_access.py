"""The access policy, walked over every route of the URL map: roles, CSRF, and GETs that change nothing.

The cases are generated from `app.url_map`, so a new route is covered the
moment it exists, and a route missing from the policy fails here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from scorecard import create_app
from scorecard.models import Base
from scorecard.services.frameworks import records
from scorecard.web import policy

from .. import factories
from ..conftest import TEST_CONFIG, Client

ROLES = (None, "viewer", "analyst", "admin", "contributor")
ROUTES = sorted(
    (rule.endpoint, rule.rule, method)
    for rule in create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://"}).url_map.iter_rules()
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
)
# The JSON API takes bearer tokens, never the session cookie, and so no CSRF token either: its routes are
# walked with a token per role in tests/api/test_api_access.py, against the same policy.
PAGE_ROUTES = [route for route in ROUTES if not route[0].startswith("api.")]
API_ROUTES = [route for route in ROUTES if route[0].startswith("api.")]
POST_ROUTES = [route for route in PAGE_ROUTES if route[2] == "POST"]
GET_ROUTES = [route for route in PAGE_ROUTES if route[2] == "GET"]


@pytest.fixture
def world(session) -> dict[str, int]:
    """One of everything, so that routes with ids reach their views."""
    source = factories.make_source(session)
    actor = factories.make_actor(session)
    rec = factories.make_recommendation(
        session, source_id=source.id, actors=[(actor.id, "lead")], benchmarks=[factories.milestone()]
    )
    entry = factories.record(session, rec.benchmarks[0], date(2026, 1, 5), achieved=True)
    cycle = factories.reference.create_cycle(
        session,
        name=factories.unique("Cycle"),
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        by=factories.SYSTEM,
    )
    other = factories.make_user(session, role="viewer")
    framework = factories.make_framework(session, name=factories.unique("Framework"), kind="funding")
    item = factories.make_item(session, framework.id, code="1", title="One")
    framework_link = records.add_link(
        session, item.id, benchmark_id=rec.benchmarks[0].id, by=factories.SYSTEM
    )
    related = factories.make_recommendation(session)
    relation = records.add_relation(session, rec.id, code=related.code, kind="same_as", by=factories.SYSTEM)
    session.commit()
    return {
        "framework_id": framework.id,
        "link_id": framework_link.id,
        "relation_id": relation.id,
        "recommendation_id": rec.id,
        "benchmark_id": rec.benchmarks[0].id,
        "entry_id": entry.id,
        "source_id": source.id,
        "actor_id": actor.id,
        "theme_id": rec.theme_id,
        "cycle_id": cycle.id,
        "scale_id": factories.scale(session).id,
        "user_id": other.id,
        "framework_item_id": item.id,
    }


def url_for_rule(rule: str, endpoint: str, world: dict[str, int]) -> str:
    """The rule with sample values: real ids where the world has them, else one that does not exist."""
    kind = endpoint.split(".")[-1].split("_")[0]
    item_id = (
        world["framework_item_id"] if endpoint.startswith("frameworks.") else world.get(f"{kind}_id", 999_999)
    )
    values = {**world, "item_id": item_id, "filename": "scorecard.css"}
    url = rule
    while "<" in url:
        start, end = url.index("<"), url.index(">")
        name = url[start + 1 : end].split(":")[-1]
        url = url[:start] + str(values.get(name, 999_999)) + url[end + 1 :]
    return url


def table_counts(session) -> dict[str, int]:
    """Rows in every table: a write anywhere changes one of these (every write is audited)."""
    session.expire_all()
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def client_for(app, session, role: str | None) -> Client:
    app.test_client_class = Client
    client: Client = app.test_client()
    if role is not None:
        user = factories.make_user(session, role=role)
        session.commit()
        assert client.sign_in(user.email).status_code == 302
    return client


def test_policy_has_a_rule_for_every_route_and_method():
    missing = [
        (endpoint, method) for endpoint, _, method in ROUTES if policy.allowed_roles(endpoint, method) is None
    ]
    assert missing == []


def test_policy_names_no_route_that_does_not_exist():
    endpoints = {endpoint for endpoint, _, _ in ROUTES}
    assert sorted(set(policy.POLICY) - endpoints) == []


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
@pytest.mark.slow
def test_every_route_answers_each_role_as_the_policy_says(app, session, connection, world, role):
    """Allowed: the view runs (never 403, never a login redirect, never a crash).
    Refused: anonymous visitors are sent to sign in, signed-in people get 403."""
    client = client_for(app, session, role)
    token = client.csrf_token("/login" if role is None else "/account")
    wrong: list[str] = []
    # Signing out ends the walk's session, so it goes last.
    for endpoint, rule, method in sorted(PAGE_ROUTES, key=lambda route: route[0] == "auth.logout"):
        savepoint = connection.begin_nested()
        response = client.open(
            url_for_rule(rule, endpoint, world),
            method=method,
            data={"csrf_token": token} if method == "POST" else None,
        )
        response.close()
        savepoint.rollback()
        allowed = policy.permits(policy.allowed_roles(endpoint, method), role=role, public_read=False)
        location = response.headers.get("Location", "")
        if allowed:
            sent_to_sign_in = (
                location.startswith("/login") and endpoint != "auth.logout"
            )  # signing out lands there
            ok = response.status_code != 403 and not sent_to_sign_in and response.status_code < 500
        elif role is None:
            ok = response.status_code == 302 and location.startswith("/login")
        else:
            ok = response.status_code == 403
        if not ok:
            wrong.append(f"{role or 'anonymous'} {method} {rule} -> {response.status_code} {location}")
    assert wrong == [], "\n".join(wrong)


def test_viewer_is_refused_every_write(app, session, world):
    client = client_for(app, session, "viewer")
    token = client.csrf_token("/account")
    writes = [
        (endpoint, rule)
        for endpoint, rule, _ in POST_ROUTES
        # a viewer may still change their own account, tokens, interface language and reminders
        if endpoint
        not in (
            "auth.login",
            "auth.logout",
            "auth.account",
            "auth.account_language",
            "auth.account_reminders",
            "language.switch",
            "api_pages.tokens_index",
            "api_pages.token_revoke",
        )
    ]
    assert writes
    statuses = {
        rule: client.post(url_for_rule(rule, endpoint, world), data={"csrf_token": token}).status_code
        for endpoint, rule in writes
    }
    assert set(statuses.values()) == {403}, statuses


def test_public_read_publishes_only_the_summaries(app, session):
    app.config["PUBLIC_READ"] = True
    client = client_for(app, session, None)
    assert client.get("/").status_code == 200
    assert client.get("/recommendations").status_code == 302
    assert client.get("/admin/users").status_code == 302


@pytest.mark.parametrize(("endpoint", "rule", "method"), POST_ROUTES, ids=lambda value: str(value))
def test_every_post_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing(
    app, session, world, endpoint, rule, method
):
    allowed = policy.allowed_roles(endpoint, method) or frozenset()
    client = client_for(app, session, "admin" if "admin" in allowed else "contributor")
    url = url_for_rule(rule, endpoint, world)
    before = table_counts(session)
    missing = client.post(url, data={})
    forged = client.post(url, data={"csrf_token": "forged-" + "x" * 40})
    other_session_token = client_for(app, session, "admin").csrf_token("/account")
    after = table_counts(session)
    borrowed = client.post(url, data={"csrf_token": other_session_token})
    assert (missing.status_code, forged.status_code, borrowed.status_code) == (400, 400, 400)
    assert "did not come from this site" in missing.get_data(as_text=True)
    after_borrowed = table_counts(session)
    assert after == {
        **before,
        "app_user": after["app_user"],
        "audit_event": after["audit_event"],
        "sign_in_attempt": after["sign_in_attempt"],
    }  # only the second admin's sign-in
    assert after_borrowed == after


@pytest.mark.parametrize(("endpoint", "rule", "method"), GET_ROUTES, ids=lambda value: str(value))
@pytest.mark.slow
def test_get_changes_nothing(app, session, world, endpoint, rule, method):
    client = client_for(app, session, "admin")
    before = table_counts(session)
    response = client.get(url_for_rule(rule, endpoint, world))
    response.close()
    assert response.status_code < 500
    assert table_counts(session) == before


def count_cases() -> dict[str, Any]:
    """The sizes quoted in the closing note."""
    return {
        "routes": len({r[1] for r in ROUTES}),
        "route_methods": len(ROUTES),
        "matrix": len(ROUTES) * len(ROLES),
        "csrf": len(POST_ROUTES) * 3,
    }

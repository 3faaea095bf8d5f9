"""Signing in and out: fresh sessions, server-side sign-out, idle timeout, throttling, safe redirects."""

from __future__ import annotations

import logging
import time

import pytest
from sqlalchemy import select

from scorecard.models import AuditEvent, User

from .. import factories
from ..conftest import Client


@pytest.fixture
def account(session) -> User:
    user = factories.make_user(session, role="analyst")
    session.commit()
    return user


def cookie(client: Client, name: str = "scorecard_session") -> str | None:
    found = client.get_cookie(name)
    return found.value if found else None


def test_sign_in_with_the_right_password_opens_the_dashboard(client, account):
    response = client.sign_in(account.email)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Dashboard" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nobody@example.org", factories.PASSWORD),
        (None, "wrong password entirely"),
        (None, factories.PASSWORD.upper()),
    ],
)
def test_sign_in_refuses_wrong_credentials_without_saying_which(client, account, email, password):
    response = client.sign_in(email or account.email, password)
    assert response.status_code == 200
    assert "Wrong email or password" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_sign_in_starts_a_new_session(client, account):
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    client.sign_in(account.email)
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after.get("_user_id", "").startswith(f"{account.id}:")


def test_deactivated_account_cannot_sign_in(client, session, account):
    account.active = False
    session.commit()
    assert "Wrong email or password" in client.sign_in(account.email).get_data(as_text=True)


def test_sign_out_ends_the_session_on_the_server_so_a_copied_cookie_stops_working(app, client, account):
    client.sign_in(account.email)
    stolen = cookie(client)
    assert client.submit("/logout", page="/account").status_code == 302
    thief = app.test_client()
    thief.set_cookie("scorecard_session", stolen)
    response = thief.get("/recommendations")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_deactivation_ends_every_session_of_that_account(app, admin, session, account):
    victim = app.test_client()
    victim.__class__ = Client
    victim.sign_in(account.email)
    assert victim.get("/recommendations").status_code == 200
    response = admin.submit(
        f"/admin/users/{account.id}",
        {"name": account.name, "role": "analyst", "version": str(account.version)},
    )
    assert response.status_code == 302
    assert victim.get("/recommendations").status_code == 302


def test_changing_ones_password_ends_other_sessions_but_keeps_this_one(app, client, account):
    client.sign_in(account.email)
    other = app.test_client()
    other.__class__ = Client
    other.sign_in(account.email)
    response = client.submit(
        "/account",
        {
            "current_password": factories.PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_changing_ones_password_needs_the_current_one(client, account):
    client.sign_in(account.email)
    response = client.submit(
        "/account",
        {
            "current_password": "not it at all",
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert "That is not your current password." in response.get_data(as_text=True)


def test_idle_session_ends(app, client, account):
    client.sign_in(account.email)
    assert client.get("/recommendations").status_code == 200
    with client.session_transaction() as state:
        state["seen"] = int(time.time()) - app.config["IDLE_TIMEOUT_MINUTES"] * 60 - 5
    response = client.get("/recommendations")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "inactivity" in client.get("/login").get_data(as_text=True)


def test_session_cookie_is_httponly_lax_and_secure_over_https(app):
    over_https = app.test_client().get("/login", base_url="https://localhost").headers.get("Set-Cookie", "")
    over_http = app.test_client().get("/login").headers.get("Set-Cookie", "")
    assert "scorecard_session=" in over_https and "scorecard_session=" in over_http
    for header in (over_https, over_http):
        assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" in over_https and "Secure" not in over_http


def test_empty_password_is_asked_for_again(client, account):
    response = client.sign_in(account.email, "")
    assert "This field is required." in response.get_data(as_text=True)
    assert client.get("/recommendations").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/x",
        "\\\\evil",
    ],
)
def test_next_never_leaves_the_site(client, account, target):
    client.get(f"/login?next={target}")
    token = client.csrf_token()
    response = client.post(
        "/login",
        data={"email": account.email, "password": factories.PASSWORD, "next": target, "csrf_token": token},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_next_returns_to_a_local_page(client, account):
    first = client.get("/recommendations?theme=1")
    assert first.headers["Location"] == "/login?next=/recommendations?theme%3D1"
    token = client.csrf_token()
    response = client.post(
        "/login",
        data={
            "email": account.email,
            "password": factories.PASSWORD,
            "next": "/recommendations?theme=1",
            "csrf_token": token,
        },
    )
    assert response.headers["Location"] == "/recommendations?theme=1"


def test_repeated_failures_for_one_account_answer_429_and_are_logged(client, account, session, caplog):
    caplog.set_level(logging.WARNING, logger="scorecard.security")
    for _ in range(5):
        assert client.sign_in(account.email, "not the password").status_code == 200
    throttled = client.sign_in(account.email)  # even the right password waits
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in throttled.get_data(as_text=True)
    assert any("throttled" in record.message for record in caplog.records)
    assert not any("not the password" in record.getMessage() for record in caplog.records)
    failures = session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in_failed")).all()
    assert len(failures) == 5


def test_repeated_failures_from_one_address_answer_429_across_accounts(client, account):
    for n in range(5):
        client.sign_in(f"guess{n}@example.org", "whatever it is")
    assert client.sign_in(account.email).status_code == 429


def test_throttling_ends_after_the_window(app, client, account, session):
    from datetime import timedelta

    from scorecard.models import SignInAttempt

    for _ in range(5):
        client.sign_in(account.email, "not the password")
    for attempt in session.scalars(select(SignInAttempt)):
        attempt.at = attempt.at - timedelta(seconds=app.config["SIGN_IN_WINDOW_SECONDS"] + 1)
    session.commit()
    assert client.sign_in(account.email).status_code == 302


def test_sign_in_and_out_are_in_the_audit_trail(client, account, session):
    client.sign_in(account.email)
    client.submit("/logout", page="/account")
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.user_id == account.id).order_by(AuditEvent.id)
    ).all()
    assert actions[-2:] == ["sign_in", "sign_out"]

"""Sign-in hardening in the app: the current password throttled, common passwords refused, a lockout
that does not lock the owner out, the idle timer, and no staff names on public pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.models import AuditEvent, SignInAttempt
from scorecard.services import audit
from scorecard.web import security

from .. import factories
from ..conftest import Client
from .test_admin import submit_new_account

COMMON = ["password1234", "123456789012", "qwertyuiop12", "iloveyou2024"]


def _browser(app: Flask, address: str = "127.0.0.1") -> Client:
    app.test_client_class = Client
    browser: Client = app.test_client()  # type: ignore[assignment]
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def _age_attempts(session: Session, seconds: int) -> None:
    for attempt in session.scalars(select(SignInAttempt)):
        attempt.at = attempt.at - timedelta(seconds=seconds)
    session.commit()


def _wrong_current(browser: Client) -> str:
    fields = {"current_password": "not my password at all", "new_password": "a brand new passphrase"}
    return browser.submit("/account", {**fields, "confirm": "a brand new passphrase"}).get_data(as_text=True)


def test_current_password_guesses_are_throttled_like_sign_ins(analyst, session):
    pages = [_wrong_current(analyst) for _ in range(12)]
    assert all("That is not your current password" in page for page in pages[:5])
    assert all("Too many wrong tries" in page for page in pages[5:])
    right = {"current_password": factories.PASSWORD, "new_password": "a brand new passphrase"}
    page = analyst.submit("/account", {**right, "confirm": "a brand new passphrase"}).get_data(as_text=True)
    assert "Too many wrong tries" in page  # even the right one waits: guessing gains nothing
    failed = session.scalars(select(SignInAttempt).where(SignInAttempt.succeeded.is_(False))).all()
    assert len(failed) == 5  # only five were checked against the password


def test_current_password_may_be_proved_again_after_the_delay(analyst, session):
    for _ in range(5):
        _wrong_current(analyst)
    _age_attempts(session, 16 * 60)
    right = {"current_password": factories.PASSWORD, "new_password": "a brand new passphrase"}
    response = analyst.submit("/account", {**right, "confirm": "a brand new passphrase"})
    assert response.status_code == 302


@pytest.mark.parametrize("password", COMMON)
def test_common_passwords_are_refused_for_new_accounts(admin, session, password):
    page = submit_new_account(
        admin, email="new.person@example.org", name="New Person", role="viewer", password=password
    )
    assert "most common passwords" in page.get_data(as_text=True)


@pytest.mark.parametrize("password", COMMON)
def test_common_passwords_are_refused_on_change(analyst, password):
    fields = {"current_password": factories.PASSWORD, "new_password": password, "confirm": password}
    assert "most common passwords" in analyst.submit("/account", fields).get_data(as_text=True)


@pytest.mark.parametrize(
    "password", ["Margarethe Olsen 2026", "my olsen passphrase", "the acmefoundation key"]
)
def test_passwords_made_of_the_persons_name_or_email_are_refused(app, session, password):
    user = factories.make_user(session, email="m.olsen@acmefoundation.org", name="Margarethe Olsen")
    session.commit()
    browser = _browser(app)
    browser.sign_in(user.email)
    fields = {"current_password": factories.PASSWORD, "new_password": password, "confirm": password}
    assert "must not contain your email, your name" in browser.submit("/account", fields).get_data(
        as_text=True
    )


def test_guesses_from_one_address_do_not_lock_out_the_owner_elsewhere(app, session):
    owner = factories.make_user(session)
    session.commit()
    attacker = _browser(app, "203.0.113.9")
    for _ in range(5):
        attacker.sign_in(owner.email, "a wrong guess here")
    assert attacker.sign_in(owner.email).status_code == 429
    assert _browser(app, "198.51.100.4").sign_in(owner.email).status_code == 302


def test_a_device_that_signed_in_before_passes_the_accounts_throttle(app, session):
    owner = factories.make_user(session)
    session.commit()
    laptop = _browser(app, "198.51.100.4")
    assert laptop.sign_in(owner.email).status_code == 302
    laptop.post("/logout", data={"csrf_token": laptop.csrf_token("/account")})
    # Guesses from many addresses, and from the owner's own address, without the device cookie.
    for n in range(25):
        _browser(app, f"203.0.113.{n % 5}").sign_in(owner.email, "a wrong guess here")
    for _ in range(5):
        _browser(app, "198.51.100.4").sign_in(owner.email, "a wrong guess here")
    assert _browser(app, "192.0.2.77").sign_in(owner.email).status_code == 429  # a new device waits
    assert laptop.sign_in(owner.email).status_code == 302


def test_guesses_from_a_shared_address_do_not_lock_out_known_devices_behind_it(app, session):
    colleague = factories.make_user(session)
    session.commit()
    desk = _browser(app, "192.0.2.10")
    desk.sign_in(colleague.email)
    desk.post("/logout", data={"csrf_token": desk.csrf_token("/account")})
    for n in range(5):
        _browser(app, "192.0.2.10").sign_in(f"guess{n}@example.org", "whatever it is")
    assert desk.sign_in(colleague.email).status_code == 302


def test_a_stolen_device_cookie_is_throttled_on_its_own(app, session):
    owner = factories.make_user(session)
    session.commit()
    laptop = _browser(app)
    laptop.sign_in(owner.email)
    laptop.post("/logout", data={"csrf_token": laptop.csrf_token("/account")})
    for _ in range(5):
        assert laptop.sign_in(owner.email, "a wrong guess here").status_code == 200
    assert laptop.sign_in(owner.email).status_code == 429


def test_delays_grow_with_each_further_failure(app, client, session):
    owner = factories.make_user(session)
    session.commit()
    for _ in range(5):
        client.sign_in(owner.email, "a wrong guess here")
    first = client.sign_in(owner.email, "a wrong guess here")
    assert first.status_code == 429 and 50 <= int(first.headers["Retry-After"]) <= 61
    _age_attempts(session, 61)
    assert client.sign_in(owner.email, "a wrong guess here").status_code == 200  # one more try
    second = client.sign_in(owner.email)
    assert second.status_code == 429 and 100 <= int(second.headers["Retry-After"]) <= 121


def test_an_admin_lifts_the_throttle_of_a_locked_out_account(app, admin, session):
    owner = factories.make_user(session)
    session.commit()
    for n in range(20):
        _browser(app, f"203.0.113.{n}").sign_in(owner.email, "a wrong guess here")
    assert _browser(app, "198.51.100.4").sign_in(owner.email).status_code == 429
    page = admin.submit(f"/admin/users/{owner.id}/unlock", page=f"/admin/users/{owner.id}")
    assert page.status_code == 302
    assert "may sign in again" in admin.get(page.headers["Location"]).get_data(as_text=True)
    assert _browser(app, "198.51.100.4").sign_in(owner.email).status_code == 302
    assert session.scalar(select(AuditEvent.summary).where(AuditEvent.action == "unlock_sign_in"))


def test_only_admins_lift_a_throttle(analyst, session):
    other = factories.make_user(session)
    session.commit()
    token = analyst.csrf_token("/account")
    assert analyst.post(f"/admin/users/{other.id}/unlock", data={"csrf_token": token}).status_code == 403


def test_an_active_person_stays_signed_in_with_a_one_minute_timeout(app, session, monkeypatch):
    app.config["IDLE_TIMEOUT_MINUTES"] = 1
    clock = [1_800_000_000.0]
    monkeypatch.setattr(security.time, "time", lambda: clock[0])
    user = factories.make_user(session)
    session.commit()
    browser = _browser(app)
    browser.sign_in(user.email)
    for _ in range(8):  # a request every 40 seconds for over five minutes
        clock[0] += 40
        assert browser.get("/account").status_code == 200
    clock[0] += 61
    assert browser.get("/account").status_code == 302  # idle past the minute: signed out


def test_the_public_dashboard_shows_no_staff_names(app, client, session):
    app.config["PUBLIC_READ"] = True
    author = factories.make_user(session, name="Henrietta Quist")
    recommendation = factories.make_recommendation(session)
    by = audit.ActingUser(author.id, author.email, "127.0.0.1", None)
    factories.record(session, recommendation.benchmarks[0], date(2026, 11, 1), by=by, achieved=True)
    session.commit()
    public = client.get("/")
    assert public.status_code == 200 and "Recent activity" in public.get_data(as_text=True)
    assert "Henrietta Quist" not in public.get_data(as_text=True)
    client.sign_in(author.email)
    assert "Henrietta Quist" in client.get("/").get_data(as_text=True)

"""Reminders in the app: each person turns their own off on the Account page and sees the latest there;
`scorecard reminders send --dry-run` lists and sends nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from scorecard.db import EXTENSION_KEY
from scorecard.models import Reminder, User
from scorecard.services import reminders

from ..services.test_reminders import TODAY, make_world


def test_people_turn_their_own_reminders_off_and_on(analyst, session):
    assert analyst.submit("/account/reminders", {}, page="/account").status_code == 302
    session.expire_all()
    assert session.get(User, analyst.user.id).reminders_enabled is False
    assert 'name="reminders_enabled"' in analyst.get("/account").get_data(as_text=True)
    analyst.submit("/account/reminders", {"reminders_enabled": "y"}, page="/account")
    session.expire_all()
    assert session.get(User, analyst.user.id).reminders_enabled is True


def test_the_opt_out_form_needs_its_csrf_token(analyst, session):
    assert analyst.post("/account/reminders", data={}).status_code == 400
    session.expire_all()
    assert session.get(User, analyst.user.id).reminders_enabled is True


def test_reminders_without_a_mail_server_show_on_the_account_page(app, analyst, session):
    make_world(session)
    reminders.send_reminders(app.extensions[EXTENSION_KEY], today=TODAY, mail=None)
    page = analyst.get("/account").get_data(as_text=True)
    assert "Your latest reminders" in page and "awaiting review" in page and "shown here only" in page


def test_the_account_pages_reminder_lines_are_in_the_readers_language(app, analyst, session):
    make_world(session)
    reminders.send_reminders(app.extensions[EXTENSION_KEY], today=TODAY, mail=None)
    analyst.user.locale = "sr-Latn"
    session.commit()
    page = analyst.get("/account").get_data(as_text=True)
    assert "Ove nedelje: 1 izveštaj van roka" in page and "awaiting review" not in page


def test_the_cli_dry_run_lists_and_sends_nothing(runner, session):
    make_world(session)
    result = runner.invoke(args=["reminders", "send", "--dry-run", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Dry run: 5 reminder(s) would be sent" in result.output
    assert "Quarterly report" in result.output
    assert session.scalar(select(func.count()).select_from(Reminder)) == 0


def test_the_cli_without_a_mail_server_records_for_the_app(runner, session):
    make_world(session)
    result = runner.invoke(args=["reminders", "send", "--today", date(2026, 12, 16).isoformat()])
    assert "recorded in the app only" in result.output and "5 reminder(s)" in result.output
    again = runner.invoke(args=["reminders", "send", "--today", "2026-12-16"])
    assert "0 reminder(s)" in again.output

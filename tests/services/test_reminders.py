"""Reporting reminders: each arrives once at a real SMTP server; opt-out, dry run, and the app-only list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from scorecard.db import EXTENSION_KEY, Database
from scorecard.models import Reminder, User, UserActor
from scorecard.services import localized, reminders
from scorecard.services.mail import MailSettings

from ..factories import make_actor, make_recommendation, make_user, milestone
from ..smtp import Inbox, body, smtp_server

TODAY = date(2026, 12, 16)


@dataclass
class World:
    """Two actors and their contributors (one opted out), two reviewers, and three scheduled benchmarks."""

    ministry_contributor: User
    agency_contributor: User
    opted_out: User
    reviewers: list[User]
    quarterly_id: int  # owed by both actors, overdue since 15 December
    monthly_id: int  # owed by the ministry, due on 20 December


def make_world(session: Any) -> World:
    """The world above, committed."""
    ministry, agency = make_actor(session, "Ministry of Interior"), make_actor(session, "Data Agency")
    quarterly = make_recommendation(
        session,
        actors=[(ministry.id, "lead"), (agency.id, "supporting")],
        benchmarks=[milestone("Quarterly report", reporting_frequency="quarterly", reporting_due_day=15)],
    ).benchmarks[0]
    monthly = make_recommendation(
        session,
        actors=[(ministry.id, "lead")],
        benchmarks=[milestone("Monthly figures", reporting_frequency="monthly", reporting_due_day=20)],
    ).benchmarks[0]
    people = [make_user(session, role="contributor") for _ in range(3)]
    session.add_all(
        [
            UserActor(user_id=people[0].id, actor_id=ministry.id),
            UserActor(user_id=people[1].id, actor_id=agency.id),
            UserActor(user_id=people[2].id, actor_id=ministry.id),
        ]
    )
    people[2].reminders_enabled = False
    reviewers = [make_user(session, role="analyst"), make_user(session, role="admin")]
    make_user(session, role="viewer")  # gets nothing
    session.commit()
    return World(people[0], people[1], people[2], reviewers, quarterly.id, monthly.id)


@pytest.fixture
def database(app: Any) -> Database:
    """The app's database, bound to the test's connection."""
    found: Database = app.extensions[EXTENSION_KEY]
    return found


@pytest.fixture
def smtp() -> Iterator[tuple[MailSettings, Inbox]]:
    """A local SMTP server and the settings that reach it."""
    with smtp_server() as (port, inbox):
        yield MailSettings("127.0.0.1", port, "", "", False, "scorecard@example.org"), inbox


def test_reminders_arrive_once_each_and_a_second_run_sends_nothing(session, database, smtp):
    mail, inbox = smtp
    world = make_world(session)
    first = reminders.send_reminders(database, today=TODAY, days_before=7, mail=mail)
    assert first.emails == 5 and first.skipped == 0
    ministry = inbox.to(world.ministry_contributor.email)
    assert sorted(m["Subject"] for m in ministry) == [
        "Scorecard: progress reports due soon",
        "Scorecard: progress reports overdue",
    ]
    overdue = body(next(m for m in ministry if "overdue" in m["Subject"]))
    assert "Quarterly report: the 2026-Q4 report is overdue since Dec 15, 2026" in overdue
    soon = body(next(m for m in ministry if "soon" in m["Subject"]))
    assert "Monthly figures: the 2026-12 report is due on Dec 20, 2026" in soon
    assert [m["Subject"] for m in inbox.to(world.agency_contributor.email)] == [
        "Scorecard: progress reports overdue"
    ]
    assert inbox.to(world.opted_out.email) == []
    for reviewer in world.reviewers:
        [digest] = inbox.to(reviewer.email)
        assert "1 report overdue, 1 due, 0 entries awaiting review" in body(digest)
    assert all(m["From"] == "scorecard@example.org" for m in inbox.messages)

    again = reminders.send_reminders(database, today=TODAY, days_before=7, mail=mail)
    assert (again.emails, len(inbox.messages)) == (0, 5)
    session.expire_all()
    assert (
        session.scalar(select(func.count()).select_from(Reminder)) == 5
    )  # one row per key: 2 + 1 contributor reminders, 2 digests


def test_a_dry_run_plans_and_neither_sends_nor_records(session, database, smtp):
    mail, inbox = smtp
    make_world(session)
    outcome = reminders.send_reminders(database, today=TODAY, days_before=7, mail=mail, dry_run=True)
    assert len(outcome.planned) == 5 and outcome.emails == 0
    assert inbox.messages == []
    assert session.scalar(select(func.count()).select_from(Reminder)) == 0


def test_without_a_mail_server_reminders_are_recorded_for_the_app_only(session, database):
    world = make_world(session)
    outcome = reminders.send_reminders(database, today=TODAY, days_before=7, mail=None)
    assert (outcome.emails, outcome.in_app) == (0, 5)
    shown = reminders.recent_for(session, world.ministry_contributor.id)
    assert len(shown) == 2 and not any(r.emailed for r in shown)


def test_a_run_racing_another_skips_what_the_other_recorded(session, database, smtp):
    """Planned before the other run committed: the unique key refuses the duplicate, nothing is sent twice."""
    mail, inbox = smtp
    make_world(session)
    with database.session(write=False) as reader:
        stale_plan = reminders.plan(reader, today=TODAY, days_before=7)
    reminders.send_reminders(database, today=TODAY, days_before=7, mail=mail)
    sent = len(inbox.messages)
    from scorecard.services.mail import Mailer

    with Mailer(mail) as mailer:
        assert reminders._send_one(database, stale_plan[:1], mailer) is False
    assert len(inbox.messages) == sent


def test_awaiting_review_is_zero_until_entries_have_a_review_status(session):
    assert reminders.awaiting_review_count(session) == 0


def test_each_email_is_in_its_recipients_language(session, database, smtp):
    """sq gets Albanian, sr-Cyrl Cyrillic, no preference English: subject, body and the date's wording."""
    mail, inbox = smtp
    world = make_world(session)
    world.ministry_contributor.locale = "sq"
    world.agency_contributor.locale = "sr-Cyrl"
    world.reviewers[0].locale = None
    world.reviewers[1].locale = "sr-Latn"
    session.commit()
    reminders.send_reminders(database, today=TODAY, days_before=7, mail=mail)

    albanian = {m["Subject"]: body(m) for m in inbox.to(world.ministry_contributor.email)}
    assert sorted(albanian) == [
        "Scorecard: raporte progresi me afat së shpejti",
        "Scorecard: raporte progresi me afat të kaluar",
    ]
    overdue = albanian["Scorecard: raporte progresi me afat të kaluar"]
    assert overdue.startswith(f"Përshëndetje {world.ministry_contributor.name},")
    assert "Quarterly report: raporti 2026-Q4 ka afat të kaluar që nga 15 dhj 2026" in overdue
    assert "Hyni në Scorecard" in overdue

    [cyrillic] = inbox.to(world.agency_contributor.email)
    assert cyrillic["Subject"] == "Scorecard: извештаји о напретку ван рока"
    assert "Здраво" in body(cyrillic) and "ван рока од 15. 12. 2026." in body(cyrillic)

    [english] = inbox.to(world.reviewers[0].email)
    assert english["Subject"] == "Scorecard: this week's reporting digest"
    assert "This week: 1 report overdue, 1 due, 0 entries awaiting review." in body(english)
    [latin] = inbox.to(world.reviewers[1].email)
    assert latin["Subject"] == "Scorecard: nedeljni pregled izveštavanja"
    assert "Ove nedelje: 1 izveštaj van roka, 1 dospeva, 0 unosa čeka pregled." in body(latin)


def test_the_in_app_lines_are_rebuilt_for_any_language(session, database):
    world = make_world(session)
    reminders.send_reminders(database, today=TODAY, days_before=7, mail=None)
    lines = reminders.recent_lines(session, world.ministry_contributor.id)
    monthly, quarterly = world_code(session, world.monthly_id), world_code(session, world.quarterly_id)
    assert {str(r.line) for r in lines} == {
        f"{monthly} · Monthly figures: the 2026-12 report is due on 2026-12-20",
        f"{quarterly} · Quarterly report: the 2026-Q4 report is overdue since 2026-12-15",
    }
    assert localized.render("sr-Cyrl", next(r.line for r in lines if "overdue" in r.line)).endswith(
        "извештај за 2026-Q4 је ван рока од 15. 12. 2026."
    )
    [digest] = reminders.recent_lines(session, world.reviewers[0].id)
    assert localized.render("sq", digest.line) == (
        "Këtë javë: 1 raport me afat të kaluar, 1 për t'u dorëzuar, 0 hyrje presin shqyrtimin."
    )


def world_code(session: Any, benchmark_id: int) -> str:
    """The code of the recommendation a benchmark belongs to."""
    from scorecard.models import Benchmark, Recommendation

    return str(
        session.scalar(
            select(Recommendation.code)
            .join(Benchmark, Benchmark.recommendation_id == Recommendation.id)
            .where(Benchmark.id == benchmark_id)
        )
    )

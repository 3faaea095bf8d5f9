"""Reporting reminders: to contributors before and after a report's due day, and a weekly digest to reviewers.

Each reminder is sent once. Its key (recipient, benchmark, period, kind) is
unique in the reminder table, and the row is inserted in the transaction that
sends the email, committed right after the server accepts it: a batch retried,
run twice at once, or restarted after its worker was killed sends only what is
not recorded. The one window left is a kill between the server's acceptance
and the commit (microseconds), which would send that one email again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scorecard.db import Database
from scorecard.errors import N_, Message, Np_
from scorecard.models import (
    Benchmark,
    Recommendation,
    Reminder,
    ReminderKind,
    Role,
    User,
    UserActor,
    utcnow,
)
from scorecard.rules.reporting import DUE, OVERDUE, iso_week

from . import localized, reporting, review
from .lookup import latest_of
from .mail import Mailer, MailSettings
from .reporting import OwedReport

log = logging.getLogger(__name__)
REVIEWER_ROLES = (Role.ANALYST, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who a reminder goes to."""

    user_id: int
    email: str
    name: str
    # The language id the email is written in (None: the default language).
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    """One reminder not yet sent: its key, and the line it adds to its email (English as `str`)."""

    recipient: Recipient
    kind: str
    benchmark_id: int | None
    period: str
    due_on: date | None
    line: Message


@dataclass(slots=True)
class Outcome:
    """What a run did: emails sent, reminders recorded for the app only, and reminders already sent."""

    emails: int = 0
    in_app: int = 0
    skipped: int = 0
    planned: list[PlannedReminder] = field(default_factory=list)


def awaiting_review_count(session: Session) -> int:
    """Entries submitted and not yet reviewed, for the reviewers' digest (the inbox's own count)."""
    return review.waiting_count(session)


def _contributors(session: Session, actor_ids: Iterable[int]) -> dict[int, list[Recipient]]:
    """The active contributors who report for these actors and take reminders, by actor (one query)."""
    ids = sorted(set(actor_ids))
    found: dict[int, list[Recipient]] = {}
    if not ids:
        return found
    for actor_id, user_id, email, name, locale in session.execute(
        select(UserActor.actor_id, User.id, User.email, User.name, User.locale)
        .join(User, User.id == UserActor.user_id)
        .where(
            UserActor.actor_id.in_(ids),
            User.role == Role.CONTRIBUTOR,
            User.active.is_(True),
            User.reminders_enabled.is_(True),
        )
        .order_by(User.id)
    ):
        found.setdefault(actor_id, []).append(Recipient(user_id, email, name, locale))
    return found


def _reviewers(session: Session) -> list[Recipient]:
    rows = session.execute(
        select(User.id, User.email, User.name, User.locale)
        .where(User.role.in_(list(REVIEWER_ROLES)), User.active.is_(True), User.reminders_enabled.is_(True))
        .order_by(User.id)
    )
    return [Recipient(row.id, row.email, row.name, row.locale) for row in rows]


def report_line(code: str, benchmark: str, period: str, due_on: date, *, overdue: bool) -> Message:
    """One owed report's line in a reminder (its email and the Account page's list)."""
    values = {"code": code, "benchmark": benchmark, "period": period, "date": due_on}
    if overdue:
        return N_("%(code)s · %(benchmark)s: the %(period)s report is overdue since %(date)s", **values)
    return N_("%(code)s · %(benchmark)s: the %(period)s report is due on %(date)s", **values)


def _report_line(report: OwedReport) -> Message:
    return report_line(
        report.recommendation_code,
        report.benchmark_title,
        report.period,
        report.due_on,
        overdue=report.state == OVERDUE,
    )


def _contributor_reminders(session: Session, owed: Sequence[OwedReport]) -> list[PlannedReminder]:
    contributors = _contributors(session, [r.actor_id for r in owed if r.actor_id is not None])
    planned: dict[tuple[int, int, str, str], PlannedReminder] = {}
    for report in owed:
        kind = ReminderKind.AFTER if report.state == OVERDUE else ReminderKind.BEFORE
        for person in contributors.get(report.actor_id or 0, []):
            key = (person.user_id, report.benchmark_id, report.period, kind)
            planned.setdefault(
                key,
                PlannedReminder(
                    person, kind, report.benchmark_id, report.period, report.due_on, _report_line(report)
                ),
            )
    return list(planned.values())


def _digests(session: Session, owed: Sequence[OwedReport], today: date) -> list[PlannedReminder]:
    tally = reporting.counts(owed)
    waiting = awaiting_review_count(session)
    line = digest_line(tally.get(OVERDUE, 0), tally.get(DUE, 0), waiting)
    week = iso_week(today)
    return [
        PlannedReminder(person, ReminderKind.DIGEST, None, week, None, line) for person in _reviewers(session)
    ]


def digest_line(overdue: int, due: int, waiting: int) -> Message:
    """The reviewers' weekly line: reports overdue and due, entries awaiting review."""
    return N_(
        "This week: %(overdue)s, %(due)s, %(waiting)s.",
        overdue=Np_("%(num)d report overdue", "%(num)d reports overdue", overdue),
        due=Np_("%(num)d due", "%(num)d due", due),
        waiting=Np_("%(num)d entry awaiting review", "%(num)d entries awaiting review", waiting),
    )


def _already_sent(
    session: Session, planned: Sequence[PlannedReminder]
) -> set[tuple[int, int | None, str, str]]:
    """The keys among `planned` that the reminder table holds (one query per 500)."""
    sent: set[tuple[int, int | None, str, str]] = set()
    users = sorted({p.recipient.user_id for p in planned})
    periods = sorted({p.period for p in planned})
    for start in range(0, len(users), 500):
        condition: ColumnElement[bool] = Reminder.user_id.in_(users[start : start + 500])
        for row in session.execute(
            select(Reminder.user_id, Reminder.benchmark_id, Reminder.period, Reminder.kind).where(
                condition, Reminder.period.in_(periods)
            )
        ):
            sent.add((row.user_id, row.benchmark_id, row.period, row.kind))
    return sent


def plan(session: Session, *, today: date, days_before: int) -> list[PlannedReminder]:
    """Every reminder today calls for that has not been sent, by recipient and kind."""
    owed = reporting.owed_reports(session, today=today, days_before=days_before)
    planned = _contributor_reminders(session, owed) + _digests(session, owed, today)
    sent = _already_sent(session, planned)
    fresh = [p for p in planned if (p.recipient.user_id, p.benchmark_id, p.period, p.kind) not in sent]
    fresh.sort(key=lambda p: (p.recipient.user_id, p.kind, p.due_on or today, p.benchmark_id or 0))
    return fresh


SUBJECTS = {
    ReminderKind.BEFORE: N_("Scorecard: progress reports due soon"),
    ReminderKind.AFTER: N_("Scorecard: progress reports overdue"),
    ReminderKind.DIGEST: N_("Scorecard: this week's reporting digest"),
}
INTROS = {
    ReminderKind.BEFORE: N_("These progress reports are due soon:"),
    ReminderKind.AFTER: N_("These progress reports are overdue:"),
    ReminderKind.DIGEST: N_("The reporting schedule this week:"),
}
GREETING = N_("Hello %(name)s,")
SIGN_OFF = N_("Sign in to Scorecard to record them. You can turn these reminders off on your Account page.")


def subject(person: Recipient, kind: str) -> str:
    """An email's subject in its recipient's language."""
    return localized.render(person.locale, SUBJECTS[ReminderKind(kind)])


def _body(person: Recipient, kind: str, lines: Sequence[Message]) -> str:
    """An email's text in its recipient's language."""
    locale = person.locale
    listed = "\n".join(f"- {localized.render(locale, line)}" for line in lines)
    greeting = localized.gettext(locale, GREETING.msgid, name=person.name)
    intro = localized.render(locale, INTROS[ReminderKind(kind)])
    return f"{greeting}\n\n{intro}\n\n{listed}\n\n{localized.render(locale, SIGN_OFF)}\n"


def _send_one(database: Database, group: Sequence[PlannedReminder], mailer: Mailer | None) -> bool:
    """Record one email's reminders and send it, in one transaction: False when another run sent them."""
    person, kind = group[0].recipient, group[0].kind
    session = database.session(write=True)
    try:
        session.add_all(
            Reminder(
                user_id=person.user_id,
                benchmark_id=p.benchmark_id,
                period=p.period,
                kind=p.kind,
                due_on=p.due_on,
                summary=p.line[:500],
                emailed=mailer is not None,
                created_at=utcnow(),
            )
            for p in group
        )
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            return False
        if mailer is not None:
            keys = ", ".join(f"{p.benchmark_id or '-'}/{p.period}/{p.kind}" for p in group)
            mailer.send(
                person.email,
                subject(person, kind),
                _body(person, kind, [p.line for p in group]),
                headers={"X-Scorecard-Reminders": keys},
            )
        session.commit()
        return True
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def send_reminders(
    database: Database,
    *,
    today: date,
    days_before: int = reporting.DEFAULT_DAYS_BEFORE,
    mail: MailSettings | None,
    dry_run: bool = False,
) -> Outcome:
    """Send today's reminders that are not yet sent: one email per person and kind, each in its own
    transaction (see the module's note). Without `mail` they are recorded for the app only;
    `dry_run` plans them and writes and sends nothing.

    It takes the Database, not a session: each email commits on its own.
    """
    with database.session(write=False) as reader:
        planned = plan(reader, today=today, days_before=days_before)
    outcome = Outcome(planned=planned)
    if dry_run:
        return outcome
    groups = [list(g) for _, g in groupby(planned, key=lambda p: (p.recipient.user_id, p.kind))]
    mailer = Mailer(mail) if mail is not None else None
    try:
        for group in groups:
            if not _send_one(database, group, mailer):
                outcome.skipped += len(group)
            elif mailer is not None:
                outcome.emails += 1
            else:
                outcome.in_app += len(group)
    finally:
        if mailer is not None:
            mailer.__exit__(None, None, None)
    log.info(
        "reminders for %s: %d email(s) sent, %d in the app only, %d already sent",
        today.isoformat(),
        outcome.emails,
        outcome.in_app,
        outcome.skipped,
    )
    return outcome


def recent_for(session: Session, user_id: int, *, limit: int = 10) -> list[Reminder]:
    """A person's latest reminders, newest first: the in-app list on the Account page."""
    return latest_of(session, Reminder, user_id, limit=limit)


@dataclass(frozen=True, slots=True)
class RecentReminder:
    """One line of the Account page's reminder list: when, whether emailed, and the line to translate."""

    created_at: datetime
    emailed: bool
    line: Message


# A digest's stored English summary (before and since its lines were translated): its three counts.
_DIGEST_COUNTS = re.compile(r"This week: (\d+) report(?:s|\(s\))? overdue, (\d+) due, (\d+) entr")


def _stored_line(reminder: Reminder, titles: dict[int, tuple[str, str]]) -> Message:
    """A stored reminder's line as a message, rebuilt from its key; the stored English when it cannot be."""
    if reminder.kind == ReminderKind.DIGEST:
        counts = _DIGEST_COUNTS.match(reminder.summary or "")
        if counts:
            return digest_line(*(int(n) for n in counts.groups()))
    elif reminder.benchmark_id in titles and reminder.due_on is not None:
        code, title = titles[reminder.benchmark_id]
        overdue = reminder.kind == ReminderKind.AFTER
        return report_line(code, title, reminder.period, reminder.due_on, overdue=overdue)
    return Message(reminder.summary or "")


def recent_lines(session: Session, user_id: int, *, limit: int = 10) -> list[RecentReminder]:
    """A person's latest reminders, newest first, as lines the page shows in the reader's language."""
    rows = recent_for(session, user_id, limit=limit)
    ids = sorted({r.benchmark_id for r in rows if r.benchmark_id is not None})
    titles: dict[int, tuple[str, str]] = {}
    if ids:
        for benchmark_id, code, title in session.execute(
            select(Benchmark.id, Recommendation.code, Benchmark.title)
            .join(Recommendation, Recommendation.id == Benchmark.recommendation_id)
            .where(Benchmark.id.in_(ids))
        ):
            titles[benchmark_id] = (code, title)
    return [RecentReminder(r.created_at, bool(r.emailed), _stored_line(r, titles)) for r in rows]


def set_enabled(session: Session, user_id: int, *, enabled: bool) -> None:
    """Turn one's own reminders on or off."""
    user = session.get(User, user_id)
    if user is not None:
        user.reminders_enabled = enabled
        session.flush()

"""The reporting schedule: which period a day falls in, when its report is due, and where it stands.

A benchmark with a reporting frequency owes one report per period (calendar
months, quarters, halves or years). The report is due on the due day of the
period's last month (its last day when none is set, or when the month is
shorter), and is met by a progress entry observed within the period.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from scorecard.errors import N_

from .vocabulary import HALF_YEARLY, MONTHLY, QUARTERLY, YEARLY

MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}

MET, UPCOMING, DUE, OVERDUE = "met", "upcoming", "due", "overdue"
# How a report's standing reads on pages.
STANDING_WORDS = {MET: N_("reported"), UPCOMING: N_("upcoming"), DUE: N_("due"), OVERDUE: N_("overdue")}


@dataclass(frozen=True, slots=True)
class Period:
    """One reporting period: its first and last day, its name ("2026-Q4") and its report's due day."""

    starts_on: date
    ends_on: date
    name: str
    due_on: date


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one benchmark's report for the current period stands on a given day."""

    period: Period
    state: str  # MET, UPCOMING (not yet in the reminder window), DUE or OVERDUE


def _name(frequency: str, year: int, first_month: int) -> str:
    if frequency == MONTHLY:
        return f"{year}-{first_month:02d}"
    if frequency == QUARTERLY:
        return f"{year}-Q{(first_month - 1) // 3 + 1}"
    if frequency == HALF_YEARLY:
        return f"{year}-H{(first_month - 1) // 6 + 1}"
    return str(year)


def period_of(frequency: str, due_day: int | None, day: date) -> Period:
    """The reporting period of this frequency that `day` falls in."""
    length = MONTHS[frequency]
    first_month = (day.month - 1) // length * length + 1
    last_month = first_month + length - 1
    last_day = calendar.monthrange(day.year, last_month)[1]
    due = min(due_day or last_day, last_day)
    return Period(
        starts_on=date(day.year, first_month, 1),
        ends_on=date(day.year, last_month, last_day),
        name=_name(frequency, day.year, first_month),
        due_on=date(day.year, last_month, due),
    )


def standing(
    frequency: str, due_day: int | None, *, last_observed_on: date | None, today: date, days_before: int
) -> Standing:
    """Where the current period's report stands today, given the benchmark's latest observation.

    DUE from `days_before` days ahead of the due day until it; OVERDUE after it until the
    period ends; MET once an entry observed in the period exists.
    """
    period = period_of(frequency, due_day, today)
    if last_observed_on is not None and period.starts_on <= last_observed_on <= period.ends_on:
        return Standing(period, MET)
    if today > period.due_on:
        return Standing(period, OVERDUE)
    if today >= period.due_on - timedelta(days=days_before):
        return Standing(period, DUE)
    return Standing(period, UPCOMING)


def iso_week(day: date) -> str:
    """The ISO week a day falls in ("2026-W49"): the period of the reviewers' weekly digest."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"

"""The rules of one progress entry (an observation of a benchmark) and its derived score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from scorecard.errors import N_, RuleViolation
from scorecard.scoring import (
    EARLIEST_DAY,
    LATEST_DAY,
    level_score,
    milestone_score,
    numeric_score,
    within_calendar,
)

from .text import check_http_url, clean
from .vocabulary import NUMERIC, SCALE

NOTE_MAX = 5000
# What a date outside scoring.within_calendar gets, wherever it was typed (forms, URLs, imports).
CALENDAR_MESSAGE = N_(
    "Enter a date between %(earliest)s and %(latest)s.",
    earliest=str(EARLIEST_DAY.year),
    latest=str(LATEST_DAY.year),
)


@dataclass(slots=True)
class EntryInput:
    """One observation as a form, an import or the demo gives it; only the kind's own value is read."""

    observed_on: date | None
    level_id: int | None = None
    value: float | None = None
    achieved: bool | None = None
    note: str | None = None
    evidence_url: str | None = None
    # Whose assessment it is (None: the monitoring team's).
    perspective_id: int | None = None


@dataclass(frozen=True, slots=True)
class CheckedEntry:
    """An observation that passed every rule, with its derived score."""

    observed_on: date
    level_id: int | None
    value: float | None
    achieved: bool | None
    score: float
    note: str | None
    evidence_url: str | None
    perspective_id: int | None = None


class BenchmarkRules(Protocol):
    """What checking an observation reads of its benchmark (a model, or an import's plain facts)."""

    @property
    def kind(self) -> str: ...

    @property
    def baseline(self) -> float | None: ...

    @property
    def target(self) -> float | None: ...

    @property
    def direction(self) -> str | None: ...


class LevelRules(Protocol):
    """What checking an observation reads of a scale level (a model, or a plain tuple-like record)."""

    @property
    def id(self) -> int: ...

    @property
    def score(self) -> float: ...


@dataclass(frozen=True, slots=True)
class LevelFacts:
    """A scale level as plain facts, for callers that hold no models."""

    id: int
    score: float


def _check_value(
    benchmark: BenchmarkRules, fields: EntryInput, levels: Mapping[int, LevelRules], errors: dict[str, str]
) -> tuple[int | None, float | None, bool | None, float]:
    """The kind's own value of an observation, and its score: (level id, value, achieved, score)."""
    if benchmark.kind == SCALE:
        level = levels.get(fields.level_id) if fields.level_id is not None else None
        if fields.level_id is None:
            errors["level_id"] = N_("Choose a level.")
        elif level is None:
            errors["level_id"] = N_("That level is not on this benchmark's scale.")
        else:
            return level.id, None, None, level_score(level.score)
    elif benchmark.kind == NUMERIC:
        if fields.value is None:
            errors["value"] = N_("Enter the measured value.")
        else:
            assert benchmark.baseline is not None and benchmark.target is not None and benchmark.direction
            value = float(fields.value)
            if value != value or value in (float("inf"), float("-inf")):
                errors["value"] = N_("Enter a finite number.")
            else:
                score = numeric_score(
                    value, baseline=benchmark.baseline, target=benchmark.target, direction=benchmark.direction
                )
                return None, value, None, score
    elif fields.achieved is None:
        errors["achieved"] = N_("Say whether the milestone is achieved.")
    else:
        achieved = bool(fields.achieved)
        return None, None, achieved, milestone_score(achieved)
    return None, None, None, 0.0


def check_observation(
    benchmark: BenchmarkRules, fields: EntryInput, *, today: date, levels: Mapping[int, LevelRules]
) -> CheckedEntry:
    """Apply every rule for one observation of a benchmark (plain facts), with its scale's levels by id.

    Errors are keyed by field name. An import checks a million rows: reading
    the rules from plain objects instead of mapped models saves a second per million.
    """
    errors: dict[str, str] = {}
    if fields.observed_on is None:
        errors["observed_on"] = N_("Enter the date of the observation.")
    elif fields.observed_on > today:
        errors["observed_on"] = N_("The date cannot be in the future (today is %(today)s).", today=today)
    elif not within_calendar(fields.observed_on):
        errors["observed_on"] = CALENDAR_MESSAGE
    note = clean(fields.note)
    if note and len(note) > NOTE_MAX:
        errors["note"] = N_("Keep the note under %(most)d characters.", most=NOTE_MAX)
    try:
        evidence_url = check_http_url(fields.evidence_url, "evidence_url")
    except RuleViolation as violation:
        errors.update(violation.errors)
        evidence_url = None
    level_id, value, achieved, score = _check_value(benchmark, fields, levels, errors)
    if errors:
        raise RuleViolation(errors)
    assert fields.observed_on is not None
    return CheckedEntry(
        fields.observed_on, level_id, value, achieved, score, note, evidence_url, fields.perspective_id
    )


# An entry's place in the history, as the progress export with history writes it and the import reads
# it back. "submitted" and "returned" are a contributor's entries under review: they never count.
HISTORY_STATUSES = ("counting", "corrected", "deleted", "submitted", "returned")
UNDER_REVIEW = ("submitted", "returned")


def history_status(deleted_at: object, superseded_at: object, review_status: str) -> str:
    """Deleted, corrected, submitted or returned (awaiting a reviewer, or sent back), else counting."""
    if deleted_at is not None:
        return "deleted"
    if superseded_at is not None:
        return "corrected"
    return review_status if review_status in UNDER_REVIEW else "counting"

"""How values read on a page: scores, changes, numbers, dates, statuses, and text on a colour."""

from __future__ import annotations

from datetime import date, datetime

from scorecard import i18n
from scorecard.errors import N_
from scorecard.models import Status

# In English; `status_label` gives them in the reader's language.
STATUS_LABELS: dict[str, str] = {
    Status.PROPOSED.value: N_("Proposed"),
    Status.ACCEPTED.value: N_("Accepted"),
    Status.IN_PROGRESS.value: N_("In progress"),
    Status.IMPLEMENTED.value: N_("Implemented"),
    Status.PARTIALLY_IMPLEMENTED.value: N_("Partially implemented"),
    Status.STALLED.value: N_("Stalled"),
    Status.REJECTED.value: N_("Rejected"),
    Status.WITHDRAWN.value: N_("Withdrawn"),
}


def format_score(score: float | None, empty: str = "—") -> str:
    """A score as a whole number ("not assessed" is not zero: it shows as a dash)."""
    return empty if score is None else f"{score:.0f}"


def format_trend(change: float | None) -> str:
    """A change in score with its sign (+12, −3, ±0); a dash when either end is not assessed."""
    if change is None:
        return "—"
    rounded = round(change)
    if rounded == 0:
        return "±0"
    return f"+{rounded}" if rounded > 0 else f"−{abs(rounded)}"


def format_number(value: float | None) -> str:
    """A measured value as this language writes it: 1,234.5 / 1 234,5 / 1.234,5 — no trailing zeros."""
    return i18n.locale_number(value)


def format_date(value: date | datetime | None) -> str:
    """ISO dates in English (2026-03-31), the language's own medium form in the others (31. 3. 2026.);
    timestamps to the minute, in UTC."""
    if value is None:
        return ""
    if i18n.current_language().id != i18n.DEFAULT_LOCALE:
        return i18n.locale_date(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (#rrggbb), by WCAG luminance."""
    try:
        channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    except (ValueError, IndexError):
        return "#000000"
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.179 else "#ffffff"


def score_class(score: float | None) -> str:
    """A CSS class for a score band, always shown beside the number itself."""
    if score is None:
        return "score-none"
    if score >= 75:
        return "score-high"
    if score >= 40:
        return "score-mid"
    return "score-low"


def status_label(status: str) -> str:
    """A lifecycle status as people say it, in this language."""
    label = STATUS_LABELS.get(status)
    return i18n.translate(label) if label else status.replace("_", " ").capitalize()


def format_size(size: int) -> str:
    """A file size as people read it: 850 bytes, 12 KB, 3.4 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"

"""The recommendation filter read from the URL, shared by the list, the scorecard and the CSV exports."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from scorecard.forms.fields import options
from scorecard.forms.filters import RecommendationFilterForm
from scorecard.scoring import within_calendar
from scorecard.services import recommendations, reference
from scorecard.services.pagination import LAST_PAGE
from scorecard.services.recommendations import ARCHIVED_CHOICES, RecommendationFilter, Thresholds

from .common import whole_number


def thresholds(today: date | None = None) -> Thresholds:
    """Today and the stale threshold from the settings."""
    return Thresholds(today=today or date.today(), stale_days=int(current_app.config["STALE_DAYS"]))


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(number for number in map(whole_number, values) if number is not None)


def url_day(args: MultiDict[str, str], name: str) -> date | None:
    """A date from the query string; a malformed one, or one outside the calendar we keep, is ignored."""
    try:
        day = date.fromisoformat(args.get(name, "").strip())
    except ValueError:
        return None
    return day if within_calendar(day) else None


def url_page(args: MultiDict[str, str], name: str = "page") -> int:
    """A page number from the query string: 1 when missing or malformed, at most LAST_PAGE."""
    return min(whole_number(args.get(name)) or 1, LAST_PAGE)


def parse_filter(args: MultiDict[str, str]) -> RecommendationFilter:
    """A RecommendationFilter from query arguments; malformed values are ignored, never an error page."""

    def day(name: str) -> date | None:
        return url_day(args, name)

    archived = args.get("archived", "active")
    return RecommendationFilter(
        q=args.get("q", "")[:200],
        theme_ids=_ints(args.getlist("theme")),
        actor_ids=_ints(args.getlist("actor")),
        source_ids=_ints(args.getlist("source")),
        statuses=tuple(s for s in args.getlist("status") if s),
        priorities=tuple(p for p in args.getlist("priority") if p),
        cycle_id=whole_number(args.get("cycle")),
        due_from=day("due_from"),
        due_to=day("due_to"),
        overdue=args.get("overdue", "") in ("y", "1", "true", "on"),
        stale=args.get("stale", "") in ("y", "1", "true", "on"),
        archived=archived if archived in ARCHIVED_CHOICES else "active",
    )


def filter_form(session: Session, args: MultiDict[str, str]) -> RecommendationFilterForm:
    """The filter form filled from the URL; its menus list this database's themes, actors, sources, cycles."""
    form = RecommendationFilterForm(args)
    form.theme.choices = options(
        [("", gettext("Any theme"))] + [(str(t.id), t.name) for t in reference.list_themes(session)]
    )
    form.actor.choices = options(
        [("", gettext("Any actor"))] + [(str(a.id), a.name) for a in reference.list_actors(session)]
    )
    form.source.choices = options(
        [("", gettext("Any source"))] + [(str(s.id), s.title) for s in reference.list_sources(session)]
    )
    form.cycle.choices = options(
        [("", gettext("Any cycle"))] + [(str(c.id), c.name) for c in reference.list_cycles(session)]
    )
    return form


def sort_args(args: MultiDict[str, str]) -> tuple[str, bool, int, int]:
    """Sort column, descending, page and page size from the URL, held to what is allowed."""
    sort = args.get("sort", "code")
    sort = sort if sort in recommendations.SORTABLE else "code"
    descending = args.get("direction", "asc") == "desc"
    return sort, descending, url_page(args), whole_number(args.get("per_page")) or 25

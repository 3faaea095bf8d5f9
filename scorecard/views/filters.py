"""The recommendation filter read from the URL, shared by the list, the scorecard and the CSV exports."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from scorecard.forms.fields import options
from scorecard.forms.filters import RecommendationFilterForm
from scorecard.services import recommendations, reference
from scorecard.services.recommendations import ARCHIVED_CHOICES, RecommendationFilter, Thresholds


def thresholds(today: date | None = None) -> Thresholds:
    """Today and the stale threshold from the settings."""
    return Thresholds(today=today or date.today(), stale_days=int(current_app.config["STALE_DAYS"]))


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if v.strip().isdigit())


def parse_filter(args: MultiDict[str, str]) -> RecommendationFilter:
    """A RecommendationFilter from query arguments; malformed values are ignored, never an error page."""

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(args.get(name, "").strip())
        except ValueError:
            return None

    cycle = args.get("cycle", "").strip()
    archived = args.get("archived", "active")
    return RecommendationFilter(
        q=args.get("q", "")[:200],
        theme_ids=_ints(args.getlist("theme")),
        actor_ids=_ints(args.getlist("actor")),
        source_ids=_ints(args.getlist("source")),
        statuses=tuple(s for s in args.getlist("status") if s),
        priorities=tuple(p for p in args.getlist("priority") if p),
        cycle_id=int(cycle) if cycle.isdigit() else None,
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
        [("", "Any theme")] + [(str(t.id), t.name) for t in reference.list_themes(session)]
    )
    form.actor.choices = options(
        [("", "Any actor")] + [(str(a.id), a.name) for a in reference.list_actors(session)]
    )
    form.source.choices = options(
        [("", "Any source")] + [(str(s.id), s.title) for s in reference.list_sources(session)]
    )
    form.cycle.choices = options(
        [("", "Any cycle")] + [(str(c.id), c.name) for c in reference.list_cycles(session)]
    )
    return form


def sort_args(args: MultiDict[str, str]) -> tuple[str, bool, int, int]:
    """Sort column, descending, page and page size from the URL, held to what is allowed."""
    sort = args.get("sort", "code")
    sort = sort if sort in recommendations.SORTABLE else "code"
    descending = args.get("direction", "asc") == "desc"
    page = args.get("page", 1, type=int) or 1
    per_page = args.get("per_page", 25, type=int) or 25
    return sort, descending, page, per_page

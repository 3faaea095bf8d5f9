"""The recommendation filter read from the URL, shared by the list, the scorecard and the CSV exports."""

from __future__ import annotations

from dataclasses import dataclass
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
from scorecard.services.scorecards import PerspectiveView

from .common import whole_number
from .content import localiser


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
    """The filter form filled from the URL; its menus list this database's themes, actors, sources, cycles,
    named in the reader's language (so is the "Filters:" line, which reads its names from the menus)."""
    form = RecommendationFilterForm(args)
    themes, actors, sources = (
        reference.list_themes(session),
        reference.list_actors(session),
        reference.list_sources(session),
    )
    shown = localiser(
        session,
        {"theme": [t.id for t in themes], "actor": [a.id for a in actors], "source": [s.id for s in sources]},
    )
    form.theme.choices = options(
        [("", gettext("Any theme"))] + [(str(t.id), shown.text(t, "name")) for t in themes]
    )
    form.actor.choices = options(
        [("", gettext("Any actor"))] + [(str(a.id), shown.text(a, "name")) for a in actors]
    )
    form.source.choices = options(
        [("", gettext("Any source"))] + [(str(s.id), shown.text(s, "title")) for s in sources]
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


MONITORING_TEAM = reference.MONITORING_TEAM
TEAM = "team"


def perspective_options(session: Session) -> list[tuple[str, str]]:
    """Whose assessment an entry can be: the monitoring team's ("") first, then the admins' list."""
    return options(
        [("", gettext(MONITORING_TEAM))] + [(str(p.id), p.name) for p in reference.list_perspectives(session)]
    )


@dataclass(frozen=True, slots=True)
class PerspectiveChoice:
    """The perspective a page shows (None: the monitoring team's) and the one beside it, if any."""

    view: PerspectiveView
    names: dict[int | None, str]

    @property
    def shown(self) -> int | None:
        """The perspective shown."""
        return self.view.shown

    @property
    def compared(self) -> int | None:
        """The perspective beside it (when comparing)."""
        return self.view.beside

    @property
    def comparing(self) -> bool:
        """Whether two perspectives show side by side."""
        return self.view.comparing

    def name(self, perspective_id: int | None) -> str:
        """A perspective's name as the page shows it."""
        return self.names.get(perspective_id) or str(gettext(MONITORING_TEAM))

    def options(self) -> list[tuple[str, str]]:
        """The menu of perspectives: the monitoring team's ("") first, then the list by name."""
        listed = sorted(
            ((str(key), name) for key, name in self.names.items() if key is not None), key=lambda o: o[1]
        )
        return [("", self.name(None)), *listed]

    def args(self) -> dict[str, str]:
        """The query arguments that keep this choice (for links and the CSV)."""
        found = {"perspective": str(self.shown)} if self.shown is not None else {}
        if self.comparing:
            found["beside"] = TEAM if self.compared is None else str(self.compared)
        return found


def parse_perspectives(session: Session, args: MultiDict[str, str]) -> PerspectiveChoice:
    """`perspective` (an id; missing: the monitoring team's) and `beside` (an id, "team", or nothing)
    from the URL; an id that names no perspective falls back to the monitoring team's."""
    names: dict[int | None, str] = {p.id: p.name for p in reference.list_perspectives(session)}
    names[None] = gettext(MONITORING_TEAM)
    shown = whole_number(args.get("perspective"))
    shown = shown if shown in names else None
    raw = args.get("beside", "")
    compared = None if raw == TEAM else whole_number(raw)
    comparing = (raw == TEAM or compared in names) and compared != shown
    return PerspectiveChoice(PerspectiveView(shown, compared if comparing else None, comparing), names)

"""The scorecard: recommendations × benchmarks as of any date, compared with another, printable."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from flask import Blueprint, render_template, request
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from wtforms import Field

from scorecard.db import get_session
from scorecard.errors import N_
from scorecard.forms.filters import RecommendationFilterForm
from scorecard.forms.scorecard import ScorecardForm
from scorecard.i18n import translate
from scorecard.rules.progress import CALENDAR_MESSAGE
from scorecard.services import reference, scorecards
from scorecard.services.recommendations import RecommendationFilter
from scorecard.web import charts, folding
from scorecard.web.common import remembered_content, whole_number
from scorecard.web.content import scorecard_localiser
from scorecard.web.filters import (
    filter_form,
    parse_filter,
    parse_perspectives,
    thresholds,
    url_page,
)
from scorecard.web.formatting import format_date, status_label

bp = Blueprint("scorecard", __name__, url_prefix="/scorecard")


@dataclass(frozen=True, slots=True)
class Subject:
    """Whose scorecard a per-actor or per-source page shows."""

    kind: str  # "actor" or "source"
    id: int
    name: str
    details: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Dates:
    """The as-of and compare-to dates read from the URL, and what was wrong with them."""

    as_of: date
    compare: date | None
    group: str
    problems: tuple[str, ...]


def read_dates(form: ScorecardForm, today: date) -> Dates:
    """The dates and grouping the form asks for; an unreadable or future date is set aside with a message."""
    form.validate()
    problems: list[str] = []

    def day(field: Field, label: str, fallback: str) -> date | None:
        if field.errors:
            raw = (field.raw_data or [""])[0]
            message = (
                N_("“%(raw)s” is outside the years the %(label)s date can be; %(fallback)s.")
                if field.errors[0] == CALENDAR_MESSAGE
                else N_("“%(raw)s” is not a date we can read as the %(label)s date; %(fallback)s.")
            )
            problems.append(gettext(message, raw=raw[:40], label=gettext(label), fallback=gettext(fallback)))
            return None
        value: date | None = field.data
        if value is not None and value > today:
            problems.append(
                gettext(
                    "The %(label)s date %(day)s is in the future; showing today instead.",
                    label=gettext(label),
                    day=format_date(value),
                )
            )
            return today
        return value

    as_of = day(form.as_of, N_("as-of"), N_("showing today")) or today
    if not form.as_of.errors:
        form.as_of.data = as_of  # show the day the scorecard is of, even when it was left to default
    compare = day(form.compare, N_("compare-to"), N_("comparing with the end of the previous review cycle"))
    group = form.group.data if form.group.data in scorecards.GROUPINGS else "theme"
    return Dates(as_of=as_of, compare=compare, group=group, problems=tuple(problems))


def active_filters(criteria: RecommendationFilter, form: RecommendationFilterForm) -> list[str]:
    """The filters in force, as people read them ("Theme: Security"), for the heading and the printout."""

    def names(field: Field, ids: tuple[int, ...]) -> str:
        labels = {str(value): label for value, label, *_ in field.choices}
        return ", ".join(labels.get(str(key), f"#{key}") for key in ids)

    found: list[str] = []
    if criteria.q.strip():
        found.append(gettext("Text: “%(text)s”", text=criteria.q.strip()))
    if criteria.theme_ids:
        found.append(gettext("Theme: %(names)s", names=names(form.theme, criteria.theme_ids)))
    if criteria.actor_ids:
        found.append(gettext("Actor: %(names)s", names=names(form.actor, criteria.actor_ids)))
    if criteria.source_ids:
        found.append(gettext("Source: %(names)s", names=names(form.source, criteria.source_ids)))
    if criteria.statuses:
        found.append(
            gettext("Status: %(names)s", names=", ".join(status_label(s) for s in criteria.statuses))
        )
    if criteria.priorities:
        found.append(
            gettext(
                "Priority: %(names)s", names=", ".join(translate(p.capitalize()) for p in criteria.priorities)
            )
        )
    if criteria.cycle_id is not None:
        found.append(gettext("Due in: %(names)s", names=names(form.cycle, (criteria.cycle_id,))))
    if criteria.due_from:
        found.append(gettext("Due from %(day)s", day=format_date(criteria.due_from)))
    if criteria.due_to:
        found.append(gettext("Due until %(day)s", day=format_date(criteria.due_to)))
    if criteria.overdue:
        found.append(gettext("Overdue only"))
    if criteria.stale:
        found.append(gettext("Stale only"))
    if criteria.archived != "active":
        found.append(
            gettext("Archived") if criteria.archived == "archived" else gettext("Active and archived")
        )
    return found


def _render(session: Session, args: MultiDict[str, str], subject: Subject | None) -> str:
    """The scorecard page: its content comes from the page cache while the data and the URL are unchanged."""
    key = ("scorecard", subject, tuple(sorted(args.items(multi=True))))
    content = remembered_content(key, lambda: _content(session, args, subject))
    return render_template("scorecard/index.html", content=content, subject=subject)


def _content(session: Session, args: MultiDict[str, str], subject: Subject | None) -> str:
    """Read the dates and filters, build the scorecard through the service, and render its content."""
    today = date.today()
    form = ScorecardForm(args)
    dates = read_dates(form, today)
    criteria = parse_filter(args)
    filters = filter_form(session, args)
    described = active_filters(criteria, filters)
    if subject is not None and subject.kind == "actor":
        criteria = dataclasses.replace(criteria, actor_ids=(subject.id,))
    elif subject is not None:
        criteria = dataclasses.replace(criteria, source_ids=(subject.id,))
    limits = thresholds(today)
    page = url_page(args)
    per_page = whole_number(args.get("per_page")) or scorecards.GRID_PAGE_SIZES[0]
    perspectives = parse_perspectives(session, args)
    card = scorecards.build_scorecard(
        session,
        criteria=criteria,
        thresholds=limits,
        as_of=dates.as_of,
        compare=dates.compare,
        group=dates.group,
        page=page,
        per_page=per_page,
        view=perspectives.view,
    )
    group_name = translate(scorecards.GROUPINGS[card.group]).lower()
    tr = scorecard_localiser(session, card)
    # The chart names its bars as the grid names its groups: in the reader's language.
    figures = [
        dataclasses.replace(g.figures, name=tr.name(card.group, g.figures.key, g.figures.name))
        for g in card.groups
    ]
    return render_template(
        "scorecard/_content.html",
        card=card,
        tr=tr,
        form=form,
        filters=filters,
        problems=dates.problems,
        subject=subject,
        perspectives=perspectives,
        active_filters=described,
        grid_page_sizes=scorecards.GRID_PAGE_SIZES,
        changes_counted=scorecards.CHANGES_COUNTED,
        group_chart=charts.score_bars(
            gettext("Score by %(group)s, %(day)s", group=group_name, day=format_date(card.as_of)),
            *folding.chart_rows(figures, group=card.group),
        )
        if figures
        else None,
        status_chart=charts.status_bars(gettext("Recommendations by status"), card.by_status)
        if card.by_status
        else None,
    )


@bp.route("")
def index() -> str:
    """Every recommendation's benchmarks and score as of a date, grouped, with the change since another."""
    return _render(get_session(), request.args, None)


@bp.route("/actors/<int:actor_id>")
def actor(actor_id: int) -> str:
    """What is asked of one actor, and how far it has come."""
    session = get_session()
    found = reference.get_actor(session, actor_id)
    return _render(session, request.args, Subject("actor", found.id, found.name))


@bp.route("/sources/<int:source_id>")
def source(source_id: int) -> str:
    """What became of one report's recommendations."""
    session = get_session()
    found = reference.get_source(session, source_id)
    details = tuple(
        part
        for part in (
            found.publisher,
            found.authors,
            f"published {found.published_on.isoformat()}" if found.published_on else None,
        )
        if part
    )
    return _render(session, request.args, Subject("source", found.id, found.title, details, found.url))

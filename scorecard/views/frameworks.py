"""Frameworks: their scorecards, item trees, crosswalk links, the integrated view, related recommendations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.forms.frameworks import (
    FRAMEWORK_FOLD,
    ITEM_FOLD,
    DeleteForm,
    FrameworkForm,
    ItemForm,
    LinkForm,
    LinkWeightForm,
    RelationForm,
)
from scorecard.forms.scorecard import ScorecardForm
from scorecard.i18n import translate
from scorecard.models import Framework, FrameworkItem
from scorecard.rules.frameworks import ItemFacts, check_framework
from scorecard.services import content, scorecards
from scorecard.services.dashboard import quarter_label
from scorecard.services.frameworks import evaluation, pages, records, transfer
from scorecard.web import charts
from scorecard.web.common import acting_user, form_version, run_confirmed, save_form, whole_number
from scorecard.web.content import fill_fold, fold_values, localiser
from scorecard.web.filters import url_page
from scorecard.web.formatting import format_date

from .exports import download
from .scorecard import read_dates

bp = Blueprint("frameworks", __name__, url_prefix="/frameworks")


@bp.route("")
def index() -> str:
    """Every framework, with its items and links counted."""
    session = get_session()
    found = records.list_frameworks(session)
    tr = localiser(session, {"framework": [f.id for f in found]})
    return render_template("frameworks/index.html", frameworks=found, tr=tr)


def _dates(session: Session) -> tuple[ScorecardForm, date, date | None, tuple[str, ...]]:
    """The as-of and compare-to dates from the URL (compare defaults to the previous review cycle's end)."""
    form = ScorecardForm(request.args)
    dates = read_dates(form, date.today())
    compare = dates.compare or scorecards.default_compare(dates.as_of, scorecards.list_cycles(session))
    form.compare.data = compare
    return form, dates.as_of, compare, dates.problems


def _amount_chart(page: pages.FrameworkPage) -> charts.Chart | None:
    """The share of the amount at stake that met items unlock, by quarter (one line per currency)."""
    currencies = sorted(page.totals)
    if not currencies:
        return None
    # Quarter names, as the dashboard's charts have them: nine ISO dates overlap on a phone.
    labels = [
        (gettext("Today") if quarter.day == date.today() else format_date(quarter.day))
        if quarter.day == page.as_of
        else translate(quarter_label(quarter.day))
        for quarter in page.quarters
    ]
    series = [
        (
            currency,
            [
                (quarter.totals[currency][0] / quarter.totals[currency][1] * 100.0)
                if quarter.totals.get(currency, (0, 0))[1]
                else None
                for quarter in page.quarters
            ],
        )
        for currency in currencies
    ]
    # The chart has a page-wide card of its own: drawn for it, its text keeps its size.
    return charts.score_lines(
        gettext("Share of the amount at stake unlocked (%), by quarter"), labels, series, full_width=True
    )


@bp.route("/<int:framework_id>")
def detail(framework_id: int) -> str:
    """A framework's scorecard: its item tree as of a date, compared with another, and what it unlocks."""
    session = get_session()
    form, as_of, compare, problems = _dates(session)
    page = pages.framework_page(session, framework_id, as_of=as_of, compare=compare, today=date.today())
    tr = _framework_localiser(session, page)
    return _dated_page("frameworks/detail.html", form, problems, page=page, tr=tr, chart=_amount_chart(page))


def _dated_page(template: str, form: ScorecardForm, problems: tuple[str, ...], **context: Any) -> str:
    """A framework's or an item's page as of a date: its dates form, what was wrong with the dates, and
    the form of its delete buttons."""
    return render_template(
        template, form=form, problems=problems, delete_form=DeleteForm(formdata=None), **context
    )


def _framework_localiser(session: Session, page: pages.FrameworkPage) -> content.Localiser:
    """A framework page's framework and items, in the reader's language."""
    return localiser(
        session, {"framework": [page.rules.id], "framework_item": [r.now.node.id for r in page.rows]}
    )


def _framework_save(session: Session, framework_id: int | None, form: FrameworkForm) -> Framework:
    fields = check_framework(
        name=form.name.data,
        kind=form.kind.data,
        description=form.description.data,
        met_rule=form.met_rule.data,
        threshold=form.threshold.data if form.met_rule.data == "threshold" else None,
        rollup=form.rollup.data,
        illustrative=bool(form.illustrative.data),
    )
    saved = records.save_framework(
        session, framework_id, fields=fields, expected_version=form_version(form), by=acting_user()
    )
    _translate(session, saved, form, ("name", "description"))
    return saved


def _translate(session: Session, record: Any, form: Any, fields: tuple[str, ...]) -> None:
    """Store the translations a form's fold gives (audited with the record's change)."""
    content.translate(
        session,
        record,
        values=fold_values(form, fields),
        original_locale=form.original_locale.data,
        by=acting_user(),
        label=getattr(record, "code", None),
    )


def _framework_form(framework_id: int | None) -> Response | str:
    session = get_session()
    found = records.get_framework(session, framework_id) if framework_id is not None else None
    form = FrameworkForm(obj=found) if request.method == "GET" and found else FrameworkForm()
    if request.method == "GET":
        fill_fold(session, form, found, ("name", "description"))
    saved = save_form(form, lambda: _framework_save(session, framework_id, form))
    if saved is None:
        return render_template(
            "frameworks/form.html", form=form, framework=found, heading=_heading(found), fold=FRAMEWORK_FOLD
        )
    flash(gettext("Framework “%(name)s” saved.", name=saved.name), "success")
    return redirect(url_for("frameworks.detail", framework_id=saved.id))


def _heading(found: Framework | None) -> str:
    return str(gettext("Edit framework") if found else gettext("New framework"))


@bp.route("/new", methods=["GET", "POST"])
def create() -> Response | str:
    """A new framework (analysts)."""
    return _framework_form(None)


@bp.route("/<int:framework_id>/edit", methods=["GET", "POST"])
def edit(framework_id: int) -> Response | str:
    """Change a framework's name, kind and rules (analysts)."""
    return _framework_form(framework_id)


@bp.route("/<int:framework_id>/delete", methods=["POST"])
def delete(framework_id: int) -> Response:
    """Delete a framework with its items and links (admins)."""
    action = lambda: records.delete_framework(get_session(), framework_id, by=acting_user())  # noqa: E731
    if run_confirmed(DeleteForm(), action):
        flash(gettext("Framework deleted."), "success")
        return redirect(url_for("frameworks.index"))
    return redirect(url_for("frameworks.detail", framework_id=framework_id))


# -- items ---------------------------------------------------------------------------------------------


def _parent_choices(session: Session, framework_id: int, item_id: int | None) -> list[tuple[str, str]]:
    """Every item an item may sit under (not itself), titled in the reader's language: the tree rules
    refuse the rest with a message."""
    nodes = evaluation.item_nodes(session, [framework_id])
    shown = localiser(session, {"framework_item": [node.id for node in nodes]})
    return [("", gettext("(top level)"))] + [
        (str(node.id), f"{'  ' * depth}{node.code} {shown.name('framework_item', node.id, node.title)}")
        for node, depth in evaluation.tree_order(nodes)
        if node.id != item_id
    ]


def _item_save(session: Session, framework_id: int, item_id: int | None, form: ItemForm) -> FrameworkItem:
    facts = ItemFacts(
        code=form.code.data,
        title=form.title.data,
        weight=form.weight.data,
        parent_id=whole_number(form.parent_id.data),
        due_on=form.due_on.data,
        amount=form.amount.data,
        currency=form.currency.data,
    )
    saved = records.save_item(
        session, framework_id, item_id, facts=facts, expected_version=form_version(form), by=acting_user()
    )
    _translate(session, saved, form, ("title",))
    return saved


def _item_form(framework_id: int, item_id: int | None) -> Response | str:
    session = get_session()
    framework = records.get_framework(session, framework_id)
    found = records.get_item(session, item_id, framework_id=framework_id) if item_id is not None else None
    form = ItemForm(obj=found) if request.method == "GET" and found else ItemForm()
    if request.method == "GET" and found is None:
        form.parent_id.data = request.args.get("parent", "")
    if request.method == "GET":
        fill_fold(session, form, found, ("title",))
    form.parent_id.choices = _parent_choices(session, framework_id, item_id)
    saved = save_form(form, lambda: _item_save(session, framework_id, item_id, form))
    if saved is None:
        return render_template(
            "frameworks/item_form.html", form=form, framework=framework, item=found, fold=ITEM_FOLD
        )
    flash(gettext("Item %(code)s saved.", code=saved.code), "success")
    return redirect(url_for("frameworks.item", framework_id=framework_id, item_id=saved.id))


@bp.route("/<int:framework_id>/items/new", methods=["GET", "POST"])
def item_create(framework_id: int) -> Response | str:
    """A new item of a framework (analysts)."""
    return _item_form(framework_id, None)


@bp.route("/<int:framework_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
def item_edit(framework_id: int, item_id: int) -> Response | str:
    """Change an item: code, title, place in the tree, weight, due date, amount (analysts)."""
    return _item_form(framework_id, item_id)


@bp.route("/<int:framework_id>/items/<int:item_id>")
def item(framework_id: int, item_id: int) -> str:
    """One item: its sub-items, and every recommendation and benchmark behind it, with who must act."""
    session = get_session()
    form, as_of, _compare, problems = _dates(session)
    page = pages.item_page(session, framework_id, item_id, as_of=as_of, today=date.today())
    return _dated_page("frameworks/item.html", form, problems, page=page, tr=_item_localiser(session, page))


def _item_localiser(session: Session, page: pages.ItemPage) -> content.Localiser:
    """An item page's framework, items, and the recommendations and benchmarks behind them."""
    return localiser(
        session,
        {
            "framework": [page.rules.id],
            "framework_item": [r.node.id for r in (page.result, *page.subtree)],
            "recommendation": [b.recommendation_id for b in page.backers],
            "benchmark": [b.benchmark_id for b in page.backers],
        },
    )


def fed_localiser(
    session: Session,
    fed: Sequence[pages.FedItem],
    recommendation_ids: Sequence[int] = (),
) -> content.Localiser:
    """The frameworks, items and benchmarks that fed-items lists name, and these recommendations."""
    return localiser(
        session,
        {
            "framework": [f.framework_id for f in fed],
            "framework_item": [r.node.id for f in fed for r in (f.result, *f.unlocks_if_achieved)],
            "benchmark": [f.through_id for f in fed],
            "recommendation": recommendation_ids,
        },
    )


@bp.route("/<int:framework_id>/items/<int:item_id>/delete", methods=["POST"])
def item_delete(framework_id: int, item_id: int) -> Response:
    """Delete an item with its sub-items and links (admins)."""
    action = lambda: records.delete_item(get_session(), framework_id, item_id, by=acting_user())  # noqa: E731
    if run_confirmed(DeleteForm(), action):
        flash(gettext("Item deleted."), "success")
    return redirect(url_for("frameworks.detail", framework_id=framework_id))


# -- crosswalk links -----------------------------------------------------------------------------------


def _link_targets(session: Session, code: str) -> tuple[int, str, list[tuple[str, str]]] | None:
    found = records.recommendation_benchmarks(session, code) if code.strip() else None
    if found is None:
        return None
    rec_id, rec_code, benchmarks = found
    choices = [(f"r{rec_id}", gettext("The whole recommendation %(code)s", code=rec_code))]
    choices += [
        (f"b{benchmark_id}", gettext("Benchmark: %(title)s", title=title))
        for benchmark_id, title in benchmarks
    ]
    return rec_id, rec_code, choices


def _save_link(session: Session, item_id: int, form: LinkForm) -> Any:
    target = form.target.data or ""
    number = whole_number(target[1:])
    return records.add_link(
        session,
        item_id,
        recommendation_id=number if target.startswith("r") else None,
        benchmark_id=number if target.startswith("b") else None,
        weight=form.weight.data,
        by=acting_user(),
    )


@bp.route("/<int:framework_id>/items/<int:item_id>/links/new", methods=["GET", "POST"])
def link_create(framework_id: int, item_id: int) -> Response | str:
    """Link an item to a recommendation or one of its benchmarks: find it by code, then choose (analysts)."""
    session = get_session()
    found = records.get_item(session, item_id, framework_id=framework_id)
    form = LinkForm()
    code = request.values.get("code", "")
    targets = _link_targets(session, code)
    form.code.data, form.target.choices = code, (targets[2] if targets else [])
    if targets and save_form(form, lambda: _save_link(session, item_id, form)) is not None:
        flash(gettext("Link saved."), "success")
        return redirect(url_for("frameworks.item", framework_id=framework_id, item_id=item_id))
    return render_template("frameworks/link_form.html", form=form, item=found, code=code, targets=targets)


@bp.route("/<int:framework_id>/items/<int:item_id>/links/<int:link_id>/edit", methods=["GET", "POST"])
def link_edit(framework_id: int, item_id: int, link_id: int) -> Response | str:
    """Change a crosswalk link's weight (analysts)."""
    session = get_session()
    found = records.get_item(session, item_id, framework_id=framework_id)
    link = records.get_link(session, item_id, link_id)
    form = LinkWeightForm(obj=link) if request.method == "GET" else LinkWeightForm()
    if save_form(form, lambda: _save_weight(session, item_id, link_id, form)) is not None:
        flash(gettext("Weight saved."), "success")
        return redirect(url_for("frameworks.item", framework_id=framework_id, item_id=item_id))
    target = _link_label(session, link)
    return render_template("frameworks/link_edit.html", form=form, item=found, link=link, target=target)


def _save_weight(session: Session, item_id: int, link_id: int, form: LinkWeightForm) -> Any:
    return records.set_link_weight(session, item_id, link_id, weight=form.weight.data, by=acting_user())


def _link_label(session: Session, link: Any) -> str:
    """What a link counts, as its edit page names it."""
    found = records.link_target(session, link)
    if found[1] is None:
        return str(gettext("The whole recommendation %(code)s", code=found[0]))
    return str(gettext("%(code)s, benchmark: %(title)s", code=found[0], title=found[1]))


@bp.route("/<int:framework_id>/items/<int:item_id>/links/<int:link_id>/delete", methods=["POST"])
def link_delete(framework_id: int, item_id: int, link_id: int) -> Response:
    """Remove one crosswalk link (analysts)."""
    records.get_item(get_session(), item_id, framework_id=framework_id)
    action = lambda: records.delete_link(get_session(), item_id, link_id, by=acting_user())  # noqa: E731
    if run_confirmed(DeleteForm(), action):
        flash(gettext("Link removed."), "success")
    return redirect(url_for("frameworks.item", framework_id=framework_id, item_id=item_id))


# -- CSV ---------------------------------------------------------------------------------------------------


@bp.route("/links.csv", defaults={"kind": "links"})
@bp.route("/framework-items.csv", defaults={"kind": "framework-items"})
@bp.route("/frameworks.csv", defaults={"kind": "frameworks"})
def export_csv(kind: str) -> Response:
    """Frameworks, their items (with their figures today) or their links as CSV; `framework=ID` narrows."""
    framework_id = whole_number(request.args.get("framework"))
    return download(
        lambda session: transfer.export(session, kind, framework_id=framework_id),
        f"scorecard-{kind}-{date.today().isoformat()}.csv",
    )


# -- the integrated view -------------------------------------------------------------------------------


def _track(raw: str) -> tuple[str, int] | None:
    kind, _, number = raw.partition(":")
    track_id = whole_number(number)
    return (kind, track_id) if kind in pages.TRACK_KINDS and track_id is not None else None


@bp.route("/integrated")
def integrated() -> str:
    """Choose a track (framework, source, theme): what each of its recommendations feeds elsewhere."""
    session = get_session()
    form, as_of, _compare, problems = _dates(session)
    found = _integrated_page(session, request.args.get("track", ""), as_of)
    return render_template(
        "frameworks/integrated.html",
        tr=_integrated_localiser(session, found),
        form=form,
        problems=problems,
        found=found,
        choices=_track_choices(session),
        track=request.args.get("track", ""),
    )


def _track_choices(session: Session) -> list[tuple[str, str]]:
    """The tracks to choose from (frameworks, sources, themes), named in the reader's language."""
    choices = [(value, label, *value.split(":", 1)) for value, label in pages.track_choices(session)]
    ids: dict[str, list[int]] = {}
    for _value, _label, kind, number in choices:
        ids.setdefault(kind, []).append(int(number))
    shown = localiser(session, ids)
    return [(value, shown.name(kind, int(number), label)) for value, label, kind, number in choices]


def _integrated_page(session: Session, track: str, as_of: date) -> pages.IntegratedPage | None:
    """The integrated view of the track the URL names, on the URL's page; None before one is chosen."""
    chosen = _track(track)
    if chosen is None:
        return None
    return pages.integrated_view(
        session,
        kind=chosen[0],
        track_id=chosen[1],
        as_of=as_of,
        today=date.today(),
        page=url_page(request.args),
    )


def _integrated_localiser(session: Session, found: pages.IntegratedPage | None) -> content.Localiser:
    """The integrated view's recommendations and what they feed, in the reader's language."""
    rows = found.rows if found else []
    return fed_localiser(session, [f for row in rows for f in row.fed], [row.id for row in rows])


# -- relations between recommendations (shown on both recommendations' pages) ---------------------------


def recommendation_extras(session: Session, recommendation_id: int) -> dict[str, Any]:
    """What the recommendation page shows from this area: the items it feeds, its relations, the form."""
    today = date.today()
    feeds = pages.items_fed(session, [recommendation_id], as_of=today, today=today)
    return {
        "feeds": feeds,
        "feeds_tr": fed_localiser(session, feeds),
        "relations": records.relations_of(session, recommendation_id),
        "relation_form": RelationForm(formdata=None),
        "delete_form": DeleteForm(formdata=None),
    }


def _back_to(recommendation_id: int) -> Response:
    return redirect(
        url_for("recommendations.detail", recommendation_id=recommendation_id) + "#relations-heading"
    )


@bp.route("/relations/<int:recommendation_id>", methods=["POST"])
def relation_create(recommendation_id: int) -> Response:
    """Relate a recommendation to another: same as, related to, follows up on (analysts)."""
    form = RelationForm()
    action = lambda: records.add_relation(  # noqa: E731
        get_session(), recommendation_id, code=form.code.data or "", kind=form.kind.data, by=acting_user()
    )
    if run_confirmed(form, action):
        flash(gettext("Relation saved."), "success")
    elif form.errors:
        flash(gettext("Give the other recommendation's code."), "error")
    return _back_to(recommendation_id)


@bp.route("/relations/<int:recommendation_id>/<int:relation_id>/delete", methods=["POST"])
def relation_delete(recommendation_id: int, relation_id: int) -> Response:
    """Remove a relation between two recommendations (analysts)."""
    action = lambda: records.delete_relation(get_session(), recommendation_id, relation_id, by=acting_user())  # noqa: E731
    if run_confirmed(DeleteForm(), action):
        flash(gettext("Relation removed."), "success")
    return _back_to(recommendation_id)

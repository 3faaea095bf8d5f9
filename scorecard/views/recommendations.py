"""Recommendations: the filtered list, one recommendation's page, and the forms that change them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.errors import N_, RuleViolation, StaleEdit
from scorecard.forms.fields import options
from scorecard.forms.recommendations import (
    FIELD_SUFFIX,
    ArchiveForm,
    DeleteRecommendationForm,
    RecommendationForm,
)
from scorecard.models import Recommendation
from scorecard.services import content, pages, recommendations, reference
from scorecard.services.recommendations import Thresholds
from scorecard.views import frameworks
from scorecard.web.common import (
    acting_user,
    commit,
    form_version,
    remembered_content,
    save_then_go,
    show_refusal,
    stale_edit_message,
    whole_number,
)
from scorecard.web.content import localiser, recommendation_localiser
from scorecard.web.filters import filter_form, parse_filter, parse_perspectives, sort_args, thresholds
from scorecard.web.rows import SAVE, rearrange, requested_action

bp = Blueprint("recommendations", __name__, url_prefix="/recommendations")


def _list_content(session: Session, limits: Thresholds) -> str:
    """The list as the query string asks for it: filters, sort and page."""
    criteria = parse_filter(request.args)
    sort, descending, page, per_page = sort_args(request.args)
    listing = recommendations.list_recommendations(
        session,
        criteria=criteria,
        thresholds=limits,
        sort=sort,
        descending=descending,
        page=page,
        per_page=per_page,
    )
    return render_template(
        "recommendations/_list.html",
        listing=listing,
        criteria=criteria,
        form=filter_form(session, request.args),
        sort=sort,
        descending=descending,
        tr=localiser(session, {"recommendation": [row.id for row in listing.rows]}),
    )


@bp.route("")
def index() -> str:
    """Search, filter, sort and page through recommendations with today's scores.

    The content is the same for everyone with a role until the data changes,
    so it is remembered per query string, as the summaries are.
    """
    session = get_session()
    limits = thresholds()
    query = tuple(sorted(request.args.items(multi=True)))
    content = remembered_content(("recommendations", query, limits), lambda: _list_content(session, limits))
    return render_template("recommendations/index.html", content=content)


@bp.route("/<int:recommendation_id>")
def detail(recommendation_id: int) -> str:
    """One recommendation: wording, source, actors, benchmarks with their state, history."""
    session = get_session()
    perspectives = parse_perspectives(session, request.args)
    page = pages.recommendation_page(
        session, recommendation_id, thresholds=thresholds(), view=perspectives.view
    )
    return render_template(
        "recommendations/detail.html",
        page=page,
        rec=page.recommendation,
        tr=recommendation_localiser(session, page.recommendation),
        perspectives=perspectives,
        **frameworks.recommendation_extras(session, recommendation_id),
    )


# -- create and edit ------------------------------------------------------------------------------

LISTS = ("benchmarks", "actors")
FIELD_LABELS: dict[str, str] = {
    "text": N_("Wording"),
    "theme_id": N_("Theme"),
    "source_id": N_("Source"),
    "due_on": N_("Due on"),
    "issued_on": N_("Issued on"),
    "actors": N_("Actors"),
}


def _optional_int(raw: str | None) -> int | None:
    return whole_number(raw)


def _fill_choices(form: RecommendationForm) -> None:
    session = get_session()
    form.theme_id.choices = options(
        [("", gettext("Choose a theme…"))] + [(str(t.id), t.name) for t in reference.list_themes(session)]
    )
    form.source_id.choices = options(
        [("", gettext("No source"))] + [(str(s.id), s.title) for s in reference.list_sources(session)]
    )
    actors = options(
        [("", gettext("Choose an actor…"))] + [(str(a.id), a.name) for a in reference.list_actors(session)]
    )
    scales = options(
        [("", gettext("Choose a scale…"))] + [(str(s.id), s.name) for s in reference.list_scales(session)]
    )
    for link in form.actors:
        link.form.actor_id.choices = actors
    for benchmark in form.benchmarks:
        benchmark.form.scale_id.choices = scales


def _to_input(form: RecommendationForm) -> recommendations.RecommendationInput:
    """The service's input from a submitted form, without fields that do not apply to a benchmark's kind."""
    benchmarks = []
    for entry in form.benchmarks:
        sub = entry.form
        numeric = sub.kind.data == "numeric"
        benchmarks.append(
            recommendations.BenchmarkInput(
                id=_optional_int(sub.id.data),
                title=sub.title.data or "",
                kind=sub.kind.data or "",
                scale_id=_optional_int(sub.scale_id.data) if sub.kind.data == "scale" else None,
                baseline=sub.baseline.data if numeric else None,
                target=sub.target.data if numeric else None,
                unit=sub.unit.data if numeric else None,
                direction=(sub.direction.data or None) if numeric else None,
                weight=sub.weight.data,
                due_on=sub.due_on.data,
                reporting_frequency=sub.reporting_frequency.data or None,
                reporting_due_day=sub.reporting_due_day.data,
                translations=_benchmark_translations(sub),
            )
        )
    actors = [
        (int(link.form.actor_id.data), link.form.role.data or "lead")
        for link in form.actors
        if _optional_int(link.form.actor_id.data) is not None
    ]
    return recommendations.RecommendationInput(
        code=form.code.data or "",
        title=form.title.data or "",
        text=form.text.data or "",
        theme_id=_optional_int(form.theme_id.data),
        source_id=_optional_int(form.source_id.data),
        locator=form.locator.data,
        priority=form.priority.data or "",
        status=form.status.data or "",
        issued_on=form.issued_on.data,
        due_on=form.due_on.data,
        tags=[form.tags.data or ""],
        actors=actors,
        benchmarks=benchmarks,
        original_locale=form.original_locale.data or "en",
        translations=_form_translations(form),
    )


def _form_translations(form: RecommendationForm) -> dict[str, dict[str, str | None]]:
    """The fold's fields as locale -> field -> text; the benchmarks' go on each benchmark's input."""
    subforms = {locale: getattr(form, f"in_{suffix}").form for locale, suffix in FIELD_SUFFIX.items()}
    return {locale: {"title": sub.title.data, "text": sub.text.data} for locale, sub in subforms.items()}


def _benchmark_translations(sub: Any) -> dict[str, dict[str, str | None]]:
    """One benchmark row's titles in the other languages."""
    return {
        locale: {"title": getattr(sub, f"title_{suffix}").data} for locale, suffix in FIELD_SUFFIX.items()
    }


def _translation_data(session: Session, rec: Recommendation) -> dict[str, Any]:
    """The edit form's fold filled in: the recommendation's and its benchmarks' stored translations."""
    stored = content.translations_of(session, rec)
    data: dict[str, Any] = {"original_locale": rec.original_locale}
    for locale, suffix in FIELD_SUFFIX.items():
        data[f"in_{suffix}"] = stored.get(locale, {})
    benchmarks = [b for b in rec.benchmarks if b.archived_at is None]
    loaded = content.load(session, "benchmark", [b.id for b in benchmarks])
    data["benchmark_titles"] = [
        {
            f"title_{suffix}": loaded.get(b.id, ("en", {}))[1].get(locale, {}).get("title")
            for locale, suffix in FIELD_SUFFIX.items()
        }
        for b in benchmarks
    ]
    return data


def _initial_data(rec: Recommendation, translated: dict[str, Any]) -> dict[str, Any]:
    titles = translated.pop("benchmark_titles")
    return {
        **translated,
        "version": rec.version,
        "code": rec.code,
        "title": rec.title,
        "text": rec.text,
        "source_id": str(rec.source_id or ""),
        "locator": rec.locator,
        "theme_id": str(rec.theme_id),
        "priority": rec.priority,
        "status": rec.status,
        "issued_on": rec.issued_on,
        "due_on": rec.due_on,
        "tags": ", ".join(rec.tags.split(",")) if rec.tags else "",
        "actors": [{"actor_id": str(link.actor_id), "role": link.role} for link in rec.actor_links],
        "benchmarks": [
            {
                "id": str(b.id),
                "title": b.title,
                "kind": b.kind,
                "scale_id": str(b.scale_id or ""),
                "baseline": b.baseline,
                "target": b.target,
                "unit": b.unit,
                "direction": b.direction or "",
                "weight": b.weight,
                "due_on": b.due_on,
                "reporting_frequency": b.reporting_frequency or "",
                "reporting_due_day": b.reporting_due_day,
                **in_other_languages,
            }
            for b, in_other_languages in zip(
                (b for b in rec.benchmarks if b.archived_at is None), titles, strict=True
            )
        ],
    }


def _recommendation_form(rec: Recommendation | None) -> tuple[RecommendationForm, str]:
    """The form from the request (re-arranged when a row button was pressed) or from the record."""
    if request.method == "POST":
        action = requested_action(request.form)
        formdata = request.form if action == SAVE else rearrange(request.form, action, lists=LISTS)
        form = RecommendationForm(formdata=formdata)
    else:
        action = ""
        form = (
            RecommendationForm(data=_initial_data(rec, _translation_data(get_session(), rec)))
            if rec
            else RecommendationForm(data={"actors": [{}], "benchmarks": [{}]})
        )
    _fill_choices(form)
    return form, action


def _save(form: RecommendationForm, rec: Recommendation | None) -> Response | None:
    """Validate and save; None when the form must be shown again with its messages."""
    if not form.validate():
        return None
    session = get_session()
    try:
        if rec is None:
            saved = recommendations.create_recommendation(session, fields=_to_input(form), by=acting_user())
        else:
            saved = recommendations.update_recommendation(
                session, rec.id, fields=_to_input(form), expected_version=form_version(form), by=acting_user()
            )
    except (StaleEdit, RuleViolation) as refusal:
        show_refusal(form, refusal, FIELD_LABELS)
        return None
    commit()
    flash(
        gettext("%(code)s created.", code=saved.code)
        if rec is None
        else gettext("%(code)s saved.", code=saved.code),
        "success",
    )
    return redirect(url_for("recommendations.detail", recommendation_id=saved.id))


@bp.route("/new", methods=["GET", "POST"])
def create() -> Response | str:
    """A new recommendation with its benchmarks."""
    form, action = _recommendation_form(None)
    if action == SAVE and (saved := _save(form, None)):
        return saved
    return render_template("recommendations/form.html", form=form, rec=None)


@bp.route("/<int:recommendation_id>/edit", methods=["GET", "POST"])
def edit(recommendation_id: int) -> Response | str:
    """Edit a recommendation and its benchmarks in one go."""
    rec = recommendations.get_recommendation(get_session(), recommendation_id)
    form, action = _recommendation_form(rec)
    if action == SAVE and (saved := _save(form, rec)):
        return saved
    return render_template("recommendations/form.html", form=form, rec=rec)


def _set_archived(recommendation_id: int, *, archived: bool) -> Response:
    form = ArchiveForm()
    if form.validate_on_submit():
        try:
            rec = recommendations.set_archived(
                get_session(),
                recommendation_id,
                archived=archived,
                expected_version=form_version(form),
                by=acting_user(),
            )
        except StaleEdit as stale:
            flash(
                stale_edit_message(stale, FIELD_LABELS, input_kept=False)
                + " "
                + gettext("Nothing was changed."),
                "error",
            )
        else:
            commit()
            flash(
                gettext("%(code)s archived: it no longer counts in scores.", code=rec.code)
                if archived
                else gettext("%(code)s restored.", code=rec.code),
                "success",
            )
    return redirect(url_for("recommendations.detail", recommendation_id=recommendation_id))


@bp.route("/<int:recommendation_id>/archive", methods=["POST"])
def archive(recommendation_id: int) -> Response:
    """Archive: out of lists and scores, history kept, can be restored."""
    return _set_archived(recommendation_id, archived=True)


@bp.route("/<int:recommendation_id>/restore", methods=["POST"])
def restore(recommendation_id: int) -> Response:
    """Bring an archived recommendation back."""
    return _set_archived(recommendation_id, archived=False)


def _delete_for_good(form: DeleteRecommendationForm, rec: Recommendation) -> Recommendation:
    recommendations.delete_recommendation(
        get_session(), rec.id, confirm_code=form.confirm_code.data or "", by=acting_user()
    )
    return rec


@bp.route("/<int:recommendation_id>/delete", methods=["GET", "POST"])
def delete(recommendation_id: int) -> Response | str:
    """Delete for good (admins), after typing the code to confirm."""
    rec = recommendations.get_recommendation(get_session(), recommendation_id)
    form = DeleteRecommendationForm()
    return save_then_go(
        form,
        lambda: _delete_for_good(form, rec),
        lambda: render_template("recommendations/delete.html", form=form, rec=rec),
        gettext("%(code)s deleted for good. The audit log keeps a copy.", code=rec.code),
        url_for("recommendations.index"),
    )

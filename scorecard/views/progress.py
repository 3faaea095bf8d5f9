"""Recording progress: one entry from a benchmark, corrections, and a whole review round on one page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.errors import RuleViolation
from scorecard.forms.fields import options
from scorecard.forms.progress import DeleteEntryForm, EntryForm, RoundForm
from scorecard.i18n import locale_number, translate
from scorecard.models import Benchmark, ProgressEntry, ScaleLevel
from scorecard.services import progress, recommendations
from scorecard.services.pagination import Page
from scorecard.services.progress import DueBenchmark, EntryInput
from scorecard.services.recommendations import Thresholds
from scorecard.web.common import (
    acting_user,
    attach_row_errors,
    commit,
    run_confirmed,
    save_form,
    whole_number,
)
from scorecard.web.evidence import attach_evidence
from scorecard.web.filters import (
    PerspectiveChoice,
    filter_form,
    parse_filter,
    parse_perspectives,
    perspective_options,
    thresholds,
    url_page,
)
from scorecard.web.formatting import format_date, format_score

bp = Blueprint("progress", __name__)


def fit_to_kind(
    form: EntryForm,
    kind: str,
    levels: list[ScaleLevel],
    unit: str | None,
    baseline: float | None,
    target: float | None,
) -> None:
    """Keep only the value field this kind of benchmark uses, labelled for it."""
    if kind != "scale":
        del form.level_id
    else:
        form.level_id.choices = options((str(level.id), translate(level.label)) for level in levels)
    if kind != "numeric":
        del form.value
    else:
        form.value.label.text = gettext("Value (%(unit)s)", unit=unit) if unit else gettext("Value")
        form.value.description = (
            gettext(
                "Baseline %(baseline)s, target %(target)s.",
                baseline=locale_number(baseline),
                target=locale_number(target),
            )
            if baseline is not None and target is not None
            else ""
        )
    if kind != "milestone":
        del form.achieved


def entry_input(form: EntryForm) -> EntryInput:
    level = getattr(form, "level_id", None)
    value = getattr(form, "value", None)
    achieved = getattr(form, "achieved", None)
    return EntryInput(
        observed_on=form.observed_on.data,
        level_id=whole_number(level.data) if level is not None else None,
        value=value.data if value is not None else None,
        achieved={"yes": True, "no": False}.get(achieved.data or "") if achieved is not None else None,
        note=form.note.data,
        evidence_url=form.evidence_url.data,
        perspective_id=whole_number(getattr(form, "perspective_id", None) and form.perspective_id.data),
    )


def _levels(benchmark: Benchmark) -> list[ScaleLevel]:
    return list(benchmark.scale.levels) if benchmark.scale else []


def entry_form(benchmark: Benchmark, data: dict[str, object] | None) -> EntryForm:
    """The entry form fitted to the benchmark's kind; `data` fills it on GET only."""
    form = EntryForm(data=data if request.method == "GET" else None)
    form.perspective_id.choices = perspective_options(get_session())
    fit_to_kind(
        form, benchmark.kind, _levels(benchmark), benchmark.unit, benchmark.baseline, benchmark.target
    )
    return form


def _entry_page(form: EntryForm, benchmark: Benchmark, entry: ProgressEntry | None) -> str:
    """The record page, for a new entry or a correction (which can also be deleted)."""
    return render_template(
        "progress/record.html",
        form=form,
        benchmark=benchmark,
        entry=entry,
        rec=benchmark.recommendation,
        delete_form=DeleteEntryForm(formdata=None) if entry is not None else None,
    )


def _back_to(benchmark: Benchmark) -> Response:
    return redirect(url_for("recommendations.detail", recommendation_id=benchmark.recommendation_id))


def _saved_entry(form: EntryForm, benchmark_id: int, entry_id: int | None) -> ProgressEntry | None:
    """Record a new entry, or correct entry `entry_id`: the saved entry, or None when it was refused."""
    session = get_session()
    if entry_id is None:
        return save_form(
            form,
            lambda: attach_evidence(
                form,
                progress.record_progress(session, benchmark_id, fields=entry_input(form), by=acting_user()),
            ),
        )
    return save_form(
        form,
        lambda: attach_evidence(
            form, progress.correct_entry(session, entry_id, fields=entry_input(form), by=acting_user())
        ),
    )


@bp.route("/benchmarks/<int:benchmark_id>/progress", methods=["GET", "POST"])
def record(benchmark_id: int) -> Response | str:
    """Record one observation of a benchmark."""
    benchmark = progress.get_benchmark(get_session(), benchmark_id)
    form = entry_form(benchmark, {"observed_on": date.today()})
    entry = _saved_entry(form, benchmark_id, None)
    if entry is None:
        return _entry_page(form, benchmark, None)
    flash(_recorded_message(benchmark, entry), "success")
    return _back_to(benchmark)


@bp.route("/entries/<int:entry_id>/correct", methods=["GET", "POST"])
def correct(entry_id: int) -> Response | str:
    """Correct an entry: the correction counts from now on; the earlier version stays in the history."""
    session = get_session()
    entry = progress.get_entry(session, entry_id)
    benchmark = progress.get_benchmark(session, entry.benchmark_id)
    form = entry_form(benchmark, entry_data(entry))
    if _saved_entry(form, benchmark.id, entry_id) is None:
        return _entry_page(form, benchmark, entry)
    flash(_corrected_message(entry), "success")
    return _back_to(benchmark)


def _recorded_message(benchmark: Benchmark, entry: ProgressEntry) -> str:
    """What the person sees after recording an entry."""
    return str(
        gettext(
            "Progress recorded on “%(title)s” for %(day)s (score %(score)s).",
            title=benchmark.title,
            day=format_date(entry.observed_on),
            score=format_score(entry.score),
        )
    )


def _corrected_message(entry: ProgressEntry) -> str:
    """What the person sees after correcting an entry."""
    return str(
        gettext(
            "Entry of %(day)s corrected; the old version stays in the history.",
            day=format_date(entry.observed_on),
        )
    )


def entry_data(entry: ProgressEntry) -> dict[str, object]:
    return {
        "observed_on": entry.observed_on,
        "level_id": str(entry.level_id or ""),
        "value": entry.value,
        "achieved": {True: "yes", False: "no"}.get(entry.achieved) if entry.achieved is not None else None,
        "note": entry.note,
        "evidence_url": entry.evidence_url,
        "evidence_url_public": entry.evidence_url_public,
        "perspective_id": str(entry.perspective_id or ""),
    }


@bp.route("/entries/<int:entry_id>/delete", methods=["POST"])
def delete(entry_id: int) -> Response:
    """Withdraw an entry: it stops counting, stays visible as deleted, and the deletion is audited."""
    session = get_session()
    entry = progress.get_entry(session, entry_id)
    recommendation = progress.recommendation_of_entry(session, entry_id)
    if run_confirmed(DeleteEntryForm(), lambda: progress.delete_entry(session, entry_id, by=acting_user())):
        flash(
            gettext(
                "Entry of %(day)s deleted; it stays in the history, marked deleted.",
                day=format_date(entry.observed_on),
            ),
            "success",
        )
    return redirect(url_for("recommendations.detail", recommendation_id=recommendation.id))


# -- a review round -------------------------------------------------------------------------------


def _row_is_filled(row: RoundForm) -> bool:
    sub = row.form
    return any(
        [
            sub.level_id.data,
            sub.value.data is not None,
            sub.achieved.data,
            (sub.note.data or "").strip(),
            (sub.evidence_url.data or "").strip(),
        ]
    )


def _round_rows(form: RoundForm, described: list[DueBenchmark], levels: dict[int, list[ScaleLevel]]) -> None:
    for row, benchmark in zip(form.rows, described, strict=True):
        row.form.level_id.choices = options(
            (str(level.id), translate(level.label)) for level in levels.get(benchmark.scale_id or 0, [])
        )


class _Sitting(NamedTuple):
    """A review round: its form, the benchmark each row stands for, the page listed (GET), the levels."""

    form: RoundForm
    described: list[DueBenchmark]
    listing: Page[DueBenchmark] | None
    levels: dict[int, list[ScaleLevel]]


def _round_form(session: Session, limits: Thresholds, shown: int | None) -> _Sitting:
    """The round as posted (rows whose benchmark is gone dropped), or on GET the page of benchmarks due,
    stalest first by the entries of the perspective `shown` (None: the monitoring team's)."""
    listing = None
    if request.method == "POST":
        form = RoundForm()
        posted = progress.posted_round(
            session, [whole_number(row.form.benchmark_id.data) for row in form.rows], perspective_id=shown
        )
        form.rows.entries = [row for row, due in zip(form.rows, posted, strict=True) if due is not None]
        described = [due for due in posted if due is not None]
    else:
        ids = recommendations.filtered_ids(session, parse_filter(request.args), limits)
        listing = progress.due_benchmarks(
            session,
            recommendation_ids=ids,
            page=url_page(request.args),
            perspective_id=shown,
            today=limits.today,
        )
        described = list(listing.rows)
        form = RoundForm(
            data={
                "rows": [
                    {"benchmark_id": str(b.benchmark_id), "observed_on": limits.today} for b in described
                ]
            }
        )
    levels = progress.levels_by_scale(session, [b.scale_id for b in described if b.scale_id])
    _round_rows(form, described, levels)
    return _Sitting(form, described, listing, levels)


def _save_round(session: Session, form: RoundForm, today: date, shown: int | None) -> bool:
    """On a valid POST, save the filled rows, all or none, as the assessment of the perspective `shown`;
    True once committed, False otherwise (with the errors beside their rows)."""
    if request.method != "POST" or not form.validate():
        return False
    rows = [
        (int(row.form.benchmark_id.data), replace(entry_input(row.form), perspective_id=shown))
        if _row_is_filled(row)
        else None
        for row in form.rows
    ]
    try:
        saved = progress.save_round(session, rows, by=acting_user(), today=today)
    except RuleViolation as violation:
        attach_row_errors(form.rows, violation, fallback="observed_on")
        flash(gettext("Nothing was saved: fix the entries marked below and save again."), "error")
        return False
    commit()
    flash(
        ngettext("%(num)d entry saved.", "%(num)d entries saved.", len(saved))
        if saved
        else gettext("Nothing to save: fill in at least one benchmark's line."),
        "success" if saved else "info",
    )
    return True


@bp.route("/progress", methods=["GET", "POST"], endpoint="round")
def review_round() -> Response | str:
    """Log progress: the benchmarks due for an update, stalest first, entered in one sitting."""
    session, limits = get_session(), thresholds()
    chosen = parse_perspectives(session, request.args)
    sitting = _round_form(session, limits, chosen.shown)
    if _save_round(session, sitting.form, limits.today, chosen.shown):
        return redirect(request.full_path if request.query_string else url_for("progress.round"))
    return _round_page(session, sitting, chosen)


def _round_page(session: Session, sitting: _Sitting, chosen: PerspectiveChoice) -> str:
    """The review round's page: its rows beside the benchmarks they record, the filters, the perspectives."""
    return render_template(
        "progress/round.html",
        form=sitting.form,
        rows=list(zip(sitting.form.rows, sitting.described, strict=True)),
        listing=sitting.listing,
        levels=sitting.levels,
        filters=filter_form(session, request.args),
        perspectives=chosen,
    )

"""Recording progress: one entry from a benchmark, corrections, and a whole review round on one page."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.errors import RuleViolation
from scorecard.forms.fields import options
from scorecard.forms.progress import DeleteEntryForm, EntryForm, RoundForm
from scorecard.models import Benchmark, ProgressEntry, ScaleLevel
from scorecard.services import progress, recommendations
from scorecard.services.progress import DueBenchmark, EntryInput
from scorecard.web.common import acting_user, commit, show_refusal, whole_number
from scorecard.web.filters import filter_form, parse_filter, thresholds, url_page

bp = Blueprint("progress", __name__)


def _fit_to_kind(
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
        form.level_id.choices = options((str(level.id), level.label) for level in levels)
    if kind != "numeric":
        del form.value
    else:
        form.value.label.text = f"Value{f' ({unit})' if unit else ''}"
        form.value.description = (
            f"Baseline {baseline:g}, target {target:g}."
            if baseline is not None and target is not None
            else ""
        )
    if kind != "milestone":
        del form.achieved


def _entry_input(form: EntryForm) -> EntryInput:
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
    )


def _levels(benchmark: Benchmark) -> list[ScaleLevel]:
    return list(benchmark.scale.levels) if benchmark.scale else []


@bp.route("/benchmarks/<int:benchmark_id>/progress", methods=["GET", "POST"])
def record(benchmark_id: int) -> Response | str:
    """Record one observation of a benchmark."""
    session = get_session()
    benchmark = progress.get_benchmark(session, benchmark_id)
    form = EntryForm()
    _fit_to_kind(
        form, benchmark.kind, _levels(benchmark), benchmark.unit, benchmark.baseline, benchmark.target
    )
    if request.method == "GET":
        form.observed_on.data = date.today()
    elif form.validate():
        try:
            entry = progress.record_progress(
                session, benchmark_id, fields=_entry_input(form), by=acting_user()
            )
        except RuleViolation as violation:
            show_refusal(form, violation)
        else:
            commit()
            flash(
                f"Progress recorded on “{benchmark.title}” for {entry.observed_on.isoformat()} "
                f"(score {entry.score:.0f}).",
                "success",
            )
            return redirect(url_for("recommendations.detail", recommendation_id=benchmark.recommendation_id))
    return render_template(
        "progress/record.html", form=form, benchmark=benchmark, entry=None, rec=benchmark.recommendation
    )


@bp.route("/entries/<int:entry_id>/correct", methods=["GET", "POST"])
def correct(entry_id: int) -> Response | str:
    """Correct an entry: the correction counts from now on; the earlier version stays in the history."""
    session = get_session()
    entry = progress.get_entry(session, entry_id)
    benchmark = progress.get_benchmark(session, entry.benchmark_id)
    form = EntryForm(data=_entry_data(entry) if request.method == "GET" else None)
    _fit_to_kind(
        form, benchmark.kind, _levels(benchmark), benchmark.unit, benchmark.baseline, benchmark.target
    )
    if request.method == "POST" and form.validate():
        try:
            progress.correct_entry(session, entry_id, fields=_entry_input(form), by=acting_user())
        except RuleViolation as violation:
            show_refusal(form, violation)
        else:
            commit()
            flash(
                f"Entry of {entry.observed_on.isoformat()} corrected; the old version stays in the history.",
                "success",
            )
            return redirect(url_for("recommendations.detail", recommendation_id=benchmark.recommendation_id))
    return render_template(
        "progress/record.html",
        form=form,
        benchmark=benchmark,
        entry=entry,
        rec=benchmark.recommendation,
        delete_form=DeleteEntryForm(formdata=None),
    )


def _entry_data(entry: ProgressEntry) -> dict[str, object]:
    return {
        "observed_on": entry.observed_on,
        "level_id": str(entry.level_id or ""),
        "value": entry.value,
        "achieved": {True: "yes", False: "no"}.get(entry.achieved) if entry.achieved is not None else None,
        "note": entry.note,
        "evidence_url": entry.evidence_url,
    }


@bp.route("/entries/<int:entry_id>/delete", methods=["POST"])
def delete(entry_id: int) -> Response:
    """Withdraw an entry: it stops counting, stays visible as deleted, and the deletion is audited."""
    session = get_session()
    form = DeleteEntryForm()
    recommendation = progress.recommendation_of_entry(session, entry_id)
    if form.validate_on_submit():
        try:
            entry = progress.delete_entry(session, entry_id, by=acting_user())
        except RuleViolation as violation:
            flash(" ".join(violation.errors.values()), "error")
        else:
            commit()
            flash(
                f"Entry of {entry.observed_on.isoformat()} deleted; it stays in the history, marked deleted.",
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
            (str(level.id), level.label) for level in levels.get(benchmark.scale_id or 0, [])
        )


@bp.route("/progress", methods=["GET", "POST"], endpoint="round")
def review_round() -> Response | str:
    """Log progress: the benchmarks due for an update, stalest first, entered in one sitting."""
    session = get_session()
    limits = thresholds()
    ids = recommendations.filtered_ids(session, parse_filter(request.args), limits)
    page = url_page(request.args)
    if request.method == "POST":
        form = RoundForm()
        posted = [(whole_number(row.form.benchmark_id.data), row) for row in form.rows]
        posted_ids = [benchmark_id for benchmark_id, _ in posted if benchmark_id is not None]
        known = progress.describe_benchmarks(session, posted_ids)
        described = [known[i] for i in posted_ids if i in known]
        form.rows.entries = [row for benchmark_id, row in posted if benchmark_id in known]
        listing = None
    else:
        listing = progress.due_benchmarks(session, recommendation_ids=ids, page=page)
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
    if request.method == "POST" and form.validate():
        filled = [(position, row) for position, row in enumerate(form.rows) if _row_is_filled(row)]
        entries = [(int(row.form.benchmark_id.data), _entry_input(row.form)) for _, row in filled]
        try:
            saved = (
                progress.record_round(session, entries, by=acting_user(), today=limits.today)
                if entries
                else []
            )
        except RuleViolation as violation:
            for key, message in violation.errors.items():
                index, _, field = key.partition("-")
                row = filled[int(index)][1]
                target = getattr(row.form, field, None) or row.form.observed_on
                target.errors = [*target.errors, message]
            flash("Nothing was saved: fix the entries marked below and save again.", "error")
        else:
            commit()
            flash(
                f"{len(saved)} entr{'y' if len(saved) == 1 else 'ies'} saved."
                if saved
                else "Nothing to save: fill in at least one benchmark's line.",
                "success" if saved else "info",
            )
            return redirect(request.full_path if request.query_string else url_for("progress.round"))
    return render_template(
        "progress/round.html",
        form=form,
        rows=list(zip(form.rows, described, strict=True)),
        listing=listing,
        levels=levels,
        filters=filter_form(session, request.args),
    )

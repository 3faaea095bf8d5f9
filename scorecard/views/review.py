"""Contributors report progress on their actors' benchmarks; reviewers approve or return it in their inbox."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.forms.review import DecisionForm
from scorecard.models import Benchmark, ProgressEntry
from scorecard.services import review
from scorecard.web.common import acting_user, run_confirmed, save_form, whole_number
from scorecard.web.evidence import attach_evidence

from .progress import entry_data, entry_form, entry_input

bp = Blueprint("review", __name__)


@bp.route("/reports")
def mine() -> str:
    """A contributor's benchmarks: what counts today, and its entries under review or returned."""
    session = get_session()
    rows = review.reportable_benchmarks(session, acting_user().user_id)
    return render_template("review/mine.html", rows=rows)


def _report_page(form: object, benchmark: Benchmark, entry: ProgressEntry | None) -> str:
    return render_template("review/submit.html", form=form, benchmark=benchmark, entry=entry)


@bp.route("/reports/benchmarks/<int:benchmark_id>", methods=["GET", "POST"])
def submit(benchmark_id: int) -> Response | str:
    """Report progress on one of the contributor's benchmarks, for review."""
    session = get_session()
    benchmark = review.reportable_benchmark(session, acting_user().user_id, benchmark_id)
    form = entry_form(benchmark, {})
    report = lambda: attach_evidence(  # noqa: E731
        form, review.submit_progress(session, benchmark_id, fields=entry_input(form), by=acting_user())
    )
    if save_form(form, report) is None:
        return _report_page(form, benchmark, None)
    flash(gettext("Progress sent for review; it counts once a reviewer approves it."), "success")
    return redirect(url_for("review.mine"))


@bp.route("/reports/entries/<int:entry_id>", methods=["GET", "POST"])
def revise(entry_id: int) -> Response | str:
    """Change a returned entry and send it again; the returned one stays in the history."""
    session = get_session()
    entry = review.reportable_entry(session, acting_user().user_id, entry_id)
    benchmark = review.reportable_benchmark(session, acting_user().user_id, entry.benchmark_id)
    form = entry_form(benchmark, entry_data(entry))
    again = lambda: attach_evidence(  # noqa: E731
        form, review.revise_entry(session, entry_id, fields=entry_input(form), by=acting_user())
    )
    if save_form(form, again) is None:
        return _report_page(form, benchmark, entry)
    flash(gettext("Revised entry sent for review."), "success")
    return redirect(url_for("review.mine"))


@bp.route("/review")
def inbox() -> str:
    """What contributors sent, oldest first, to approve or return one at a time or together."""
    waiting = review.inbox(get_session())
    return render_template("review/inbox.html", inbox=waiting, form=DecisionForm(formdata=None))


def _decision() -> tuple[list[int], bool, str]:
    """Which entries, approve or return, and the comment: a row's own button, or the batch's."""
    choice = request.form.get("decision", "")
    verb, _, target = choice.partition("-")
    if target.isdigit():
        return [int(target)], verb == "approve", request.form.get(f"comment-{target}", "")
    chosen = [n for n in map(whole_number, request.form.getlist("entry_ids")) if n is not None]
    return chosen, verb == "approve", request.form.get("comment", "")


@bp.route("/review", methods=["POST"])
def decide() -> Response:
    """Approve or return entries (CSRF-checked); all or none."""
    entry_ids, approve, comment = _decision()
    decided: list[ProgressEntry] = []
    if run_confirmed(
        DecisionForm(),
        lambda: decided.extend(
            review.decide(get_session(), entry_ids, approve=approve, comment=comment, by=acting_user())
        ),
    ):
        flash(_decided_message(len(decided), approve), "success")
    return redirect(url_for("review.inbox"))


def _decided_message(count: int, approve: bool) -> str:
    if approve:
        return str(
            ngettext(
                "%(num)d entry approved; it counts now.", "%(num)d entries approved; they count now.", count
            )
        )
    return str(
        ngettext("%(num)d entry returned to its author.", "%(num)d entries returned to their authors.", count)
    )

"""Contributors report progress on their actors' benchmarks; reviewers approve or return it in their inbox."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.forms.review import DecisionForm
from scorecard.models import Benchmark, ProgressEntry
from scorecard.services import review
from scorecard.services.progress import EntryInput
from scorecard.web.common import acting_user, run_confirmed, save_then_go, whole_number
from scorecard.web.evidence import attach_evidence

from .progress import entry_data, entry_form, entry_input

bp = Blueprint("review", __name__)


@bp.route("/reports")
def mine() -> str:
    """A contributor's benchmarks: what counts today, and its entries under review or returned."""
    session = get_session()
    rows = review.reportable_benchmarks(session, acting_user().user_id)
    return render_template("review/mine.html", rows=rows)


def _send_for_review(
    form: FlaskForm,
    benchmark: Benchmark,
    entry: ProgressEntry | None,
    send: Callable[[EntryInput], ProgressEntry],
    done: str,
) -> Response | str:
    """Send the form's entry (a new one, or a revision of `entry`) for review with `send`, its evidence
    attached; on success say `done` and go back to the contributor's list, else show the form again."""
    return save_then_go(
        form,
        lambda: attach_evidence(form, send(entry_input(form))),
        lambda: render_template("review/submit.html", form=form, benchmark=benchmark, entry=entry),
        done,
        url_for("review.mine"),
    )


@bp.route("/reports/benchmarks/<int:benchmark_id>", methods=["GET", "POST"])
def submit(benchmark_id: int) -> Response | str:
    """Report progress on one of the contributor's benchmarks, for review."""
    session = get_session()
    benchmark = review.reportable_benchmark(session, acting_user().user_id, benchmark_id)
    return _send_for_review(
        entry_form(benchmark, {}),
        benchmark,
        None,
        lambda fields: review.submit_progress(session, benchmark_id, fields=fields, by=acting_user()),
        gettext("Progress sent for review; it counts once a reviewer approves it."),
    )


@bp.route("/reports/entries/<int:entry_id>", methods=["GET", "POST"])
def revise(entry_id: int) -> Response | str:
    """Change a returned entry and send it again; the returned one stays in the history."""
    session = get_session()
    entry = review.reportable_entry(session, acting_user().user_id, entry_id)
    benchmark = review.reportable_benchmark(session, acting_user().user_id, entry.benchmark_id)
    return _send_for_review(
        entry_form(benchmark, entry_data(entry)),
        benchmark,
        entry,
        lambda fields: review.revise_entry(session, entry_id, fields=fields, by=acting_user()),
        gettext("Revised entry sent for review."),
    )


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

"""Evidence files: download one, as an attachment, after signing in; analysts remove a file or a link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.forms.progress import DeleteEvidenceForm
from scorecard.services import evidence, progress, review
from scorecard.web.common import acting_user, run_confirmed
from scorecard.web.evidence import download_response

bp = Blueprint("evidence", __name__)


@bp.route("/evidence/<int:evidence_id>/download")
def download(evidence_id: int) -> Response:
    """One attached file, as a download (never shown inline); the policy allows signed-in people only,
    and a contributor only the files of its own actors' entries."""
    session = get_session()
    if current_user.role == "contributor":
        return download_response(review.evidence_file(session, acting_user().user_id, evidence_id))
    return download_response(evidence.get_file(session, evidence_id))


def _back_to(entry_id: int) -> Response:
    """The recommendation page the entry shows on."""
    session = get_session()
    benchmark = progress.get_benchmark(session, progress.get_entry(session, entry_id).benchmark_id)
    return redirect(url_for("recommendations.detail", recommendation_id=benchmark.recommendation_id))


@bp.route("/evidence/<int:evidence_id>/delete", methods=["POST"])
def delete(evidence_id: int) -> Response:
    """Remove an attached file (audited with its checksum), then back to its recommendation."""
    entry_id = evidence.get_file(get_session(), evidence_id).entry_id
    remove = lambda: evidence.delete_file(get_session(), evidence_id, by=acting_user())  # noqa: E731
    if run_confirmed(DeleteEvidenceForm(), remove):
        flash(gettext("Evidence file deleted; the audit trail keeps its name and checksum."), "success")
    return _back_to(entry_id)


@bp.route("/entries/<int:entry_id>/evidence-link/delete", methods=["POST"])
def delete_link(entry_id: int) -> Response:
    """Remove an entry's evidence link (audited with what it was), then back to its recommendation."""
    remove = lambda: evidence.delete_link(get_session(), entry_id, by=acting_user())  # noqa: E731
    if run_confirmed(DeleteEvidenceForm(), remove):
        flash(gettext("Evidence link deleted; the audit trail keeps what it was."), "success")
    return _back_to(entry_id)

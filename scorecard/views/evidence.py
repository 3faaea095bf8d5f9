"""Evidence files: download one, as an attachment, after signing in."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.services import evidence
from scorecard.web.evidence import download_response

bp = Blueprint("evidence", __name__)


@bp.route("/evidence/<int:evidence_id>/download")
def download(evidence_id: int) -> Response:
    """One attached file, as a download (never shown inline); the policy allows signed-in people only."""
    return download_response(evidence.get_file(get_session(), evidence_id))

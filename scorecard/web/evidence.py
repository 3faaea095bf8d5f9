"""Evidence files over HTTP: the upload beside an entry form, and a download that no browser renders."""

from __future__ import annotations

from flask import Response, current_app
from flask_wtf import FlaskForm

from scorecard.db import get_session
from scorecard.models import Evidence, ProgressEntry
from scorecard.rules.evidence import CSV
from scorecard.services import evidence

from .common import acting_user


def attach_evidence(form: FlaskForm, entry: ProgressEntry) -> ProgressEntry:
    """Mark the entry's evidence link public or internal, and attach the form's evidence file (if one was
    chosen), in the transaction that saved the entry."""
    link_public = getattr(form, "evidence_url_public", None)
    if link_public is not None:
        evidence.set_link_visibility(get_session(), entry.id, public=bool(link_public.data), by=acting_user())
    upload = getattr(form, "evidence_file", None)
    if upload is None or not upload.data or not getattr(upload.data, "filename", ""):
        return entry
    limit = int(current_app.config.get("EVIDENCE_MAX_BYTES", evidence.DEFAULT_MAX_BYTES))
    evidence.attach_file(
        get_session(),
        entry.id,
        filename=upload.data.filename,
        content=upload.data.stream.read(limit + 1),
        public=bool(form.evidence_public.data),
        by=acting_user(),
        max_bytes=limit,
    )
    return entry


def download_response(file: Evidence) -> Response:
    """The file as an attachment, never shown inline: its sniffed type (CSV as plain text), nosniff,
    and a sandbox so that even a browser that opened it would run nothing."""
    content_type = "text/csv; charset=utf-8" if file.content_type == CSV else file.content_type
    response = Response(file.content, content_type=content_type)
    response.headers.set("Content-Disposition", "attachment", filename=file.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response

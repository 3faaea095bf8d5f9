"""CSV and .xlsx downloads of recommendations, benchmarks, progress entries and the scorecard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from flask import Blueprint, Response, request, stream_with_context
from sqlalchemy.orm import Session

from scorecard.db import current_database, get_session
from scorecard.services import csv_files, exports
from scorecard.services.workbooks import XLSX_CONTENT_TYPE
from scorecard.web.filters import parse_filter, parse_perspectives, thresholds, url_day

bp = Blueprint("exports", __name__)

TRUE_WORDS = frozenset({"1", "y", "yes", "true", "on"})


def _day(name: str) -> date | None:
    """A date from the query string; a malformed one is ignored, as the list's filters are."""
    return url_day(request.args, name)


def download(build: Callable[[Session], exports.CsvExport], filename: str, ext: str = "csv") -> Response:
    """Stream an export as a CSV attachment (`?bom=1` adds a BOM for Excel), or as an .xlsx workbook.

    The stream reads through a session of its own, closed when the last row is
    sent (or the client goes away): Flask tears the request down, closing the
    request's session, before a streamed body is read.
    """
    database = current_database()
    bom = request.args.get("bom", "").lower() in TRUE_WORDS
    workbook = ext == "xlsx"

    def body() -> Iterator[bytes]:
        """The file, read through a session that ends with it."""
        with database.session(write=False) as session:
            export = build(session)
            try:
                if workbook:
                    yield from csv_files.encode_workbook(export.header, export.batches)
                else:
                    yield from csv_files.encode_rows(export.header, export.batches, bom=bom)
            finally:
                # A client that leaves mid-download closes this generator, not the one
                # reading the rows: close that here, so its (server-side) cursor ends
                # before the session does instead of whenever it is garbage-collected.
                close = getattr(export.batches, "close", None)
                if close is not None:
                    close()

    content_type = XLSX_CONTENT_TYPE if workbook else "text/csv; charset=utf-8"
    response = Response(stream_with_context(body()), content_type=content_type)
    name = filename.removesuffix(".csv") + f".{ext}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _name(kind: str, day: date) -> str:
    """The server-chosen file name: scorecard-<kind>-<date>.csv."""
    return f"scorecard-{kind}-{day.isoformat()}.csv"


def _filtered(kind: str, ext: str, **options: Any) -> Response:
    """The export `kind` of the recommendations the list's filters select, as of `as_of` if given."""
    criteria, limits, as_of = parse_filter(request.args), thresholds(), _day("as_of")
    produce = getattr(exports, kind)
    return download(
        lambda session: produce(session, criteria=criteria, thresholds=limits, as_of=as_of, **options),
        _name(kind, limits.today),
        ext,
    )


# The rule nearest the function is registered first, and url_for builds the first: the CSV.
@bp.route("/recommendations.xlsx", endpoint="recommendations", defaults={"ext": "xlsx"})
@bp.route("/recommendations.csv", endpoint="recommendations", defaults={"ext": "csv"})
def export_recommendations(ext: str) -> Response:
    """The recommendations the list's filters select."""
    return _filtered("recommendations", ext)


@bp.route("/benchmarks.xlsx", endpoint="benchmarks", defaults={"ext": "xlsx"})
@bp.route("/benchmarks.csv", endpoint="benchmarks", defaults={"ext": "csv"})
def export_benchmarks(ext: str) -> Response:
    """The benchmarks of the recommendations the filters select."""
    return _filtered("benchmarks", ext)


@bp.route("/progress.xlsx", endpoint="progress", defaults={"ext": "xlsx"})
@bp.route("/progress.csv", endpoint="progress", defaults={"ext": "csv"})
def export_progress(ext: str) -> Response:
    """Progress entries, one row each; `include=history` adds corrected and deleted ones."""
    return _filtered("progress", ext, history=request.args.get("include", "") == "history")


@bp.route("/scorecard.xlsx", endpoint="scorecard", defaults={"ext": "xlsx"})
@bp.route("/scorecard.csv", endpoint="scorecard", defaults={"ext": "csv"})
def export_scorecard(ext: str) -> Response:
    """The scorecard as of a date, compared with another: one row per recommendation."""
    criteria, limits = parse_filter(request.args), thresholds()
    as_of, compare_to = _day("as_of") or limits.today, _day("compare")
    view = parse_perspectives(get_session(), request.args).view
    return download(
        lambda session: exports.scorecard(
            session, criteria=criteria, thresholds=limits, as_of=as_of, compare_to=compare_to, view=view
        ),
        f"scorecard-{as_of.isoformat()}.csv",
        ext,
    )

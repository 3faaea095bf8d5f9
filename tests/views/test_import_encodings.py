"""The upload page's encoding and sheet choices, the preview naming the encoding, and .xlsx downloads."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from scorecard.services import csv_files, exports
from scorecard.services.recommendations import RecommendationFilter, Thresholds

from ..factories import make_recommendation, make_source, make_theme


def upload(client, content: bytes, filename: str = "file.csv", **fields: str):
    """Post a file through the upload form, with the encoding or sheet chosen."""
    response = client.submit(
        "/import", {"file": (io.BytesIO(content), filename), **fields}, content_type="multipart/form-data"
    )
    response.request.environ["wsgi.input"].close()
    return response


def semicolon_cp1252(session) -> bytes:
    """Our export as European Excel saves it: Windows-1252, semicolons."""
    export = exports.recommendations(
        session, criteria=RecommendationFilter(), thresholds=Thresholds(date.today(), 180)
    )
    text = b"".join(csv_files.encode_rows(export.header, export.batches)).decode("utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(
        csv.reader(io.StringIO(text, newline=""))
    )
    return buffer.getvalue().encode("cp1252")


def seeded(session):
    theme = make_theme(session, "Security")
    source = make_source(session, title="The Kosovo–Serbia dialogue")
    make_recommendation(
        session, code="EU-01", theme_id=theme.id, title="A protégé’s roadmap", source_id=source.id
    )
    session.commit()


def test_preview_names_the_detected_encoding_and_shows_decoded_samples(analyst, session):
    seeded(session)
    content = semicolon_cp1252(session)
    assert b";" in content and "–".encode("cp1252") in content
    preview = analyst.get(upload(analyst, content).headers["Location"]).get_data(as_text=True)
    assert "Read as <strong>Windows-1252</strong>" in preview
    assert "<q>protégé’s</q>" in preview and "Kosovo–Serbia" in preview
    assert 'stat__value">1</span><span class="stat__label">left alone' in preview


def test_a_chosen_encoding_is_used_and_named_on_the_preview(analyst, session):
    seeded(session)
    page = analyst.get("/import").get_data(as_text=True)
    assert 'name="encoding"' in page and "Mac Roman" in page and 'name="sheet"' in page
    response = upload(analyst, semicolon_cp1252(session), encoding="mac_roman")
    preview = analyst.get(response.headers["Location"]).get_data(as_text=True)
    assert "Read as <strong>Mac Roman</strong>" in preview and "protÈgÈ" in preview
    refused = upload(analyst, semicolon_cp1252(session), encoding="utf-8").get_data(as_text=True)
    assert "The file is not UTF-8" in refused


def test_every_export_downloads_as_a_typed_workbook_that_uploads_as_unchanged(viewer, analyst, session):
    seeded(session)
    for kind in ("recommendations", "benchmarks", "progress", "scorecard"):
        response = viewer.get(f"/{kind}.xlsx")
        assert response.status_code == 200, kind
        assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.headers["Content-Disposition"].endswith('.xlsx"'), kind
        workbook = load_workbook(io.BytesIO(response.get_data()))
        assert workbook.sheetnames == ["Export"]
    content = viewer.get("/recommendations.xlsx").get_data()
    preview = analyst.get(upload(analyst, content, "recs.xlsx").headers["Location"]).get_data(as_text=True)
    assert "Excel workbook, sheet “Export”" in preview
    assert 'stat__value">1</span><span class="stat__label">left alone' in preview
    listing = viewer.get("/recommendations").get_data(as_text=True)
    assert "/recommendations.xlsx" in listing


def test_a_workbook_sheet_missing_is_named_with_the_sheets_there_are(analyst, viewer, session):
    seeded(session)
    content = viewer.get("/recommendations.xlsx").get_data()
    page = upload(analyst, content, "recs.xlsx", sheet="Data").get_data(as_text=True)
    assert "no sheet “Data”; its sheets are “Export”" in page

"""Evidence from the browser: attached with an entry, downloaded signed in as an attachment, never inline."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from scorecard.models import AuditEvent, Evidence, ProgressEntry
from scorecard.services import evidence
from scorecard.services.audit import ActingUser

from .. import factories
from ..services.test_evidence import HTML, PDF


@pytest.fixture
def benchmark(session):
    made = factories.make_recommendation(session, benchmarks=[factories.milestone("Roadmap published")])
    session.commit()
    return made.benchmarks[0]


def _record(client, benchmark, content: bytes, filename: str, **extra: str):
    response = client.submit(
        f"/benchmarks/{benchmark.id}/progress",
        {
            "observed_on": "2026-06-30",
            "achieved": "yes",
            "evidence_file": (io.BytesIO(content), filename),
            **extra,
        },
        content_type="multipart/form-data",
    )
    response.request.environ["wsgi.input"].close()
    return response


def _files(session) -> list[Evidence]:
    session.expire_all()
    return list(session.scalars(select(Evidence).order_by(Evidence.id)))


def test_a_pdf_attached_with_an_entry_downloads_as_an_attachment_with_nosniff(analyst, session, benchmark):
    assert _record(analyst, benchmark, PDF, "minutes.pdf", evidence_public="y").status_code == 302
    [file] = _files(session)
    assert file.visibility == "public" and file.content_type == "application/pdf"
    page = analyst.get(f"/recommendations/{benchmark.recommendation_id}").get_data(as_text=True)
    assert "minutes.pdf" in page and f"/evidence/{file.id}/download" in page
    download = analyst.get(f"/evidence/{file.id}/download")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/pdf"
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity == "evidence"))
    assert event is not None and event.after["sha256"] == file.sha256


def test_an_html_file_is_refused_whatever_its_name(analyst, session, benchmark):
    response = _record(analyst, benchmark, HTML, "report.pdf")
    assert response.status_code == 200
    assert "This kind of file is not accepted" in response.get_data(as_text=True)
    session.expire_all()
    # Nothing is saved: neither the file nor the entry it came with.
    assert _files(session) == []
    assert session.scalar(select(ProgressEntry).where(ProgressEntry.benchmark_id == benchmark.id)) is None


def test_a_file_over_the_limit_is_refused(analyst, app, session, benchmark):
    app.config["EVIDENCE_MAX_BYTES"] = 20
    response = _record(analyst, benchmark, PDF, "big.pdf")
    assert "larger than" in response.get_data(as_text=True)
    assert _files(session) == []


def test_a_csv_file_is_served_as_a_download_never_as_a_page(analyst, session, benchmark):
    """Even text that is accepted goes out as an attachment with a type no browser renders."""
    _record(analyst, benchmark, b"a,b\r\n1,2\r\n", "figures.html")
    [file] = _files(session)
    assert file.filename == "figures.csv"
    download = analyst.get(f"/evidence/{file.id}/download")
    assert download.mimetype == "text/csv" and download.headers["Content-Disposition"].startswith(
        "attachment"
    )
    assert "sandbox" in download.headers["Content-Security-Policy"]


def test_an_html_file_stored_by_any_path_is_still_never_inline(analyst, session, benchmark):
    """Defence in depth: a row that somehow holds HTML is still downloaded, with nosniff, never rendered."""
    entry = factories.record(session, benchmark, date(2026, 6, 30), achieved=True)
    file = evidence.attach_file(
        session, entry.id, filename="x.csv", content=b"a,b\r\n", public=False, by=ActingUser(None, "t")
    )
    file.content = HTML
    session.commit()
    download = analyst.get(f"/evidence/{file.id}/download")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "html" not in download.content_type


def test_download_needs_sign_in_even_with_public_read(client, app, session, benchmark):
    entry = factories.record(session, benchmark, date(2026, 6, 30), achieved=True)
    file = evidence.attach_file(
        session, entry.id, filename="open.pdf", content=PDF, public=True, by=ActingUser(None, "t")
    )
    session.commit()
    app.config["PUBLIC_READ"] = True
    response = client.get(f"/evidence/{file.id}/download")
    assert response.status_code in (302, 401, 403) and response.data != PDF


def test_published_pages_never_show_internal_evidence(client, app, session, benchmark):
    entry = factories.record(session, benchmark, date(2026, 6, 30), achieved=True)
    evidence.attach_file(
        session, entry.id, filename="secret-memo.pdf", content=PDF, public=False, by=ActingUser(None, "t")
    )
    session.commit()
    app.config["PUBLIC_READ"] = True
    for page in ("/", "/scorecard"):
        response = client.get(page)
        assert response.status_code == 200 and "secret-memo" not in response.get_data(as_text=True)


def test_the_upload_form_refuses_a_post_without_its_csrf_token(analyst, session, benchmark):
    response = analyst.post(
        f"/benchmarks/{benchmark.id}/progress",
        data={"observed_on": "2026-06-30", "achieved": "yes", "evidence_file": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert _files(session) == []


def test_the_evidence_link_is_internal_unless_marked_public(analyst, session, benchmark):
    link = {"evidence_url": "https://example.org/minutes"}
    _record(analyst, benchmark, b"", "", **link)
    _record(analyst, benchmark, b"", "", **link, evidence_url_public="y")
    session.expire_all()
    entries = session.scalars(
        select(ProgressEntry).where(ProgressEntry.benchmark_id == benchmark.id).order_by(ProgressEntry.id)
    ).all()
    assert [e.evidence_url_public for e in entries] == [False, True]
    page = analyst.get(f"/recommendations/{benchmark.recommendation_id}").get_data(as_text=True)
    assert "(internal)" in page and "(public)" in page
    marked = session.scalar(
        select(AuditEvent).where(AuditEvent.entity == "progress_entry", AuditEvent.action == "update")
    )
    assert marked is not None and marked.after == {"evidence_url_public": True}
    # The correction form starts from the entry's visibility.
    form = analyst.get(f"/entries/{entries[1].id}/correct").get_data(as_text=True)
    assert re.search(
        r'<input[^>]*checked[^>]*name="evidence_url_public"|name="evidence_url_public"[^>]*checked', form
    )


def test_an_analyst_deletes_an_evidence_file_or_link_with_a_checked_form(analyst, viewer, session, benchmark):
    link = {"evidence_url": "https://example.org/minutes"}
    assert _record(analyst, benchmark, PDF, "minutes.pdf", **link).status_code == 302
    [file] = _files(session)
    file_id, entry_id, checksum = file.id, file.entry_id, file.sha256
    page = analyst.get(f"/recommendations/{benchmark.recommendation_id}").get_data(as_text=True)
    assert f'action="/evidence/{file_id}/delete"' in page and "Delete minutes.pdf" in page
    assert f'action="/entries/{entry_id}/evidence-link/delete"' in page
    assert "Delete minutes.pdf" not in viewer.get(f"/recommendations/{benchmark.recommendation_id}").get_data(
        as_text=True
    )
    assert analyst.post(f"/evidence/{file_id}/delete").status_code == 400  # no CSRF token
    assert viewer.submit(f"/evidence/{file_id}/delete").status_code == 403
    assert len(_files(session)) == 1
    deleted = analyst.submit(f"/evidence/{file_id}/delete")
    assert deleted.status_code == 302 and deleted.location.endswith(
        f"/recommendations/{benchmark.recommendation_id}"
    )
    assert _files(session) == []
    assert analyst.get(f"/evidence/{file_id}/download").status_code == 404
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.entity == "evidence", AuditEvent.action == "delete")
    )
    assert event is not None and event.before["sha256"] == checksum
    assert analyst.submit(f"/entries/{entry_id}/evidence-link/delete").status_code == 302
    session.expire_all()
    assert session.get(ProgressEntry, entry_id).evidence_url is None

"""Evidence files: the type told from the content, the size limit, the checksum in the audit trail."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from scorecard.errors import NotFound, RuleViolation
from scorecard.models import AuditEvent, Evidence
from scorecard.rules import evidence as rules
from scorecard.services import evidence, progress
from scorecard.services.audit import ActingUser

from ..factories import make_recommendation, record

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, rules.PDF),
        (PNG, rules.PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, rules.JPEG),
        (b"GIF89a" + b"\x00" * 8, rules.GIF),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", rules.WEBP),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, rules.OLE),
        (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}), rules.DOCX),
        (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}), rules.XLSX),
        (_zip({"mimetype": rules.ODS.encode(), "content.xml": b"<x/>"}), rules.ODS),
        ("code,title\r\nA-1,Présence\r\n".encode(), rules.CSV),
        ("code,title\r\nA-1,Présence\r\n".encode("cp1252"), rules.CSV),
        (HTML, None),
        (b"  <html><body>hi</body></html>", None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>", None),
        (_zip({"payload.exe": b"MZ"}), None),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
    ],
)
def test_sniff_tells_the_kind_from_the_content(content: bytes, kind: str | None) -> None:
    assert rules.sniff(content) == kind


def test_check_file_ignores_the_name_and_names_the_download_after_what_it_is() -> None:
    assert rules.check_file("report.pdf.html", PDF, max_bytes=1000).filename == "report_pdf.pdf"
    assert rules.check_file("../../etc/passwd", PNG, max_bytes=1000).filename == "passwd.png"
    with pytest.raises(RuleViolation) as refused:
        rules.check_file("innocent.pdf", HTML, max_bytes=1000)
    assert "not accepted" in refused.value.errors["evidence_file"]


def test_check_file_refuses_empty_and_too_big_files() -> None:
    with pytest.raises(RuleViolation, match="empty"):
        rules.check_file("a.pdf", b"", max_bytes=10)
    with pytest.raises(RuleViolation) as refused:
        rules.check_file("a.pdf", PDF, max_bytes=len(PDF) - 1)
    assert "larger than" in refused.value.errors["evidence_file"]
    assert rules.check_file("a.pdf", PDF, max_bytes=len(PDF)).content_type == rules.PDF


def test_attach_file_keeps_the_content_and_audits_its_checksum(session) -> None:
    benchmark = make_recommendation(session).benchmarks[0]
    entry = record(session, benchmark, date(2026, 3, 1), achieved=True)
    by = ActingUser(user_id=None, email="analyst@example.org")
    saved = evidence.attach_file(session, entry.id, filename="report.pdf", content=PDF, public=False, by=by)
    stored = session.get(Evidence, saved.id)
    assert stored is not None and stored.content == PDF and stored.visibility == "internal"
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity == "evidence"))
    assert event is not None and event.after is not None
    assert event.after["sha256"] == hashlib.sha256(PDF).hexdigest() == stored.sha256
    assert event.recommendation_id == benchmark.recommendation_id


def test_files_of_entries_leaves_internal_files_out_for_published_pages(session) -> None:
    benchmark = make_recommendation(session).benchmarks[0]
    entry = record(session, benchmark, date(2026, 3, 1), achieved=True)
    by = ActingUser(user_id=None, email="analyst@example.org")
    evidence.attach_file(session, entry.id, filename="open.pdf", content=PDF, public=True, by=by)
    evidence.attach_file(session, entry.id, filename="inside.png", content=PNG, public=False, by=by)
    everyone = evidence.files_of_entries(session, [entry.id], public_only=True)[entry.id]
    signed_in = evidence.files_of_entries(session, [entry.id], public_only=False)[entry.id]
    assert [f.filename for f in everyone] == ["open.pdf"]
    assert [f.filename for f in signed_in] == ["open.pdf", "inside.png"]


def test_deleting_a_file_or_a_link_is_audited_with_what_it_was(session):
    recommendation = make_recommendation(session)
    entry = record(
        session,
        recommendation.benchmarks[0],
        date(2026, 1, 1),
        achieved=True,
        evidence_url="https://example.org/x",
    )
    by = ActingUser(None, "analyst@example.org")
    attached = evidence.attach_file(session, entry.id, filename="m.pdf", content=PDF, public=False, by=by)
    evidence.delete_file(session, attached.id, by=by)
    assert session.scalars(select(Evidence).where(Evidence.entry_id == entry.id)).all() == []
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.entity == "evidence", AuditEvent.action == "delete")
    )
    assert event is not None and event.before["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert event.before["filename"] == "m.pdf"
    evidence.delete_link(session, entry.id, by=by)
    assert entry.evidence_url is None and entry.evidence_url_public is False
    link_event = session.scalar(
        select(AuditEvent).where(
            AuditEvent.entity == "progress_entry",
            AuditEvent.entity_id == entry.id,
            AuditEvent.action == "delete",
        )
    )
    assert link_event is not None and link_event.before["evidence_url"] == "https://example.org/x"
    with pytest.raises(NotFound):
        evidence.delete_link(session, entry.id, by=by)  # nothing left to delete
    with pytest.raises(NotFound):
        evidence.delete_file(session, attached.id, by=by)


def test_a_correction_carries_the_entrys_files_over_and_the_old_entry_keeps_its_own(session):
    recommendation = make_recommendation(session)
    entry = record(session, recommendation.benchmarks[0], date(2026, 1, 1), achieved=False)
    by = ActingUser(None, "analyst@example.org")
    evidence.attach_file(session, entry.id, filename="m.pdf", content=PDF, public=True, by=by)
    evidence.attach_file(session, entry.id, filename="p.png", content=PNG, public=False, by=by)
    corrected = progress.correct_entry(
        session, entry.id, fields=progress.EntryInput(observed_on=date(2026, 1, 1), achieved=True), by=by
    )
    files = evidence.files_of_entries(session, [entry.id, corrected.id], public_only=False)
    carried = [(f.filename, f.visibility) for f in files[corrected.id]]
    assert carried == [("m.pdf", "public"), (files[entry.id][1].filename, "internal")]
    assert [f.filename for f in files[entry.id]] == [f.filename for f in files[corrected.id]]
    copy = session.get(Evidence, files[corrected.id][0].id)
    assert copy is not None and copy.content == PDF and copy.sha256 == hashlib.sha256(PDF).hexdigest()
    event = session.scalar(
        select(AuditEvent).where(
            AuditEvent.entity == "progress_entry",
            AuditEvent.entity_id == corrected.id,
            AuditEvent.action == "attach",
        )
    )
    assert event is not None and [f["sha256"] for f in event.after["files"]] == [
        hashlib.sha256(PDF).hexdigest(),
        hashlib.sha256(PNG).hexdigest(),
    ]

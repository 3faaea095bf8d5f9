"""The rules of an evidence file: the kinds accepted, told from the content's first bytes, not the name."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from scorecard.errors import N_, RuleViolation

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
CSV = "text/csv"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
OLE = "application/vnd.ms-office"  # .doc, .xls, .ppt: one container format

# A short signature table: a library (python-magic, filetype) would add a C dependency or
# hundreds of formats we refuse anyway. Office's zip formats are told apart by their members.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
)
ZIP = b"PK\x03\x04"
OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
ODF_TYPES = {ODT.encode(), ODS.encode(), ODP.encode()}
# Text that a browser would run if it ever rendered it: never accepted as CSV.
MARKUP = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe", b"<meta")

EXTENSIONS = {
    PDF: ".pdf",
    PNG: ".png",
    JPEG: ".jpg",
    GIF: ".gif",
    WEBP: ".webp",
    CSV: ".csv",
    DOCX: ".docx",
    XLSX: ".xlsx",
    PPTX: ".pptx",
    ODT: ".odt",
    ODS: ".ods",
    ODP: ".odp",
    OLE: ".doc",
}

MESSAGES = {
    "empty": N_("The file is empty."),
    "too_big": N_("The file is larger than %(limit)s MB; attach a smaller one or link to it instead."),
    "kind": N_(
        "This kind of file is not accepted: attach a PDF, an image (PNG, JPEG, GIF, WebP), "
        "an office document or a CSV file."
    ),
}


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """An accepted file: its type as read from the content, and a name safe to offer for download."""

    content_type: str
    filename: str


def _zip_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                return mimetype.decode() if mimetype in ODF_TYPES else None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for prefix, kind in OOXML_PARTS if any(n.startswith(prefix) for n in names)), None)


def _is_plain_csv(content: bytes) -> bool:
    """Text (UTF-8, or Windows-1252 as Excel saves it): no NUL bytes, no markup a browser would render."""
    if b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            return False
    lowered = text[:4096].lower().encode()
    return not any(tag in lowered for tag in MARKUP) and text.strip() != ""


def sniff(content: bytes) -> str | None:
    """The accepted content type these bytes are, or None."""
    for signature, kind in SIGNATURES:
        if content.startswith(signature):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content.startswith(ZIP):
        return _zip_kind(content)
    return CSV if _is_plain_csv(content) else None


def safe_filename(name: str | None, content_type: str) -> str:
    """The uploaded name stripped of folders and odd characters, ending in the extension of what it is."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    kept = "".join(c if c.isalnum() or c in " -_()" else "_" for c in stem).strip(" ._")[:120]
    return f"{kept or 'evidence'}{EXTENSIONS[content_type]}"


def check_file(name: str | None, content: bytes, *, max_bytes: int) -> CheckedFile:
    """Accept a file for evidence or say why not (errors keyed "evidence_file")."""
    if not content:
        raise RuleViolation({"evidence_file": MESSAGES["empty"]})
    if len(content) > max_bytes:
        raise RuleViolation(
            {"evidence_file": N_(MESSAGES["too_big"].msgid, limit=f"{max_bytes / 1024 / 1024:g}")}
        )
    kind = sniff(content)
    if kind is None:
        raise RuleViolation({"evidence_file": MESSAGES["kind"]})
    return CheckedFile(kind, safe_filename(name, kind))

"""Encodings a person would not notice: our exports saved by any spreadsheet re-import as unchanged."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy.orm import Session

from scorecard import demo
from scorecard.services import csv_files, exports, imports
from scorecard.services.audit import ActingUser
from scorecard.services.csv_files import CsvFileError, decode, encoding_name, read_table
from scorecard.services.imports import ImportSource
from scorecard.services.recommendations import RecommendationFilter, Thresholds

from ..helpers import UPR_FILE, with_demo

TODAY = date.today()
LIMITS = Thresholds(today=TODAY, stale_days=180)
SYSTEM = ActingUser.system("test")
# How each encoding is written by the software that writes it: old Mac software ends lines with CR alone.
SAVED_AS = {
    "utf-8": ("utf-8", "\r\n"),
    "utf-8-sig": ("utf-8-sig", "\r\n"),
    "utf-16": ("utf-16", "\r\n"),
    "cp1252": ("cp1252", "\r\n"),
    "mac_roman": ("mac_roman", "\r"),
}


def export_text(session: Session, kind: str) -> str:
    """An export of everything, as the download writes it, decoded."""
    export = getattr(exports, kind)(session, criteria=RecommendationFilter(), thresholds=LIMITS)
    return b"".join(csv_files.encode_rows(export.header, export.batches)).decode("utf-8")


def saved_as(text: str, encoding: str, delimiter: str) -> bytes:
    """The file as a spreadsheet saves it again: this encoding and separator, characters it lacks as "?"."""
    codec, line_end = SAVED_AS[encoding]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerows(csv.reader(io.StringIO(text, newline="")))
    return buffer.getvalue().encode(codec, errors="replace")


def unencodable_rows(text: str, encoding: str) -> int:
    """Rows with a character the encoding cannot hold (Excel writes "?" for it, so they do change)."""
    codec = SAVED_AS[encoding][0]
    return sum(
        1
        for line in csv.reader(io.StringIO(text, newline=""))
        if any(cell.encode(codec, errors="replace") != cell.encode(codec, errors="ignore") for cell in line)
    )


def plan_of(session: Session, content: bytes) -> imports.ImportPlan:
    """The preview of a file, as the page and the command read it."""
    return imports.plan(session, ImportSource(read_table(content), None), by=SYSTEM, today=TODAY)


COMBINATIONS = [(encoding, delimiter) for encoding in SAVED_AS for delimiter in (",", ";", "\t")]
# The ones planned against the database too (each plan reads every row; the rest compare tables).
PLANNED = {("cp1252", ";"), ("mac_roman", "\t"), ("utf-16", ";")}


@pytest.mark.slow
def test_the_demo_exports_saved_in_any_encoding_and_separator_reimport_as_unchanged(session):
    for kind in with_demo(session):
        text = export_text(session, kind)
        original = read_table(text.encode("utf-8"))
        for encoding, delimiter in COMBINATIONS:
            content = saved_as(text, encoding, delimiter)
            table = read_table(content)
            where = (kind, encoding, delimiter)
            assert (table.encoding, table.delimiter, table.header) == (encoding, delimiter, original.header)
            # "Vučić" and the demo's Serbian translations (č, ć, đ, Cyrillic) do not fit in Windows-1252 or
            # Mac Roman: Excel writes "?" and exactly those rows change; UTF keeps every row.
            lost = unencodable_rows(text, encoding)
            if encoding.startswith("utf") or kind == "progress":
                assert lost == 0, where
            else:
                assert 0 < lost < len(original.rows) // 2, where
            differing = [
                row for row, resaved in zip(original.rows, table.rows, strict=True) if row != resaved
            ]
            assert len(differing) == lost, where
            if (encoding, delimiter) in PLANNED and kind != "progress":
                plan = plan_of(session, content)
                assert plan.counts["error"] == plan.counts["create"] == 0, (where, plan.errors[:3])
                assert plan.counts["update"] == lost, where
                assert plan.counts["unchanged"] == plan.counts["rows"] - lost > len(original.rows) // 2, where


@pytest.mark.slow
def test_the_issues_file_is_read_as_windows_1252_not_mac_roman(session):
    demo.load(session)
    session.flush()
    # European Excel's "CSV (semicolon delimited)": Windows-1252, semicolons.
    table = read_table(saved_as(export_text(session, "recommendations"), "cp1252", ";"))
    sources = {cells[table.header.index("source")] for _, cells in table.rows}
    assert "The EU must take the Kosovo–Serbia dialogue seriously" in sources
    assert table.encoding_label == "Windows-1252"
    samples = table.non_ascii_samples()
    assert samples and not any(mark in word for word in samples for mark in "ñÈÕÐ")


REAL_TEXT = [
    "The EU must take the Kosovo–Serbia dialogue seriously; a protégé of the envoy",
    "don’t call it “final” — the résumé is due in 2019–2020",
    "Zürich, Genève, Málaga",
    "Straße, naïve, façade, Curaçao",
    "à la carte, déjà vu, crème brûlée",
    "He said “yes”.",
    "São Paulo – Brasília",
    "50 € or £40 … maybe",
]


@pytest.mark.parametrize("text", REAL_TEXT)
@pytest.mark.parametrize("encoding", ["cp1252", "mac_roman"])
def test_decode_tells_windows_1252_from_mac_roman_on_real_text(text, encoding):
    assert decode(f"code,title\r\nA-1,{text}\r\n".encode(encoding)) == (
        f"code,title\r\nA-1,{text}\r\n",
        encoding,
    )


def test_the_upr_file_and_its_windows_1252_copy_are_each_read_right():
    raw = UPR_FILE.read_bytes()
    assert b"\r" in raw and b"\n" not in raw  # lone CR line ends, as Mac Excel wrote them
    mac = read_table(raw)
    resaved = read_table(raw.decode("mac_roman").encode("cp1252"))
    assert (mac.encoding, resaved.encoding) == ("mac_roman", "cp1252")
    assert mac.rows == resaved.rows
    assert any("é" in word for word in mac.non_ascii_samples())


def test_a_chosen_encoding_is_used_as_is_and_a_misfit_is_named():
    content = "code,title\r\nA-1,Kosovo–Serbia protégé\r\n".encode("cp1252")
    as_mac = read_table(content, encoding="mac_roman")
    assert as_mac.rows[0][1][1] == "KosovoñSerbia protÈgÈ"  # what a person chose, garbled or not
    assert read_table(content, encoding="cp1252").rows[0][1][1] == "Kosovo–Serbia protégé"
    with pytest.raises(CsvFileError) as refused:
        read_table(content, encoding="utf-8")
    assert "not UTF-8 (byte 23" in refused.value.problems[0].message
    bom = "code,title\r\nA-1,é\r\n".encode("utf-8-sig")
    assert read_table(bom, encoding="utf-8").header == ["code", "title"]


@pytest.mark.parametrize(
    ("asked", "name"),
    [("Windows-1252", "cp1252"), ("macroman", "mac_roman"), ("mac_roman", "mac_roman"), ("UTF8", "utf-8")],
)
def test_encoding_names_are_read_as_people_write_them(asked: str, name: str):
    assert encoding_name(asked) == name


def test_an_unknown_encoding_name_lists_the_choices():
    with pytest.raises(ValueError, match="choose one of utf-8, utf-16, cp1252, mac_roman"):
        encoding_name("ebcdic")

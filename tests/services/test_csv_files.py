"""Reading spreadsheets' CSV (encodings, line ends, faults) and writing CSV that spreadsheets cannot run."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.services import csv_files
from scorecard.services.csv_files import CsvFileError, neutralise, read_table, restore

from ..helpers import UPR_FILE

# -- formula neutralisation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=already quoted", "''=already quoted"),
        ("''+twice", "'''+twice"),
        ("'plain quote", "'plain quote"),
        ("Plain text", "Plain text"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_formula_triggers_and_restore_undoes_it(text, written):
    assert neutralise(text) == written
    assert restore(written) == text


@given(st.text())
def test_neutralise_never_leaves_a_runnable_cell_and_restore_is_exact(text):
    written = neutralise(text)
    assert not written or written[0] not in csv_files.FORMULA_TRIGGERS
    assert restore(written) == text


def test_text_cell_neutralises_but_numbers_stay_numbers():
    header = ("title", "baseline")
    body = b"".join(csv_files.encode_rows(header, [[(csv_files.text_cell("=1+2"), -5.0)]]))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows == [["title", "baseline"], ["'=1+2", "-5.0"]]


# -- writing -----------------------------------------------------------------------------


def test_encode_rows_writes_rfc4180_with_crlf_quotes_and_an_optional_bom():
    rows = [[("a,b", 'say "hi"', "two\nlines", None)]]
    body = b"".join(csv_files.encode_rows(("x", "y", "z", "w"), rows, bom=True))
    assert body.startswith(b"\xef\xbb\xbfx,y,z,w\r\n")
    assert body.endswith(b'"a,b","say ""hi""","two\nlines",\r\n')
    assert not b"".join(csv_files.encode_rows(("x",), [])).startswith(b"\xef\xbb\xbf")


def test_encode_rows_yields_one_chunk_per_batch():
    chunks = list(csv_files.encode_rows(("n",), ([(i,)] for i in range(3))))
    assert chunks == [b"n\r\n0\r\n", b"1\r\n", b"2\r\n", b""]


def test_cells_format_dates_and_timestamps_the_same_from_either_database():
    moment = datetime(2026, 3, 31, 9, 15, 0, 12, tzinfo=UTC)
    assert csv_files.moment_cell(moment) == "2026-03-31T09:15:00.000012Z"
    assert csv_files.moment_cell("2026-03-31 09:15:00.000012") == "2026-03-31T09:15:00.000012Z"
    assert csv_files.moment_cell("2026-03-31 09:15:00") == "2026-03-31T09:15:00.000000Z"
    assert csv_files.day_cell(date(2026, 3, 31)) == csv_files.day_cell("2026-03-31") == "2026-03-31"
    assert csv_files.bool_cell(1) == "true" and csv_files.bool_cell(False) == "false"
    assert csv_files.bool_cell(None) is None


# -- encodings and line ends -------------------------------------------------------------

SAMPLE = "code,title\r\nEU-01,Café déjà vu: “quotes” – and Müller’s Straße\r\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.encode("cp1252"), "cp1252"),
        (SAMPLE.encode("mac_roman"), "mac_roman"),
    ],
)
def test_read_table_detects_the_encoding(raw, encoding):
    table = read_table(raw)
    assert table.encoding == encoding
    assert table.rows == [(2, ("EU-01", "Café déjà vu: “quotes” – and Müller’s Straße"))]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Réunion, Genève, Hôpital général", "cp1252"),
        ("Réunion, Genève, Hôpital général", "mac_roman"),
        ("Ärzte für Öffentliche Gesundheit", "cp1252"),
        ("Ärzte für Öffentliche Gesundheit", "mac_roman"),
        ("“Quoted” — and a dash – too…", "cp1252"),
        ("“Quoted” — and a dash – too…", "mac_roman"),
        ("Šabac, Žarko, šuma, žena", "cp1252"),
        ("Coração, ação, São Tomé", "cp1252"),
        ("Coração, ação, São Tomé", "mac_roman"),
    ],
)
def test_decode_tells_windows_1252_from_mac_roman(text, encoding):
    decoded, found = csv_files.decode(f"name\n{text}\n".encode(encoding))
    assert found == encoding
    assert decoded == f"name\n{text}\n"


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_read_table_accepts_every_line_end_and_keeps_line_breaks_inside_cells(newline):
    raw = f'code,note{newline}A-1,"first{newline}second"{newline}A-2,x{newline}'.encode()
    table = read_table(raw)
    assert table.header == ["code", "note"]
    assert table.rows == [(2, ("A-1", f"first{newline}second")), (3, ("A-2", "x"))]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_read_table_recognises_the_separator_from_the_header(delimiter):
    raw = f'code{delimiter}title{delimiter}note\nA-1{delimiter}"T, with comma"{delimiter}n\n'.encode()
    table = read_table(raw)
    assert table.delimiter == delimiter
    assert table.rows[0][1] == ("A-1", "T, with comma", "n")


def test_read_table_skips_blank_rows_tolerates_trailing_empty_cells_and_restores_formulas():
    raw = b"code,title\n\nA-1,'=SUM(A1)\n,\nA-2,x,,\n'+B-3,Kosovo's '=plan\n\"A\n'-4\",''@x\n"
    table = read_table(raw)
    assert table.rows == [
        (3, ("A-1", "=SUM(A1)")),
        (5, ("A-2", "x")),
        (6, ("+B-3", "Kosovo's '=plan")),
        (7, ("A\n'-4", "'@x")),
    ]


def test_read_table_reads_the_upr_export_as_mac_roman_with_lone_cr_lines():
    raw = UPR_FILE.read_bytes()
    assert b"\r\n" not in raw and b"\r" in raw
    table = read_table(raw)
    assert table.encoding == "mac_roman"
    assert len(table.rows) == 6094
    assert table.header[:4] == ["To", "To-Rgrp", "To-Org", "Text"]
    texts = " ".join(cells[3] for _, cells in table.rows)
    assert "é" in texts and "Ž" not in texts


# -- refusing what is not a table --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "row", "column", "words"),
    [
        (b"code,title\nA-1\n", 2, "title", "1 cells but the header has 2"),
        (b"code,title\nA-1,t,extra\n", 2, "C", "beyond the last named column"),
        (b'code,title\nA-1,"never closed\nA-2,t\n', 2, "title", "never closed"),
        (b'code,title\nA-1,"closed" then more\n', 2, "title", "more text follows"),
        (b"code,title\nA-1,t\x00t\n", 2, "title", "NUL byte"),
        (b"code,co\x00de\nA-1,t\n", 1, "B", "NUL byte"),
        (b"code,Code\nA-1,t\n", 1, "B", "already used by column A"),
        (b"code,,title\nA-1,x,t\n", 1, "B", "has no name"),
        (b"\xef\xbb\xbfcode,title\nA-1,\xff\xfe\n", 2, None, "not valid UTF-8"),
    ],
)
def test_read_table_refuses_malformed_files_by_row_and_column(raw, row, column, words):
    with pytest.raises(CsvFileError) as refused:
        read_table(raw)
    problem = refused.value.problems[0]
    assert (problem.row, problem.column) == (row, column)
    assert words in problem.message


def test_read_table_lists_every_ragged_row_not_just_the_first():
    with pytest.raises(CsvFileError) as refused:
        read_table(b"a,b\n1\n2,2\n3\n4,4,4\n")
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "b"), (4, "b"), (5, "C")]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00", "workbook"),
    ],
)
def test_read_table_refuses_files_that_hold_no_table(raw, words):
    with pytest.raises(CsvFileError) as refused:
        read_table(raw)
    assert words in refused.value.problems[0].message


def test_read_table_refuses_a_file_over_the_size_limit():
    with pytest.raises(CsvFileError) as refused:
        read_table(b"code\n" + b"A-1\n" * 1000, max_bytes=1000)
    assert "the limit is" in refused.value.problems[0].message


def test_column_letter_counts_like_a_spreadsheet():
    assert [csv_files.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]

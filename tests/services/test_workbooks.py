"""Workbooks: every export also as .xlsx with typed cells and no formulas, and .xlsx read back in."""

from __future__ import annotations

import io
import math
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy.orm import Session

from scorecard import demo
from scorecard.services import csv_files, exports, imports
from scorecard.services.audit import ActingUser
from scorecard.services.csv_files import CsvFileError, read_table
from scorecard.services.imports import ImportSource
from scorecard.services.recommendations import RecommendationFilter, Thresholds

from ..factories import make_recommendation, make_theme
from ..helpers import with_demo

TODAY = date.today()
LIMITS = Thresholds(today=TODAY, stale_days=180)
SYSTEM = ActingUser.system("test")


def export_xlsx(session: Session, kind: str) -> bytes:
    """An export of everything as the .xlsx download writes it."""
    export = getattr(exports, kind)(session, criteria=RecommendationFilter(), thresholds=LIMITS)
    return b"".join(csv_files.encode_workbook(export.header, export.batches))


def export_csv(session: Session, kind: str) -> bytes:
    export = getattr(exports, kind)(session, criteria=RecommendationFilter(), thresholds=LIMITS)
    return b"".join(csv_files.encode_rows(export.header, export.batches))


def sheet_rows(content: bytes) -> list[tuple[object, ...]]:
    """The values of the workbook's first sheet, as Excel holds them."""
    workbook = load_workbook(io.BytesIO(content))
    return [tuple(cell.value for cell in row) for row in workbook.worksheets[0].iter_rows()]


def workbook_of(*sheets: tuple[str, list[list[object]]]) -> bytes:
    """A workbook as a person makes one in Excel: named sheets of typed values."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _same_number(ours: str, theirs: str) -> bool:
    """Whether two cells agree as Excel keeps them: 60.0 as 60, 15 digits, timestamps to the millisecond."""
    try:
        return math.isclose(float(ours), float(theirs), rel_tol=1e-15)
    except ValueError:
        pass
    if ours.endswith("Z") and theirs.endswith("Z"):  # Excel keeps a timestamp to the millisecond
        gap = datetime.fromisoformat(ours[:-1]) - datetime.fromisoformat(theirs[:-1])
        return abs(gap.total_seconds()) <= 0.001
    return False


@pytest.mark.slow
def test_the_demo_exports_as_workbooks_reimport_as_unchanged_and_read_as_the_csv_does(session):
    for kind in with_demo(session):
        content = export_xlsx(session, kind)
        table = read_table(content)
        assert table.encoding == "xlsx:0" and table.encoding_label == "Excel workbook, sheet “Export”"
        from_csv = read_table(export_csv(session, kind))
        assert table.header == from_csv.header
        differing = [
            (row, name, ours, theirs)
            for (row, cells), (_, csv_cells) in zip(table.rows, from_csv.rows, strict=True)
            for name, ours, theirs in zip(table.header, cells, csv_cells, strict=True)
            if ours != theirs and not _same_number(ours, theirs)
        ]
        assert differing == [], kind
        plan = imports.plan(session, ImportSource(table, None), by=SYSTEM, today=TODAY)
        assert plan.counts["unchanged"] == plan.counts["rows"] > 30, (kind, plan.counts, plan.errors[:3])


def test_an_exported_workbook_has_typed_cells_and_formula_text_stays_text(session):
    theme = make_theme(session, "Security")
    make_recommendation(
        session,
        code="EU-01",
        theme_id=theme.id,
        title='=HYPERLINK("http://evil")',
        text="+1-2 @me -x",
        issued_on=date(2026, 1, 15),
    )
    session.flush()
    content = export_xlsx(session, "recommendations")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["title"].value == '=HYPERLINK("http://evil")' and row["title"].data_type == "s"
    assert row["text"].value == "+1-2 @me -x" and row["text"].data_type == "s"
    assert isinstance(row["issued_on"].value, datetime) and row["issued_on"].is_date
    assert row["issued_on"].number_format == "yyyy-mm-dd"
    assert not any(cell.data_type == "f" for line in sheet.iter_rows() for cell in line)
    table = read_table(content)
    assert table.rows[0][1][table.header.index("title")] == '=HYPERLINK("http://evil")'


@pytest.mark.slow
def test_progress_workbook_keeps_numbers_as_numbers_and_timestamps_as_dates(session):
    demo.load(session)
    session.flush()
    rows = sheet_rows(export_xlsx(session, "progress"))
    header = list(rows[0])
    values = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert all(isinstance(v["observed_on"], datetime) for v in values)
    numbers = [v["value"] for v in values if v["value"] is not None]
    assert numbers and all(isinstance(number, int | float) for number in numbers)
    assert all(isinstance(v["created_at"], datetime) for v in values)


def test_a_workbook_sheet_is_chosen_by_name_or_number_and_typed_cells_read_as_typed():
    content = workbook_of(
        ("Notes", [["nothing here"]]),
        (
            "Data",
            [
                ["code", "due_on", "score", "count", "done"],
                ["A-1", date(2026, 3, 31), 66.5, 3, True],
                [None, None, None, None, None],
                ["A-2", datetime(2026, 4, 1, 9, 15), 60.0, -4, False],
            ],
        ),
    )
    first = read_table(content)
    assert (first.header, first.rows, first.sheet) == (["nothing here"], [], "Notes")
    for asked in ("Data", "data", "2", 2 - 1):
        table = read_table(content, sheet=asked)
        assert table.sheet == "Data" and table.encoding == "xlsx:1"
        assert table.rows == [
            (2, ("A-1", "2026-03-31", "66.5", "3", "true")),
            (4, ("A-2", "2026-04-01T09:15:00.000000Z", "60", "-4", "false")),
        ]
    assert read_table(content, encoding="xlsx:1").rows == table.rows  # as a stored job reads it again
    with pytest.raises(CsvFileError) as missing:
        read_table(content, sheet="Summary")
    assert "no sheet “Summary”; its sheets are “Notes”, “Data”" in missing.value.problems[0].message


def test_a_workbook_with_a_broken_header_is_refused_by_column():
    content = workbook_of(("Sheet1", [["code", "code", None], ["A-1", "x", "stray"]]))
    with pytest.raises(CsvFileError) as refused:
        read_table(content)
    assert [(p.row, p.column) for p in refused.value.problems] == [(1, "B")]

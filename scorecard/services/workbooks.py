"""Excel workbooks (.xlsx): one sheet read as rows of values, and rows streamed out as a typed sheet."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The finished file is sent in pieces of this size.
CHUNK = 1 << 16


class WorkbookError(Exception):
    """The workbook cannot be read: a message a person can act on."""


def is_workbook(raw: bytes) -> bool:
    """Whether the bytes are an .xlsx workbook (a zip with a workbook part), not .ods or another zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def sheet_names(raw: bytes) -> list[str]:
    """The workbook's sheet names, in order."""
    workbook = _open(raw)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def find_sheet(names: Sequence[str], asked: str | int | None) -> int:
    """The 0-based index of the sheet asked for by name or 1-based number (None: the first)."""
    if asked is None or asked == "":
        return 0
    if isinstance(asked, int):
        index = asked
    else:
        folded = {name.casefold(): i for i, name in enumerate(names)}
        if asked.strip().casefold() in folded:
            return folded[asked.strip().casefold()]
        index = int(asked) - 1 if asked.strip().isdigit() else -1
    if 0 <= index < len(names):
        return index
    listed = ", ".join(f"“{name}”" for name in names)
    raise WorkbookError(f"The workbook has no sheet “{asked}”; its sheets are {listed}.")


def _open(raw: bytes) -> Any:
    """The workbook opened read-only, values not formulas (a formula reads as its last computed value)."""
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise WorkbookError(f"The workbook cannot be opened ({error}). Save it again as .xlsx.") from None


def read_rows(raw: bytes, *, sheet: int) -> tuple[str, Iterator[tuple[str, ...]]]:
    """One sheet's name and its rows as text cells, as typed: dates ISO, numbers as written, empty as "".

    The rows are read lazily; the workbook stays open until they are exhausted.
    """
    workbook = _open(raw)
    name = workbook.sheetnames[sheet]

    def rows() -> Iterator[tuple[str, ...]]:
        """The sheet's rows, then the workbook closed."""
        try:
            for values in workbook[name].iter_rows(values_only=True):
                yield tuple(cell_text(value) for value in values)
        finally:
            workbook.close()

    return name, rows()


def cell_text(value: object) -> str:
    """A typed cell as the importer reads text: 2026-03-31, 2026-03-31T09:15:00.000000Z, 60, 66.5, true.

    Numbers read as Python writes them, as the CSV export does (a float 60.0 stays "60.0").
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(timespec="microseconds").replace("+00:00", "") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def encode_workbook(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """A one-sheet workbook of these rows, in chunks: typed values, strings always strings (never formulas).

    Write-only mode spools the rows to a temporary file and the finished zip
    goes to another, so memory stays flat however many rows there are.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Export")
    sheet.append(list(header))
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk


def _cell(sheet: Any, value: object) -> object:
    """A value for the write-only sheet: text that looks like a formula is forced to stay text."""
    if isinstance(value, str):
        if value[:1] == "=":
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value

"""CSV as spreadsheets write it: encodings, line ends, limits, errors by row and column, formulas."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from scorecard.errors import ScorecardError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_FIELD = 10_000
# Past this many problems a file is clearly not what was meant; listing more helps nobody.
MAX_PROBLEMS = 1000
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ZIP_MAGIC = b"PK\x03\x04"
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")


# -- neutralising formulas ---------------------------------------------------------------


def neutralise(text: str) -> str:
    """Text a spreadsheet will show and never run: a leading quote before a formula trigger.

    Text that already starts with quotes followed by a trigger gets one more, so
    that `restore` can tell ours from the user's and the round trip is exact.
    """
    if not text:
        return text
    first = text[0]
    if first in FORMULA_TRIGGERS:
        return "'" + text
    if first == "'":
        rest = text.lstrip("'")
        if rest and rest[0] in FORMULA_TRIGGERS:
            return "'" + text
    return text


def restore(text: str) -> str:
    """Undo `neutralise`: drop one leading quote when quotes are followed by a formula trigger."""
    if text[:1] == "'":
        rest = text.lstrip("'")
        if rest and rest[0] in FORMULA_TRIGGERS:
            return text[1:]
    return text


# -- writing -----------------------------------------------------------------------------

# First characters after which a text cell needs a look from `neutralise`.
NEEDS_NEUTRALISING = FORMULA_TRIGGERS | {"'"}


def text_cell(value: str | None) -> str | None:
    """A text column's cell, neutralised (None stays None: the writer leaves the cell empty)."""
    if value and value[0] in NEEDS_NEUTRALISING:
        return neutralise(value)
    return value


def day_cell(value: date | str | None) -> str | None:
    """An ISO date (2026-03-31). Accepts the driver's date or the text SQLite stores."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def moment_cell(value: datetime | str | None) -> str | None:
    """An ISO timestamp in UTC, to the microsecond, with a Z (2026-03-31T09:15:00.123456Z).

    Accepts an aware datetime (PostgreSQL) or the naive UTC text SQLite stores.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":
            return value[:10] + "T" + value[11:] + "Z"
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"


def bool_cell(value: bool | int | None) -> str | None:
    """true / false, which spreadsheets read as booleans; None stays empty."""
    if value is None:
        return None
    return "true" if value else "false"


# Numbers are written as Python writes floats (the shortest text that reads back
# exactly: 60.0, 66.66666666666667); ids and counts as integers.


def encode_rows(
    header: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], *, bom: bool = False
) -> Iterator[bytes]:
    """The CSV file as UTF-8 chunks (RFC 4180, CRLF line ends), one per batch of rows; memory stays flat.

    Rows come formatted by the *_cell functions; None is an empty cell.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(header)
    for batch in batches:
        writer.writerows(batch)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


# -- reading -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvProblem:
    """Something wrong with the file, where a spreadsheet user will find it.

    `row` counts as a spreadsheet does: the header is row 1, the first data row
    row 2 (None: the file as a whole). `column` is the header's name for it, or
    the spreadsheet's letter when the header has none there.
    """

    row: int | None
    column: str | None
    message: str

    def describe(self) -> str:
        """ "Row 5, column due_on: …" as a person reads it."""
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class CsvFileError(ScorecardError):
    """The file cannot be read as a table: nothing in it is used."""

    def __init__(self, problems: Sequence[CsvProblem]) -> None:
        """Keep every problem found."""
        self.problems = list(problems)
        super().__init__("; ".join(p.describe() for p in self.problems[:5]))


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A file read as a table: its header and its data rows with their spreadsheet row numbers."""

    encoding: str
    delimiter: str
    header: list[str]
    rows: list[tuple[int, tuple[str, ...]]]


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _column_name(header: Sequence[str], index: int) -> str:
    """The header's name for a column, or its letter beyond the header."""
    if index < len(header) and header[index]:
        return header[index]
    return column_letter(index)


# Letters and punctuation that Western European text uses all the time; a decoding
# that produces them inside words is the plausible one.
_IN_WORD_PUNCTUATION = frozenset("’‘‚·-")


def _mess(text: str) -> int:
    """How implausible a decoding looks: control characters, and case or symbols out of place in words."""
    score = 0
    previous = " "
    length = len(text)
    for index, char in enumerate(text):
        if ord(char) < 128:
            previous = char
            continue
        category = unicodedata.category(char)
        following = text[index + 1] if index + 1 < length else " "
        if category in ("Cc", "Co", "Cn", "Cs"):
            score += 10
        elif category == "Lu" and previous.isalpha() and previous.islower():
            # "cafŽ": a capital straight after a small letter is what a wrong code page makes.
            score += 3
        elif (
            not category.startswith("L")
            and char not in _IN_WORD_PUNCTUATION
            and previous.isalpha()
            and following.isalpha()
        ):
            # "M¸ller": a symbol in the middle of a word.
            score += 3
        elif category == "Lu" and not previous.isalpha() and not following.isalpha():
            # " Ð ": a lone capital letter where a dash belonged.
            score += 1
        previous = char
    return score


def decode(raw: bytes) -> tuple[str, str]:
    """The file's text and the name of its encoding.

    UTF-8 (with or without a byte-order mark) is tried first and strictly; a
    UTF-16 file with its byte-order mark is read as such; anything else is
    Windows-1252 or Mac Roman, whichever reads as more plausible text (a
    Windows-1252 tie wins: it is by far the more common).
    """
    if raw.startswith(UTF8_BOM):
        try:
            return raw[len(UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise CsvFileError(
                [
                    CsvProblem(
                        _row_of_offset(raw, error.start),
                        None,
                        "The file starts with a UTF-8 byte-order mark but is not valid UTF-8 "
                        f"(byte {error.start + 1}). Save it again as “CSV UTF-8”.",
                    )
                ]
            ) from None
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise CsvFileError(
                [CsvProblem(None, None, "The file looks like UTF-16 but cannot be read as such.")]
            ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[int, int, str, str]] = []
    for order, encoding in enumerate(("cp1252", "mac_roman")):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_mess(text), order, text, encoding))
    if not candidates:  # unreachable: every byte has a Mac Roman meaning
        raise CsvFileError([CsvProblem(None, None, "The file's text encoding could not be recognised.")])
    _, _, text, encoding = min(candidates)
    return text, encoding


def _row_of_offset(raw: bytes, offset: int) -> int:
    """The 1-based physical line of a byte offset (close to the spreadsheet row for messages)."""
    prefix = raw[:offset]
    return prefix.count(b"\n") + prefix.count(b"\r") - prefix.count(b"\r\n") + 1


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: whichever the header line uses most, outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in text[:65536]:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _locate_quote_problem(record: str, delimiter: str) -> tuple[int, str]:
    """The 0-based field where quoting goes wrong in one raw record, and how."""
    field = 0
    index = 0
    length = len(record)
    at_field_start = True
    while index < length:
        char = record[index]
        if at_field_start and char == '"':
            index += 1
            while True:
                if index >= length:
                    return field, "unterminated"
                if record[index] == '"':
                    if index + 1 < length and record[index + 1] == '"':
                        index += 2
                        continue
                    index += 1
                    break
                index += 1
            if index < length and record[index] not in (delimiter, "\r", "\n"):
                return field, "text after quote"
            at_field_start = False
            continue
        if char == delimiter:
            field += 1
            at_field_start = True
        elif char in "\r\n":
            break
        else:
            at_field_start = False
        index += 1
    return field, "unknown"


def _quote_problem(text: str, start_line: int, delimiter: str, row: int, header: Sequence[str]) -> CsvProblem:
    """Where the quoting of the record starting after `start_line` lines goes wrong."""
    lines = io.StringIO(text, newline="")
    for _ in range(start_line):
        next(lines, None)
    record = "".join(lines)
    field, kind = _locate_quote_problem(record, delimiter)
    column = _column_name(header, field)
    if kind == "unterminated":
        message = (
            "A quoted cell starts here and is never closed, so the rest of the file would run into it. "
            'Look for a missing closing quote mark (").'
        )
    elif kind == "text after quote":
        message = (
            "A quote mark closes this cell but more text follows it. Inside a quoted cell, "
            'write a quote mark as two ("").'
        )
    else:
        message = "This cell's quote marks are not where CSV expects them."
    return CsvProblem(row, column, message)


def read_table(
    raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_field: int = DEFAULT_MAX_FIELD
) -> CsvTable:
    """Read an uploaded file as a table with a header, or say exactly what is wrong with it.

    Accepts UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 and Mac
    Roman; CRLF, LF and lone CR line ends; comma, semicolon or tab separators.
    Refuses NUL bytes, rows with more or fewer cells than the header (extra empty
    cells at the end of a row are tolerated: spreadsheets write them), quotes
    left open, cells over `max_field` characters and files over `max_bytes`.
    Rows that are entirely empty are skipped. Formula neutralisation is undone.
    """
    _refuse_unreadable(raw, max_bytes=max_bytes)
    text, encoding = decode(raw)
    if not text.strip("\ufeff \t\r\n"):
        raise CsvFileError([CsvProblem(1, None, "The file is empty: the first row must name the columns.")])
    delimiter = sniff_delimiter(text)
    header, rows, problems = _read_rows(text, delimiter, max_field=max_field)
    if not header and not problems:
        problems.append(CsvProblem(1, None, "The first row must name the columns."))
    if problems:
        raise CsvFileError(problems)
    return CsvTable(encoding=encoding, delimiter=delimiter, header=header, rows=rows)


def _refuse_unreadable(raw: bytes, *, max_bytes: int) -> None:
    """Refuse a file over the size limit, or a workbook uploaded instead of its CSV."""
    if len(raw) > max_bytes:
        raise CsvFileError(
            [
                CsvProblem(
                    None,
                    None,
                    f"The file is {len(raw) / 1_048_576:.1f} MB; the limit is "
                    f"{max_bytes / 1_048_576:.0f} MB. Split it into smaller files.",
                )
            ]
        )
    if raw.startswith(ZIP_MAGIC):
        raise CsvFileError(
            [
                CsvProblem(
                    None,
                    None,
                    "This is a spreadsheet workbook (.xlsx or .ods), not a CSV file. "
                    "Save it as “CSV UTF-8 (comma delimited)” and upload that.",
                )
            ]
        )


def _read_rows(
    text: str, delimiter: str, *, max_field: int
) -> tuple[list[str], list[tuple[int, tuple[str, ...]]], list[CsvProblem]]:
    """The header, the rows that are not blank (by spreadsheet row) and the problems, up to MAX_PROBLEMS."""
    has_nul = "\x00" in text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[CsvProblem] = []
    header: list[str] = []
    rows: list[tuple[int, tuple[str, ...]]] = []
    row_number = lines_read = width = 0
    while len(problems) < MAX_PROBLEMS:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(
                _reader_problem(error, text, lines_read, delimiter, row_number + 1, header, max_field)
            )
            break
        lines_read = reader.line_num
        row_number += 1
        if row_number == 1:
            header = [cell.strip().lstrip("\ufeff") for cell in cells]
            problems += _header_problems(header)
            if problems:
                break
            width = len(header)
            continue
        if not (cells and (cells[0].strip() or any(cell.strip() for cell in cells))):
            continue
        if len(cells) != width:
            if len(cells) < width or any(cell.strip() for cell in cells[width:]):
                problems.append(_ragged(row_number, len(cells), width, header, cells))
                continue
            cells = cells[:width]  # spreadsheets write empty cells past the last column
        # The common case is checked in C (max, in); only a bad row is examined cell by cell.
        if (has_nul and "\x00" in "".join(cells)) or max(map(len, cells), default=0) > max_field:
            problems.append(_cell_problem(row_number, header, cells, max_field))
        else:
            rows.append((row_number, tuple([restore(cell) if cell[:1] == "'" else cell for cell in cells])))
    return header, rows, problems


def _reader_problem(
    error: csv.Error,
    text: str,
    lines_read: int,
    delimiter: str,
    row: int,
    header: Sequence[str],
    max_field: int,
) -> CsvProblem:
    """What the reader stopped at: a cell past the field limit, or a quote left open."""
    if "field larger than field limit" in str(error):
        return CsvProblem(row, None, f"A cell is far longer than the limit of {max_field:,} characters.")
    return _quote_problem(text, lines_read, delimiter, row, header)


def _cell_problem(row: int, header: Sequence[str], cells: Sequence[str], max_field: int) -> CsvProblem:
    """The first cell of a row with a NUL byte or too many characters."""
    for index, cell in enumerate(cells):
        if "\x00" in cell:
            return CsvProblem(
                row,
                _column_name(header, index),
                "The cell contains a NUL byte. The file may be UTF-16 without a byte-order mark or "
                "not text at all; save it as “CSV UTF-8”.",
            )
        if len(cell) > max_field:
            return CsvProblem(
                row,
                _column_name(header, index),
                f"The cell has {len(cell):,} characters; the limit is {max_field:,}.",
            )
    raise AssertionError("no problem in this row")


def _header_problems(header: list[str]) -> list[CsvProblem]:
    """Blank, duplicate or binary names in the header row."""
    problems: list[CsvProblem] = []
    if not any(header):
        return [CsvProblem(1, None, "The first row is empty; it must name the columns.")]
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if "\x00" in name:
            problems.append(
                CsvProblem(
                    1,
                    column_letter(index),
                    "The header contains a NUL byte; the file may be UTF-16 or not text. "
                    "Save it as “CSV UTF-8”.",
                )
            )
            break
        if not name:
            problems.append(CsvProblem(1, column_letter(index), "This column has no name in the header row."))
            continue
        key = name.lower()
        if key in seen:
            problems.append(
                CsvProblem(
                    1,
                    column_letter(index),
                    f"The name “{name}” is already used by column {column_letter(seen[key])}; "
                    "each column needs its own name.",
                )
            )
        else:
            seen[key] = index
    return problems


def _ragged(row: int, count: int, width: int, header: Sequence[str], cells: Sequence[str]) -> CsvProblem:
    """The problem with a row that has more or fewer cells than the header."""
    if count < width:
        return CsvProblem(
            row,
            _column_name(header, count),
            f"The row has {count} cells but the header has {width}: this and later columns are missing. "
            "A quote mark left open in an earlier cell, or a line break, can cause this.",
        )
    first_extra = next(index for index in range(width, count) if cells[index].strip())
    return CsvProblem(
        row,
        column_letter(first_extra),
        f"The row has {count} cells but the header has {width}: this cell is beyond the last named column. "
        "An unquoted comma inside a cell can cause this.",
    )

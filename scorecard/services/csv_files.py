"""CSV as spreadsheets write it: encodings, line ends, limits, errors by row and column, formulas."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from scorecard.errors import N_, Message, ScorecardError

from . import workbooks
from .bulk import paused_gc

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_FIELD = 10_000
# Past this many problems a file is clearly not what was meant; listing more helps nobody.
MAX_PROBLEMS = 1000
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_PREFIX = "xlsx:"
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


def _typed_cell(value: Any, *, kind: str) -> Any:
    """An export cell as a workbook types it: dates and timestamps as such, text as the user wrote it.

    `kind` is "day" for *_on columns, "moment" for *_at ones, "" for others.
    Text comes neutralised for CSV; a workbook stores it as a string, never a
    formula, so the quote is taken off again.
    """
    if not isinstance(value, str) or not value:
        return value
    if kind == "day" and len(value) == 10:
        return date.fromisoformat(value)
    if kind == "moment" and value.endswith("Z"):
        return datetime.fromisoformat(value[:-1])
    return restore(value) if value[0] == "'" else value


def encode_workbook(header: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]]) -> Iterator[bytes]:
    """The same rows as `encode_rows`, as an .xlsx workbook in chunks: typed cells, no formulas."""
    kinds = ["day" if name.endswith("_on") else "moment" if name.endswith("_at") else "" for name in header]

    def rows() -> Iterator[list[Any]]:
        """Every row with its cells typed."""
        for batch in batches:
            for row in batch:
                yield [_typed_cell(value, kind=kind) for value, kind in zip(row, kinds, strict=False)]

    return workbooks.encode_workbook(header, rows())


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

    encoding: str  # a Python codec name, or "xlsx:N" for a workbook's N-th sheet (0-based)
    delimiter: str  # "" for a workbook
    header: list[str]
    rows: list[tuple[int, tuple[str, ...]]]
    sheet: str | None = None  # the sheet's name, for a workbook
    # Cells over the length limit, as (row, column index, length): the import refuses a row for one
    # only in a column it reads (a mapped column, or one of ours), so a long note nobody maps is no bar.
    long_cells: tuple[tuple[int, int, int], ...] = ()
    max_field: int = DEFAULT_MAX_FIELD

    def long_cell_problems(self, columns: Iterable[str]) -> list[CsvProblem]:
        """The over-long cells in these columns (by header name), one problem each."""
        wanted = set(columns)
        return [
            CsvProblem(
                row,
                self.header[index],
                N_(
                    "The cell has %(length)s characters; the limit is %(limit)s.",
                    length=f"{length:,}",
                    limit=f"{self.max_field:,}",
                ),
            )
            for row, index, length in self.long_cells
            if self.header[index] in wanted
        ]

    @property
    def encoding_label(self) -> str:
        """How the page names the file's encoding: "Windows-1252", "Excel workbook, sheet “Data”"."""
        if self.sheet is not None:
            return N_("Excel workbook, sheet “%(sheet)s”", sheet=self.sheet)
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    def lost_characters(self, limit: int = 5) -> tuple[int, list[str]]:
        """In an 8-bit file, the cells with a “?” between letters, and a few such words.

        Excel's plain “CSV” writes “?” for every character its Windows code page cannot hold
        (“Pri?tina”, “?or?evi?”): the letters are gone from the file, and no encoding brings
        them back. (0, []) for UTF-8, UTF-16 and workbooks, which hold every character.
        """
        if self.encoding not in EIGHT_BIT_ENCODINGS:
            return 0, []
        count = 0
        found: dict[str, None] = {}
        for _, cells in self.rows:
            for cell in cells:
                if "?" not in cell or not LOST_LETTER.search(cell):
                    continue
                count += 1
                for word in cell.split():
                    if len(found) < limit and LOST_LETTER.search(word):
                        found.setdefault(word.strip(".,;:()[]\"'"), None)
        return count, list(found)

    def non_ascii_samples(self, limit: int = 5) -> list[str]:
        """A few distinct words with non-ASCII letters as decoded, to check the encoding by eye."""
        found: dict[str, None] = {}
        for _, cells in self.rows:
            for cell in cells:
                if cell.isascii():
                    continue
                for word in cell.split():
                    if not word.isascii() and len(found) < limit:
                        found.setdefault(word.strip(".,;:()[]\"'"), None)
                if len(found) >= limit:
                    return list(found)
        return list(found)


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


# What the encodings are called on the page and on the command line; the keys are Python's names.
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with byte-order mark",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "mac_roman": "Mac Roman",
}
# Encodings of one byte a character, which cannot hold every letter: a “?” between letters in such
# a file is a character lost when it was saved.
EIGHT_BIT_ENCODINGS = frozenset({"cp1252", "mac_roman"})
LOST_LETTER = re.compile(r"[^\W\d_]\?+[^\W\d_]|(?:^|(?<=\s))\?+[^\W\d_]{2}")
# What a person may choose instead of detection (utf-8 accepts a byte-order mark too).
CHOOSABLE_ENCODINGS = ("utf-8", "utf-16", "cp1252", "mac_roman")
ENCODING_ALIASES = {
    "utf8": "utf-8",
    "utf-8-sig": "utf-8",
    "utf16": "utf-16",
    "windows-1252": "cp1252",
    "win1252": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "macroman": "mac_roman",
    "mac-roman": "mac_roman",
    "macintosh": "mac_roman",
}

# Punctuation that real text puts between two letters with no space: apostrophes, dashes
# in "Kosovo–Serbia" or "2019–2020", the Catalan middle dot.
_IN_WORD_PUNCTUATION = frozenset("’‘‚·-–—")
# Characters so common in Western European text that seeing them well placed is evidence
# for a decoding: the typographic apostrophe and quotes Windows writes, and the dashes.
_TELLING = frozenset("’“”–—…")


def _char_score(char: str, previous: str, following: str) -> int:
    """How implausible one non-ASCII character is between its neighbours (negative: plausible)."""
    category = unicodedata.category(char)
    if category in ("Cc", "Co", "Cn", "Cs"):
        return 10
    if category.startswith("L"):
        if category == "Lu" and previous.isalpha() and previous.islower():
            return 3  # "protÈgÈ": a capital straight after a small letter is a wrong code page
        if category == "Ll" and following.isupper() and previous.isalpha():
            return 3  # "KosovoñSerbia": a small letter glued to the next word's capital
        if category == "Lu" and previous.isalpha() and following.islower():
            return 2  # "ZŸrich": a capital inside a word that goes on in small letters
        if category == "Lu" and not previous.isalpha() and not following.isalpha():
            return 1  # " Ð ": a lone capital letter where a dash belonged
        return 0
    if previous.isalpha() and following.isalpha():
        # "M¸ller" is a symbol in a word; "don’t" and "Kosovo–Serbia" are text.
        return -2 if char in _TELLING else 0 if char in _IN_WORD_PUNCTUATION else 3
    if char in _TELLING and (previous.isalnum() or following.isalnum() or previous == following == " "):
        return -1  # “quoted”, a dash between words, a trailing …
    if category.startswith("S") and not previous.isalnum() and not following.isalnum():
        return 1  # " ‡ la": a lone symbol where an accented letter belonged
    return 0


def _mess(text: str) -> int:
    """How implausible a decoding looks, summed over its non-ASCII characters (lower is likelier)."""
    score = 0
    previous = " "
    length = len(text)
    for index, char in enumerate(text):
        if ord(char) >= 128:
            following = text[index + 1] if index + 1 < length else " "
            score += _char_score(char, previous, following)
        previous = char
    return score


def encoding_name(asked: str) -> str:
    """The Python name of an encoding as a person writes it ("Windows-1252", "macroman"), else ValueError."""
    key = asked.strip().lower()
    name = ENCODING_ALIASES.get(key.replace("_", "-"), key)
    if name not in CHOOSABLE_ENCODINGS:
        choices = ", ".join(CHOOSABLE_ENCODINGS)
        raise ValueError(f"Unknown encoding “{asked}”; choose one of {choices}.")
    return name


def _undecodable(raw: bytes, error: UnicodeDecodeError, said: Message) -> CsvFileError:
    """The error for a byte that does not fit, on the row it stands in."""
    return CsvFileError([CsvProblem(_row_of_offset(raw, error.start), None, said)])


def _decode_as(raw: bytes, encoding: str) -> tuple[str, str]:
    """The file read in the encoding a person chose; a byte that does not fit is named."""
    if encoding == "utf-8" and raw.startswith(UTF8_BOM):
        raw, encoding = raw[len(UTF8_BOM) :], "utf-8-sig"
    try:
        text = raw.decode("utf-8" if encoding == "utf-8-sig" else encoding)
    except UnicodeDecodeError as error:
        said = N_(
            "The file is not %(encoding)s (byte %(byte)s does not fit). "
            "Choose another encoding, or let it be detected.",
            encoding=ENCODING_LABELS[encoding],
            byte=error.start + 1,
        )
        raise _undecodable(raw, error, said) from None
    return text.lstrip("\ufeff"), encoding


def decode(raw: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the name of its encoding (`encoding`, when given, is used as is).

    UTF-8 (with or without a byte-order mark) is tried first and strictly; a
    UTF-16 file with its byte-order mark is read as such; anything else is
    Windows-1252 or Mac Roman, whichever reads as more plausible text (a
    Windows-1252 tie wins: it is by far the more common).
    """
    if encoding is not None:
        return _decode_as(raw, encoding)
    if raw.startswith(UTF8_BOM):
        try:
            return raw[len(UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            said = N_(
                "The file starts with a UTF-8 byte-order mark but is not valid UTF-8 "
                "(byte %(byte)s). Save it again as “CSV UTF-8”.",
                byte=error.start + 1,
            )
            raise _undecodable(raw, error, said) from None
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise CsvFileError(
                [CsvProblem(None, None, N_("The file looks like UTF-16 but cannot be read as such."))]
            ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[int, int, str, str]] = []
    for order, name in enumerate(("cp1252", "mac_roman")):
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        candidates.append((_mess(text), order, text, name))
    if not candidates:  # unreachable: every byte has a Mac Roman meaning
        raise CsvFileError([CsvProblem(None, None, N_("The file's text encoding could not be recognised."))])
    _, _, text, name = min(candidates)
    return text, name


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
        message = N_(
            "A quoted cell starts here and is never closed, so the rest of the file would run into it. "
            'Look for a missing closing quote mark (").'
        )
    elif kind == "text after quote":
        message = N_(
            "A quote mark closes this cell but more text follows it. Inside a quoted cell, "
            'write a quote mark as two ("").'
        )
    else:
        message = N_("This cell's quote marks are not where CSV expects them.")
    return CsvProblem(row, column, message)


@paused_gc()  # a file's rows are hundreds of thousands of long-lived tuples (see paused_gc)
def read_table(
    raw: bytes,
    *,
    encoding: str | None = None,
    sheet: str | int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_field: int = DEFAULT_MAX_FIELD,
) -> CsvTable:
    """Read an uploaded file as a table with a header, or say exactly what is wrong with it.

    Accepts UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 and Mac
    Roman (detected, or the `encoding` a person chose); CRLF, LF and lone CR
    line ends; comma, semicolon or tab separators; and .xlsx workbooks, one
    `sheet` by name or number (the first by default; an encoding "xlsx:N" is
    the N-th sheet, 0-based, as a table read before records it).
    Refuses NUL bytes, rows with more or fewer cells than the header (extra empty
    cells at the end of a row are tolerated: spreadsheets write them), quotes
    left open and files over `max_bytes`. Cells over `max_field` characters are
    noted in `long_cells` (the import refuses them in the columns it reads).
    Rows that are entirely empty are skipped. Formula neutralisation is undone.
    """
    _refuse_unreadable(raw, max_bytes=max_bytes)
    if encoding is not None and encoding.startswith(WORKBOOK_PREFIX):
        return _read_workbook(raw, sheet=int(encoding[len(WORKBOOK_PREFIX) :]), max_field=max_field)
    if raw.startswith(ZIP_MAGIC) and workbooks.is_workbook(raw):
        return _read_workbook(raw, sheet=sheet, max_field=max_field)
    if raw.startswith(ZIP_MAGIC):
        raise CsvFileError(
            [
                CsvProblem(
                    None,
                    None,
                    N_(
                        "This is a zip file but not an Excel workbook (.xlsx): "
                        "an OpenDocument .ods, perhaps. "
                        "Save it as .xlsx or as “CSV UTF-8 (comma delimited)” and upload that."
                    ),
                )
            ]
        )
    text, encoding = decode(raw, encoding=encoding)
    if not text.strip("\ufeff \t\r\n"):
        raise CsvFileError(
            [CsvProblem(1, None, N_("The file is empty: the first row must name the columns."))]
        )
    delimiter = sniff_delimiter(text)
    header, rows, long_cells, problems = _read_rows(text, delimiter, max_field=max_field)
    if not header and not problems:
        problems.append(CsvProblem(1, None, N_("The first row must name the columns.")))
    if problems:
        raise CsvFileError(problems)
    return CsvTable(encoding, delimiter, header, rows, long_cells=tuple(long_cells), max_field=max_field)


def _read_workbook(raw: bytes, *, sheet: str | int | None, max_field: int) -> CsvTable:
    """One sheet of a workbook as a table: header row first, typed cells as the importer reads text."""
    try:
        index = workbooks.find_sheet(workbooks.sheet_names(raw), sheet)
        name, cells = workbooks.read_rows(raw, sheet=index)
        header, rows, long_cells, problems = _table_rows(cells, max_field=max_field)
    except workbooks.WorkbookError as error:
        raise CsvFileError([CsvProblem(None, None, str(error))]) from None
    if not header and not problems:
        problems.append(
            CsvProblem(
                1, None, N_("The sheet “%(name)s” is empty: its first row must name the columns.", name=name)
            )
        )
    if problems:
        raise CsvFileError(problems)
    workbook = f"{WORKBOOK_PREFIX}{index}"
    return CsvTable(workbook, "", header, rows, sheet=name, long_cells=tuple(long_cells), max_field=max_field)


def _table_rows(
    cells: Iterable[tuple[str, ...]], *, max_field: int
) -> tuple[list[str], list[tuple[int, tuple[str, ...]]], list[tuple[int, int, int]], list[CsvProblem]]:
    """A sheet's header, non-blank rows (by spreadsheet row, trimmed to the header's width),
    over-long cells and problems."""
    header: list[str] = []
    rows: list[tuple[int, tuple[str, ...]]] = []
    long_cells: list[tuple[int, int, int]] = []
    problems: list[CsvProblem] = []
    for row_number, row in enumerate(cells, start=1):
        if row_number == 1:
            header = [cell.strip() for cell in row]
            while header and not header[-1]:
                header.pop()  # a sheet's used range can run past its last named column
            problems += _header_problems(header)
            if problems:
                break
            continue
        if not any(cell.strip() for cell in row):
            continue
        width = len(header)
        if any(cell.strip() for cell in row[width:]):
            problems.append(_ragged(row_number, len(row), width, header, row))
            continue
        padded = tuple(row[:width]) + ("",) * (width - len(row))
        if max(map(len, padded), default=0) > max_field:
            long_cells += _long_cells(row_number, padded, max_field)
        rows.append((row_number, padded))
        if len(problems) >= MAX_PROBLEMS:
            break
    return header, rows, long_cells, problems


def _long_cells(row: int, cells: Sequence[str], max_field: int) -> list[tuple[int, int, int]]:
    """A row's cells over the limit, as (row, column index, length)."""
    return [(row, index, len(cell)) for index, cell in enumerate(cells) if len(cell) > max_field]


def _refuse_unreadable(raw: bytes, *, max_bytes: int) -> None:
    """Refuse a file over the size limit."""
    if len(raw) > max_bytes:
        raise CsvFileError(
            [
                CsvProblem(
                    None,
                    None,
                    N_(
                        "The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.",
                        size=f"{len(raw) / 1_048_576:.1f}",
                        limit=f"{max_bytes / 1_048_576:.0f}",
                    ),
                )
            ]
        )


def _read_rows(
    text: str, delimiter: str, *, max_field: int
) -> tuple[list[str], list[tuple[int, tuple[str, ...]]], list[tuple[int, int, int]], list[CsvProblem]]:
    """The header, the rows that are not blank (by spreadsheet row), the over-long cells and the
    problems, up to MAX_PROBLEMS."""
    has_nul = "\x00" in text
    # The reader's own limit (a process-wide setting, only ever raised) must not stop a long cell
    # in a column nobody maps: the file's size is the bound.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[CsvProblem] = []
    header: list[str] = []
    rows: list[tuple[int, tuple[str, ...]]] = []
    long_cells: list[tuple[int, int, int]] = []
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
        # The common case is checked in C on the joined row (a cell starts with a quote only at the
        # start or after a separator; none is longer than the whole row); only a row that may need
        # it is examined cell by cell.
        if has_nul and "\x00" in "".join(cells):
            problems.append(_cell_problem(row_number, header, cells))
            continue
        joined = "\n".join(cells)
        if len(joined) > max_field and max(map(len, cells), default=0) > max_field:
            long_cells += _long_cells(row_number, cells, max_field)
        if joined[:1] == "'" or "\n'" in joined:
            rows.append((row_number, tuple([restore(cell) if cell[:1] == "'" else cell for cell in cells])))
        else:
            rows.append((row_number, tuple(cells)))
    return header, rows, long_cells, problems


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
        return CsvProblem(
            row,
            None,
            N_("A cell is far longer than the limit of %(limit)s characters.", limit=f"{max_field:,}"),
        )
    return _quote_problem(text, lines_read, delimiter, row, header)


def _cell_problem(row: int, header: Sequence[str], cells: Sequence[str]) -> CsvProblem:
    """The first cell of a row with a NUL byte."""
    for index, cell in enumerate(cells):
        if "\x00" in cell:
            return CsvProblem(
                row,
                _column_name(header, index),
                N_(
                    "The cell contains a NUL byte. The file may be UTF-16 without a byte-order mark or "
                    "not text at all; save it as “CSV UTF-8”."
                ),
            )
    raise AssertionError("no NUL byte in this row")


def _header_problems(header: list[str]) -> list[CsvProblem]:
    """Blank, duplicate or binary names in the header row."""
    problems: list[CsvProblem] = []
    if not any(header):
        return [CsvProblem(1, None, N_("The first row is empty; it must name the columns."))]
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if "\x00" in name:
            problems.append(
                CsvProblem(
                    1,
                    column_letter(index),
                    N_(
                        "The header contains a NUL byte; the file may be UTF-16 or not text. "
                        "Save it as “CSV UTF-8”."
                    ),
                )
            )
            break
        if not name:
            problems.append(
                CsvProblem(1, column_letter(index), N_("This column has no name in the header row."))
            )
            continue
        key = name.lower()
        if key in seen:
            problems.append(
                CsvProblem(
                    1,
                    column_letter(index),
                    N_(
                        "The name “%(name)s” is already used by column %(column)s; "
                        "each column needs its own name.",
                        name=name,
                        column=column_letter(seen[key]),
                    ),
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
            N_(
                "The row has %(count)s cells but the header has %(width)s: "
                "this and later columns are missing. "
                "A quote mark left open in an earlier cell, or a line break, can cause this.",
                count=count,
                width=width,
            ),
        )
    first_extra = next(index for index in range(width, count) if cells[index].strip())
    return CsvProblem(
        row,
        column_letter(first_extra),
        N_(
            "The row has %(count)s cells but the header has %(width)s: "
            "this cell is beyond the last named column. "
            "An unquoted comma inside a cell can cause this.",
            count=count,
            width=width,
        ),
    )

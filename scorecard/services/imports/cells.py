"""One row's cells read into typed values, each problem kept against its column."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime

from scorecard.errors import N_
from scorecard.rules.characters import control_character, control_message
from scorecard.rules.characters import without_control_characters as strip_controls
from scorecard.rules.progress import CALENDAR_MESSAGE
from scorecard.scoring import within_calendar

from ..reference import clean
from .plans import PROGRESS_EVERY, Progress, RowError, RowResult

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "achieved", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "not achieved"})
# The largest id an id column holds: INTEGER on PostgreSQL (SQLite's would take 2**63 - 1,
# but a file must mean the same on both engines).
ID_MAX = 2_147_483_647


def choice_word(text: str) -> str:
    """A cell naming a choice as the rules spell it ("In progress" is in_progress); blank stays blank."""
    return text.strip().lower().replace(" ", "_")


class Cells:
    """One row's cells, read into typed values; each problem is kept against its column."""

    __slots__ = ("errors", "row", "values")

    def __init__(self, row: int, values: Mapping[str, str]) -> None:
        """Read `values` (our column names) of spreadsheet row `row`."""
        self.row = row
        self.values = values
        self.errors: list[RowError] = []

    def error(self, column: str, message: str) -> None:
        """Note a problem with one column."""
        if not any(e.column == column for e in self.errors):
            self.errors.append(RowError(self.row, column, message))

    def has(self, column: str) -> bool:
        """Whether the file gives this column."""
        return column in self.values

    def raw(self, column: str) -> str:
        """The cell as given, trimmed."""
        return self.values.get(column, "").strip()

    def text(self, column: str, *, max_length: int | None = None) -> str | None:
        """Trimmed text, None for blank; too long is an error."""
        value = clean(self.values.get(column))
        if value is not None and max_length is not None and len(value) > max_length:
            self.error(
                column,
                N_(
                    "Keep it to %(most)s characters (this has %(length)s).",
                    most=max_length,
                    length=len(value),
                ),
            )
        return value

    def choice(self, column: str, choices: Iterable[str], default: str | None) -> str | None:
        """One of `choices` (any case); empty means `default`."""
        value = choice_word(self.raw(column))
        if not value:
            return default
        allowed = tuple(choices)
        if value not in allowed:
            self.error(
                column,
                N_(
                    "“%(value)s” is not one of: %(choices)s.",
                    value=self.raw(column),
                    choices=", ".join(allowed),
                ),
            )
            return None
        return value

    def number(self, column: str) -> float | None:
        """A finite number with a decimal point, or None for blank."""
        value = self.raw(column)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(
                column, N_("“%(value)s” is not a number (write decimals with a point: 12.5).", value=value)
            )
            return None
        if number != number or number in (float("inf"), float("-inf")):
            self.error(column, N_("Enter a finite number."))
            return None
        return number

    def integer(self, column: str, *, minimum: int = 0) -> int | None:
        """A whole number of at least `minimum`, or None for blank."""
        value = self.raw(column)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            try:
                as_float = float(value)
            except ValueError:
                as_float = float("nan")
            if not as_float.is_integer():
                self.error(column, N_("“%(value)s” is not a whole number.", value=value))
                return None
            number = int(as_float)
        if number < minimum or number > ID_MAX:
            self.error(
                column,
                N_(
                    "“%(value)s” is out of range (%(lowest)s to %(highest)s).",
                    value=value,
                    lowest=minimum,
                    highest=ID_MAX,
                ),
            )
            return None
        return number

    def day(self, column: str) -> date | None:
        """An ISO date (a spreadsheet's "2026-03-31 00:00:00" too), or None for blank."""
        value = self.raw(column)
        if not value:
            return None
        text = value[:10] if len(value) > 10 and value[10:].strip(" T") in ("00:00:00", "00:00") else value
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.error(
                column,
                N_(
                    "“%(value)s” is not a date as YYYY-MM-DD (e.g. 2026-03-31). A spreadsheet may have "
                    "reformatted the column: format it as text or yyyy-mm-dd before saving.",
                    value=value,
                ),
            )
            return None
        if not within_calendar(day):
            self.error(column, N_("“%(value)s”: %(problem)s", value=value, problem=CALENDAR_MESSAGE))
            return None
        return day

    def moment(self, column: str) -> datetime | None:
        """An ISO timestamp (UTC when it names no zone), or None for blank."""
        value = self.raw(column)
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.error(column, N_("“%(value)s” is not a date and time as YYYY-MM-DDTHH:MM:SSZ.", value=value))
            return None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    def flag(self, column: str) -> bool | None:
        """true/false (yes/no, 1/0 …), None for blank."""
        value = self.raw(column).lower()
        if not value:
            return None
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        self.error(column, N_("“%(value)s” is not true or false.", value=self.raw(column)))
        return None


def fast_int(cells: Cells, column: str, text: str) -> int | None:
    """A positive id: the common case inline, anything odd through Cells for its message."""
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) < 10:
        number = int(text)
        if number >= 1:
            return number
    return cells.integer(column, minimum=1) if text.strip() else None


def ids_given(texts: Iterable[str]) -> list[int]:
    """The ids among these cells that an id column can hold, sorted: what to look up at once
    (the rest become row errors, never a query with a number the column cannot take)."""
    found = set()
    for text in texts:
        value = text.strip()
        if value.isascii() and value.isdigit() and 1 <= (number := int(value)) <= ID_MAX:
            found.add(number)
    return sorted(found)


def fast_day(cells: Cells, column: str, text: str) -> date | None:
    """An ISO date: the common case inline, anything odd through Cells for its message."""
    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if within_calendar(day):
                return day
    return cells.day(column)


def fast_number(cells: Cells, column: str, text: str) -> float | None:
    """A finite number: the common case inline, anything odd through Cells for its message."""
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return cells.number(column)
    if number - number == 0.0:  # finite: inf - inf and nan - nan are nan
        return number
    return cells.number(column)


def fast_moment(cells: Cells, column: str, text: str) -> datetime | None:
    """An ISO timestamp in UTC: the common case inline, anything odd through Cells for its message."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return cells.moment(column)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def without_control_characters(
    rows: Iterable[tuple[int, dict[str, str]]], found: dict[int, list[RowError]]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows with every refused character (rules.characters) taken out, each such cell noted
    in `found` by row: the planner checks the rest of the row, `refuse_rows` then fails it."""
    for row_number, values in rows:
        # One search over the whole row first (a tab, which the rule allows, between cells): most
        # rows are clean, and a search per cell was a third of a large file's planning.
        if control_character("\t".join(values.values())) is not None:
            for column, value in values.items():
                message = control_message(value) if value else None
                if message is not None:
                    found.setdefault(row_number, []).append(RowError(row_number, column, message))
                    values[column] = strip_controls(value)
        yield row_number, values


def refuse_rows(results: list[RowResult], found: Mapping[int, list[RowError]]) -> list[RowResult]:
    """The results with each row in `found` turned into an error naming its cells."""
    if not found:
        return results
    refused = []
    for result in results:
        errors = found.get(result.row)
        if errors is not None:
            named = {e.column for e in errors}
            others = [e for e in result.errors if e.column not in named]
            result = RowResult(result.row, "error", result.key, errors=[*errors, *others])
        refused.append(result)
    return refused


def row_cells(
    rows: Sequence[tuple[int, Mapping[str, str]]], on_progress: Progress, total: int
) -> Iterator[Cells]:
    """Each row's cells in turn, for a planner: progress reported every PROGRESS_EVERY rows and at the end."""
    for done, (row_number, values) in enumerate(rows, 1):
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
        yield Cells(row_number, values)
    on_progress(len(rows), total)

"""CSV import: recognise or map the columns, plan every row (the preview), then write all of it or nothing.

Planning reads only; it validates each row with the same rules as the forms
(`recommendations._recommendation_values` / `_benchmark_values` are mirrored
here row by row; `progress.check_observation`, the rules behind the progress
form, is called as is) and reports every problem by row and column. Applying
writes the plan with Core bulk statements in the caller's transaction, checks
that nothing it read has changed meanwhile (versions, entries still counting),
and brings the maintained scores up to date once at the end.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from scorecard.errors import RuleViolation, ScorecardError
from scorecard.models import (
    Actor,
    ActorKind,
    ActorRole,
    BenchmarkKind,
    Direction,
    ImportMapping,
    Priority,
    Scale,
    ScaleLevel,
    Source,
    Status,
    Theme,
    User,
    utcnow,
)
from scorecard.scoring import CALENDAR_MESSAGE, numeric_score, within_calendar

from . import audit, bulk, csv_files, exports, scores
from .audit import ActingUser
from .csv_files import CsvTable
from .progress import EntryInput, check_observation
from .recommendations import BENCHMARK_FIELDS, CODE_PATTERN, normalise_code, normalise_tags
from .reference import clean
from .tables import actor as actor_table
from .tables import audit_event as audit_table
from .tables import bench, entry, link, rec
from .tables import source as source_table
from .tables import theme as theme_table

KINDS = ("recommendations", "benchmarks", "progress")
KIND_LABELS = {
    "recommendations": "recommendations",
    "benchmarks": "benchmarks",
    "progress": "progress entries",
}
ENTITY = {"recommendations": "recommendation", "benchmarks": "benchmark", "progress": "progress_entry"}
# Statements carry at most this many rows (and IN lists this many ids).
CHUNK = 500
# Above this many touched benchmarks, recomputing every maintained state is cheaper than refreshing some.
REBUILD_THRESHOLD = 5000
# Errors kept on a job for the page; the full list is in the downloadable report.
MAX_STORED_ERRORS = 1000
# Progress is reported after this many rows.
PROGRESS_EVERY = 2000

# Columns each kind imports. Computed columns of the exports are accepted and ignored.
IMPORTED: dict[str, tuple[str, ...]] = {
    "recommendations": exports.RECOMMENDATION_COLUMNS[:13],
    "benchmarks": exports.BENCHMARK_COLUMNS[:13],
    "progress": (*exports.PROGRESS_HISTORY_COLUMNS,),
}
COMPUTED: dict[str, frozenset[str]] = {
    "recommendations": frozenset(exports.RECOMMENDATION_COLUMNS[13:]),
    "benchmarks": frozenset(exports.BENCHMARK_COLUMNS[13:]),
    # benchmark_title and kind describe the benchmark for people; score follows from the value.
    "progress": frozenset({"score", "kind"}),
}
REQUIRED_COLUMNS: dict[str, frozenset[str]] = {
    "recommendations": frozenset({"code"}),
    "benchmarks": frozenset({"recommendation_code"}),
    "progress": frozenset({"observed_on"}),
}
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "achieved", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "not achieved"})
ROLE_SUFFIX = re.compile(r"^(.*?)\s*\((lead|supporting|consulted)\)$", re.IGNORECASE)
TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")
TITLE_MAX = 300


class UnknownHeader(ScorecardError):
    """The header is not one of ours: map its columns first.

    `kind` is the closest of our kinds (None when nothing fits), `unknown` the
    columns we do not know, `missing` the ones that kind needs.
    """

    def __init__(self, message: str, *, kind: str | None, unknown: Sequence[str], missing: Sequence[str]):
        """Keep the message and what is known about the header."""
        super().__init__(message)
        self.kind = kind
        self.unknown = list(unknown)
        self.missing = list(missing)


class ReportOnly(UnknownHeader):
    """A scorecard export: a report computed from the data, not data to import."""


class ImportConflict(ScorecardError):
    """Something the plan relied on changed before it was written; nothing was written."""


def recognise(header: Sequence[str]) -> str:
    """The kind of one of our exports from its header (any order, computed columns optional)."""
    names = {name.strip().lower() for name in header}
    if {"recommendation_code", "as_of", "trend"} <= names and names <= set(exports.SCORECARD_COLUMNS):
        raise ReportOnly(
            "This is a scorecard export: a report computed from the recommendations, benchmarks and "
            "progress entries. Import those three exports instead.",
            kind=None,
            unknown=[],
            missing=[],
        )
    best: tuple[int, str] | None = None
    for kind in KINDS:
        known = set(IMPORTED[kind]) | COMPUTED[kind]
        if names <= known and REQUIRED_COLUMNS[kind] <= names:
            return kind
        overlap = len(names & known)
        if best is None or overlap > best[0]:
            best = (overlap, kind)
    assert best is not None
    closest = best[1] if best[0] else None
    unknown = sorted(names - (set(IMPORTED[closest]) | COMPUTED[closest])) if closest else sorted(names)
    missing = sorted(REQUIRED_COLUMNS[closest] - names) if closest else []
    parts = []
    if unknown:
        parts.append("unknown column(s): " + ", ".join(unknown))
    if missing:
        parts.append("missing: " + ", ".join(missing))
    raise UnknownHeader(
        "These are not the columns of a Scorecard export"
        + (f" ({'; '.join(parts)})" if parts else "")
        + ". Map the columns to ours to import it.",
        kind=closest,
        unknown=unknown,
        missing=missing,
    )


def header_signature(header: Sequence[str]) -> str:
    """A stable fingerprint of a set of headers, to find a saved mapping again."""
    normalised = "\x1f".join(name.strip().lower() for name in header)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


# -- column mappings ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TargetField:
    """One of our fields that a foreign column can be mapped onto."""

    name: str
    label: str
    help: str = ""
    choices: tuple[str, ...] = ()  # the values it takes, when it is a list
    multi: bool = False  # several values in one cell (actors, tags)
    required: bool = False  # needed to create a record


MAPPING_TARGETS: dict[str, tuple[TargetField, ...]] = {
    "recommendations": (
        TargetField(
            "code",
            "Code",
            "Unique, e.g. EU-03. With no code column, generate one: a prefix and {row}, e.g. UPR-{row}.",
            required=True,
        ),
        TargetField("title", "Title", "Titles over 300 characters are shortened at a word.", required=True),
        TargetField("text", "Wording", "The recommendation as the source words it.", required=True),
        TargetField("source", "Source", "Report title; a new title creates the source."),
        TargetField("locator", "Where in the source", "Page, section or quote."),
        TargetField("theme", "Theme", "A new name creates the theme.", required=True),
        TargetField("actors", "Actors", "A new name creates the actor.", multi=True),
        TargetField("tags", "Tags", multi=True),
        TargetField("priority", "Priority", choices=tuple(p.value for p in Priority)),
        TargetField("status", "Status", choices=tuple(s.value for s in Status)),
        TargetField("issued_on", "Issued on", "YYYY-MM-DD"),
        TargetField("due_on", "Due on", "YYYY-MM-DD"),
    ),
    "benchmarks": (
        TargetField("benchmark_id", "Benchmark id", "Leave unmapped to add new benchmarks."),
        TargetField("recommendation_code", "Recommendation code", required=True),
        TargetField("title", "Title", required=True),
        TargetField("kind", "Kind", choices=tuple(k.value for k in BenchmarkKind), required=True),
        TargetField("scale", "Scale", "For scale benchmarks: the scale's name."),
        TargetField("baseline", "Baseline", "Numeric benchmarks."),
        TargetField("target", "Target", "Numeric benchmarks."),
        TargetField("unit", "Unit"),
        TargetField("direction", "Direction", choices=tuple(d.value for d in Direction)),
        TargetField("weight", "Weight", "More than 0; empty means 1."),
        TargetField("due_on", "Due on", "YYYY-MM-DD"),
        TargetField("position", "Position", "Order within the recommendation, from 0."),
    ),
    "progress": (
        TargetField("entry_id", "Entry id", "Leave unmapped to add new entries."),
        TargetField("benchmark_id", "Benchmark id", "Or map the recommendation code and benchmark title."),
        TargetField("recommendation_code", "Recommendation code"),
        TargetField("benchmark_title", "Benchmark title", "Finds the benchmark within its recommendation."),
        TargetField("observed_on", "Observed on", "YYYY-MM-DD", required=True),
        TargetField("level", "Level", "Scale benchmarks: a level of its scale."),
        TargetField("value", "Value", "Numeric benchmarks."),
        TargetField("achieved", "Achieved", "Milestones: true or false.", choices=("true", "false")),
        TargetField("note", "Note"),
        TargetField("evidence_url", "Evidence link"),
        TargetField("author", "Author", "An account's email; otherwise you are the author."),
    ),
}


@dataclass(frozen=True, slots=True)
class FieldRule:
    """How one of our fields gets its value from a row of a foreign file.

    `column` names the source column; `value` is a fixed value, the default
    for an empty cell, or a template with {Column name} and {row} in it;
    `separator` splits a multi-valued cell (a single-valued field takes the
    first part); `translate` maps source values (any case) to ours.
    """

    column: str = ""
    value: str = ""
    separator: str = ""
    translate: tuple[tuple[str, str], ...] = ()

    @property
    def is_set(self) -> bool:
        """Whether the field gets anything at all."""
        return bool(self.column or self.value)


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """A foreign file's columns mapped onto one of our kinds."""

    kind: str
    rules: Mapping[str, FieldRule]
    actor_kind: str = ActorKind.OTHER.value

    def to_json(self) -> dict[str, Any]:
        """The mapping as stored on a job or a saved mapping."""
        return {
            "kind": self.kind,
            "actor_kind": self.actor_kind,
            "fields": {
                name: {
                    "column": rule.column,
                    "value": rule.value,
                    "separator": rule.separator,
                    "translate": [list(pair) for pair in rule.translate],
                }
                for name, rule in self.rules.items()
                if rule.is_set
            },
        }

    @classmethod
    def from_json(cls, stored: Mapping[str, Any]) -> ColumnMapping:
        """A mapping from its stored form; unknown keys are ignored."""
        kind = str(stored.get("kind", ""))
        if kind not in KINDS:
            raise RuleViolation(f"Unknown kind {kind!r}; use one of {', '.join(KINDS)}.", field="kind")
        targets = {target.name for target in MAPPING_TARGETS[kind]}
        rules: dict[str, FieldRule] = {}
        for name, rule in dict(stored.get("fields") or {}).items():
            if name not in targets or not isinstance(rule, Mapping):
                continue
            rules[name] = FieldRule(
                column=str(rule.get("column") or ""),
                value=str(rule.get("value") or ""),
                separator=str(rule.get("separator") or ""),
                translate=tuple(
                    (str(pair[0]), str(pair[1]))
                    for pair in (rule.get("translate") or [])
                    if isinstance(pair, list | tuple) and len(pair) == 2
                ),
            )
        return cls(kind=kind, rules=rules, actor_kind=str(stored.get("actor_kind") or ActorKind.OTHER.value))


def parse_translations(text: str) -> tuple[tuple[str, str], ...]:
    """ "Accepted=accepted; Noted=rejected" as pairs (either ; or new lines between them)."""
    pairs: list[tuple[str, str]] = []
    for part in re.split(r"[;\n]", text or ""):
        if "=" not in part:
            if part.strip():
                raise ValueError(f"“{part.strip()}” needs an = between the value and what it becomes.")
            continue
        source_value, _, ours = part.partition("=")
        if source_value.strip():
            pairs.append((source_value.strip(), ours.strip()))
    return tuple(pairs)


def format_translations(pairs: Iterable[tuple[str, str]]) -> str:
    """Pairs back into the "a=b; c=d" text of the mapping form."""
    return "; ".join(f"{a}={b}" for a, b in pairs)


def check_mapping(mapping: ColumnMapping, header: Sequence[str]) -> dict[str, str]:
    """Problems with a mapping for this header, by our field name (empty: it can be used)."""
    errors: dict[str, str] = {}
    columns = set(header)
    for target in MAPPING_TARGETS[mapping.kind]:
        rule = mapping.rules.get(target.name, FieldRule())
        if rule.column and rule.column not in columns:
            errors[target.name] = f"The file has no column “{rule.column}”."
            continue
        for name in TEMPLATE_FIELD.findall(rule.value):
            if name != "row" and name not in columns:
                errors[target.name] = (
                    f"{{{name}}} is not a column of the file (use {{row}} for the row number)."
                )
        if target.choices:
            allowed = set(target.choices)
            bad = [ours for _, ours in rule.translate if ours.strip().lower() not in allowed]
            fixed = rule.value.strip().lower()
            if bad:
                errors[target.name] = f"“{bad[0]}” is not one of: {', '.join(target.choices)}."
            elif fixed and not TEMPLATE_FIELD.search(fixed) and fixed not in allowed:
                errors[target.name] = f"“{rule.value}” is not one of: {', '.join(target.choices)}."
    if mapping.kind == "recommendations" and mapping.actor_kind not in ActorKind.__members__.values():
        errors["actor_kind"] = "Choose a kind for new actors."
    if mapping.kind == "progress" and not (
        mapping.rules.get("benchmark_id", FieldRule()).is_set
        or (
            mapping.rules.get("recommendation_code", FieldRule()).is_set
            and mapping.rules.get("benchmark_title", FieldRule()).is_set
        )
    ):
        errors["benchmark_id"] = (
            "Map the benchmark id, or both the recommendation code and the benchmark title."
        )
    for target in MAPPING_TARGETS[mapping.kind]:
        if (
            target.required
            and target.name not in errors
            and not mapping.rules.get(target.name, FieldRule()).is_set
        ):
            if mapping.kind == "benchmarks" and target.name in ("title", "kind"):
                continue  # updates of existing benchmarks need neither
            errors[target.name] = "Map a column or give a value: it is needed to create records."
    return errors


def guess_mapping(kind: str, header: Sequence[str]) -> ColumnMapping:
    """A first mapping: columns whose names match our fields (any case, spaces or dashes for _)."""
    by_key = {re.sub(r"[\s\-]+", "_", name.strip().lower()): name for name in header}
    rules = {
        target.name: FieldRule(column=by_key[target.name])
        for target in MAPPING_TARGETS[kind]
        if target.name in by_key
    }
    return ColumnMapping(kind=kind, rules=rules)


def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary to fit `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return (cut or text[: limit - 1]) + "…"


def _expand(template: str, cells: Mapping[str, str], row: int) -> str:
    """A template with {Column} and {row} filled in from one row."""

    def replace(match: re.Match[str]) -> str:
        """One {…} of the template."""
        name = match.group(1)
        if name == "row":
            return f"{row:05d}"
        return cells.get(name, "").strip()

    return TEMPLATE_FIELD.sub(replace, template)


def map_rows(
    table: CsvTable, mapping: ColumnMapping
) -> tuple[frozenset[str], Iterator[tuple[int, dict[str, str]]]]:
    """The file's rows turned into our columns by a mapping: (the columns given, the rows)."""
    targets = {target.name: target for target in MAPPING_TARGETS[mapping.kind]}
    rules = {name: rule for name, rule in mapping.rules.items() if rule.is_set and name in targets}
    translations = {name: {a.strip().lower(): b for a, b in rule.translate} for name, rule in rules.items()}
    present = frozenset(rules)
    header = table.header

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        """The rows, one at a time."""
        for row_number, cells in table.rows:
            by_column = dict(zip(header, cells, strict=True))
            mapped: dict[str, str] = {}
            for name, rule in rules.items():
                target = targets[name]
                raw = by_column.get(rule.column, "") if rule.column else ""
                parts = [p.strip() for p in raw.split(rule.separator)] if rule.separator else [raw.strip()]
                parts = [p for p in parts if p]
                if rule.translate:
                    translation = translations[name]
                    parts = [translation.get(p.lower(), p) for p in parts]
                if not parts and rule.value:
                    parts = [_expand(rule.value, by_column, row_number - 1)]
                if target.multi:
                    joiner = exports.ACTOR_SEPARATOR if name == "actors" else ","
                    value = joiner.join(parts)
                else:
                    value = parts[0] if parts else ""
                if name == "title":
                    value = shorten(value, TITLE_MAX)
                mapped[name] = value
            yield row_number, mapped

    return present, rows()


def own_rows(table: CsvTable, kind: str) -> tuple[frozenset[str], Iterator[tuple[int, dict[str, str]]]]:
    """The rows of a file with our own header, keyed by our column names (computed ones are ignored later)."""
    names = [name.strip().lower() for name in table.header]
    present = frozenset(names) & frozenset(IMPORTED[kind])

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        """The rows, one at a time."""
        for row_number, cells in table.rows:
            yield row_number, dict(zip(names, cells, strict=True))

    return present, rows()


# -- plans -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in one cell: spreadsheet row (header = 1), our column name, what to do."""

    row: int
    column: str
    message: str

    def describe(self) -> str:
        """ "Row 5, column due_on: …"."""
        return f"Row {self.row}, column {self.column}: {self.message}"


@dataclass(slots=True)
class RowResult:
    """What the import does with one row: create, update, unchanged or error, and why."""

    row: int
    action: str
    key: str
    changes: Mapping[str, tuple[str, str]] | None = None
    errors: Sequence[RowError] = ()
    note: str = ""

    def describe(self) -> str:
        """The changes, the note or the errors as one line."""
        if self.errors:
            return "; ".join(f"{e.column}: {e.message}" for e in self.errors)
        if self.changes:
            return "; ".join(
                f"{name}: {before or '(empty)'} → {after or '(empty)'}"
                for name, (before, after) in self.changes.items()
            )
        return self.note


ACTIONS = ("create", "update", "unchanged", "error")


@dataclass(slots=True)
class ImportPlan:
    """Everything an import would do, row by row; `work` is what applying it writes."""

    kind: str
    results: list[RowResult]
    notices: list[str]
    work: Any
    mapped: bool = False

    @property
    def errors(self) -> list[RowError]:
        """Every error, in row order."""
        return [error for result in self.results for error in result.errors]

    @property
    def ok(self) -> bool:
        """Whether the plan may be applied: not one row in error."""
        return all(result.action != "error" for result in self.results)

    @property
    def digest(self) -> str:
        """A fingerprint of what applying the plan writes, row by row.

        The preview carries it to the confirmation, which plans again: if the
        database changed in between, the new plan's digest differs and the
        import stops rather than write something nobody reviewed.
        """
        fingerprint = hashlib.sha256(self.kind.encode())
        for result in self.results:
            if result.action in ("create", "update"):
                changes = sorted((result.changes or {}).items())
                fingerprint.update(repr((result.row, result.action, result.key, changes)).encode())
        return fingerprint.hexdigest()[:32]

    @property
    def counts(self) -> dict[str, int]:
        """How many rows create, update, stay unchanged or fail; `rows` is all of them."""
        counts = dict.fromkeys(ACTIONS, 0)
        for result in self.results:
            counts[result.action] += 1
        counts["rows"] = len(self.results)
        return counts


Progress = Callable[[int, int], None]


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = True


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk import runs.

    An import holds hundreds of thousands of long-lived row objects and makes
    no reference cycles; the collector would rescan them again and again,
    which doubles the time of a large import. Reference counting still frees
    memory as usual. Nested and concurrent pauses are counted.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _no_progress(_done: int, _total: int) -> None:
    """Progress goes nowhere."""


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Consecutive slices of at most `size` values."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _id_conditions(column: Any, ids: Sequence[int]) -> Iterator[Any]:
    """WHERE conditions that find these ids: one range when they are dense (a whole export),
    else IN lists of CHUNK ids. A range may match more rows than asked for; callers filter."""
    if not ids:
        return
    low, high = ids[0], ids[-1]
    if len(ids) > CHUNK and high - low < 2 * len(ids):
        yield column.between(low, high)
        return
    for chunk in _chunks(ids):
        yield column.in_(chunk)


def _show(value: Any) -> str:
    """A value as the preview shows it (and as the CSV would write it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):  # actors: (name, role) pairs
        return exports.actor_cell(sorted(value))
    return str(value)


class _Cells:
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
            self.error(column, f"Keep it to {max_length} characters (this has {len(value)}).")
        return value

    def choice(self, column: str, choices: Iterable[str], default: str | None) -> str | None:
        """One of `choices` (any case); empty means `default`."""
        value = self.raw(column).lower().replace(" ", "_")
        if not value:
            return default
        allowed = tuple(choices)
        if value not in allowed:
            self.error(column, f"“{self.raw(column)}” is not one of: {', '.join(allowed)}.")
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
            self.error(column, f"“{value}” is not a number (write decimals with a point: 12.5).")
            return None
        if number != number or number in (float("inf"), float("-inf")):
            self.error(column, "Enter a finite number.")
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
                self.error(column, f"“{value}” is not a whole number.")
                return None
            number = int(as_float)
        if number < minimum or number > 2_147_483_647:
            self.error(column, f"“{value}” is out of range (at least {minimum}).")
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
                f"“{value}” is not a date as YYYY-MM-DD (e.g. 2026-03-31). A spreadsheet may have "
                "reformatted the column: format it as text or yyyy-mm-dd before saving.",
            )
            return None
        if not within_calendar(day):
            self.error(column, f"“{value}”: {CALENDAR_MESSAGE}")
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
            self.error(column, f"“{value}” is not a date and time as YYYY-MM-DDTHH:MM:SSZ.")
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
        self.error(column, f"“{self.raw(column)}” is not true or false.")
        return None


def _lower_names(session: Session, model: type[Any], column: str) -> dict[str, tuple[int, str]]:
    """Every record of a reference table by lower-case name: (id, name as stored)."""
    attribute = getattr(model, column)
    return {name.lower(): (ident, name) for ident, name in session.execute(select(model.id, attribute))}


# -- recommendations ---------------------------------------------------------------------


def parse_actors(cell: str) -> list[tuple[str, str]]:
    """An actors cell ("EU institutions; Government of Kosovo (supporting)") as (name, role) pairs."""
    pairs: list[tuple[str, str]] = []
    for part in cell.split(";"):
        name = part.strip()
        if not name:
            continue
        match = ROLE_SUFFIX.match(name)
        if match:
            pairs.append((match.group(1).strip(), match.group(2).lower()))
        else:
            pairs.append((name, ActorRole.LEAD.value))
    return pairs


@dataclass(slots=True)
class RecommendationWork:
    """What a recommendations import writes."""

    new_themes: dict[str, str] = field(default_factory=dict)
    new_sources: dict[str, str] = field(default_factory=dict)
    new_actors: dict[str, str] = field(default_factory=dict)
    actor_kind: str = ActorKind.OTHER.value
    creates: list[dict[str, Any]] = field(default_factory=list)
    # (recommendation id, version read, changed values, values before)
    updates: list[tuple[int, int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)


_REC_FIELDS = (
    "title",
    "text",
    "source",
    "locator",
    "theme",
    "actors",
    "priority",
    "status",
    "issued_on",
    "due_on",
    "tags",
    "archived",
)


def _plan_recommendations(
    session: Session,
    rows: Iterable[tuple[int, dict[str, str]]],
    present: frozenset[str],
    *,
    actor_kind: str,
    on_progress: Progress,
    total: int,
) -> tuple[list[RowResult], RecommendationWork, list[str]]:
    """Check a recommendations file row by row against the database: results, work and notices."""
    rows = list(rows)
    themes = _lower_names(session, Theme, "name")
    sources = _lower_names(session, Source, "title")
    actors = _lower_names(session, Actor, "name")
    codes = sorted({normalise_code(values.get("code", "")) for _, values in rows} - {""})
    existing: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(codes):
        query = (
            select(
                rec.c.id,
                rec.c.code,
                rec.c.version,
                rec.c.title,
                rec.c.text,
                source_table.c.title.label("source"),
                rec.c.locator,
                theme_table.c.name.label("theme"),
                rec.c.priority,
                rec.c.status,
                rec.c.issued_on,
                rec.c.due_on,
                rec.c.tags,
                rec.c.archived_at,
            )
            .join(theme_table, theme_table.c.id == rec.c.theme_id)
            .outerjoin(source_table, source_table.c.id == rec.c.source_id)
            .where(rec.c.code.in_(chunk))
        )
        for row in session.execute(query):
            existing[row.code] = {
                "id": row.id,
                "version": row.version,
                "title": row.title,
                "text": row.text,
                "source": row.source,
                "locator": row.locator,
                "theme": row.theme,
                "actors": frozenset(),
                "priority": row.priority,
                "status": row.status,
                "issued_on": row.issued_on,
                "due_on": row.due_on,
                "tags": row.tags,
                "archived": row.archived_at is not None,
            }
    by_id = {values["id"]: values for values in existing.values()}
    ids = sorted(by_id)
    for chunk in _chunks(ids):
        found: dict[int, set[tuple[str, str]]] = {}
        for recommendation_id, name, role in session.execute(
            select(link.c.recommendation_id, actor_table.c.name, link.c.role)
            .join(actor_table, actor_table.c.id == link.c.actor_id)
            .where(link.c.recommendation_id.in_(chunk))
        ):
            found.setdefault(recommendation_id, set()).add((name, role))
        for recommendation_id, pairs in found.items():
            by_id[recommendation_id]["actors"] = frozenset(pairs)

    work = RecommendationWork(actor_kind=actor_kind)
    results: list[RowResult] = []
    seen: dict[str, int] = {}
    for done, (row_number, values) in enumerate(rows, 1):
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
        cells = _Cells(row_number, values)
        code = normalise_code(values.get("code", ""))
        if not code:
            cells.error("code", "A code is required.")
        elif not CODE_PATTERN.match(code):
            cells.error("code", "Use up to 32 letters, digits and . _ / - (for example EU-03).")
        elif code in seen:
            cells.error("code", f"Code {code} is already on row {seen[code]}.")
        else:
            seen[code] = row_number
        current = existing.get(code)
        new: dict[str, Any] = {}
        if cells.has("title"):
            new["title"] = cells.text("title", max_length=TITLE_MAX)
        if cells.has("text"):
            new["text"] = cells.text("text")
        if cells.has("source"):
            new["source"] = cells.text("source", max_length=300)
        if cells.has("locator"):
            new["locator"] = cells.text("locator")
        if cells.has("theme"):
            new["theme"] = cells.text("theme", max_length=200)
        if cells.has("actors"):
            actor_pairs = parse_actors(cells.raw("actors"))
            names = [name.lower() for name, _ in actor_pairs]
            if len(set(names)) != len(names):
                cells.error("actors", "Each actor can be named once.")
            elif any(len(name) > 200 for name in names):
                cells.error("actors", "An actor's name is longer than 200 characters.")
            new["actors"] = frozenset(actor_pairs)
        if cells.has("priority"):
            new["priority"] = cells.choice("priority", (p.value for p in Priority), Priority.MEDIUM.value)
        if cells.has("status"):
            new["status"] = cells.choice("status", (s.value for s in Status), Status.PROPOSED.value)
        if cells.has("issued_on"):
            new["issued_on"] = cells.day("issued_on")
        if cells.has("due_on"):
            new["due_on"] = cells.day("due_on")
        if cells.has("tags"):
            tags = normalise_tags([values.get("tags", "")])
            if len(tags) > 500:
                cells.error("tags", "Too many tags (500 characters at most).")
            new["tags"] = tags
        if cells.has("archived"):
            new["archived"] = bool(cells.flag("archived"))
        for required, label in (("title", "A title"), ("text", "The wording"), ("theme", "A theme")):
            if required in new and new[required] is None and (current is not None or cells.has(required)):
                cells.error(required, f"{label} is required.")
            elif current is None and new.get(required) is None and required not in new:
                cells.error(required, f"{label} is needed to create recommendation {code or 'here'}.")
        merged = {**(current or {}), **new}
        issued, due = merged.get("issued_on"), merged.get("due_on")
        if issued and due and due < issued:
            cells.error("due_on", "The due date cannot be before the date the recommendation was issued.")
        if cells.errors:
            results.append(RowResult(row_number, "error", code, errors=cells.errors))
            continue
        for key, registry, pending in (
            ("theme", themes, work.new_themes),
            ("source", sources, work.new_sources),
        ):
            name = new.get(key)
            if name and name.lower() not in registry:
                pending.setdefault(name.lower(), name)
        for name, _ in new.get("actors", ()):
            if name.lower() not in actors:
                work.new_actors.setdefault(name.lower(), name)
        if current is None:
            record = {
                "code": code,
                "title": new.get("title"),
                "text": new.get("text"),
                "source": new.get("source"),
                "locator": new.get("locator"),
                "theme": new.get("theme"),
                "actors": sorted(new.get("actors", ())),
                "priority": new.get("priority") or Priority.MEDIUM.value,
                "status": new.get("status") or Status.PROPOSED.value,
                "issued_on": new.get("issued_on"),
                "due_on": new.get("due_on"),
                "tags": new.get("tags", ""),
                "archived": new.get("archived", False),
            }
            work.creates.append(record)
            results.append(RowResult(row_number, "create", code, note=str(record["title"])))
            continue
        changed: dict[str, Any] = {}
        before: dict[str, Any] = {}
        shown: dict[str, tuple[str, str]] = {}
        for name, value in new.items():
            old = current[name]
            if _same(name, old, value):
                continue
            changed[name], before[name] = value, old
            shown[name] = (_show(old), _show(value))
        if not changed:
            results.append(RowResult(row_number, "unchanged", code))
            continue
        work.updates.append((current["id"], current["version"], changed, before))
        results.append(RowResult(row_number, "update", code, changes=shown))
    on_progress(len(rows), total)
    notices = _new_names_notices(work)
    return results, work, notices


def _same(name: str, old: Any, new: Any) -> bool:
    """Whether a stored value and an imported one are the same (names compare in any case)."""
    if name in ("theme", "source"):
        return (old or "").lower() == (new or "").lower()
    if name == "actors":
        return {(n.lower(), r) for n, r in old} == {(n.lower(), r) for n, r in new}
    return bool(old == new)


def _new_names_notices(work: RecommendationWork) -> list[str]:
    """What the preview says about sources, themes and actors the import creates."""
    notices = []
    for label, names in (
        ("theme", work.new_themes),
        ("source", work.new_sources),
        ("actor", work.new_actors),
    ):
        if names:
            listed = sorted(names.values())
            shown = ", ".join(listed[:20]) + (f" and {len(listed) - 20} more" if len(listed) > 20 else "")
            plural = "s" if len(listed) != 1 else ""
            notices.append(f"New {label}{plural} ({len(listed)}), created by the import: {shown}.")
    return notices


# -- benchmarks --------------------------------------------------------------------------


@dataclass(slots=True)
class BenchmarkWork:
    """What a benchmarks import writes."""

    creates: list[dict[str, Any]] = field(default_factory=list)
    # (benchmark id, version read, recommendation id, changed values, values before, rescore entries)
    updates: list[tuple[int, int, int, dict[str, Any], dict[str, Any], bool]] = field(default_factory=list)
    codes: dict[int, str] = field(default_factory=dict)  # recommendation id → code, for the audit


# The fields of a benchmark as the forms keep them, and whether it is archived.
_BENCH_FIELDS = (*BENCHMARK_FIELDS, "archived")


def _plan_benchmarks(
    session: Session,
    rows: Iterable[tuple[int, dict[str, str]]],
    present: frozenset[str],
    *,
    on_progress: Progress,
    total: int,
) -> tuple[list[RowResult], BenchmarkWork, list[str]]:
    """Check a benchmarks file row by row against the database: results, work and notices."""
    rows = list(rows)
    scales = _lower_names(session, Scale, "name")
    scale_names = dict(scales.values())
    codes = sorted({normalise_code(values.get("recommendation_code", "")) for _, values in rows} - {""})
    recommendations: dict[str, int] = {}
    for chunk in _chunks(codes):
        recommendations.update(
            {
                code: ident
                for ident, code in session.execute(select(rec.c.id, rec.c.code).where(rec.c.code.in_(chunk)))
            }
        )
    codes_by_id = {ident: code for code, ident in recommendations.items()}
    wanted_ids = sorted(
        {int(v) for _, values in rows if (v := values.get("benchmark_id", "").strip()).isdigit()}
    )
    existing: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(wanted_ids):
        for row in session.execute(
            select(bench, rec.c.code.label("recommendation_code"))
            .join(rec, rec.c.id == bench.c.recommendation_id)
            .where(bench.c.id.in_(chunk))
        ):
            existing[row.id] = {
                "id": row.id,
                "version": row.version,
                "recommendation_id": row.recommendation_id,
                "recommendation_code": row.recommendation_code,
                "title": row.title,
                "kind": row.kind,
                "scale_id": row.scale_id,
                "baseline": row.baseline,
                "target": row.target,
                "unit": row.unit,
                "direction": row.direction,
                "weight": row.weight,
                "due_on": row.due_on,
                "position": row.position,
                "archived": row.archived_at is not None,
                "has_entries": False,
            }
            codes_by_id[row.recommendation_id] = row.recommendation_code
    for chunk in _chunks(sorted(existing)):
        for benchmark_id in session.scalars(
            select(entry.c.benchmark_id).where(entry.c.benchmark_id.in_(chunk)).distinct()
        ):
            existing[benchmark_id]["has_entries"] = True
    next_position: dict[int, int] = {}
    rec_ids = sorted(set(recommendations.values()))
    for chunk in _chunks(rec_ids):
        for recommendation_id, highest in session.execute(
            select(bench.c.recommendation_id, func.max(bench.c.position))
            .where(bench.c.recommendation_id.in_(chunk))
            .group_by(bench.c.recommendation_id)
        ):
            next_position[recommendation_id] = int(highest) + 1

    work = BenchmarkWork(codes=codes_by_id)
    results: list[RowResult] = []
    seen: dict[int, int] = {}
    for done, (row_number, values) in enumerate(rows, 1):
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
        cells = _Cells(row_number, values)
        benchmark_id = cells.integer("benchmark_id", minimum=1) if cells.has("benchmark_id") else None
        code = normalise_code(values.get("recommendation_code", ""))
        recommendation_id = recommendations.get(code)
        if not code:
            cells.error("recommendation_code", "The recommendation's code is required.")
        elif recommendation_id is None:
            cells.error(
                "recommendation_code",
                f"There is no recommendation {code}. Import the recommendations file first.",
            )
        current = existing.get(benchmark_id) if benchmark_id is not None else None
        if benchmark_id is not None:
            if benchmark_id in seen:
                cells.error(
                    "benchmark_id", f"Benchmark {benchmark_id} is already on row {seen[benchmark_id]}."
                )
            seen[benchmark_id] = row_number
            if current is not None and code and current["recommendation_code"] != code:
                cells.error(
                    "recommendation_code",
                    f"Benchmark {benchmark_id} belongs to {current['recommendation_code']}; benchmarks "
                    "cannot move between recommendations.",
                )
        new: dict[str, Any] = {}
        if cells.has("title"):
            new["title"] = cells.text("title", max_length=TITLE_MAX)
        if cells.has("kind"):
            new["kind"] = cells.choice("kind", (k.value for k in BenchmarkKind), None)
        if cells.has("scale"):
            scale_name = cells.text("scale")
            if scale_name is None:
                new["scale_id"] = None
            elif scale_name.lower() in scales:
                new["scale_id"] = scales[scale_name.lower()][0]
            else:
                cells.error(
                    "scale",
                    f"There is no scale “{scale_name}”. Scales: {', '.join(sorted(scale_names.values()))}.",
                )
        for name in ("baseline", "target", "weight"):
            if cells.has(name):
                new[name] = cells.number(name)
        if cells.has("unit"):
            new["unit"] = cells.text("unit", max_length=40)
        if cells.has("direction"):
            new["direction"] = cells.choice("direction", (d.value for d in Direction), None)
        if cells.has("due_on"):
            new["due_on"] = cells.day("due_on")
        if cells.has("position"):
            new["position"] = cells.integer("position")
        if cells.has("archived"):
            new["archived"] = bool(cells.flag("archived"))
        if cells.errors:
            results.append(RowResult(row_number, "error", str(benchmark_id or code), errors=cells.errors))
            continue
        base = current or {
            "title": None,
            "kind": None,
            "scale_id": None,
            "baseline": None,
            "target": None,
            "unit": None,
            "direction": None,
            "weight": 1.0,
            "due_on": None,
            "position": None,
            "archived": False,
        }
        final = {name: base[name] for name in _BENCH_FIELDS}
        final.update(new)
        if final["weight"] is None:
            final["weight"] = 1.0
        _check_benchmark(cells, final, new, current)
        if cells.errors:
            results.append(RowResult(row_number, "error", str(benchmark_id or code), errors=cells.errors))
            continue
        assert recommendation_id is not None
        if current is None:
            if final["position"] is None:
                final["position"] = next_position.get(recommendation_id, 0)
            next_position[recommendation_id] = max(
                next_position.get(recommendation_id, 0), final["position"] + 1
            )
            work.creates.append(
                {**final, "id": benchmark_id, "recommendation_id": recommendation_id, "code": code}
            )
            results.append(
                RowResult(
                    row_number,
                    "create",
                    str(benchmark_id) if benchmark_id else f"{code} (new)",
                    note=f"{final['title']} ({final['kind']})",
                )
            )
            continue
        changed = {name: final[name] for name in _BENCH_FIELDS if final[name] != current[name]}
        if not changed:
            results.append(RowResult(row_number, "unchanged", str(benchmark_id)))
            continue
        before = {name: current[name] for name in changed}
        rescore = bool(
            current["has_entries"]
            and final["kind"] == BenchmarkKind.NUMERIC
            and ("baseline" in changed or "target" in changed or "direction" in changed)
        )
        work.updates.append(
            (current["id"], current["version"], current["recommendation_id"], changed, before, rescore)
        )
        shown = {
            ("scale" if name == "scale_id" else name): (
                _show(scale_names.get(before[name]) if name == "scale_id" else before[name]),
                _show(scale_names.get(value) if name == "scale_id" else value),
            )
            for name, value in changed.items()
        }
        results.append(
            RowResult(
                row_number,
                "update",
                str(benchmark_id),
                changes=shown,
                note="its entries are re-scored" if rescore else "",
            )
        )
    on_progress(len(rows), total)
    return results, work, []


def _check_benchmark(
    cells: _Cells, final: dict[str, Any], given: dict[str, Any], current: dict[str, Any] | None
) -> None:
    """The rules of `recommendations._benchmark_values`, mirrored per cell (it keys errors by form field)."""
    if final["title"] is None:
        cells.error(
            "title",
            "A title is required." if "title" in given else "A title is needed to create a benchmark.",
        )
    kind = final["kind"]
    if kind is None:
        cells.error(
            "kind",
            "Choose milestone, scale or numeric."
            if "kind" in given
            else "A kind is needed to create a benchmark.",
        )
        return
    if not final["weight"] > 0:
        cells.error("weight", "Weight must be more than 0.")
    if kind == BenchmarkKind.SCALE:
        if final["scale_id"] is None:
            cells.error("scale", "Choose the scale this benchmark is assessed on.")
    elif given.get("scale_id") is not None:
        cells.error("scale", "Only scale benchmarks have a scale; leave it empty.")
    else:
        final["scale_id"] = None
    if kind == BenchmarkKind.NUMERIC:
        baseline, target, direction = final["baseline"], final["target"], final["direction"]
        if baseline is None:
            cells.error("baseline", "A numeric benchmark needs a baseline.")
        if target is None:
            cells.error("target", "A numeric benchmark needs a target.")
        if baseline is not None and target is not None:
            if target == baseline:
                cells.error("target", "The target must differ from the baseline.")
            elif direction is None:
                final["direction"] = (
                    Direction.INCREASE.value if target > baseline else Direction.DECREASE.value
                )
            elif direction == Direction.INCREASE and target < baseline:
                cells.error("direction", "Higher is better, so the target must be above the baseline.")
            elif direction == Direction.DECREASE and target > baseline:
                cells.error("direction", "Lower is better, so the target must be below the baseline.")
    else:
        for name in ("baseline", "target", "unit", "direction"):
            if given.get(name) is not None:
                cells.error(name, f"Only numeric benchmarks have a {name}; leave it empty for a {kind}.")
            final[name] = None
    if (
        current is not None
        and current["has_entries"]
        and (final["kind"] != current["kind"] or final["scale_id"] != current["scale_id"])
    ):
        cells.error(
            "kind" if final["kind"] != current["kind"] else "scale",
            "This benchmark has progress entries, so its kind and scale are fixed. "
            "Add a new benchmark instead.",
        )


# -- progress entries --------------------------------------------------------------------


@dataclass(slots=True)
class ProgressWork:
    """What a progress import writes."""

    # New entries keeping the id the file gives (a restore), then new ones numbered by the database.
    restores: list[dict[str, Any]] = field(default_factory=list)
    creates: list[dict[str, Any]] = field(default_factory=list)
    # Corrections: (entry corrected, the new entry's values)
    corrections: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    labels: dict[int, tuple[str, int, str]] = field(default_factory=dict)  # benchmark → (title, rec id, code)


ENTRY_STATUSES = ("counting", "corrected", "deleted")


@dataclass(frozen=True, slots=True)
class _BenchmarkFacts:
    """What checking an entry needs to know of its benchmark."""

    id: int
    recommendation_id: int
    code: str
    title: str
    kind: str
    scale_id: int | None
    baseline: float | None
    target: float | None
    direction: str | None
    archived: bool


def _stored(current: Any, name: str) -> Any:
    """A stored entry's value, or None when there is no stored entry."""
    return None if current is None else getattr(current, name)


def _plan_progress(
    session: Session,
    rows: Iterable[tuple[int, dict[str, str]]],
    present: frozenset[str],
    *,
    by: ActingUser,
    today: date,
    on_progress: Progress,
    total: int,
) -> tuple[list[RowResult], ProgressWork, list[str]]:
    """Check a progress file row by row against the database: results, work and notices."""
    rows = list(rows)
    facts: dict[int, _BenchmarkFacts] = {}

    def load_benchmarks(condition: Any) -> None:
        """Add the benchmarks matching `condition` to `facts`."""
        query = select(
            bench.c.id,
            bench.c.recommendation_id,
            rec.c.code,
            bench.c.title,
            bench.c.kind,
            bench.c.scale_id,
            bench.c.baseline,
            bench.c.target,
            bench.c.direction,
            bench.c.archived_at,
            rec.c.archived_at.label("rec_archived_at"),
        ).join(rec, rec.c.id == bench.c.recommendation_id)
        for row in session.execute(query.where(condition)):
            facts[row.id] = _BenchmarkFacts(
                row.id,
                row.recommendation_id,
                row.code,
                row.title,
                row.kind,
                row.scale_id,
                row.baseline,
                row.target,
                row.direction,
                row.archived_at is not None or row.rec_archived_at is not None,
            )

    def ids_in(column: str) -> list[int]:
        """The whole numbers given in one column of the file."""
        return sorted({int(v) for _, values in rows if (v := values.get(column, "").strip()).isdigit()})

    for chunk in _chunks(ids_in("benchmark_id")):
        load_benchmarks(bench.c.id.in_(chunk))
    by_title: dict[tuple[str, str], list[int]] = {}
    if "benchmark_title" in present:
        codes = sorted(
            {
                normalise_code(values.get("recommendation_code", ""))
                for _, values in rows
                if not values.get("benchmark_id", "").strip()
            }
            - {""}
        )
        for chunk in _chunks(codes):
            load_benchmarks(rec.c.code.in_(chunk) & bench.c.archived_at.is_(None))
        for known in facts.values():
            if not known.archived:
                by_title.setdefault((known.code, known.title.strip().lower()), []).append(known.id)
    scale_ids = sorted({fact.scale_id for fact in facts.values() if fact.scale_id is not None})
    levels_by_id: dict[int | None, dict[int, ScaleLevel]] = {}
    levels_by_label: dict[int | None, dict[str, ScaleLevel]] = {}
    for level in session.scalars(
        select(ScaleLevel).where(ScaleLevel.scale_id.in_(scale_ids)).order_by(ScaleLevel.position)
    ):
        levels_by_id.setdefault(level.scale_id, {})[level.id] = level
        levels_by_label.setdefault(level.scale_id, {})[level.label.lower()] = level
    entries: dict[int, Any] = {}
    corrected_by: dict[int, int] = {}
    wanted_entries = ids_in("entry_id")
    wanted = set(wanted_entries)
    for condition in _id_conditions(entry.c.id, wanted_entries):
        for row in session.execute(select(entry).where(condition)):
            if row.id in wanted:
                entries[row.id] = row
    for condition in _id_conditions(entry.c.corrects_id, wanted_entries):
        for new_id, old_id in session.execute(select(entry.c.id, entry.c.corrects_id).where(condition)):
            corrected_by[old_id] = new_id
    # Entries that rows say they correct, stored but not in the file: looked up at once, not row by row.
    targets = [ident for ident in ids_in("corrects_id") if ident not in entries]
    wanted_targets = set(targets)
    stored_targets: set[int] = set()
    for condition in _id_conditions(entry.c.id, targets):
        stored_targets.update(
            i for i in session.scalars(select(entry.c.id).where(condition)) if i in wanted_targets
        )
    users = {email.lower(): ident for ident, email in session.execute(select(User.id, User.email))}
    # Rows without an entry id that repeat an entry already counting are left alone, so that
    # importing the same spreadsheet twice records nothing twice.
    recorded: dict[tuple[Any, ...], int] = {}
    if any(not values.get("entry_id", "").strip() for _, values in rows):
        for chunk in _chunks(sorted(facts)):
            for row in session.execute(
                select(
                    entry.c.id,
                    entry.c.benchmark_id,
                    entry.c.observed_on,
                    entry.c.level_id,
                    entry.c.value,
                    entry.c.achieved,
                    entry.c.note,
                    entry.c.evidence_url,
                ).where(
                    entry.c.benchmark_id.in_(chunk),
                    entry.c.superseded_at.is_(None),
                    entry.c.deleted_at.is_(None),
                )
            ):
                recorded.setdefault(tuple(row[1:]), row[0])

    work = ProgressWork()
    results: list[RowResult] = []
    seen_ids: dict[int, int] = {}
    seen_new: dict[tuple[Any, ...], int] = {}
    in_file: set[int] = set()
    unknown_authors = 0
    now = utcnow()
    # Which columns the file gives is the same for every row: decided once.
    has_entry_id = "entry_id" in present
    has_level = "level" in present
    has_status = "status" in present
    history = has_status or "corrects_id" in present
    given = {name: name in present for name in ("observed_on", "value", "achieved", "note", "evidence_url")}
    for done, (row_number, values) in enumerate(rows, 1):
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
        cells = _Cells(row_number, values)
        get = values.get
        entry_id = _fast_int(cells, "entry_id", get("entry_id", "")) if has_entry_id else None
        fact: _BenchmarkFacts | None = None
        code = normalise_code(get("recommendation_code", ""))
        raw_benchmark = get("benchmark_id", "").strip()
        if raw_benchmark:
            benchmark_id = _fast_int(cells, "benchmark_id", raw_benchmark)
            if benchmark_id is not None:
                fact = facts.get(benchmark_id)
                if fact is None:
                    cells.error(
                        "benchmark_id",
                        f"There is no benchmark {benchmark_id}. Import the benchmarks file first.",
                    )
        elif cells.raw("benchmark_title") and code:
            matches = by_title.get((code, cells.raw("benchmark_title").lower()), [])
            if len(matches) == 1:
                fact = facts[matches[0]]
            elif matches:
                cells.error(
                    "benchmark_title",
                    f"{code} has {len(matches)} benchmarks with this title; give the benchmark id.",
                )
            else:
                cells.error("benchmark_title", f"{code} has no live benchmark with this title.")
        else:
            cells.error(
                "benchmark_id", "Give the benchmark id (or the recommendation code and benchmark title)."
            )
        if fact is not None and code and fact.code != code:
            cells.error("recommendation_code", f"Benchmark {fact.id} belongs to {fact.code}, not {code}.")
        if entry_id is not None:
            if entry_id in seen_ids:
                cells.error("entry_id", f"Entry {entry_id} is already on row {seen_ids[entry_id]}.")
            seen_ids[entry_id] = row_number
        current = entries.get(entry_id) if entry_id is not None else None
        # A column the file leaves out keeps what is stored (for a new entry: nothing).
        observed_on = (
            _fast_day(cells, "observed_on", get("observed_on", ""))
            if given["observed_on"]
            else _stored(current, "observed_on")
        )
        value = (
            _fast_number(cells, "value", get("value", "")) if given["value"] else _stored(current, "value")
        )
        achieved = cells.flag("achieved") if given["achieved"] else _stored(current, "achieved")
        note = get("note") if given["note"] else _stored(current, "note")
        evidence = get("evidence_url") if given["evidence_url"] else _stored(current, "evidence_url")
        if evidence is not None and len(evidence.strip()) > 1000:
            cells.error("evidence_url", "Keep the link to 1000 characters.")
        created_at = _fast_moment(cells, "created_at", get("created_at", ""))
        status = "counting"
        corrects_id = superseded_at = deleted_at = None
        if history:
            status = cells.choice("status", ENTRY_STATUSES, "counting") or "counting"
            corrects_id = _fast_int(cells, "corrects_id", get("corrects_id", ""))
            superseded_at = _fast_moment(cells, "superseded_at", get("superseded_at", ""))
            deleted_at = _fast_moment(cells, "deleted_at", get("deleted_at", ""))
        level_id: int | None = None if has_level else _stored(current, "level_id")
        if fact is not None:
            label = get("level", "").strip() if has_level else ""
            if fact.kind == BenchmarkKind.SCALE:
                if label:
                    chosen = levels_by_label.get(fact.scale_id, {}).get(label.lower())
                    if chosen is None:
                        choices = ", ".join(
                            lv.label for lv in levels_by_label.get(fact.scale_id, {}).values()
                        )
                        cells.error(
                            "level", f"“{label}” is not a level of this benchmark's scale ({choices})."
                        )
                    else:
                        level_id = chosen.id
            elif label:
                cells.error("level", f"This benchmark is a {fact.kind}; only scale benchmarks take a level.")
            if value is not None and fact.kind != BenchmarkKind.NUMERIC:
                cells.error(
                    "value", f"This benchmark is a {fact.kind}; only numeric benchmarks take a value."
                )
            if achieved is not None and fact.kind != BenchmarkKind.MILESTONE:
                cells.error(
                    "achieved", f"This benchmark is a {fact.kind}; only milestones are achieved or not."
                )
        if cells.errors or fact is None:
            results.append(RowResult(row_number, "error", str(entry_id or ""), errors=cells.errors))
            continue
        levels = levels_by_id.get(fact.scale_id, {})
        try:
            checked = check_observation(
                fact,
                EntryInput(
                    observed_on=observed_on,
                    level_id=level_id,
                    value=value,
                    achieved=achieved,
                    note=note,
                    evidence_url=evidence,
                ),
                today=today,
                levels=levels,
            )
        except RuleViolation as violation:
            for name, message in violation.errors.items():
                column = "level" if name == "level_id" else name or "observed_on"
                if column == "observed_on" and observed_on is None and not cells.raw("observed_on"):
                    message = "The date of the observation is required."
                cells.error(column, message)
            results.append(RowResult(row_number, "error", str(entry_id or ""), errors=cells.errors))
            continue
        author_email = get("author", "").strip().lower()
        author_id = users.get(author_email) if author_email else None
        if author_email and author_id is None:
            unknown_authors += 1
        substance = (
            fact.id,
            checked.observed_on,
            checked.level_id,
            checked.value,
            checked.achieved,
            checked.note,
            checked.evidence_url,
        )
        values_row = {
            "benchmark_id": fact.id,
            "kind": fact.kind,
            "observed_on": checked.observed_on,
            "level_id": checked.level_id,
            "value": checked.value,
            "achieved": checked.achieved,
            "score": checked.score,
            "note": checked.note,
            "evidence_url": checked.evidence_url,
            "author_id": author_id if author_id is not None else by.user_id,
            "created_at": created_at or now,
            "corrects_id": None,
            "superseded_at": None,
            "deleted_at": None,
        }
        work.labels[fact.id] = (fact.title, fact.recommendation_id, fact.code)
        if current is not None:
            result = _existing_entry(
                cells, current, fact, substance, status, has_status, corrected_by, levels
            )
            if result.action == "update":
                values_row["created_at"] = now
                work.corrections.append((current.id, values_row))
            results.append(result)
            continue
        if entry_id is None and status != "counting":
            cells.error("status", "A new row is always counting; leave the status empty.")
        if entry_id is None and corrects_id is not None:
            cells.error("corrects_id", "To correct an entry, change its own row instead of adding one.")
        if status == "corrected" and superseded_at is None:
            cells.error("superseded_at", "A corrected entry needs the time it was corrected.")
        if status == "deleted" and deleted_at is None:
            cells.error("deleted_at", "A deleted entry needs the time it was deleted.")
        if (
            corrects_id is not None
            and corrects_id not in entries
            and corrects_id not in in_file
            and corrects_id not in stored_targets
        ):
            cells.error("corrects_id", f"There is no entry {corrects_id} for this one to correct.")
        if fact.archived and entry_id is None:
            cells.error("benchmark_id", "This benchmark is archived; restore it before recording progress.")
        if cells.errors:
            results.append(RowResult(row_number, "error", str(entry_id or ""), errors=cells.errors))
            continue
        if entry_id is None:
            already = recorded.get(substance) or seen_new.get(substance)
            if already is not None:
                where = f"entry {already}" if substance in recorded else f"row {already}"
                results.append(RowResult(row_number, "unchanged", "", note=f"already recorded as {where}"))
                continue
            seen_new[substance] = row_number
            work.creates.append(values_row)
            results.append(RowResult(row_number, "create", "(new)", note=f"{fact.code}: {fact.title}"))
            continue
        values_row["id"] = entry_id
        if history:
            values_row["corrects_id"] = corrects_id
            values_row["superseded_at"] = superseded_at if status == "corrected" else None
            values_row["deleted_at"] = deleted_at if status == "deleted" else None
        in_file.add(entry_id)
        work.restores.append(values_row)
        results.append(RowResult(row_number, "create", str(entry_id), note=f"{fact.code}: {fact.title}"))
    on_progress(len(rows), total)
    notices = []
    if unknown_authors:
        notices.append(
            f"{unknown_authors} row(s) name an author with no account here; those entries are recorded as "
            "imported by you."
        )
    if work.restores:
        notices.append(
            f"{len(work.restores)} new entr{'y keeps' if len(work.restores) == 1 else 'ies keep'} "
            "the id given in the file (as when restoring an export into another database)."
        )
    return results, work, notices


def _existing_entry(
    cells: _Cells,
    current: Any,
    fact: _BenchmarkFacts,
    substance: tuple[Any, ...],
    status: str,
    has_status: bool,
    corrected_by: Mapping[int, int],
    levels: Mapping[int, ScaleLevel],
) -> RowResult:
    """A row naming an entry that exists: unchanged, a correction, or an error (history stays)."""
    entry_id = current.id
    if current.benchmark_id != fact.id:
        cells.error("benchmark_id", f"Entry {entry_id} belongs to benchmark {current.benchmark_id}.")
        return RowResult(cells.row, "error", str(entry_id), errors=cells.errors)
    stored_status = "deleted" if current.deleted_at else "corrected" if current.superseded_at else "counting"
    stored = (
        current.benchmark_id,
        current.observed_on,
        current.level_id,
        current.value,
        current.achieved,
        current.note,
        current.evidence_url,
    )
    if has_status and status != stored_status:
        cells.error(
            "status",
            f"Entry {entry_id} is {stored_status}; corrections and deletions are made on the "
            "recommendation's page, not by import.",
        )
    elif stored == substance:
        return RowResult(cells.row, "unchanged", str(entry_id))
    elif stored_status != "counting":
        newer = corrected_by.get(entry_id)
        hint = f" (by entry {newer})" if newer else ""
        cells.error(
            "entry_id",
            f"Entry {entry_id} was {stored_status}{hint}; history is never rewritten. Change the "
            "row of the entry that counts now.",
        )
    elif fact.archived:
        cells.error("benchmark_id", "This benchmark is archived; restore it before correcting its entries.")
    if cells.errors:
        return RowResult(cells.row, "error", str(entry_id), errors=cells.errors)
    names = ("benchmark_id", "observed_on", "level", "value", "achieved", "note", "evidence_url")
    changes = {
        name: (_show(old), _show(new))
        for name, old, new in zip(names, stored, substance, strict=True)
        if old != new
    }
    if "level" in changes:
        labels = {lv.id: lv.label for lv in levels.values()}
        changes["level"] = (labels.get(current.level_id, ""), labels.get(substance[2], ""))
    return RowResult(cells.row, "update", str(entry_id), changes=changes, note=f"corrects entry {entry_id}")


def _fast_int(cells: _Cells, column: str, text: str) -> int | None:
    """A positive id: the common case inline, anything odd through _Cells for its message."""
    if not text:
        return None
    if text.isdigit() and len(text) < 10:
        number = int(text)
        if number >= 1:
            return number
    return cells.integer(column, minimum=1) if text.strip() else None


def _fast_day(cells: _Cells, column: str, text: str) -> date | None:
    """An ISO date: the common case inline, anything odd through _Cells for its message."""
    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if within_calendar(day):
                return day
    return cells.day(column)


def _fast_number(cells: _Cells, column: str, text: str) -> float | None:
    """A finite number: the common case inline, anything odd through _Cells for its message."""
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return cells.number(column)
    if number - number == 0.0:  # finite: inf - inf and nan - nan are nan
        return number
    return cells.number(column)


def _fast_moment(cells: _Cells, column: str, text: str) -> datetime | None:
    """An ISO timestamp in UTC: the common case inline, anything odd through _Cells for its message."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return cells.moment(column)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# -- planning entry point ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportSource:
    """A file to import and how to read it: our own header, or a mapping."""

    table: CsvTable
    mapping: ColumnMapping | None = None

    @property
    def kind(self) -> str:
        """The kind of records the file holds."""
        return self.mapping.kind if self.mapping is not None else recognise(self.table.header)


def plan(
    session: Session,
    source: ImportSource,
    *,
    by: ActingUser,
    today: date,
    on_progress: Progress = _no_progress,
) -> ImportPlan:
    """Check every row of the file against the database and the rules; write nothing.

    Raises UnknownHeader when the file has neither our header nor a mapping.
    """
    with paused_gc():
        return _plan(session, source, by=by, today=today, on_progress=on_progress)


def _plan(
    session: Session, source: ImportSource, *, by: ActingUser, today: date, on_progress: Progress
) -> ImportPlan:
    """The plan, with the collector paused (see `plan`)."""
    kind = source.kind
    total = len(source.table.rows)
    if source.mapping is not None:
        problems = check_mapping(source.mapping, source.table.header)
        if problems:
            raise RuleViolation(problems)
        present, rows = map_rows(source.table, source.mapping)
    else:
        present, rows = own_rows(source.table, kind)
    notices: list[str]
    work: Any
    if kind == "recommendations":
        actor_kind = source.mapping.actor_kind if source.mapping is not None else ActorKind.OTHER.value
        results, work, notices = _plan_recommendations(
            session, rows, present, actor_kind=actor_kind, on_progress=on_progress, total=total
        )
    elif kind == "benchmarks":
        results, work, notices = _plan_benchmarks(
            session, rows, present, on_progress=on_progress, total=total
        )
    else:
        results, work, notices = _plan_progress(
            session, rows, present, by=by, today=today, on_progress=on_progress, total=total
        )
    if source.mapping is None:
        ignored = sorted({name.strip().lower() for name in source.table.header} & COMPUTED[kind])
        if ignored:
            notices.append(
                f"Computed column{'s' if len(ignored) > 1 else ''} {', '.join(ignored)} "
                "are not imported: they follow from the data."
            )
    return ImportPlan(
        kind=kind, results=results, notices=notices, work=work, mapped=source.mapping is not None
    )


# -- applying ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an applied import did."""

    kind: str
    counts: dict[str, int]
    touched_recommendations: int


def _insert_returning(session: Session, table: Table, rows: list[dict[str, Any]], *columns: Any) -> list[Any]:
    """Insert rows in batches and return `columns` of each new row, in no particular order.

    Callers match them up by a key of their own: asking for the order of the
    parameters makes SQLAlchemy insert one row at a time on SQLite.
    """
    found: list[Any] = []
    for chunk in _chunks(rows, 1000):
        found.extend(session.execute(insert(table).returning(*columns), list(chunk)).all())
    return found


def _insert_returning_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids in the order given (one statement per row on SQLite)."""
    ids: list[int] = []
    for chunk in _chunks(rows, 1000):
        result = session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), list(chunk)
        )
        ids.extend(result.scalars().all())
    return ids


# From this many rows, inserts go straight to the driver (PostgreSQL: COPY).
BULK_FROM = 5000


def _insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows: many at once straight through the driver, else in batches of a thousand."""
    if len(rows) >= BULK_FROM and _bulk_insert(session.connection(), table, rows):
        return
    for chunk in _chunks(rows, 1000):
        session.execute(insert(table), list(chunk))


def _bulk_insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> bool:
    """Insert rows straight through the driver (`bulk`); False if it cannot.

    SQLAlchemy builds and converts a parameter dictionary per row: for a
    million entries that was a third of the import's write time on SQLite, and
    on PostgreSQL an INSERT executemany is still parsed and planned row by row
    (over a minute for a million; COPY takes seconds). It only applies when
    every row names the same columns and no column left out has a default
    computed in Python (which the driver would not apply).
    """
    names = list(rows[0])
    if any(len(row) != len(names) or row.keys() != rows[0].keys() for row in rows):
        return False
    if any(column.default is not None for column in table.columns if column.name not in rows[0]):
        return False
    if connection.dialect.name not in ("postgresql", "sqlite"):
        return False
    convert = bulk.row_converter(connection, table, names)
    bulk.insert_rows(connection, table, names, map(convert, rows))
    return True


def _follow_explicit_ids(session: Session, table: Table) -> None:
    """After rows were inserted with ids of their own, move PostgreSQL's id sequence past them.

    SQLite numbers new rows from the highest id, so nothing is needed there.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        select(
            func.setval(
                func.pg_get_serial_sequence(table.name, "id"),
                select(func.coalesce(func.max(table.c.id), 1)).scalar_subquery(),
            )
        )
    )


def _update_checked(
    session: Session, table: Table, rows: list[dict[str, Any]], columns: Sequence[str], *, what: str
) -> None:
    """Versioned updates of `columns`; refused with ImportConflict when a row changed since it was read."""
    if not rows:
        return
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(
            {name: bindparam(f"v_{name}") for name in columns}
            | {"version": table.c.version + 1, "updated_at": bindparam("v_updated_at")}
        )
    )
    for chunk in _chunks(rows, 1000):
        result = session.execute(statement, list(chunk))
        matched = cast(Any, result).rowcount
        if matched != len(chunk) and session.get_bind().dialect.supports_sane_multi_rowcount:
            raise ImportConflict(f"Some {what} were changed by someone else while the import ran.")


def _events(session: Session, events: list[dict[str, Any]]) -> None:
    """Add many audit events at once (the same shape as audit.record)."""
    if events:
        _insert_many(session, audit_table, events)


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """A snapshot ready for the JSON column: dates as ISO text, sets sorted (what audit.jsonable does,
    for the flat values an import writes, without its recursion over every value)."""
    plain: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, frozenset | set | tuple):
            value = sorted(value)
        elif isinstance(value, dict):
            value = audit.jsonable(value)
        plain[key] = value
    return plain


def _event(
    by: ActingUser,
    now: datetime,
    *,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    recommendation_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One audit event as a row for a bulk insert (the shape audit.record writes)."""
    return {
        "at": now,
        "user_id": by.user_id,
        "user_email": by.email,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "recommendation_id": recommendation_id,
        "summary": summary[:500],
        "before": _plain(before) if before is not None else None,
        "after": _plain(after) if after is not None else None,
        "ip": by.ip,
        "request_id": by.request_id,
    }


def apply(
    session: Session,
    plan_: ImportPlan,
    *,
    by: ActingUser,
    filename: str,
    on_progress: Progress = _no_progress,
) -> ImportOutcome:
    """Write a plan without a single error, in the caller's transaction (flushed, not committed).

    Every created or changed record gets its own audit event (inserted in bulk),
    and the import as a whole one more with the file name and the counts.
    Raises ImportConflict when data read by the plan changed meanwhile.
    """
    if not plan_.ok:
        raise RuleViolation("The file has errors; nothing was imported.")
    with paused_gc():
        return _apply(session, plan_, by=by, filename=filename, on_progress=on_progress)


def _apply(
    session: Session, plan_: ImportPlan, *, by: ActingUser, filename: str, on_progress: Progress
) -> ImportOutcome:
    """The writes, with the collector paused (see `apply`)."""
    session.flush()
    now = utcnow()
    if plan_.kind == "recommendations":
        touched = _apply_recommendations(session, plan_.work, by=by, now=now, on_progress=on_progress)
    elif plan_.kind == "benchmarks":
        touched = _apply_benchmarks(session, plan_.work, by=by, now=now, on_progress=on_progress)
    else:
        touched = _apply_progress(session, plan_.work, by=by, now=now, on_progress=on_progress)
    counts = plan_.counts
    _events(
        session,
        [
            _event(
                by,
                now,
                action="import",
                entity=ENTITY[plan_.kind],
                entity_id=None,
                summary=f"Imported {KIND_LABELS[plan_.kind]} from {filename}: {counts['create']} created, "
                f"{counts['update']} changed, {counts['unchanged']} unchanged",
                after={"file": filename, "kind": plan_.kind, "counts": counts, "mapped": plan_.mapped},
            )
        ],
    )
    return ImportOutcome(plan_.kind, counts, touched)


def _apply_recommendations(
    session: Session, work: RecommendationWork, *, by: ActingUser, now: datetime, on_progress: Progress
) -> int:
    """Write a recommendations plan; the number of recommendations created or changed."""
    events: list[dict[str, Any]] = []
    ids: dict[str, dict[str, int]] = {
        "theme": {k: v[0] for k, v in _lower_names(session, Theme, "name").items()},
        "source": {k: v[0] for k, v in _lower_names(session, Source, "title").items()},
        "actor": {k: v[0] for k, v in _lower_names(session, Actor, "name").items()},
    }
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    for entity, table, column, names, extra in (
        ("theme", theme_table, "name", work.new_themes, {}),
        ("source", source_table, "title", work.new_sources, {}),
        ("actor", actor_table, "name", work.new_actors, {"kind": work.actor_kind}),
    ):
        pending = [(key, name) for key, name in names.items() if key not in ids[entity]]
        for ident, name in _insert_returning(
            session,
            table,
            [{column: name, **extra, **stamp} for _, name in pending],
            table.c.id,
            table.c[column],
        ):
            ids[entity][name.lower()] = ident
            events.append(
                _event(
                    by,
                    now,
                    action="create",
                    entity=entity,
                    entity_id=ident,
                    summary=f"Created {entity} {name} (import)",
                    after={column: name, **extra},
                )
            )
    total = len(work.creates) + len(work.updates)
    done = 0

    def values_of(record: Mapping[str, Any]) -> dict[str, Any]:
        """A recommendation's columns from imported values, names resolved to ids."""
        values: dict[str, Any] = {}
        for name in ("title", "text", "locator", "priority", "status", "issued_on", "due_on", "tags"):
            if name in record:
                values[name] = record[name]
        if "theme" in record:
            values["theme_id"] = ids["theme"][record["theme"].lower()]
        if "source" in record:
            values["source_id"] = ids["source"][record["source"].lower()] if record["source"] else None
        if "archived" in record:
            values["archived_at"] = now if record["archived"] else None
        return values

    creates = [{"code": r["code"], **values_of(r), **stamp} for r in work.creates]
    by_code = dict(_insert_returning(session, rec, creates, rec.c.code, rec.c.id))
    new_ids = [by_code[r["code"]] for r in work.creates]
    links: list[dict[str, Any]] = []
    for record, values, ident in zip(work.creates, creates, new_ids, strict=True):
        actor_links = [
            {"recommendation_id": ident, "actor_id": ids["actor"][name.lower()], "role": role}
            for name, role in record["actors"]
        ]
        links += actor_links
        snapshot = {k: v for k, v in values.items() if k not in ("created_at", "updated_at")}
        snapshot["actors"] = sorted(f"{a['actor_id']}:{a['role']}" for a in actor_links)
        events.append(
            _event(
                by,
                now,
                action="create",
                entity="recommendation",
                entity_id=ident,
                recommendation_id=ident,
                summary=f"Created {record['code']} (import)",
                after=snapshot,
            )
        )
        done += 1
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
    _insert_many(session, link, links)
    # Updates share one statement per set of changed columns.
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    relinks: list[tuple[int, list[tuple[str, str]]]] = []
    for ident, version, changed, before in work.updates:
        values = values_of(changed)
        if values:
            columns = tuple(sorted(values))
            groups.setdefault(columns, []).append(
                {
                    "b_id": ident,
                    "b_version": version,
                    "v_updated_at": now,
                    **{f"v_{k}": v for k, v in values.items()},
                }
            )
        if "actors" in changed:
            relinks.append((ident, sorted(changed["actors"])))
        events.append(
            _event(
                by,
                now,
                action="update",
                entity="recommendation",
                entity_id=ident,
                recommendation_id=ident,
                summary="Updated by import: " + ", ".join(sorted(changed)),
                before={**before, "version": version},
                # The version it produced: an edit form opened before the import lists these changes.
                after={**changed, "version": version + 1},
            )
        )
        done += 1
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
    for columns, rows in groups.items():
        _update_checked(session, rec, rows, columns, what="recommendations")
    relinked = [ident for ident, _ in relinks]
    # Actor-only changes still bump the version, so open edit forms notice.
    actors_only = [
        {"b_id": ident, "b_version": version, "v_updated_at": now}
        for ident, version, changed, _ in work.updates
        if not values_of(changed)
    ]
    _update_checked(session, rec, actors_only, (), what="recommendations")
    for chunk in _chunks(relinked):
        session.execute(delete(link).where(link.c.recommendation_id.in_(chunk)))
    _insert_many(
        session,
        link,
        [
            {"recommendation_id": ident, "actor_id": ids["actor"][name.lower()], "role": role}
            for ident, pairs in relinks
            for name, role in pairs
        ],
    )
    _events(session, events)
    scores.refresh_states(session, recommendation_ids=new_ids)
    on_progress(total, total)
    return len(new_ids) + len(work.updates)


def _apply_benchmarks(
    session: Session, work: BenchmarkWork, *, by: ActingUser, now: datetime, on_progress: Progress
) -> int:
    """Write a benchmarks plan; the number of recommendations whose benchmarks changed."""
    events: list[dict[str, Any]] = []
    stamp = {"version": 1, "created_at": now, "updated_at": now}

    def row_of(record: Mapping[str, Any]) -> dict[str, Any]:
        """A benchmark's columns from imported values."""
        values = {name: record[name] for name in _BENCH_FIELDS if name in record and name != "archived"}
        if "archived" in record:
            values["archived_at"] = now if record["archived"] else None
        return values

    restored = sorted((r for r in work.creates if r["id"] is not None), key=lambda r: r["id"])
    fresh = [r for r in work.creates if r["id"] is None]
    _insert_many(
        session,
        bench,
        [
            {"id": r["id"], "recommendation_id": r["recommendation_id"], **row_of(r), **stamp}
            for r in restored
        ],
    )
    if restored:
        _follow_explicit_ids(session, bench)
    fresh_ids = _insert_returning_ids(
        session, bench, [{"recommendation_id": r["recommendation_id"], **row_of(r), **stamp} for r in fresh]
    )
    created = [(r["id"], r) for r in restored] + list(zip(fresh_ids, fresh, strict=True))
    for ident, record in created:
        events.append(
            _event(
                by,
                now,
                action="create",
                entity="benchmark",
                entity_id=ident,
                recommendation_id=record["recommendation_id"],
                summary=f"Added benchmark “{record['title']}” to {record['code']} (import)",
                after={name: record[name] for name in _BENCH_FIELDS},
            )
        )
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    rescore: list[int] = []
    for ident, version, recommendation_id, changed, before, needs_rescore in work.updates:
        values = row_of(changed)
        groups.setdefault(tuple(sorted(values)), []).append(
            {
                "b_id": ident,
                "b_version": version,
                "v_updated_at": now,
                **{f"v_{k}": v for k, v in values.items()},
            }
        )
        if needs_rescore:
            rescore.append(ident)
        events.append(
            _event(
                by,
                now,
                action="update",
                entity="benchmark",
                entity_id=ident,
                recommendation_id=recommendation_id,
                summary=f"Updated benchmark {ident} of {work.codes.get(recommendation_id, '')} (import)",
                before={**before, "version": version},
                after={**changed, "version": version + 1},
            )
        )
    for columns, rows in groups.items():
        _update_checked(session, bench, rows, columns, what="benchmarks")
    _rescore_numeric(session, rescore)
    parents = sorted({r["recommendation_id"] for r in work.creates} | {u[2] for u in work.updates})
    # A recommendation's version covers its benchmarks (as in recommendations.update_recommendation).
    for chunk in _chunks(parents):
        session.execute(
            update(rec).where(rec.c.id.in_(chunk)).values(version=rec.c.version + 1, updated_at=now)
        )
    _events(session, events)
    touched = [ident for ident, _ in created] + [u[0] for u in work.updates]
    if len(touched) > REBUILD_THRESHOLD:
        scores.rebuild_all_states(session)
    else:
        scores.refresh_states(session, benchmark_ids=touched, recommendation_ids=parents)
    on_progress(len(touched), len(touched))
    return len(parents)


def _rescore_numeric(session: Session, benchmark_ids: list[int]) -> None:
    """Store new scores on every entry of numeric benchmarks whose baseline or target moved
    (the same arithmetic as recommendations._rescore_numeric)."""
    for chunk in _chunks(benchmark_ids):
        rows = session.execute(
            select(entry.c.id, entry.c.value, bench.c.baseline, bench.c.target, bench.c.direction)
            .join(bench, bench.c.id == entry.c.benchmark_id)
            .where(entry.c.benchmark_id.in_(chunk))
        ).all()
        updates = [
            {
                "b_id": row.id,
                "v_score": numeric_score(
                    row.value, baseline=row.baseline, target=row.target, direction=row.direction
                ),
            }
            for row in rows
        ]
        for part in _chunks(updates, 1000):
            session.execute(
                update(entry).where(entry.c.id == bindparam("b_id")).values(score=bindparam("v_score")),
                list(part),
            )


def id_ranges(ids: Iterable[int]) -> str:
    """Ids as compact ranges: "1-200, 205, 210-212"."""
    ordered = sorted(ids)
    parts: list[str] = []
    start = previous = None
    for ident in ordered:
        if previous is not None and ident == previous + 1:
            previous = ident
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = ident
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}-{previous}")
    return ", ".join(parts)


def _apply_progress(
    session: Session, work: ProgressWork, *, by: ActingUser, now: datetime, on_progress: Progress
) -> int:
    """Write a progress plan; the number of recommendations with new or corrected entries."""
    total = len(work.restores) + len(work.creates) + len(work.corrections)
    done = 0
    # Restored entries keep their ids; in id order, a correction's target is written before it.
    restores = sorted(work.restores, key=lambda r: r["id"])
    for chunk in _chunks(restores, 4 * BULK_FROM):
        _insert_many(session, entry, list(chunk))
        done += len(chunk)
        on_progress(done, total)
    if restores:
        _follow_explicit_ids(session, entry)
    # New entries and corrections are matched to their recommendations through the benchmark.
    created: list[tuple[int, int]] = []
    for chunk in _chunks(work.creates, 1000):
        created += _insert_returning(session, entry, list(chunk), entry.c.id, entry.c.benchmark_id)
        done += len(chunk)
        on_progress(done, total)
    corrected = [old_id for old_id, _ in work.corrections]
    for chunk in _chunks(corrected):
        result = session.execute(
            update(entry)
            .where(entry.c.id.in_(chunk), entry.c.superseded_at.is_(None), entry.c.deleted_at.is_(None))
            .values(superseded_at=now)
        )
        if cast(Any, result).rowcount != len(chunk):
            raise ImportConflict("An entry to be corrected was corrected or deleted while the import ran.")
    correction_rows = [{**values, "corrects_id": old_id} for old_id, values in work.corrections]
    corrections_made = _insert_returning(
        session, entry, correction_rows, entry.c.id, entry.c.corrects_id, entry.c.benchmark_id
    )
    done += len(correction_rows)
    on_progress(done, total)

    # One event per recommendation touched, naming its new and corrected entries. An event per
    # entry (as record_progress writes) would double the rows a large import writes, and its time;
    # each entry keeps who recorded it and when, and the import's own event has the file and counts.
    touched_recs: dict[int, tuple[str, list[int], list[tuple[int, int]]]] = {}
    for ident, benchmark_id in [(r["id"], r["benchmark_id"]) for r in restores] + created:
        _, recommendation_id, code = work.labels[benchmark_id]
        touched_recs.setdefault(recommendation_id, (code, [], []))[1].append(ident)
    for ident, old_id, benchmark_id in corrections_made:
        _, recommendation_id, code = work.labels[benchmark_id]
        touched_recs.setdefault(recommendation_id, (code, [], []))[2].append((old_id, ident))
    events = []
    for recommendation_id, (code, recorded, corrections) in touched_recs.items():
        if recorded:
            plural = "y" if len(recorded) == 1 else "ies"
            events.append(
                _event(
                    by,
                    now,
                    action="create",
                    entity="progress_entry",
                    entity_id=recorded[0] if len(recorded) == 1 else None,
                    recommendation_id=recommendation_id,
                    summary=f"Recorded {len(recorded)} progress entr{plural} on {code} (import)",
                    after={"entries": id_ranges(recorded)},
                )
            )
        if corrections:
            events.append(
                _event(
                    by,
                    now,
                    action="correct",
                    entity="progress_entry",
                    entity_id=corrections[0][1] if len(corrections) == 1 else None,
                    recommendation_id=recommendation_id,
                    summary=f"Corrected {len(corrections)} progress entr"
                    f"{'y' if len(corrections) == 1 else 'ies'} on {code} (import)",
                    before={"entries": id_ranges(old for old, _ in corrections)},
                    after={"corrections": [list(pair) for pair in corrections]},
                )
            )
    _events(session, events)
    touched = sorted(
        {r["benchmark_id"] for r in restores}
        | {r["benchmark_id"] for r in work.creates}
        | {v["benchmark_id"] for _, v in work.corrections}
    )
    if len(touched) > REBUILD_THRESHOLD:
        scores.rebuild_all_states(session)
    else:
        scores.refresh_states(session, benchmark_ids=touched)
    return len({work.labels[b][1] for b in touched})


# -- the per-row report ------------------------------------------------------------------

REPORT_COLUMNS = ("row", "outcome", "key", "column", "message")


def report_rows(results: Iterable[RowResult]) -> Iterator[tuple[Any, ...]]:
    """Every row's outcome as CSV rows: one per error, else one per row."""
    text = csv_files.text_cell
    for result in results:
        if result.errors:
            for error in result.errors:
                yield (result.row, "error", text(result.key), error.column, text(error.message))
        else:
            yield (result.row, result.action, text(result.key), "", text(result.describe()))


def report_batches(results: Iterable[RowResult]) -> Iterator[list[tuple[Any, ...]]]:
    """The per-row report in batches, as `csv_files.encode_rows` takes them."""
    rows = report_rows(results)
    while batch := list(itertools.islice(rows, 1000)):
        yield batch


def pack_report(results: Iterable[RowResult]) -> bytes:
    """The per-row report, compressed for keeping on the job."""
    return zlib.compress(b"".join(csv_files.encode_rows(REPORT_COLUMNS, report_batches(results))))


def unpack_report(packed: bytes) -> bytes:
    """The per-row report as CSV bytes."""
    return zlib.decompress(packed)


# -- saved mappings --------------------------------------------------------------------


def find_mapping(
    session: Session, *, signature: str | None = None, name: str | None = None
) -> ImportMapping | None:
    """A saved mapping by header signature or by name (any case)."""
    if signature is not None:
        return session.scalar(select(ImportMapping).where(ImportMapping.signature == signature))
    if name is not None:
        return session.scalar(
            select(ImportMapping).where(func.lower(ImportMapping.name) == name.strip().lower())
        )
    return None


def list_mappings(session: Session) -> list[ImportMapping]:
    """Every saved mapping, by name."""
    return list(session.scalars(select(ImportMapping).order_by(ImportMapping.name)))


def save_mapping(
    session: Session, *, name: str, header: Sequence[str], mapping: ColumnMapping
) -> ImportMapping:
    """Save (or replace) the mapping for this header under a name, for the next file like it."""
    name = (name or "").strip()
    if not name:
        raise RuleViolation("Give the mapping a name.", field="name")
    if len(name) > 120:
        raise RuleViolation("Keep the name to 120 characters.", field="name")
    signature = header_signature(header)
    saved = find_mapping(session, signature=signature)
    clash = find_mapping(session, name=name)
    if clash is not None and (saved is None or clash.id != saved.id):
        raise RuleViolation(f"A mapping for other columns is already called “{clash.name}”.", field="name")
    if saved is None:
        saved = ImportMapping(signature=signature)
        session.add(saved)
    saved.name = name
    saved.kind = mapping.kind
    saved.headers = list(header)
    saved.rules = mapping.to_json()
    session.flush()
    return saved

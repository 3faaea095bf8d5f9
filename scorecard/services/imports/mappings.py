"""Column mappings: a foreign file's columns onto our fields, checked, applied to rows, and saved."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scorecard.errors import N_, RuleViolation
from scorecard.models import (
    ActorKind,
    BenchmarkKind,
    Direction,
    ImportMapping,
    Priority,
    Status,
    utcnow,
)

from .. import exports
from ..csv_files import CsvTable
from ..lookup import get_or_missing
from .headers import IMPORTED, KINDS, header_signature

TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")
TITLE_MAX = 300
# {hash:To+Text}: a stable short hash of those columns, for files without ids.
HASH_PREFIX = "hash:"
HASH_LENGTH = 10
# The levels of the Implementation scale (shipped with the schema), which a direct assessment takes.
ASSESSMENT_SCALE = "Implementation"
ASSESSMENT_LEVELS = ("not implemented", "partially implemented", "fully implemented")
# How a date field's cells are written; the file's values are read this way and stored as dates.
DATE_FORMATS: dict[str, str] = {
    "iso": "YYYY-MM-DD",
    "dmy": "dd/mm/yyyy",
    "mdy": "mm/dd/yyyy",
    "d_month_y": N_("d Month yyyy"),
    "year": N_("year alone (1 January)"),
}
DATE_FIELDS = frozenset({"issued_on", "due_on", "assessed_on", "observed_on"})


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
            N_("Code"),
            N_("Unique, e.g. EU-03. With no code column, generate one: a prefix and {row}, e.g. UPR-{row}."),
            required=True,
        ),
        TargetField(
            "title", N_("Title"), N_("Titles over 300 characters are shortened at a word."), required=True
        ),
        TargetField("text", N_("Wording"), N_("The recommendation as the source words it."), required=True),
        TargetField("source", N_("Source"), N_("Report title; a new title creates the source.")),
        TargetField("locator", N_("Where in the source"), N_("Page, section or quote.")),
        TargetField("theme", N_("Theme"), N_("A new name creates the theme."), required=True),
        TargetField("actors", N_("Actors"), N_("A new name creates the actor."), multi=True),
        TargetField("tags", N_("Tags"), multi=True),
        TargetField("priority", N_("Priority"), choices=tuple(p.value for p in Priority)),
        TargetField("status", N_("Status"), choices=tuple(s.value for s in Status)),
        TargetField("issued_on", N_("Issued on"), N_("YYYY-MM-DD")),
        TargetField("due_on", N_("Due on"), N_("YYYY-MM-DD")),
        TargetField(
            "assessment",
            N_("Assessment"),
            N_("The recommendation's own implementation assessment: a level of the Implementation scale."),
            choices=ASSESSMENT_LEVELS,
        ),
        TargetField(
            "assessed_on", N_("Assessed on"), N_("When the assessment was made: a column or a fixed date.")
        ),
    ),
    "benchmarks": (
        TargetField("benchmark_id", N_("Benchmark id"), N_("Leave unmapped to add new benchmarks.")),
        TargetField("recommendation_code", N_("Recommendation code"), required=True),
        TargetField("title", N_("Title"), required=True),
        TargetField("kind", N_("Kind"), choices=tuple(k.value for k in BenchmarkKind), required=True),
        TargetField("scale", N_("Scale"), N_("For scale benchmarks: the scale's name.")),
        TargetField("baseline", N_("Baseline"), N_("Numeric benchmarks.")),
        TargetField("target", N_("Target"), N_("Numeric benchmarks.")),
        TargetField("unit", N_("Unit")),
        TargetField("direction", N_("Direction"), choices=tuple(d.value for d in Direction)),
        TargetField("weight", N_("Weight"), N_("More than 0; empty means 1.")),
        TargetField("due_on", N_("Due on"), N_("YYYY-MM-DD")),
        TargetField(
            "reporting_frequency", N_("Reporting frequency"), N_("monthly, quarterly, half-yearly or yearly")
        ),
        TargetField("reporting_due_day", N_("Reporting due day"), N_("Day of the period's last month, 1–31")),
        TargetField("position", N_("Position"), N_("Order within the recommendation, from 0.")),
    ),
    "progress": (
        TargetField("entry_id", N_("Entry id"), N_("Leave unmapped to add new entries.")),
        TargetField(
            "benchmark_id", N_("Benchmark id"), N_("Or map the recommendation code and benchmark title.")
        ),
        TargetField("recommendation_code", N_("Recommendation code")),
        TargetField(
            "benchmark_title", N_("Benchmark title"), N_("Finds the benchmark within its recommendation.")
        ),
        TargetField("observed_on", N_("Observed on"), N_("YYYY-MM-DD"), required=True),
        TargetField("level", N_("Level"), N_("Scale benchmarks: a level of its scale.")),
        TargetField("value", N_("Value"), N_("Numeric benchmarks.")),
        TargetField("achieved", N_("Achieved"), N_("Milestones: true or false."), choices=("true", "false")),
        TargetField("note", N_("Note")),
        TargetField("evidence_url", N_("Evidence link")),
        TargetField("author", N_("Author"), N_("An account's email; otherwise you are the author.")),
    ),
}


@dataclass(frozen=True, slots=True)
class FieldRule:
    """How one of our fields gets its value from a row of a foreign file.

    `column` names the source column; `value` is a fixed value, the default
    for an empty cell, or a template with {Column name} and {row} in it;
    `separator` splits a multi-valued cell (a single-valued field takes the
    first part); `translate` maps source values (any case) to ours;
    `date_format` (a key of DATE_FORMATS) says how a date field's cells are written.
    """

    column: str = ""
    value: str = ""
    separator: str = ""
    translate: tuple[tuple[str, str], ...] = ()
    date_format: str = ""

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

    def columns_read(self) -> set[str]:
        """The file's columns this mapping reads: those mapped, and those its templates name."""
        read: set[str] = set()
        for rule in self.rules.values():
            if rule.column:
                read.add(rule.column)
            read.update(_template_columns(rule.value))
        return read

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
                    **({"date_format": rule.date_format} if rule.date_format else {}),
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
            raise RuleViolation(
                N_("Unknown kind %(kind)r; use one of %(kinds)s.", kind=kind, kinds=", ".join(KINDS)),
                field="kind",
            )
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
                date_format=str(rule.get("date_format") or ""),
            )
        return cls(kind=kind, rules=rules, actor_kind=str(stored.get("actor_kind") or ActorKind.OTHER.value))


def parse_translations(text: str) -> tuple[tuple[str, str], ...]:
    """ "Accepted=accepted; Noted=rejected" as pairs (either ; or new lines between them)."""
    pairs: list[tuple[str, str]] = []
    for part in re.split(r"[;\n]", text or ""):
        if "=" not in part:
            if part.strip():
                raise ValueError(
                    N_("“%(part)s” needs an = between the value and what it becomes.", part=part.strip())
                )
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
            errors[target.name] = N_("The file has no column “%(column)s”.", column=rule.column)
            continue
        for name in _template_columns(rule.value):
            if name not in columns:
                errors[target.name] = N_(
                    "{%(name)s} is not a column of the file (use {row} for the row number).", name=name
                )
        if rule.date_format and rule.date_format not in DATE_FORMATS:
            errors[target.name] = N_(
                "Choose a date format: %(formats)s.", formats=", ".join(DATE_FORMATS.values())
            )
        if target.choices:
            allowed = set(target.choices)
            # An empty translation leaves the field empty (e.g. no assessment for a noted recommendation).
            bad = [o for _, o in rule.translate if o.strip() and o.strip().lower() not in allowed]
            fixed = rule.value.strip().lower()
            if bad:
                errors[target.name] = N_(
                    "“%(value)s” is not one of: %(choices)s.", value=bad[0], choices=", ".join(target.choices)
                )
            elif fixed and not TEMPLATE_FIELD.search(fixed) and fixed not in allowed:
                errors[target.name] = N_(
                    "“%(value)s” is not one of: %(choices)s.",
                    value=rule.value,
                    choices=", ".join(target.choices),
                )
    if mapping.kind == "recommendations" and mapping.actor_kind not in ActorKind.__members__.values():
        errors["actor_kind"] = N_("Choose a kind for new actors.")
    if mapping.kind == "progress" and not (
        mapping.rules.get("benchmark_id", FieldRule()).is_set
        or (
            mapping.rules.get("recommendation_code", FieldRule()).is_set
            and mapping.rules.get("benchmark_title", FieldRule()).is_set
        )
    ):
        errors["benchmark_id"] = N_(
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
            if mapping.kind == "recommendations" and target.name != "code" and _assesses(mapping):
                continue  # a follow-up file assesses known recommendations; new codes' rows say what lacks
            errors[target.name] = N_("Map a column or give a value: it is needed to create records.")
    return errors


def _assesses(mapping: ColumnMapping) -> bool:
    """Whether a recommendations mapping brings assessments."""
    return mapping.rules.get("assessment", FieldRule()).is_set


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


def _template_columns(template: str) -> list[str]:
    """The file's columns a template reads: {Column} and each column of {hash:A+B}."""
    names: list[str] = []
    for name in TEMPLATE_FIELD.findall(template):
        if name.startswith(HASH_PREFIX):
            names += [part.strip() for part in name[len(HASH_PREFIX) :].split("+")]
        elif name != "row":
            names.append(name)
    return names


def short_hash(values: Sequence[str]) -> str:
    """A stable short hash of cell values (spaces and case ignored), the same for the same row in any file."""
    joined = "\x1f".join(" ".join(value.split()).lower() for value in values)
    return hashlib.sha256(joined.encode()).hexdigest()[:HASH_LENGTH].upper()


def _expand(template: str, cells: Mapping[str, str], row: int) -> str:
    """A template with {Column}, {hash:A+B} and {row} filled in from one row."""

    def replace(match: re.Match[str]) -> str:
        """One {…} of the template."""
        name = match.group(1)
        if name == "row":
            return f"{row:05d}"
        if name.startswith(HASH_PREFIX):
            columns = [part.strip() for part in name[len(HASH_PREFIX) :].split("+")]
            return short_hash([cells.get(column, "") for column in columns])
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
                elif name in DATE_FIELDS and rule.date_format:
                    value = read_date(value, rule.date_format)
                mapped[name] = value
            yield row_number, mapped

    return present, rows()


_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (date(2000, number, 1).strftime("%B").lower(), date(2000, number, 1).strftime("%b").lower())
}
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_WORDED_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")


def read_date(text: str, date_format: str) -> str:
    """A date written in `date_format` as YYYY-MM-DD; unreadable text comes back as it is (the row's
    check then says what is wrong)."""
    text = text.strip()
    parsed: date | None = None
    try:
        if date_format == "year" and re.fullmatch(r"\d{4}", text):
            parsed = date(int(text), 1, 1)
        elif date_format == "iso":
            parsed = datetime.strptime(text, "%Y-%m-%d").date()
        elif date_format in ("dmy", "mdy") and (match := _NUMERIC_DATE.match(text)):
            first, second, year = (int(part) for part in match.groups())
            if len(match.group(3)) == 4:
                day, month = (first, second) if date_format == "dmy" else (second, first)
                parsed = date(year, month, day)
        elif date_format == "d_month_y" and (match := _WORDED_DATE.match(text)):
            named = _MONTHS.get(match.group(2).lower())
            if named:
                parsed = date(int(match.group(3)), named, int(match.group(1)))
    except ValueError:
        parsed = None
    return parsed.isoformat() if parsed else text


def guess_date_format(values: Iterable[str]) -> str:
    """The date format that reads the most of these cells (ISO on a tie), "" when none reads any."""
    samples = [value.strip() for value in values if value.strip()][:200]
    best, best_count = "", 0
    for date_format in DATE_FORMATS:
        count = sum(1 for value in samples if read_date(value, date_format) != value)
        if date_format == "iso":
            count = sum(1 for value in samples if _is_iso(value))
        if count > best_count:
            best, best_count = date_format, count
    return best


def _is_iso(value: str) -> bool:
    """Whether a cell is already YYYY-MM-DD."""
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def own_rows(table: CsvTable, kind: str) -> tuple[frozenset[str], Iterator[tuple[int, dict[str, str]]]]:
    """The rows of a file with our own header, keyed by our column names (computed ones are ignored later)."""
    names = [name.strip().lower() for name in table.header]
    present = frozenset(names) & frozenset(IMPORTED[kind])

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        """The rows, one at a time."""
        for row_number, cells in table.rows:
            yield row_number, dict(zip(names, cells, strict=True))

    return present, rows()


def find_mapping(
    session: Session, *, signature: str | None = None, name: str | None = None
) -> ImportMapping | None:
    """A saved mapping by header signature (the latest saved) or by name (any case)."""
    if signature is not None:
        return session.scalar(
            select(ImportMapping)
            .where(ImportMapping.signature == signature)
            .order_by(ImportMapping.updated_at.desc(), ImportMapping.id.desc())
            .limit(1)
        )
    if name is not None:
        return session.scalar(
            select(ImportMapping).where(func.lower(ImportMapping.name) == name.strip().lower())
        )
    return None


def list_mappings(session: Session) -> list[ImportMapping]:
    """Every saved mapping, by name."""
    return list(session.scalars(select(ImportMapping).order_by(ImportMapping.name)))


def _checked_name(name: str) -> str:
    """A mapping's name, trimmed; an empty or over-long one is refused."""
    name = (name or "").strip()
    if not name:
        raise RuleViolation(N_("Give the mapping a name."), field="name")
    if len(name) > 120:
        raise RuleViolation(N_("Keep the name to 120 characters."), field="name")
    return name


def save_mapping(
    session: Session, *, name: str, header: Sequence[str], mapping: ColumnMapping
) -> ImportMapping:
    """Save the mapping under a name, for the next file like it; the same name for the same columns
    replaces it, a new name keeps the others."""
    name = _checked_name(name)
    signature = header_signature(header)
    saved = find_mapping(session, name=name)
    if saved is not None and saved.signature != signature:
        raise RuleViolation(
            N_("A mapping for other columns is already called “%(name)s”.", name=saved.name), field="name"
        )
    if saved is None:
        saved = ImportMapping(signature=signature)
        session.add(saved)
    saved.name = name
    saved.kind = mapping.kind
    saved.headers = list(header)
    saved.rules = mapping.to_json()
    saved.updated_at = utcnow()
    session.flush()
    return saved


def rename_mapping(session: Session, mapping_id: int, *, name: str) -> ImportMapping:
    """Give a saved mapping another name (refused if another mapping has it)."""
    saved = get_or_missing(session, ImportMapping, mapping_id, "Saved mapping")
    name = _checked_name(name)
    clash = find_mapping(session, name=name)
    if clash is not None and clash.id != saved.id:
        raise RuleViolation(
            N_("Another mapping is already called “%(name)s”.", name=clash.name), field="name"
        )
    saved.name = name
    session.flush()
    return saved


def delete_mapping(session: Session, mapping_id: int) -> str:
    """Delete a saved mapping; its name. Jobs that used it keep their own copy."""
    saved = get_or_missing(session, ImportMapping, mapping_id, "Saved mapping")
    name = saved.name
    session.delete(saved)
    session.flush()
    return name

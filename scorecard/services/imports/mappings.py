"""Column mappings: a foreign file's columns onto our fields, checked, applied to rows, and saved."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scorecard.errors import RuleViolation
from scorecard.models import (
    ActorKind,
    BenchmarkKind,
    Direction,
    ImportMapping,
    Priority,
    Status,
)

from .. import exports
from ..csv_files import CsvTable
from .headers import IMPORTED, KINDS, header_signature

TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")
TITLE_MAX = 300


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

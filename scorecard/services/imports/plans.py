"""What a plan is made of (rows, errors, the plan itself) and the helpers every planner shares."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import bulk, exports

# Statements carry at most this many rows (and IN lists this many ids).
CHUNK = bulk.IN_CHUNK
# Progress is reported after this many rows.
PROGRESS_EVERY = 2000


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
    # An update to a record that another file or a person created (not this file, earlier).
    foreign: bool = False

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
    def foreign_updates(self) -> int:
        """How many updates change records another file or a person created."""
        return sum(1 for result in self.results if result.action == "update" and result.foreign)

    @property
    def counts(self) -> dict[str, int]:
        """How many rows create, update, stay unchanged or fail; `rows` is all of them."""
        counts = dict.fromkeys(ACTIONS, 0)
        for result in self.results:
            counts[result.action] += 1
        counts["rows"] = len(self.results)
        return counts


Progress = Callable[[int, int], None]


def no_progress(_done: int, _total: int) -> None:
    """Progress goes nowhere."""


def show(value: Any) -> str:
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


def lower_names(session: Session, model: type[Any], column: str) -> dict[str, tuple[int, str]]:
    """Every record of a reference table by lower-case name: (id, name as stored)."""
    attribute = getattr(model, column)
    return {name.lower(): (ident, name) for ident, name in session.execute(select(model.id, attribute))}

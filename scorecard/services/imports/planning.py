"""The planning entry point: a file (our header or a mapping) to the plan of every row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from scorecard.errors import Np_, RuleViolation
from scorecard.models import (
    ActorKind,
)

from ..audit import ActingUser
from ..bulk import paused_gc
from ..csv_files import CsvTable
from .cells import refuse_rows, without_control_characters
from .headers import COMPUTED, FRAMEWORK_KINDS, recognise
from .mappings import ColumnMapping, check_mapping, map_rows, own_rows
from .plan_assessments import mark_foreign_updates, plan_assessments
from .plan_benchmarks import plan_benchmark_rows
from .plan_frameworks import plan_framework_rows, plan_item_rows, plan_link_rows
from .plan_progress import plan_progress_rows
from .plan_recommendations import plan_recommendation_rows
from .plans import ImportPlan, Progress, RowError, RowResult, no_progress


@dataclass(frozen=True, slots=True)
class ImportSource:
    """A file to import and how to read it: our own header, or a mapping."""

    table: CsvTable
    mapping: ColumnMapping | None = None
    filename: str = ""  # as uploaded: the records it creates remember it

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
    on_progress: Progress = no_progress,
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
    refused = _long_cells_read(source, present)
    rows = without_control_characters(rows, refused)
    notices: list[str]
    work: Any
    if kind == "recommendations":
        actor_kind = source.mapping.actor_kind if source.mapping is not None else ActorKind.OTHER.value
        listed = list(rows)
        results, work, notices = plan_recommendation_rows(
            session, listed, present, actor_kind=actor_kind, on_progress=on_progress, total=total
        )
        work.assessments = plan_assessments(session, listed, results, today=today)
        mark_foreign_updates(session, results, filename=source.filename)
    elif kind in FRAMEWORK_KINDS:
        results, work, notices = _plan_frameworks(session, kind, rows, present, filename=source.filename)
    elif kind == "benchmarks":
        results, work, notices = plan_benchmark_rows(
            session, rows, present, on_progress=on_progress, total=total
        )
    else:
        results, work, notices = plan_progress_rows(
            session, rows, present, by=by, today=today, on_progress=on_progress, total=total
        )
    results = refuse_rows(results, refused)
    if source.mapping is None:
        ignored = sorted({name.strip().lower() for name in source.table.header} & COMPUTED[kind])
        if ignored:
            notices.append(
                Np_(
                    "Computed column %(columns)s are not imported: they follow from the data.",
                    "Computed columns %(columns)s are not imported: they follow from the data.",
                    len(ignored),
                    columns=", ".join(ignored),
                )
            )
    return ImportPlan(
        kind=kind, results=results, notices=notices, work=work, mapped=source.mapping is not None
    )


def _plan_frameworks(
    session: Session, kind: str, rows: Any, present: frozenset[str], *, filename: str
) -> tuple[list[RowResult], Any, list[str]]:
    """A frameworks, framework-items (or goals list) or links file's plan."""
    if kind == "frameworks":
        return plan_framework_rows(session, rows, present)
    if kind == "framework-items":
        return plan_item_rows(session, rows, present, filename=filename)
    return plan_link_rows(session, rows, present)


def _long_cells_read(source: ImportSource, present: frozenset[str]) -> dict[int, list[RowError]]:
    """The over-long cells in the columns the import reads, by row (a column nobody maps may be long)."""
    header = source.table.header
    if source.mapping is not None:
        read: set[str] = source.mapping.columns_read()
    else:
        read = {name for name in header if name.strip().lower() in present}
    refused: dict[int, list[RowError]] = {}
    for problem in source.table.long_cell_problems(read):
        assert problem.row is not None and problem.column is not None
        refused.setdefault(problem.row, []).append(RowError(problem.row, problem.column, problem.message))
    return refused

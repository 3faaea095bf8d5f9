"""What the import pages need: an upload received and recognised, the mapping form's starting point,
the preview, a job's status."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from sqlalchemy.orm import Session

from scorecard.errors import N_, RuleViolation
from scorecard.models import ImportJob, ImportMapping, ImportStatus

from .. import csv_files
from ..audit import ActingUser
from ..csv_files import CsvFileError, CsvProblem
from .headers import KIND_LABELS, KINDS, ReportOnly, UnknownHeader, header_signature, recognise
from .jobs import (
    STALLED_AFTER,
    create_job,
    is_stalled,
    job_source,
    set_job_mapping,
    shown_errors,
    shown_notices,
)
from .mappings import (
    DATE_FORMATS,
    MAPPING_TARGETS,
    ColumnMapping,
    TargetField,
    check_mapping,
    find_mapping,
    guess_date_format,
    guess_mapping,
    save_mapping,
)
from .planning import plan
from .plans import ImportPlan, RowError, RowResult
from .reports import REPORT_COLUMNS, report_batches

# How the upload page names a job's status.
STATUS_LABELS = {
    ImportStatus.UPLOADED: N_("uploaded"),
    ImportStatus.RUNNING: N_("running"),
    ImportStatus.DONE: N_("done"),
    ImportStatus.FAILED: N_("failed"),
}
# The preview lists at most this many rows of each sort; the report has them all.
PREVIEW_ROWS = 200
PREVIEW_ERRORS = 1000


class _Fields:
    """A page's values by name, as its template takes them."""

    __slots__ = ()

    def fields(self) -> dict[str, Any]:
        """Every field by name."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Recognised:
    """How a file's columns are read: our own export's kind, or a mapping saved for these columns.

    `kind` is None when the columns still need mapping; `unknown` says why the header is not ours.
    """

    kind: str | None
    mapping: ColumnMapping | None = None
    saved: ImportMapping | None = None
    unknown: UnknownHeader | None = None


def recognise_file(session: Session, header: Sequence[str]) -> Recognised:
    """Our export's kind from its header, else the mapping saved for these columns (ReportOnly propagates)."""
    try:
        return Recognised(kind=recognise(header))
    except ReportOnly:
        raise
    except UnknownHeader as unknown:
        saved = find_mapping(session, signature=header_signature(header))
        if saved is None:
            return Recognised(kind=None, unknown=unknown)
        mapping = ColumnMapping.from_json(saved.rules)
        return Recognised(kind=mapping.kind, mapping=mapping, saved=saved, unknown=unknown)


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file kept as a job, or the problems that refuse it."""

    job: ImportJob | None
    problems: list[CsvProblem]
    saved: ImportMapping | None = None  # the saved mapping suggested for its columns

    @property
    def needs_mapping(self) -> bool:
        """Whether its columns must be mapped before a preview."""
        return self.job is not None and self.job.kind is None


def receive_upload(
    session: Session,
    *,
    user_id: int | None,
    filename: str,
    content: bytes,
    max_bytes: int,
    max_field: int,
    encoding: str | None = None,
    sheet: str | None = None,
) -> Upload:
    """Read an upload, recognise its columns (or find their saved mapping), and keep it until confirmed.

    `encoding` (a CSV file's, None: detected) and `sheet` (a workbook's, None: the first) are as chosen.
    """
    try:
        table = csv_files.read_table(
            content, encoding=encoding, sheet=sheet, max_bytes=max_bytes, max_field=max_field
        )
    except CsvFileError as error:
        return Upload(None, error.problems)
    try:
        found = recognise_file(session, table.header)
    except ReportOnly as report:
        return Upload(None, [CsvProblem(1, None, report.args[0])])
    # A saved mapping for these columns is only suggested: the mapping page starts from it and the
    # person confirms it, since another file with the same header may mean something else.
    job = create_job(
        session,
        user_id=user_id,
        filename=filename,
        content=content,
        table=table,
        kind=None if found.saved is not None else found.kind,
        mapping=None,
    )
    return Upload(job, [], found.saved)


@dataclass(frozen=True, slots=True)
class MappingPage(_Fields):
    """Where the mapping form starts for a job: the kind, its fields, the file's columns and first rows."""

    kind: str
    targets: tuple[TargetField, ...]
    header: list[str]
    sample: list[tuple[str, ...]]
    current: ColumnMapping  # the job's mapping for this kind, else a guess from the column names
    default_name: str  # the name to save it under: the saved mapping's, else the file's
    suggested: str = ""  # the saved mapping the form starts from, until the person confirms it
    # Each column's date format, guessed from its first cells, for the columns that look like dates.
    date_guesses: Mapping[str, str] = dataclasses.field(default_factory=dict)
    date_formats: Mapping[str, str] = dataclasses.field(default_factory=lambda: dict(DATE_FORMATS))
    kinds: tuple[str, ...] = KINDS
    kind_labels: Mapping[str, str] = dataclasses.field(default_factory=lambda: dict(KIND_LABELS))


def mapping_page(session: Session, job: ImportJob, *, asked_kind: str) -> MappingPage:
    """What the mapping form starts from for this job and the kind asked for (if one of ours)."""
    table = job_source(job).table
    saved = find_mapping(session, signature=header_signature(table.header))
    suggested = ColumnMapping.from_json(saved.rules) if saved is not None else None
    stored = ColumnMapping.from_json(job.mapping) if job.mapping else suggested
    kind = asked_kind if asked_kind in KINDS else stored.kind if stored else job.kind or "recommendations"
    current = stored if stored is not None and stored.kind == kind else guess_mapping(kind, table.header)
    return MappingPage(
        kind=kind,
        targets=MAPPING_TARGETS[kind],
        header=table.header,
        sample=[cells for _, cells in table.rows[:3]],
        current=current,
        default_name=saved.name if saved else PurePath(job.filename).stem[:120],
        suggested=saved.name if saved is not None and not job.mapping else "",
        date_guesses=_date_guesses(table.header, [cells for _, cells in table.rows[:200]]),
    )


def _date_guesses(header: Sequence[str], rows: Sequence[Sequence[str]]) -> dict[str, str]:
    """The date format each column seems written in, for columns whose first cells read as dates."""
    guesses = {}
    for index, name in enumerate(header):
        guessed = guess_date_format(cells[index] for cells in rows if index < len(cells))
        if guessed:
            guesses[name] = guessed
    return guesses


def use_mapping(
    session: Session, job: ImportJob, mapping: ColumnMapping, *, header: Sequence[str], save_as: str | None
) -> dict[str, str]:
    """Use a mapping for the job, and save it under `save_as` when given.

    The problems by field name (a problem with the saved name under "name"); empty when it was used.
    """
    problems = check_mapping(mapping, header)
    if problems:
        return problems
    set_job_mapping(session, job, mapping)
    if save_as is not None:
        try:
            save_mapping(session, name=save_as, header=header, mapping=mapping)
        except RuleViolation as violation:
            return {"name": " ".join(violation.errors.values())}
    return {}


@dataclass(frozen=True, slots=True)
class Preview(_Fields):
    """What the preview page shows of a plan: counts, the errors and the first changes and creates."""

    plan: ImportPlan
    counts: dict[str, int]
    errors: list[RowError]
    more_errors: int
    changes: list[RowResult]
    creates: list[RowResult]
    limit: int
    kind_label: str
    encoding: str  # how the file was read: "Windows-1252", "Excel workbook, sheet “Data”"
    samples: list[str]  # a few decoded words with non-ASCII letters, to check the encoding by eye
    # An 8-bit file's cells with a “?” where a letter was lost when it was saved, and a few such words.
    lost_cells: int = 0
    lost_words: list[str] = dataclasses.field(default_factory=list)
    foreign_updates: int = 0  # updates to records another file or a person created

    def report(self) -> bytes:
        """The row-by-row report of every row, as CSV."""
        return b"".join(csv_files.encode_rows(REPORT_COLUMNS, report_batches(self.plan.results)))


def preview_job(session: Session, job: ImportJob, *, by: ActingUser, today: date) -> Preview:
    """Plan a job's file for its preview (raises UnknownHeader or RuleViolation when it needs mapping)."""
    source = job_source(job)
    plan_ = plan(session, source, by=by, today=today)
    errors = plan_.errors
    lost_cells, lost_words = source.table.lost_characters()
    return Preview(
        plan=plan_,
        counts=plan_.counts,
        errors=errors[:PREVIEW_ERRORS],
        more_errors=max(0, len(errors) - PREVIEW_ERRORS),
        changes=[r for r in plan_.results if r.action == "update"][:PREVIEW_ROWS],
        creates=[r for r in plan_.results if r.action == "create"][:PREVIEW_ROWS],
        limit=PREVIEW_ROWS,
        kind_label=KIND_LABELS[plan_.kind],
        foreign_updates=plan_.foreign_updates,
        encoding=_encoding_label(source.table),
        samples=source.table.non_ascii_samples(),
        lost_cells=lost_cells,
        lost_words=lost_words,
    )


def _encoding_label(table: csv_files.CsvTable) -> str:
    """How the preview names the way the file was read, translatable where it has words."""
    if table.sheet is not None:
        return N_("Excel workbook, sheet “%(sheet)s”", sheet=table.sheet)
    if table.encoding == "utf-8-sig":
        return N_("UTF-8 with byte-order mark")
    return table.encoding_label


@dataclass(frozen=True, slots=True)
class JobStatus(_Fields):
    """How far a job has come, as its status page shows it."""

    running: bool
    stalled: bool
    phase: str | None
    done: int
    total: int
    percent: int
    kind_label: str
    errors: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    notices: list[str] = dataclasses.field(default_factory=list)


def job_status(session: Session, job: ImportJob, *, stalled_after: timedelta = STALLED_AFTER) -> JobStatus:
    """A job's status as the job rows say: any app server shows the same."""
    phase, done, total = job.phase, job.processed_rows, job.total_rows
    stalled = is_stalled(session, job, stalled_after=stalled_after)
    return JobStatus(
        running=job.status == ImportStatus.RUNNING and not stalled,
        stalled=stalled,
        phase=phase,
        done=done,
        total=total,
        percent=int(done * 100 / total) if total else 0,
        kind_label=KIND_LABELS.get(job.kind or "", N_("rows")),
        errors=shown_errors(job),
        notices=shown_notices(job),
    )

"""CSV and workbook commands: `scorecard export KIND` and `scorecard import FILE`."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any, NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scorecard.db import current_database
from scorecard.errors import RuleViolation
from scorecard.models import Actor, ReviewCycle, Source, Status, Theme
from scorecard.services import csv_files, exports, imports, reference
from scorecard.services.audit import ActingUser
from scorecard.services.frameworks import transfer as framework_transfer
from scorecard.services.recommendations import ARCHIVED_CHOICES, RecommendationFilter, Thresholds

CLI_USER = ActingUser.system("command line")
STATUSES = tuple(status.value for status in Status)


def _ids(session: Session, model: type[Any], values: Sequence[str], label: str) -> tuple[int, ...]:
    """Ids from ids or names (any case); an unknown name stops the command."""
    found: list[int] = []
    for value in values:
        if value.strip().isdigit():
            found.append(int(value))
            continue
        record = reference.find_by_name(session, model, value)
        if record is None:
            raise click.BadParameter(f"no {label} called “{value}”", param_hint=f"--{label}")
        found.append(record.id)
    return tuple(found)


@click.command("export")
@click.argument("kind", type=click.Choice((*exports.KINDS, *framework_transfer.KINDS)))
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="The date of the scores (default: today).")
@click.option(
    "--compare", type=click.DateTime(["%Y-%m-%d"]), help="Scorecard: the date the trend compares to."
)
@click.option("--theme", multiple=True, help="Theme id or name (repeat for several).")
@click.option("--actor", multiple=True, help="Actor id or name.")
@click.option("--source", multiple=True, help="Source id or title.")
@click.option("--status", multiple=True, type=click.Choice(STATUSES))
@click.option("--priority", multiple=True, type=click.Choice(("high", "medium", "low")))
@click.option("--q", default="", help="Text in the code, title or wording.")
@click.option("--cycle", help="Review cycle id or name: recommendations due within it.")
@click.option("--due-from", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--due-to", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--overdue", is_flag=True)
@click.option("--stale", is_flag=True)
@click.option("--archived", type=click.Choice(ARCHIVED_CHOICES), default="active", show_default=True)
@click.option("--history", is_flag=True, help="Progress: add corrected and deleted entries with a status.")
@click.option("--bom", is_flag=True, help="Start with a UTF-8 byte-order mark (for Excel).")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(("csv", "xlsx")),
    help="CSV, or an Excel workbook with typed cells (default: from the --output name, else csv).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File (default: stdout)."
)
@with_appcontext
def export_command(
    kind: str,
    as_of: Any,
    compare: Any,
    theme: tuple[str, ...],
    actor: tuple[str, ...],
    source: tuple[str, ...],
    status: tuple[str, ...],
    priority: tuple[str, ...],
    q: str,
    cycle: str | None,
    due_from: Any,
    due_to: Any,
    overdue: bool,
    stale: bool,
    archived: str,
    history: bool,
    bom: bool,
    file_format: str | None,
    output: str | None,
) -> None:
    """Write KIND as CSV: recommendations, benchmarks, progress or scorecard, filtered like the list;
    or frameworks, framework-items or links (all frameworks, no filters)."""
    with current_database().session(write=False) as session:
        cycle_ids = _ids(session, ReviewCycle, [cycle], "cycle") if cycle else ()
        criteria = RecommendationFilter(
            q=q,
            theme_ids=_ids(session, Theme, theme, "theme"),
            actor_ids=_ids(session, Actor, actor, "actor"),
            source_ids=_ids(session, Source, source, "source"),
            statuses=status,
            priorities=priority,
            cycle_id=cycle_ids[0] if cycle_ids else None,
            due_from=due_from.date() if due_from else None,
            due_to=due_to.date() if due_to else None,
            overdue=overdue,
            stale=stale,
            archived=archived,
        )
        limits = Thresholds(today=date.today(), stale_days=int(current_app.config["STALE_DAYS"]))
        day = as_of.date() if as_of else None
        if kind in framework_transfer.KINDS:
            export = framework_transfer.export(session, kind, as_of=day)
        elif kind == "scorecard":
            export = exports.scorecard(
                session,
                criteria=criteria,
                thresholds=limits,
                as_of=day,
                compare_to=compare.date() if compare else None,
            )
        elif kind == "progress":
            export = exports.progress(
                session, criteria=criteria, thresholds=limits, as_of=day, history=history
            )
        else:
            export = getattr(exports, kind)(session, criteria=criteria, thresholds=limits, as_of=day)
        target: IO[bytes]
        target = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115 - closed below
        try:
            for chunk in _encoded(export, file_format, output, bom=bom):
                target.write(chunk)
        finally:
            if output:
                target.close()
            else:
                target.flush()


def _encoded(
    export: exports.CsvExport, file_format: str | None, output: str | None, *, bom: bool
) -> Iterator[bytes]:
    """The export as CSV or as a workbook, as asked or as the output file's name says."""
    if file_format == "xlsx" or (file_format is None and (output or "").lower().endswith(".xlsx")):
        return csv_files.encode_workbook(export.header, export.batches)
    return csv_files.encode_rows(export.header, export.batches, bom=bom)


def _load_mapping(session: Session, value: str) -> imports.ColumnMapping:
    """A saved mapping by name, or a JSON file holding one."""
    path = Path(value)
    if path.suffix.lower() == ".json" and path.is_file():
        try:
            return imports.ColumnMapping.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, RuleViolation) as error:
            raise click.BadParameter(
                f"{path} is not a usable mapping: {error}", param_hint="--mapping"
            ) from None
    saved = imports.find_mapping(session, name=value)
    if saved is None:
        known = ", ".join(m.name for m in imports.list_mappings(session)) or "none saved yet"
        raise click.BadParameter(f"no saved mapping called “{value}” ({known})", param_hint="--mapping")
    click.echo(f"Using the saved mapping “{saved.name}”.", err=True)
    return imports.ColumnMapping.from_json(saved.rules)


class _Bars:
    """Click progress bars on stderr: one while rows are checked, then one while they are written."""

    def __init__(self, rows: int) -> None:
        """Start the checking bar for this many rows."""
        self._bar: Any = None
        self._position = 0
        self._start("Checking", rows)

    def _start(self, label: str, total: int) -> None:
        """Finish the bar shown, if any, and show a new one."""
        self.close()
        self._bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr, show_pos=True)
        self._bar.__enter__()
        self._position = 0

    def checking(self, done: int, _total: int) -> None:
        """Move the checking bar to `done`."""
        self._advance(done)

    def writing(self, done: int, total: int) -> None:
        """Move the writing bar (shown at the first write) to `done`."""
        if self._bar is None or self._bar.label != "Writing":
            self._start("Writing", total)
        self._advance(done)

    def _advance(self, done: int) -> None:
        """Move the bar shown to `done`."""
        if self._bar is not None and done > self._position:
            self._bar.update(done - self._position)
            self._position = done

    def close(self) -> None:
        """Finish the bar shown."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _fail(lines: Sequence[str], *, summary: str) -> NoReturn:
    """Print every problem on stderr, then stop with exit status 1."""
    for line in lines:
        click.echo(line, err=True)
    raise click.ClickException(summary)


def _refuse_unless_ours(session: Session, table: csv_files.CsvTable) -> None:
    """Pass one of our exports; refuse any other file, naming a saved mapping that fits.

    A saved mapping is never applied unasked: another file with the same header may mean something
    else, so it is only suggested, and used when named with --mapping.
    """
    try:
        found = imports.recognise_file(session, table.header)
    except imports.ReportOnly as report:
        raise click.ClickException(str(report)) from None
    if found.saved is not None:
        raise click.ClickException(
            f"The saved mapping “{found.saved.name}” fits these columns. To use it, run the command "
            f"again with --mapping “{found.saved.name}”; nothing was imported."
        )
    if found.unknown is not None:
        raise click.ClickException(
            f"{found.unknown} Give --mapping NAME (a saved mapping) or --mapping FILE.json."
        ) from None


def _warn_of_lost_letters(table: csv_files.CsvTable) -> None:
    """Say plainly when an 8-bit file has a “?” where its letters were lost as it was saved."""
    cells, words = table.lost_characters()
    if cells:
        has = "cell has" if cells == 1 else "cells have"
        click.echo(
            f"Warning: {cells} {has} a “?” where a letter should be ({', '.join(words)}): the file was "
            f"saved as {table.encoding_label}, which cannot hold those letters, so they were lost before "
            "it reached Scorecard. Save it as “CSV UTF-8” or .xlsx and import that.",
            err=True,
        )


def _run(session: Session, source: imports.ImportSource, *, filename: str, write: bool) -> imports.ImportRun:
    """Check (and unless `write` is False, write) the file with progress bars; refusals as click errors."""
    bars = _Bars(len(source.table.rows))
    try:
        return imports.run_import(
            session,
            source,
            by=CLI_USER,
            today=date.today(),
            filename=filename,
            write=write,
            on_checking=bars.checking,
            on_writing=bars.writing,
        )
    except RuleViolation as violation:
        raise click.ClickException(
            "The mapping does not fit this file: "
            + "; ".join(f"{k}: {v}" for k, v in violation.errors.items())
        ) from None
    except (imports.ImportConflict, IntegrityError) as error:
        session.rollback()
        raise click.ClickException(f"{error} Nothing was imported.") from None
    finally:
        bars.close()


def _read(file: str, *, encoding: str | None, sheet: str | None) -> csv_files.CsvTable:
    """FILE as a table within the configured limits; stops, listing every problem, when it cannot be read."""
    config = current_app.config
    try:
        return csv_files.read_table(
            Path(file).read_bytes(),
            encoding=csv_files.encoding_name(encoding) if encoding else None,
            sheet=sheet,
            max_bytes=int(config.get("IMPORT_MAX_BYTES", csv_files.DEFAULT_MAX_BYTES)),
            max_field=int(config.get("IMPORT_MAX_FIELD", csv_files.DEFAULT_MAX_FIELD)),
        )
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--encoding") from None
    except csv_files.CsvFileError as error:
        _fail([p.describe() for p in error.problems], summary=f"{file} cannot be read; nothing was imported.")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@click.option("--mapping", "mapping_name", help="A saved mapping's name, or a mapping .json file.")
@click.option(
    "--save-mapping", help="Save the --mapping file under this name for the web page and later runs."
)
@click.option(
    "--encoding",
    help="The CSV file's encoding: utf-8, utf-16, cp1252 (Windows-1252) or mac_roman (default: detected).",
)
@click.option("--sheet", help="A workbook's sheet, by name or number (default: the first).")
@with_appcontext
def import_command(
    file: str,
    dry_run: bool,
    mapping_name: str | None,
    save_mapping: str | None,
    encoding: str | None,
    sheet: str | None,
) -> None:
    """Import FILE: one of our exports (recognised by its header) or, with a mapping, any spreadsheet.

    Every row is checked first; with any error nothing is written and the
    errors are listed by row and column (exit status 1).
    """
    table = _read(file, encoding=encoding, sheet=sheet)
    click.echo(f"Read {Path(file).name} as {table.encoding_label}.", err=True)
    _warn_of_lost_letters(table)
    started = time.perf_counter()
    with current_database().transaction() as session:
        if mapping_name:
            mapping = _load_mapping(session, mapping_name)
        else:
            _refuse_unless_ours(session, table)
            mapping = None
        if mapping is not None and save_mapping:
            imports.save_mapping(session, name=save_mapping, header=table.header, mapping=mapping)
        source = imports.ImportSource(table=table, mapping=mapping, filename=Path(file).name)
        run = _run(session, source, filename=Path(file).name, write=not dry_run)
        counts = run.plan.counts
        summary = (
            f"{counts['rows']} rows of {imports.KIND_LABELS[run.plan.kind]}: {counts['create']} to create, "
            f"{counts['update']} to change, {counts['unchanged']} unchanged, {counts['error']} with errors."
        )
        for notice in run.plan.notices:
            click.echo(notice, err=True)
        if not run.plan.ok:
            session.rollback()
            _fail([error.describe() for error in run.plan.errors], summary=f"{summary} Nothing was imported.")
        if not run.written:
            session.rollback()
            click.echo(f"{summary} Dry run: nothing was written.")
            return
    elapsed = time.perf_counter() - started
    click.echo(
        f"Imported {Path(file).name}: {counts['create']} created, {counts['update']} changed, "
        f"{counts['unchanged']} unchanged ({counts['rows']} rows in {elapsed:.1f} s, "
        f"{counts['rows'] / max(elapsed, 1e-9):,.0f} rows/s)."
    )


COMMANDS: tuple[click.Command, ...] = (export_command, import_command)

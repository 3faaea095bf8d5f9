"""CSV import: upload, map columns, preview with row-level errors, then confirm and watch it run.

Small files (up to IMPORT_BACKGROUND_ROWS rows) are imported within the confirming
request: they take well under a second. Larger ones go on the job queue for a
worker (see scorecard/jobs.py); the job row holds their progress and heartbeat,
so any server process shows it. The write is one transaction: a killed worker
writes nothing, and its job shows as stopped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as BaseResponse

from scorecard import jobs
from scorecard.db import get_session
from scorecard.errors import RuleViolation
from scorecard.forms.imports import ConfirmForm, MappingForm, UploadForm, mapping_form
from scorecard.models import ImportJob, ImportStatus
from scorecard.services import csv_files, import_jobs, imports

from .common import acting_user, commit

log = logging.getLogger("scorecard.imports")

bp = Blueprint("imports", __name__, url_prefix="/import")

DEFAULT_MAX_BYTES = csv_files.DEFAULT_MAX_BYTES
DEFAULT_MAX_FIELD = csv_files.DEFAULT_MAX_FIELD
DEFAULT_BACKGROUND_ROWS = 2000
# The preview lists at most this many rows of each sort; the report has them all.
PREVIEW_ROWS = 200
PREVIEW_ERRORS = 1000


@dataclass(frozen=True, slots=True)
class Limits:
    """The import limits from the settings."""

    max_bytes: int
    max_field: int
    background_rows: int


def limits() -> Limits:
    """IMPORT_MAX_BYTES (20 MB), IMPORT_MAX_FIELD (10,000 characters) and IMPORT_BACKGROUND_ROWS (2,000)."""
    config = current_app.config
    return Limits(
        int(config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)),
        int(config.get("IMPORT_MAX_FIELD", DEFAULT_MAX_FIELD)),
        int(config.get("IMPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)),
    )


def _stalled_after() -> timedelta:
    """JOB_STALLED_SECONDS: how long a running job's heartbeat may be silent."""
    return timedelta(seconds=float(current_app.config.get("JOB_STALLED_SECONDS", 60)))


def _user_id() -> int | None:
    """The signed-in person's id."""
    return int(current_user.id) if current_user.is_authenticated else None


def _job(job_id: int) -> ImportJob:
    """One of this person's import jobs (another's is not found)."""
    return import_jobs.get_job(get_session(), job_id, user_id=_user_id())


def _display_name(filename: str | None) -> str:
    """The uploaded file's own name, without any folders a browser sent along."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    return name[:255] or "upload.csv"


def _csv_download(body: bytes, filename: str) -> Response:
    """A CSV attachment built in memory (a report: small)."""
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("", methods=["GET", "POST"], endpoint="upload")
def upload() -> BaseResponse | str:
    """Upload a CSV file: ours goes to the preview, anyone else's to the column mapping."""
    form = UploadForm()
    problems: list[csv_files.CsvProblem] = []
    session = get_session()
    if form.validate_on_submit():
        allowed = limits()
        storage = form.file.data
        try:
            content = storage.read(allowed.max_bytes + 1)
        finally:
            storage.close()
        filename = _display_name(storage.filename)
        try:
            table = csv_files.read_table(content, max_bytes=allowed.max_bytes, max_field=allowed.max_field)
        except csv_files.CsvFileError as error:
            problems = error.problems
        else:
            kind: str | None = None
            mapping: imports.ColumnMapping | None = None
            saved = None
            try:
                kind = imports.recognise(table.header)
            except imports.ReportOnly as report:
                problems = [csv_files.CsvProblem(1, None, str(report))]
            except imports.UnknownHeader:
                saved = imports.find_mapping(session, signature=imports.header_signature(table.header))
                if saved is not None:
                    mapping = imports.ColumnMapping.from_json(saved.rules)
                    kind = mapping.kind
            if not problems:
                job = import_jobs.create_job(
                    session,
                    user_id=_user_id(),
                    filename=filename,
                    content=content,
                    table=table,
                    kind=kind,
                    mapping=mapping,
                )
                commit()
                if kind is None:
                    return redirect(url_for("imports.mapping", job_id=job.id))
                if saved is not None:
                    flash(
                        f"These columns were mapped before: using the saved mapping “{saved.name}”.", "info"
                    )
                return redirect(url_for("imports.preview", job_id=job.id))
    return render_template(
        "imports/upload.html",
        form=form,
        problems=problems,
        jobs=import_jobs.recent_jobs(session, user_id=_user_id()),
        mappings=imports.list_mappings(session),
        max_megabytes=limits().max_bytes // 1_048_576,
    )


def _mapping_defaults(mapping: imports.ColumnMapping, name: str) -> dict[str, Any]:
    """The mapping form's values for a mapping."""
    defaults: dict[str, Any] = {"kind": mapping.kind, "actor_kind": mapping.actor_kind, "name": name}
    for field_name, rule in mapping.rules.items():
        defaults[f"{field_name}__column"] = rule.column
        defaults[f"{field_name}__value"] = rule.value
        defaults[f"{field_name}__separator"] = rule.separator
        defaults[f"{field_name}__translate"] = imports.format_translations(rule.translate)
    return defaults


def _mapping_from_form(form: MappingForm, kind: str) -> imports.ColumnMapping | None:
    """The mapping the form describes; None (with errors on the fields) when a translation is malformed."""
    rules: dict[str, imports.FieldRule] = {}
    failed = False
    for target in imports.MAPPING_TARGETS[kind]:
        fields = form.rule_fields(target.name)
        translate: tuple[tuple[str, str], ...] = ()
        if "translate" in fields:
            try:
                translate = imports.parse_translations(fields["translate"].data or "")
            except ValueError as error:
                fields["translate"].errors = [str(error)]
                failed = True
        rules[target.name] = imports.FieldRule(
            column=fields["column"].data or "",
            value=(fields["value"].data or "").strip(),
            separator=fields["separator"].data or "",
            translate=translate,
        )
    if failed:
        return None
    return imports.ColumnMapping(kind=kind, rules=rules, actor_kind=form.actor_kind.data or "other")


@bp.route("/<int:job_id>/mapping", methods=["GET", "POST"], endpoint="mapping")
def mapping(job_id: int) -> BaseResponse | str:
    """Map the columns of someone else's spreadsheet onto our fields (and keep the mapping)."""
    session = get_session()
    job = _job(job_id)
    if job.status in (ImportStatus.RUNNING, ImportStatus.DONE):
        return redirect(url_for("imports.status", job_id=job.id))
    table = import_jobs.job_source(job).table
    stored = imports.ColumnMapping.from_json(job.mapping) if job.mapping else None
    asked = request.values.get("kind", "")
    kind = asked if asked in imports.KINDS else stored.kind if stored else job.kind or "recommendations"
    current = (
        stored if stored is not None and stored.kind == kind else imports.guess_mapping(kind, table.header)
    )
    saved = imports.find_mapping(session, signature=imports.header_signature(table.header))
    default_name = saved.name if saved else PurePath(job.filename).stem[:120]
    targets = imports.MAPPING_TARGETS[kind]
    form = mapping_form(targets, table.header, defaults=_mapping_defaults(current, default_name))
    if request.method == "POST" and form.validate_on_submit():
        chosen = _mapping_from_form(form, kind)
        if chosen is not None:
            problems = imports.check_mapping(chosen, table.header)
            for field_name, message in problems.items():
                target_field = getattr(form, f"{field_name}__column", None) or getattr(form, field_name, None)
                if target_field is not None:
                    target_field.errors = [*target_field.errors, message]
            if not problems:
                import_jobs.set_job_mapping(session, job, chosen)
                try:
                    if form.save.data:
                        imports.save_mapping(
                            session, name=form.name.data or default_name, header=table.header, mapping=chosen
                        )
                except RuleViolation as violation:
                    form.name.errors = [*form.name.errors, *violation.errors.values()]
                else:
                    commit()
                    return redirect(url_for("imports.preview", job_id=job.id))
    return render_template(
        "imports/mapping.html",
        job=job,
        form=form,
        kind=kind,
        kinds=imports.KINDS,
        kind_labels=imports.KIND_LABELS,
        targets=targets,
        header=table.header,
        sample=[cells for _, cells in table.rows[:3]],
    )


@bp.route("/<int:job_id>", methods=["GET", "POST"], endpoint="preview")
def preview(job_id: int) -> BaseResponse | str:
    """What the import would do, row by row; confirming runs it."""
    session = get_session()
    job = _job(job_id)
    # A running job whose worker stopped comes back here, to be confirmed again.
    if job.status == ImportStatus.DONE or (
        job.status == ImportStatus.RUNNING and not import_jobs.is_stalled(job, stalled_after=_stalled_after())
    ):
        return redirect(url_for("imports.status", job_id=job.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        return _confirm(job, form.plan.data or "")
    if form.is_submitted():
        flash(
            "That confirmation came from an out-of-date page. Check the preview below and confirm again.",
            "error",
        )
    try:
        source = import_jobs.job_source(job)
        plan = imports.plan(session, source, by=acting_user(), today=date.today())
    except imports.UnknownHeader:
        return redirect(url_for("imports.mapping", job_id=job.id))
    except RuleViolation as violation:
        for message in violation.errors.values():
            flash(message, "error")
        return redirect(url_for("imports.mapping", job_id=job.id, kind=job.kind or ""))
    if request.args.get("report") == "csv":
        body = b"".join(csv_files.encode_rows(imports.REPORT_COLUMNS, imports.report_batches(plan.results)))
        return _csv_download(body, f"scorecard-import-{job.id}-preview.csv")
    errors = plan.errors
    form.plan.data = plan.digest
    return render_template(
        "imports/preview.html",
        job=job,
        plan=plan,
        form=form,
        counts=plan.counts,
        errors=errors[:PREVIEW_ERRORS],
        more_errors=max(0, len(errors) - PREVIEW_ERRORS),
        changes=[r for r in plan.results if r.action == "update"][:PREVIEW_ROWS],
        creates=[r for r in plan.results if r.action == "create"][:PREVIEW_ROWS],
        limit=PREVIEW_ROWS,
        kind_label=imports.KIND_LABELS[plan.kind],
    )


CHANGED_SINCE_PREVIEW = import_jobs.CHANGED_SINCE_PREVIEW


def _confirm(job: ImportJob, previewed: str) -> BaseResponse:
    """Run a confirmed import if it still does what was previewed: here when small, else in the background."""
    session = get_session()
    background = job.total_rows > limits().background_rows
    phase = "queued" if background else "checking"
    if not import_jobs.claim_job(session, job.id, phase=phase, stalled_after=_stalled_after()):
        flash("This import is already running or finished.", "info")
        return redirect(url_for("imports.status", job_id=job.id))
    by = acting_user()
    if background:
        commit()
        jobs.current_queue().enqueue(jobs.run_import, job.id, previewed=previewed, by=by, today=date.today())
        return redirect(url_for("imports.status", job_id=job.id))
    try:
        plan = imports.plan(session, import_jobs.job_source(job), by=by, today=date.today())
        if plan.ok and plan.digest != previewed:
            import_jobs.fail_job(session, job.id, message=CHANGED_SINCE_PREVIEW, plan_=plan)
        elif plan.ok:
            imports.apply(session, plan, by=by, filename=job.filename)
            import_jobs.finish_job(session, job.id, plan)
        else:
            import_jobs.fail_job(session, job.id, errors=plan.errors, plan_=plan)
        commit()
    except (imports.ImportConflict, IntegrityError) as error:
        session.rollback()
        import_jobs.fail_job(session, job.id, message=import_jobs.conflict_message(error))
        commit()
    except (imports.UnknownHeader, RuleViolation) as error:
        # The file or its mapping no longer fits (the preview sends people to the mapping first).
        session.rollback()
        import_jobs.fail_job(session, job.id, message=f"{error} Map the columns again, then confirm.")
        commit()
    return redirect(url_for("imports.status", job_id=job.id))


@bp.route("/<int:job_id>/status", endpoint="status")
def status(job_id: int) -> Response | str:
    """How a confirmed import is going, or what it did: refreshes itself while it runs."""
    job = _job(job_id)
    if request.args.get("report") == "csv" and job.report:
        return _csv_download(imports.unpack_report(job.report), f"scorecard-import-{job.id}.csv")
    phase, done, total = job.phase, job.processed_rows, job.total_rows
    stalled = import_jobs.is_stalled(job, stalled_after=_stalled_after())
    running = job.status == ImportStatus.RUNNING and not stalled
    body = render_template(
        "imports/status.html",
        job=job,
        running=running,
        stalled=stalled,
        phase=phase,
        done=done,
        total=total,
        percent=int(done * 100 / total) if total else 0,
        kind_label=imports.KIND_LABELS.get(job.kind or "", "rows"),
    )
    response = Response(body)
    if running:
        # Refresh without JavaScript (the CSP allows no inline script): this header and a <meta> in the page.
        response.headers["Refresh"] = "1"
    return response

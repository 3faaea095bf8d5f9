"""CSV import: upload, map columns, preview with row-level errors, then confirm and watch it run.

Small files (up to IMPORT_BACKGROUND_ROWS rows) are imported within the confirming
request: they take well under a second. Larger ones go on the job queue
(`scorecard.jobs`) and a worker runs them; the job's row (phase, count,
heartbeat) is what every server process shows. The write is one transaction:
a killed worker writes nothing, and its job shows as stopped, ready to run again.
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
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from scorecard import jobs
from scorecard.db import get_session
from scorecard.errors import RuleViolation
from scorecard.forms.imports import (
    ConfirmForm,
    DeleteMappingForm,
    MappingForm,
    MappingNameForm,
    UploadForm,
    mapping_form,
)
from scorecard.i18n import translate
from scorecard.models import ImportJob, ImportStatus
from scorecard.services import csv_files, imports
from scorecard.web.common import acting_user, commit

log = logging.getLogger("scorecard.imports")

bp = Blueprint("imports", __name__, url_prefix="/import")

DEFAULT_MAX_BYTES = csv_files.DEFAULT_MAX_BYTES
DEFAULT_MAX_FIELD = csv_files.DEFAULT_MAX_FIELD
DEFAULT_BACKGROUND_ROWS = 2000


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
    """JOB_STALLED_SECONDS: how long a running job's heartbeat may be silent before it counts as stopped."""
    return timedelta(seconds=float(current_app.config.get("JOB_STALLED_SECONDS", 60)))


def _user_id() -> int | None:
    """The signed-in person's id."""
    return int(current_user.id) if current_user.is_authenticated else None


def _job(job_id: int) -> ImportJob:
    """One of this person's import jobs (another's is not found)."""
    return imports.get_job(get_session(), job_id, user_id=_user_id())


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


def _receive(form: UploadForm) -> imports.Upload:
    """The uploaded file read, recognised and kept (or refused), within the limits."""
    storage = form.file.data
    allowed = limits()
    try:
        # One byte past the limit at most: enough to say the file is too big.
        content = storage.read(allowed.max_bytes + 1)
    finally:
        storage.close()
    return imports.receive_upload(
        get_session(),
        user_id=_user_id(),
        filename=_display_name(storage.filename),
        content=content,
        max_bytes=allowed.max_bytes,
        max_field=allowed.max_field,
        encoding=form.encoding.data or None,
        sheet=form.sheet.data or None,
    )


def _after_upload(received: imports.Upload) -> BaseResponse:
    """Where a kept upload goes next: the mapping when its columns are not ours, else the preview."""
    assert received.job is not None
    if received.needs_mapping:
        return redirect(url_for("imports.mapping", job_id=received.job.id))
    return redirect(url_for("imports.preview", job_id=received.job.id))


def _upload_page(form: UploadForm, problems: list[csv_files.CsvProblem]) -> str:
    """The upload form, what is wrong with the last file, this person's imports and the saved mappings."""
    session = get_session()
    return render_template(
        "imports/upload.html",
        form=form,
        problems=problems,
        jobs=imports.recent_jobs(session, user_id=_user_id()),
        mappings=imports.list_mappings(session),
        rename_form=MappingNameForm(formdata=None),
        delete_form=DeleteMappingForm(formdata=None),
        max_megabytes=limits().max_bytes // 1_048_576,
        kind_labels=imports.KIND_LABELS,
        status_labels=imports.STATUS_LABELS,
    )


@bp.route("", methods=["GET", "POST"], endpoint="upload")
def upload() -> BaseResponse | str:
    """Upload a CSV file: ours goes to the preview, anyone else's to the column mapping."""
    form = UploadForm()
    problems: list[csv_files.CsvProblem] = []
    if form.validate_on_submit():
        received = _receive(form)
        if received.job is not None:
            commit()
            return _after_upload(received)
        problems = received.problems
    return _upload_page(form, problems)


@bp.route("/mappings/<int:mapping_id>/rename", methods=["POST"], endpoint="mapping_rename")
def mapping_rename(mapping_id: int) -> BaseResponse:
    """Give a saved mapping another name."""
    form = MappingNameForm()
    if not form.validate_on_submit():
        flash(gettext("Give the mapping a name of up to 120 characters."), "error")
        return redirect(url_for("imports.upload"))
    try:
        saved = imports.rename_mapping(get_session(), mapping_id, name=form.name.data or "")
    except RuleViolation as violation:
        flash(" ".join(translate(message) for message in violation.errors.values()), "error")
        return redirect(url_for("imports.upload"))
    commit()
    flash(gettext("The mapping is now called “%(name)s”.", name=saved.name), "success")
    return redirect(url_for("imports.upload"))


@bp.route("/mappings/<int:mapping_id>/delete", methods=["POST"], endpoint="mapping_delete")
def mapping_delete(mapping_id: int) -> BaseResponse:
    """Delete a saved mapping (imports that used it keep their own copy)."""
    if DeleteMappingForm().validate_on_submit():
        name = imports.delete_mapping(get_session(), mapping_id)
        commit()
        flash(gettext("The mapping “%(name)s” is deleted.", name=name), "success")
    return redirect(url_for("imports.upload"))


def _mapping_form(page: imports.MappingPage) -> MappingForm:
    """The mapping form for a page, pre-filled, with a date format menu on each date field."""
    return mapping_form(
        page.targets,
        page.header,
        defaults=_mapping_defaults(page),
        date_formats=imports.DATE_FORMATS,
        date_fields=imports.DATE_FIELDS,
    )


def _mapping_defaults(page: imports.MappingPage) -> dict[str, Any]:
    """The mapping form's values for the mapping the page starts from."""
    mapping = page.current
    defaults: dict[str, Any] = {
        "kind": mapping.kind,
        "actor_kind": mapping.actor_kind,
        "name": page.default_name,
    }
    for field_name, rule in mapping.rules.items():
        defaults[f"{field_name}__column"] = rule.column
        defaults[f"{field_name}__value"] = rule.value
        defaults[f"{field_name}__separator"] = rule.separator
        defaults[f"{field_name}__translate"] = imports.format_translations(rule.translate)
        # A date field starts from the format its column seems written in; the page shows the guess.
        defaults[f"{field_name}__date_format"] = rule.date_format or page.date_guesses.get(rule.column, "")
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
                fields["translate"].errors = [error.args[0]]
                failed = True
        rules[target.name] = imports.FieldRule(
            column=fields["column"].data or "",
            value=(fields["value"].data or "").strip(),
            separator=fields["separator"].data or "",
            translate=translate,
            date_format=fields["date_format"].data if "date_format" in fields else "",
        )
    if failed:
        return None
    return imports.ColumnMapping(kind=kind, rules=rules, actor_kind=form.actor_kind.data or "other")


def _use_mapping(form: MappingForm, job: ImportJob, page: imports.MappingPage) -> bool:
    """Use (and perhaps save) the mapping the form describes; False with its problems on the fields."""
    chosen = _mapping_from_form(form, page.kind)
    if chosen is None:
        return False
    save_as = (form.name.data or page.default_name) if form.save.data else None
    problems = imports.use_mapping(get_session(), job, chosen, header=page.header, save_as=save_as)
    for field_name, message in problems.items():
        target_field = getattr(form, f"{field_name}__column", None) or getattr(form, field_name, None)
        if target_field is not None:
            target_field.errors = [*target_field.errors, message]
    return not problems


def _past_preview(job: ImportJob) -> BaseResponse | None:
    """A confirmed job's pages lead to its status (a stopped one comes back here, to run again)."""
    stopped = imports.is_stalled(get_session(), job, stalled_after=_stalled_after())
    if job.status == ImportStatus.DONE or (job.status == ImportStatus.RUNNING and not stopped):
        return redirect(url_for("imports.status", job_id=job.id))
    return None


@bp.route("/<int:job_id>/mapping", methods=["GET", "POST"], endpoint="mapping")
def mapping(job_id: int) -> BaseResponse | str:
    """Map the columns of someone else's spreadsheet onto our fields (and keep the mapping)."""
    job = _job(job_id)
    if (gone := _past_preview(job)) is not None:
        return gone
    page = imports.mapping_page(get_session(), job, asked_kind=request.values.get("kind", ""))
    form = _mapping_form(page)
    if request.method == "POST" and form.validate_on_submit() and _use_mapping(form, job, page):
        commit()
        return redirect(url_for("imports.preview", job_id=job.id))
    return render_template("imports/mapping.html", job=job, form=form, **page.fields())


def _preview_page(job: ImportJob, form: ConfirmForm) -> BaseResponse | str:
    """The preview of a job's file, its CSV report, or the mapping when the columns need (re)mapping."""
    try:
        shown = imports.preview_job(get_session(), job, by=acting_user(), today=date.today())
    except imports.UnknownHeader:
        return redirect(url_for("imports.mapping", job_id=job.id))
    except RuleViolation as violation:
        for message in violation.errors.values():
            flash(translate(message), "error")
        return redirect(url_for("imports.mapping", job_id=job.id, kind=job.kind or ""))
    if request.args.get("report") == "csv":
        return _csv_download(shown.report(), f"scorecard-import-{job.id}-preview.csv")
    form.plan.data = shown.plan.digest
    return render_template("imports/preview.html", job=job, form=form, **shown.fields())


@bp.route("/<int:job_id>", methods=["GET", "POST"], endpoint="preview")
def preview(job_id: int) -> BaseResponse | str:
    """What the import would do, row by row; confirming runs it."""
    job = _job(job_id)
    if (gone := _past_preview(job)) is not None:
        return gone
    form = ConfirmForm()
    if form.validate_on_submit():
        return _confirm(job, form.plan.data or "")
    if form.is_submitted():
        _stale_confirmation()
    return _preview_page(job, form)


def _stale_confirmation() -> None:
    """Say that a confirmation was posted from a page older than the preview (its form no longer held)."""
    flash(
        gettext(
            "That confirmation came from an out-of-date page. Check the preview below and confirm again."
        ),
        "error",
    )


def _confirm(job: ImportJob, previewed: str) -> BaseResponse:
    """Run a confirmed import if it still does what was previewed: here when small, else on the queue."""
    session = get_session()
    background = job.total_rows > limits().background_rows
    phase = imports.QUEUED if background else "checking"
    if not imports.claim_job(session, job.id, phase=phase, stalled_after=_stalled_after()):
        flash(gettext("This import is already running or finished."), "info")
        return redirect(url_for("imports.status", job_id=job.id))
    by = acting_user()
    if background:
        commit()
        jobs.current_queue().enqueue(jobs.run_import, job.id, previewed=previewed, by=by, today=date.today())
    else:
        imports.confirm_job(session, job, by=by, today=date.today(), previewed=previewed)
        commit()
    return redirect(url_for("imports.status", job_id=job.id))


@bp.route("/<int:job_id>/status", endpoint="status")
def status(job_id: int) -> Response | str:
    """How a confirmed import is going, or what it did: refreshes itself while it runs."""
    job = _job(job_id)
    if request.args.get("report") == "csv" and job.report:
        return _csv_download(imports.unpack_report(job.report), f"scorecard-import-{job.id}.csv")
    shown = imports.job_status(get_session(), job, stalled_after=_stalled_after())
    response = Response(render_template("imports/status.html", job=job, **shown.fields()))
    if shown.running:
        # Refresh without JavaScript (the CSP allows no inline script): this header and a <meta> in the page.
        response.headers["Refresh"] = "1"
    return response

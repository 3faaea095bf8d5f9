"""CSV import: recognise or map the columns, plan every row (the preview), then write all of it or nothing.

Planning reads only; it validates each row with the rules the forms call
(`scorecard.rules`: `check_recommendation`, `check_benchmark`, `check_observation`,
given the row merged over the stored record, with the lookups read once per file)
and reports every problem by row and column, the rules' fields named as the file's
columns (theme_id is `theme`, scale_id `scale`). The planners themselves check only
what is about the file: a column a new record needs, a cell that is not a number or
a date, a name no record has, a key repeated on another row. Applying
writes the plan with Core bulk statements in the caller's transaction, checks
that nothing it read has changed meanwhile (versions, entries still counting),
and brings the maintained scores up to date once at the end.

The package's modules: `headers` (kinds and recognising them), `mappings` (foreign
columns onto ours, saved mappings), `plans` and `cells` (what planners share), one
`plan_*` per kind, `planning` (the entry point), `writes` and `apply` (applying),
`reports`, `jobs` (the job's lifecycle), `run` (plan, compare with the preview,
apply, record the outcome), `background` (the queue worker's run, with a heartbeat)
and `pages` (what the import pages need).

The names below are the package's public face; the modules' own names are for the package.
"""

from __future__ import annotations

from .apply import ImportOutcome, apply
from .background import run_job
from .headers import KIND_LABELS, KINDS, ReportOnly, UnknownHeader, header_signature, recognise
from .jobs import (
    QUEUED,
    claim_job,
    create_job,
    fail_job,
    finish_job,
    get_job,
    is_stalled,
    job_progress,
    job_source,
    recent_jobs,
    set_job_mapping,
)
from .mappings import (
    DATE_FIELDS,
    DATE_FORMATS,
    MAPPING_TARGETS,
    ColumnMapping,
    FieldRule,
    TargetField,
    check_mapping,
    delete_mapping,
    find_mapping,
    format_translations,
    guess_mapping,
    list_mappings,
    parse_translations,
    rename_mapping,
    save_mapping,
)
from .pages import (
    STATUS_LABELS,
    JobStatus,
    MappingPage,
    Preview,
    Recognised,
    Upload,
    job_status,
    mapping_page,
    preview_job,
    receive_upload,
    recognise_file,
    use_mapping,
)
from .planning import ImportSource, plan
from .plans import ImportPlan, Progress, RowError, RowResult
from .reports import REPORT_COLUMNS, pack_report, report_batches, unpack_report
from .run import CHANGED_SINCE_PREVIEW, ImportRun, confirm_job, conflict_message, run_import
from .writes import ImportConflict, id_ranges

__all__ = [
    "CHANGED_SINCE_PREVIEW",
    "DATE_FIELDS",
    "DATE_FORMATS",
    "KINDS",
    "KIND_LABELS",
    "MAPPING_TARGETS",
    "QUEUED",
    "REPORT_COLUMNS",
    "STATUS_LABELS",
    "ColumnMapping",
    "FieldRule",
    "ImportConflict",
    "ImportOutcome",
    "ImportPlan",
    "ImportRun",
    "ImportSource",
    "JobStatus",
    "MappingPage",
    "Preview",
    "Progress",
    "Recognised",
    "ReportOnly",
    "RowError",
    "RowResult",
    "TargetField",
    "UnknownHeader",
    "Upload",
    "apply",
    "check_mapping",
    "claim_job",
    "confirm_job",
    "conflict_message",
    "create_job",
    "delete_mapping",
    "fail_job",
    "find_mapping",
    "finish_job",
    "format_translations",
    "get_job",
    "guess_mapping",
    "header_signature",
    "id_ranges",
    "is_stalled",
    "job_progress",
    "job_source",
    "job_status",
    "list_mappings",
    "mapping_page",
    "pack_report",
    "parse_translations",
    "plan",
    "preview_job",
    "receive_upload",
    "recent_jobs",
    "recognise",
    "recognise_file",
    "rename_mapping",
    "report_batches",
    "run_import",
    "run_job",
    "save_mapping",
    "set_job_mapping",
    "unpack_report",
    "use_mapping",
]

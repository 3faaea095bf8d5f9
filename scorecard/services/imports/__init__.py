"""CSV import: recognise or map the columns, plan every row (the preview), then write all of it or nothing.

Planning reads only; it validates each row with the same rules as the forms
(`recommendations._recommendation_values` / `_benchmark_values` are mirrored
in the planners row by row; `progress.check_observation`, the rules behind the progress
form, is called as is) and reports every problem by row and column. Applying
writes the plan with Core bulk statements in the caller's transaction, checks
that nothing it read has changed meanwhile (versions, entries still counting),
and brings the maintained scores up to date once at the end.

The package's modules: `headers` (kinds and recognising them), `mappings` (foreign
columns onto ours, saved mappings), `plans` and `cells` (what planners share), one
`plan_*` per kind, `planning` (the entry point), `writes` and `apply` (applying),
`reports`, `jobs` and `run` (plan, compare, apply, finish).
"""

from __future__ import annotations

from .apply import ImportOutcome as ImportOutcome
from .apply import apply as apply
from .cells import FALSE_WORDS as FALSE_WORDS
from .cells import TRUE_WORDS as TRUE_WORDS
from .headers import COMPUTED as COMPUTED
from .headers import ENTITY as ENTITY
from .headers import IMPORTED as IMPORTED
from .headers import KIND_LABELS as KIND_LABELS
from .headers import KINDS as KINDS
from .headers import REQUIRED_COLUMNS as REQUIRED_COLUMNS
from .headers import ReportOnly as ReportOnly
from .headers import UnknownHeader as UnknownHeader
from .headers import header_signature as header_signature
from .headers import recognise as recognise
from .jobs import JOB_RETENTION as JOB_RETENTION
from .jobs import MAX_STORED_ERRORS as MAX_STORED_ERRORS
from .jobs import STALLED_AFTER as STALLED_AFTER
from .jobs import claim_job as claim_job
from .jobs import create_job as create_job
from .jobs import fail_job as fail_job
from .jobs import finish_job as finish_job
from .jobs import get_job as get_job
from .jobs import is_stalled as is_stalled
from .jobs import job_progress as job_progress
from .jobs import job_source as job_source
from .jobs import recent_jobs as recent_jobs
from .jobs import set_job_mapping as set_job_mapping
from .mappings import MAPPING_TARGETS as MAPPING_TARGETS
from .mappings import TEMPLATE_FIELD as TEMPLATE_FIELD
from .mappings import TITLE_MAX as TITLE_MAX
from .mappings import ColumnMapping as ColumnMapping
from .mappings import FieldRule as FieldRule
from .mappings import TargetField as TargetField
from .mappings import check_mapping as check_mapping
from .mappings import find_mapping as find_mapping
from .mappings import format_translations as format_translations
from .mappings import guess_mapping as guess_mapping
from .mappings import list_mappings as list_mappings
from .mappings import map_rows as map_rows
from .mappings import own_rows as own_rows
from .mappings import parse_translations as parse_translations
from .mappings import save_mapping as save_mapping
from .mappings import shorten as shorten
from .plan_benchmarks import BenchmarkWork as BenchmarkWork
from .plan_progress import ENTRY_STATUSES as ENTRY_STATUSES
from .plan_progress import ProgressWork as ProgressWork
from .plan_recommendations import ROLE_SUFFIX as ROLE_SUFFIX
from .plan_recommendations import RecommendationWork as RecommendationWork
from .plan_recommendations import parse_actors as parse_actors
from .planning import ImportSource as ImportSource
from .planning import plan as plan
from .plans import ACTIONS as ACTIONS
from .plans import CHUNK as CHUNK
from .plans import PROGRESS_EVERY as PROGRESS_EVERY
from .plans import ImportPlan as ImportPlan
from .plans import Progress as Progress
from .plans import RowError as RowError
from .plans import RowResult as RowResult
from .plans import paused_gc as paused_gc
from .reports import REPORT_COLUMNS as REPORT_COLUMNS
from .reports import pack_report as pack_report
from .reports import report_batches as report_batches
from .reports import report_rows as report_rows
from .reports import unpack_report as unpack_report
from .writes import BULK_FROM as BULK_FROM
from .writes import REBUILD_THRESHOLD as REBUILD_THRESHOLD
from .writes import ImportConflict as ImportConflict
from .writes import id_ranges as id_ranges

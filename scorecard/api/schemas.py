"""The API's request and response shapes (pydantic), from which the OpenAPI document is generated.

Row shapes are built from the CSV exports' own column tuples (services/exports.py),
so the API's field names are the CSV's and cannot drift from them. Input shapes
check types only: every business rule is the services' and rules', with their messages.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from scorecard.rules.benchmarks import CheckedBenchmark
from scorecard.rules.progress import CheckedEntry
from scorecard.services import exports
from scorecard.services.scorecards import GroupScore

# Record ids are 32-bit in every table (as the pages' URLs hold them: views.LARGEST_ID).
RecordId = Annotated[int, Field(ge=1, le=2_147_483_647)]
# A number: whether it is finite and in range is the rules' to say (with the forms' messages).
Number = float

# Columns that hold numbers; every other CSV column is text (dates as ISO text, booleans as true/false).
_INTEGERS = frozenset(
    {"benchmark_id", "entry_id", "position", "benchmark_count", "assessed_count", "corrects_id"}
)
_NUMBERS = frozenset({"score", "coverage", "baseline", "target", "weight", "value", "compare_score", "trend"})


def _cell_type(column: str) -> Any:
    if column in _INTEGERS:
        return int | None
    if column in _NUMBERS:
        return float | None
    return str | None


def _row_model(name: str, columns: tuple[str, ...]) -> type[BaseModel]:
    """A model with one field per CSV column (a column such as title@sq becomes the key "title@sq")."""
    fields: dict[str, Any] = {}
    for column in columns:
        attribute = column.replace("@", "_at_").replace("-", "_")
        fields[attribute] = (_cell_type(column), Field(None, alias=column))
    model: type[BaseModel] = create_model(
        name, __config__=ConfigDict(populate_by_name=True, extra="forbid"), **fields
    )
    return model


RecommendationRow = _row_model("RecommendationRow", exports.RECOMMENDATION_COLUMNS)
BenchmarkRow = _row_model("BenchmarkRow", exports.BENCHMARK_COLUMNS)
ProgressRow = _row_model("ProgressRow", exports.PROGRESS_COLUMNS)
ProgressHistoryRow = _row_model("ProgressHistoryRow", exports.PROGRESS_HISTORY_COLUMNS)
ScorecardRow = _row_model("ScorecardRow", exports.SCORECARD_COLUMNS)


def _fields_of(shape: type, *, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A dataclass's fields as required model fields, in its order and with its types."""
    hints = get_type_hints(shape)
    return {
        field.name: (hints[field.name], ...)
        for field in dataclasses.fields(shape)
        if field.name not in leave_out
    }


def _detail_model(model_name: str, doc: str, /, **fields: Any) -> type[BaseModel]:
    """A response model of these fields (an answer carries each of them, null or not)."""
    model: type[BaseModel] = create_model(model_name, __doc__=doc, **fields)
    return model


class Page(BaseModel):
    """One page of a list; `next` is the cursor of the following page (also in the Link header)."""

    next: str | None = None


class RecommendationPage(Page):
    """A page of recommendations, in code order."""

    items: list[RecommendationRow]  # type: ignore[valid-type]


class BenchmarkPage(Page):
    """A page of benchmarks, by recommendation code and position."""

    items: list[BenchmarkRow]  # type: ignore[valid-type]


class ProgressPage(Page):
    """A page of progress entries, in the order recorded."""

    items: list[ProgressHistoryRow | ProgressRow]  # type: ignore[valid-type]


# A group's figures are the service's (services/scorecards.GroupScore), and those of the compare-to date.
GroupFigures = _detail_model(
    "GroupFigures",
    "One group's (or the whole selection's) figures on both dates.",
    **_fields_of(GroupScore),
    compare_score=(float | None, ...),
    trend=(float | None, ...),
)


class ScorecardPage(Page):
    """The scorecard as of a date, compared with another: a row per recommendation, and group figures."""

    as_of: date
    compare_to: date
    group: str
    overall: GroupFigures  # type: ignore[valid-type]
    groups: list[GroupFigures]  # type: ignore[valid-type]
    items: list[ScorecardRow]  # type: ignore[valid-type]


# -- the query strings ---------------------------------------------------------------------


class ListQuery(BaseModel):
    """The filters every list and the scorecard take: the pages' own query arguments.

    Malformed values are ignored as on the pages (web/filters.py reads them).
    """

    model_config = ConfigDict(extra="allow")

    q: str | None = Field(None, max_length=200, description="Words in the code, title or wording")
    theme: list[RecordId] = Field(default_factory=list, description="Theme ids (any of)")
    actor: list[RecordId] = Field(default_factory=list, description="Actor ids (any of)")
    source: list[RecordId] = Field(default_factory=list, description="Source ids (any of)")
    status: list[str] = Field(default_factory=list, description="Statuses (any of)")
    priority: list[str] = Field(default_factory=list, description="Priorities (any of)")
    cycle: RecordId | None = Field(None, description="Due within this review cycle")
    due_from: str | None = Field(None, description="Due on or after (YYYY-MM-DD)")
    due_to: str | None = Field(None, description="Due on or before (YYYY-MM-DD)")
    overdue: str | None = Field(None, description="true: overdue only")
    stale: str | None = Field(None, description="true: stale only")
    archived: str | None = Field(None, description="active (default), archived or all")
    as_of: str | None = Field(None, description="Scores as of this date (YYYY-MM-DD; default today)")
    cursor: str | None = Field(None, max_length=500, description="The `next` cursor of the previous page")
    limit: int = Field(100, ge=1, le=500, description="Rows per page")


class ProgressQuery(ListQuery):
    """The progress list's filters, and whether to include corrected and deleted entries."""

    history: str | None = Field(None, description="true: every entry ever recorded, with its status")


class ScorecardQuery(ListQuery):
    """The scorecard's dates and grouping, besides the filters."""

    compare_to: str | None = Field(
        None, description="Compare with this date (default: the end of the previous review cycle)"
    )
    group: str | None = Field(None, description="theme (default), actor, source or cycle")


# -- reference data --------------------------------------------------------------------------


class Theme(BaseModel):
    """A policy area."""

    id: int
    name: str
    description: str | None


class Actor(BaseModel):
    """Who is asked to act."""

    id: int
    name: str
    kind: str


class Source(BaseModel):
    """A report that makes recommendations."""

    id: int
    title: str
    publisher: str | None
    authors: str | None
    published_on: date | None
    url: str | None


class Level(BaseModel):
    """One step of a scale."""

    id: int
    position: int
    label: str
    score: float


class Scale(BaseModel):
    """An ordered assessment scale."""

    id: int
    name: str
    levels: list[Level]


class ThemeList(BaseModel):
    """Every theme."""

    items: list[Theme]


class ActorList(BaseModel):
    """Every actor."""

    items: list[Actor]


class SourceList(BaseModel):
    """Every source."""

    items: list[Source]


class ScaleList(BaseModel):
    """Every scale with its levels."""

    items: list[Scale]


# -- one recommendation, read and written ----------------------------------------------------


class ActorLink(BaseModel):
    """An actor a recommendation is addressed to, and its part."""

    actor_id: RecordId
    role: str = "lead"


class BenchmarkFields(BaseModel):
    """A benchmark as written: `benchmark_id` keeps an existing one, none adds one."""

    model_config = ConfigDict(extra="forbid")

    benchmark_id: RecordId | None = None
    title: str = Field(max_length=10_000)
    kind: str
    scale_id: RecordId | None = None
    baseline: Number | None = None
    target: Number | None = None
    unit: str | None = Field(None, max_length=10_000)
    direction: str | None = None
    weight: Number | None = 1.0
    due_on: date | None = None
    reporting_frequency: str | None = None
    reporting_due_day: int | None = Field(None, ge=-(2**31), lt=2**31)


class RecommendationFields(BaseModel):
    """A recommendation as written; the benchmarks listed replace the live ones (those left out retire)."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(max_length=10_000)
    title: str = Field(max_length=10_000)
    text: str = Field(max_length=100_000)
    theme_id: RecordId | None = None
    source_id: RecordId | None = None
    locator: str | None = Field(None, max_length=10_000)
    priority: str = "medium"
    status: str = "proposed"
    issued_on: date | None = None
    due_on: date | None = None
    tags: list[str] = Field(default_factory=list)
    actors: list[ActorLink] = Field(default_factory=list)
    benchmarks: list[BenchmarkFields] = Field(default_factory=list)


# A live benchmark's fields are those the rules checked (rules/benchmarks.CheckedBenchmark).
BenchmarkDetail = _detail_model(
    "BenchmarkDetail",
    "A live benchmark of a recommendation.",
    benchmark_id=(int, ...),
    position=(int, ...),
    **_fields_of(CheckedBenchmark),
)


class RecommendationDetail(BaseModel):
    """One recommendation with its live benchmarks; `version` is also its ETag."""

    code: str
    title: str
    text: str
    theme_id: int
    source_id: int | None
    locator: str | None
    priority: str
    status: str
    issued_on: date | None
    due_on: date | None
    tags: list[str]
    archived: bool
    actors: list[ActorLink]
    benchmarks: list[BenchmarkDetail]  # type: ignore[valid-type]
    version: int


class EntryFields(BaseModel):
    """One observation: only the value field of the benchmark's kind is read."""

    model_config = ConfigDict(extra="forbid")

    observed_on: date | None = None
    level_id: RecordId | None = None
    value: Number | None = None
    achieved: bool | None = None
    note: str | None = Field(None, max_length=100_000)
    evidence_url: str | None = Field(None, max_length=10_000)


# An entry's observation and score are those the rules checked (rules/progress.CheckedEntry);
# whose assessment it is stays out of the API.
EntryDetail = _detail_model(
    "EntryDetail",
    "A progress entry as recorded, with its derived score.",
    entry_id=(int, ...),
    benchmark_id=(int, ...),
    kind=(str, ...),
    **_fields_of(CheckedEntry, leave_out=frozenset({"perspective_id"})),
    corrects_id=(int | None, ...),
    review_status=(str, Field(description="approved (counts), or submitted: waiting for review")),
)


class ProblemError(BaseModel):
    """One field's error: where in the request body, and the message the form would show."""

    pointer: str
    detail: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemError] | None = None


# -- frameworks (read only): the frameworks CSV exports' field names ---------------------------


class FrameworkRules(BaseModel):
    """A framework's name and rules, as frameworks.csv names them."""

    framework_id: int
    framework: str
    kind: str
    met_rule: str
    threshold: float | None
    rollup: str
    illustrative: bool


class FrameworkRow(FrameworkRules):
    """A framework: its rules (as in frameworks.csv), and how many items and links it has."""

    description: str | None
    item_count: int
    link_count: int


class FrameworkList(Page):
    """A page of frameworks, by name."""

    items: list[FrameworkRow]


class FrameworkQuery(BaseModel):
    """A list's cursor and size."""

    cursor: str | None = Field(None, max_length=500, description="The `next` cursor of the previous page")
    limit: int = Field(100, ge=1, le=500, description="Rows per page")


class FrameworkDatesQuery(FrameworkQuery):
    """The dates a framework's scorecard is shown on, as on its page."""

    as_of: str | None = Field(None, description="Figures as of this date (YYYY-MM-DD; default today)")
    compare_to: str | None = Field(
        None, description="Compare with this date (default: the end of the previous review cycle)"
    )


class FrameworkAsOfQuery(BaseModel):
    """The date an item is shown on, as on its page."""

    as_of: str | None = Field(None, description="Figures as of this date (YYYY-MM-DD; default today)")


class FrameworkItemRow(BaseModel):
    """An item as in framework-items.csv, its figures as of the date, and on the compare-to date."""

    item_id: int
    depth: int
    framework: str
    code: str
    title: str
    parent_code: str | None
    weight: float
    due_on: date | None
    amount: float | None
    currency: str | None
    as_of: date
    score: float | None
    coverage: float | None
    met: bool
    overdue: bool
    at_risk: bool
    link_count: int
    achieved_links: int
    compare_score: float | None
    compare_met: bool | None
    trend: float | None


class Unlocked(BaseModel):
    """In one currency: the amount met items unlock, of the amount at stake."""

    currency: str
    unlocked: float
    at_stake: float


class FrameworkDetail(FrameworkRules):
    """A framework's scorecard as of a date, compared with another: its items in tree order, paged."""

    as_of: date
    compare_to: date | None
    met_count: int
    at_risk_count: int
    unlocked: list[Unlocked]
    compare_unlocked: list[Unlocked]
    next: str | None = None
    items: list[FrameworkItemRow]


class FrameworkLinkRow(BaseModel):
    """A crosswalk link as in links.csv: the item, and the recommendation (or its benchmark) it counts."""

    link_id: int
    framework: str
    item_code: str
    recommendation_code: str
    benchmark_id: int | None
    benchmark_title: str | None
    weight: float


class FrameworkLinkPage(Page):
    """A page of a framework's links, by item and link."""

    items: list[FrameworkLinkRow]


class BackerRow(BaseModel):
    """What stands behind an item on a date: a linked recommendation or benchmark, its state, its actors."""

    link_id: int
    item_code: str
    recommendation_code: str
    recommendation_title: str
    benchmark_id: int | None
    benchmark_title: str | None
    weight: float
    score: float | None
    achieved: bool
    actors: list[str]


class FrameworkItemDetail(BaseModel):
    """One item as of a date: its figures, its sub-items', and the records behind them."""

    item: FrameworkItemRow
    subitems: list[FrameworkItemRow]
    links: list[BackerRow]

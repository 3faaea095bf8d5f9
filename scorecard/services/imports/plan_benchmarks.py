"""Planning a benchmarks file: every row checked against the database and the rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scorecard.errors import N_, RuleViolation
from scorecard.models import BenchmarkKind, Scale
from scorecard.rules.benchmarks import BENCHMARK_INPUTS, BenchmarkFacts, RecordedBenchmark, check_benchmark
from scorecard.rules.recommendations import normalise_code

from ..recommendations import BENCHMARK_FIELDS
from ..tables import bench, entry, rec
from . import staging, translations
from .cells import Cells, choice_word, ids_given, row_cells
from .mappings import TITLE_MAX
from .plans import Progress, RowResult, lower_names, show


@dataclass(slots=True)
class BenchmarkWork:
    """What a benchmarks import writes."""

    creates: list[dict[str, Any]] = field(default_factory=list)
    # (benchmark id, version read, recommendation id, changed values, values before, rescore entries)
    updates: list[tuple[int, int, int, dict[str, Any], dict[str, Any], bool]] = field(default_factory=list)
    codes: dict[int, str] = field(default_factory=dict)  # recommendation id → code, for the audit


# The fields of a benchmark as the forms keep them, whether it is archived, and whether it is the
# recommendation's own assessment.
BENCH_FIELDS = (*BENCHMARK_FIELDS, "archived", "is_assessment")


def plan_benchmark_rows(
    session: Session,
    rows: Iterable[tuple[int, dict[str, str]]],
    present: frozenset[str],
    *,
    on_progress: Progress,
    total: int,
) -> tuple[list[RowResult], BenchmarkWork, list[str]]:
    """Check a benchmarks file row by row against the database: results, work and notices."""
    rows = list(rows)
    known = _StoredBenchmarks.load(session, rows)
    work = BenchmarkWork(codes=known.codes_by_id)
    results: list[RowResult] = []
    seen: dict[int, int] = {}
    for cells in row_cells(rows, on_progress, total):
        benchmark_id, code, current = _identify_benchmark(cells, known, seen)
        new = _read_benchmark_cells(cells, known.scales)
        new.update(translations.read_cells(cells, "benchmark", TITLE_MAX))
        if not cells.errors:
            final = _merged_benchmark(current, new)
            _check_benchmark_row(cells, final, new, current)
        if cells.errors:
            results.append(RowResult(cells.row, "error", str(benchmark_id or code), errors=cells.errors))
            continue
        if current is None:
            results.append(_planned_create(cells.row, benchmark_id, code, final, known, work))
        else:
            results.append(_planned_update(cells.row, current, final, known, work))
    return results, work, []


@dataclass(slots=True)
class _StoredBenchmarks:
    """What checking a benchmarks file needs from the database, read once for the whole file."""

    scales: dict[str, tuple[int, str]]  # lower-case name → (id, name)
    recommendations: dict[str, int]  # code → id, for the codes the file names
    codes_by_id: dict[int, str]
    existing: dict[int, dict[str, Any]]  # the benchmarks the file names by id
    next_position: dict[int, int]  # recommendation id → the position a new benchmark gets

    @property
    def scale_names(self) -> dict[int, str]:
        """Scale names by id."""
        return dict(self.scales.values())

    @classmethod
    def load(cls, session: Session, rows: list[tuple[int, dict[str, str]]]) -> _StoredBenchmarks:
        """Everything the rows refer to: scales, recommendations, stored benchmarks and next positions,
        in a few queries joined to the file's staged keys (their number does not grow with the file)."""
        codes = sorted({normalise_code(values.get("recommendation_code", "")) for _, values in rows} - {""})
        wanted_ids = ids_given(values.get("benchmark_id", "") for _, values in rows)
        staging.stage(session, ids={"benchmark_id": wanted_ids}, codes=codes)
        recommendations: dict[str, int] = {
            code: ident
            for ident, code in session.execute(
                select(rec.c.id, rec.c.code).where(rec.c.code.in_(staging.codes()))
            )
        }
        codes_by_id = {ident: code for code, ident in recommendations.items()}
        existing = _stored_benchmarks(session, set(wanted_ids))
        next_position = _next_positions(session)
        translations.attach(
            session, "benchmark", existing, where=staging.among(session, bench.c.id, "benchmark_id")
        )
        staging.unstage(session)
        codes_by_id.update({b["recommendation_id"]: b["recommendation_code"] for b in existing.values()})
        return cls(
            scales=lower_names(session, Scale, "name"),
            recommendations=recommendations,
            codes_by_id=codes_by_id,
            existing=existing,
            next_position=next_position,
        )


def _stored_benchmarks(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    """The stored benchmarks with these (staged) ids as the import compares them, and whether they
    have entries."""
    existing: dict[int, dict[str, Any]] = {}
    staged = staging.among(session, bench.c.id, "benchmark_id")
    for row in session.execute(
        select(bench, rec.c.code.label("recommendation_code"))
        .join(rec, rec.c.id == bench.c.recommendation_id)
        .where(staged)
    ):
        if row.id not in ids:
            continue  # a dense range of staged ids holds ids the file does not name
        existing[row.id] = {
            "id": row.id,
            "version": row.version,
            "recommendation_id": row.recommendation_id,
            "recommendation_code": row.recommendation_code,
            "title": row.title,
            "kind": row.kind,
            "scale_id": row.scale_id,
            "baseline": row.baseline,
            "target": row.target,
            "unit": row.unit,
            "direction": row.direction,
            "weight": row.weight,
            "due_on": row.due_on,
            "reporting_frequency": row.reporting_frequency,
            "reporting_due_day": row.reporting_due_day,
            "position": row.position,
            "archived": row.archived_at is not None,
            "is_assessment": row.is_assessment,
            "has_entries": False,
        }
    if existing:
        with_entries = select(entry.c.benchmark_id).where(
            staging.among(session, entry.c.benchmark_id, "benchmark_id")
        )
        for benchmark_id in session.scalars(with_entries.distinct()):
            if benchmark_id in existing:
                existing[benchmark_id]["has_entries"] = True
    return existing


def _next_positions(session: Session) -> dict[int, int]:
    """The position after the last benchmark of each recommendation the file names (staged codes)."""
    named = select(rec.c.id).where(rec.c.code.in_(staging.codes()))
    return {
        recommendation_id: int(highest) + 1
        for recommendation_id, highest in session.execute(
            select(bench.c.recommendation_id, func.max(bench.c.position))
            .where(bench.c.recommendation_id.in_(named))
            .group_by(bench.c.recommendation_id)
        )
    }


def _identify_benchmark(
    cells: Cells, known: _StoredBenchmarks, seen: dict[int, int]
) -> tuple[int | None, str, dict[str, Any] | None]:
    """The row's benchmark id, recommendation code and stored benchmark; unknown or moved ones are errors."""
    benchmark_id = cells.integer("benchmark_id", minimum=1) if cells.has("benchmark_id") else None
    code = normalise_code(cells.values.get("recommendation_code", ""))
    if not code:
        cells.error("recommendation_code", N_("The recommendation's code is required."))
    elif code not in known.recommendations:
        cells.error(
            "recommendation_code",
            N_("There is no recommendation %(code)s. Import the recommendations file first.", code=code),
        )
    current = known.existing.get(benchmark_id) if benchmark_id is not None else None
    if benchmark_id is not None:
        if benchmark_id in seen:
            cells.error(
                "benchmark_id",
                N_("Benchmark %(id)s is already on row %(row)s.", id=benchmark_id, row=seen[benchmark_id]),
            )
        seen[benchmark_id] = cells.row
        if current is not None and code and current["recommendation_code"] != code:
            cells.error(
                "recommendation_code",
                N_(
                    "Benchmark %(id)s belongs to %(code)s; benchmarks cannot move between recommendations.",
                    id=benchmark_id,
                    code=current["recommendation_code"],
                ),
            )
    return benchmark_id, code, current


def _read_benchmark_cells(cells: Cells, scales: Mapping[str, tuple[int, str]]) -> dict[str, Any]:
    """The typed values of the columns the file gives (a column it leaves out is not in the result)."""
    new: dict[str, Any] = {}
    if cells.has("title"):
        new["title"] = cells.text("title", max_length=TITLE_MAX)
    if cells.has("kind"):
        new["kind"] = choice_word(cells.raw("kind")) or None
    if cells.has("scale"):
        scale_name = cells.text("scale")
        if scale_name is None:
            new["scale_id"] = None
        elif scale_name.lower() in scales:
            new["scale_id"] = scales[scale_name.lower()][0]
        else:
            listed = ", ".join(sorted(name for _, name in scales.values()))
            cells.error(
                "scale",
                N_("There is no scale “%(name)s”. Scales: %(scales)s.", name=scale_name, scales=listed),
            )
    for name in ("baseline", "target", "weight"):
        if cells.has(name):
            new[name] = _figure(cells, name)
    if cells.has("unit"):
        new["unit"] = cells.text("unit", max_length=40)
    if cells.has("direction"):
        new["direction"] = choice_word(cells.raw("direction")) or None
    if cells.has("due_on"):
        new["due_on"] = cells.day("due_on")
    if cells.has("reporting_frequency"):
        # "Half-yearly" as well as half_yearly.
        new["reporting_frequency"] = choice_word(cells.raw("reporting_frequency")).replace("-", "_") or None
    if cells.has("reporting_due_day"):
        new["reporting_due_day"] = cells.integer("reporting_due_day")
    if cells.has("position"):
        new["position"] = cells.integer("position")
    for flag in ("archived", "is_assessment"):
        if cells.has(flag):
            new[flag] = bool(cells.flag(flag))
    return new


def _figure(cells: Cells, column: str) -> float | None:
    """A number, or None for blank; "inf" and "nan" are read too, for the rules to refuse by name."""
    text = cells.raw(column)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return cells.number(column)  # not a number at all: its message


# What a new benchmark starts from before the row's values.
_NEW_BENCHMARK: dict[str, Any] = {
    "title": None,
    "kind": None,
    "scale_id": None,
    "baseline": None,
    "target": None,
    "unit": None,
    "direction": None,
    "weight": 1.0,
    "due_on": None,
    "reporting_frequency": None,
    "reporting_due_day": None,
    "position": None,
    "archived": False,
    "is_assessment": False,
}


def _merged_benchmark(current: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """The benchmark as it would be: stored (or new) values with the row's on top; no weight means 1."""
    base = current or _NEW_BENCHMARK
    final = {name: base[name] for name in BENCH_FIELDS}
    final.update(new)
    if final["weight"] is None:
        final["weight"] = 1.0
    return final


def _planned_create(
    row_number: int,
    benchmark_id: int | None,
    code: str,
    final: dict[str, Any],
    known: _StoredBenchmarks,
    work: BenchmarkWork,
) -> RowResult:
    """A checked new benchmark, placed after its recommendation's others unless the row says where."""
    recommendation_id = known.recommendations[code]
    next_position = known.next_position
    if final["position"] is None:
        final["position"] = next_position.get(recommendation_id, 0)
    next_position[recommendation_id] = max(next_position.get(recommendation_id, 0), final["position"] + 1)
    work.creates.append({**final, "id": benchmark_id, "recommendation_id": recommendation_id, "code": code})
    return RowResult(
        row_number,
        "create",
        str(benchmark_id) if benchmark_id else f"{code} (new)",
        note=f"{final['title']} ({final['kind']})",
    )


def _planned_update(
    row_number: int,
    current: dict[str, Any],
    final: dict[str, Any],
    known: _StoredBenchmarks,
    work: BenchmarkWork,
) -> RowResult:
    """A checked stored benchmark: unchanged, or an update (re-scoring its entries when numbers moved)."""
    benchmark_id = current["id"]
    compared = (*BENCH_FIELDS, *(name for name in final if translations.is_translation(name)))
    changed = {name: final[name] for name in compared if final[name] != current.get(name)}
    if not changed:
        return RowResult(row_number, "unchanged", str(benchmark_id))
    before = {name: current[name] for name in changed}
    rescore = bool(
        current["has_entries"]
        and final["kind"] == BenchmarkKind.NUMERIC
        and ("baseline" in changed or "target" in changed or "direction" in changed)
    )
    work.updates.append(
        (current["id"], current["version"], current["recommendation_id"], changed, before, rescore)
    )
    scale_names = known.scale_names
    shown = {
        ("scale" if name == "scale_id" else name): (
            show(scale_names.get(before[name]) if name == "scale_id" else before[name]),
            show(scale_names.get(value) if name == "scale_id" else value),
        )
        for name, value in changed.items()
    }
    note = N_("its entries are re-scored") if rescore else ""
    return RowResult(row_number, "update", str(benchmark_id), changes=shown, note=note)


# The rules name a benchmark's fields as the forms do; the file's columns for them.
RULE_COLUMNS = {"scale_id": "scale"}


def _check_benchmark_row(
    cells: Cells, final: dict[str, Any], given: dict[str, Any], current: dict[str, Any] | None
) -> None:
    """`check_benchmark` (the forms' rules) over the merged benchmark; `final` takes its clean values.

    Only what is about the file is checked here: a column a new benchmark cannot do without.
    The fields the row gives are `supplied`: a numeric field given to a milestone is refused,
    one carried over from the stored benchmark is dropped.
    """
    for name, label in (("title", "A title"), ("kind", "A kind")):
        if name not in given and final[name] is None:
            cells.error(name, f"{label} is needed to create a benchmark.")
    recorded = (
        None
        if current is None
        else RecordedBenchmark(current["kind"], current["scale_id"], current["has_entries"])
    )
    try:
        checked = check_benchmark(
            BenchmarkFacts(**{name: final[name] for name in BENCHMARK_INPUTS}),
            scales=None,  # the scale's name was looked up while reading the cell
            supplied=given.keys(),
            recorded=recorded,
        )
    except RuleViolation as violation:
        for name, message in violation.errors.items():
            cells.error(RULE_COLUMNS.get(name, name), message)
        return
    final.update(checked.columns())

"""Planning a benchmarks file: every row checked against the database and the rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scorecard.models import (
    BenchmarkKind,
    Direction,
    Scale,
)

from ..bulk import chunks
from ..recommendations import BENCHMARK_FIELDS, normalise_code
from ..tables import bench, entry, rec
from .cells import Cells
from .mappings import TITLE_MAX
from .plans import PROGRESS_EVERY, Progress, RowResult, lower_names, show

# -- benchmarks --------------------------------------------------------------------------


@dataclass(slots=True)
class BenchmarkWork:
    """What a benchmarks import writes."""

    creates: list[dict[str, Any]] = field(default_factory=list)
    # (benchmark id, version read, recommendation id, changed values, values before, rescore entries)
    updates: list[tuple[int, int, int, dict[str, Any], dict[str, Any], bool]] = field(default_factory=list)
    codes: dict[int, str] = field(default_factory=dict)  # recommendation id → code, for the audit


# The fields of a benchmark as the forms keep them, and whether it is archived.
BENCH_FIELDS = (*BENCHMARK_FIELDS, "archived")


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
    scales = lower_names(session, Scale, "name")
    scale_names = dict(scales.values())
    codes = sorted({normalise_code(values.get("recommendation_code", "")) for _, values in rows} - {""})
    recommendations: dict[str, int] = {}
    for chunk in chunks(codes):
        recommendations.update(
            {
                code: ident
                for ident, code in session.execute(select(rec.c.id, rec.c.code).where(rec.c.code.in_(chunk)))
            }
        )
    codes_by_id = {ident: code for code, ident in recommendations.items()}
    wanted_ids = sorted(
        {int(v) for _, values in rows if (v := values.get("benchmark_id", "").strip()).isdigit()}
    )
    existing: dict[int, dict[str, Any]] = {}
    for id_chunk in chunks(wanted_ids):
        for row in session.execute(
            select(bench, rec.c.code.label("recommendation_code"))
            .join(rec, rec.c.id == bench.c.recommendation_id)
            .where(bench.c.id.in_(id_chunk))
        ):
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
                "position": row.position,
                "archived": row.archived_at is not None,
                "has_entries": False,
            }
            codes_by_id[row.recommendation_id] = row.recommendation_code
    for id_chunk in chunks(sorted(existing)):
        for benchmark_id in session.scalars(
            select(entry.c.benchmark_id).where(entry.c.benchmark_id.in_(id_chunk)).distinct()
        ):
            existing[benchmark_id]["has_entries"] = True
    next_position: dict[int, int] = {}
    rec_ids = sorted(set(recommendations.values()))
    for id_chunk in chunks(rec_ids):
        for recommendation_id, highest in session.execute(
            select(bench.c.recommendation_id, func.max(bench.c.position))
            .where(bench.c.recommendation_id.in_(id_chunk))
            .group_by(bench.c.recommendation_id)
        ):
            next_position[recommendation_id] = int(highest) + 1

    work = BenchmarkWork(codes=codes_by_id)
    results: list[RowResult] = []
    seen: dict[int, int] = {}
    for done, (row_number, values) in enumerate(rows, 1):
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
        cells = Cells(row_number, values)
        benchmark_id = cells.integer("benchmark_id", minimum=1) if cells.has("benchmark_id") else None
        code = normalise_code(values.get("recommendation_code", ""))
        recommendation_id = recommendations.get(code)
        if not code:
            cells.error("recommendation_code", "The recommendation's code is required.")
        elif recommendation_id is None:
            cells.error(
                "recommendation_code",
                f"There is no recommendation {code}. Import the recommendations file first.",
            )
        current = existing.get(benchmark_id) if benchmark_id is not None else None
        if benchmark_id is not None:
            if benchmark_id in seen:
                cells.error(
                    "benchmark_id", f"Benchmark {benchmark_id} is already on row {seen[benchmark_id]}."
                )
            seen[benchmark_id] = row_number
            if current is not None and code and current["recommendation_code"] != code:
                cells.error(
                    "recommendation_code",
                    f"Benchmark {benchmark_id} belongs to {current['recommendation_code']}; benchmarks "
                    "cannot move between recommendations.",
                )
        new: dict[str, Any] = {}
        if cells.has("title"):
            new["title"] = cells.text("title", max_length=TITLE_MAX)
        if cells.has("kind"):
            new["kind"] = cells.choice("kind", (k.value for k in BenchmarkKind), None)
        if cells.has("scale"):
            scale_name = cells.text("scale")
            if scale_name is None:
                new["scale_id"] = None
            elif scale_name.lower() in scales:
                new["scale_id"] = scales[scale_name.lower()][0]
            else:
                cells.error(
                    "scale",
                    f"There is no scale “{scale_name}”. Scales: {', '.join(sorted(scale_names.values()))}.",
                )
        for name in ("baseline", "target", "weight"):
            if cells.has(name):
                new[name] = cells.number(name)
        if cells.has("unit"):
            new["unit"] = cells.text("unit", max_length=40)
        if cells.has("direction"):
            new["direction"] = cells.choice("direction", (d.value for d in Direction), None)
        if cells.has("due_on"):
            new["due_on"] = cells.day("due_on")
        if cells.has("position"):
            new["position"] = cells.integer("position")
        if cells.has("archived"):
            new["archived"] = bool(cells.flag("archived"))
        if cells.errors:
            results.append(RowResult(row_number, "error", str(benchmark_id or code), errors=cells.errors))
            continue
        base = current or {
            "title": None,
            "kind": None,
            "scale_id": None,
            "baseline": None,
            "target": None,
            "unit": None,
            "direction": None,
            "weight": 1.0,
            "due_on": None,
            "position": None,
            "archived": False,
        }
        final = {name: base[name] for name in BENCH_FIELDS}
        final.update(new)
        if final["weight"] is None:
            final["weight"] = 1.0
        _check_benchmark(cells, final, new, current)
        if cells.errors:
            results.append(RowResult(row_number, "error", str(benchmark_id or code), errors=cells.errors))
            continue
        assert recommendation_id is not None
        if current is None:
            if final["position"] is None:
                final["position"] = next_position.get(recommendation_id, 0)
            next_position[recommendation_id] = max(
                next_position.get(recommendation_id, 0), final["position"] + 1
            )
            work.creates.append(
                {**final, "id": benchmark_id, "recommendation_id": recommendation_id, "code": code}
            )
            results.append(
                RowResult(
                    row_number,
                    "create",
                    str(benchmark_id) if benchmark_id else f"{code} (new)",
                    note=f"{final['title']} ({final['kind']})",
                )
            )
            continue
        changed = {name: final[name] for name in BENCH_FIELDS if final[name] != current[name]}
        if not changed:
            results.append(RowResult(row_number, "unchanged", str(benchmark_id)))
            continue
        before = {name: current[name] for name in changed}
        rescore = bool(
            current["has_entries"]
            and final["kind"] == BenchmarkKind.NUMERIC
            and ("baseline" in changed or "target" in changed or "direction" in changed)
        )
        work.updates.append(
            (current["id"], current["version"], current["recommendation_id"], changed, before, rescore)
        )
        shown = {
            ("scale" if name == "scale_id" else name): (
                show(scale_names.get(before[name]) if name == "scale_id" else before[name]),
                show(scale_names.get(value) if name == "scale_id" else value),
            )
            for name, value in changed.items()
        }
        results.append(
            RowResult(
                row_number,
                "update",
                str(benchmark_id),
                changes=shown,
                note="its entries are re-scored" if rescore else "",
            )
        )
    on_progress(len(rows), total)
    return results, work, []


def _check_benchmark(
    cells: Cells, final: dict[str, Any], given: dict[str, Any], current: dict[str, Any] | None
) -> None:
    """The rules of `recommendations._benchmark_values`, mirrored per cell (it keys errors by form field)."""
    if final["title"] is None:
        cells.error(
            "title",
            "A title is required." if "title" in given else "A title is needed to create a benchmark.",
        )
    kind = final["kind"]
    if kind is None:
        cells.error(
            "kind",
            "Choose milestone, scale or numeric."
            if "kind" in given
            else "A kind is needed to create a benchmark.",
        )
        return
    if not final["weight"] > 0:
        cells.error("weight", "Weight must be more than 0.")
    if kind == BenchmarkKind.SCALE:
        if final["scale_id"] is None:
            cells.error("scale", "Choose the scale this benchmark is assessed on.")
    elif given.get("scale_id") is not None:
        cells.error("scale", "Only scale benchmarks have a scale; leave it empty.")
    else:
        final["scale_id"] = None
    if kind == BenchmarkKind.NUMERIC:
        baseline, target, direction = final["baseline"], final["target"], final["direction"]
        if baseline is None:
            cells.error("baseline", "A numeric benchmark needs a baseline.")
        if target is None:
            cells.error("target", "A numeric benchmark needs a target.")
        if baseline is not None and target is not None:
            if target == baseline:
                cells.error("target", "The target must differ from the baseline.")
            elif direction is None:
                final["direction"] = (
                    Direction.INCREASE.value if target > baseline else Direction.DECREASE.value
                )
            elif direction == Direction.INCREASE and target < baseline:
                cells.error("direction", "Higher is better, so the target must be above the baseline.")
            elif direction == Direction.DECREASE and target > baseline:
                cells.error("direction", "Lower is better, so the target must be below the baseline.")
    else:
        for name in ("baseline", "target", "unit", "direction"):
            if given.get(name) is not None:
                cells.error(name, f"Only numeric benchmarks have a {name}; leave it empty for a {kind}.")
            final[name] = None
    if (
        current is not None
        and current["has_entries"]
        and (final["kind"] != current["kind"] or final["scale_id"] != current["scale_id"])
    ):
        cells.error(
            "kind" if final["kind"] != current["kind"] else "scale",
            "This benchmark has progress entries, so its kind and scale are fixed. "
            "Add a new benchmark instead.",
        )

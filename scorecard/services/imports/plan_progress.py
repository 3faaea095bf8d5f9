"""Planning a progress file: every entry checked against its benchmark and the stored history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.errors import RuleViolation
from scorecard.models import (
    BenchmarkKind,
    ScaleLevel,
    User,
    utcnow,
)

from ..audit import ActingUser
from ..bulk import chunks
from ..progress import EntryInput, check_observation
from ..recommendations import normalise_code
from ..tables import bench, entry, rec
from .cells import Cells, fast_day, fast_int, fast_moment, fast_number
from .plans import PROGRESS_EVERY, Progress, RowResult, id_conditions, show

# -- progress entries --------------------------------------------------------------------


@dataclass(slots=True)
class ProgressWork:
    """What a progress import writes."""

    # New entries keeping the id the file gives (a restore), then new ones numbered by the database.
    restores: list[dict[str, Any]] = field(default_factory=list)
    creates: list[dict[str, Any]] = field(default_factory=list)
    # Corrections: (entry corrected, the new entry's values)
    corrections: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    labels: dict[int, tuple[str, int, str]] = field(default_factory=dict)  # benchmark → (title, rec id, code)


ENTRY_STATUSES = ("counting", "corrected", "deleted")


@dataclass(frozen=True, slots=True)
class _BenchmarkFacts:
    """What checking an entry needs to know of its benchmark."""

    id: int
    recommendation_id: int
    code: str
    title: str
    kind: str
    scale_id: int | None
    baseline: float | None
    target: float | None
    direction: str | None
    archived: bool


def _stored(current: Any, name: str) -> Any:
    """A stored entry's value, or None when there is no stored entry."""
    return None if current is None else getattr(current, name)


def plan_progress_rows(
    session: Session,
    rows: Iterable[tuple[int, dict[str, str]]],
    present: frozenset[str],
    *,
    by: ActingUser,
    today: date,
    on_progress: Progress,
    total: int,
) -> tuple[list[RowResult], ProgressWork, list[str]]:
    """Check a progress file row by row against the database: results, work and notices."""
    rows = list(rows)
    facts: dict[int, _BenchmarkFacts] = {}

    def load_benchmarks(condition: Any) -> None:
        """Add the benchmarks matching `condition` to `facts`."""
        query = select(
            bench.c.id,
            bench.c.recommendation_id,
            rec.c.code,
            bench.c.title,
            bench.c.kind,
            bench.c.scale_id,
            bench.c.baseline,
            bench.c.target,
            bench.c.direction,
            bench.c.archived_at,
            rec.c.archived_at.label("rec_archived_at"),
        ).join(rec, rec.c.id == bench.c.recommendation_id)
        for row in session.execute(query.where(condition)):
            facts[row.id] = _BenchmarkFacts(
                row.id,
                row.recommendation_id,
                row.code,
                row.title,
                row.kind,
                row.scale_id,
                row.baseline,
                row.target,
                row.direction,
                row.archived_at is not None or row.rec_archived_at is not None,
            )

    def ids_in(column: str) -> list[int]:
        """The whole numbers given in one column of the file."""
        return sorted({int(v) for _, values in rows if (v := values.get(column, "").strip()).isdigit()})

    for chunk in chunks(ids_in("benchmark_id")):
        load_benchmarks(bench.c.id.in_(chunk))
    by_title: dict[tuple[str, str], list[int]] = {}
    if "benchmark_title" in present:
        codes = sorted(
            {
                normalise_code(values.get("recommendation_code", ""))
                for _, values in rows
                if not values.get("benchmark_id", "").strip()
            }
            - {""}
        )
        for code_chunk in chunks(codes):
            load_benchmarks(rec.c.code.in_(code_chunk) & bench.c.archived_at.is_(None))
        for known in facts.values():
            if not known.archived:
                by_title.setdefault((known.code, known.title.strip().lower()), []).append(known.id)
    scale_ids = sorted({fact.scale_id for fact in facts.values() if fact.scale_id is not None})
    levels_by_id: dict[int | None, dict[int, ScaleLevel]] = {}
    levels_by_label: dict[int | None, dict[str, ScaleLevel]] = {}
    for level in session.scalars(
        select(ScaleLevel).where(ScaleLevel.scale_id.in_(scale_ids)).order_by(ScaleLevel.position)
    ):
        levels_by_id.setdefault(level.scale_id, {})[level.id] = level
        levels_by_label.setdefault(level.scale_id, {})[level.label.lower()] = level
    entries: dict[int, Any] = {}
    corrected_by: dict[int, int] = {}
    wanted_entries = ids_in("entry_id")
    wanted = set(wanted_entries)
    for condition in id_conditions(entry.c.id, wanted_entries):
        for row in session.execute(select(entry).where(condition)):
            if row.id in wanted:
                entries[row.id] = row
    for condition in id_conditions(entry.c.corrects_id, wanted_entries):
        for new_id, old_id in session.execute(select(entry.c.id, entry.c.corrects_id).where(condition)):
            corrected_by[old_id] = new_id
    # Entries that rows say they correct, stored but not in the file: looked up at once, not row by row.
    targets = [ident for ident in ids_in("corrects_id") if ident not in entries]
    wanted_targets = set(targets)
    stored_targets: set[int] = set()
    for condition in id_conditions(entry.c.id, targets):
        stored_targets.update(
            i for i in session.scalars(select(entry.c.id).where(condition)) if i in wanted_targets
        )
    users = {email.lower(): ident for ident, email in session.execute(select(User.id, User.email))}
    # Rows without an entry id that repeat an entry already counting are left alone, so that
    # importing the same spreadsheet twice records nothing twice.
    recorded: dict[tuple[Any, ...], int] = {}
    if any(not values.get("entry_id", "").strip() for _, values in rows):
        for chunk in chunks(sorted(facts)):
            for row in session.execute(
                select(
                    entry.c.id,
                    entry.c.benchmark_id,
                    entry.c.observed_on,
                    entry.c.level_id,
                    entry.c.value,
                    entry.c.achieved,
                    entry.c.note,
                    entry.c.evidence_url,
                ).where(
                    entry.c.benchmark_id.in_(chunk),
                    entry.c.superseded_at.is_(None),
                    entry.c.deleted_at.is_(None),
                )
            ):
                recorded.setdefault(tuple(row[1:]), row[0])

    work = ProgressWork()
    results: list[RowResult] = []
    seen_ids: dict[int, int] = {}
    seen_new: dict[tuple[Any, ...], int] = {}
    in_file: set[int] = set()
    unknown_authors = 0
    now = utcnow()
    # Which columns the file gives is the same for every row: decided once.
    has_entry_id = "entry_id" in present
    has_level = "level" in present
    has_status = "status" in present
    history = has_status or "corrects_id" in present
    given = {name: name in present for name in ("observed_on", "value", "achieved", "note", "evidence_url")}
    for done, (row_number, values) in enumerate(rows, 1):
        if done % PROGRESS_EVERY == 0:
            on_progress(done, total)
        cells = Cells(row_number, values)
        get = values.get
        entry_id = fast_int(cells, "entry_id", get("entry_id", "")) if has_entry_id else None
        fact: _BenchmarkFacts | None = None
        code = normalise_code(get("recommendation_code", ""))
        raw_benchmark = get("benchmark_id", "").strip()
        if raw_benchmark:
            benchmark_id = fast_int(cells, "benchmark_id", raw_benchmark)
            if benchmark_id is not None:
                fact = facts.get(benchmark_id)
                if fact is None:
                    cells.error(
                        "benchmark_id",
                        f"There is no benchmark {benchmark_id}. Import the benchmarks file first.",
                    )
        elif cells.raw("benchmark_title") and code:
            matches = by_title.get((code, cells.raw("benchmark_title").lower()), [])
            if len(matches) == 1:
                fact = facts[matches[0]]
            elif matches:
                cells.error(
                    "benchmark_title",
                    f"{code} has {len(matches)} benchmarks with this title; give the benchmark id.",
                )
            else:
                cells.error("benchmark_title", f"{code} has no live benchmark with this title.")
        else:
            cells.error(
                "benchmark_id", "Give the benchmark id (or the recommendation code and benchmark title)."
            )
        if fact is not None and code and fact.code != code:
            cells.error("recommendation_code", f"Benchmark {fact.id} belongs to {fact.code}, not {code}.")
        if entry_id is not None:
            if entry_id in seen_ids:
                cells.error("entry_id", f"Entry {entry_id} is already on row {seen_ids[entry_id]}.")
            seen_ids[entry_id] = row_number
        current = entries.get(entry_id) if entry_id is not None else None
        # A column the file leaves out keeps what is stored (for a new entry: nothing).
        observed_on = (
            fast_day(cells, "observed_on", get("observed_on", ""))
            if given["observed_on"]
            else _stored(current, "observed_on")
        )
        value = fast_number(cells, "value", get("value", "")) if given["value"] else _stored(current, "value")
        achieved = cells.flag("achieved") if given["achieved"] else _stored(current, "achieved")
        note = get("note") if given["note"] else _stored(current, "note")
        evidence = get("evidence_url") if given["evidence_url"] else _stored(current, "evidence_url")
        if evidence is not None and len(evidence.strip()) > 1000:
            cells.error("evidence_url", "Keep the link to 1000 characters.")
        created_at = fast_moment(cells, "created_at", get("created_at", ""))
        status = "counting"
        corrects_id = superseded_at = deleted_at = None
        if history:
            status = cells.choice("status", ENTRY_STATUSES, "counting") or "counting"
            corrects_id = fast_int(cells, "corrects_id", get("corrects_id", ""))
            superseded_at = fast_moment(cells, "superseded_at", get("superseded_at", ""))
            deleted_at = fast_moment(cells, "deleted_at", get("deleted_at", ""))
        level_id: int | None = None if has_level else _stored(current, "level_id")
        if fact is not None:
            label = get("level", "").strip() if has_level else ""
            if fact.kind == BenchmarkKind.SCALE:
                if label:
                    chosen = levels_by_label.get(fact.scale_id, {}).get(label.lower())
                    if chosen is None:
                        choices = ", ".join(
                            lv.label for lv in levels_by_label.get(fact.scale_id, {}).values()
                        )
                        cells.error(
                            "level", f"“{label}” is not a level of this benchmark's scale ({choices})."
                        )
                    else:
                        level_id = chosen.id
            elif label:
                cells.error("level", f"This benchmark is a {fact.kind}; only scale benchmarks take a level.")
            if value is not None and fact.kind != BenchmarkKind.NUMERIC:
                cells.error(
                    "value", f"This benchmark is a {fact.kind}; only numeric benchmarks take a value."
                )
            if achieved is not None and fact.kind != BenchmarkKind.MILESTONE:
                cells.error(
                    "achieved", f"This benchmark is a {fact.kind}; only milestones are achieved or not."
                )
        if cells.errors or fact is None:
            results.append(RowResult(row_number, "error", str(entry_id or ""), errors=cells.errors))
            continue
        levels = levels_by_id.get(fact.scale_id, {})
        try:
            checked = check_observation(
                fact,
                EntryInput(
                    observed_on=observed_on,
                    level_id=level_id,
                    value=value,
                    achieved=achieved,
                    note=note,
                    evidence_url=evidence,
                ),
                today=today,
                levels=levels,
            )
        except RuleViolation as violation:
            for name, message in violation.errors.items():
                column = "level" if name == "level_id" else name or "observed_on"
                if column == "observed_on" and observed_on is None and not cells.raw("observed_on"):
                    message = "The date of the observation is required."
                cells.error(column, message)
            results.append(RowResult(row_number, "error", str(entry_id or ""), errors=cells.errors))
            continue
        author_email = get("author", "").strip().lower()
        author_id = users.get(author_email) if author_email else None
        if author_email and author_id is None:
            unknown_authors += 1
        substance = (
            fact.id,
            checked.observed_on,
            checked.level_id,
            checked.value,
            checked.achieved,
            checked.note,
            checked.evidence_url,
        )
        values_row = {
            "benchmark_id": fact.id,
            "kind": fact.kind,
            "observed_on": checked.observed_on,
            "level_id": checked.level_id,
            "value": checked.value,
            "achieved": checked.achieved,
            "score": checked.score,
            "note": checked.note,
            "evidence_url": checked.evidence_url,
            "author_id": author_id if author_id is not None else by.user_id,
            "created_at": created_at or now,
            "corrects_id": None,
            "superseded_at": None,
            "deleted_at": None,
        }
        work.labels[fact.id] = (fact.title, fact.recommendation_id, fact.code)
        if current is not None:
            result = _existing_entry(
                cells, current, fact, substance, status, has_status, corrected_by, levels
            )
            if result.action == "update":
                values_row["created_at"] = now
                work.corrections.append((current.id, values_row))
            results.append(result)
            continue
        if entry_id is None and status != "counting":
            cells.error("status", "A new row is always counting; leave the status empty.")
        if entry_id is None and corrects_id is not None:
            cells.error("corrects_id", "To correct an entry, change its own row instead of adding one.")
        if status == "corrected" and superseded_at is None:
            cells.error("superseded_at", "A corrected entry needs the time it was corrected.")
        if status == "deleted" and deleted_at is None:
            cells.error("deleted_at", "A deleted entry needs the time it was deleted.")
        if (
            corrects_id is not None
            and corrects_id not in entries
            and corrects_id not in in_file
            and corrects_id not in stored_targets
        ):
            cells.error("corrects_id", f"There is no entry {corrects_id} for this one to correct.")
        if fact.archived and entry_id is None:
            cells.error("benchmark_id", "This benchmark is archived; restore it before recording progress.")
        if cells.errors:
            results.append(RowResult(row_number, "error", str(entry_id or ""), errors=cells.errors))
            continue
        if entry_id is None:
            already = recorded.get(substance) or seen_new.get(substance)
            if already is not None:
                where = f"entry {already}" if substance in recorded else f"row {already}"
                results.append(RowResult(row_number, "unchanged", "", note=f"already recorded as {where}"))
                continue
            seen_new[substance] = row_number
            work.creates.append(values_row)
            results.append(RowResult(row_number, "create", "(new)", note=f"{fact.code}: {fact.title}"))
            continue
        values_row["id"] = entry_id
        if history:
            values_row["corrects_id"] = corrects_id
            values_row["superseded_at"] = superseded_at if status == "corrected" else None
            values_row["deleted_at"] = deleted_at if status == "deleted" else None
        in_file.add(entry_id)
        work.restores.append(values_row)
        results.append(RowResult(row_number, "create", str(entry_id), note=f"{fact.code}: {fact.title}"))
    on_progress(len(rows), total)
    notices = []
    if unknown_authors:
        notices.append(
            f"{unknown_authors} row(s) name an author with no account here; those entries are recorded as "
            "imported by you."
        )
    if work.restores:
        notices.append(
            f"{len(work.restores)} new entr{'y keeps' if len(work.restores) == 1 else 'ies keep'} "
            "the id given in the file (as when restoring an export into another database)."
        )
    return results, work, notices


def _existing_entry(
    cells: Cells,
    current: Any,
    fact: _BenchmarkFacts,
    substance: tuple[Any, ...],
    status: str,
    has_status: bool,
    corrected_by: Mapping[int, int],
    levels: Mapping[int, ScaleLevel],
) -> RowResult:
    """A row naming an entry that exists: unchanged, a correction, or an error (history stays)."""
    entry_id = current.id
    if current.benchmark_id != fact.id:
        cells.error("benchmark_id", f"Entry {entry_id} belongs to benchmark {current.benchmark_id}.")
        return RowResult(cells.row, "error", str(entry_id), errors=cells.errors)
    stored_status = "deleted" if current.deleted_at else "corrected" if current.superseded_at else "counting"
    stored = (
        current.benchmark_id,
        current.observed_on,
        current.level_id,
        current.value,
        current.achieved,
        current.note,
        current.evidence_url,
    )
    if has_status and status != stored_status:
        cells.error(
            "status",
            f"Entry {entry_id} is {stored_status}; corrections and deletions are made on the "
            "recommendation's page, not by import.",
        )
    elif stored == substance:
        return RowResult(cells.row, "unchanged", str(entry_id))
    elif stored_status != "counting":
        newer = corrected_by.get(entry_id)
        hint = f" (by entry {newer})" if newer else ""
        cells.error(
            "entry_id",
            f"Entry {entry_id} was {stored_status}{hint}; history is never rewritten. Change the "
            "row of the entry that counts now.",
        )
    elif fact.archived:
        cells.error("benchmark_id", "This benchmark is archived; restore it before correcting its entries.")
    if cells.errors:
        return RowResult(cells.row, "error", str(entry_id), errors=cells.errors)
    names = ("benchmark_id", "observed_on", "level", "value", "achieved", "note", "evidence_url")
    changes = {
        name: (show(old), show(new))
        for name, old, new in zip(names, stored, substance, strict=True)
        if old != new
    }
    if "level" in changes:
        labels = {lv.id: lv.label for lv in levels.values()}
        changes["level"] = (labels.get(current.level_id, ""), labels.get(substance[2], ""))
    return RowResult(cells.row, "update", str(entry_id), changes=changes, note=f"corrects entry {entry_id}")

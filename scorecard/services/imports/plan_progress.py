"""Planning a progress file: every entry checked against its benchmark and the stored history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from scorecard.errors import N_, Message, Np_, RuleViolation
from scorecard.models import (
    BenchmarkKind,
    ReviewStatus,
    ScaleLevel,
    utcnow,
)
from scorecard.rules.progress import (
    UNDER_REVIEW,
    CheckedEntry,
    EntryInput,
    check_observation,
    history_status,
)

from ..audit import ActingUser
from ..recommendations import normalise_code
from .cells import Cells, fast_day, fast_int, fast_moment, fast_number, row_cells
from .plans import Progress, RowResult, show
from .progress_messages import (
    ENTRY_IS,
    ENTRY_OF_PERSPECTIVE,
    ENTRY_STATUSES,
    ENTRY_TO_PERSPECTIVE,
    ENTRY_UNDER_REVIEW,
    ENTRY_WAS,
)
from .progress_stored import BenchmarkFacts, StoredProgress


@dataclass(slots=True)
class ProgressWork:
    """What a progress import writes."""

    # New entries keeping the id the file gives (a restore), then new ones numbered by the database.
    restores: list[dict[str, Any]] = field(default_factory=list)
    creates: list[dict[str, Any]] = field(default_factory=list)
    # Corrections: (entry corrected, the new entry's values)
    corrections: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    labels: dict[int, tuple[str, int, str]] = field(default_factory=dict)  # benchmark → (title, rec id, code)


def _stored(current: Any, name: str) -> Any:
    """A stored entry's value, or None when there is no stored entry."""
    return None if current is None else getattr(current, name)


@dataclass(slots=True)
class _FileState:
    """What checking one row needs to know of the rows before it, and what the file gives."""

    stored: StoredProgress
    by: ActingUser
    today: date
    now: datetime
    has_entry_id: bool
    has_level: bool
    has_status: bool
    history: bool  # the file gives entries' status or what they correct: an export with history
    given: dict[str, bool]
    has_perspective: bool
    seen_ids: dict[int, int] = field(default_factory=dict)
    seen_new: dict[tuple[Any, ...], int] = field(default_factory=dict)
    in_file: set[int] = field(default_factory=set)
    unknown_authors: int = 0

    @classmethod
    def start(
        cls, stored: StoredProgress, present: frozenset[str], *, by: ActingUser, today: date
    ) -> _FileState:
        """Which columns the file gives is the same for every row: decided once."""
        has_status = "status" in present
        return cls(
            stored=stored,
            by=by,
            today=today,
            now=utcnow(),
            has_entry_id="entry_id" in present,
            has_level="level" in present,
            has_status=has_status,
            history=has_status or "corrects_id" in present,
            given={
                name: name in present for name in ("observed_on", "value", "achieved", "note", "evidence_url")
            },
            has_perspective="perspective" in present,
        )


@dataclass(slots=True)
class _History:
    """A row's place in an entry's history: counting, or corrected or deleted (and when)."""

    status: str = "counting"
    corrects_id: int | None = None
    superseded_at: datetime | None = None
    deleted_at: datetime | None = None


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
    state = _FileState.start(StoredProgress.load(session, rows, present), present, by=by, today=today)
    work = ProgressWork()
    results: list[RowResult] = []
    for cells in row_cells(rows, on_progress, total):
        results.append(_plan_progress_row(cells, state, work))
    return results, work, _progress_notices(state, work)


def _plan_progress_row(cells: Cells, state: _FileState, work: ProgressWork) -> RowResult:
    """One row of a progress file: checked, then a new entry, a restored one, a correction or unchanged."""
    get = cells.values.get
    entry_id = fast_int(cells, "entry_id", get("entry_id", "")) if state.has_entry_id else None
    fact = _find_benchmark(cells, state.stored)
    if entry_id is not None:
        if entry_id in state.seen_ids:
            cells.error(
                "entry_id",
                N_("Entry %(id)s is already on row %(row)s.", id=entry_id, row=state.seen_ids[entry_id]),
            )
        state.seen_ids[entry_id] = cells.row
    current = state.stored.entries.get(entry_id) if entry_id is not None else None
    observation = _read_observation(cells, state, current)
    created_at = fast_moment(cells, "created_at", get("created_at", ""))
    history = _read_history(cells) if state.history else _History()
    checked = _check_progress_row(cells, state, fact, current, observation) if fact is not None else None
    if fact is None or checked is None:
        return RowResult(cells.row, "error", str(entry_id or ""), errors=cells.errors)
    whose = _read_perspective(cells, state, current)
    substance = (
        fact.id,
        checked.observed_on,
        checked.level_id,
        checked.value,
        checked.achieved,
        checked.note,
        checked.evidence_url,
        whose,
    )
    values_row = _entry_row(cells, state, fact, checked, created_at) | {"perspective_id": whose}
    work.labels[fact.id] = (fact.title, fact.recommendation_id, fact.code)
    if current is not None:
        levels = state.stored.levels_by_id.get(fact.scale_id, {})
        result = _existing_entry(cells, current, fact, substance, history.status, state, levels)
        if result.action == "update":
            values_row["created_at"] = state.now
            work.corrections.append((current.id, values_row))
        return result
    _check_new_entry(cells, state, fact, entry_id, history)
    if cells.errors:
        return RowResult(cells.row, "error", str(entry_id or ""), errors=cells.errors)
    return _planned_entry(cells, state, fact, entry_id, history, substance, values_row, work)


def _find_benchmark(cells: Cells, stored: StoredProgress) -> BenchmarkFacts | None:
    """The row's benchmark, by id or by recommendation code and title; None (an error) when not found."""
    get = cells.values.get
    fact: BenchmarkFacts | None = None
    code = normalise_code(get("recommendation_code", ""))
    raw_benchmark = get("benchmark_id", "").strip()
    if raw_benchmark:
        benchmark_id = fast_int(cells, "benchmark_id", raw_benchmark)
        if benchmark_id is not None:
            fact = stored.facts.get(benchmark_id)
            if fact is None:
                cells.error(
                    "benchmark_id",
                    N_("There is no benchmark %(id)s. Import the benchmarks file first.", id=benchmark_id),
                )
    elif cells.raw("benchmark_title") and code:
        matches = stored.by_title.get((code, cells.raw("benchmark_title").lower()), [])
        if len(matches) == 1:
            fact = stored.facts[matches[0]]
        elif matches:
            cells.error(
                "benchmark_title",
                N_(
                    "%(code)s has %(count)s benchmarks with this title; give the benchmark id.",
                    code=code,
                    count=len(matches),
                ),
            )
        else:
            cells.error("benchmark_title", N_("%(code)s has no live benchmark with this title.", code=code))
    else:
        cells.error(
            "benchmark_id", N_("Give the benchmark id (or the recommendation code and benchmark title).")
        )
    if fact is not None and code and fact.code != code:
        cells.error(
            "recommendation_code",
            N_(
                "Benchmark %(id)s belongs to %(code)s, not %(given)s.", id=fact.id, code=fact.code, given=code
            ),
        )
    return fact


def _read_observation(cells: Cells, state: _FileState, current: Any) -> EntryInput:
    """The observation the row gives; a column the file leaves out keeps what is stored (new: nothing)."""
    get = cells.values.get
    given = state.given
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
        cells.error("evidence_url", N_("Keep the link to 1000 characters."))
    # The level is read against the benchmark's scale (see _check_progress_row); None until then.
    level_id = None if state.has_level else _stored(current, "level_id")
    return EntryInput(
        observed_on=observed_on,
        level_id=level_id,
        value=value,
        achieved=achieved,
        note=note,
        evidence_url=evidence,
    )


def _read_perspective(cells: Cells, state: _FileState, current: Any) -> int | None:
    """Whose assessment the row is: the perspective it names, none (the monitoring team's own) when
    empty; a file without the column keeps a stored entry's and gives a new one the monitoring team's."""
    if not state.has_perspective:
        kept: int | None = _stored(current, "perspective_id")
        return kept
    name = cells.raw("perspective")
    if not name:
        return None
    found = state.stored.perspectives.get(name.lower())
    if found is None:
        known = ", ".join(sorted(f"“{known}”" for _id, known in state.stored.perspectives.values())) or "—"
        cells.error(
            "perspective",
            N_(
                "There is no perspective “%(name)s” (there are: %(known)s). Leave it empty for the "
                "monitoring team's own assessment; admins add perspectives.",
                name=name,
                known=known,
            ),
        )
        return None
    return found[0]


def _read_history(cells: Cells) -> _History:
    """The status, correction and times an export with history gives."""
    get = cells.values.get
    return _History(
        status=cells.choice("status", ENTRY_STATUSES, "counting") or "counting",
        corrects_id=fast_int(cells, "corrects_id", get("corrects_id", "")),
        superseded_at=fast_moment(cells, "superseded_at", get("superseded_at", "")),
        deleted_at=fast_moment(cells, "deleted_at", get("deleted_at", "")),
    )


def _check_progress_row(
    cells: Cells, state: _FileState, fact: BenchmarkFacts, current: Any, observation: EntryInput
) -> CheckedEntry | None:
    """The benchmark's rules for this observation: its level, value or achievement, then
    `progress.check_observation` (the rules of the progress form). None when the row has errors."""
    observation.level_id = _check_kind_columns(cells, state, fact, observation)
    if cells.errors:
        return None
    try:
        return check_observation(
            fact,
            observation,
            today=state.today,
            levels=state.stored.levels_by_id.get(fact.scale_id, {}),
        )
    except RuleViolation as violation:
        for name, message in violation.errors.items():
            cells.error("level" if name == "level_id" else name or "observed_on", message)
        return None


def _check_kind_columns(
    cells: Cells, state: _FileState, fact: BenchmarkFacts, observation: EntryInput
) -> int | None:
    """The level a scale benchmark's row names (by label); a level, value or achievement the kind
    does not take is an error."""
    level_id = observation.level_id
    label = cells.values.get("level", "").strip() if state.has_level else ""
    if fact.kind == BenchmarkKind.SCALE:
        if label:
            levels = state.stored.levels_by_label.get(fact.scale_id, {})
            chosen = levels.get(label.lower())
            if chosen is None:
                choices = ", ".join(lv.label for lv in levels.values())
                cells.error(
                    "level",
                    N_(
                        "“%(value)s” is not a level of this benchmark's scale (%(levels)s).",
                        value=label,
                        levels=choices,
                    ),
                )
            else:
                level_id = chosen.id
    elif label:
        cells.error(
            "level",
            N_("This benchmark is a %(kind)s; only scale benchmarks take a level.", kind=Message(fact.kind)),
        )
    if observation.value is not None and fact.kind != BenchmarkKind.NUMERIC:
        cells.error(
            "value",
            N_(
                "This benchmark is a %(kind)s; only numeric benchmarks take a value.", kind=Message(fact.kind)
            ),
        )
    if observation.achieved is not None and fact.kind != BenchmarkKind.MILESTONE:
        cells.error(
            "achieved",
            N_("This benchmark is a %(kind)s; only milestones are achieved or not.", kind=Message(fact.kind)),
        )
    return level_id


def _entry_row(
    cells: Cells, state: _FileState, fact: BenchmarkFacts, checked: CheckedEntry, created_at: datetime | None
) -> dict[str, Any]:
    """The entry a checked row writes; its author is the account it names, else whoever imports."""
    author_email = cells.values.get("author", "").strip().lower()
    author_id = state.stored.users.get(author_email) if author_email else None
    if author_email and author_id is None:
        state.unknown_authors += 1
    return {
        "benchmark_id": fact.id,
        "kind": fact.kind,
        "observed_on": checked.observed_on,
        "level_id": checked.level_id,
        "value": checked.value,
        "achieved": checked.achieved,
        "score": checked.score,
        "note": checked.note,
        "evidence_url": checked.evidence_url,
        "author_id": author_id if author_id is not None else state.by.user_id,
        "created_at": created_at or state.now,
        "corrects_id": None,
        "superseded_at": None,
        "deleted_at": None,
        "review_status": ReviewStatus.APPROVED.value,
    }


def _check_new_entry(
    cells: Cells, state: _FileState, fact: BenchmarkFacts, entry_id: int | None, history: _History
) -> None:
    """The rules for a row that adds an entry: counting unless it restores history, and a live benchmark."""
    if entry_id is None and history.status != "counting":
        cells.error("status", N_("A new row is always counting; leave the status empty."))
    if entry_id is None and history.corrects_id is not None:
        cells.error("corrects_id", N_("To correct an entry, change its own row instead of adding one."))
    if history.status == "corrected" and history.superseded_at is None:
        cells.error("superseded_at", N_("A corrected entry needs the time it was corrected."))
    if history.status == "deleted" and history.deleted_at is None:
        cells.error("deleted_at", N_("A deleted entry needs the time it was deleted."))
    corrects_id = history.corrects_id
    if (
        corrects_id is not None
        and corrects_id not in state.stored.entries
        and corrects_id not in state.in_file
        and corrects_id not in state.stored.stored_targets
    ):
        cells.error("corrects_id", N_("There is no entry %(id)s for this one to correct.", id=corrects_id))
    if fact.archived and entry_id is None:
        cells.error("benchmark_id", N_("This benchmark is archived; restore it before recording progress."))


def _planned_entry(
    cells: Cells,
    state: _FileState,
    fact: BenchmarkFacts,
    entry_id: int | None,
    history: _History,
    substance: tuple[Any, ...],
    values_row: dict[str, Any],
    work: ProgressWork,
) -> RowResult:
    """A checked new row: a new entry (unless it repeats one), or one restored with its own id and history."""
    if entry_id is None:
        recorded = state.stored.recorded
        already = recorded.get(substance) or state.seen_new.get(substance)
        if already is not None:
            note = (
                N_("already recorded as entry %(id)s", id=already)
                if substance in recorded
                else N_("already recorded as row %(row)s", row=already)
            )
            return RowResult(cells.row, "unchanged", "", note=note)
        state.seen_new[substance] = cells.row
        work.creates.append(values_row)
        return RowResult(cells.row, "create", "(new)", note=f"{fact.code}: {fact.title}")
    values_row["id"] = entry_id
    if state.history:
        values_row["corrects_id"] = history.corrects_id
        values_row["superseded_at"] = history.superseded_at if history.status == "corrected" else None
        values_row["deleted_at"] = history.deleted_at if history.status == "deleted" else None
        if history.status in UNDER_REVIEW:
            # A restored contributor's entry stays under review: it must not count without a reviewer.
            values_row["review_status"] = history.status
    state.in_file.add(entry_id)
    work.restores.append(values_row)
    return RowResult(cells.row, "create", str(entry_id), note=f"{fact.code}: {fact.title}")


def _progress_notices(state: _FileState, work: ProgressWork) -> list[str]:
    """What the preview says about unknown authors and entries that keep their ids."""
    notices: list[str] = []
    if state.unknown_authors:
        notices.append(
            Np_(
                "%(num)d row names an author with no account here; its entry is recorded as imported by you.",
                "%(num)d rows name an author with no account here; those entries are recorded as "
                "imported by you.",
                state.unknown_authors,
            )
        )
    if work.restores:
        notices.append(
            Np_(
                "%(num)d new entry keeps the id given in the file (as when restoring an export into another "
                "database).",
                "%(num)d new entries keep the id given in the file (as when restoring an export into another "
                "database).",
                len(work.restores),
            )
        )
    return notices


def _existing_entry(
    cells: Cells,
    current: Any,
    fact: BenchmarkFacts,
    substance: tuple[Any, ...],
    status: str,
    state: _FileState,
    levels: Mapping[int, ScaleLevel],
) -> RowResult:
    """A row naming an entry that exists: unchanged, a correction, or an error (history stays)."""
    entry_id = current.id
    if current.benchmark_id != fact.id:
        cells.error(
            "benchmark_id",
            N_(
                "Entry %(id)s belongs to benchmark %(benchmark)s.",
                id=entry_id,
                benchmark=current.benchmark_id,
            ),
        )
        return RowResult(cells.row, "error", str(entry_id), errors=cells.errors)
    stored_status = history_status(current.deleted_at, current.superseded_at, current.review_status)
    stored = (
        current.benchmark_id,
        current.observed_on,
        current.level_id,
        current.value,
        current.achieved,
        current.note,
        current.evidence_url,
        current.perspective_id,
    )
    if state.has_status and status != stored_status:
        cells.error(
            "status",
            Message(ENTRY_IS[stored_status], id=entry_id),
        )
    elif stored == substance:
        return RowResult(cells.row, "unchanged", str(entry_id))
    elif stored_status in UNDER_REVIEW:
        cells.error("entry_id", Message(ENTRY_UNDER_REVIEW, id=entry_id))
    elif current.perspective_id is not None:
        cells.error("entry_id", Message(ENTRY_OF_PERSPECTIVE, id=entry_id))
    elif substance[-1] is not None:  # a monitoring-team entry is not moved to a perspective by import
        cells.error("perspective", Message(ENTRY_TO_PERSPECTIVE, id=entry_id))
    elif stored_status != "counting":
        newer = state.stored.corrected_by.get(entry_id)
        cells.error(
            "entry_id",
            Message(ENTRY_WAS[stored_status, bool(newer)], id=entry_id, newer=newer),
        )
    elif fact.archived:
        cells.error(
            "benchmark_id", N_("This benchmark is archived; restore it before correcting its entries.")
        )
    if cells.errors:
        return RowResult(cells.row, "error", str(entry_id), errors=cells.errors)
    names = ("benchmark_id", "observed_on", "level", "value", "achieved", "note", "evidence_url")
    changes = {
        name: (show(old), show(new))
        for name, old, new in zip(names, stored[: len(names)], substance[: len(names)], strict=True)
        if old != new
    }
    if "level" in changes:
        labels = {lv.id: lv.label for lv in levels.values()}
        changes["level"] = (labels.get(current.level_id, ""), labels.get(substance[2], ""))
    return RowResult(
        cells.row, "update", str(entry_id), changes=changes, note=N_("corrects entry %(id)s", id=entry_id)
    )

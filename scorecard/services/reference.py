"""Reference data: sources, actors, themes, scales with their levels, review cycles and perspectives."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from operator import attrgetter
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from scorecard.errors import N_, DuplicateName, InUse, Message, RuleViolation
from scorecard.models import (
    Actor,
    ActorKind,
    Benchmark,
    Framework,
    FrameworkItem,
    Perspective,
    ProgressEntry,
    Recommendation,
    RecommendationActor,
    ReviewCycle,
    Scale,
    ScaleLevel,
    Source,
    Theme,
    utcnow,
)

# Text rules live in scorecard.rules.text; the services still import them from here.
from scorecard.rules.text import check_http_url as check_http_url
from scorecard.rules.text import clean as clean
from scorecard.scoring import level_score

from . import audit
from .audit import ActingUser
from .lookup import get_or_missing
from .scores import refresh_states
from .versioning import ensure_current

# Frameworks and their items (services/frameworks) save and delete the same way.
R = TypeVar("R", Source, Actor, Theme, Scale, ReviewCycle, Perspective, Framework, FrameworkItem)

NAMED_FIELDS = ("name", "description", "version")
SCALE_FIELDS = NAMED_FIELDS
# The perspective that scores are kept for: no row of the perspective list (perspective_id NULL).
MONITORING_TEAM = N_("Monitoring team")


def require(text: str | None, field: str, label: str) -> str:
    """Trimmed text that must not be blank (`label`, in English, is translated where the error is shown)."""
    value = clean(text)
    if value is None:
        raise RuleViolation(N_("%(label)s is required.", label=N_(label)), field=field)
    return value


def _ensure_unique(
    session: Session, model: type[Any], column: str, value: str, *, exclude_id: int | None = None
) -> None:
    attribute = getattr(model, column)
    query = select(model.id).where(func.lower(attribute) == value.lower())
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    if session.scalar(query.limit(1)) is not None:
        raise DuplicateName(column, value)


def _save(
    session: Session,
    record: R,
    *,
    entity: str,
    fields: Sequence[str],
    values: dict[str, Any],
    expected_version: int | None,
    by: ActingUser,
    label: Callable[[R], str],
) -> R:
    """Create (no id yet) or update `record` with `values`, with version check and audit."""
    creating = record.id is None
    before = None if creating else audit.snapshot(record, fields)
    if not creating:
        ensure_current(session, record, entity=entity, expected_version=expected_version)
    for name, value in values.items():
        setattr(record, name, value)
    if creating:
        session.add(record)
    session.flush()
    after = audit.snapshot(record, fields)
    if creating:
        said = N_("Created %(kind)s %(name)s", kind=audit.kind_word(entity), name=label(record))
        audit.record(session, by, "create", entity, record.id, said, after=after)
    else:
        assert before is not None
        old, new = audit.changed(before, after)
        if old or new:
            said = N_("Updated %(kind)s %(name)s", kind=audit.kind_word(entity), name=label(record))
            audit.record(session, by, "update", entity, record.id, said, before=old, after=new)
    return record


def _delete(
    session: Session,
    record: Any,
    *,
    entity: str,
    fields: Sequence[str],
    by: ActingUser,
    name: str,
    in_use: str | None,
) -> None:
    if in_use:
        raise InUse(in_use)
    before = audit.snapshot(record, fields)
    record_id = record.id
    session.delete(record)
    session.flush()
    said = N_("Deleted %(kind)s %(name)s", kind=audit.kind_word(entity), name=name)
    audit.record(session, by, "delete", entity, record_id, said, before=before)


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


K = TypeVar("K", Source, Actor, Theme, ReviewCycle, Perspective, Framework, FrameworkItem)


@dataclass(frozen=True)
class RecordKind(Generic[K]):
    """One kind of reference record: how it is found, listed, audited and refused deletion.

    `used_by` is the column of the rows that point at a record; `in_use` (`%(count)d` of
    them) refuses deleting it while any do. `order` sorts the list (by name unless given).
    """

    model: type[K]
    entity: str
    fields: tuple[str, ...]
    used_by: Any = None
    in_use: Message | None = None
    order: Any = None
    name_of: Callable[[K], str] = attrgetter("name")

    def get(self, session: Session, record_id: int) -> K:
        """One record by id."""
        return get_or_missing(session, self.model, record_id, self.entity.replace("_", " ").capitalize())

    def all(self, session: Session) -> list[K]:
        """Every record, in the kind's order."""
        order = self.model.name if self.order is None else self.order  # type: ignore[attr-defined]
        return list(session.scalars(select(self.model).order_by(order)))

    def create(self, session: Session, values: dict[str, Any], *, by: ActingUser) -> K:
        """Add a record with checked `values`."""
        return self.save(session, self.model(), values, expected_version=None, by=by)

    def update(
        self,
        session: Session,
        record_id: int,
        values: Callable[[int], dict[str, Any]],
        *,
        expected_version: int | None,
        by: ActingUser,
    ) -> K:
        """Change a record (found first) to `values(record_id)`, refusing an edit of an older version."""
        record = self.get(session, record_id)
        return self.save(session, record, values(record_id), expected_version=expected_version, by=by)

    def delete(self, session: Session, record_id: int, *, by: ActingUser) -> None:
        """Delete a record that nothing uses."""
        self.delete_record(session, self.get(session, record_id), by=by)

    def delete_record(self, session: Session, record: K, *, by: ActingUser) -> None:
        """Delete a record found already, unless something uses it."""
        used = 0
        if self.used_by is not None:
            used = _count(session, select(self.used_by).where(self.used_by == record.id))
        in_use = Message(self.in_use.msgid, count=used) if used and self.in_use is not None else None
        _delete(
            session,
            record,
            entity=self.entity,
            fields=self.fields,
            by=by,
            name=self.name_of(record),
            in_use=in_use,
        )

    def save(
        self,
        session: Session,
        record: K,
        values: dict[str, Any],
        *,
        expected_version: int | None,
        by: ActingUser,
    ) -> K:
        """Create (no id yet) or update `record` with checked `values`, with version check and audit."""
        return _save(
            session,
            record,
            entity=self.entity,
            fields=self.fields,
            values=values,
            expected_version=expected_version,
            by=by,
            label=self.name_of,
        )


N = TypeVar("N", Theme, Perspective)


@dataclass(frozen=True)
class NamedKind(RecordKind[N]):
    """A kind with a unique name and an optional description (themes, perspectives)."""

    fields: tuple[str, ...] = NAMED_FIELDS

    def _values(
        self, session: Session, name: str, description: str | None, own_id: int | None
    ) -> dict[str, Any]:
        name = require(name, "name", "Name")
        _ensure_unique(session, self.model, "name", name, exclude_id=own_id)
        return {"name": name, "description": clean(description)}

    def create_named(
        self, session: Session, *, name: str, description: str | None = None, by: ActingUser
    ) -> N:
        """Add a record."""
        return self.create(session, self._values(session, name, description, None), by=by)

    def update_named(
        self,
        session: Session,
        record_id: int,
        *,
        name: str,
        description: str | None,
        expected_version: int | None,
        by: ActingUser,
    ) -> N:
        """Rename or describe a record, refusing an edit of an older version."""
        values = partial(self._values, session, name, description)
        return self.update(session, record_id, values, expected_version=expected_version, by=by)


# A source is named by its title in quotes; actors, themes and perspectives are used by
# recommendations or entries, so they cannot go while any are; nothing points at review cycles
# (date ranges), listed latest first. Perspectives are a government's self-assessment, a shadow
# report: the list leaves out the monitoring team's (no row).
SOURCES = RecordKind(
    Source,
    "source",
    ("title", "publisher", "authors", "published_on", "url", "notes", "version"),
    Recommendation.source_id,
    N_("%(count)d recommendation(s) cite this source; change them first."),
    order=Source.title,
    name_of=lambda s: f"“{s.title}”",
)
ACTORS = RecordKind(
    Actor,
    "actor",
    ("name", "kind", "version"),
    RecommendationActor.actor_id,
    N_("%(count)d recommendation(s) name this actor; change them first."),
)
THEMES = NamedKind(
    Theme,
    "theme",
    used_by=Recommendation.theme_id,
    in_use=N_("%(count)d recommendation(s) are filed under this theme; move them first."),
)
CYCLES = RecordKind(
    ReviewCycle, "review_cycle", ("name", "starts_on", "ends_on", "version"), order=ReviewCycle.ends_on.desc()
)
PERSPECTIVES = NamedKind(
    Perspective,
    "perspective",
    used_by=ProgressEntry.perspective_id,
    in_use=N_("%(count)d entries are made from this perspective; it cannot go."),
)


# -- sources -----------------------------------------------------------------------------


@dataclass(slots=True)
class SourceInput:
    """The editable fields of a source."""

    title: str
    publisher: str | None = None
    authors: str | None = None
    published_on: date | None = None
    url: str | None = None
    notes: str | None = None


def _source_values(session: Session, fields: SourceInput, exclude_id: int | None) -> dict[str, Any]:
    title = require(fields.title, "title", "Title")
    _ensure_unique(session, Source, "title", title, exclude_id=exclude_id)
    return {
        "title": title,
        "publisher": clean(fields.publisher),
        "authors": clean(fields.authors),
        "published_on": fields.published_on,
        "url": check_http_url(fields.url, "url"),
        "notes": clean(fields.notes),
    }


delete_source = SOURCES.delete
list_sources = SOURCES.all
get_source = SOURCES.get


def create_source(session: Session, *, fields: SourceInput, by: ActingUser) -> Source:
    """Add a source."""
    return SOURCES.create(session, _source_values(session, fields, None), by=by)


def update_source(
    session: Session, source_id: int, *, fields: SourceInput, expected_version: int | None, by: ActingUser
) -> Source:
    """Change a source, refusing an edit of an older version."""
    values = partial(_source_values, session, fields)
    return SOURCES.update(session, source_id, values, expected_version=expected_version, by=by)


# -- actors ------------------------------------------------------------------------------


def _actor_values(session: Session, name: str, kind: str, exclude_id: int | None) -> dict[str, Any]:
    name = require(name, "name", "Name")
    if kind not in ActorKind.__members__.values():
        raise RuleViolation(N_("Choose a kind from the list."), field="kind")
    _ensure_unique(session, Actor, "name", name, exclude_id=exclude_id)
    return {"name": name, "kind": kind}


delete_actor = ACTORS.delete
list_actors = ACTORS.all
get_actor = ACTORS.get


def create_actor(session: Session, *, name: str, kind: str, by: ActingUser) -> Actor:
    """Add an actor."""
    return ACTORS.create(session, _actor_values(session, name, kind, None), by=by)


def update_actor(
    session: Session, actor_id: int, *, name: str, kind: str, expected_version: int | None, by: ActingUser
) -> Actor:
    """Rename or re-kind an actor."""
    values = partial(_actor_values, session, name, kind)
    return ACTORS.update(session, actor_id, values, expected_version=expected_version, by=by)


# -- themes ------------------------------------------------------------------------------


create_theme = THEMES.create_named
update_theme = THEMES.update_named
delete_theme = THEMES.delete
list_themes = THEMES.all
get_theme = THEMES.get


# -- review cycles -----------------------------------------------------------------------


def _cycle_values(
    session: Session,
    name: str,
    starts_on: date | None,
    ends_on: date | None,
    exclude_id: int | None,
) -> dict[str, Any]:
    name = require(name, "name", "Name")
    if starts_on is None:
        raise RuleViolation(N_("Start date is required."), field="starts_on")
    if ends_on is None:
        raise RuleViolation(N_("End date is required."), field="ends_on")
    if ends_on < starts_on:
        raise RuleViolation(N_("The cycle must end on or after the day it starts."), field="ends_on")
    _ensure_unique(session, ReviewCycle, "name", name, exclude_id=exclude_id)
    return {"name": name, "starts_on": starts_on, "ends_on": ends_on}


delete_cycle = CYCLES.delete
list_cycles = CYCLES.all
get_cycle = CYCLES.get


def create_cycle(
    session: Session, *, name: str, starts_on: date | None, ends_on: date | None, by: ActingUser
) -> ReviewCycle:
    """Add a review cycle."""
    return CYCLES.create(session, _cycle_values(session, name, starts_on, ends_on, None), by=by)


def update_cycle(
    session: Session,
    cycle_id: int,
    *,
    name: str,
    starts_on: date | None,
    ends_on: date | None,
    expected_version: int | None,
    by: ActingUser,
) -> ReviewCycle:
    """Rename or move a review cycle."""
    values = partial(_cycle_values, session, name, starts_on, ends_on)
    return CYCLES.update(session, cycle_id, values, expected_version=expected_version, by=by)


# -- scales ------------------------------------------------------------------------------


@dataclass(slots=True)
class LevelInput:
    """One level of a scale as a form or import gives it; `id` keeps an existing level."""

    label: str
    score: float | None
    colour: str
    id: int | None = None


def _level_snapshot(scale: Scale) -> list[dict[str, Any]]:
    return [{"label": lv.label, "score": lv.score, "colour": lv.colour} for lv in scale.levels]


def _check_levels(levels: Sequence[LevelInput]) -> list[LevelInput]:
    if len(levels) < 2:
        raise RuleViolation(N_("A scale needs at least two levels."), field="levels")
    seen: set[str] = set()
    checked: list[LevelInput] = []
    for index, level in enumerate(levels):
        label = require(level.label, f"levels-{index}-label", "Label")
        if label.lower() in seen:
            raise RuleViolation(N_("“%(label)s” appears twice.", label=label), field=f"levels-{index}-label")
        seen.add(label.lower())
        if level.score is None or not 0 <= level.score <= 100:
            raise RuleViolation(N_("Score must be between 0 and 100."), field=f"levels-{index}-score")
        colour = (level.colour or "").strip().lower()
        if len(colour) != 7 or colour[0] != "#" or any(c not in "0123456789abcdef" for c in colour[1:]):
            raise RuleViolation(N_("Colour must look like #1a9850."), field=f"levels-{index}-colour")
        checked.append(LevelInput(label=label, score=level.score, colour=colour, id=level.id))
    scores = [float(lv.score or 0.0) for lv in checked]
    if scores != sorted(scores):
        raise RuleViolation(
            N_("List the levels from worst to best: scores must not go down."), field="levels"
        )
    return checked


def evenly_spread(count: int) -> list[float]:
    """Default level scores: 0 to 100 in equal steps."""
    return [round(100.0 * i / (count - 1), 2) for i in range(count)]


def create_scale(
    session: Session,
    *,
    name: str,
    description: str | None,
    levels: Sequence[LevelInput],
    by: ActingUser,
) -> Scale:
    """Add a scale with its levels, worst first."""
    name = require(name, "name", "Name")
    _ensure_unique(session, Scale, "name", name)
    checked = _check_levels(levels)
    scale = Scale(name=name, description=clean(description), is_preset=False)
    scale.levels = [
        ScaleLevel(position=i, label=lv.label, score=lv.score, colour=lv.colour)
        for i, lv in enumerate(checked)
    ]
    session.add(scale)
    session.flush()
    said = N_("Created scale %(name)s", name=scale.name)
    after = {**audit.snapshot(scale, SCALE_FIELDS), "levels": _level_snapshot(scale)}
    audit.record(session, by, "create", "scale", scale.id, said, after=after)
    return scale


def update_scale(
    session: Session,
    scale_id: int,
    *,
    name: str,
    description: str | None,
    levels: Sequence[LevelInput],
    expected_version: int | None,
    by: ActingUser,
) -> Scale:
    """Change a scale's name, levels, scores and colours.

    Levels keep their identity by id; a level that entries use cannot be
    removed. A changed score re-scores the entries at that level and the
    current state of their benchmarks.
    """
    scale = get_or_missing(session, Scale, scale_id, "Scale")
    ensure_current(session, scale, entity="scale", expected_version=expected_version)
    name = require(name, "name", "Name")
    _ensure_unique(session, Scale, "name", name, exclude_id=scale_id)
    checked = _check_levels(levels)
    before = {**audit.snapshot(scale, SCALE_FIELDS), "levels": _level_snapshot(scale)}

    existing = {level.id: level for level in scale.levels}
    _ensure_removable(session, existing, {lv.id for lv in checked if lv.id is not None})
    new_levels, rescored = _relevel(session, scale, existing, checked)
    scale.levels = new_levels
    scale.name, scale.description = name, clean(description)
    # Levels are children: touching the scale row bumps its version, so a form
    # opened before this change is refused too.
    scale.updated_at = utcnow()
    session.flush()
    if rescored:
        _rescore_levels(session, rescored)
    after = {**audit.snapshot(scale, SCALE_FIELDS), "levels": _level_snapshot(scale)}
    old, new = audit.changed(before, after)
    if old or new:
        said = N_("Updated scale %(name)s", name=scale.name)
        audit.record(session, by, "update", "scale", scale.id, said, before=old, after=new)
    return scale


def _ensure_removable(session: Session, existing: dict[int, ScaleLevel], kept_ids: set[int]) -> None:
    """Refuse an edit that keeps a level gone meanwhile, or removes one that entries use."""
    unknown = kept_ids - existing.keys()
    if unknown:
        raise RuleViolation(N_("A level was removed by someone else; reload the page."), field="levels")
    for removed_id in existing.keys() - kept_ids:
        used = _count(session, select(ProgressEntry.id).where(ProgressEntry.level_id == removed_id))
        if used:
            raise RuleViolation(
                N_(
                    "Level “%(label)s” is used by 1 progress entry; it cannot be removed.",
                    label=existing[removed_id].label,
                )
                if used == 1
                else N_(
                    "Level “%(label)s” is used by %(count)d progress entries; it cannot be removed.",
                    label=existing[removed_id].label,
                    count=used,
                ),
                field="levels",
            )


def _relevel(
    session: Session, scale: Scale, existing: dict[int, ScaleLevel], checked: Sequence[LevelInput]
) -> tuple[list[ScaleLevel], list[int]]:
    """The scale's levels in their new order (kept ones changed in place), and the ids whose score moved."""
    rescored: list[int] = []
    # Park positions out of the way first: (scale_id, position) is unique.
    for level in scale.levels:
        level.position = -1 - level.position
    session.flush()
    new_levels: list[ScaleLevel] = []
    for position, level_input in enumerate(checked):
        if level_input.id is not None:
            level = existing[level_input.id]
            if level.score != level_input.score:
                rescored.append(level.id)
            level.label, level.score, level.colour = (
                level_input.label,
                float(level_input.score or 0),
                level_input.colour,
            )
            level.position = position
        else:
            level = ScaleLevel(
                position=position,
                label=level_input.label,
                score=level_input.score,
                colour=level_input.colour,
            )
        new_levels.append(level)
    return new_levels, rescored


def _rescore_levels(session: Session, level_ids: list[int]) -> None:
    """Store the new level score on every entry at those levels and refresh their benchmarks."""
    for level_id in level_ids:
        score = session.scalar(select(ScaleLevel.score).where(ScaleLevel.id == level_id))
        assert score is not None
        session.execute(
            update(ProgressEntry).where(ProgressEntry.level_id == level_id).values(score=level_score(score))
        )
    benchmark_ids = session.scalars(
        select(ProgressEntry.benchmark_id).where(ProgressEntry.level_id.in_(level_ids)).distinct()
    )
    refresh_states(session, benchmark_ids=list(benchmark_ids))


def delete_scale(session: Session, scale_id: int, *, by: ActingUser) -> None:
    """Delete a scale that no benchmark uses."""
    scale = get_or_missing(session, Scale, scale_id, "Scale")
    used = _count(session, select(Benchmark.id).where(Benchmark.scale_id == scale_id))
    _delete(
        session,
        scale,
        entity="scale",
        fields=SCALE_FIELDS,
        by=by,
        name=scale.name,
        in_use=N_("%(count)d benchmark(s) use this scale; it cannot be deleted.", count=used)
        if used
        else None,
    )


def list_scales(session: Session) -> list[Scale]:
    """All scales with their levels, presets first."""
    return list(
        session.scalars(
            select(Scale).options(selectinload(Scale.levels)).order_by(Scale.is_preset.desc(), Scale.name)
        )
    )


def get_scale(session: Session, scale_id: int) -> Scale:
    """One scale by id."""
    return get_or_missing(session, Scale, scale_id, "Scale")


def find_by_name(session: Session, model: type[R], name: str) -> R | None:
    """A source (by title), actor, theme, scale or cycle by its unique name, any letter case."""
    column = model.title if model is Source else model.name  # type: ignore[attr-defined]
    return session.scalar(select(model).where(func.lower(column) == name.strip().lower()).limit(1))


def _count_by(session: Session, column: Any, *conditions: Any) -> dict[int, int]:
    query = select(column, func.count()).where(*conditions).group_by(column)
    return {key: int(count) for key, count in session.execute(query) if key is not None}


def recommendations_per_source(session: Session) -> dict[int, int]:
    """How many recommendations cite each source (one query)."""
    return _count_by(session, Recommendation.source_id)


def recommendations_per_theme(session: Session) -> dict[int, int]:
    """How many recommendations each theme holds (one query)."""
    return _count_by(session, Recommendation.theme_id)


def recommendations_per_actor(session: Session) -> dict[int, int]:
    """How many recommendations name each actor (one query)."""
    return _count_by(session, RecommendationActor.actor_id)


# -- perspectives: whose assessment an entry is ------------------------------------------------


create_perspective = PERSPECTIVES.create_named
update_perspective = PERSPECTIVES.update_named
delete_perspective = PERSPECTIVES.delete
list_perspectives = PERSPECTIVES.all
get_perspective = PERSPECTIVES.get

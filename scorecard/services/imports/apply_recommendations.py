"""Applying a recommendations plan: new themes, sources and actors, then the recommendations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from scorecard.errors import N_
from scorecard.models import Actor, Source, Theme

from .. import audit, scores
from ..audit import ActingUser
from ..bulk import chunks
from ..tables import actor as actor_table
from ..tables import link, rec
from ..tables import source as source_table
from ..tables import theme as theme_table
from . import translations
from .plan_recommendations import RecommendationWork
from .plans import PROGRESS_EVERY, Progress, lower_names
from .writes import event_row, insert_events, insert_keyed, insert_many, insert_returning, update_checked

# The columns an imported value sets as it is.
_PLAIN_COLUMNS = (
    "title",
    "text",
    "locator",
    "priority",
    "status",
    "issued_on",
    "due_on",
    "tags",
    "original_locale",
)


@dataclass(slots=True)
class _Writing:
    """One recommendations import being written: names resolved to ids, events gathered, progress told."""

    session: Session
    by: ActingUser
    now: datetime
    on_progress: Progress
    total: int
    ids: dict[str, dict[str, int]]  # "theme" / "source" / "actor" → lower-case name → id
    events: list[dict[str, Any]]
    origin: str = ""  # the file's name, kept on the recommendations it creates
    done: int = 0

    def tick(self) -> None:
        """One more recommendation written; progress is told now and then."""
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.on_progress(self.done, self.total)

    def columns(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """A recommendation's columns from imported values, names resolved to ids."""
        values: dict[str, Any] = {name: record[name] for name in _PLAIN_COLUMNS if name in record}
        if "theme" in record:
            values["theme_id"] = self.ids["theme"][record["theme"].lower()]
        if "source" in record:
            values["source_id"] = self.ids["source"][record["source"].lower()] if record["source"] else None
        if "archived" in record:
            values["archived_at"] = self.now if record["archived"] else None
        return values

    def links(self, ident: int, pairs: Any) -> list[dict[str, Any]]:
        """The actor links of one recommendation from (name, role) pairs."""
        actor_ids = self.ids["actor"]
        return [
            {"recommendation_id": ident, "actor_id": actor_ids[name.lower()], "role": role}
            for name, role in pairs
        ]


def apply_recommendations(
    session: Session,
    work: RecommendationWork,
    *,
    by: ActingUser,
    now: datetime,
    on_progress: Progress,
    origin: str = "",
) -> int:
    """Write a recommendations plan; the number of recommendations created or changed."""
    writing = _Writing(
        session=session,
        by=by,
        now=now,
        on_progress=on_progress,
        total=len(work.creates) + len(work.updates),
        ids={
            "theme": {k: v[0] for k, v in lower_names(session, Theme, "name").items()},
            "source": {k: v[0] for k, v in lower_names(session, Source, "title").items()},
            "actor": {k: v[0] for k, v in lower_names(session, Actor, "name").items()},
        },
        events=[],
        origin=origin,
    )
    _create_names(writing, work)
    new_ids = _create_recommendations(writing, work)
    _update_recommendations(writing, work)
    translations.write(
        session,
        "recommendation",
        [(ident, record) for ident, record in zip(new_ids, work.creates, strict=True)]
        + [(ident, changed) for ident, _version, changed, _before in work.updates],
    )
    insert_events(session, writing.events)
    scores.refresh_states(session, recommendation_ids=new_ids)
    on_progress(writing.total, writing.total)
    return len(new_ids) + len(work.updates)


def _create_names(writing: _Writing, work: RecommendationWork) -> None:
    """Create the themes, sources and actors the file names that are not stored yet."""
    now = writing.now
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    for entity, table, column, names, extra in (
        ("theme", theme_table, "name", work.new_themes, {}),
        ("source", source_table, "title", work.new_sources, {}),
        ("actor", actor_table, "name", work.new_actors, {"kind": work.actor_kind}),
    ):
        known = writing.ids[entity]
        pending = [name for key, name in names.items() if key not in known]
        for ident, name in insert_returning(
            writing.session,
            table,
            [{column: name, **extra, **stamp} for name in pending],
            table.c.id,
            table.c[column],
        ):
            known[name.lower()] = ident
            writing.events.append(
                event_row(
                    writing.by,
                    now,
                    action="create",
                    entity=entity,
                    entity_id=ident,
                    summary=N_("Created %(kind)s %(name)s (import)", kind=audit.kind_word(entity), name=name),
                    after={column: name, **extra},
                )
            )


def _create_recommendations(writing: _Writing, work: RecommendationWork) -> list[int]:
    """Insert the new recommendations and their actor links; their ids, in the plan's order."""
    now = writing.now
    stamp = {"version": 1, "created_at": now, "updated_at": now, "imported_from": writing.origin or None}
    creates = [{"code": r["code"], **writing.columns(r), **stamp} for r in work.creates]
    by_code = insert_keyed(writing.session, rec, creates, "code")
    new_ids = [by_code[r["code"]] for r in work.creates]
    links: list[dict[str, Any]] = []
    for record, values, ident in zip(work.creates, creates, new_ids, strict=True):
        actor_links = writing.links(ident, record["actors"])
        links += actor_links
        snapshot = {k: v for k, v in values.items() if k not in ("created_at", "updated_at")}
        snapshot["actors"] = sorted(f"{a['actor_id']}:{a['role']}" for a in actor_links)
        writing.events.append(
            event_row(
                writing.by,
                now,
                action="create",
                entity="recommendation",
                entity_id=ident,
                recommendation_id=ident,
                summary=N_("Created %(code)s (import)", code=record["code"]),
                after=snapshot,
            )
        )
        writing.tick()
    insert_many(writing.session, link, links)
    return new_ids


def _update_recommendations(writing: _Writing, work: RecommendationWork) -> None:
    """Write the changed recommendations, one statement per set of changed columns, and relink actors."""
    now = writing.now
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    relinks: list[tuple[int, list[tuple[str, str]]]] = []
    # Actor-only changes still bump the version, so open edit forms notice.
    actors_only: list[dict[str, Any]] = []
    for ident, version, changed, before in work.updates:
        values = writing.columns(changed)
        checked = {"b_id": ident, "b_version": version, "v_updated_at": now}
        if values:
            checked.update({f"v_{k}": v for k, v in values.items()})
            groups.setdefault(tuple(sorted(values)), []).append(checked)
        else:
            actors_only.append(checked)
        if "actors" in changed:
            relinks.append((ident, sorted(changed["actors"])))
        writing.events.append(
            event_row(
                writing.by,
                now,
                action="update",
                entity="recommendation",
                entity_id=ident,
                recommendation_id=ident,
                summary=N_("Updated by import: %(fields)s", fields=", ".join(sorted(changed))),
                before={**before, "version": version},
                # The version it produced: an edit form opened before the import lists these changes.
                after={**changed, "version": version + 1},
            )
        )
        writing.tick()
    for columns, rows in groups.items():
        update_checked(writing.session, rec, rows, columns, what="recommendations")
    update_checked(writing.session, rec, actors_only, (), what="recommendations")
    _relink_actors(writing, relinks)


def _relink_actors(writing: _Writing, relinks: list[tuple[int, list[tuple[str, str]]]]) -> None:
    """Replace the actor links of recommendations whose actors changed."""
    for chunk in chunks([ident for ident, _ in relinks]):
        writing.session.execute(delete(link).where(link.c.recommendation_id.in_(chunk)))
    insert_many(
        writing.session, link, [row for ident, pairs in relinks for row in writing.links(ident, pairs)]
    )

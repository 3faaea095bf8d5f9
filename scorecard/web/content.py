"""The content a page shows in its reader's language: the localiser templates read titles and names from."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy.orm import Session

from scorecard.forms.reference import FIELD_SUFFIX
from scorecard.i18n import current_language, translate
from scorecard.models import Recommendation
from scorecard.services import content
from scorecard.services.dashboard import Dashboard
from scorecard.services.scorecards import Scorecard


def localiser(session: Session, records: Mapping[str, Iterable[int | None]]) -> content.Localiser:
    """The records (kind -> ids) in this page's language, one query per kind."""
    wanted = {entity: [i for i in ids if i is not None] for entity, ids in records.items()}
    return content.localise(session, reader=current_language().id, records=wanted)


def fill_fold(session: Session, form: FlaskForm, record: Any, fields: Iterable[str]) -> None:
    """An edit form's translations' fold (`<field>_<suffix>` fields) filled in from the stored ones."""
    if record is None:
        return
    stored = content.translations_of(session, record)
    form.original_locale.data = record.original_locale
    for locale, suffix in FIELD_SUFFIX.items():
        for name in fields:
            form[f"{name}_{suffix}"].data = stored.get(locale, {}).get(name)


def fold_values(form: FlaskForm, fields: Iterable[str]) -> dict[str, dict[str, str | None]]:
    """What a form's fold gives, as locale -> field -> text (for `content.translate`)."""
    names = list(fields)
    return {
        locale: {name: form[f"{name}_{suffix}"].data for name in names}
        for locale, suffix in FIELD_SUFFIX.items()
    }


def recommendation_localiser(session: Session, recommendation: Recommendation) -> content.Localiser:
    """A recommendation's page: its own words, its benchmarks', theme's, source's and actors' names."""
    return localiser(
        session,
        {
            "recommendation": [recommendation.id],
            "benchmark": [b.id for b in recommendation.benchmarks],
            "theme": [recommendation.theme_id],
            "source": [recommendation.source_id],
            "actor": [link.actor_id for link in recommendation.actor_links],
        },
    )


def scorecard_localiser(session: Session, card: Scorecard) -> content.Localiser:
    """The scorecard's grid: its groups' names, its recommendations' titles, actors and benchmarks."""
    rows = [row for group in card.groups for row in group.rows]
    records: dict[str, list[int | None]] = {
        "recommendation": [row.id for row in rows],
        "benchmark": [cell.benchmark_id for row in rows for cell in row.cells],
        "actor": [actor_id for row in rows for actor_id, _name in row.actors],
    }
    if card.group in content.KINDS:
        records.setdefault(card.group, []).extend(group.figures.key for group in card.groups)
    return localiser(session, records)


def localised_dashboard(session: Session, board: Dashboard) -> Dashboard:
    """The dashboard's theme names and listed titles in this page's language (as the scorecard shows them)."""
    listed = [*board.overdue.rows, *board.stale.rows]
    tr = localiser(
        session,
        {
            "theme": [theme_id for theme_id, _name in board.quarters.themes],
            "recommendation": [row.id for row in listed],
        },
    )

    def titled(page: Any) -> Any:
        rows = [
            dataclasses.replace(r, title=tr.row_text("recommendation", r.id, "title", r.title))
            for r in page.rows
        ]
        return dataclasses.replace(page, rows=rows)

    return dataclasses.replace(
        board,
        matrix=tuple(
            dataclasses.replace(r, theme=tr.name("theme", r.theme_id, r.theme)) for r in board.matrix
        ),
        themes=tuple(dataclasses.replace(t, name=tr.name("theme", t.key, t.name)) for t in board.themes),
        quarters=dataclasses.replace(
            board.quarters,
            points=tuple(dataclasses.replace(p, label=translate(p.label)) for p in board.quarters.points),
            themes=tuple((key, tr.name("theme", key, name)) for key, name in board.quarters.themes),
        ),
        overdue=titled(board.overdue),
        stale=titled(board.stale),
    )

"""The content a page shows in its reader's language: the localiser templates read titles and names from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

from scorecard.i18n import current_language
from scorecard.models import Recommendation
from scorecard.services import content
from scorecard.services.scorecards import Scorecard


def localiser(session: Session, records: Mapping[str, Iterable[int | None]]) -> content.Localiser:
    """The records (kind -> ids) in this page's language, one query per kind."""
    wanted = {entity: [i for i in ids if i is not None] for entity, ids in records.items()}
    return content.localise(session, reader=current_language().id, records=wanted)


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

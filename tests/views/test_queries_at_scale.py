"""Pages make the same number of queries at 10 and at 1,000 recommendations (issue: fast at scale)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scorecard import create_app, schema
from scorecard.db import EXTENSION_KEY, Database
from scorecard.models import Actor, Recommendation, Source
from scorecard.services import generator
from scorecard.services.audit import ActingUser

from .. import factories
from ..conftest import TEST_CONFIG, Client, backend_url, drop_backend
from ..helpers import QueryCounter

TODAY = date(2026, 11, 22)
PAGES = (
    "/",
    "/scorecard",
    "/scorecard?as_of=2025-05-17&compare_to=2024-05-17",
    "/scorecard?group=actor&q=a",
    "/scorecard/actors/{actor}",
    "/scorecard/sources/{source}",
    "/recommendations",
    "/recommendations?page=3&sort=score",
    "/recommendations/{rec}",
    "/progress",
)


def page_queries(tmp_path: Path, size: int) -> dict[str, int]:
    """Queries per page on a generated database of `size` recommendations."""
    url = backend_url(str(tmp_path), f"scale_{size}")
    schema.upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
    database: Database = app.extensions[EXTENSION_KEY]
    try:
        with database.transaction() as session:
            generator.generate(
                session,
                recommendations=size,
                benchmarks_per=3,
                entries=size * 8,
                seed=11,
                today=TODAY,
                by=ActingUser.system("test"),
            )
            analyst = factories.make_user(session, role="analyst")
            ids = {
                "rec": session.scalar(select(func.max(Recommendation.id))),
                "actor": session.scalar(select(func.min(Actor.id))),
                "source": session.scalar(select(func.min(Source.id))),
            }
        app.test_client_class = Client
        client: Client = app.test_client()  # type: ignore[assignment]
        assert client.sign_in(analyst.email).status_code == 302
        counts = {}
        for page in PAGES:
            with QueryCounter(database.engine) as counter:
                response = client.get(page.format(**ids))
            assert response.status_code == 200, page
            counts[page] = counter.count
        return counts
    finally:
        database.engine.dispose()
        drop_backend(url)


@pytest.mark.bulk
def test_every_summary_and_list_page_takes_as_many_queries_at_1000_recommendations_as_at_10(tmp_path):
    assert page_queries(tmp_path, 1000) == page_queries(tmp_path, 10)

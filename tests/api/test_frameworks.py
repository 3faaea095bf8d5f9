"""Frameworks through the API: the CSV's field names, the page's figures on two dates, pages, ETags."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from scorecard.services.frameworks import records, transfer
from tests import factories
from tests.api.conftest import bearer, make_token
from tests.factories import SYSTEM
from tests.services.test_frameworks import make_framework, make_item


def _world(session: Session) -> dict[str, object]:
    """A facility whose paid condition A.1 is met once both linked benchmarks are achieved (June 2025)."""
    rec = factories.make_recommendation(
        session,
        code="FW-1",
        benchmarks=[factories.milestone("Law adopted"), factories.milestone("Law applied")],
    )
    facility = make_framework(session, "Facility")
    make_framework(session, "Another")
    area = make_item(session, facility, "A")
    paid = make_item(session, facility, "A.1", area, amount=100.0, currency="EUR", due_on=date(2025, 6, 30))
    law, applied = rec.benchmarks
    records.add_link(session, paid.id, benchmark_id=law.id, by=SYSTEM)
    records.add_link(session, paid.id, benchmark_id=applied.id, by=SYSTEM)
    factories.record(session, law, date(2025, 1, 10), achieved=True)
    factories.record(session, applied, date(2025, 6, 10), achieved=True)
    session.commit()
    return {"facility": facility, "area": area, "paid": paid, "law": law}


def _get(api: FlaskClient, secret: str, url: str) -> dict:
    answer = api.get(url, headers=bearer(secret))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_framework_list_pages_by_cursor_with_the_csv_fields(api: FlaskClient, session: Session) -> None:
    _world(session)
    secret = make_token(session, role="viewer", scope="read")
    first = api.get("/api/v1/frameworks?limit=1", headers=bearer(secret))
    body = first.get_json()
    assert [row["framework"] for row in body["items"]] == ["Another"]
    assert set(transfer.FRAMEWORK_COLUMNS) <= set(body["items"][0])
    link = first.headers["Link"].split(";")[0].strip("<>")
    second = _get(api, secret, link)
    assert [(r["framework"], r["item_count"], r["link_count"]) for r in second["items"]] == [
        ("Facility", 2, 2)
    ]
    assert second["next"] is None
    again = api.get(
        "/api/v1/frameworks?limit=1", headers=bearer(secret, **{"If-None-Match": first.headers["ETag"]})
    )
    assert again.status_code == 304


def test_framework_items_as_of_a_date_compared_with_another(api: FlaskClient, session: Session) -> None:
    world = _world(session)
    secret = make_token(session, role="viewer", scope="read")
    url = f"/api/v1/frameworks/{world['facility'].id}?as_of=2025-07-01&compare_to=2025-02-01"
    body = _get(api, secret, url)
    rows = {row["code"]: row for row in body["items"]}
    assert [row["code"] for row in body["items"]] == ["A", "A.1"]
    paid = rows["A.1"]
    assert paid["met"] is True and paid["compare_met"] is False and paid["parent_code"] == "A"
    # only assessed benchmarks count toward the score: coverage, not score, rose from February
    assert paid["score"] == 100.0 and paid["compare_score"] == 100.0 and paid["trend"] == 0.0
    assert paid["coverage"] == 100.0
    assert body["as_of"] == "2025-07-01" and body["compare_to"] == "2025-02-01"
    assert body["unlocked"] == [{"currency": "EUR", "unlocked": 100.0, "at_stake": 100.0}]
    assert body["compare_unlocked"] == [{"currency": "EUR", "unlocked": 0.0, "at_stake": 100.0}]
    # the same figures as the CSV export of that date
    exported = [
        dict(zip(export.header, row, strict=True))
        for export in [
            transfer.export_items(session, framework_id=world["facility"].id, as_of=date(2025, 7, 1))
        ]
        for batch in export.batches
        for row in batch
    ]
    for row in exported:
        assert {name: rows[row["code"]][name] for name in ("score", "coverage", "met")} == {
            name: row[name] for name in ("score", "coverage", "met")
        }


def test_framework_items_page_by_cursor(api: FlaskClient, session: Session) -> None:
    world = _world(session)
    secret = make_token(session, role="viewer", scope="read")
    first = _get(api, secret, f"/api/v1/frameworks/{world['facility'].id}?limit=1")
    assert [row["code"] for row in first["items"]] == ["A"] and first["next"]
    second = _get(api, secret, f"/api/v1/frameworks/{world['facility'].id}?limit=1&cursor={first['next']}")
    assert [row["code"] for row in second["items"]] == ["A.1"] and second["next"] is None


def test_framework_item_shows_what_stands_behind_it(api: FlaskClient, session: Session) -> None:
    world = _world(session)
    secret = make_token(session, role="viewer", scope="read")
    url = f"/api/v1/frameworks/{world['facility'].id}/items/{world['area'].id}?as_of=2025-03-01"
    body = _get(api, secret, url)
    assert body["item"]["code"] == "A" and [r["code"] for r in body["subitems"]] == ["A.1"]
    behind = {(b["recommendation_code"], b["benchmark_title"], b["achieved"]) for b in body["links"]}
    assert behind == {("FW-1", "Law adopted", True), ("FW-1", "Law applied", False)}


def test_framework_links_carry_the_csv_fields(api: FlaskClient, session: Session) -> None:
    world = _world(session)
    secret = make_token(session, role="viewer", scope="read")
    body = _get(api, secret, f"/api/v1/frameworks/{world['facility'].id}/links?limit=1")
    assert sorted(body["items"][0]) == sorted((*transfer.LINK_COLUMNS, "link_id"))
    assert body["items"][0]["benchmark_id"] == world["law"].id and body["next"]


def test_unknown_framework_is_a_problem(api: FlaskClient, session: Session) -> None:
    secret = make_token(session, role="viewer", scope="read")
    for url in (
        "/api/v1/frameworks/999999",
        "/api/v1/frameworks/999999/links",
        "/api/v1/frameworks/999999/items/1",
    ):
        answer = api.get(url, headers=bearer(secret))
        assert answer.status_code == 404 and answer.mimetype == "application/problem+json", url

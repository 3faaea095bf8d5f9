"""API reads: CSV field names, cursor pages across inserts, ETags and 304, the scorecard, the document."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from scorecard.services import exports
from tests import factories
from tests.api.conftest import bearer, make_token


def _codes(api: FlaskClient, secret: str, url: str) -> tuple[list[str], str | None, str | None]:
    answer = api.get(url, headers=bearer(secret))
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    return [row["code"] for row in body["items"]], body["next"], answer.headers.get("Link")


def test_reads_use_the_csv_field_names(api: FlaskClient, session: Session) -> None:
    factories.make_recommendation(session, code="CSV-1")
    secret = make_token(session, role="viewer", scope="read")
    row = api.get("/api/v1/recommendations?q=CSV-1", headers=bearer(secret)).get_json()["items"][0]
    assert sorted(row) == sorted(exports.RECOMMENDATION_COLUMNS)


def test_reads_page_by_cursor_across_inserts(api: FlaskClient, session: Session) -> None:
    theme = factories.make_theme(session)
    for code in ("PG-B", "PG-D", "PG-F"):
        factories.make_recommendation(session, code=code, theme_id=theme.id)
    secret = make_token(session, role="viewer", scope="read")
    first, cursor, link = _codes(api, secret, f"/api/v1/recommendations?theme={theme.id}&limit=2")
    assert first == ["PG-B", "PG-D"] and cursor and link and 'rel="next"' in link
    # rows added before and after the cursor while the client reads: none repeated, none skipped
    factories.make_recommendation(session, code="PG-A", theme_id=theme.id)
    factories.make_recommendation(session, code="PG-E", theme_id=theme.id)
    session.commit()
    following = link.split(";")[0].strip("<>")
    second, last_cursor, _ = _codes(api, secret, following)
    assert second == ["PG-E", "PG-F"] and last_cursor is None


def test_reads_refuse_a_forged_cursor(api: FlaskClient, session: Session) -> None:
    secret = make_token(session, role="viewer", scope="read")
    answer = api.get("/api/v1/recommendations?cursor=not-ours", headers=bearer(secret))
    assert answer.status_code == 400 and answer.mimetype == "application/problem+json"


def test_reads_honour_if_none_match(api: FlaskClient, session: Session) -> None:
    rec = factories.make_recommendation(session, code="ET-1")
    secret = make_token(session, role="viewer", scope="read")
    first = api.get(f"/api/v1/recommendations/{rec.code}", headers=bearer(secret))
    assert first.headers["ETag"] == f'"v{rec.version}"'
    again = api.get(
        f"/api/v1/recommendations/{rec.code}",
        headers=bearer(secret, **{"If-None-Match": first.headers["ETag"]}),
    )
    assert again.status_code == 304
    listed = api.get("/api/v1/themes", headers=bearer(secret))
    assert (
        api.get(
            "/api/v1/themes", headers=bearer(secret, **{"If-None-Match": listed.headers["ETag"]})
        ).status_code
        == 304
    )


def test_reads_the_scorecard_as_of_a_date_compared_and_grouped(api: FlaskClient, session: Session) -> None:
    rec = factories.make_recommendation(session, code="SC-1")
    factories.record(session, rec.benchmarks[0], date(2026, 3, 1), achieved=True)
    secret = make_token(session, role="viewer", scope="read")
    url = "/api/v1/scorecard?q=SC-1&as_of=2026-06-30&compare_to=2026-01-31&group=actor"
    body = api.get(url, headers=bearer(secret)).get_json()
    assert body["as_of"] == "2026-06-30" and body["compare_to"] == "2026-01-31" and body["group"] == "actor"
    [row] = body["items"]
    assert sorted(row) == sorted(exports.SCORECARD_COLUMNS)
    assert (row["score"], row["compare_score"], row["trend"]) == (100.0, None, None)
    assert body["overall"]["recommendations"] == 1


def test_reads_publish_an_openapi_31_document_and_its_reference_page(api: FlaskClient) -> None:
    document = api.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/scorecard" in document["paths"]
    page = api.get("/api/v1/docs").get_data(as_text=True)
    assert "GET /api/v1/scorecard" in page and "//cdn" not in page


def test_the_document_links_each_list_to_its_rows_pages(api: FlaskClient) -> None:
    document = api.get("/api/v1/openapi.json").get_json()
    operations = {op["operationId"]: op for ops in document["paths"].values() for op in ops.values()}
    links = {
        (name, link["operationId"])
        for name, op in operations.items()
        for answer in op["responses"].values()
        for link in answer.get("links", {}).values()
    }
    assert {target for _source, target in links} <= set(operations)  # every link names a real operation
    assert {
        ("get__api_v1_frameworks", "get__api_v1_frameworks_{framework_id}"),
        ("get__api_v1_frameworks", "get__api_v1_frameworks_{framework_id}_links"),
        ("get__api_v1_frameworks_{framework_id}", "get__api_v1_frameworks_{framework_id}_items_{item_id}"),
        ("get__api_v1_recommendations", "get__api_v1_recommendations_{code}"),
    } <= links


def test_reads_find_a_recommendation_whose_code_has_a_slash(api: FlaskClient, session: Session) -> None:
    factories.make_recommendation(session, code="UPR/12.3")
    secret = make_token(session, role="viewer", scope="read")
    assert (
        api.get("/api/v1/recommendations/upr/12.3", headers=bearer(secret)).get_json()["code"] == "UPR/12.3"
    )

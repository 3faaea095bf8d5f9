"""CSV downloads: streamed attachments with a server-chosen name, the list's filters, who may have them."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from scorecard.services import exports

from ..factories import make_recommendation, make_theme, record


@pytest.fixture
def two_themes(session):
    security, economy = make_theme(session, "Security"), make_theme(session, "Economy")
    first = make_recommendation(session, code="SEC-1", theme_id=security.id, title='=HYPERLINK("http://x")')
    make_recommendation(session, code="ECO-1", theme_id=economy.id)
    record(session, first.benchmarks[0], date(2025, 5, 1), achieved=True)
    session.commit()
    return security, economy


def rows(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.mark.parametrize(
    ("url", "kind", "header"),
    [
        ("/recommendations.csv", "recommendations", exports.RECOMMENDATION_COLUMNS),
        ("/benchmarks.csv", "benchmarks", exports.BENCHMARK_COLUMNS),
        ("/progress.csv", "progress", exports.PROGRESS_COLUMNS),
        ("/progress.csv?include=history", "progress", exports.PROGRESS_HISTORY_COLUMNS),
    ],
)
def test_export_downloads_a_streamed_csv_attachment(viewer, two_themes, url, kind, header):
    response = viewer.get(url)
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="scorecard-{kind}-{date.today().isoformat()}.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()
    assert body.startswith(",".join(header).encode() + b"\r\n")
    assert not body.startswith(b"\xef\xbb\xbf")


def test_export_adds_a_byte_order_mark_on_request(viewer, two_themes):
    assert viewer.get("/recommendations.csv?bom=1").get_data().startswith(b"\xef\xbb\xbfcode,")


def test_export_follows_the_list_filters_from_the_query_string(viewer, two_themes):
    security, _ = two_themes
    listed = rows(viewer.get(f"/recommendations.csv?theme={security.id}&page=3&per_page=10"))
    assert [r["code"] for r in listed] == ["SEC-1"]
    assert listed[0]["title"] == '\'=HYPERLINK("http://x")'
    assert [r["recommendation_code"] for r in rows(viewer.get(f"/progress.csv?theme={security.id}"))] == [
        "SEC-1"
    ]
    assert [r["code"] for r in rows(viewer.get("/recommendations.csv?q=ECO"))] == ["ECO-1"]
    assert len(rows(viewer.get("/recommendations.csv?theme=not-a-number"))) == 2


def test_scorecard_export_takes_as_of_and_compare_dates(viewer, two_themes):
    response = viewer.get("/scorecard.csv?as_of=2025-06-01&compare=2025-01-01")
    assert response.headers["Content-Disposition"] == 'attachment; filename="scorecard-2025-06-01.csv"'
    by_code = {r["recommendation_code"]: r for r in rows(response)}
    assert by_code["SEC-1"]["score"] == "100.0" and by_code["SEC-1"]["compare_to"] == "2025-01-01"
    assert by_code["ECO-1"]["score"] == ""
    before = {r["recommendation_code"]: r for r in rows(viewer.get("/scorecard.csv?as_of=2025-04-30"))}
    assert before["SEC-1"]["score"] == ""


def test_exports_need_a_signed_in_reader(client, two_themes):
    for url in ("/recommendations.csv", "/benchmarks.csv", "/progress.csv", "/scorecard.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("app_config", [{"PUBLIC_READ": True}], indirect=False)
def test_scorecard_export_is_public_when_the_scorecard_is(client, two_themes, app_config):
    from ..conftest import TEST_CONFIG

    assert app_config["PUBLIC_READ"] and not TEST_CONFIG.get("PUBLIC_READ")
    assert client.get("/scorecard.csv").status_code == 200
    assert client.get("/progress.csv").status_code == 302


def test_export_stream_closes_its_own_database_session(viewer, connection, two_themes):
    # Flask tears the request down before a streamed body is read; the stream must end its own transaction.
    for url in ("/recommendations.csv", "/scorecard.csv"):
        savepoint = connection.begin_nested()
        response = viewer.get(url)
        assert response.get_data().count(b"\r\n") == 3
        response.close()
        assert connection.get_nested_transaction() is savepoint
        savepoint.rollback()
        unread = viewer.get(url)
        unread.close()

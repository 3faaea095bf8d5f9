"""The import pages: upload, map, preview with every error by row and column, confirm, watch it run."""

from __future__ import annotations

import io
import re
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from scorecard import create_app, schema
from scorecard.db import EXTENSION_KEY
from scorecard.models import AuditEvent, ImportJob, ImportMapping, ProgressEntry, Recommendation
from scorecard.services import csv_files, exports, imports
from scorecard.services.recommendations import RecommendationFilter, Thresholds

from ..conftest import TEST_CONFIG, Client, backend_url, drop_backend
from ..factories import make_recommendation, make_theme, make_user, record
from ..helpers import UPR_FILE, form_fields


def upload(client, content: bytes, filename: str = "file.csv"):
    """Post a file through the upload form, as a browser does."""
    response = client.submit(
        "/import", {"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data"
    )
    # Werkzeug's test client spools a large request body to a temporary file and leaves it open.
    response.request.environ["wsgi.input"].close()
    return response


def confirm(client, preview_url: str, page: str | None = None):
    """Press the preview's confirm button, with the form the preview page carries."""
    page = page if page is not None else client.get(preview_url).get_data(as_text=True)
    return client.post(preview_url, data=form_fields(page))


def export_of(session, kind: str) -> bytes:
    export = getattr(exports, kind)(
        session, criteria=RecommendationFilter(), thresholds=Thresholds(date.today(), 180)
    )
    return b"".join(csv_files.encode_rows(export.header, export.batches))


def job_id(response) -> int:
    match = re.search(r"/import/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def recommendations_file(session) -> bytes:
    theme = make_theme(session, "Security")
    make_recommendation(session, code="EU-01", theme_id=theme.id, title="Old title")
    session.commit()
    content = export_of(session, "recommendations").decode("utf-8")
    content = content.replace("Old title", "New title")
    # The export's own columns, then as many empty translation cells as its header has.
    translations = content.splitlines()[0].count("@") + 1
    content += (
        "EU-09,A new one,Its wording,,,Security,,high,proposed,,,,false,,," + "," * translations + "\r\n"
    )
    return content.encode("utf-8")


def test_upload_preview_confirm_imports_our_own_export(analyst, session, recommendations_file):
    response = upload(analyst, recommendations_file, "recs.csv")
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    page = analyst.get(preview_url).get_data(as_text=True)
    assert "Preview: recs.csv" in page
    assert re.search(r'stat__value">1</span><span class="stat__label">to create', page)
    assert re.search(r'stat__value">1</span><span class="stat__label">to change', page)
    assert "Old title" in page and "New title" in page
    # EU-01 was made by a person, not by this file: the confirmation says it plainly.
    assert "Import 2 changes, overwriting 1 record another file or a person created" in page
    assert count(session, Recommendation) == 1  # nothing written before confirming
    confirmed = confirm(analyst, preview_url, page)
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/status")
    status = analyst.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert "every row is accounted for" in status
    session.expire_all()
    assert count(session, Recommendation) == 2
    assert session.scalar(select(Recommendation.title).where(Recommendation.code == "EU-01")) == "New title"
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "import", AuditEvent.entity == "recommendation")
    )
    assert event is not None and event.user_email == analyst.user.email
    assert event.after["file"] == "recs.csv" and event.after["counts"]["create"] == 1
    report = analyst.get(confirmed.headers["Location"] + "?report=csv")
    assert report.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert report.get_data(as_text=True).splitlines()[1:] == [
        "2,update,EU-01,,title: Old title → New title",
        "3,create,EU-09,,A new one",
    ]
    again = confirm(analyst, preview_url, page)
    assert again.headers["Location"].endswith("/status")
    assert count(session, Recommendation) == 2


def test_confirming_after_the_records_changed_imports_nothing_until_previewed_again(
    analyst, session, recommendations_file
):
    preview_url = upload(analyst, recommendations_file, "recs.csv").headers["Location"]
    stale_page = analyst.get(preview_url).get_data(as_text=True)
    assert "Old title" in stale_page
    # Someone else edits EU-01 between the preview and the click: the file would now overwrite their title.
    rec = session.scalar(select(Recommendation).where(Recommendation.code == "EU-01"))
    rec.title = "Edited meanwhile"
    session.commit()
    refused = confirm(analyst, preview_url, stale_page)
    status = analyst.get(refused.headers["Location"]).get_data(as_text=True)
    assert "changed after the preview was made" in status and "Nothing was imported" in status
    session.expire_all()
    assert count(session, Recommendation) == 1
    assert session.scalar(select(Recommendation.title).where(Recommendation.code == "EU-01")) == (
        "Edited meanwhile"
    )
    fresh_page = analyst.get(preview_url).get_data(as_text=True)
    assert "Edited meanwhile" in fresh_page
    confirmed = confirm(analyst, preview_url, fresh_page)
    assert "every row is accounted for" in analyst.get(confirmed.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert count(session, Recommendation) == 2


def test_a_confirmation_without_the_previewed_plan_shows_the_preview_again(
    analyst, session, recommendations_file
):
    preview_url = upload(analyst, recommendations_file, "recs.csv").headers["Location"]
    response = analyst.submit(preview_url, {})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "out-of-date page" in page and "Preview: recs.csv" in page
    assert count(session, Recommendation) == 1


def test_preview_lists_every_error_by_row_and_column_and_offers_no_confirm(
    analyst, session, recommendations_file
):
    broken = recommendations_file.replace(b",high,proposed,", b",urgent,proposed,")
    broken = broken.replace(b"EU-09,A new one", b"EU 09,A new one")
    preview_url = upload(analyst, broken).headers["Location"]
    page = analyst.get(preview_url).get_data(as_text=True)
    assert '<td class="num">3</td><td class="mono">code</td>' in page
    assert '<td class="num">3</td><td class="mono">priority</td>' in page
    assert (
        "Import 2 changes" not in page and 'type="submit" class="button button--primary">Import' not in page
    )
    forced = analyst.submit(preview_url, {"plan": "forged"}, page="/account")
    status = analyst.get(forced.headers["Location"]).get_data(as_text=True)
    assert "Nothing was imported" in status and "urgent" in status
    session.expire_all()
    assert count(session, Recommendation) == 1
    assert session.scalar(select(Recommendation.title).where(Recommendation.code == "EU-01")) == "Old title"


def test_upload_shows_a_broken_file_and_stores_nothing(analyst, session):
    page = upload(analyst, b'code,title\nA-1,"open\n').get_data(as_text=True)
    assert "nothing was stored" in page
    assert "Row 2, column title:" in page
    assert count(session, ImportJob) == 0


def test_upload_refuses_files_over_the_limit(app, analyst, session):
    app.config["IMPORT_MAX_BYTES"] = 100
    page = upload(analyst, b"code,title\n" + b"A-1,t\n" * 50).get_data(as_text=True)
    assert "the limit is" in page
    assert count(session, ImportJob) == 0


def test_upload_without_a_file_says_so(analyst):
    page = analyst.submit("/import", {}).get_data(as_text=True)
    assert "Choose a CSV file to upload." in page


@pytest.mark.bulk
def test_upr_file_goes_through_a_mapping_that_is_offered_again_next_time(app, analyst, session):
    # Within the request: the test's database is one connection that a background thread must not share.
    app.config["IMPORT_BACKGROUND_ROWS"] = 10_000
    content = UPR_FILE.read_bytes()
    response = upload(analyst, content, UPR_FILE.name)
    mapping_url = response.headers["Location"]
    assert mapping_url.endswith("/mapping")
    page = analyst.get(mapping_url).get_data(as_text=True)
    assert "Map the columns of" in page and "Afghanistan" in page
    form = {
        "kind": "recommendations",
        "code__value": "UPR-{row}",
        "title__column": "Text",
        "text__column": "Text",
        "theme__column": "Issue",
        "theme__separator": ",",
        "theme__value": "General",
        "tags__column": "Issue",
        "tags__separator": ",",
        "actors__column": "To",
        "status__column": "Response",
        "status__translate": "Accepted=accepted; Noted=rejected",
        "priority__value": "medium",
        "source__value": "UPR Info database: session {Session}",
        "locator__value": "Recommended by {From}",
        "actor_kind": "government",
        "save": "y",
        "name": "UPR Info",
    }
    bad = analyst.submit(mapping_url, {**form, "status__translate": "Accepted=yes"}).get_data(as_text=True)
    assert "“yes” is not one of" in bad
    saved = analyst.submit(mapping_url, form)
    assert saved.status_code == 302
    preview_url = saved.headers["Location"]
    preview = analyst.get(preview_url).get_data(as_text=True)
    assert re.search(r'stat__value">6094</span><span class="stat__label">to create', preview)
    assert count(session, ImportMapping) == 1
    started = time.perf_counter()
    status_url = confirm(analyst, preview_url, preview).headers["Location"]
    assert time.perf_counter() - started < 30
    assert "every row is accounted for" in analyst.get(status_url).get_data(as_text=True)
    report = analyst.get(status_url + "?report=csv").get_data(as_text=True).splitlines()
    assert len(report) == 6095 and all(line.split(",")[1] == "create" for line in report[1:])
    assert count(session, Recommendation) == 6094
    # The same headers again: the saved mapping is suggested, never used unseen; once the
    # person confirms it, every row is left alone.
    again = upload(analyst, content, "again.csv")
    again_mapping = again.headers["Location"]
    assert again_mapping.endswith(f"/import/{job_id(again)}/mapping")
    page = analyst.get(again_mapping).get_data(as_text=True)
    assert "These columns match the saved mapping “UPR Info”" in page
    assert analyst.get(again_mapping.removesuffix("/mapping")).status_code == 302  # no preview before
    confirmed = analyst.submit(again_mapping, form_fields(page))
    page = analyst.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert re.search(r'stat__value">6094</span><span class="stat__label">left alone', page)
    assert "there is nothing to import" in page and "Import 0 changes" not in page


def test_mapping_page_switches_to_another_kind_and_guesses_matching_columns(analyst, session):
    content = b"Benchmark ID,Recommendation code,Title,Observed on,Value\n1,EU-01,t,2025-01-01,3\n"
    mapping_url = upload(analyst, content).headers["Location"]
    page = analyst.get(mapping_url + "?kind=progress").get_data(as_text=True)
    assert 'name="observed_on__column"' in page and 'name="code__column"' not in page
    assert re.search(r'name="observed_on__column".*?<option selected value="Observed on">', page, re.S)
    assert 'name="kind" value="progress"' in page


def test_imports_are_for_analysts_and_each_sees_only_their_own(
    analyst, viewer, app, session, recommendations_file
):
    preview_url = upload(analyst, recommendations_file).headers["Location"]
    assert viewer.get("/import").status_code == 403
    other = Client(app, app.response_class, use_cookies=True)
    colleague = make_user(session, role="analyst")
    session.commit()
    other.sign_in(colleague.email)
    assert other.get(preview_url).status_code == 404
    assert other.get(preview_url + "/status").status_code == 404


def test_confirming_without_a_csrf_token_is_refused(analyst, session, recommendations_file):
    preview_url = upload(analyst, recommendations_file).headers["Location"]
    assert analyst.post(preview_url, data={}).status_code == 400
    assert count(session, Recommendation) == 1


def test_scorecard_export_is_refused_as_a_report(analyst, session, recommendations_file):
    content = export_of(session, "scorecard")
    page = upload(analyst, content).get_data(as_text=True)
    assert "This is a scorecard export" in page


# -- large imports run in the background and show progress -------------------------------


@pytest.fixture
def unbound_app(tmp_path):
    """An app with its own database (not the test's rolled-back connection), as a server runs."""
    url = backend_url(str(tmp_path), "background")
    schema.upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "IMPORT_BACKGROUND_ROWS": 10})
    app.test_client_class = Client
    yield app
    app.extensions[EXTENSION_KEY].engine.dispose()
    drop_backend(url)


def preview_of_28_entries(app) -> tuple[Client, str]:
    """An analyst's browser on the preview of a file of 28 entries: more than `app` imports in the request."""
    database = app.extensions[EXTENSION_KEY]
    with database.transaction() as session:
        user = make_user(session, role="analyst")
        theme = make_theme(session, "Security")
        recommendation = make_recommendation(session, code="BG-1", theme_id=theme.id)
        record(session, recommendation.benchmarks[0], date(2025, 1, 1), achieved=False)
        benchmark_id, email = recommendation.benchmarks[0].id, user.email
    rows = "".join(
        f",{benchmark_id},BG-1,2025-02-{day:02d},true,Entry {n}\r\n" for n, day in enumerate(range(1, 29), 1)
    )
    content = ("entry_id,benchmark_id,recommendation_code,observed_on,achieved,note\r\n" + rows).encode()
    browser = app.test_client()
    browser.sign_in(email)
    return browser, upload(browser, content).headers["Location"]


def wait_until_finished(browser: Client, status_url: str):
    """Follow the status page until the job is no longer running; its last response."""
    deadline = time.monotonic() + 30
    while True:
        response = browser.get(status_url)
        if response.headers.get("Refresh") != "1" or time.monotonic() > deadline:
            return response
        time.sleep(0.05)


def test_a_background_import_whose_plan_changed_since_the_preview_imports_nothing(unbound_app):
    browser, preview_url = preview_of_28_entries(unbound_app)
    fields = form_fields(browser.get(preview_url).get_data(as_text=True), plan="0" * 32)
    status_url = browser.post(preview_url, data=fields).headers["Location"]
    page = wait_until_finished(browser, status_url).get_data(as_text=True)
    assert "changed after the preview was made" in page and "Back to the preview" in page
    with unbound_app.extensions[EXTENSION_KEY].session(write=False) as session:
        assert count(session, ProgressEntry) == 1
        assert session.scalar(select(ImportJob.status)) == "failed"


def test_large_import_runs_in_the_background_and_the_status_page_follows_it(unbound_app):
    database = unbound_app.extensions[EXTENSION_KEY]
    browser, preview_url = preview_of_28_entries(unbound_app)
    status_url = confirm(browser, preview_url).headers["Location"]
    deadline = time.monotonic() + 30
    while True:
        response = browser.get(status_url)
        page = response.get_data(as_text=True)
        if "every row is accounted for" in page or time.monotonic() > deadline:
            break
        assert response.headers.get("Refresh") == "1" and 'http-equiv="refresh"' in page
        time.sleep(0.05)
    assert "every row is accounted for" in page
    assert "Refresh" not in response.headers
    with database.session(write=False) as session:
        assert count(session, ProgressEntry) == 29
        job = session.scalar(select(ImportJob))
        assert job.status == "done" and job.counts["create"] == 28


def test_mapping_page_guesses_a_date_format_and_imports_dd_mm_yyyy(analyst, session):
    content = b"Code,Title,Text,Theme,Issued on\nD-1,First,Wording,General,31/01/2011\n"
    mapping_url = upload(analyst, content).headers["Location"]
    page = analyst.get(mapping_url).get_data(as_text=True)
    assert "Its cells look like dd/mm/yyyy." in page
    assert re.search(r'name="issued_on__date_format".*?<option selected value="dmy">', page, re.S)
    preview_url = analyst.submit(mapping_url, form_fields(page)).headers["Location"]
    preview = analyst.get(preview_url).get_data(as_text=True)
    assert re.search(r'stat__value">1</span><span class="stat__label">to create', preview)
    confirm(analyst, preview_url, preview)
    session.expire_all()
    assert session.scalar(select(Recommendation.issued_on).where(Recommendation.code == "D-1")) == date(
        2011, 1, 31
    )


def test_saved_mappings_are_listed_renamed_and_deleted_on_the_upload_page(analyst, session):
    header = ["To", "Text"]
    mapping = imports.ColumnMapping.from_json(
        {"kind": "recommendations", "fields": {"code": {"value": "X-{row}"}}}
    )
    saved = imports.save_mapping(session, name="UPR Info", header=header, mapping=mapping)
    session.commit()
    page = analyst.get("/import").get_data(as_text=True)
    assert "UPR Info" in page and "Rename" in page
    renamed = analyst.submit(f"/import/mappings/{saved.id}/rename", {"name": "UPR 2008"}, page="/import")
    assert "The mapping is now called “UPR 2008”." in analyst.get(renamed.headers["Location"]).get_data(
        as_text=True
    )
    analyst.submit(f"/import/mappings/{saved.id}/delete", {}, page="/import")
    session.expire_all()
    assert count(session, ImportMapping) == 0

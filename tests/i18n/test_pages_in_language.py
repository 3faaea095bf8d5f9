"""The import pages, WTForms' own messages, counted messages and values inside messages, in each language."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from babel.dates import format_date

from scorecard.errors import Np_, RuleViolation, StaleEdit
from scorecard.i18n import LOCALE_COOKIE, translate
from scorecard.rules.benchmarks import numeric_only_message
from scorecard.rules.progress import CALENDAR_MESSAGE, EntryInput, check_observation
from scorecard.rules.vocabulary import MILESTONE
from scorecard.services import content
from scorecard.web.common import stale_edit_message

from .. import factories


def _in(app, locale):
    return app.test_request_context(headers={"Cookie": f"{LOCALE_COOKIE}={locale}"})


def test_a_counted_message_takes_each_languages_plural_form(app):
    def notice(count):
        return Np_(
            "New theme (%(num)d), created by the import: %(names)s.",
            "New themes (%(num)d), created by the import: %(names)s.",
            count,
            names="Media",
        )

    assert notice(2) == "New themes (2), created by the import: Media."
    with _in(app, "sr-Latn"):
        assert [translate(notice(n)) for n in (1, 3, 5)] == [
            "Nova tema (1), napravljena uvozom: Media.",
            "Nove teme (3), napravljene uvozom: Media.",
            "Nove teme (5), napravljene uvozom: Media.",
        ]


def test_a_date_inside_a_message_is_written_the_readers_way(app):
    class Benchmark:
        kind, baseline, target, direction = MILESTONE, None, None, None

    today = date(2026, 3, 31)
    with pytest.raises(RuleViolation) as refused:
        check_observation(
            Benchmark(), EntryInput(observed_on=date(2026, 4, 2), achieved=True), today=today, levels={}
        )
    message = refused.value.errors["observed_on"]
    assert message == "The date cannot be in the future (today is 2026-03-31)."
    with _in(app, "sq"):
        assert format_date(today, format="medium", locale="sq") in translate(message)
        assert "2026-03-31" not in translate(message)
        assert translate(CALENDAR_MESSAGE) == "Shkruani një datë ndërmjet viteve 1900 dhe 2999."


def test_a_field_only_numeric_benchmarks_have_is_named_in_the_readers_language(app):
    with _in(app, "sq"):
        assert translate(numeric_only_message("baseline", "scale")) == (
            "Vetëm kriteret numerike kanë vlerë fillestare; lëreni bosh për një kriter me shkallë."
        )


def test_a_stale_edit_says_what_changed_in_the_readers_language(app):
    stale = StaleEdit("theme", 3, {"name": ("Media", "Press")})
    with _in(app, "sq"):
        said = stale_edit_message(stale)
    assert said.startswith("Nuk u ruajt: dikush tjetër e ruajti këtë temë pasi e hapët.")
    assert "Ndryshimet e tyre — Emri: Media → Press." in said
    assert "Your input" not in said


def test_wtforms_own_messages_follow_the_language(analyst, session):
    analyst.set_cookie(LOCALE_COOKIE, "sq")
    page = analyst.submit("/themes/new", {"name": ""}).get_data(as_text=True)
    assert "Kjo fushë është e detyrueshme." in page and "This field is required." not in page
    analyst.set_cookie(LOCALE_COOKIE, "sr-Cyrl")
    page = analyst.submit("/sources/new", {"title": "x" * 301}).get_data(as_text=True)
    assert "Поље не може бити дуже од 300 знакова." in page


def test_the_import_pages_and_their_row_errors_speak_albanian(analyst, session):
    analyst.set_cookie(LOCALE_COOKIE, "sq")
    upload = analyst.get("/import").get_data(as_text=True)
    assert "<h1>Importo CSV</h1>" in upload and "Upload and preview" not in upload
    # (code,title alone would read as a goals list: a framework, not recommendations)
    data = {"file": (io.BytesIO(b"code,title,theme\nNEW-1,,Justice\n"), "new.csv")}
    sent = analyst.submit("/import", data, page="/import", content_type="multipart/form-data")
    preview = analyst.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Parapamja: new.csv" in preview
    assert "1 rresht nuk mund të importohet, prandaj nuk do të importohet asgjë" in preview
    assert "Nevojitet formulimi për të krijuar rekomandimin NEW-1." in preview
    assert "is needed to create" not in preview


def test_the_import_mapping_page_speaks_serbian_cyrillic(analyst, session):
    analyst.set_cookie(LOCALE_COOKIE, "sr-Cyrl")
    data = {"file": (io.BytesIO(b"Ref;Text;Area\nA-1;Courts;Justice\n"), "foreign.csv")}
    sent = analyst.submit("/import", data, page="/import", content_type="multipart/form-data")
    page = analyst.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Мапирање колона датотеке foreign.csv" in page
    assert "Наслов: колона" in page  # a field's label inside the control's accessible name
    assert "Our fields" not in page and "— no column —" not in page


def test_the_dashboard_names_themes_in_the_readers_language(viewer, session):
    rec = factories.make_recommendation(session)
    content.set_translations(session, rec.theme, values={"sq": {"name": "Sundimi i ligjit"}})
    session.commit()
    viewer.set_cookie(LOCALE_COOKIE, "sq")
    assert "Sundimi i ligjit" in viewer.get("/").get_data(as_text=True)


def test_a_finished_imports_notices_and_a_failed_ones_errors_are_shown_in_the_readers_language(
    analyst, session
):
    analyst.set_cookie(LOCALE_COOKIE, "sq")
    data = {"file": (io.BytesIO(b"code,title,text,theme\nNEW-2,Hold it,It is held.,Media\n"), "ok.csv")}
    preview_url = analyst.submit("/import", data, page="/import", content_type="multipart/form-data").headers[
        "Location"
    ]
    preview = analyst.get(preview_url).get_data(as_text=True)
    plan = re.search(r'name="plan" type="hidden" value="([^"]+)"', preview)
    assert plan is not None
    status_url = analyst.submit(preview_url, {"plan": plan.group(1)}).headers["Location"]
    status = analyst.get(status_url).get_data(as_text=True)
    # kept on the job as a message with its values, so it reads in the language of whoever looks
    assert "Temë e re (1), e krijuar nga importimi: Media." in status
    analyst.set_cookie(LOCALE_COOKIE, "sr-Cyrl")
    assert "Нова тема (1), направљена увозом: Media." in analyst.get(status_url).get_data(as_text=True)

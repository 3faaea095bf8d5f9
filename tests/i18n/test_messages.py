"""Words defined in Python reach the page in its language: rule messages with values, flashes, preference."""

from __future__ import annotations

import pickle

from sqlalchemy import select

from scorecard.errors import N_, DuplicateCode
from scorecard.i18n import LOCALE_COOKIE, translate
from scorecard.models import User
from scorecard.web.formatting import format_date, format_number, status_label

from .. import factories


def test_a_message_is_english_text_that_translates_with_its_values(app):
    taken = DuplicateCode("EU-03").errors["code"]
    assert taken == "Code EU-03 is already used by another recommendation."
    # a background job's outcome is pickled: the message keeps what it needs to translate
    assert pickle.loads(pickle.dumps(taken)).params == {"code": "EU-03"}  # noqa: S301 - our own bytes
    with app.test_request_context(headers={"Cookie": f"{LOCALE_COOKIE}=sq"}):
        assert translate(taken) == "Kodi EU-03 përdoret tashmë nga një rekomandim tjetër."
        # a value that is itself a message (a field's name) is translated too
        assert translate(N_("%(label)s is required.", label=N_("Name"))) == "Emri është i detyrueshëm."
    with app.test_request_context(headers={"Cookie": f"{LOCALE_COOKIE}=sr-Cyrl"}):
        assert translate(taken) == "Шифру EU-03 већ користи друга препорука."


def test_a_refused_save_says_why_in_the_pages_language(analyst, session):
    factories.make_theme(session, "Security")
    analyst.set_cookie(LOCALE_COOKIE, "sq")
    page = analyst.submit("/themes/new", {"name": "Security"}).get_data(as_text=True)
    assert "„Security“ është tashmë i zënë." in page
    assert "is already taken" not in page


def test_statuses_numbers_and_dates_on_a_page_follow_the_language(app):
    from datetime import date

    with app.test_request_context():
        assert (status_label("in_progress"), format_number(1234.5), format_date(date(2026, 3, 31))) == (
            "In progress",
            "1,234.5",
            "2026-03-31",
        )
    with app.test_request_context(headers={"Cookie": f"{LOCALE_COOKIE}=sr-Latn"}):
        assert (status_label("in_progress"), format_number(1234.5), format_date(date(2026, 3, 31))) == (
            "U toku",
            "1.234,5",
            "31. 3. 2026.",
        )


def test_the_account_page_saves_the_language_preference(analyst, session):
    page = analyst.get("/account").get_data(as_text=True)
    assert 'name="locale"' in page and "Follow the browser" in page
    response = analyst.submit("/account/language", {"locale": "sr-Cyrl"}, page="/account")
    assert response.status_code == 302
    account = session.scalars(select(User).where(User.role == "analyst")).one()
    session.refresh(account)
    assert account.locale == "sr-Cyrl"
    page = analyst.get("/account").get_data(as_text=True)
    assert '<html lang="sr-Cyrl">' in page and "Ваш избор језика је сачуван." in page
    assert '<option selected value="sr-Cyrl">' in page
    # empty: follow the browser again
    analyst.submit("/account/language", {"locale": ""}, page="/account")
    session.refresh(account)
    assert account.locale is None
    page = analyst.get("/account", headers={"Accept-Language": "sq"}).get_data(as_text=True)
    assert '<html lang="sq">' in page


def test_an_unknown_language_is_refused(analyst, session):
    analyst.submit("/account/language", {"locale": "xx"}, page="/account")
    page = analyst.get("/account").get_data(as_text=True)
    assert "Choose a language from the list." in page


def test_the_change_history_and_the_audit_log_speak_the_readers_language(analyst, admin, session):
    from datetime import date

    from scorecard.models import AuditEvent

    rec = factories.make_recommendation(session, code="EU-07", title="Lift the measures")
    factories.record(session, rec.benchmarks[0], date(2026, 3, 31), achieved=True)
    # An event written before summaries were kept as messages still shows, in its English.
    session.add(
        AuditEvent(action="update", entity="recommendation", recommendation_id=rec.id, summary="Old line")
    )
    session.commit()
    milestone = rec.benchmarks[0].title

    analyst.set_cookie(LOCALE_COOKIE, "sq")
    page = analyst.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "U krijua EU-07" in page
    # the entry's date in the reader's form, the benchmark's own words untouched
    assert f"U regjistrua progres për „{milestone}“ (EU-07)" in page
    assert "Recorded progress on" not in page and "Created EU-07" not in page
    assert "Old line" in page

    admin.set_cookie(LOCALE_COOKIE, "sr-Cyrl")
    log = admin.get("/admin/audit").get_data(as_text=True)
    assert f"Забележен напредак за „{milestone}“ (EU-07)" in log
    assert "Recorded progress on" not in log
    # the stored English stays for the log and for exports
    stored = session.scalars(select(AuditEvent.summary).where(AuditEvent.entity == "progress_entry")).one()
    assert stored == f"Recorded progress on “{milestone}” (EU-07)"


def test_a_kept_message_comes_back_whole_with_its_nested_words_dates_and_count(app):
    from datetime import date

    from scorecard.errors import Message, Np_

    kept = N_(
        "Attached “%(file)s” (%(visibility)s) to the %(date)s entry",
        file="a.pdf",
        visibility=N_("internal"),
        date=date(2026, 3, 31),
    ).to_json()
    again = Message.from_json(kept)
    assert str(again) == "Attached “a.pdf” (internal) to the 2026-03-31 entry"
    counted = Message.from_json(
        Np_(
            "Recorded %(num)d progress entry on %(code)s (import)",
            "Recorded %(num)d progress entries on %(code)s (import)",
            3,
            code="EU-03",
        ).to_json()
    )
    with app.test_request_context(headers={"Cookie": f"{LOCALE_COOKIE}=sq"}):
        assert translate(again) == "U bashkëngjit „a.pdf“ (e brendshme) te regjistrimi i 31 mar 2026"
        assert translate(counted) == "U regjistruan 3 regjistrime progresi për EU-03 (import)"

"""Which language a page is in: saved preference, then the switcher, then the browser; and the switcher."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scorecard.i18n import LOCALE_COOKIE, match_accept_language
from scorecard.models import User


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ([("sq-XK", 1.0), ("en", 0.5)], "sq"),
        ([("sq", 1.0)], "sq"),
        ([("sr-Latn-RS", 1.0)], "sr-Latn"),
        ([("sr-Cyrl", 1.0)], "sr-Cyrl"),
        # Serbian without a script: CLDR's likely script, Cyrillic in Serbia, Latin in Montenegro
        ([("sr", 1.0)], "sr-Cyrl"),
        ([("sr-RS", 1.0)], "sr-Cyrl"),
        ([("sr-ME", 1.0)], "sr-Latn"),
        ([("sh", 1.0)], "sr-Latn"),
        # the highest quality the interface has wins, whatever the order
        ([("de", 1.0), ("en", 0.3), ("sq", 0.8)], "sq"),
        ([("en-GB", 1.0), ("sq", 0.9)], "en"),
        ([("fr", 1.0), ("de", 0.8)], None),
        ([("sq", 0.0), ("en", 0.1)], "en"),
        ([], None),
    ],
)
def test_match_accept_language_picks_the_best_interface_language(header, expected):
    assert match_accept_language(header) == expected


@pytest.mark.parametrize(
    ("accept", "lang", "sign_in"),
    [
        ("en-US,en;q=0.9", "en", "Sign in"),
        ("sq-AL,sq;q=0.9,en;q=0.5", "sq", "Hyni"),
        ("sr-Latn,sr;q=0.9", "sr-Latn", "Prijava"),
        ("sr,en;q=0.5", "sr-Cyrl", "Пријава"),
        ("fr-FR,fr;q=0.9", "en", "Sign in"),
    ],
)
def test_signed_out_page_follows_the_browser_language(client, accept, lang, sign_in):
    page = client.get("/login", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert f">{sign_in}</h1>" in page


@pytest.mark.parametrize(
    ("locale", "texts"),
    [
        ("en", ["Where the recommendations stand", "Log progress", "Scorecard"]),
        ("sq", ["Ku qëndrojnë rekomandimet", "Regjistro përparimin", "Karta e rezultateve"]),
        ("sr-Latn", ["Gde su preporuke", "Unos napretka", "Karta rezultata"]),
        ("sr-Cyrl", ["Где су препоруке", "Унос напретка", "Карта резултата"]),
    ],
)
def test_every_language_renders_the_dashboard_translated(analyst, locale, texts):
    analyst.set_cookie(LOCALE_COOKIE, locale)
    page = analyst.get("/").get_data(as_text=True)
    assert f'<html lang="{locale}">' in page
    for text in texts:
        assert text in page


def test_switcher_on_a_signed_out_page_changes_the_language_and_returns(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'action="/language"' in page and 'value="sr-Cyrl"' in page
    response = client.submit("/language", {"locale": "sq", "next": "/login?next=/scorecard"}, page="/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/scorecard"
    assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
    # the cookie now outranks the browser's English
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="sq">' in page and ">Hyni</h1>" in page
    assert 'value="sq" lang="sq" class="link-button" aria-current="true"' in page


def test_switcher_refuses_a_post_without_its_csrf_token(client):
    response = client.post("/language", data={"locale": "sq", "next": "/login"})
    assert response.status_code == 400
    assert client.get_cookie(LOCALE_COOKIE) is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", ""])
def test_switcher_only_returns_to_a_page_of_this_site(client, target):
    response = client.submit("/language", {"locale": "sr-Latn", "next": target}, page="/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("locale", ["de", "sr", "sr_Latn", ""])
def test_switcher_refuses_a_language_the_interface_does_not_have(client, locale):
    response = client.submit("/language", {"locale": locale, "next": "/login"}, page="/login")
    assert response.status_code == 400
    assert client.get_cookie(LOCALE_COOKIE) is None


def test_signed_in_choice_is_saved_and_outranks_cookie_and_browser(app, analyst, session):
    response = analyst.submit("/language", {"locale": "sr-Cyrl", "next": "/scorecard"}, page="/account")
    assert response.status_code == 302 and response.headers["Location"] == "/scorecard"
    saved = session.scalar(select(User.locale).where(User.id == analyst.user.id))
    assert saved == "sr-Cyrl"
    # another browser of the same person, Albanian cookie and English browser: the saved choice wins
    other = app.test_client_class(app)
    assert other.sign_in(analyst.user.email).status_code == 302
    other.set_cookie(LOCALE_COOKIE, "sq")
    page = other.get("/scorecard", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="sr-Cyrl">' in page and "Карта резултата" in page


def test_without_a_saved_choice_the_browser_decides_for_a_signed_in_person(viewer):
    page = viewer.get("/", headers={"Accept-Language": "sq"}).get_data(as_text=True)
    assert '<html lang="sq">' in page and "Paneli" in page


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", ["EU progress", "backsliding", "very good progress", "well advanced", "amber"]),
        (
            "sq",
            [
                "Përparimi drejt BE-së",
                "prapakthim",
                "përparim shumë i mirë",
                "e përparuar mirë",
                "portokalli",
            ],
        ),
        ("sr-Latn", ["Napredak ka EU", "nazadovanje", "veoma dobar napredak", "ograničen napredak", "žuto"]),
        ("sr-Cyrl", ["Напредак ка ЕУ", "назадовање", "веома добар напредак", "ограничен напредак", "жуто"]),
    ],
)
def test_preset_scale_levels_show_in_the_reader_language(analyst, locale, words):
    analyst.set_cookie(LOCALE_COOKIE, locale)
    page = analyst.get("/scales").get_data(as_text=True)
    for word in words:
        assert word in page


def test_a_level_an_admin_typed_shows_as_typed(app):
    from scorecard.i18n import translate

    with app.test_request_context(headers={"Accept-Language": "sq"}):
        assert translate("backsliding") == "prapakthim"
        assert translate("hardly any movement") == "hardly any movement"
        assert translate("") == ""
        assert translate(None) == ""


def test_numbers_and_dates_follow_the_language(app):
    from datetime import date

    from scorecard.i18n import locale_date, locale_number

    expected = {
        "en": ("1,234.5", "Mar 31, 2026"),
        "sq": ("1 234,5", "31 mar 2026"),
        "sr-Latn": ("1.234,5", "31. 3. 2026."),
    }
    for locale, (number, day) in expected.items():
        with app.test_request_context(headers={"Cookie": f"{LOCALE_COOKIE}={locale}"}):
            assert locale_number(1234.5).replace("\u00a0", " ").replace("\u202f", " ") == number
            assert locale_date(date(2026, 3, 31)) == day

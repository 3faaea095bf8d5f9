"""The interface's languages: which one a request gets, the switcher's facts, and Babel's formatting."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.core import get_global
from flask import Flask, Request, request
from flask_babel import (
    Babel,
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    get_translations,
    gettext,
    ngettext,
)
from flask_babel import get_locale as babel_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from scorecard.db import get_session
from scorecard.errors import N_, Message
from scorecard.models import User
from scorecard.web.security import set_private_cookie

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DEFAULT_LOCALE = "en"
# Set by the switcher; a saved preference (signed in) outranks it.
LOCALE_COOKIE = "scorecard_locale"
LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True, slots=True)
class Language:
    """One interface language: the id in forms, cookies and `<html lang>`, Babel's id, its own name."""

    id: str
    babel_id: str
    name: str


# In the switcher's order. Each language names itself, so a reader finds theirs whatever the page's language.
LANGUAGES = (
    Language("en", "en", "English"),
    Language("sq", "sq", "Shqip"),
    Language("sr-Latn", "sr_Latn", "Srpski"),
    Language("sr-Cyrl", "sr_Cyrl", "Српски"),
)
BY_ID = {language.id: language for language in LANGUAGES}
BY_BABEL_ID = {language.babel_id: language for language in LANGUAGES}


def known_locale(value: str | None) -> str | None:
    """`value` if it is one of the interface's language ids, else None."""
    return value if value in BY_ID else None


def _serbian_script(tag: str) -> str:
    """Latin or Cyrillic for a Serbian language tag.

    An explicit script subtag decides. Otherwise CLDR's likely subtags do:
    bare `sr` and `sr-RS` are Cyrillic (Serbia's official script, and what a
    browser set to plain "Serbian" means), `sr-ME` is Latin.
    """
    parts = [part.lower() for part in tag.replace("_", "-").split("-")]
    if "latn" in parts:
        return "sr-Latn"
    if "cyrl" in parts:
        return "sr-Cyrl"
    likely: Mapping[str, str] = get_global("likely_subtags")
    region = next((part.upper() for part in parts[1:] if len(part) == 2), "")
    guess = likely.get(f"sr_{region}", "") if region else ""
    return "sr-Latn" if "_Latn" in guess else "sr-Cyrl"


def match_accept_language(header_values: Iterable[tuple[str, float]]) -> str | None:
    """The interface language that best serves an Accept-Language list (tag, quality), or None."""
    ranked = sorted(
        ((tag, quality) for tag, quality in header_values if quality > 0),
        key=lambda pair: -pair[1],
    )
    for tag, _quality in ranked:
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in ("en", "sq"):
            return primary
        if primary == "sr":
            return _serbian_script(tag)
        # Serbo-Croatian: written in Latin letters by those who still send it.
        if primary == "sh":
            return "sr-Latn"
    return None


def saved_preference() -> str | None:
    """The signed-in person's saved language (the account row is already in the session: no query)."""
    if not current_user.is_authenticated:
        return None
    account = get_session().get(User, current_user.id)
    return known_locale(account.locale) if account is not None else None


def choose_locale(req: Request) -> str:
    """This request's language id: saved preference, then the switcher's cookie, then the browser, else en."""
    return (
        saved_preference()
        or known_locale(req.cookies.get(LOCALE_COOKIE))
        or match_accept_language(req.accept_languages)
        or DEFAULT_LOCALE
    )


def _babel_locale_selector() -> str:
    return BY_ID[choose_locale(request)].babel_id


# What each locale object Babel hands out stands for: its language and its catalogue. A page asks
# for them a thousand times (every `_()` and date in a grid); Flask-Babel answers each time by
# naming the locale and looking the catalogue up again. Keyed by the object itself (held here, so its
# id is not reused), a switched or forced locale (force_locale, refresh) is a new object, a new entry.
_LOCALE_FACTS: dict[int, tuple[object, Language, Any]] = {}
_LOCALE_FACTS_KEPT = 256


def _locale_facts() -> tuple[object, Language, Any]:
    locale = babel_locale()
    found = _LOCALE_FACTS.get(id(locale))
    if found is None or found[0] is not locale:
        if len(_LOCALE_FACTS) >= _LOCALE_FACTS_KEPT:
            _LOCALE_FACTS.clear()
        found = (locale, BY_BABEL_ID.get(str(locale), BY_ID[DEFAULT_LOCALE]), get_translations())
        _LOCALE_FACTS[id(locale)] = found
    return found


def current_language() -> Language:
    """The language this page is in."""
    return _locale_facts()[1]


def _translations() -> Any:
    """The catalogue of this page's language (what Flask-Babel's get_translations() answers)."""
    return _locale_facts()[2]


def ui_gettext(msgid: str) -> str:
    """`msgid` in this page's language: Flask-Babel's gettext without values, the catalogue found once."""
    return str(_translations().ugettext(msgid))


def html_lang() -> str:
    """The BCP 47 tag for `<html lang>`: en, sq, sr-Latn, sr-Cyrl."""
    return current_language().id


def locale_number(value: float | None) -> str:
    """A measured value the way this language writes numbers (1,234.5 / 1 234,5 / 1.234,5)."""
    return "—" if value is None else str(format_decimal(value, format="#,##0.##"))


def locale_integer(value: int | None) -> str:
    """A count with this language's thousands separator (12,345 / 12 345 / 12.345)."""
    return "—" if value is None else str(format_decimal(value, format="#,##0"))


def locale_percent(value: float | None) -> str:
    """A fraction (0.25) as this language writes a percentage."""
    return "—" if value is None else str(format_percent(value))


def locale_date(value: date | datetime | None) -> str:
    """A date (or a UTC timestamp, to the minute) the way this language writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{format_datetime(value, format='short')} UTC"
    return str(format_date(value, format="medium"))


def translate(text: str | None) -> str:
    """Words defined in code or shipped in the database (a preset scale's level label), in this language.

    The English is the msgid. Anything without a catalogue entry (a level an admin typed) shows as it is.
    Unlike Jinja's `_()`, the result is plain text, so the page still escapes it.
    """
    if isinstance(text, Message) and text.plural is not None:
        # ngettext fills in %(num)d, the count, itself.
        values = {name: _shown(value) for name, value in text.params.items() if name != "num"}
        return str(ngettext(text.msgid, text.plural, text.quantity, **values))
    if isinstance(text, Message) and text.params:
        values = {name: _shown(value) for name, value in text.params.items()}
        return str(gettext(text.msgid, **values))
    # gettext("") would answer with the catalogue's header.
    return ui_gettext(text) if text else (text or "")


def _shown(value: object) -> object:
    """A message's value as this language shows it: a message (a field's label) translated, a date
    written the local way; anything else as it is."""
    if isinstance(value, Message):
        return translate(value)
    if isinstance(value, date):
        return locale_date(value)
    return value


# The shipped scales (migrations/versions/…_create_schema_and_scale_presets.py): the database keeps
# the English wording, which is the msgid; translate() puts it in the reader's language on the page.
PRESET_SCALE_TEXTS = (
    N_("EU progress"),
    N_("The wording of the European Commission's annual enlargement reports on progress over the year."),
    N_("backsliding"),
    N_("no progress"),
    N_("limited progress"),
    N_("some progress"),
    N_("good progress"),
    N_("very good progress"),
    N_("EU preparation"),
    N_("The European Commission's assessment of a country's level of preparation in a chapter."),
    N_("early stage"),
    N_("some level of preparation"),
    N_("moderately prepared"),
    N_("good level of preparation"),
    N_("well advanced"),
    N_("Implementation"),
    N_("As used to follow up human-rights recommendations (e.g. the UPR)."),
    N_("not implemented"),
    N_("partially implemented"),
    N_("fully implemented"),
    N_("RAG"),
    N_("Red, amber, green: off track, at risk, on track."),
    N_("red"),
    N_("amber"),
    N_("green"),
)


def switch_back_to() -> str:
    """Where the switcher returns to: this page when it was a GET (a POST's page cannot be fetched again)."""
    if request.method != "GET":
        return ""
    return request.full_path.removesuffix("?")


def _language_facts() -> dict[str, object]:
    return {"languages": LANGUAGES, "html_lang": html_lang, "switch_back_to": switch_back_to}


def register_i18n(app: Flask) -> None:
    """Babel with the locale chosen per request, the switcher's facts, and the locale-aware filters."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=_babel_locale_selector)
    # Flask-Babel's own callables, with the catalogue found once per locale rather than per string.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    # `{% trans %}` blocks lose their line breaks and indentation, as extraction does (babel.cfg).
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.filters.update(
        locale_number=locale_number,
        locale_percent=locale_percent,
        locale_date=locale_date,
        translate=translate,
    )
    app.context_processor(_language_facts)


def remember_choice(response: Response, locale: str) -> None:
    """Keep the switcher's choice in a cookie, so that a signed-out visitor keeps their language."""
    set_private_cookie(response, LOCALE_COOKIE, locale, max_age=LOCALE_COOKIE_MAX_AGE)

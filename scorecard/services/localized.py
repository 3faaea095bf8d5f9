"""Text in a given person's language outside a request: emails and jobs, where Flask-Babel is not there.

The compiled catalogues are the web's (`scorecard/translations`); a language id (`User.locale`:
en, sq, sr-Latn, sr-Cyrl, or None for the default) picks one. A `Message` (`N_`, `Np_`) is
rendered as `i18n.translate` renders it on a page: its values translated when they are messages,
dates written the local way.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel.dates import format_date
from babel.support import NullTranslations, Translations

from scorecard.catalogues import DOMAIN, TRANSLATIONS
from scorecard.errors import Message

DEFAULT_LOCALE = "en"
# The interface's language ids and the catalogue directory (Babel's id) each one reads.
BABEL_IDS = {"en": "en", "sq": "sq", "sr-Latn": "sr_Latn", "sr-Cyrl": "sr_Cyrl"}


def babel_id(locale: str | None) -> str:
    """Babel's id for a language id; an unknown or missing one is the default language's."""
    return BABEL_IDS.get(locale or "", BABEL_IDS[DEFAULT_LOCALE])


@cache
def translations(locale: str | None) -> NullTranslations:
    """The compiled catalogue for a language id (loaded once per language; English has none)."""
    return Translations.load(str(TRANSLATIONS), [babel_id(locale)], domain=DOMAIN)


def gettext(locale: str | None, msgid: str, **values: object) -> str:
    """`msgid` in that language, `%(name)s` filled from `values`."""
    text = translations(locale).gettext(msgid) if msgid else msgid
    return text % values if values else text


def ngettext(locale: str | None, singular: str, plural: str, num: int, **values: object) -> str:
    """The form of a counted message that `num` calls for in that language (`%(num)d` is the count)."""
    return translations(locale).ngettext(singular, plural, num) % {"num": num, **values}


def render(locale: str | None, text: str | None) -> str:
    """A message (or a plain msgid) in that language; text with no catalogue entry stays as it is."""
    if not text:
        return text or ""
    if not isinstance(text, Message):
        return gettext(locale, text)
    values = {name: shown(locale, value) for name, value in text.params.items() if name != "num"}
    if text.plural is not None:
        return ngettext(locale, text.msgid, text.plural, text.quantity, **values)
    if "num" in text.params:
        values["num"] = text.params["num"]
    return gettext(locale, text.msgid, **values)


def shown(locale: str | None, value: object) -> object:
    """A message's value in that language: a message translated, a date written the local way."""
    if isinstance(value, Message):
        return render(locale, value)
    if isinstance(value, date):
        return format_date(value, format="medium", locale=babel_id(locale))
    return value

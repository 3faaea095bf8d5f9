"""Domain exceptions: what services raise and views turn into messages beside fields."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any


class Message(str):
    """A message for a person: `str()` is the English text; it keeps its msgid and values for translation.

    Services and rules cannot import Flask, so they say what to show in English and the web layer
    shows it in the reader's language (`i18n.translate`): `gettext(msgid) % params`.
    """

    msgid: str
    params: Mapping[str, object]
    # With a count: the English plural and the count that chooses the form (`Np_`).
    plural: str | None = None
    quantity: int = 1

    def __new__(cls, msgid: str, **params: object) -> Message:
        message = super().__new__(cls, msgid % params if params else msgid)
        message.msgid = msgid
        message.params = params
        return message

    def to_json(self) -> dict[str, Any]:
        """The message as JSON can keep it (an audit line), to be translated whenever it is shown."""
        kept: dict[str, Any] = {"msgid": self.msgid, "params": {k: _kept(v) for k, v in self.params.items()}}
        if self.plural is not None:
            kept |= {"plural": self.plural, "quantity": self.quantity}
        return kept

    @classmethod
    def from_json(cls, kept: Mapping[str, Any]) -> Message:
        """The message `to_json` kept, with its nested messages and dates restored."""
        params = {k: _restored(v) for k, v in kept.get("params", {}).items()}
        if kept.get("plural") is not None:
            count = int(kept.get("quantity", 1))
            params.pop("num", None)
            return Np_(kept["msgid"], kept["plural"], count, **params)
        return Message(kept["msgid"], **params)


def _kept(value: object) -> object:
    if isinstance(value, Message):
        return {"message": value.to_json()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value if isinstance(value, int | float) else str(value)


def _restored(value: object) -> object:
    if isinstance(value, dict) and "message" in value:
        return Message.from_json(value["message"])
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    return value


def N_(msgid: str, **params: object) -> Message:
    """Mark `msgid` for the catalogue (values as `%(name)s`); it is translated where it is shown."""
    return Message(msgid, **params)


def Np_(singular: str, plural: str, count: int, **params: object) -> Message:
    """Mark a message that counts something (`%(num)d` is the count): each language picks its plural form."""
    values = {"num": count, **params}
    message = Message(singular if count == 1 else plural, **values)
    message.msgid, message.plural, message.quantity = singular, plural, count
    return message


class ScorecardError(Exception):
    """The base of every error the application raises on purpose."""


class NotFound(ScorecardError):
    """A record asked for by id or code does not exist (or is hidden from this user)."""

    def __init__(self, entity: str, key: object) -> None:
        super().__init__(f"{entity} {key} not found")
        self.entity = entity
        self.key = key


class RuleViolation(ScorecardError):
    """Input that breaks a business rule; `errors` maps a field name to its message.

    The field "" holds messages about the record as a whole.
    """

    def __init__(self, errors: dict[str, str] | str, field: str = "") -> None:
        self.errors: dict[str, str] = errors if isinstance(errors, dict) else {field: errors}
        super().__init__("; ".join(f"{k or 'record'}: {v}" for k, v in self.errors.items()))


class DuplicateCode(RuleViolation):
    """A recommendation code that another recommendation already has."""

    def __init__(self, code: str) -> None:
        super().__init__(
            N_("Code %(code)s is already used by another recommendation.", code=code), field="code"
        )
        self.code = code


class DuplicateName(RuleViolation):
    """A name that must be unique (theme, actor, scale, cycle, source title, email)."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__(N_("“%(value)s” is already taken.", value=value), field=field)


class InUse(RuleViolation):
    """A record that others still point at, so it cannot be deleted."""


class StaleEdit(ScorecardError):
    """Someone saved the record after this form was opened; saving would lose their change.

    `changes` maps each field they changed to (the value the form started from,
    the value now stored).
    """

    def __init__(self, entity: str, current_version: int, changes: dict[str, tuple[Any, Any]]):
        super().__init__(f"{entity} was changed by someone else (now version {current_version})")
        self.entity = entity
        self.current_version = current_version
        self.changes = changes


class InvalidCredentials(ScorecardError):
    """Wrong email or password, or an account that is not active."""


class Throttled(ScorecardError):
    """Too many failed sign-ins: try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins; retry after {retry_after} s")
        self.retry_after = retry_after

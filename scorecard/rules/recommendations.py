"""The rules of a recommendation: its code, wording, theme, choices, dates, tags and actors."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date

from scorecard.errors import N_, DuplicateCode, RuleViolation

from .text import clean
from .vocabulary import ACTOR_ROLES, PRIORITIES, STATUSES

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,31}$")
TAGS_MAX = 500
ACTOR_NAME_MAX = 200

# A theme, source or actor as the caller knows it: an id (forms, API), or a
# name (an import, which creates the names it does not know).
Reference = int | str

MESSAGES = {
    "code_required": N_("Code is required."),
    "code_pattern": N_("Use up to 32 letters, digits and . _ / - (for example EU-03)."),
    "title_required": N_("Title is required."),
    "text_required": N_("The recommendation's wording is required."),
    "theme_required": N_("Choose a theme."),
    "source_gone": N_("That source no longer exists."),
    "priority": N_("Choose a priority from the list."),
    "status": N_("Choose a status from the list."),
    "due_before_issued": N_("The due date cannot be before the date the recommendation was issued."),
    "tags": N_("Too many tags (%(most)d characters at most).", most=TAGS_MAX),
    "actor_twice": N_("Each actor can be named once."),
    "actor_gone": N_("An actor chosen no longer exists."),
    "actor_name": N_("An actor's name is longer than %(most)d characters.", most=ACTOR_NAME_MAX),
    "actor_role": N_("Choose each actor's role from the list."),
}


def off_the_list(name: str, given: str | None) -> str:
    """A priority or status not on the list, named (an import's row has many cells: say which was wrong)."""
    given = (given or "").strip()
    return f"{MESSAGES[name][:-1]} (“{given}” is not on it)." if given else MESSAGES[name]


def normalise_code(code: str) -> str:
    """Codes are compared and stored in capitals: "eu-03" is "EU-03"."""
    return (code or "").strip().upper()


def normalise_tags(tags: Sequence[str]) -> str:
    """Tags stored as one lower-case, comma-separated, de-duplicated string."""
    seen: list[str] = []
    for tag in tags:
        for part in tag.split(","):
            part = part.strip().lower()
            if part and part not in seen:
                seen.append(part)
    return ",".join(seen)


@dataclass(frozen=True, slots=True)
class RecommendationFacts:
    """A recommendation as given, before any rule: raw text, references by id or name."""

    code: str
    title: str | None
    text: str | None
    theme_id: Reference | None
    source_id: Reference | None = None
    locator: str | None = None
    priority: str = "medium"
    status: str = "proposed"
    issued_on: date | None = None
    due_on: date | None = None
    tags: Sequence[str] = ()
    actors: Sequence[tuple[Reference, str]] = ()  # (actor, role)


@dataclass(frozen=True, slots=True)
class CheckedRecommendation:
    """A recommendation that passed every rule: trimmed text, code in capitals, tags as stored."""

    code: str
    title: str
    text: str
    theme_id: Reference
    source_id: Reference | None
    locator: str | None
    priority: str
    status: str
    issued_on: date | None
    due_on: date | None
    tags: str
    actors: tuple[tuple[Reference, str], ...]

    def columns(self) -> dict[str, object]:
        """The recommendation's own columns (actors aside), by name."""
        return {
            "code": self.code,
            "title": self.title,
            "text": self.text,
            "theme_id": self.theme_id,
            "source_id": self.source_id,
            "locator": self.locator,
            "priority": self.priority,
            "status": self.status,
            "issued_on": self.issued_on,
            "due_on": self.due_on,
            "tags": self.tags,
        }


def _actor_key(actor: Reference) -> Reference:
    return actor.strip().lower() if isinstance(actor, str) else actor


def _check_actors(actors: Sequence[tuple[Reference, str]], known: Container[Reference] | None) -> str | None:
    keys = [_actor_key(actor) for actor, _ in actors]
    if any(role not in ACTOR_ROLES for _, role in actors):
        return MESSAGES["actor_role"]
    if len(set(keys)) != len(keys):
        return MESSAGES["actor_twice"]
    if any(isinstance(actor, str) and len(actor.strip()) > ACTOR_NAME_MAX for actor, _ in actors):
        return MESSAGES["actor_name"]
    if known is not None and any(actor not in known for actor, _ in actors):
        return MESSAGES["actor_gone"]
    return None


def check_recommendation(
    fields: RecommendationFacts,
    *,
    code_taken: bool = False,
    themes: Container[Reference] | None = None,
    sources: Container[Reference] | None = None,
    actors: Container[Reference] | None = None,
) -> CheckedRecommendation:
    """Apply every rule of one recommendation; errors are keyed by field name.

    `code_taken` says another recommendation already has the code. `themes`,
    `sources` and `actors` are the references that exist; None skips that
    check (an import creates the names it does not know). A lone duplicate
    code raises `DuplicateCode`, so that callers can offer the other record.
    """
    errors: dict[str, str] = {}
    code = normalise_code(fields.code)
    if not code:
        errors["code"] = MESSAGES["code_required"]
    elif not CODE_PATTERN.match(code):
        errors["code"] = MESSAGES["code_pattern"]
    elif code_taken:
        errors["code"] = DuplicateCode(code).errors["code"]
    title, text = clean(fields.title), clean(fields.text)
    if not title:
        errors["title"] = MESSAGES["title_required"]
    if not text:
        errors["text"] = MESSAGES["text_required"]
    theme = fields.theme_id
    if theme is None or theme == "" or (themes is not None and theme not in themes):
        errors["theme_id"] = MESSAGES["theme_required"]
    source = fields.source_id if fields.source_id != "" else None
    if source is not None and sources is not None and source not in sources:
        errors["source_id"] = MESSAGES["source_gone"]
    if fields.priority not in PRIORITIES:
        errors["priority"] = off_the_list("priority", fields.priority)
    if fields.status not in STATUSES:
        errors["status"] = off_the_list("status", fields.status)
    if fields.issued_on and fields.due_on and fields.due_on < fields.issued_on:
        errors["due_on"] = MESSAGES["due_before_issued"]
    tags = normalise_tags(fields.tags)
    if len(tags) > TAGS_MAX:
        errors["tags"] = MESSAGES["tags"]
    if (problem := _check_actors(fields.actors, actors)) is not None:
        errors["actors"] = problem
    if code_taken and errors == DuplicateCode(code).errors:
        raise DuplicateCode(code)
    if errors:
        raise RuleViolation(errors)
    assert title and text and theme is not None
    return CheckedRecommendation(
        code=code,
        title=title,
        text=text,
        theme_id=theme,
        source_id=source,
        locator=clean(fields.locator),
        priority=fields.priority,
        status=fields.status,
        issued_on=fields.issued_on,
        due_on=fields.due_on,
        tags=tags,
        actors=tuple(fields.actors),
    )

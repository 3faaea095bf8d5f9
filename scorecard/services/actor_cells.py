"""How one recommendation's actors share a cell, both ways: "EU institutions; UNDP (supporting)".

A name may itself hold the separator or end in what reads as a role ("Council of Europe;
Venice Commission", "UNDP (supporting)"): those characters are escaped with a backslash, so
that every export imports back to the same actors. Any other backslash stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scorecard.models import ActorRole

SEPARATOR = "; "
ROLES = tuple(role.value for role in ActorRole)
# A role in brackets at the end of a name, as written in a cell (its bracket not escaped).
_ROLE_AT_END = re.compile(r"\((" + "|".join(ROLES) + r")\)\s*$", re.IGNORECASE)
_ESCAPABLE = frozenset("\\;(")


def escape_name(name: str) -> str:
    """An actor's name as it goes into a cell: backslashes and semicolons escaped, and the
    bracket of a role-like ending."""
    text = name.replace("\\", "\\\\").replace(";", "\\;")
    found = _ROLE_AT_END.search(text)
    if found is not None and not _escaped_at(text, found.start()):
        text = text[: found.start()] + "\\" + text[found.start() :]
    return text


def actor_cell(names: Sequence[tuple[str, str]]) -> str:
    """One recommendation's actors as a cell: lead actors by name, others with their role in brackets."""
    return SEPARATOR.join(
        escape_name(name) if role == ActorRole.LEAD else f"{escape_name(name)} ({role})"
        for name, role in names
    )


def parse_actor_cell(cell: str) -> list[tuple[str, str]]:
    """An actors cell as (name, role) pairs; a name without a role in brackets leads."""
    pairs: list[tuple[str, str]] = []
    for part in _split(cell):
        role = ActorRole.LEAD.value
        found = _ROLE_AT_END.search(part)
        if found is not None and not _escaped_at(part, found.start()):
            role = found.group(1).lower()
            part = part[: found.start()]
        name = _unescape(part).strip()
        if name:
            pairs.append((name, role))
    return pairs


def _escaped_at(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd run of backslashes (is escaped)."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _split(cell: str) -> list[str]:
    """The cell cut at every semicolon that is not escaped (escapes kept for the next step)."""
    parts: list[str] = []
    start = index = 0
    while index < len(cell):
        char = cell[index]
        if char == "\\" and index + 1 < len(cell) and cell[index + 1] in _ESCAPABLE:
            index += 2
            continue
        if char == ";":
            parts.append(cell[start:index])
            start = index + 1
        index += 1
    parts.append(cell[start:])
    return parts


def _unescape(text: str) -> str:
    """Escaped backslashes, semicolons and brackets back to the characters themselves."""
    return re.sub(r"\\([\\;(])", r"\1", text)

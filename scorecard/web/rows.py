"""Add, remove and reorder the repeated rows of a form (benchmarks, actors, levels) without JavaScript.

The buttons are ordinary submit buttons named "action" ("add:benchmarks",
"remove:benchmarks:2", "up:benchmarks:2", "down:benchmarks:2"). The posted rows
are re-keyed and the form is shown again with everything typed still there.
"""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

SAVE = "save"
ROW_KEY = re.compile(r"^(?P<list>[a-z_]+)-(?P<index>\d{1,6})-(?P<field>.+)$", re.ASCII)


def rearrange(formdata: MultiDict[str, str], action: str, *, lists: tuple[str, ...]) -> MultiDict[str, str]:
    """`formdata` with the rows of one list added to, removed from or moved as `action` says."""
    verb, _, rest = action.partition(":")
    target, _, position = rest.partition(":")
    if target not in lists:
        return formdata
    rows: dict[int, list[tuple[str, str]]] = {}
    others: list[tuple[str, str]] = []
    for key, value in formdata.items(multi=True):
        match = ROW_KEY.match(key)
        if match and match["list"] == target:
            rows.setdefault(int(match["index"]), []).append((match["field"], value))
        elif key != "action":
            others.append((key, value))
    ordered = [rows[i] for i in sorted(rows)]
    index = int(position) if position.isascii() and position.isdigit() and len(position) <= 6 else -1
    if verb == "add":
        ordered.append([])
    elif verb == "remove" and 0 <= index < len(ordered):
        ordered.pop(index)
    elif verb == "up" and 0 < index < len(ordered):
        ordered[index - 1], ordered[index] = ordered[index], ordered[index - 1]
    elif verb == "down" and 0 <= index < len(ordered) - 1:
        ordered[index + 1], ordered[index] = ordered[index], ordered[index + 1]
    rebuilt = MultiDict(others)
    for new_index, fields in enumerate(ordered):
        if not fields:  # a new, empty row still needs a key so that WTForms counts it
            rebuilt.add(f"{target}-{new_index}-id", "")
        for field, value in fields:
            rebuilt.add(f"{target}-{new_index}-{field}", value)
    return rebuilt


def requested_action(formdata: MultiDict[str, str]) -> str:
    """Which button was pressed: "save" (the default, also for Enter) or a row action."""
    return formdata.get("action", SAVE) or SAVE

"""Characters no text may hold: NUL and the C0/C1 controls other than tab and line ends.

One rule for form fields, query strings and imported cells. PostgreSQL refuses NUL
outright (a 500 if it gets that far); SQLite stores it and the SVG charts, the CSV
exports and terminals then break on it; ESC and BEL drive a terminal that prints them.
"""

from __future__ import annotations

import re

from scorecard.errors import N_, Message

# Unicode category Cc: U+0000–U+001F, U+007F, U+0080–U+009F; tab, line feed and carriage return stay.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str) -> str | None:
    """The first refused character of `text`, named as U+XXXX; None when the text is clean."""
    found = _REFUSED.search(text)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X}"  # control characters have no Unicode names to show


def control_message(text: str) -> Message | None:
    """What to tell someone whose text holds a refused character; None when it holds none."""
    name = control_character(text)
    if name is None:
        return None
    return N_(
        "Remove the control character %(name)s (invisible; often pasted from another program).", name=name
    )


def without_control_characters(text: str) -> str:
    """`text` with every refused character taken out."""
    return _REFUSED.sub("", text)

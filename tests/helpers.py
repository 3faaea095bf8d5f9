"""Test helpers shared across areas: counting queries, reading CSRF-protected pages."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sqlalchemy import event


class QueryCounter:
    """Counts the SQL statements run on a connection (or engine) inside a `with` block."""

    def __init__(self, target: Any) -> None:
        self.target, self.count, self.statements = target, 0, []

    def __enter__(self) -> QueryCounter:
        event.listen(self.target, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.target, "before_cursor_execute", self._count)

    def _count(self, _conn: Any, _cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            self.count += 1
            self.statements.append(statement)


class _FormReader(HTMLParser):
    """Collects the fields of the forms on a page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        # The language switcher every page carries is not one of the page's own forms.
        self._in_switcher = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and "language-switch" in a.get("class", "").split():
            self._in_switcher = True
        elif self._in_switcher:
            return
        elif tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_switcher:
            self._in_switcher = False
            return
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or [
                v for v, _ in self._options[:1]
            ]
            if chosen:
                self.forms[-1].append((self._select, chosen[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, *, index: int = -1, **changes: str) -> dict[str, str]:
    """The fields of one form on the page (default: the last) as a browser would post them, some changed."""
    reader = _FormReader()
    reader.feed(html)
    fields = dict(reader.forms[index])
    fields.update(changes)
    return fields


DATA = Path(__file__).resolve().parent / "data"
UPR_FILE = DATA / "upr-info-recommendations-sessions-1-5.csv"


def recommendation_mapping(code: dict[str, str], column: str = "Text", **fields: Any) -> dict[str, Any]:
    """A recommendations mapping in its stored form: the code as given, title and text from one column,
    the theme "General", and any other fields."""
    return {
        "kind": "recommendations",
        "fields": {
            "code": code,
            "title": {"column": column},
            "text": {"column": column},
            "theme": {"value": "General"},
            **fields,
        },
    }


# How the UPR Info file's columns map onto a recommendation's fields; each test adds the code and the rest.
UPR_FIELDS: dict[str, Any] = {
    "title": {"column": "Text"},
    "text": {"column": "Text"},
    "theme": {"column": "Issue", "separator": ",", "value": "General"},
    "tags": {"column": "Issue", "separator": ","},
    "actors": {"column": "To"},
    "status": {"column": "Response", "translate": [["Accepted", "accepted"], ["Noted", "rejected"]]},
    "source": {"value": "UPR Info database: session {Session}"},
}
SEEDS = DATA / "seeds"


EXPORT_KINDS = ("recommendations", "benchmarks", "progress")


def with_demo(session: Any) -> tuple[str, ...]:
    """Load the demo set into the test's transaction; the kinds of file it exports, to loop over."""
    from scorecard import demo

    demo.load(session)
    session.flush()
    return EXPORT_KINDS

"""Test helpers shared across areas: counting queries, reading CSRF-protected pages."""

from __future__ import annotations

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

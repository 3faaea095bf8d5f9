"""Summary figures remembered until the data changes: the dashboard and scorecard, computed once per change.

Every change the application makes writes an audit event in the same
transaction, so the newest audit event stamps the data: a remembered result
is served only while that stamp is unchanged, which makes the cache exact,
not eventually right. Each server process keeps its own (small, bounded) one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scorecard.models import AuditEvent

T = TypeVar("T")


def data_stamp(session: Session) -> tuple[Any, ...]:
    """What identifies the data's current state: the newest audit event (one indexed query).

    Its time is part of the stamp because SQLite may reuse the id of an event
    whose transaction was rolled back.
    """
    row = session.execute(select(func.max(AuditEvent.id), func.max(AuditEvent.at))).one()
    return (row[0], row[1])


class SummaryCache:
    """A bounded, thread-safe memo of summary results keyed by (what, data stamp)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def remember(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """The remembered result for `key` if the data has not changed since, else `compute()`'s.

        Results must be immutable (frozen dataclasses, tuples): every caller
        gets the same object.
        """
        if self.size <= 0:
            return compute()
        full_key = (key, data_stamp(session))
        with self._lock:
            if full_key in self._entries:
                self._entries.move_to_end(full_key)
                self.hits += 1
                return self._entries[full_key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self.misses += 1
            self._entries[full_key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

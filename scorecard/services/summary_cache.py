"""Summaries remembered until the data changes: the dashboard and scorecards, rendered once per change.

Every transaction that changes what pages show moves the data version on as it
commits, by database triggers on the tables pages read (migration 0006), so
ORM flushes, Core statements, the driver's bulk writes and raw SQL all count;
a remembered result is served only while the version
it was made at is current, which makes the cache exact, not eventually right.
Each server process keeps its own small, bounded one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.models import DataVersion

T = TypeVar("T")


def data_stamp(session: Session) -> int:
    """The current data version (one primary-key read)."""
    return int(session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0)


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

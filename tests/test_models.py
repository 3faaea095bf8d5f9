"""Model column types: what they write to the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite

from scorecard.models import UtcDateTime


def test_sqlite_timestamps_are_written_as_sqlalchemy_writes_them():
    # Rows written before the fast conversion must compare and sort with rows written after it.
    dialect = sqlite.dialect()
    ours = UtcDateTime().bind_processor(dialect)
    theirs = DateTime().dialect_impl(dialect).bind_processor(dialect)
    assert ours is not None and theirs is not None
    moments = [
        datetime(2026, 11, 22, 9, 30, tzinfo=UTC),
        datetime(2026, 11, 22, 9, 30, 0, 123456, tzinfo=UTC),
        datetime(1900, 1, 1, tzinfo=UTC),
        datetime(2999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=2))),
    ]
    for moment in moments:
        assert ours(moment) == theirs(moment.astimezone(UTC).replace(tzinfo=None))
    assert ours(None) is None
    assert ours(moments[4]) == "2026-03-28 23:30:00.000000"
    with pytest.raises(ValueError, match="naive"):
        ours(datetime(2026, 11, 22, 9, 30))

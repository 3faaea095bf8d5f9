"""The summary cache: a result is reused exactly while the data is unchanged, and never after a change."""

from __future__ import annotations

from datetime import date

import pytest

from scorecard.services import dashboard
from scorecard.services.recommendations import Thresholds
from scorecard.services.summary_cache import SummaryCache

from .. import factories

LIMITS = Thresholds(today=date(2026, 11, 22), stale_days=180)


def test_result_is_reused_while_nothing_changes_and_recomputed_after_a_write(session):
    factories.make_recommendation(session)
    session.commit()
    cache = SummaryCache(size=8)
    calls = []

    def compute():
        calls.append(1)
        return dashboard.dashboard(session, thresholds=LIMITS)

    first = cache.remember(session, ("dashboard", LIMITS), compute)
    again = cache.remember(session, ("dashboard", LIMITS), compute)
    assert again is first and len(calls) == 1
    factories.make_recommendation(session)  # any change goes through a service, which marks it
    session.commit()  # and its commit moves the data version on
    after = cache.remember(session, ("dashboard", LIMITS), compute)
    assert len(calls) == 2
    assert after.headline.recommendations == first.headline.recommendations + 1


def test_keys_are_kept_apart_and_the_cache_stays_bounded(session):
    cache = SummaryCache(size=2)
    for n in range(5):
        assert cache.remember(session, ("key", n), lambda n=n: n * 10) == n * 10
    assert len(cache._entries) == 2
    assert cache.remember(session, ("key", 4), lambda: "recomputed") == 40  # the newest are kept


def test_size_zero_turns_it_off(session):
    cache = SummaryCache(size=0)
    values = iter([1, 2])
    assert cache.remember(session, "k", lambda: next(values)) == 1
    assert cache.remember(session, "k", lambda: next(values)) == 2


def test_signing_in_does_not_move_the_data_version(session):
    from scorecard.services import summary_cache, users

    user = factories.make_user(session)
    session.commit()
    before = summary_cache.data_stamp(session)
    users.authenticate(
        session,
        email=user.email,
        password=factories.PASSWORD,
        ip="127.0.0.1",
        passwords=factories.CHEAP_HASH,
        throttle=users.ThrottlePolicy(),
    )
    session.commit()
    assert summary_cache.data_stamp(session) == before


def test_rebuilding_the_state_moves_the_data_version(session):
    from scorecard.services import scores, summary_cache

    factories.make_recommendation(session)
    session.commit()
    cache = SummaryCache(size=8)
    cache.remember(session, "figures", lambda: "before the rebuild")
    before = summary_cache.data_stamp(session)
    scores.rebuild_all_states(session, today=LIMITS.today)
    session.commit()
    # SQLite's triggers count rows, PostgreSQL's count transactions: either way it moved.
    assert summary_cache.data_stamp(session) > before
    assert cache.remember(session, "figures", lambda: "after the rebuild") == "after the rebuild"


def test_one_transaction_moves_the_data_version_once_on_postgresql(session):
    from scorecard.services import summary_cache

    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite moves it once per changed row")
    before = summary_cache.data_stamp(session)
    for number in range(3):
        factories.make_recommendation(session, code=f"ONCE-{number}")
        session.flush()
    session.commit()
    assert summary_cache.data_stamp(session) == before + 1

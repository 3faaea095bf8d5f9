"""The `scorecard` command line: accounts from a prompt or stdin, demo data, state checks."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update

from scorecard.models import Recommendation, RecommendationSnapshot, User


def test_users_create_reads_password_and_confirmation_from_stdin(runner, session):
    result = runner.invoke(
        args=["users", "create", "Ana@Example.org", "--role", "analyst"],
        input="a long enough passphrase\na long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created ana@example.org (analyst)" in result.output
    user = session.scalar(select(User).where(User.email == "ana@example.org"))
    assert user is not None and user.role == "analyst" and "passphrase" not in user.password_hash


def test_users_create_refuses_mismatched_or_weak_passwords(runner, session):
    mismatch = runner.invoke(
        args=["users", "create", "b@example.org"], input="one long password\nanother one\n"
    )
    assert mismatch.exit_code != 0 and "differ" in mismatch.output
    weak = runner.invoke(args=["users", "create", "b@example.org"], input="short\nshort\n")
    assert weak.exit_code != 0 and "12 characters" in weak.output
    assert session.scalar(select(func.count(User.id)).where(User.email == "b@example.org")) == 0


def test_users_list_shows_accounts(runner):
    runner.invoke(
        args=["users", "create", "c@example.org", "--role", "viewer"],
        input="a long enough passphrase\n" * 2,
    )
    result = runner.invoke(args=["users", "list"])
    assert "c@example.org\tviewer\tactive" in result.output


@pytest.mark.slow
def test_demo_command_loads_once(runner, session):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    count = session.scalar(select(func.count(Recommendation.id)))
    assert count >= 25
    second = runner.invoke(args=["demo"])
    assert "0 recommendations" in second.output
    assert session.scalar(select(func.count(Recommendation.id))) == count
    skipped = runner.invoke(args=["demo", "--if-empty"])
    assert "already holds recommendations" in skipped.output


def test_ensure_admin_creates_one_admin_only_when_there_is_no_user(runner, session):
    session.execute(User.__table__.delete())
    first = runner.invoke(args=["users", "ensure-admin"])
    assert "password:" in first.output
    second = runner.invoke(args=["users", "ensure-admin"])
    assert second.output == ""
    assert session.scalar(select(func.count(User.id)).where(User.role == "admin")) == 1


@pytest.mark.slow
def test_state_check_passes_after_demo(runner):
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["state", "check"])
    assert result.exit_code == 0 and "matches" in result.output


@pytest.mark.slow
def test_state_check_finds_a_snapshot_that_no_longer_matches_the_entries(runner, session):
    runner.invoke(args=["demo"])
    runner.invoke(args=["state", "rebuild"])  # keeps the quarter-end snapshots
    assert re.search(r"matches: .* [1-9]\d* snapshot rows", runner.invoke(args=["state", "check"]).output)
    session.execute(update(RecommendationSnapshot).values(score=RecommendationSnapshot.score / 2 + 1))
    result = runner.invoke(args=["state", "check"])
    assert result.exit_code == 1
    assert " 0 benchmark rows, 0 recommendation rows" in result.output
    assert re.search(r"[1-9]\d* snapshot rows", result.output)
    runner.invoke(args=["state", "rebuild"])
    assert runner.invoke(args=["state", "check"]).exit_code == 0

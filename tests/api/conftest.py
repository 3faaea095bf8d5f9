"""Fixtures of the JSON API tests: tokens for each role and scope, and a client that sends one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from scorecard.services import tokens
from scorecard.services.audit import ActingUser
from tests import factories

SYSTEM = ActingUser.system("tests")


def make_token(
    session: Session, *, role: str = "analyst", scope: str = "write", days: int | None = None
) -> str:
    """A fresh user of `role` with a token of `scope`; the token's secret."""
    user = factories.make_user(session, role=role)
    made = tokens.create_token(session, user.id, name="tests", scope=scope, expires_in_days=days, by=SYSTEM)
    session.commit()
    return made.secret


@pytest.fixture
def token_for(session: Session) -> Callable[..., str]:
    """Make a token: token_for(role="viewer", scope="read")."""
    return lambda **kwargs: make_token(session, **kwargs)


@pytest.fixture
def api(app: Flask) -> FlaskClient:
    """A plain client (no cookies needed: every call passes its token)."""
    return app.test_client()


def bearer(secret: str, **headers: str) -> dict[str, Any]:
    """Request headers carrying a token."""
    return {"Authorization": f"Bearer {secret}", **headers}

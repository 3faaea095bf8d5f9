"""Personal access tokens: scope, expiry, revocation, a viewer's token cannot write, no admin reach."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from scorecard.models import ApiToken, utcnow
from scorecard.services import tokens
from tests import factories
from tests.api.conftest import SYSTEM, bearer
from tests.helpers import QueryCounter

NEW = {"code": "API-01", "title": "A title", "text": "Some wording.", "theme_id": None}


def _new(session: Session) -> dict[str, object]:
    return {**NEW, "theme_id": factories.make_theme(session).id}


def viewer_token(session: Session, name: str, expires_in_days: int | None = None) -> tuple[Any, Any]:
    """A new viewer and a read token of theirs (expiring after so many days, if given)."""
    user = factories.make_user(session, role="viewer")
    made = tokens.create_token(
        session, user.id, name=name, scope="read", expires_in_days=expires_in_days, by=SYSTEM
    )
    return user, made


def test_tokens_are_stored_hashed_and_shown_once(session: Session) -> None:
    user = factories.make_user(session)
    made = tokens.create_token(session, user.id, name="laptop", scope="read", expires_in_days=None, by=SYSTEM)
    stored = session.get(ApiToken, made.token.id)
    assert stored is not None and made.secret not in (stored.secret_hash, stored.prefix)
    assert stored.secret_hash == tokens.hash_secret(made.secret)


def test_tokens_read_with_a_token_and_never_with_a_cookie(api: FlaskClient, token_for, viewer) -> None:
    assert api.get("/api/v1/themes").status_code == 401
    assert api.get("/api/v1/themes").mimetype == "application/problem+json"
    # a signed-in browser's session cookie does not open the API
    assert viewer.get("/api/v1/themes").status_code == 401
    assert (
        api.get("/api/v1/themes", headers=bearer(token_for(role="viewer", scope="read"))).status_code == 200
    )


def test_tokens_of_a_read_scope_cannot_write(api: FlaskClient, session: Session, token_for) -> None:
    secret = token_for(role="analyst", scope="read")
    answer = api.post("/api/v1/recommendations", json=_new(session), headers=bearer(secret))
    assert answer.status_code == 403


def test_tokens_of_a_viewer_cannot_write_even_with_write_scope(
    api: FlaskClient, session: Session, token_for
) -> None:
    secret = token_for(role="viewer", scope="write")
    answer = api.post("/api/v1/recommendations", json=_new(session), headers=bearer(secret))
    assert answer.status_code == 403


def test_tokens_of_an_analyst_write(api: FlaskClient, session: Session, token_for) -> None:
    answer = api.post("/api/v1/recommendations", json=_new(session), headers=bearer(token_for()))
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["code"] == "API-01"


def test_tokens_expire(api: FlaskClient, session: Session) -> None:
    _user, made = viewer_token(session, "old", expires_in_days=1)
    made.token.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert api.get("/api/v1/themes", headers=bearer(made.secret)).status_code == 401


def test_tokens_revoked_stop_at_once(api: FlaskClient, session: Session) -> None:
    user, made = viewer_token(session, "gone")
    session.commit()
    assert api.get("/api/v1/themes", headers=bearer(made.secret)).status_code == 200
    tokens.revoke_token(session, made.token.id, user_id=user.id, by=SYSTEM)
    session.commit()
    assert api.get("/api/v1/themes", headers=bearer(made.secret)).status_code == 401


def test_tokens_note_when_last_used(api: FlaskClient, session: Session) -> None:
    _user, made = viewer_token(session, "used")
    session.commit()
    api.get("/api/v1/themes", headers=bearer(made.secret))
    session.refresh(made.token)
    assert made.token.last_used_at is not None


def test_tokens_of_an_admin_reach_no_admin_page(api: FlaskClient, token_for) -> None:
    secret = token_for(role="admin", scope="write")
    answer = api.get("/admin/users", headers=bearer(secret))
    # outside /api a token is not a sign-in: the admin pages send it to the sign-in form
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_tokens_created_from_the_command_line(runner, session: Session) -> None:
    user = factories.make_user(session, role="viewer")
    session.commit()
    result = runner.invoke(args=["tokens", "create", user.email, "--scope", "read", "--expires-days", "30"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    holder = tokens.authenticate(session, secret)
    assert holder is not None and holder.scope == "read" and holder.user.id == user.id


def test_tokens_note_their_use_at_most_once_a_minute(api: FlaskClient, session: Session, connection) -> None:
    _user, made = viewer_token(session, "busy")
    session.commit()
    with QueryCounter(connection.engine) as counter:
        for _ in range(2):
            assert api.get("/api/v1/themes", headers=bearer(made.secret)).status_code == 200
    writes = [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE") and "api_token" in s]
    assert len(writes) == 1, writes


def test_touching_a_token_compares_in_sql(session: Session) -> None:
    """Two workers that both saw a stale last use write it once: the UPDATE itself checks the minute."""
    _user, made = viewer_token(session, "race")
    session.commit()
    moment = utcnow()
    assert tokens.touch_token(session, made.token.id, now=moment) is True
    assert tokens.touch_token(session, made.token.id, now=moment + timedelta(seconds=30)) is False
    assert tokens.touch_token(session, made.token.id, now=moment + timedelta(seconds=61)) is True

"""Administration: accounts and roles, and the audit trail with its filters."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from scorecard.models import User

from .. import factories
from ..helpers import form_fields


def submit_new_account(admin, *, password: str, **fields):
    """Post the new-account form (email, name, role and any more fields), the password typed twice."""
    return admin.submit("/admin/users/new", {**fields, "password": password, "confirm": password})


def test_admin_creates_an_account_that_can_sign_in(app, admin, session):
    response = submit_new_account(
        admin,
        email="New.Person@Example.org",
        name="New Person",
        role="analyst",
        password="a long enough passphrase",
    )
    assert response.status_code == 302
    created = session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert created is not None and created.role == "analyst"
    from ..conftest import Client

    browser = app.test_client()
    browser.__class__ = Client
    assert browser.sign_in("new.person@example.org", "a long enough passphrase").status_code == 302


def test_account_form_explains_what_is_wrong_and_keeps_input(admin):
    response = submit_new_account(
        admin, email="not-an-email", name="Someone", role="viewer", password="short"
    )
    html = response.get_data(as_text=True)
    assert "Use at least 12 characters" in html
    assert 'value="not-an-email"' in html and 'value="Someone"' in html


def test_admin_changes_a_role_and_cannot_demote_the_last_admin(admin, session):
    other = factories.make_user(session, role="viewer")
    session.commit()
    page = admin.get(f"/admin/users/{other.id}").get_data(as_text=True)
    assert admin.post(f"/admin/users/{other.id}", data=form_fields(page, role="analyst")).status_code == 302
    session.expire_all()
    assert session.get(User, other.id).role == "analyst"
    me = admin.user
    mine = admin.get(f"/admin/users/{me.id}").get_data(as_text=True)
    refused = admin.post(f"/admin/users/{me.id}", data=form_fields(mine, role="viewer"))
    assert "You cannot change your own role" in refused.get_data(as_text=True)


def test_admin_resets_a_password_and_the_old_one_stops_working(app, admin, session):
    other = factories.make_user(session, role="viewer")
    session.commit()
    response = admin.submit(
        f"/admin/users/{other.id}/password",
        {"password": "the replacement passphrase", "confirm": "the replacement passphrase"},
    )
    assert response.status_code == 302
    from ..conftest import Client

    browser = app.test_client()
    browser.__class__ = Client
    assert browser.sign_in(other.email).status_code == 200
    assert browser.sign_in(other.email, "the replacement passphrase").status_code == 302


def test_audit_log_shows_who_did_what_with_before_and_after_and_filters(admin, session):
    rec = factories.make_recommendation(session, title="Before title")
    from scorecard.services import recommendations

    fields = recommendations.RecommendationInput(
        code=rec.code,
        title="After title",
        text=rec.text,
        theme_id=rec.theme_id,
        status=rec.status,
        priority=rec.priority,
        benchmarks=[],
    )
    recommendations.update_recommendation(
        session, rec.id, fields=fields, expected_version=rec.version, by=factories.SYSTEM
    )
    session.commit()
    html = admin.get("/admin/audit?action=update&entity=recommendation").get_data(as_text=True)
    assert "Before title" in html and "After title" in html and "tests" in html
    assert "Created " + rec.code not in html  # filtered to updates
    today = date.today().isoformat()
    assert rec.code in admin.get(f"/admin/audit?since={today}&until={today}").get_data(as_text=True)
    assert "No events match" in admin.get("/admin/audit?user=nobody-like-this").get_data(as_text=True)


def test_a_deleted_recommendations_copy_in_the_audit_log_folds_its_benchmarks_and_entries(admin, session):
    from scorecard.services import recommendations

    rec = factories.make_recommendation(session, code="GONE-1")
    factories.record(session, rec.benchmarks[0], date(2025, 3, 1), achieved=True, note="Law <b>adopted</b>")
    recommendations.delete_recommendation(session, rec.id, confirm_code="GONE-1", by=factories.SYSTEM)
    session.commit()
    html = admin.get("/admin/audit?action=delete").get_data(as_text=True)
    assert "Deleted GONE-1 for good, with 1 progress entry" in html
    assert '<span class="muted">benchmarks:</span> 1 item</summary>' in html
    assert '"note": "Law \\u003cb\\u003eadopted\\u003c/b\\u003e"' in html  # the entry, escaped
    assert "<b>adopted</b>" not in html


def test_audit_log_ignores_malformed_filters(admin):
    assert admin.get("/admin/audit?since=yesterday&recommendation_id=abc&page=-3").status_code == 200

"""Safe start: a production server refuses debug mode and weak secrets; the secret is generated once."""

from __future__ import annotations

import stat

import pytest

from scorecard import create_app, settings
from scorecard.settings import UnsafeConfiguration

STRONG = "Vq3k9ZpW-strong-and-random-enough-0123456789abcdef"


@pytest.mark.parametrize("secret", ["", "dev", "changeme", "short-but-not-32", "a" * 40])
def test_production_refuses_a_missing_or_weak_secret(secret):
    with pytest.raises(UnsafeConfiguration, match="secret key"):
        settings.check_safe({"ENV": "production", "SECRET_KEY": secret})


def test_production_refuses_debug_mode():
    with pytest.raises(UnsafeConfiguration, match="Debug mode"):
        settings.check_safe({"ENV": "production", "SECRET_KEY": STRONG, "DEBUG": True})


def test_development_and_tests_may_use_anything():
    settings.check_safe({"ENV": "development", "SECRET_KEY": "dev", "DEBUG": True})
    settings.check_safe({"TESTING": True, "SECRET_KEY": ""})


def test_create_app_refuses_to_start_unsafe(monkeypatch):
    monkeypatch.setenv("SCORECARD_SECRET_KEY", "dev")
    with pytest.raises(UnsafeConfiguration):
        create_app({"DATABASE_URL": "sqlite://"})
    monkeypatch.setenv("SCORECARD_SECRET_KEY", STRONG)
    monkeypatch.setenv("SCORECARD_DEBUG", "true")
    with pytest.raises(UnsafeConfiguration):
        create_app({"DATABASE_URL": "sqlite://"})


def test_secret_is_generated_once_into_the_instance_folder_readable_by_the_owner_only(tmp_path):
    first = settings._instance_secret(tmp_path)
    again = settings._instance_secret(tmp_path)
    assert first == again and len(first) >= settings.MIN_SECRET_LENGTH
    settings.check_safe({"ENV": "production", "SECRET_KEY": first})
    mode = stat.S_IMODE((tmp_path / settings.SECRET_FILE).stat().st_mode)
    assert mode == 0o600


def test_environment_variables_override_defaults(monkeypatch):
    monkeypatch.setenv("SCORECARD_STALE_DAYS", "90")
    monkeypatch.setenv("SCORECARD_PUBLIC_READ", "true")
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": STRONG})
    assert app.config["STALE_DAYS"] == 90 and app.config["PUBLIC_READ"] is True


def test_production_refuses_a_mail_password_without_tls():
    mail = {"MAIL_SERVER": "smtp.example.org", "MAIL_USERNAME": "scorecard", "MAIL_PASSWORD": "pw"}
    with pytest.raises(UnsafeConfiguration, match="MAIL_USE_TLS"):
        settings.check_safe({"ENV": "production", "SECRET_KEY": STRONG, **mail, "MAIL_USE_TLS": False})
    settings.check_safe({"ENV": "production", "SECRET_KEY": STRONG, **mail, "MAIL_USE_TLS": True})


def test_the_mail_settings_come_from_scorecard_variables(monkeypatch):
    from scorecard.services.mail import mail_settings

    monkeypatch.setenv("SCORECARD_MAIL_SERVER", "127.0.0.1")
    monkeypatch.setenv("SCORECARD_MAIL_PORT", "8025")
    monkeypatch.setenv("SCORECARD_MAIL_USE_TLS", "false")
    monkeypatch.setenv("SCORECARD_MAIL_SENDER", "monitor@example.org")
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": STRONG})
    found = mail_settings(app.config)
    assert found is not None and (found.server, found.port, found.use_tls, found.sender) == (
        "127.0.0.1",
        8025,
        False,
        "monitor@example.org",
    )
    assert mail_settings({"MAIL_SERVER": ""}) is None

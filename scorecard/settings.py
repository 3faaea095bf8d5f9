"""Settings: defaults, instance/config.py, SCORECARD_* variables, the secret key, and a safe start."""

from __future__ import annotations

import logging
import os
import secrets
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, g, has_request_context

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE = PROJECT_ROOT / "instance"
TEMPLATES = PROJECT_ROOT / "templates"
SECRET_FILE = "secret_key"  # noqa: S105 - a file name, not a secret
MIN_SECRET_LENGTH = 32
KNOWN_WEAK_SECRETS = frozenset({"dev", "secret", "changeme", "change-me", "development", "test", "key"})


class UnsafeConfiguration(RuntimeError):
    """The settings would make a production server unsafe; it refuses to start."""


def load(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Fill app.config, in order: defaults, instance/config.py, SCORECARD_* variables, `test_config`."""
    app.config.from_object("scorecard.config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("SCORECARD")
    if test_config is not None:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    app.debug = bool(app.config.get("DEBUG"))
    check_safe(app.config)


def _instance_secret(instance: Path) -> str:
    """The secret kept in instance/secret_key, generated (readable by the owner only) on first run."""
    path = instance / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    instance.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    return secret


def check_safe(config: Mapping[str, Any]) -> None:
    """Outside development and tests, refuse debug mode and a missing or weak secret key."""
    if config.get("ENV") == "development" or config.get("TESTING"):
        return
    if config.get("DEBUG"):
        raise UnsafeConfiguration(
            "Debug mode is on outside development: it would show code and data to anyone. "
            "Unset SCORECARD_DEBUG, or use `make dev` for development."
        )
    secret = str(config.get("SECRET_KEY") or "")
    if len(secret) < MIN_SECRET_LENGTH or secret.lower() in KNOWN_WEAK_SECRETS or len(set(secret)) < 10:
        raise UnsafeConfiguration(
            f"The secret key is missing or weak (it needs {MIN_SECRET_LENGTH}+ random characters). "
            f"Remove SCORECARD_SECRET_KEY to use the one generated in instance/{SECRET_FILE}."
        )
    if config.get("MAIL_SERVER") and config.get("MAIL_PASSWORD") and not config.get("MAIL_USE_TLS"):
        raise UnsafeConfiguration(
            "SCORECARD_MAIL_PASSWORD is set but SCORECARD_MAIL_USE_TLS is off: the password would cross "
            "the network in clear. Turn MAIL_USE_TLS on (STARTTLS, usually port 587)."
        )


class _RequestContextFilter(logging.Filter):
    """Adds the request id (or "-") to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def register_logging(app: Flask) -> None:
    """Log to stderr in UTC with the request id; secrets never reach these messages."""
    formatter = logging.Formatter(
        "%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s [%(request_id)s] %(message)s",
        datefmt="%Y-%m-%dT%H:%M:%S",
    )
    formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.addFilter(_RequestContextFilter())
    logger = logging.getLogger("scorecard")
    logger.handlers = [handler]
    logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    logger.propagate = False
    app.logger.handlers = [handler]
    app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))

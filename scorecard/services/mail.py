"""Sending email over SMTP, from the MAIL_* settings; one connection per batch, opened when first needed."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType
from typing import Any


@dataclass(frozen=True, slots=True)
class MailSettings:
    """Where and how to send: the SMTP server, its credentials, STARTTLS, and the From address."""

    server: str
    port: int
    username: str
    password: str
    use_tls: bool
    sender: str


def mail_settings(config: Mapping[str, Any]) -> MailSettings | None:
    """The settings' mail server, or None when MAIL_SERVER is empty (reminders then show in the app only)."""
    server = str(config.get("MAIL_SERVER") or "")
    if not server:
        return None
    return MailSettings(
        server=server,
        port=int(config.get("MAIL_PORT") or 587),
        username=str(config.get("MAIL_USERNAME") or ""),
        password=str(config.get("MAIL_PASSWORD") or ""),
        use_tls=bool(config.get("MAIL_USE_TLS")),
        sender=str(config.get("MAIL_SENDER") or "scorecard@localhost"),
    )


class Mailer:
    """A context manager that sends messages over one SMTP connection, opened at the first message."""

    def __init__(self, settings: MailSettings, *, timeout: float = 30) -> None:
        self.settings = settings
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            smtp = smtplib.SMTP(self.settings.server, self.settings.port, timeout=self.timeout)
            if self.settings.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if self.settings.username:
                smtp.login(self.settings.username, self.settings.password)
            self._smtp = smtp
        return self._smtp

    def send(self, to: str, subject: str, body: str, *, headers: Mapping[str, str] | None = None) -> None:
        """Send one plain-text message; raises smtplib's errors when the server refuses it."""
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = to
        message["Subject"] = subject
        for name, value in (headers or {}).items():
            message[name] = value
        message.set_content(body)
        self._connection().send_message(message)

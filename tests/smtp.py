"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what arrives, for the reminder tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from typing import Any

from aiosmtpd.controller import Controller

from .conftest import xdist_worker_index

# The SMTP test ports this suite may bind (a range of its own on a shared machine), and under
# pytest-xdist a block of them per worker, so that two workers never pick the same free port at once.
PORTS_PER_WORKER = 11
_FIRST = 8025 + PORTS_PER_WORKER * xdist_worker_index()
PORTS = range(_FIRST, _FIRST + PORTS_PER_WORKER)


@dataclass
class Inbox:
    """Messages the server accepted, in order; `rcpt_delay` slows each recipient (to kill a sender midway)."""

    messages: list[Message] = field(default_factory=list)
    rcpt_delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        """Accept the recipient, after the configured delay."""
        if self.rcpt_delay:
            time.sleep(self.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Keep the message."""
        with self.lock:
            self.messages.append(
                message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
            )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        """The messages addressed to one person."""
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free SMTP test port in {PORTS}")


@contextmanager
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    """Run a server on a free test port; yields (port, inbox)."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def body(message: Message) -> str:
    """A plain-text message's text, decoded, with plain line ends."""
    assert isinstance(message, EmailMessage)
    return str(message.get_content()).replace("\r\n", "\n")

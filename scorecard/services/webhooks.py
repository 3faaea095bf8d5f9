"""Webhooks: endpoints admins register, events queued with the change that caused them, signed deliveries.

Signed per Standard Webhooks: `webhook-id`, `webhook-timestamp` and
`webhook-signature` = "v1," + base64(HMAC-SHA256(key, "id.timestamp.body")),
the key being the base64 after "whsec_" in the endpoint's secret. An event is
written in the same transaction as the change (an outbox), so a change that
rolls back announces nothing; the job queue delivers it afterwards, retrying
with backoff, and every attempt's answer is kept.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from scorecard.errors import N_, RuleViolation
from scorecard.models import ProgressEntry, RecommendationState, WebhookDelivery, WebhookEndpoint, utcnow

from . import audit
from .audit import ActingUser
from .lookup import get_or_missing

EVENTS = (
    "progress.recorded",
    "entry.approved",  # sent once contributors' entries go through review
    "recommendation.changed",
    "score.crossed",
    "import.finished",
)
SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks marker, not a secret
# Waits before each retry (Standard Webhooks suggests about this): after the last, the delivery has failed.
BACKOFF = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
ENDPOINTS_KEY = "webhook_endpoints"
PENDING_KEY = "webhooks_pending"
TIMEOUT_SECONDS = 10
ANSWER_KEPT = 2000


@dataclass(frozen=True, slots=True)
class Answer:
    """What an endpoint answered to one attempt (status None: no answer, e.g. refused or timed out)."""

    status: int | None
    body: str


Sender = Callable[["Target", bytes, dict[str, str]], Answer]


# -- signing ---------------------------------------------------------------------------------


def new_secret() -> str:
    """A fresh signing secret, "whsec_" and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The webhook-signature header for one message."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


# -- where deliveries may go ------------------------------------------------------------------


def _blocked(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


@dataclass(frozen=True, slots=True)
class Target:
    """Where one delivery goes: the URL as registered, and the one address it was checked at.

    The delivery connects to `address` and names the URL's host in the Host
    header and TLS SNI, so that the name cannot resolve to a different address
    between the check and the connection (DNS rebinding).
    """

    url: str
    address: str


def resolve_url(url: str, *, allowed: Sequence[str] = ()) -> Target:
    """The URL and the address to deliver to, if it may receive deliveries: http(s), and every address
    its host resolves to public (resolved once, here).

    Private, loopback and link-local addresses (the server's own network, cloud
    metadata) are refused unless an address or network in `allowed` (the
    WEBHOOK_ALLOWED_NETWORKS setting) covers them.
    """
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 1000:
        raise RuleViolation(N_("Enter an http:// or https:// address."), field="url")
    try:
        found = [str(info[4][0]) for info in socket.getaddrinfo(parts.hostname, parts.port or None)]
    except (socket.gaierror, UnicodeError, ValueError):
        raise RuleViolation(N_("That host name does not resolve."), field="url") from None
    if not found:
        raise RuleViolation(N_("That host name does not resolve."), field="url")
    networks = [ipaddress.ip_network(net, strict=False) for net in allowed]
    for text in dict.fromkeys(found):
        address = ipaddress.ip_address(text.split("%")[0])
        if _blocked(address) and not any(address in network for network in networks):
            raise RuleViolation(
                N_(
                    "That address is on a private, loopback or link-local network (%(address)s); "
                    "webhooks may not reach it.",
                    address=str(address),
                ),
                field="url",
            )
    return Target(url, found[0])


def check_url(url: str, *, allowed: Sequence[str] = ()) -> str:
    """The URL if it may receive deliveries (see resolve_url)."""
    return resolve_url(url, allowed=allowed).url


# -- endpoints -----------------------------------------------------------------------------------


def create_endpoint(
    session: Session,
    *,
    url: str,
    events: Iterable[str],
    threshold: float | None = None,
    allowed: Sequence[str] = (),
    by: ActingUser,
) -> WebhookEndpoint:
    """Register an endpoint for some events, with a new signing secret."""
    chosen = [event for event in EVENTS if event in set(events)]
    errors: dict[str, str] = {}
    if not chosen or set(events) - set(EVENTS):
        errors["events"] = N_("Choose one or more events from the list.")
    if threshold is not None and not 0 <= threshold <= 100:
        errors["threshold"] = N_("A threshold is a score from 0 to 100.")
    if "score.crossed" in chosen and threshold is None:
        errors["threshold"] = N_("Give the score whose crossing is announced.")
    try:
        url = check_url(url, allowed=allowed)
    except RuleViolation as violation:
        errors.update(violation.errors)
    if errors:
        raise RuleViolation(errors)
    endpoint = WebhookEndpoint(url=url, events=chosen, secret=new_secret(), threshold=threshold, active=True)
    session.add(endpoint)
    session.flush()
    session.info.pop(ENDPOINTS_KEY, None)
    said = N_("Registered a webhook endpoint %(url)s", url=url)
    after = {"url": url, "events": chosen, "threshold": threshold}
    audit.record(session, by, "create", "webhook_endpoint", endpoint.id, said, after=after)
    return endpoint


def list_endpoints(session: Session) -> list[WebhookEndpoint]:
    """Every endpoint, newest first."""
    return list(session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id.desc())))


def recent_deliveries(session: Session, *, limit: int = 100) -> list[WebhookDelivery]:
    """The latest deliveries, newest first, with their endpoints."""
    query = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
    return list(session.scalars(query))


# -- events ----------------------------------------------------------------------------------------


def emit(
    session: Session,
    event: str,
    payload: dict[str, Any],
    *,
    only: Callable[[WebhookEndpoint], bool] | None = None,
) -> list[WebhookDelivery]:
    """Queue `event` for every active endpoint that asked for it, in this transaction (undone with it)."""
    assert event in EVENTS, event
    endpoints = [
        endpoint
        for endpoint in _active_endpoints(session)
        if event in endpoint.events and (only is None or only(endpoint))
    ]
    if not endpoints:
        return []
    now = utcnow()
    body = json.dumps(
        {"type": event, "timestamp": now.isoformat().replace("+00:00", "Z"), "data": audit.jsonable(payload)},
        separators=(",", ":"),
    )
    deliveries = [
        WebhookDelivery(
            endpoint_id=endpoint.id,
            message_id=f"msg_{uuid.uuid4().hex}",
            event=event,
            body=body,
            status="pending",
            attempts=0,
            created_at=now,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    ]
    session.add_all(deliveries)
    session.info[PENDING_KEY] = True
    return deliveries


def emit_score_crossed(
    session: Session, *, code: str, before: float | None, after: float | None
) -> list[WebhookDelivery]:
    """score.crossed for each endpoint whose threshold the recommendation's score just passed, either way."""
    if before is None or after is None or before == after:
        return []

    def crossed(endpoint: WebhookEndpoint) -> bool:
        limit = endpoint.threshold
        return limit is not None and (before < limit <= after or after < limit <= before)

    payload = {"recommendation_code": code, "score": after, "previous_score": before}
    return emit(session, "score.crossed", payload, only=crossed)


# -- delivering --------------------------------------------------------------------------------------


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to the checked address, the Host header naming the URL's host."""

    def __init__(self, host: str, port: int | None, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked address, with SNI and the certificate check for the URL's host."""

    def __init__(self, host: str, port: int | None, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def send_http(target: Target, body: bytes, headers: dict[str, str]) -> Answer:
    """POST one signed message to the address just checked and read the answer.

    Redirects are not followed (one could lead to an address the check refused):
    a 3xx is the answer.
    """
    parts = urlsplit(target.url)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = kind(parts.hostname or "", parts.port, address=target.address, timeout=TIMEOUT_SECONDS)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        return Answer(answer.status, answer.read(ANSWER_KEPT).decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException) as failed:
        return Answer(None, str(failed)[:ANSWER_KEPT] or type(failed).__name__)
    finally:
        connection.close()


def deliver(
    session: Session,
    delivery_id: int,
    *,
    allowed: Sequence[str] = (),
    now: datetime | None = None,
    send: Sender = send_http,
) -> WebhookDelivery:
    """Make one attempt at a pending delivery that is due; note the answer and when to try again."""
    delivery = get_or_missing(session, WebhookDelivery, delivery_id, "Webhook delivery", for_update=True)
    now = now or utcnow()
    due = delivery.next_attempt_at is None or delivery.next_attempt_at <= now
    if delivery.status != "pending" or not due:
        return delivery  # delivered, given up, or not yet due: a repeated job does nothing
    endpoint = delivery.endpoint
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Scorecard-Webhooks/1",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(endpoint.secret, delivery.message_id, timestamp, delivery.body),
    }
    try:
        target = resolve_url(endpoint.url, allowed=allowed)
        answer = send(target, delivery.body.encode("utf-8"), headers)
    except RuleViolation as refused:
        answer = Answer(None, next(iter(refused.errors.values())))
    delivery.attempts += 1
    delivery.response_status = answer.status
    delivery.response_body = answer.body[:ANSWER_KEPT]
    if answer.status is not None and 200 <= answer.status < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = "failed", None
    else:
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    session.flush()
    return delivery


def due_deliveries(session: Session, *, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Pending deliveries whose next attempt is due, oldest first."""
    query = (
        select(WebhookDelivery.id)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= (now or utcnow()))
        .order_by(WebhookDelivery.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def next_due(session: Session) -> datetime | None:
    """When the earliest pending delivery is next due (None: nothing is pending)."""
    return session.scalar(
        select(WebhookDelivery.next_attempt_at)
        .where(WebhookDelivery.status == "pending")
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(1)
    )


def resend(session: Session, delivery_id: int, *, by: ActingUser) -> WebhookDelivery:
    """Send a delivery again from the start (same message id, so that receivers can tell a repeat)."""
    delivery = get_or_missing(session, WebhookDelivery, delivery_id, "Webhook delivery")
    delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, utcnow()
    session.info[PENDING_KEY] = True
    said = N_("Re-sent the %(event)s webhook %(id)s", event=delivery.event, id=delivery.message_id)
    audit.record(session, by, "resend", "webhook_delivery", delivery.id, said)
    return delivery


# -- what the services call ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreWatch:
    """A recommendation's score before a change, kept when some endpoint listens for score.crossed."""

    recommendation_id: int
    before: float | None


def _active_endpoints(session: Session) -> list[WebhookEndpoint]:
    """The active endpoints, read once per session (a write that records many entries asks once)."""
    cached: list[WebhookEndpoint] | None = session.info.get(ENDPOINTS_KEY)
    if cached is None:
        query = select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
        cached = session.info[ENDPOINTS_KEY] = list(session.scalars(query))
    return cached


def _listening(session: Session, event: str) -> bool:
    return any(event in endpoint.events for endpoint in _active_endpoints(session))


def watch_score(session: Session, recommendation_id: int) -> ScoreWatch | None:
    """Note the score before a change, if anyone is to hear of its crossing a threshold."""
    if not _listening(session, "score.crossed"):
        return None
    before = session.scalar(
        select(RecommendationState.score).where(RecommendationState.recommendation_id == recommendation_id)
    )
    return ScoreWatch(recommendation_id, before)


def progress_recorded(session: Session, entry: ProgressEntry, code: str, watch: ScoreWatch | None) -> None:
    """progress.recorded for an entry (new or a correction); score.crossed if the score passed a threshold."""
    payload = {
        "entry_id": entry.id,
        "benchmark_id": entry.benchmark_id,
        "recommendation_code": code,
        "observed_on": entry.observed_on,
        "score": entry.score,
        "corrects_id": entry.corrects_id,
    }
    emit(session, "progress.recorded", payload)
    if watch is not None:
        after = session.scalar(
            select(RecommendationState.score).where(
                RecommendationState.recommendation_id == watch.recommendation_id
            )
        )
        emit_score_crossed(session, code=code, before=watch.before, after=after)


def recommendation_changed(session: Session, *, code: str, action: str, version: int) -> None:
    """recommendation.changed: created, updated, archived or restored."""
    emit(
        session, "recommendation.changed", {"recommendation_code": code, "action": action, "version": version}
    )

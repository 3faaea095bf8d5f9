"""Webhooks: Standard Webhooks signatures (checked by the standardwebhooks package), retries with backoff
against a local receiver that fails twice, re-sending, and the refusal of private addresses."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy.orm import Session
from standardwebhooks.webhooks import Webhook

from scorecard import jobs
from scorecard.errors import RuleViolation
from scorecard.models import WebhookDelivery, utcnow
from scorecard.services import webhooks
from tests import factories
from tests.api.conftest import SYSTEM, bearer, make_token

LOCAL = ("127.0.0.1/32",)
PORT = 5171


class Receiver(ThreadingHTTPServer):
    """A webhook receiver on 127.0.0.1 that answers 500 to the first `failures` calls, then 204."""

    def __init__(self, failures: int) -> None:
        super().__init__(("127.0.0.1", PORT), _Handler)
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes]] = []


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        failing = len(self.server.received) <= self.server.failures
        self.send_response(500 if failing else 204)
        self.end_headers()
        if failing:
            self.wfile.write(b"not yet")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver(request: pytest.FixtureRequest) -> Iterator[Receiver]:
    server = Receiver(getattr(request, "param", 0))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Tests allow the loopback receiver; deliveries run within the request (immediate jobs)."""
    return {**app_config, "WEBHOOK_ALLOWED_NETWORKS": list(LOCAL), "JOBS_IMMEDIATE": True}


def _endpoint(session: Session, *events: str, threshold: float | None = None) -> Any:
    endpoint = webhooks.create_endpoint(
        session,
        url=f"http://127.0.0.1:{PORT}/hook",
        events=events or ["progress.recorded"],
        threshold=threshold,
        allowed=LOCAL,
        by=SYSTEM,
    )
    session.commit()
    return endpoint


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8080/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[fe80::1]/hook",
        "ftp://example.org/hook",
    ],
)
def test_webhooks_refuse_private_loopback_and_link_local_addresses(session: Session, url: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        webhooks.create_endpoint(session, url=url, events=["progress.recorded"], by=SYSTEM)
    assert set(refused.value.errors) == {"url"}


def test_webhooks_allow_loopback_only_when_the_setting_does(session: Session) -> None:
    assert webhooks.check_url("http://127.0.0.1:5171/hook", allowed=LOCAL)
    with pytest.raises(RuleViolation):
        webhooks.check_url("http://10.0.0.1/hook", allowed=LOCAL)


def test_webhooks_are_signed_as_standard_webhooks_check(api, session: Session, receiver: Receiver) -> None:
    endpoint = _endpoint(session, "progress.recorded", "recommendation.changed")
    rec = factories.make_recommendation(session)
    session.commit()
    answer = api.post(
        f"/api/v1/benchmarks/{rec.benchmarks[0].id}/progress",
        json={"observed_on": "2026-03-01", "achieved": True},
        headers=bearer(make_token(session)),
    )
    assert answer.status_code == 201
    # the recommendation made before (no request, no dispatch) and the entry, both delivered now
    assert [h["webhook-id"] for h, _ in receiver.received]
    verifier = Webhook(endpoint.secret)
    events = [verifier.verify(body, headers) for headers, body in receiver.received]
    assert {event["type"] for event in events} >= {"progress.recorded"}
    recorded = next(event for event in events if event["type"] == "progress.recorded")
    assert recorded["data"]["entry_id"] == answer.get_json()["entry_id"]
    headers, body = receiver.received[-1]
    with pytest.raises(Exception, match="signature"):
        Webhook(webhooks.new_secret()).verify(body, headers)


@pytest.mark.parametrize("receiver", [2], indirect=True)
def test_webhooks_retry_with_backoff_until_the_receiver_answers(session: Session, receiver: Receiver) -> None:
    _endpoint(session, "recommendation.changed")
    factories.make_recommendation(session, code="WH-1")
    [delivery] = session.query(WebhookDelivery).all()
    now = utcnow()
    for attempt, wait in enumerate(webhooks.BACKOFF[:2], start=1):
        webhooks.deliver(session, delivery.id, allowed=LOCAL, now=now)
        assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", attempt, 500)
        assert delivery.next_attempt_at == now + wait
        # not due yet: another run changes nothing
        assert webhooks.due_deliveries(session, now=now + wait - timedelta(seconds=1)) == []
        now += wait
    webhooks.deliver(session, delivery.id, allowed=LOCAL, now=now)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 3, 204)
    assert len({headers["webhook-id"] for headers, _ in receiver.received}) == 1  # one message, three tries
    webhooks.deliver(session, delivery.id, allowed=LOCAL, now=now + timedelta(hours=1))
    assert len(receiver.received) == 3  # a delivered one is not sent again by a repeated job


def test_webhooks_give_up_after_the_last_attempt_and_can_be_resent(session: Session) -> None:
    _endpoint(session, "recommendation.changed")
    factories.make_recommendation(session, code="WH-2")
    [delivery] = session.query(WebhookDelivery).all()
    now = utcnow()
    for _ in range(webhooks.MAX_ATTEMPTS):  # nobody listens on the port: no answer at all
        webhooks.deliver(session, delivery.id, allowed=LOCAL, now=now)
        now += timedelta(days=1)
    assert (delivery.status, delivery.response_status) == ("failed", None)
    webhooks.resend(session, delivery.id, by=SYSTEM)
    assert delivery.status == "pending" and delivery.attempts == 0


def test_webhooks_announce_a_score_crossing_its_threshold(session: Session) -> None:
    _endpoint(session, "score.crossed", threshold=50)
    rec = factories.make_recommendation(session)
    factories.record(session, rec.benchmarks[0], date(2026, 2, 1), achieved=False)
    assert session.query(WebhookDelivery).filter_by(event="score.crossed").count() == 0
    factories.record(session, rec.benchmarks[0], date(2026, 3, 1), achieved=True)
    [crossed] = session.query(WebhookDelivery).filter_by(event="score.crossed").all()
    assert '"score":100.0' in crossed.body and '"previous_score":0.0' in crossed.body


def test_webhooks_delivered_by_the_job(app, session: Session, receiver: Receiver) -> None:
    _endpoint(session, "recommendation.changed")
    factories.make_recommendation(session, code="WH-3")
    session.commit()
    with app.app_context():
        jobs.deliver_webhooks(jobs.current_queue().context)
    assert len(receiver.received) == 1


def test_webhooks_know_every_event_name() -> None:
    assert set(webhooks.EVENTS) == {
        "progress.recorded",
        "entry.approved",
        "recommendation.changed",
        "score.crossed",
        "import.finished",
    }


def _resolver(*answers: str) -> Any:
    """A getaddrinfo stub answering each address in turn (the last one from then on), counting calls."""
    calls: list[str] = []

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        calls.append(host)
        address = answers[min(len(calls), len(answers)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))]

    getaddrinfo.calls = calls  # type: ignore[attr-defined]
    return getaddrinfo


def test_webhooks_connect_to_the_address_checked_not_a_rebound_one(
    session: Session, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that answers a public address when checked and 127.0.0.1 afterwards never reaches loopback."""
    # registered (checked), then checked again at delivery: public both times; loopback from then on
    resolver = _resolver("93.184.216.34", "93.184.216.34", "127.0.0.1")
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    webhooks.create_endpoint(
        session,
        url=f"http://hooks.example.test:{PORT}/hook",
        events=["recommendation.changed"],
        by=SYSTEM,
    )
    factories.make_recommendation(session, code="WH-DNS")
    session.commit()
    [delivery] = session.query(WebhookDelivery).all()
    dialled: list[tuple[str, int]] = []
    real_connect = socket.create_connection

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        dialled.append(address)
        if address[0] != "127.0.0.1":
            raise ConnectionRefusedError("no network in tests")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    webhooks.deliver(session, delivery.id, allowed=(), now=utcnow())
    # resolved once per check, never again by the HTTP client: the checked address is the one dialled
    assert resolver.calls == ["hooks.example.test"] * 2
    assert dialled == [("93.184.216.34", PORT)]
    assert receiver.received == [] and delivery.status == "pending" and delivery.response_status is None


def test_webhooks_refuse_a_name_with_any_disallowed_address(monkeypatch: pytest.MonkeyPatch) -> None:
    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(RuleViolation):
        webhooks.resolve_url("http://hooks.example.test/hook")


def test_webhooks_name_the_original_host_to_the_checked_address(
    session: Session, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delivered to the address the check found, with the registered name in the Host header."""
    monkeypatch.setattr(socket, "getaddrinfo", _resolver("127.0.0.1"))
    webhooks.create_endpoint(
        session,
        url=f"http://hooks.example.test:{PORT}/hook?via=dns",
        events=["recommendation.changed"],
        allowed=LOCAL,
        by=SYSTEM,
    )
    factories.make_recommendation(session, code="WH-HOST")
    session.commit()
    [delivery] = session.query(WebhookDelivery).all()
    webhooks.deliver(session, delivery.id, allowed=LOCAL, now=utcnow())
    assert delivery.status == "delivered", delivery.response_body
    [(headers, _body)] = receiver.received
    assert headers["host"] == f"hooks.example.test:{PORT}"

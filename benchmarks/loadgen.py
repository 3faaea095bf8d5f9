"""A small HTTP load driver: signed-in clients on keep-alive connections, timing every request.

Standard library only, so that the measurement adds no dependency. Each client
is a thread with its own connection and session cookie; latencies are wall
time from sending the request to reading the whole body.
"""

from __future__ import annotations

import http.client
import re
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Client:
    """One browser: a keep-alive connection and its cookies."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    # A personal access token for the JSON API, sent as Authorization: Bearer.
    token: str | None = None

    def __post_init__(self) -> None:
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        """Send one request, read the whole answer, keep the cookies."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data, dict(response.headers)

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on `path`."""
        status, body, _ = self.request("GET", path)
        match = CSRF.search(body.decode("utf-8", "replace"))
        if status != 200 or match is None:
            raise RuntimeError(f"no form at {path} (HTTP {status})")
        return match.group(1)

    def sign_in(self, email: str, password: str) -> None:
        """Sign in through the form."""
        token = self.csrf_token("/login")
        status, _, headers = self.request(
            "POST", "/login", {"email": email, "password": password, "csrf_token": token}
        )
        if status != 302 or "/login" in headers.get("Location", ""):
            raise RuntimeError(f"sign-in failed for {email} (HTTP {status})")


@dataclass(frozen=True)
class Timing:
    """What one scenario measured."""

    name: str
    requests: int
    clients: int
    seconds: float
    latencies_ms: Sequence[float]
    errors: int

    def percentile(self, share: float) -> float:
        """The latency below which `share` of the requests finished, in ms."""
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
        return ordered[index]

    @property
    def p50(self) -> float:
        """Median latency in ms."""
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p95(self) -> float:
        """95th-percentile latency in ms."""
        return self.percentile(0.95)

    @property
    def throughput(self) -> float:
        """Completed requests per second over the scenario."""
        return self.requests / self.seconds if self.seconds else 0.0


def run(
    name: str,
    clients: Sequence[Client],
    step: Callable[[Client, int], tuple[int, bytes, dict[str, str]]],
    *,
    per_client: int,
    warmup: int = 2,
    expect: tuple[int, ...] = (200,),
) -> Timing:
    """Each client runs `step` `per_client` times concurrently (after a few untimed warm-up calls)."""
    for client in clients:
        for n in range(warmup):
            step(client, -1 - n)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def work(client: Client, offset: int) -> None:
        nonlocal errors
        mine: list[float] = []
        failed = 0
        for n in range(per_client):
            began = time.perf_counter()
            status, _, _ = step(client, offset * per_client + n)
            mine.append((time.perf_counter() - began) * 1000)
            failed += status not in expect
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=work, args=(client, i)) for i, client in enumerate(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    return Timing(name, len(latencies), len(clients), seconds, latencies, errors)

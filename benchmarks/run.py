"""Scorecard at scale: build 10k/50k/1M on SQLite and PostgreSQL, drive the real server, write RESULTS.md.

    make bench                       # both backends, the full size (about 10 minutes)
    .venv/bin/python benchmarks/run.py --backends sqlite --entries 100000 --recommendations 1000

For each backend: a fresh database filled by `scorecard generate`; the real
server (`scorecard serve`: gunicorn, workers and threads as configured) on
127.0.0.1; concurrent signed-in clients timing the pages and saving entries;
the CSV export through HTTP and its peak memory in a process of its own; the
import of the export into an empty database. Every figure stands beside the
time of the same work done raw (plain SQL through the driver, or plain
sqlite3/psycopg with csv.writer), as the ratio ours ÷ raw.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import csv_rates
import loadgen
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from scorecard.api.paging import encode_cursor

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA = ROOT / "benchmarks" / "data"
PASSWORD = "quiet harbour lantern 2026"
PAST = "2025-05-17"  # not a kept snapshot day: the page computes it from the entries
COMPARE_PAST = "2024-05-17"


@dataclass(frozen=True)
class Target:
    """What issue 15 asks of a scenario with the page cache off: p95 under 8 clients, and alone."""

    p95: float
    alone: float | None = None

    @property
    def wording(self) -> str:
        alone = f"alone < {self.alone:.0f}, " if self.alone else ""
        return f"{alone}p95 < {self.p95:.0f} ms"


TODAY_PAGE = Target(200, 50)
PAST_PAGE = Target(600, 250)
LIST_PAGE = Target(50)
TARGETS = {
    "dashboard": TODAY_PAGE,
    "scorecard, today, all": TODAY_PAGE,
    "scorecard, today, filtered": TODAY_PAGE,
    "scorecard, today, by theme": TODAY_PAGE,
    "scorecard, today, by actor": TODAY_PAGE,
    "scorecard, today, by source": TODAY_PAGE,
    "scorecard, past date": PAST_PAGE,
    "list, first page": LIST_PAGE,
    "list, 200th page": LIST_PAGE,
    "recommendation page": Target(60),
    "save an entry": Target(100),
    # issue 16: the framework and integrated pages, held to the scorecard's targets
    "framework page, today": TODAY_PAGE,
    "framework page, past date": PAST_PAGE,
    "integrated view": TODAY_PAGE,
    # issue 18: the JSON API, held to the pages' targets
    "API scorecard, today": TODAY_PAGE,
    "API recommendations, first page": LIST_PAGE,
    "API progress, a later page": LIST_PAGE,
}
# The raw query each scenario is compared with, where it is another scenario's.
RAW_OF = {
    "scorecard, today, by theme": "scorecard, today, all",
    "scorecard, today, by actor": "scorecard, today, all",
    "scorecard, today, by source": "scorecard, today, all",
    "API scorecard, today": "scorecard, today, all",
    "API recommendations, first page": "list, first page",
    "API progress, a later page": "list, 200th page",
}


def page_paths(ids: dict[str, list[int]]) -> dict[str, str | Callable[[int], str]]:
    """The pages measured, by scenario: a path, or a function of the request number (random ids)."""
    theme = ids["themes"][len(ids["themes"]) // 2]
    recommendations = ids["recommendations"]
    paths: dict[str, str | Callable[[int], str]] = {
        "dashboard": "/",
        "scorecard, today, all": "/scorecard",
        "scorecard, today, filtered": f"/scorecard?theme={theme}&status=in_progress",
        "scorecard, today, by theme": "/scorecard?group=theme",
        "scorecard, today, by actor": "/scorecard?group=actor",
        "scorecard, today, by source": "/scorecard?group=source",
        "scorecard, past date": f"/scorecard?as_of={PAST}&compare={COMPARE_PAST}",
        "list, first page": "/recommendations",
        "list, 200th page": "/recommendations?page=200",
        "recommendation page": lambda n: f"/recommendations/{recommendations[n % len(recommendations)]}",
    }
    if ids["frameworks"]:
        framework = ids["frameworks"][0]
        paths["framework page, today"] = f"/frameworks/{framework}"
        paths["framework page, past date"] = f"/frameworks/{framework}?as_of={PAST}&compare={COMPARE_PAST}"
        paths["integrated view"] = f"/frameworks/integrated?track=framework:{framework}"
    return paths


def api_paths(ids: dict[str, list[int]]) -> dict[str, str]:
    """The API's scenarios (a cursor well into the progress list, as a client paging through it holds)."""
    return {
        "API scorecard, today": "/api/v1/scorecard",
        "API recommendations, first page": "/api/v1/recommendations",
        "API progress, a later page": f"/api/v1/progress?cursor={encode_cursor((len(ids['milestones']),))}",
    }


def in_process_client(url: str) -> Any:
    """A test client of the app on `url` with the summary cache off, signed in as the bench viewer."""
    import re as _re

    from scorecard import create_app

    app = create_app(
        {
            "DATABASE_URL": url,
            "TESTING": True,
            "SECRET_KEY": "x" * 40,
            "SUMMARY_CACHE_SIZE": 0,
            "LOG_LEVEL": "ERROR",
        }
    )
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = _re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token is not None
    client.post(
        "/login", data={"email": "bench-viewer@example.org", "password": PASSWORD, "csrf_token": token[1]}
    )
    return client


def uncached_times(url: str, paths: dict[str, str | Callable[[int], str]]) -> dict[str, float]:
    """Each page's time with the summary cache off: one request at a time, in-process (median, ms).

    What the first visitor after a change waits for, with no other client in
    the way; a page of random ids is timed over several of them.
    """
    client = in_process_client(url)
    found = {}
    for name, path in paths.items():
        pick = path if callable(path) else (lambda n, path=path: path)
        client.get(pick(-1))
        numbers = iter(range(1_000))
        found[name] = timed(
            lambda pick=pick, numbers=numbers: client.get(pick(next(numbers))),
            repeat=5 if callable(path) else 3,
        )
    return found


@dataclass
class BackendResult:
    """Everything measured on one backend."""

    name: str
    url: str
    generate_seconds: float = 0.0
    generate_rows: int = 0
    # the load scenarios' timings with the page cache "on" and "off"
    timings: dict[str, dict[str, loadgen.Timing]] = field(default_factory=dict)
    raw: dict[str, float] = field(default_factory=dict)
    uncached: dict[str, float] = field(default_factory=dict)
    export: dict[str, float] = field(default_factory=dict)
    imports: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def scorecard(*args: str, url: str, stdin: str | None = None) -> str:
    """Run the scorecard command against `url`; its output."""
    env = {**os.environ, "SCORECARD_DATABASE_URL": url, "SCORECARD_LOG_LEVEL": "WARNING"}
    done = subprocess.run(
        [str(BIN / "scorecard"), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode:
        raise RuntimeError(f"scorecard {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def fresh_database(backend: str, postgresql: str, name: str = "bench") -> str:
    """An empty database URL for `backend` (the benchmark's own: dropped and made again; PostgreSQL's
    named by `postgresql`, its name suffixed by `name` unless that is "bench")."""
    if backend == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            (DATA / f"{name}.db{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{DATA / f'{name}.db'}"
    url = make_url(postgresql)
    if name != "bench":
        url = url.set(database=f"{url.database}_{name}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def existing_database(backend: str, postgresql: str) -> str:
    """The URL of the previous run's database, which must still be there."""
    if backend == "sqlite":
        if not (DATA / "bench.db").exists():
            raise SystemExit("--reuse: no benchmarks/data/bench.db from an earlier run")
        return f"sqlite:///{DATA / 'bench.db'}"
    return make_url(postgresql).render_as_string(hide_password=False)


def free_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int, *, cache: bool = True) -> subprocess.Popen[bytes]:
    """`scorecard serve` on 127.0.0.1:port (with the page cache or without), waited for until it answers."""
    env = {**os.environ, "SCORECARD_DATABASE_URL": url, "SCORECARD_LOG_LEVEL": "WARNING"}
    if not cache:
        env["SCORECARD_SUMMARY_CACHE_SIZE"] = "0"
    # The clients share a few tokens: the per-token limit would otherwise be what is measured.
    env["SCORECARD_API_RATE_LIMIT"] = "1000000/minute"
    server = subprocess.Popen(
        [str(BIN / "scorecard"), "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _, _ = loadgen.Client("127.0.0.1", port).request("GET", "/login")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("the server did not start")


def timed(work: Callable[[], Any], repeat: int = 5) -> float:
    """Median wall time of `work` in ms."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def raw_queries(url: str, recommendation_id: int) -> dict[str, Callable[[], Any]]:
    """The same work as each page, as plain SQL through the driver (no app, no ORM, no template)."""
    engine = create_engine(url)
    window = """
        SELECT t.name, r.status, count(*), avg(latest.score) FROM (
          SELECT benchmark_id, score, row_number() OVER (PARTITION BY benchmark_id
                 ORDER BY observed_on DESC, id DESC) AS n
          FROM progress_entry WHERE superseded_at IS NULL AND deleted_at IS NULL {until}) latest
        JOIN benchmark b ON b.id = latest.benchmark_id JOIN recommendation r ON r.id = b.recommendation_id
        JOIN theme t ON t.id = r.theme_id WHERE latest.n = 1 GROUP BY t.name, r.status"""
    page = """SELECT r.id, r.code, r.title, t.name, r.status, r.due_on FROM recommendation r
              JOIN theme t ON t.id = r.theme_id WHERE r.archived_at IS NULL
              ORDER BY r.code LIMIT 25 OFFSET {offset}"""
    history = f"""SELECT e.* FROM progress_entry e JOIN benchmark b ON b.id = e.benchmark_id
                  WHERE b.recommendation_id = {int(recommendation_id)}
                  ORDER BY e.observed_on DESC, e.id DESC"""

    def run(sql: str) -> Callable[[], Any]:
        def go() -> Any:
            with engine.connect() as connection:
                return connection.execute(text(sql)).all()

        return go

    def insert_entry() -> None:
        with engine.begin() as connection:
            benchmark_id = connection.execute(
                text("SELECT id FROM benchmark WHERE kind = 'milestone' LIMIT 1")
            ).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO progress_entry (benchmark_id, kind, observed_on, achieved, score, "
                    "created_at) VALUES (:b, 'milestone', :d, :a, 100, :c)"
                ),
                {"b": benchmark_id, "d": date.today(), "a": True, "c": "2026-01-01 00:00:00"},
            )
            connection.rollback()

    return {
        "dashboard": run(window.format(until="")),
        "scorecard, today, all": run(window.format(until="")),
        "scorecard, today, filtered": run(window.format(until="")),
        "scorecard, past date": run(window.format(until=f"AND observed_on <= '{PAST}'")),
        "list, first page": run(page.format(offset=0)),
        "list, 200th page": run(page.format(offset=199 * 25)),
        "recommendation page": run(history),
        "save an entry": insert_entry,
    }


def sample_ids(url: str) -> dict[str, list[int]]:
    """Ids the clients pick from."""
    engine = create_engine(url)
    with engine.connect() as connection:
        recommendations = list(connection.execute(text("SELECT id FROM recommendation")).scalars())
        milestones = list(
            connection.execute(
                text(
                    "SELECT b.id FROM benchmark b JOIN recommendation r ON r.id = b.recommendation_id "
                    "WHERE b.kind = 'milestone' AND r.archived_at IS NULL"
                )
            ).scalars()
        )
        themes = list(connection.execute(text("SELECT id FROM theme ORDER BY id")).scalars())
        frameworks = list(connection.execute(text("SELECT id FROM framework ORDER BY id")).scalars())
    engine.dispose()
    return {
        "recommendations": recommendations,
        "milestones": milestones,
        "themes": themes,
        "frameworks": frameworks,
    }


def saver(client: loadgen.Client, milestones: list[int], rng: random.Random) -> Callable[..., Any]:
    """A step that records today's progress on a random milestone through the form, as `client`."""
    token = client.csrf_token(f"/benchmarks/{milestones[0]}/progress")

    def save(client: loadgen.Client, n: int) -> Any:
        return client.request(
            "POST",
            f"/benchmarks/{rng.choice(milestones)}/progress",
            {
                "csrf_token": token,
                "observed_on": date.today().isoformat(),
                "achieved": "yes",
                "note": "bench",
            },
        )

    return save


def signed_in(port: int, clients: int, role: str) -> list[loadgen.Client]:
    """`clients` browsers signed in as the bench user of `role`."""
    group = [loadgen.Client("127.0.0.1", port) for _ in range(clients)]
    for client in group:
        client.sign_in(f"bench-{role}@example.org", PASSWORD)
    return group


def drive(result: BackendResult, port: int, cache: str, *, clients: int, per_client: int) -> None:
    """Every scenario with `clients` concurrent clients, against a server with the page cache `cache`."""
    ids = sample_ids(result.url)
    readers = signed_in(port, clients, "viewer")
    writers = signed_in(port, clients, "analyst")
    steps = {id(client): saver(client, ids["milestones"], random.Random(5)) for client in writers}
    api_token = scorecard("tokens", "create", "bench-viewer@example.org", "--scope", "read", url=result.url)
    api_readers = [
        loadgen.Client("127.0.0.1", port, token=api_token.strip().splitlines()[-1]) for _ in range(clients)
    ]

    def get(path: str | Callable[[int], str]) -> Callable[[loadgen.Client, int], Any]:
        return lambda client, n: client.request("GET", path(n) if callable(path) else path)

    scenarios = [(name, get(path), readers, (200,)) for name, path in page_paths(ids).items()]
    scenarios.append(("save an entry", lambda client, n: steps[id(client)](client, n), writers, (302,)))
    scenarios += [(name, get(path), api_readers, (200,)) for name, path in api_paths(ids).items()]
    found = result.timings.setdefault(cache, {})
    for name, step, group, expect in scenarios:
        print(f"  {result.name}, cache {cache}: {name}", flush=True)
        found[name] = loadgen.run(name, group, step, per_client=per_client, expect=expect)
    if not result.raw:
        raw = raw_queries(result.url, ids["recommendations"][0])
        result.raw = {
            name: timed(raw[RAW_OF.get(name, name)], repeat=3)
            for name in found
            if RAW_OF.get(name, name) in raw
        }
        result.uncached = uncached_times(result.url, page_paths(ids))


def measure_csv(result: BackendResult, port: int) -> None:
    """The progress export through HTTP (rows/s), its peak memory in a process of its own, and raw rates."""
    client = loadgen.Client("127.0.0.1", port)
    client.sign_in("bench-viewer@example.org", PASSWORD)
    best = float("inf")
    rows = 0
    for _ in range(2):
        began = time.perf_counter()
        status, body, _ = client.request("GET", "/progress.csv")
        best = min(best, time.perf_counter() - began)
        rows = body.count(b"\r\n") - 1
        assert status == 200
    result.export["rows"] = rows
    result.export["http rows/s"] = rows / best
    result.export["peak MB"] = csv_rates.export_rss(result.url)
    raw_rows, raw_seconds = raw_export(result.url)
    result.export["raw rows/s"] = raw_rows / raw_seconds


def raw_export(url: str) -> tuple[int, float]:
    """The same join written with nothing but the driver and csv.writer."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return csv_rates.raw_rate(str(parsed.database))
    import psycopg

    began = time.perf_counter()
    with (
        psycopg.connect(
            host=parsed.host, port=parsed.port or 5432, user=parsed.username, dbname=parsed.database
        ) as connection,
        connection.cursor(name="raw") as cursor,
    ):
        cursor.itersize = 5000
        cursor.execute(csv_rates.RAW_QUERY)
        count = csv_rates.write_rows(cursor)
    return count, time.perf_counter() - began


def measure_import(result: BackendResult, postgresql: str) -> None:
    """Export the three kinds, import them into an empty database of the same backend, compare the rates."""
    from scorecard.db import Database

    source = Database(result.url)
    files = {
        kind: b"".join(csv_rates.export_bytes(source, kind))
        for kind in ("recommendations", "benchmarks", "progress")
    }
    source.engine.dispose()
    if result.name == "sqlite":
        target_url = f"sqlite:///{DATA / 'bench-import.db'}"
        for suffix in ("", "-wal", "-shm"):
            (DATA / f"bench-import.db{suffix}").unlink(missing_ok=True)
    else:
        target_url = fresh_database(
            "postgresql",
            make_url(postgresql).set(database="scorecard_bench_import").render_as_string(hide_password=False),
        )
    scorecard("db", "upgrade", url=target_url)
    target = Database(target_url)
    timings = csv_rates.measure_import(target, files)
    target.engine.dispose()
    for kind, (rows, seconds) in timings.items():
        result.imports[f"{kind} rows/s"] = rows / seconds
        result.imports[f"{kind} rows"] = rows
    result.imports["raw rows/s"] = raw_import(target_url, files["progress"])


def raw_import(url: str, content: bytes) -> float:
    """Parse the progress file with csv and insert its rows through the driver (no checks): rows/s."""
    began = time.perf_counter()
    reader = csv.reader(io.StringIO(content.decode("utf-8")))
    header = next(reader)
    rows = [tuple(row) for row in reader]
    columns = ", ".join(f"c{i} text" for i in range(len(header)))
    marks = ", ".join("?" for _ in header)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connection = sqlite3.connect(str(parsed.database))
        connection.execute(f"CREATE TEMP TABLE raw_import ({columns})")
        connection.executemany(f"INSERT INTO raw_import VALUES ({marks})", rows)
        connection.commit()
        connection.close()
    else:
        import psycopg

        with psycopg.connect(
            host=parsed.host, port=parsed.port or 5432, user=parsed.username, dbname=parsed.database
        ) as connection:
            connection.execute(f"CREATE TEMP TABLE raw_import ({columns})")
            with connection.cursor() as cursor, cursor.copy("COPY raw_import FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    return len(rows) / (time.perf_counter() - began)


def build_database(
    result: BackendResult, args: argparse.Namespace, *, entries: int | None = None, frameworks: int = 5
) -> None:
    """Migrate, generate the synthetic data set and add the two benchmark users."""
    entries = args.entries if entries is None else entries
    print(f"{result.name}: generating {args.recommendations} recommendations, {entries} entries", flush=True)
    scorecard("db", "upgrade", url=result.url)
    began = time.perf_counter()
    output = scorecard(
        "generate",
        "--recommendations",
        str(args.recommendations),
        "--benchmarks-per",
        str(args.benchmarks_per),
        "--entries",
        str(entries),
        # Issue 16's scale: 5 frameworks × 500 items × 10 links each.
        "--frameworks",
        str(frameworks),
        url=result.url,
    )
    result.generate_seconds = time.perf_counter() - began
    result.generate_rows = args.recommendations * (1 + args.benchmarks_per) + entries
    result.notes.append(output.strip().splitlines()[-1])
    for role in ("viewer", "analyst"):
        scorecard(
            "users",
            "create",
            f"bench-{role}@example.org",
            "--role",
            role,
            url=result.url,
            stdin=f"{PASSWORD}\n{PASSWORD}\n",
        )


def run_backend(name: str, args: argparse.Namespace) -> BackendResult:
    """Build, serve (with the page cache, then without), measure one backend."""
    if args.reuse:
        url = existing_database(name, args.postgresql_url)
        result = BackendResult(name, url)
        result.notes.append("measured again on the data of the previous run (--reuse)")
    else:
        url = fresh_database(name, args.postgresql_url)
        result = BackendResult(name, url)
        build_database(result, args)
    for cache in ("on", "off"):
        port = free_port()
        server = start_server(url, port, cache=cache == "on")
        try:
            drive(result, port, cache, clients=args.clients, per_client=args.requests)
            if cache == "on" and not args.skip_csv:
                print(f"  {name}: CSV export", flush=True)
                measure_csv(result, port)
        finally:
            server.terminate()
            server.wait(timeout=30)
    if not args.skip_csv:
        print(f"  {name}: CSV import", flush=True)
        measure_import(result, args.postgresql_url)
    return result


def report(results: list[BackendResult], args: argparse.Namespace, growth: list[Any] | None = None) -> str:
    """RESULTS.md."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout.strip()
    lines = [
        "# Benchmark results",
        "",
        f"`make bench` on {date.today().isoformat()}, commit {commit or 'unknown'}; {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Data set: {args.recommendations:,} recommendations, "
        f"{args.recommendations * args.benchmarks_per:,} benchmarks, {args.entries:,} entries and 5 "
        f"frameworks × 500 items × 10 links (`scorecard generate`). The server is `scorecard serve` "
        f"(gunicorn, {os.environ.get('GUNICORN_WORKERS', 'two per core')} workers × "
        f"{os.environ.get('GUNICORN_THREADS', '4')} threads) on 127.0.0.1; {args.clients} concurrent "
        f"signed-in clients, {args.requests} requests each per scenario.",
        "",
        "Every scenario runs twice: against a server with the page cache on (the content of the "
        "dashboard, scorecard, list and framework pages remembered per process, role and query until "
        "the data changes) and against one with it off (`SCORECARD_SUMMARY_CACHE_SIZE=0`: every request "
        "computes its page, as the first reader after each change does). The targets are judged with "
        "the cache off. *alone* is the page's time with the cache off, one request at a time in-process "
        "(no HTTP, no other client). The raw column times the same work as plain SQL through the driver "
        "(today's pages: the naive window-function query over every entry; lists: the bare page query); "
        f"ratio = cache-off p50 ÷ raw. The past date ({PAST}, compared with {COMPARE_PAST}) is "
        "deliberately not a kept snapshot day: the page computes it from the entries.",
    ]
    for result in results:
        lines += [
            "",
            f"## {'SQLite' if result.name == 'sqlite' else 'PostgreSQL 15'}",
            "",
            (
                f"Generated {result.generate_rows:,} rows in {result.generate_seconds:.1f} s "
                f"({result.generate_rows / result.generate_seconds:,.0f} rows/s including start-up; "
                f"the command itself reported: “{result.notes[0]}”)."
                if result.generate_seconds
                else f"Data not generated in this run: {result.notes[0]}."
            ),
            "",
            *pages_table(result),
        ]
        if not result.export:
            continue
        export = result.export
        share = export["http rows/s"] / export["raw rows/s"]
        lines += [
            "",
            "| CSV | figure | target | met |",
            "|---|---:|---|:---:|",
            f"| progress export over HTTP | {export['http rows/s']:,.0f} rows/s ({export['rows']:,.0f} rows) "
            f"| | |",
            f"| raw driver + csv.writer, same join | {export['raw rows/s']:,.0f} rows/s | | |",
            f"| export ÷ raw | {share:.0%} | ≥ 70% | {'yes' if share >= 0.7 else '**no**'} |",
            f"| peak memory of a process streaming it | {export['peak MB']:.0f} MB | < 150 MB | "
            f"{'yes' if export['peak MB'] < 150 else '**no**'} |",
        ]
        imported = result.imports
        lines += [
            *(import_row(kind, imported, floor) for kind, floor in IMPORT_FLOORS),
            f"| raw csv parse + driver insert, no checks | {imported['raw rows/s']:,.0f} rows/s | | |",
            f"| progress import ÷ raw | {imported['progress rows/s'] / imported['raw rows/s']:.0%} | | |",
        ]
    if growth:
        import growth as growth_module

        lines += ["", *growth_module.table(growth)]
    return "\n".join(lines) + "\n"


IMPORT_FLOORS = (("recommendations", 20_000), ("benchmarks", 20_000), ("progress", 50_000))


def import_row(kind: str, imported: dict[str, float], floor: int) -> str:
    """One import's line: its rate against the rate issue 15 asks."""
    rate = imported[f"{kind} rows/s"]
    return (
        f"| import: {kind} ({imported[f'{kind} rows']:,.0f} rows) | {rate:,.0f} rows/s | "
        f"≥ {floor:,} rows/s | {'yes' if rate >= floor else '**no**'} |"
    )


def pages_table(result: BackendResult) -> list[str]:
    """The scenarios' rows: cache off (judged) and on, alone, raw."""
    lines = [
        "| scenario | target (cache off) | alone ms | p50 ms | p95 ms | met | p50 ms, cache on | "
        "p95 ms, cache on | req/s off / on | errors | raw ms | ratio |",
        "|---|---|---:|---:|---:|:---:|---:|---:|---:|---:|---:|---:|",
    ]
    cold, warm = result.timings.get("off", {}), result.timings.get("on", {})
    for name, target in TARGETS.items():
        off, on = cold.get(name), warm.get(name)
        if off is None or on is None:
            continue
        alone = result.uncached.get(name)
        met = (
            off.p95 < target.p95
            and not off.errors
            and not on.errors
            and (target.alone is None or (alone is not None and alone < target.alone))
        )
        raw_ms = result.raw.get(name)
        lines.append(
            f"| {name} | {target.wording} | {f'{alone:.0f}' if alone else '—'} | {off.p50:.0f} | "
            f"{off.p95:.0f} | {'yes' if met else '**no**'} | {on.p50:.0f} | {on.p95:.0f} | "
            f"{off.throughput:.0f} / {on.throughput:.0f} | {off.errors + on.errors} | "
            f"{f'{raw_ms:.0f}' if raw_ms else '—'} | {f'{off.p50 / raw_ms:.1f}' if raw_ms else '—'} |"
        )
    return lines


def main() -> None:
    """Parse the options, run every backend, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--recommendations", type=int, default=10_000)
    parser.add_argument("--benchmarks-per", type=int, default=5)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=25, help="per client and scenario")
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get(
            "SCORECARD_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/scorecard_bench"
        ),
    )
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    parser.add_argument("--reuse", action="store_true", help="measure the databases of the last run again")
    parser.add_argument("--skip-csv", action="store_true", help="pages only")
    parser.add_argument(
        "--growth",
        default="100000,1000000,5000000",
        help="the entry counts of the growth table, comma-separated ('' for none)",
    )
    args = parser.parse_args()
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    results: list[BackendResult] = []
    for name in backends:
        results.append(run_backend(name, args))
        # Written after each backend too: a failure later in a long run keeps what was measured.
        Path(args.output).write_text(report(results, args), encoding="utf-8")
    sizes = [int(size) for size in args.growth.split(",") if size.strip()]
    points = []
    if sizes:
        import growth

        points = [point for name in backends for point in growth.measure(name, args, sizes)]
    Path(args.output).write_text(report(results, args, points), encoding="utf-8")
    print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()

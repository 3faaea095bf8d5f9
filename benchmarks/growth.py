"""Cost against history: the same recommendations and benchmarks with 100k, 1M and 5M entries.

Today's pages and saving read the maintained state, so they should stay flat;
a past date seeks one entry per benchmark, so it grows with benchmarks, not
entries; the export streams, so its rate and memory should stay flat too.
Called by `run.py` (make bench) after the main runs; every figure is with the
page cache off.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass

import csv_rates
import loadgen
import run

# The pages of the growth table, by the names run.page_paths gives them.
PAGES = ("dashboard", "scorecard, today, all", "scorecard, past date", "recommendation page")


@dataclass(frozen=True)
class Point:
    """One backend at one size."""

    backend: str
    entries: int
    alone: dict[str, float]  # ms, in-process, one request at a time
    save_p95: float  # ms, 8 clients
    export_rows_per_second: float
    export_peak_mb: float


def measure(backend: str, args: argparse.Namespace, sizes: list[int]) -> list[Point]:
    """Build a database of each size on `backend` and measure it."""
    points = []
    for entries in sizes:
        url = run.fresh_database(backend, args.postgresql_url, name="growth")
        result = run.BackendResult(backend, url)
        run.build_database(result, args, entries=entries, frameworks=0)
        ids = run.sample_ids(url)
        paths = run.page_paths(ids)
        print(f"  {backend}, {entries:,} entries: pages, saving, export", flush=True)
        alone = run.uncached_times(url, {name: paths[name] for name in PAGES})
        port = run.free_port()
        server = run.start_server(url, port, cache=False)
        try:
            writers = run.signed_in(port, args.clients, "analyst")
            steps = {id(client): run.saver(client, ids["milestones"], random.Random(5)) for client in writers}
            saving = loadgen.run(
                "save",
                writers,
                lambda client, n, steps=steps: steps[id(client)](client, n),
                per_client=args.requests,
                expect=(302,),
            )
            reader = run.signed_in(port, 1, "viewer")[0]
            began = time.perf_counter()
            status, body, _ = reader.request("GET", "/progress.csv")
            seconds = time.perf_counter() - began
            assert status == 200 and not saving.errors
        finally:
            server.terminate()
            server.wait(timeout=30)
        points.append(
            Point(
                backend=backend,
                entries=entries,
                alone=alone,
                save_p95=saving.p95,
                export_rows_per_second=(body.count(b"\r\n") - 1) / seconds,
                export_peak_mb=csv_rates.export_rss(url),
            )
        )
    return points


def table(points: list[Point]) -> list[str]:
    """The growth section of RESULTS.md, with each backend's largest ÷ smallest size."""
    lines = [
        "## Growth with history",
        "",
        "The same recommendations and benchmarks with more entries, the page cache off. Pages are "
        "*alone* (in-process, one request at a time, ms); saving is p95 with the main run's clients; the "
        "export is the whole progress history over HTTP and the peak memory of a process streaming it.",
        "",
        f"| backend | entries | {' | '.join(f'{page} ms' for page in PAGES)} | save p95 ms | "
        "export rows/s | export peak MB |",
        "|---|---:|" + "---:|" * (len(PAGES) + 3),
    ]
    for backend in dict.fromkeys(point.backend for point in points):
        mine = [point for point in points if point.backend == backend]
        for point in mine:
            lines.append(
                f"| {backend} | {point.entries:,} | "
                + " | ".join(f"{point.alone[page]:.0f}" for page in PAGES)
                + f" | {point.save_p95:.0f} | {point.export_rows_per_second:,.0f} | "
                f"{point.export_peak_mb:.0f} |"
            )
        first, last = mine[0], mine[-1]
        if first is not last:
            ratios = [last.alone[page] / first.alone[page] for page in PAGES] + [
                last.save_p95 / first.save_p95,
                last.export_rows_per_second / first.export_rows_per_second,
                last.export_peak_mb / first.export_peak_mb,
            ]
            lines.append(
                f"| {backend} | {last.entries // first.entries}× entries | "
                + " | ".join(f"{ratio:.2f}×" for ratio in ratios)
                + " |"
            )
    return lines

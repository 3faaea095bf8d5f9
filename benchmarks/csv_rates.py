"""CSV export and import rates on a generated database: rows per second and peak memory.

    .venv/bin/python benchmarks/csv_rates.py [--entries 200000] [--recommendations 1000] [--database URL]

Builds a database (SQLite in a temporary folder unless --database names an
empty one), fills it with Core bulk inserts, then measures:
- the raw rate: Python's sqlite3 module and csv.writer over the same join (SQLite only);
- the progress export (every entry) through the service, with its peak traced memory;
- the import of that export into a second, empty database (recommendations,
  benchmarks, then progress), and that the scorecards of both agree.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from scorecard import schema
from scorecard.db import Database
from scorecard.models import Benchmark, ProgressEntry, Recommendation, ScaleLevel, Theme
from scorecard.services import csv_files, exports, imports, scores
from scorecard.services.audit import ActingUser
from scorecard.services.recommendations import RecommendationFilter, Thresholds

BY = ActingUser.system("csv benchmark")
TODAY = date.today()


def populate(database: Database, *, recommendations: int, benchmarks_each: int, entries: int) -> None:
    """Recommendations, benchmarks of every kind and `entries` progress entries, by Core bulk inserts."""
    now = datetime.now(UTC)
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    rng = random.Random(7)
    with database.transaction() as session:
        theme_ids = [
            session.execute(insert(Theme).values(name=f"Theme {i}", **stamp).returning(Theme.id)).scalar_one()
            for i in range(8)
        ]
        levels = list(session.execute(select(ScaleLevel.id, ScaleLevel.scale_id, ScaleLevel.score)))
        scale_id = levels[0].scale_id
        scale_levels = [(lv.id, lv.score) for lv in levels if lv.scale_id == scale_id]
        session.execute(
            insert(Recommendation),
            [
                {
                    "code": f"R-{i:05d}",
                    "title": f"Recommendation {i}: publish a roadmap",
                    "text": f'=Formula-looking text {i}, with a comma and a "quote".',
                    "theme_id": theme_ids[i % len(theme_ids)],
                    "priority": "medium",
                    "status": "in_progress",
                    "tags": "roadmap",
                    **stamp,
                }
                for i in range(recommendations)
            ],
        )
        rec_ids = list(session.scalars(select(Recommendation.id).order_by(Recommendation.id)))
        rows = []
        for rec_id in rec_ids:
            for position in range(benchmarks_each):
                kind = ("milestone", "scale", "numeric")[position % 3]
                rows.append(
                    {
                        "recommendation_id": rec_id,
                        "title": f"Benchmark {position}",
                        "kind": kind,
                        "scale_id": scale_id if kind == "scale" else None,
                        "baseline": -5.0 if kind == "numeric" else None,
                        "target": 95.0 if kind == "numeric" else None,
                        "direction": "increase" if kind == "numeric" else None,
                        "unit": "units" if kind == "numeric" else None,
                        "weight": 1.0 + position % 2,
                        "position": position,
                        **stamp,
                    }
                )
        session.execute(insert(Benchmark), rows)
        benches = list(session.execute(select(Benchmark.id, Benchmark.kind)))
        start = date(2020, 1, 1)
        batch: list[dict[str, Any]] = []
        for index in range(entries):
            bench_id, kind = benches[index % len(benches)]
            observed = start + timedelta(days=(index // len(benches)) * 7 + rng.randrange(7))
            value: dict[str, Any] = {"level_id": None, "value": None, "achieved": None}
            if kind == "scale":
                level_id, score = rng.choice(scale_levels)
                value["level_id"] = level_id
            elif kind == "numeric":
                number = float(rng.randrange(-10, 100))
                value["value"] = number
                score = max(0.0, min(100.0, (number + 5.0) / 100.0 * 100.0))
            else:
                achieved = rng.random() < 0.5
                value["achieved"] = achieved
                score = 100.0 if achieved else 0.0
            batch.append(
                {
                    "benchmark_id": bench_id,
                    "kind": kind,
                    "observed_on": min(observed, TODAY),
                    "score": score,
                    "note": f"Observation {index}",
                    "created_at": now,
                    **value,
                }
            )
            if len(batch) == 10000:
                session.execute(insert(ProgressEntry), batch)
                batch = []
        if batch:
            session.execute(insert(ProgressEntry), batch)
        scores.rebuild_all_states(session)
    if database.is_sqlite:
        # Fold the bulk load's write-ahead log into the database, as SQLite does over time; a reader of a
        # huge uncheckpointed log maps it into memory and would skew the memory measured below.
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


RAW_QUERY = """
SELECT e.id, e.benchmark_id, r.code, b.title, e.kind, e.observed_on, l.label, e.value, e.achieved, e.score,
       e.note, e.evidence_url, u.email, e.created_at
FROM progress_entry e JOIN benchmark b ON b.id = e.benchmark_id
JOIN recommendation r ON r.id = b.recommendation_id
LEFT JOIN scale_level l ON l.id = e.level_id LEFT JOIN app_user u ON u.id = e.author_id
WHERE e.superseded_at IS NULL AND e.deleted_at IS NULL ORDER BY e.id
"""


def write_rows(rows: Iterable[Sequence[Any]]) -> int:
    """Write rows with csv.writer, encoding (and dropping) the text every 1,000 rows; how many there were."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
        if count % 1000 == 0:
            buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    return count


def raw_rate(path: str) -> tuple[int, float]:
    """Rows and seconds for the same export with nothing but sqlite3 and csv.writer."""
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    count = write_rows(connection.execute(RAW_QUERY))
    elapsed = time.perf_counter() - started
    connection.close()
    return count, elapsed


def export_bytes(database: Database, kind: str) -> Iterator[bytes]:
    """One export of every recommendation, as the download streams it."""
    with database.session(write=False) as session:
        export = getattr(exports, kind)(
            session, criteria=RecommendationFilter(), thresholds=Thresholds(TODAY, 180)
        )
        yield from csv_files.encode_rows(export.header, export.batches)


def measure_export(database: Database) -> tuple[int, float, float, bytes]:
    """Rows and seconds of the progress export (best of three), its peak traced memory (MB), the file."""
    best = float("inf")
    content = b""
    for _ in range(3):
        started = time.perf_counter()
        content = b"".join(export_bytes(database, "progress"))
        best = min(best, time.perf_counter() - started)
    # A separate pass under tracemalloc (which slows Python down severalfold) for the memory.
    tracemalloc.start()
    for _chunk in export_bytes(database, "progress"):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = content.count(b"\r\n") - 1
    return rows, best, peak / 1_048_576, content


def export_rss(url: str) -> float:
    """Peak resident memory (MB) of a fresh process that only streams the progress export.

    Read from the process's own high-water mark (VmHWM): Linux's ru_maxrss of an exec'd child
    still counts what the parent had resident when it forked.
    """
    script = (
        "import sys; sys.path.insert(0, 'benchmarks'); import csv_rates; "
        "from scorecard.db import Database; "
        f"[None for _ in csv_rates.export_bytes(Database({url!r}), 'progress')]; "
        "print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')))"
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return int(output.stdout.strip()) / 1024


def measure_import(database: Database, files: dict[str, bytes]) -> dict[str, tuple[int, float]]:
    """Rows and seconds of importing each file in turn (plan and write, one transaction each)."""
    timings: dict[str, tuple[int, float]] = {}
    for kind in ("recommendations", "benchmarks", "progress"):
        started = time.perf_counter()
        table = csv_files.read_table(files[kind], max_bytes=len(files[kind]))
        with database.transaction() as session:
            plan = imports.plan(session, imports.ImportSource(table), by=BY, today=TODAY)
            assert plan.ok, plan.errors[:5]
            imports.apply(session, plan, by=BY, filename=f"{kind}.csv")
        timings[kind] = (len(table.rows), time.perf_counter() - started)
    return timings


def scorecard_csv(database: Database, as_of: date) -> bytes:
    """The scorecard export on a date, for comparing two databases."""
    with database.session(write=False) as session:
        export = exports.scorecard(
            session,
            criteria=RecommendationFilter(),
            thresholds=Thresholds(TODAY, 180),
            as_of=as_of,
            compare_to=as_of - timedelta(days=365),
        )
        return b"".join(csv_files.encode_rows(export.header, export.batches))


def main() -> None:
    """Build, export, import, compare, and print the rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--recommendations", type=int, default=1000)
    parser.add_argument("--benchmarks-each", type=int, default=5)
    parser.add_argument("--database", help="an empty database URL for the source (default: SQLite in /tmp)")
    parser.add_argument("--target", help="an empty database URL to import into (default: SQLite in /tmp)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="csv-rates-"))
    source_url = args.database or f"sqlite:///{folder / 'source.db'}"
    target_url = args.target or f"sqlite:///{folder / 'target.db'}"
    for url in (source_url, target_url):
        schema.upgrade(url)
    source, target = Database(source_url), Database(target_url)
    started = time.perf_counter()
    populate(
        source,
        recommendations=args.recommendations,
        benchmarks_each=args.benchmarks_each,
        entries=args.entries,
    )
    print(f"generated {args.entries:,} entries in {time.perf_counter() - started:.1f} s")

    if make_url(source_url).get_backend_name() == "sqlite":
        count, elapsed = raw_rate(str(make_url(source_url).database))
        print(
            f"raw sqlite3 + csv:       {count:>9,} rows in {elapsed:6.2f} s = {count / elapsed:>9,.0f} rows/s"
        )
    rows, elapsed, peak, progress_file = measure_export(source)
    print(
        f"progress export:         {rows:>9,} rows in {elapsed:6.2f} s = {rows / elapsed:>9,.0f} rows/s, "
        f"peak traced memory {peak:.1f} MB, process peak RSS {export_rss(source_url):.0f} MB"
    )
    files = {
        "recommendations": b"".join(export_bytes(source, "recommendations")),
        "benchmarks": b"".join(export_bytes(source, "benchmarks")),
        "progress": progress_file,
    }
    for kind, (count, seconds) in measure_import(target, files).items():
        print(f"import {kind:<16} {count:>9,} rows in {seconds:6.2f} s = {count / seconds:>9,.0f} rows/s")
    same = all(scorecard_csv(source, day) == scorecard_csv(target, day) for day in (TODAY, date(2021, 6, 30)))
    print(f"scorecards agree after the round trip: {same}")


if __name__ == "__main__":
    main()

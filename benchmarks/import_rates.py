"""Import rates on an existing generated database, one process, plan and write timed apart.

    .venv/bin/python benchmarks/import_rates.py --source URL --target URL [--files DIR] [--profile DIR]

Exports the recommendations, benchmarks and progress files of --source once
(kept in --files and reused), empties --target (a SQLite file or a PostgreSQL
database, migrated afresh), imports the three files in turn and prints, per
file, rows/s with the planning and the writing apart, beside the raw floor: the
same progress file parsed with csv and inserted as text into a temporary table
through the driver (run.raw_import). --profile writes a pyinstrument profile of
each import (HTML) into that folder.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import csv_rates
import run
from sqlalchemy.engine import make_url

from scorecard import schema
from scorecard.db import Database
from scorecard.services import csv_files, imports

KINDS = ("recommendations", "benchmarks", "progress")


def files_of(source_url: str, folder: Path) -> dict[str, bytes]:
    """The three export files of the source, written to `folder` the first time."""
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, bytes] = {}
    source: Database | None = None
    for kind in KINDS:
        path = folder / f"{kind}.csv"
        if not path.exists():
            source = source or Database(source_url)
            path.write_bytes(b"".join(csv_rates.export_bytes(source, kind)))
        found[kind] = path.read_bytes()
    return found


def empty_target(url: str) -> str:
    """The target emptied and migrated to head."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
    else:
        url = run.fresh_database("postgresql", url)
    schema.upgrade(url)
    return url


def import_one(database: Database, kind: str, content: bytes, profile: Path | None) -> dict[str, Any]:
    """Parse, plan and apply one file in one transaction; seconds of each step."""
    profiler: Any = None
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    began, cpu = time.perf_counter(), time.process_time()
    table = csv_files.read_table(content, max_bytes=len(content))
    parsed = time.perf_counter()
    with database.transaction() as session:
        plan = imports.plan(session, imports.ImportSource(table), by=csv_rates.BY, today=date.today())
        assert plan.ok, plan.errors[:5]
        planned = time.perf_counter()
        imports.apply(session, plan, by=csv_rates.BY, filename=f"{kind}.csv")
        applied = time.perf_counter()
    ended = time.perf_counter()
    if profiler is not None:
        profiler.stop()
        profile.mkdir(parents=True, exist_ok=True)
        (profile / f"import-{kind}.html").write_text(profiler.output_html())
        (profile / f"import-{kind}.txt").write_text(profiler.output_text(unicode=False, show_all=False))
    return {
        "rows": len(table.rows),
        "parse": parsed - began,
        "plan": planned - parsed,
        "apply": applied - planned,
        "commit": ended - applied,
        "total": ended - began,
        "cpu": time.process_time() - cpu,  # this process only: on a shared machine, steadier than wall time
    }


def main() -> None:
    """Export once, import into the emptied target, print the rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--files", default="benchmarks/data/import-files")
    parser.add_argument("--profile")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    files = files_of(args.source, Path(args.files))
    target_url = empty_target(args.target)
    database = Database(target_url)
    for kind in KINDS:
        if kind not in args.kinds.split(","):
            continue
        t = import_one(database, kind, files[kind], Path(args.profile) if args.profile else None)
        print(
            f"import {kind:<16} {t['rows']:>9,} rows in {t['total']:6.2f} s = "
            f"{t['rows'] / t['total']:>9,.0f} rows/s (parse {t['parse']:.2f}, plan {t['plan']:.2f}, "
            f"write {t['apply']:.2f}, "
            f"commit {t['commit']:.2f}; {t['cpu']:.1f} s CPU in this process)",
            flush=True,
        )
    database.engine.dispose()
    cpu = time.process_time()
    floor = run.raw_import(target_url, files["progress"])
    print(
        f"raw csv parse + driver insert of the progress file: {floor:,.0f} rows/s "
        f"({time.process_time() - cpu:.1f} s CPU in this process)"
    )


if __name__ == "__main__":
    main()

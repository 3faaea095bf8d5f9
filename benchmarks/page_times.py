"""Each page alone, in-process, with the page cache off: median ms, and optionally a profile of each.

    .venv/bin/python benchmarks/page_times.py --database URL [--profile DIR] [--repeat 5]

The database is one `scorecard generate` filled (as `make bench` does), with
the user bench-viewer@example.org (password --password). What the first visitor
after a change waits for, without HTTP or other clients in the way.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run

from scorecard import create_app


def paths(url: str) -> dict[str, str]:
    """The pages `make bench` measures, with the ids of this database (a page of random ids: the first)."""
    return {
        name: path(0) if callable(path) else path
        for name, path in run.page_paths(run.sample_ids(url)).items()
    }


def main() -> None:
    """Sign in, then time (and profile) each page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--password", default=run.PASSWORD)
    parser.add_argument("--profile")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", help="a comma-separated part of the page names")
    args = parser.parse_args()
    app = create_app(
        {
            "DATABASE_URL": args.database,
            "TESTING": True,
            "SECRET_KEY": "x" * 40,
            "SUMMARY_CACHE_SIZE": 0,
            "LOG_LEVEL": "ERROR",
        }
    )
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").get_data(as_text=True))
    assert token is not None
    signed = client.post(
        "/login",
        data={"email": "bench-viewer@example.org", "password": args.password, "csrf_token": token[1]},
    )
    assert signed.status_code == 302, (
        "sign-in failed: this database needs the viewer bench-viewer@example.org (make bench adds it; or "
        "`scorecard users create bench-viewer@example.org --role viewer` with --password's password)"
    )
    for name, path in paths(args.database).items():
        if args.only and not any(part in name for part in args.only.split(",")):
            continue
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - began) * 1000)
        print(f"{name:<30} {statistics.median(times):7.0f} ms  (min {min(times):.0f})", flush=True)
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
            client.get(path)
            profiler.stop()
            folder = Path(args.profile)
            folder.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"\W+", "-", name).strip("-")
            (folder / f"{slug}.txt").write_text(profiler.output_text(unicode=False, show_all=False))


if __name__ == "__main__":
    main()

"""Two app servers and two workers on one PostgreSQL database and one Redis: each job runs exactly once."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import date, timedelta

import pytest

from scorecard.db import Database

from .conftest import (
    WORKER,
    Processes,
    World,
    count_entries,
    entries_file,
    job_id_of,
    job_row,
    on_postgresql,
    server_env,
    start_server,
    wait_for,
)

pytestmark = pytest.mark.queue

JOBS = 8
ROWS = 500


@pytest.mark.skipif(
    not on_postgresql(),
    reason="several machines share PostgreSQL, not a SQLite file: set SCORECARD_TEST_DATABASE_URL "
    "(.ci/run does, in its PostgreSQL pass)",
)
def test_jobs_enqueued_through_two_apps_run_exactly_once_on_two_workers(
    queue_database: str, seeded: tuple[Database, World], redis_url: str, processes: Processes
) -> None:
    database, world = seeded
    env = server_env(queue_database, {"REDIS_URL": redis_url}, GUNICORN_WORKERS="1", GUNICORN_THREADS="2")
    browsers = []
    for name in ("app-1", "app-2"):
        browser, _server = start_server(processes, name, env, "--job-workers", "0", sign_in=world.email)
        browsers.append(browser)
    for name in ("worker-1", "worker-2"):
        processes.start(name, [*WORKER, "--workers", "2"], env)

    started = time.monotonic()
    status_urls = [
        browsers[n % 2].import_file(
            entries_file(world.benchmark_id, ROWS, first=date(1950, 1, 1) + timedelta(days=n * ROWS))
        )
        for n in range(JOBS)
    ]
    job_ids = [job_id_of(url) for url in status_urls]
    wait_for(
        lambda: all(job_row(database, job_id).status == "done" for job_id in job_ids),
        timeout=300,
        every=0.2,
        what="every job to finish",
    )
    seconds = time.monotonic() - started

    assert count_entries(database) == 1 + JOBS * ROWS
    assert [job_row(database, job_id).counts["create"] for job_id in job_ids] == [ROWS] * JOBS
    runs = Counter(
        int(found)
        for name in ("worker-1", "worker-2")
        for found in re.findall(r"import (\d+): \d+ rows written", processes.log(name))
    )
    assert runs == Counter(dict.fromkeys(job_ids, 1))
    # Either app shows any job's outcome, whichever app took it.
    for n, url in enumerate(status_urls):
        assert "every row is accounted for" in browsers[(n + 1) % 2].request(url).text
    per_worker = {
        name: len(re.findall(r"rows written", processes.log(name))) for name in ("worker-1", "worker-2")
    }
    print(
        f"\n[two apps, two workers] {JOBS} jobs of {ROWS} rows through both apps: "
        f"{count_entries(database) - 1} rows written, runs per job {sorted(set(runs.values()))}, "
        f"jobs per worker {per_worker}, all done in {seconds:.1f} s"
    )

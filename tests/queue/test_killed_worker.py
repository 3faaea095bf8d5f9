"""A consumer killed with SIGKILL mid-import: nothing written, the job shows stopped, a re-run imports once.

Run on the SQLite queue and on Redis (and, with SCORECARD_TEST_DATABASE_URL, on PostgreSQL).
"""

from __future__ import annotations

import os
import signal
import time
from datetime import date

import pytest

from scorecard import jobs
from scorecard.services.audit import ActingUser

from ..views.test_imports import confirm, upload
from .conftest import (
    STALLED_SECONDS,
    WORKER,
    KilledWorkerRig,
    Processes,
    count_entries,
    entries_file,
    job_row,
    seed,
    wait_for,
)

pytestmark = [pytest.mark.queue, pytest.mark.bulk]

# Enough rows that the write takes a second or more, so the kill lands inside it.
ROWS = 20_000


def test_a_worker_killed_mid_import_writes_nothing_shows_stopped_and_a_rerun_imports_once(
    rig: KilledWorkerRig, processes: Processes
) -> None:
    app, database = rig.app, rig.database
    world = seed(database)
    browser = app.test_client()
    browser.sign_in(world.email)
    preview_url = upload(browser, entries_file(world.benchmark_id, ROWS)).headers["Location"]
    status_url = confirm(browser, preview_url).headers["Location"]
    job_id = int(status_url.split("/")[-2])
    assert "Waiting for a worker" in browser.get(status_url).get_data(as_text=True)
    env = rig.env()

    worker = processes.start("worker-1", [*WORKER, "--workers", "1"], env)

    def writing() -> bool:
        job = job_row(database, job_id)
        assert job.status == "running", f"the job ended before its write began: {job.status} {job.errors}"
        return job.phase == "writing"

    wait_for(writing, timeout=120, what="the write to begin")
    time.sleep(0.3)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    killed_at = time.monotonic()
    killed = job_row(database, job_id)
    assert killed.status == "running", "the worker finished before it was killed: make the file bigger"
    assert count_entries(database) == 1

    def stopped_page() -> str | None:
        page = browser.get(status_url).get_data(as_text=True)
        return page if "its worker ended" in page else None

    page = wait_for(stopped_page, timeout=STALLED_SECONDS + 10, what="the job to show as stopped")
    shown_stopped_after = time.monotonic() - killed_at
    assert shown_stopped_after <= STALLED_SECONDS + 2
    assert "Run it again" in page and count_entries(database) == 1

    # Run it again from the preview, with a new worker.
    rerun = confirm(browser, preview_url)
    assert rerun.headers["Location"].endswith(status_url)
    started = time.monotonic()
    processes.start("worker-2", [*WORKER, "--workers", "1"], env)
    wait_for(lambda: job_row(database, job_id).status == "done", timeout=180, what="the re-run to finish")
    rerun_seconds = time.monotonic() - started
    assert count_entries(database) == 1 + ROWS
    assert job_row(database, job_id).counts["create"] == ROWS

    # The same task delivered again, and a second confirmation, change nothing.
    queue = jobs.queue_of(app)
    queue.enqueue(jobs.run_import, job_id, previewed="", by=ActingUser.system("test"), today=date.today())
    wait_for(lambda: "nothing to do" in processes.log("worker-2"), timeout=30, what="the repeat to be seen")
    assert (
        browser.submit(preview_url, {"plan": "0" * 32}, page="/account")
        .headers["Location"]
        .endswith(status_url)
    )
    assert count_entries(database) == 1 + ROWS
    assert "every row is accounted for" in browser.get(status_url).get_data(as_text=True)
    print(
        f"\n[queue {rig.queue_kind} on {database.engine.dialect.name}] killed in phase "
        f"{killed.phase!r} with {killed.processed_rows} rows reported; entries after it: 1 (before: 1); "
        f"shown stopped {shown_stopped_after:.1f} s after the kill (window {STALLED_SECONDS} s); "
        f"re-run took {rerun_seconds:.1f} s and wrote {count_entries(database) - 1} of {ROWS} rows; "
        "a repeated delivery wrote nothing"
    )

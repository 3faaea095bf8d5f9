"""`scorecard serve` alone runs background jobs: a consumer starts beside gunicorn and stops with it."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from scorecard.db import Database

from .conftest import (
    Processes,
    World,
    count_entries,
    entries_file,
    job_id_of,
    job_row,
    server_env,
    start_server,
    wait_for,
)

pytestmark = pytest.mark.queue


def children(pid: int) -> list[tuple[int, str]]:
    """The processes whose parent is `pid`, with their command lines."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append((int(stat.parent.name), command))
    return found


def test_serve_runs_jobs_with_its_own_consumer_and_stops_it_on_exit(
    queue_database: str, seeded: tuple[Database, World], tmp_path: Path, processes: Processes
) -> None:
    database, world = seeded
    env = server_env(queue_database, {"JOBS_SQLITE_FILE": str(tmp_path / "jobs.db")}, GUNICORN_WORKERS="1")
    browser, server = start_server(processes, "serve", env, "--job-workers", "1", sign_in=world.email)
    job_id = job_id_of(browser.import_file(entries_file(world.benchmark_id, 50)))
    wait_for(lambda: job_row(database, job_id).status == "done", timeout=60, what="the job to run")
    assert count_entries(database) == 51
    consumers = [pid for pid, line in children(server.pid) if "scorecard.cli worker" in line]
    assert len(consumers) == 1

    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0
    assert not Path(f"/proc/{consumers[0]}").exists()

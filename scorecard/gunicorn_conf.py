"""gunicorn settings for `make run`: workers and threads sized for this machine's cores.

Override with GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT and GUNICORN_JOB_WORKERS.
"""

from __future__ import annotations

import os
import subprocess
import sys

_cores = os.cpu_count() or 1

# Two processes per core keep both cores busy while one waits on the database;
# a few threads each absorb slow clients without more memory.
workers = int(os.environ.get("GUNICORN_WORKERS", str(max(2, _cores * 2))))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
# Each worker builds its own app and database engine: a connection pool must
# never be shared across a fork.
preload_app = False
# X-Forwarded-Proto (https, so secure cookies and HSTS) is honoured only from as many proxies as
# SCORECARD_PROXY_COUNT says are in front: with none, from no one, not even 127.0.0.1 (gunicorn's
# default), else from the addresses FORWARDED_ALLOW_IPS names (default: this machine). The app's
# ProxyFix reads the same setting for X-Forwarded-For.
_proxy_count = int(os.environ.get("SCORECARD_PROXY_COUNT", "0") or 0)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if _proxy_count > 0 else ""
# The request id is logged by the application; keep the access log short.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


# `scorecard serve` sets GUNICORN_JOB_WORKERS: the master then starts one job consumer
# (`scorecard worker`) once it is ready, and stops it when it exits.
job_workers = int(os.environ.get("GUNICORN_JOB_WORKERS", "0"))
_consumers: list[subprocess.Popen[bytes]] = []


def when_ready(server: object) -> None:
    """Start the job consumer beside the web workers."""
    if job_workers > 0:
        command = [sys.executable, "-m", "scorecard.cli", "worker", "--workers", str(job_workers)]
        _consumers.append(subprocess.Popen(command))  # noqa: S603 - our own interpreter and module


def on_exit(server: object) -> None:
    """Stop the job consumer with gunicorn: a job it was running rolls back and shows as stopped."""
    for consumer in _consumers:
        consumer.terminate()
    for consumer in _consumers:
        try:
            consumer.wait(timeout=graceful_timeout)
        except subprocess.TimeoutExpired:
            consumer.kill()

"""gunicorn settings for `make run`: workers and threads sized for this machine's cores.

Override with GUNICORN_WORKERS, GUNICORN_THREADS and GUNICORN_TIMEOUT.
"""

from __future__ import annotations

import os

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
# The request id is logged by the application; keep the access log short.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

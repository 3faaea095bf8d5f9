"""Configuration defaults; instance/config.py and SCORECARD_* environment variables override them."""

from __future__ import annotations

# "production" refuses to start with debug on or a weak secret; `make dev` sets "development".
ENV = "production"

# Empty means instance/scorecard.db. PostgreSQL: postgresql+psycopg://user@host/db
DATABASE_URL = ""

# Days without an entry after which a recommendation or benchmark counts as stale.
STALE_DAYS = 180

# Load the demo data at `scorecard setup` (`make run`) into an empty database; SCORECARD_DEMO=false skips it.
DEMO = True

# Publish the dashboard and the scorecard read-only to visitors who are not signed in.
PUBLIC_READ = False

# Sign-in throttling: this many failures for one account or one address within
# the window answer 429 until the window has passed.
SIGN_IN_MAX_FAILURES = 5
SIGN_IN_WINDOW_SECONDS = 15 * 60

# A signed-in session ends after this long without a request.
IDLE_TIMEOUT_MINUTES = 60

# Largest upload accepted, in bytes (imports).
MAX_CONTENT_LENGTH = 50 * 1024 * 1024

# Cookies: Secure is set automatically for requests that arrive over HTTPS;
# set SESSION_COOKIE_SECURE = True behind a proxy that terminates TLS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "scorecard_session"
REMEMBER_COOKIE_DURATION = 0

# Trust X-Forwarded-For / X-Forwarded-Proto from this many proxies in front (0: none).
PROXY_COUNT = 0

# Argon2 cost; tests lower it.
PASSWORD_HASH_TIME_COST = 3
PASSWORD_HASH_MEMORY_KIB = 65536

# Log level for the application's logger.
LOG_LEVEL = "INFO"

# Imports: the largest file, the longest cell, and above how many rows an import
# runs in the background (with a progress page) instead of within the request.
IMPORT_MAX_BYTES = 20 * 1024 * 1024
IMPORT_MAX_FIELD = 10_000
IMPORT_BACKGROUND_ROWS = 2000

# Background jobs (large imports) run on a Huey queue that `scorecard worker` and
# `scorecard serve` consume. With REDIS_URL set (redis://host:6379/0) the queue is in
# Redis, shared by every app server and worker; empty, it is a SQLite file, for one machine.
REDIS_URL = ""
# That SQLite file; empty means instance/jobs.db.
JOBS_SQLITE_FILE = ""
# Run each job within the request that enqueues it, with no worker: for unit tests only.
JOBS_IMMEDIATE = False
# A running job whose worker has not reported for this many seconds has stopped (e.g. its
# worker was killed): it shows so and may run again. Workers report every second (or every
# sixth of this, if shorter); on SQLite not while an import's write holds the lock.
JOB_STALLED_SECONDS = 60

# Rendered dashboards, scorecards and recommendation lists each server process remembers
# until the data changes (exact: keyed by the data_version row). 0 turns the cache off.
SUMMARY_CACHE_SIZE = 64

# Evidence files attached to progress entries: the largest accepted, in bytes.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

# Reporting reminders by email. Without a MAIL_SERVER they show in the app only.
MAIL_SERVER = ""
MAIL_PORT = 587
MAIL_USERNAME = ""
MAIL_PASSWORD = ""
# STARTTLS after connecting (port 587); the connection is refused if the server does not offer it.
MAIL_USE_TLS = True
MAIL_SENDER = "scorecard@localhost"
# Contributors are reminded this many days before a report's due day (and once after it).
REMINDER_DAYS_BEFORE = 7
# The job queue's worker sends what is due at the top of every hour (each reminder once; the
# reviewers' digest in the first run of each ISO week). False turns the periodic run off.
REMINDER_EVERY_HOUR = True

# The JSON API: requests per token (limits notation: "120/minute;2000/hour"), counted in
# Redis when REDIS_URL is set (shared by every worker), in each process's memory otherwise.
API_RATE_LIMIT = "120/minute"
# Where the counts live, if not in REDIS_URL's Redis (a limits storage URI such as redis://host/1).
API_RATE_LIMIT_STORAGE = ""
# Cross-origin browser access to /api (a list of origins); empty: none.
API_CORS_ORIGINS: list[str] = []

# Webhooks may not reach private, loopback or link-local addresses, unless an address or
# network listed here (e.g. ["10.0.0.0/8"]) covers it: set by the server's administrator.
WEBHOOK_ALLOWED_NETWORKS: list[str] = []

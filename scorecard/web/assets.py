"""Static files cached for a year behind versioned URLs, and text responses compressed (but not HTML)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, url_for
from flask_compress import Compress

YEAR = 365 * 24 * 3600

# Compressed when the client accepts it. HTML is left out on purpose: our pages
# carry a CSRF token next to text the request chose (a search box, filters),
# which is what a BREACH attack needs to read the token by comparing the sizes
# of compressed responses. A TLS-terminating proxy in front may compress pages
# only if it masks tokens; the README says so.
COMPRESSED_TYPES = [
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
    "text/csv",
    "application/json",
    "text/plain",
]


@lru_cache(maxsize=128)
def _fingerprint(path: str, modified: float, size: int) -> str:
    """A short hash of a static file's bytes (the modification time and size key the memo)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """The URL of a static file with its content's fingerprint, so it can be cached for a year."""
    folder = current_app.static_folder
    assert folder is not None
    path = Path(folder) / filename
    stat = path.stat()
    return url_for("static", filename=filename, v=_fingerprint(str(path), stat.st_mtime, stat.st_size))


def register_assets(app: Flask) -> None:
    """Year-long caching for static files (their URLs change with their content) and compression."""
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:  # Flask's own default is None: no caching
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = YEAR
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_STREAMS", True)
    # Static files and CSV downloads are streamed; gzip is what every client accepts.
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["zstd", "br", "gzip", "deflate"])
    app.config["COMPRESS_REGISTER"] = False
    compress = Compress(app)

    @app.after_request
    def _compress(response: Response) -> Response:
        # Flask-Compress replaces the body with a compressing one and leaves the
        # original (an open static file) for the garbage collector: close it with
        # the response instead.
        original = response.response
        compressed = compress.after_request(response)
        closer = getattr(original, "close", None)
        if compressed.response is not original and closer is not None:
            compressed.call_on_close(closer)
        return compressed

    app.jinja_env.globals["static_url"] = static_url

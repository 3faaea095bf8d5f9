"""CSV import: upload, map columns, preview with row-level errors, then confirm."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/import")

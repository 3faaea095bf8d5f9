"""Recording progress: one entry from a benchmark, corrections, and a whole review round on one page."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("progress", __name__)

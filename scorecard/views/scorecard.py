"""The scorecard: recommendations × benchmarks as of any date, compared with another, printable."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("scorecard", __name__, url_prefix="/scorecard")

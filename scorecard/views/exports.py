"""CSV downloads of recommendations, benchmarks, progress entries and the scorecard."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("exports", __name__)

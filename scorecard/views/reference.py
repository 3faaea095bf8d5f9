"""Reference data: sources, actors, themes, scales and review cycles."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reference", __name__)

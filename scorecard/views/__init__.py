"""The blueprints, one per area; thin views over the services."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Mount every area's blueprint."""
    from . import admin, auth, dashboard, exports, imports, progress, recommendations, reference, scorecard

    for module in (auth, dashboard, scorecard, recommendations, progress, reference, exports, imports, admin):
        app.register_blueprint(module.bp)

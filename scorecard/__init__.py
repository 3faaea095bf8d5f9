"""Scorecard: track whether policy recommendations get carried out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, logging, database, security, assets, errors, templates, i18n, views, CLI."""
    from scorecard import api, cli, db, i18n, settings
    from scorecard.views import register_blueprints
    from scorecard.web import assets, errors, security, templating

    app = Flask(
        __name__,
        instance_path=str(settings.INSTANCE),
        template_folder=str(settings.TEMPLATES),
        instance_relative_config=True,
    )
    settings.load(app, test_config)
    settings.register_logging(app)
    db.register_db(app)
    security.register_security(app)
    assets.register_assets(app)
    errors.register_errors(app)
    templating.register_templating(app)
    i18n.register_i18n(app)
    register_blueprints(app)
    api.register_api(app)
    cli.register_cli(app)
    return app

"""The blueprints, one per area; thin views over the services."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# Record ids are 32-bit in every table; a longer number in a URL is no record (a 404), not an overflow.
LARGEST_ID = 2_147_483_647


class RecordIdConverter(IntegerConverter):
    """`<int:…>` held to the ids a table can hold."""

    def __init__(
        self,
        url_map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
    ) -> None:
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=LARGEST_ID if max is None else max)


def register_blueprints(app: Flask) -> None:
    """Mount every area's blueprint."""
    from . import (
        admin,
        api_pages,
        auth,
        dashboard,
        evidence,
        exports,
        frameworks,
        imports,
        language,
        progress,
        recommendations,
        reference,
        reporting,
        review,
        scorecard,
    )

    app.url_map.converters["int"] = RecordIdConverter

    for module in (
        auth,
        language,
        dashboard,
        scorecard,
        recommendations,
        progress,
        evidence,
        reporting,
        reference,
        frameworks,
        exports,
        imports,
        admin,
        review,
        api_pages,
    ):
        app.register_blueprint(module.bp)

"""Cursor pages with Link headers, and ETags: what every API list and record answers with."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable
from typing import Any

from flask import Response, abort, current_app, request, url_for

from scorecard.services.exports import CsvExport, Window


def encode_cursor(key: tuple[Any, ...]) -> str:
    """An opaque cursor for the row key a page ended at."""
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, size: int) -> tuple[Any, ...] | None:
    """The key a cursor holds; a cursor that is not one of ours is a 400."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        key = None
    if not isinstance(key, list) or len(key) != size or not all(isinstance(k, str | int) for k in key):
        abort(400, description="The cursor is not one this API gave; start again without it.")
    return tuple(key)


def window(size: int, limit: int) -> Window:
    """This request's export window: after the cursor's key, one row more than asked (is there more?)."""
    return Window(after=decode_cursor(request.args.get("cursor"), size), limit=limit + 1)


def rows_of(export: CsvExport) -> list[dict[str, Any]]:
    """An export's rows as objects keyed by the CSV's own headers."""
    return [dict(zip(export.header, row, strict=True)) for batch in export.batches for row in batch]


def page_of(
    export: CsvExport, *, limit: int, key: Callable[[dict[str, Any]], tuple[Any, ...]], **extra: Any
) -> Response:
    """One page of an export as JSON: `items`, `next`, and a Link header to the next page."""
    return page_response(rows_of(export), limit=limit, key=key, **extra)


def slice_after(rows: list[dict[str, Any]], *, limit: int, id_field: str) -> list[dict[str, Any]]:
    """The rows after the cursor's row (named by its `id_field`), one more than asked: a keyset on a list.

    For lists computed whole (a framework's item tree, in tree order): a cursor
    whose row is gone is a 400, as a cursor that is not ours.
    """
    after = decode_cursor(request.args.get("cursor"), 1)
    start = 0
    if after is not None:
        found = next((i for i, row in enumerate(rows) if row[id_field] == after[0]), None)
        if found is None:
            abort(400, description="The row this cursor ended at is gone; start again without it.")
        start = found + 1
    return rows[start : start + limit + 1]


def page_response(
    items: list[dict[str, Any]], *, limit: int, key: Callable[[dict[str, Any]], tuple[Any, ...]], **extra: Any
) -> Response:
    """A page of rows (one more than `limit` when there are more) as JSON with `next` and a Link header."""
    following = None
    if len(items) > limit:
        items = items[:limit]
        following = encode_cursor(key(items[-1]))
    response = json_response({**extra, "items": items, "next": following})
    if following is not None:
        args: dict[str, Any] = {name: request.args.getlist(name) for name in request.args if name != "cursor"}
        assert request.endpoint is not None
        link = url_for(request.endpoint, **{**(request.view_args or {}), **args, "cursor": following})
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response


def json_response(body: Any, *, status: int = 200, etag: str | None = None) -> Response:
    """JSON with an ETag (the record's version, else a hash of the body); If-None-Match answers 304."""
    response = current_app.response_class(
        current_app.json.dumps(body), status=status, mimetype="application/json"
    )
    if etag is not None:
        response.set_etag(etag)
    else:
        response.add_etag()
    if request.method in ("GET", "HEAD"):
        response.make_conditional(request)
    return response


def version_tag(version: int) -> str:
    """The ETag of a record at a version."""
    return f"v{version}"


def expected_version(current: int) -> int | None:
    """The version an `If-Match` names: a 412 when it is not the current one, None when absent."""
    header = request.if_match
    if not header:
        return None
    if header.star_tag or header.contains(version_tag(current)):
        return current
    abort(412, description="The record changed since the version named in If-Match; read it again.")


def tagged(items: Iterable[Any]) -> list[Any]:
    """A list of records made JSON-ready by their `model_dump`."""
    return [item.model_dump(mode="json") for item in items]

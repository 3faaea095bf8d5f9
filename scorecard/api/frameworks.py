"""The API's framework reads: the list, one framework's scorecard as of a date, an item, the links.

Everything comes from services/frameworks (the pages' own evaluation and the
CSV exports' cells), so the figures and field names are the pages' and the CSV's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, request

from scorecard.db import get_session
from scorecard.services import exports
from scorecard.services.frameworks import pages, records, transfer
from scorecard.services.frameworks.evaluation import ItemResult
from scorecard.web.filters import url_day

from . import schemas
from .paging import json_response, page_response, rows_of, slice_after
from .reads import READ_ERRORS, answers, bp
from .spec import spec

NOT_FOUND = (*READ_ERRORS, "HTTP_404")


def _limit() -> int:
    return int(request.context.query.limit)  # type: ignore[attr-defined]


@bp.get("/frameworks")
@spec.validate(
    query=schemas.FrameworkQuery, resp=answers(schemas.FrameworkList, *READ_ERRORS), tags=["frameworks"]
)
def framework_list() -> Response:
    """Every framework by name, with its rules and how many items and links it has."""
    session = get_session()
    rules = {row["framework"]: row for row in rows_of(transfer.export_frameworks(session))}
    rows = [
        schemas.FrameworkRow(
            framework_id=f.id, **rules[f.name], item_count=f.item_count, link_count=f.link_count
        ).model_dump(mode="json")
        for f in records.list_frameworks(session)
        if f.name in rules
    ]
    chosen = slice_after(rows, limit=_limit(), id_field="framework_id")
    return page_response(chosen, limit=_limit(), key=lambda row: (row["framework_id"],))


def _item(result: ItemResult, then: ItemResult | None, codes: dict[int, str], *, name: str, day: date) -> Any:
    cells = transfer.item_cells(result, framework_name=name, codes=codes, as_of=day)
    earlier = transfer.item_cells(then, framework_name=name, codes=codes, as_of=day) if then else None
    row = pages.ItemRow(result, then)
    fields = {
        "item_id": result.node.id,
        "depth": result.depth,
        **dict(zip((*transfer.ITEM_COLUMNS, *transfer.ITEM_COMPUTED), cells, strict=True)),
        "link_count": result.link_count,
        "achieved_links": result.achieved_links,
        "compare_score": earlier[transfer.ITEM_COMPUTED.index("score") + len(transfer.ITEM_COLUMNS)]
        if earlier
        else None,
        "compare_met": then.met if then else None,
        "trend": row.change,
    }
    return schemas.FrameworkItemRow(**fields).model_dump(mode="json")


def _unlocked(totals: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
    return [{"currency": c, "unlocked": u, "at_stake": s} for c, (u, s) in sorted(totals.items())]


def _as_of() -> date:
    """As the API's scorecard: the date asked for, up to today (a malformed one is ignored)."""
    today = date.today()
    return min(url_day(request.args, "as_of") or today, today)


def _dates() -> tuple[date, date]:
    """The as-of date, and the compare-to date: by default the end of the last cycle before it."""
    as_of = _as_of()
    return as_of, url_day(request.args, "compare_to") or exports.default_compare_date(get_session(), as_of)


@bp.get("/frameworks/<int:framework_id>")
@spec.validate(
    query=schemas.FrameworkDatesQuery, resp=answers(schemas.FrameworkDetail, *NOT_FOUND), tags=["frameworks"]
)
def framework(framework_id: int) -> Response:
    """A framework's scorecard as on its page: items in tree order as of a date, compared with another."""
    as_of, compare = _dates()
    page = pages.framework_page(get_session(), framework_id, as_of=as_of, compare=compare, today=date.today())
    codes = {row.now.node.id: row.now.node.code for row in page.rows}
    items = [_item(r.now, r.then, codes, name=page.rules.name, day=as_of) for r in page.rows]
    return page_response(
        slice_after(items, limit=_limit(), id_field="item_id"),
        limit=_limit(),
        key=lambda row: (row["item_id"],),
        **_framework_fields(page),
    )


def _framework_fields(page: pages.FrameworkPage) -> dict[str, Any]:
    rules = page.rules
    return {
        "framework_id": rules.id,
        "framework": rules.name,
        "kind": rules.kind,
        "met_rule": rules.met_rule,
        "threshold": rules.threshold,
        "rollup": rules.rollup,
        "illustrative": rules.illustrative,
        "as_of": page.as_of.isoformat(),
        "compare_to": page.compare.isoformat() if page.compare else None,
        "met_count": page.met_count,
        "at_risk_count": len(page.at_risk),
        "unlocked": _unlocked(page.totals),
        "compare_unlocked": _unlocked(page.compare_totals),
    }


def _backer(b: pages.BackerRow) -> dict[str, Any]:
    return {
        "link_id": b.link_id,
        "item_code": b.item_code,
        "recommendation_code": b.recommendation_code,
        "recommendation_title": b.recommendation_title,
        "benchmark_id": b.benchmark_id,
        "benchmark_title": b.benchmark_title,
        "weight": b.weight,
        "score": b.score,
        "achieved": b.achieved,
        "actors": list(b.actors),
    }


@bp.get("/frameworks/<int:framework_id>/items/<int:item_id>")
@spec.validate(
    query=schemas.FrameworkAsOfQuery,
    resp=answers(schemas.FrameworkItemDetail, *NOT_FOUND),
    tags=["frameworks"],
)
def framework_item(framework_id: int, item_id: int) -> Response:
    """One item as of a date: its figures, its sub-items', and the records behind them."""
    as_of = _as_of()
    page = pages.item_page(get_session(), framework_id, item_id, as_of=as_of, today=date.today())
    codes = {ident: code for code, ident in records.item_codes(get_session(), framework_id).items()}
    name = page.rules.name
    body = {
        "item": _item(page.result, None, codes, name=name, day=as_of),
        "subitems": [_item(r, None, codes, name=name, day=as_of) for r in page.subtree],
        "links": [_backer(b) for b in page.backers],
    }
    return json_response(body)


@bp.get("/frameworks/<int:framework_id>/links")
@spec.validate(
    query=schemas.FrameworkQuery, resp=answers(schemas.FrameworkLinkPage, *NOT_FOUND), tags=["frameworks"]
)
def framework_links(framework_id: int) -> Response:
    """A framework's links (links.csv's rows): each item and the recommendation or benchmark it counts."""
    session = get_session()
    records.get_framework(session, framework_id)
    rows = rows_of(transfer.export_links(session, framework_id=framework_id, with_ids=True))
    chosen = slice_after(rows, limit=_limit(), id_field="link_id")
    return page_response(chosen, limit=_limit(), key=lambda row: (row["link_id"],))

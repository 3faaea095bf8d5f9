"""The API's reads: cursor pages of the CSV exports' rows, a recommendation, reference data, the scorecard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user
from pydantic import BaseModel
from spectree import Response as Answers
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from scorecard.db import get_session
from scorecard.errors import NotFound, RuleViolation, StaleEdit
from scorecard.models import Recommendation, Role
from scorecard.rules.benchmarks import BENCHMARK_INPUTS
from scorecard.services import exports, recommendations, reference, review, scorecards
from scorecard.services.recommendations import RecommendationFilter, Thresholds
from scorecard.web.common import acting_user
from scorecard.web.filters import parse_filter, thresholds, url_day

from . import problems, schemas
from .paging import json_response, page_of, page_response, tagged, version_tag, window
from .spec import document, spec

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.register_error_handler(RuleViolation, problems.from_rule_violation)
bp.register_error_handler(StaleEdit, problems.from_stale_edit)
bp.register_error_handler(NotFound, problems.from_not_found)
bp.register_error_handler(HTTPException, problems.from_http)


@bp.after_request
def _cross_origin(response: Response) -> Response:
    """CORS only for the origins the API_CORS_ORIGINS setting lists (none by default); tokens, no cookies."""
    origin = request.headers.get("Origin")
    if origin and origin in (current_app.config.get("API_CORS_ORIGINS") or ()):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Headers"] = (
            "Authorization, Content-Type, If-Match, If-None-Match"
        )
        response.headers["Access-Control-Expose-Headers"] = "ETag, Link, Location, Retry-After"
        response.headers["Vary"] = "Origin"
    return response


READ_ERRORS = ("HTTP_400", "HTTP_401", "HTTP_403", "HTTP_422", "HTTP_429")
TRUE = ("y", "1", "true", "on")


def answers(model: Any, *codes: str, status: str = "HTTP_200") -> Answers:
    """A route's documented answers: its model, 304 for reads, and problems for the given codes."""
    return Answers(*codes, **{status: model}, HTTP_304=None)


def _as_of() -> date | None:
    return url_day(request.args, "as_of")


def is_contributor() -> bool:
    """Whether the token's user reports for actors (and so reads only what they are asked to act on)."""
    return bool(current_user.is_authenticated and current_user.role == Role.CONTRIBUTOR)


def scoped_filter() -> RecommendationFilter | None:
    """The list's filters; for a contributor, narrowed to the live recommendations its actors are asked
    to act on (review.py's scope: addressed to one of its actors, not archived). None: nothing to show."""
    criteria = parse_filter(request.args)
    if not is_contributor():
        return criteria
    own = set(review.actor_ids(get_session(), acting_user().user_id))
    wanted = own & set(criteria.actor_ids) if criteria.actor_ids else own
    if not wanted:
        return None
    return replace(criteria, actor_ids=tuple(sorted(wanted)), archived="active")


def _nothing(limit: int) -> Response:
    return page_response([], limit=limit, key=lambda row: ())


def _filtered_page(
    export: Callable[..., exports.CsvExport],
    key: Callable[[dict[str, Any]], tuple[Any, ...]],
    *,
    key_size: int,
    **options: Any,
) -> Response:
    """One page of a filtered list: the `export` of the caller's filters as of the URL's date, from the
    cursor on (its key has `key_size` columns), with any `options` of that export."""
    limit = int(request.context.query.limit)  # type: ignore[attr-defined]
    criteria = scoped_filter()
    if criteria is None:
        return _nothing(limit)
    rows = export(
        get_session(),
        criteria=criteria,
        thresholds=thresholds(),
        as_of=_as_of(),
        window=window(key_size, limit),
        **options,
    )
    return page_of(rows, limit=limit, key=key)


@bp.get("/recommendations")
@spec.validate(query=schemas.ListQuery, resp=answers(schemas.RecommendationPage, *READ_ERRORS), tags=["read"])
def recommendation_list() -> Response:
    """Recommendations that pass the filters, in code order, with score and coverage as of a date."""
    return _filtered_page(exports.recommendations, lambda row: (row["code"],), key_size=1)


@bp.get("/benchmarks")
@spec.validate(query=schemas.ListQuery, resp=answers(schemas.BenchmarkPage, *READ_ERRORS), tags=["read"])
def benchmark_list() -> Response:
    """The benchmarks of the filtered recommendations (archived ones too), with their state as of a date."""
    return _filtered_page(
        exports.benchmarks,
        lambda row: (row["recommendation_code"], row["position"], row["benchmark_id"]),
        key_size=3,
    )


@bp.get("/progress")
@spec.validate(query=schemas.ProgressQuery, resp=answers(schemas.ProgressPage, *READ_ERRORS), tags=["read"])
def progress_list() -> Response:
    """Progress entries of the filtered recommendations observed by a date, in the order recorded."""
    history = request.args.get("history", "") in TRUE
    return _filtered_page(exports.progress, lambda row: (row["entry_id"],), key_size=1, history=history)


def _figures(figures: scorecards.GroupFigures) -> dict[str, Any]:
    return {
        "key": figures.key,
        "name": str(figures.name),
        "recommendations": figures.recommendations,
        "assessed": figures.assessed,
        "score": figures.score,
        "coverage": figures.coverage,
        "compare_score": figures.earlier_score,
        "trend": figures.change,
    }


@bp.get("/scorecard")
@spec.validate(query=schemas.ScorecardQuery, resp=answers(schemas.ScorecardPage, *READ_ERRORS), tags=["read"])
def scorecard() -> Response:
    """The scorecard as of a date, compared with another, grouped, with every filter the page takes."""
    session, limits, criteria = get_session(), thresholds(), parse_filter(request.args)
    limit = int(request.context.query.limit)  # type: ignore[attr-defined]
    as_of = min(_as_of() or limits.today, limits.today)
    compare = url_day(request.args, "compare_to") or exports.default_compare_date(session, as_of)
    group = request.args.get("group", "theme")
    card = scorecards.build_scorecard(
        session, criteria=criteria, thresholds=limits, as_of=as_of, compare=compare, group=group
    )
    return _scorecard_page(session, card, criteria, limits, limit)


def _scorecard_page(
    session: Session,
    card: scorecards.Scorecard,
    criteria: RecommendationFilter,
    limits: Thresholds,
    limit: int,
) -> Response:
    """A page of the scorecard's rows at the card's two dates, with its grouping and figures beside them."""
    return page_of(
        exports.scorecard(
            session,
            criteria=criteria,
            thresholds=limits,
            as_of=card.as_of,
            compare_to=card.compare,
            window=window(1, limit),
        ),
        limit=limit,
        key=lambda row: (row["recommendation_code"],),
        as_of=card.as_of.isoformat(),
        compare_to=card.compare.isoformat(),
        group=card.group,
        overall=_figures(card.overall),
        groups=[_figures(g.figures) for g in card.groups],
    )


def recommendation_detail(found: Recommendation) -> dict[str, Any]:
    """One recommendation as the API shows and takes it back (PUT), with its live benchmarks."""
    return schemas.RecommendationDetail(
        code=found.code,
        title=found.title,
        text=found.text,
        theme_id=found.theme_id,
        source_id=found.source_id,
        locator=found.locator,
        priority=found.priority,
        status=found.status,
        issued_on=found.issued_on,
        due_on=found.due_on,
        tags=[tag for tag in found.tags.split(",") if tag],
        archived=found.archived_at is not None,
        actors=[schemas.ActorLink(actor_id=link.actor_id, role=link.role) for link in found.actor_links],
        benchmarks=[
            schemas.BenchmarkDetail(
                benchmark_id=b.id,
                position=b.position,
                **{name: getattr(b, name) for name in BENCHMARK_INPUTS},
            )
            for b in found.benchmarks
            if b.archived_at is None
        ],
        version=found.version,
    ).model_dump(mode="json")


def find_recommendation(code: str) -> Recommendation:
    """The recommendation with this code (any letter case), its benchmarks loaded; 404 when none has it."""
    session = get_session()
    found = recommendations.find_by_code(session, code)
    if found is None or (is_contributor() and not _reportable(found.id)):
        raise NotFound("Recommendation", code)
    return recommendations.get_recommendation(session, found.id)


def _reportable(recommendation_id: int) -> bool:
    """Whether a contributor's actors are asked to act on this recommendation (review.py's scope)."""
    scope = review.reportable_recommendation_ids(acting_user().user_id).subquery()
    found = select(scope.c[0]).where(scope.c[0] == recommendation_id).limit(1)
    return get_session().scalar(found) is not None


@bp.get("/recommendations/<path:code>")
@spec.validate(resp=answers(schemas.RecommendationDetail, *READ_ERRORS, "HTTP_404"), tags=["read"])
def recommendation(code: str) -> Response:
    """One recommendation; its ETag is its version (send it back in If-Match to update it)."""
    found = find_recommendation(code)
    return json_response(recommendation_detail(found), etag=version_tag(found.version))


def _reference_read(
    path: str,
    model: type[BaseModel],
    answer: type[BaseModel],
    list_all: Callable[[Session], Any],
    summary: str,
) -> None:
    """GET `path`: every record `list_all` gives, as `model`s in the list `answer`; `summary` documents it.
    Its endpoint is the path's last part ("api.themes" for /themes)."""

    def read() -> Response:
        found = list_all(get_session())
        return json_response({"items": tagged(model.model_validate(r, from_attributes=True) for r in found)})

    read.__name__ = read.__qualname__ = path.strip("/")
    read.__doc__ = summary
    bp.get(path)(spec.validate(resp=answers(answer, *READ_ERRORS), tags=["reference"])(read))


_reference_read("/themes", schemas.Theme, schemas.ThemeList, reference.list_themes, "Every theme.")
_reference_read("/actors", schemas.Actor, schemas.ActorList, reference.list_actors, "Every actor.")
_reference_read("/sources", schemas.Source, schemas.SourceList, reference.list_sources, "Every source.")
_reference_read(
    "/scales",
    schemas.Scale,
    schemas.ScaleList,
    reference.list_scales,
    "Every scale with its levels in order.",
)


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document, generated from the routes and their schemas."""
    return json_response(document())


@bp.get("/docs")
def docs() -> str:
    """A readable reference of every operation, rendered here from the document (nothing from a CDN)."""
    return render_template("api/docs.html", document=document())

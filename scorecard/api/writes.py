"""The API's writes, through the services: recommendations with their benchmarks, progress and corrections."""

from __future__ import annotations

from flask import Response, abort, request, url_for
from spectree import Response as Answers
from sqlalchemy.orm import Session

from scorecard.db import get_session
from scorecard.models import ProgressEntry
from scorecard.rules.benchmarks import BENCHMARK_INPUTS
from scorecard.services import progress, recommendations, review
from scorecard.services.progress import EntryInput
from scorecard.services.recommendations import BenchmarkInput, RecommendationInput
from scorecard.web.common import acting_user, commit

from . import schemas
from .paging import expected_version, json_response, version_tag
from .reads import bp, find_recommendation, is_contributor, recommendation_detail
from .spec import spec

WRITE_ERRORS = ("HTTP_400", "HTTP_401", "HTTP_403", "HTTP_404", "HTTP_409", "HTTP_422", "HTTP_429")


def _input(fields: schemas.RecommendationFields) -> RecommendationInput:
    """The service's input from the request body: the same object the form builds."""
    return RecommendationInput(
        **fields.model_dump(exclude={"tags", "actors", "benchmarks"}),
        tags=[",".join(fields.tags)],
        actors=[(link.actor_id, link.role) for link in fields.actors],
        benchmarks=[
            BenchmarkInput(id=b.benchmark_id, **{name: getattr(b, name) for name in BENCHMARK_INPUTS})
            for b in fields.benchmarks
        ],
    )


def _saved(code: str, *, status: int = 200) -> Response:
    """The recommendation as saved, with its new version as ETag."""
    found = find_recommendation(code)
    response = json_response(recommendation_detail(found), status=status, etag=version_tag(found.version))
    response.headers["Location"] = url_for("api.recommendation", code=found.code)
    return response


@bp.post("/recommendations")
@spec.validate(
    json=schemas.RecommendationFields,
    resp=Answers(*WRITE_ERRORS, HTTP_201=schemas.RecommendationDetail),
    tags=["write"],
)
def recommendation_create() -> Response:
    """Add a recommendation with its actors and benchmarks (the same rules and messages as the form)."""
    fields = request.context.json  # type: ignore[attr-defined]
    created = recommendations.create_recommendation(get_session(), fields=_input(fields), by=acting_user())
    commit()
    return _saved(created.code, status=201)


@bp.put("/recommendations/<path:code>")
@spec.validate(
    json=schemas.RecommendationFields,
    resp=Answers(*WRITE_ERRORS, "HTTP_412", "HTTP_428", HTTP_200=schemas.RecommendationDetail),
    tags=["write"],
)
def recommendation_update(code: str) -> Response:
    """Replace a recommendation and its benchmarks; send its ETag in If-Match (412 when it has changed)."""
    found = find_recommendation(code)
    version = expected_version(found.version)
    if version is None:
        abort(428, description="Send the recommendation's ETag in If-Match, so that no change is lost.")
    fields = request.context.json  # type: ignore[attr-defined]
    saved = recommendations.update_recommendation(
        get_session(), found.id, fields=_input(fields), expected_version=version, by=acting_user()
    )
    commit()
    return _saved(saved.code)


def _entry_input(fields: schemas.EntryFields) -> EntryInput:
    """The service's input from the request body: its fields are EntryInput's, name for name."""
    return EntryInput(**fields.model_dump())


def _entry(saved: ProgressEntry) -> Response:
    """A recorded entry, 201, its ETag naming it (an entry never changes: a correction is a new one)."""
    body = schemas.EntryDetail(
        entry_id=saved.id,
        benchmark_id=saved.benchmark_id,
        kind=saved.kind,
        observed_on=saved.observed_on,
        level_id=saved.level_id,
        value=saved.value,
        achieved=saved.achieved,
        score=saved.score,
        note=saved.note,
        evidence_url=saved.evidence_url,
        corrects_id=saved.corrects_id,
        review_status=saved.review_status,
    ).model_dump(mode="json")
    return json_response(body, status=201, etag=f"e{saved.id}")


@bp.post("/benchmarks/<int:benchmark_id>/progress")
@spec.validate(
    json=schemas.EntryFields, resp=Answers(*WRITE_ERRORS, HTTP_201=schemas.EntryDetail), tags=["write"]
)
def progress_record(benchmark_id: int) -> Response:
    """Record one observation of a benchmark, as the token's user (the form's rules and messages).

    A contributor's token records only on its actors' benchmarks, and its entry waits for review.
    """
    fields = request.context.json  # type: ignore[attr-defined]
    # A contributor's report goes to review, as from its form (only on its actors' benchmarks: else 404).
    record = review.submit_progress if is_contributor() else progress.record_progress
    saved = record(get_session(), benchmark_id, fields=_entry_input(fields), by=acting_user())
    commit()
    return _entry(saved)


@bp.post("/progress/<int:entry_id>/corrections")
@spec.validate(
    json=schemas.EntryFields,
    resp=Answers(*WRITE_ERRORS, "HTTP_412", HTTP_201=schemas.EntryDetail),
    tags=["write"],
)
def progress_correct(entry_id: int) -> Response:
    """Correct an entry that still counts; a corrected one answers 409 (If-Match: its ETag, else 412).

    A contributor's token revises an entry returned to it, as its form does: on its actors' benchmarks
    only (else 404), and the new entry waits for review.
    """
    session, by, contributor = get_session(), acting_user(), is_contributor()
    current = (review.reportable_entry if contributor else _any_entry)(session, by.user_id, entry_id)
    header = request.if_match
    if header and not header.star_tag and not header.contains(f"e{current.id}"):
        abort(412, description="If-Match does not name this entry.")
    if current.superseded_at is not None or current.deleted_at is not None:
        abort(409, description="This entry was corrected or deleted meanwhile; correct the one that counts.")
    fields = request.context.json  # type: ignore[attr-defined]
    correct = review.revise_entry if contributor else progress.correct_entry
    saved = correct(session, entry_id, fields=_entry_input(fields), by=by)
    commit()
    return _entry(saved)


def _any_entry(session: Session, _user_id: int | None, entry_id: int) -> ProgressEntry:
    return progress.get_entry(session, entry_id)

"""Recommendations: the filtered list, one recommendation's page, and the forms that change them."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from scorecard.db import get_session
from scorecard.services import pages, recommendations

from .filters import filter_form, parse_filter, sort_args, thresholds

bp = Blueprint("recommendations", __name__, url_prefix="/recommendations")


@bp.route("")
def index() -> str:
    """Search, filter, sort and page through recommendations with today's scores."""
    session = get_session()
    criteria = parse_filter(request.args)
    sort, descending, page, per_page = sort_args(request.args)
    listing = recommendations.list_recommendations(
        session,
        criteria=criteria,
        thresholds=thresholds(),
        sort=sort,
        descending=descending,
        page=page,
        per_page=per_page,
    )
    return render_template(
        "recommendations/index.html",
        listing=listing,
        criteria=criteria,
        form=filter_form(session, request.args),
        sort=sort,
        descending=descending,
    )


@bp.route("/<int:recommendation_id>")
def detail(recommendation_id: int) -> str:
    """One recommendation: wording, source, actors, benchmarks with their state, history."""
    page = pages.recommendation_page(get_session(), recommendation_id, thresholds=thresholds())
    return render_template("recommendations/detail.html", page=page, rec=page.recommendation)

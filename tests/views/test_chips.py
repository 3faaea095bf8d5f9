"""The grid's pieces drawn in Python (scorecard/web/chips.py) and the page language's catalogue memo."""

from __future__ import annotations

from datetime import date

from flask import Flask, render_template_string
from flask_babel import force_locale, gettext

from scorecard.scoring import ScoreSummary
from scorecard.services.scorecards import Cell, CellState, ScorecardRow
from scorecard.web import chips


def test_a_forced_language_is_the_one_templates_and_pieces_speak_until_it_ends(app: Flask) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string("{{ _('Not assessed') }}") == "Not assessed"
        with force_locale("sq"):
            albanian = gettext("Not assessed")
            assert albanian != "Not assessed"
            assert render_template_string("{{ _('Not assessed') }}") == albanian
            assert albanian in chips.state_chip("scale", None)
        assert render_template_string("{{ _('Not assessed') }}") == "Not assessed"
        assert "Not assessed" in chips.state_chip("scale", None)


def test_a_change_reads_with_its_sign_and_the_date_it_is_since(app: Flask) -> None:
    with app.test_request_context("/"):
        down = chips.trend(-2.6, date(2025, 12, 31))
        assert '<span class="trend-down"><span aria-hidden="true">▼ </span>−3' in down
        assert '<span class="visually-hidden"> since 2025-12-31</span>' in down
        assert 'class="trend-flat"' in chips.trend(0.4)
        assert "since" not in chips.trend(0.4)
        assert 'title="Not assessed on one of the two dates">—' in chips.trend(None)


def test_a_row_shows_how_its_score_is_computed_with_its_text_escaped(app: Flask) -> None:
    state = CellState(entry_id=1, observed_on=date(2026, 1, 5), score=50.0, level_id=None, label="half")
    cells = (
        Cell(1, "Law <adopted>", "milestone", 2.0, None, state, None),
        Cell(2, "Budget", "numeric", 1.5, None, None, None),
    )
    summary = ScoreSummary(
        score=50.0, coverage=57.14, total_weight=3.5, assessed_weight=2.0, count=2, assessed_count=1
    )
    row = ScorecardRow(
        id=1, code="R-1", title="t", status="accepted", priority="high", due_on=None, theme_id=1,
        theme="T", source_id=None, source=None, actors=(), summary=summary, earlier=summary,
        last_observed_on=None, overdue=False, cells=cells,
    )  # fmt: skip
    with app.test_request_context("/"):
        html = chips.row_arithmetic(row)
        assert "<li>Law &lt;adopted&gt;: weight 2, score 50</li>" in html
        assert "<li>Budget: weight 1.5, not assessed</li>" in html
        assert "Score = (2 × 50) ÷ 2 = <strong>50.0</strong>" in html
        assert "Coverage = assessed weight 2 of 3.5 = 57%; 1 of 2 benchmarks assessed." in html
        empty = chips.row_arithmetic(
            ScorecardRow(**{**{f: getattr(row, f) for f in row.__slots__}, "cells": ()})  # type: ignore[attr-defined]
        )
        assert "This recommendation has no benchmarks yet, so it has no score." in empty
        assert chips.state_chip("milestone", state) == '<span class="chip chip--not-yet">half</span>'

"""The small pieces a grid repeats in every row and cell (a change in score, a benchmark's state),
written in Python: as Jinja macros they were a good part of a scorecard page's time.

Each returns exactly the HTML the macros did (the same text, classes and whitespace).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup

from scorecard import i18n
from scorecard.errors import N_

from .formatting import format_date, format_score, format_trend, score_class

NOT_ASSESSED_ON_ONE = N_("Not assessed on one of the two dates")
NOT_ASSESSED = N_("Not assessed")
SINCE = N_("since %(since)s")


def _ui(msgid: str, **values: Any) -> Markup:
    """A template's `_()` or `{% trans %}`: the translation as it stands (not escaped again), its
    values escaped."""
    return Markup(i18n.ui_gettext(msgid)) % values  # noqa: S704 - the catalogue's text, as Jinja's _() marks it


def trend(change: float | None, since: date | None = None) -> Markup:
    """A change in score: the sign and number always shown; the arrow and colour only repeat them."""
    if change is None:
        return Markup('<span class="trend-flat" title="%s">—</span>') % _ui(NOT_ASSESSED_ON_ONE)
    rounded = round(change)
    if rounded > 0:
        css, arrow = "trend-up", "▲ "
    elif rounded < 0:
        css, arrow = "trend-down", "▼ "
    else:
        css, arrow = "trend-flat", ""
    when = (
        Markup('<span class="visually-hidden"> %s</span>') % _ui(SINCE, since=format_date(since))
        if since
        else ""
    )
    return Markup('\n  <span class="%s"><span aria-hidden="true">%s</span>%s%s</span>') % (
        css,
        arrow,
        format_trend(change),
        when,
    )


def state_chip(kind: str, state: Any) -> Markup:
    """A benchmark's state as a chip: the level's colour for scales, achieved / not yet for milestones,
    the band for numbers."""
    if state is None:
        return Markup('<span class="chip chip--none">%s</span>') % _ui(NOT_ASSESSED)
    if kind == "scale" and state.level_id:
        return Markup('<span class="chip lv-%s">%s</span>') % (state.level_id, i18n.translate(state.label))
    if kind == "milestone":
        css = "chip--achieved" if state.score >= 100 else "chip--not-yet"
        return Markup('<span class="chip %s">%s</span>') % (css, i18n.translate(state.label))
    return Markup('<span class="chip chip--numeric %s">%s</span>') % (score_class(state.score), state.label)


HOW = N_("How")
SCORE_OF = N_("the score of %(name)s is computed")
WEIGHT_SCORE = N_("weight %(weight)s, score %(score)s")
WEIGHT_UNASSESSED = N_("weight %(weight)s, not assessed")
SCORE = N_("Score")
NOTHING_ASSESSED = N_("Nothing assessed yet: no score (which is not 0).")
COVERAGE = N_(
    "Coverage = assessed weight %(assessed)s of %(total)s = %(coverage)s%%; "
    "%(assessed_count)s of %(count)s benchmarks assessed."
)
NO_BENCHMARKS = N_("This recommendation has no benchmarks yet, so it has no score.")


def row_arithmetic(row: Any) -> Markup:
    """How a scorecard row's score is computed: the weighted mean of its assessed benchmarks."""
    html = Markup(
        '<details class="arith">\n    <summary>%s<span class="visually-hidden"> %s</span>?</summary>\n'
        '    <div class="arith__body">\n      '
    ) % (_ui(HOW), _ui(SCORE_OF, name=row.code))
    if row.cells:
        html += Markup("\n      <ul>\n        ")
        for cell in row.cells:
            weight = f"{cell.weight:g}"
            said = (
                _ui(WEIGHT_SCORE, weight=weight, score=format_score(cell.state.score))
                if cell.state
                else _ui(WEIGHT_UNASSESSED, weight=weight)
            )
            html += Markup("\n        <li>%s: %s</li>\n        ") % (cell.title, said)
        html += Markup("\n      </ul>\n      ")
        html += _row_score(row)
        summary = row.summary
        html += Markup("\n      <p>%s</p>\n      ") % _ui(
            COVERAGE,
            assessed=f"{summary.assessed_weight:g}",
            total=f"{summary.total_weight:g}",
            coverage=format_score(summary.coverage),
            assessed_count=summary.assessed_count,
            count=summary.count,
        )
    else:
        html += Markup("<p>%s</p>") % _ui(NO_BENCHMARKS)
    return html + Markup("\n    </div>\n  </details>")


def _row_score(row: Any) -> Markup:
    if row.summary.score is None:
        return Markup("<p>%s</p>") % _ui(NOTHING_ASSESSED)
    terms = Markup(" + ").join(
        Markup("%s × %s") % (f"{cell.weight:g}", format_score(cell.state.score))
        for cell in row.cells
        if cell.state
    )
    return Markup("\n      <p>%s = (%s) ÷ %s = <strong>%s</strong></p>\n      ") % (
        _ui(SCORE),
        terms,
        f"{row.summary.assessed_weight:g}",
        round(row.summary.score, 1),
    )

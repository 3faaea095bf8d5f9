"""Charts drawn on the server as SVG (pygal), shown as data-URI images with a data table beside them."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import pygal
from flask_babel import gettext
from markupsafe import Markup
from pygal.style import Style

from .formatting import format_date, format_score, status_label

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#1b2430"
# Okabe–Ito, readable for people with colour-blindness; black for the overall line.
SERIES_COLOURS = (
    "#1f5fa8",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#7a5c00",
    "#6f6f6f",
    "#0072b2",
    "#a6761d",
)
BAND_COLOURS = {"high": "#1a9850", "mid": "#e0a100", "low": "#d73027"}
STATUS_COLOURS = {
    "proposed": "#9aa5b1",
    "accepted": "#56b4e9",
    "in_progress": "#1f5fa8",
    "implemented": "#1a9850",
    "partially_implemented": "#8cbf3f",
    "stalled": "#e0a100",
    "rejected": "#6f6f6f",
    "withdrawn": "#b8c1cc",
}
SCORE_TICKS = (0, 25, 50, 75, 100)
# (width, height, font size) of the two renderings: the wide one for desktops and
# print, the narrow one for phones, so that the text stays readable at either size.
Size = tuple[int, int, int]
WIDE = (720, 360, 15)
FULL = (1180, 420, 15)
NARROW = (380, 300, 13)
PHONE_MEDIA = "(max-width: 600px)"


@dataclass(frozen=True, slots=True)
class Chart:
    """A rendered chart: the picture to show and the same figures as a table, for everyone."""

    title: str
    picture: Markup
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _style(font_size: int, colours: Sequence[str]) -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle="#d5dbe3",
        opacity="1",
        opacity_hover="1",
        font_family=FONT,
        title_font_family=FONT,
        label_font_family=FONT,
        major_label_font_family=FONT,
        value_font_family=FONT,
        legend_font_family=FONT,
        title_font_size=font_size + 3,
        label_font_size=font_size,
        major_label_font_size=font_size,
        value_font_size=font_size - 1,
        legend_font_size=font_size,
        tooltip_font_size=font_size - 2,
        colors=tuple(colours),
    )


SCRIPT = re.compile(rb"<script\b.*?</script>", re.S)
COMMENT = re.compile(rb"<!--.*?-->", re.S)


def _data_uri(svg: bytes) -> str:
    # pygal still inlines a config <script> and credit comments: an <img> ignores both, so drop them.
    svg = COMMENT.sub(b"", SCRIPT.sub(b"", svg))
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _picture(wide: str, narrow: str, alt: str, size: tuple[int, int, int]) -> Markup:
    """Both renderings in one <picture>: the browser picks by width, print takes the wide one."""
    return Markup(
        '<picture><source media="{}" srcset="{}"><img src="{}" alt="{}" width="{}" height="{}"></picture>'
    ).format(PHONE_MEDIA, narrow, wide, alt, size[0], size[1])


def _drawing(
    draw: Callable[..., str],
    args: tuple[Any, ...],
    sizes: tuple[Size, Size],
    alt: str,
    title: str,
    drawn: bool,
) -> Markup:
    """`draw(*args, size)` at the wide and the narrow size in one <picture>; when nothing is `drawn`, the
    note that stands in for the chart."""
    if not drawn:
        return _nothing(title)
    wide, narrow = sizes
    return _picture(draw(*args, wide), draw(*args, narrow), alt, (wide[0], wide[1], 0))


def _nothing(title: str) -> Markup:
    """What stands in for a chart with nothing to draw (pygal cannot draw an empty line or bar chart)."""
    return Markup('<p class="muted chart-empty">{}</p>').format(
        gettext("%(title)s: nothing assessed yet.", title=title)
    )


def _score(value: float | None) -> str:
    return format_score(value, empty=gettext("not assessed"))


def _count_ticks(largest: int) -> list[int]:
    """Round whole-number ticks from 0 to just past `largest`: steps of 1, 2 or 5 times a power of ten.

    Four to six ticks read at a glance (0, 5,000, 10,000, 15,000), where
    `largest / 5` gave steps such as 2805.
    """
    if largest <= 0:
        return [0, 1]
    step = 1
    while True:
        for factor in (1, 2, 5):
            if largest / (step * factor) <= 5:
                step *= factor
                return list(range(0, -(-largest // step) * step + 1, step))
        step *= 10


def _band(score: float) -> str:
    return "high" if score >= 75 else "mid" if score >= 40 else "low"


def _base_config(size: tuple[int, int, int], title: str, colours: Sequence[str]) -> dict[str, object]:
    width, height, font = size
    return {
        "title": title,
        "width": width,
        "height": height,
        "style": _style(font, colours),
        "js": [],  # no script from a CDN (an <img> would not run it anyway)
        "disable_xml_declaration": False,
        "explicit_size": True,
        "margin": 12,
        "spacing": 8,
        "no_data_text": "No data",
        "print_zeroes": True,
        "truncate_label": -1,
        "truncate_legend": -1,
        "no_prefix": True,  # each chart is its own SVG document: no need to scope its CSS
    }


@lru_cache(maxsize=256)
def _score_bars_svg(
    title: str, labels: tuple[str, ...], scores: tuple[float | None, ...], size: tuple[int, int, int]
) -> str:
    chart = pygal.HorizontalBar(
        **_base_config(size, title, [BAND_COLOURS["mid"]]),
        range=(0, 100),
        xrange=(0, 100),
        y_labels=SCORE_TICKS,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        value_formatter=lambda value: f"{value:.0f}",
    )
    # pygal draws the first label at the bottom: reverse so the chart reads top-down like the table.
    chart.x_labels = list(reversed(labels))
    chart.add(
        "Score",
        [
            None if score is None else {"value": score, "color": BAND_COLOURS[_band(score)]}
            for score in reversed(scores)
        ],
    )
    return _data_uri(chart.render())


def score_bars(title: str, labels: Sequence[str], scores: Sequence[float | None]) -> Chart:
    """Horizontal bars of scores 0–100 (one per label; a missing bar means not assessed)."""
    key = (title, tuple(labels), tuple(scores))
    alt = gettext("Bar chart, %(title)s: ", title=title) + "; ".join(
        f"{label} {_score(score)}" for label, score in zip(labels, scores, strict=True)
    )
    height = max(160, 90 + 34 * len(labels))
    wide = (WIDE[0], height, WIDE[2])
    narrow = (NARROW[0], max(160, 90 + 40 * len(labels)), NARROW[2])
    drawn = any(score is not None for score in scores)
    return Chart(
        title=title,
        picture=_drawing(_score_bars_svg, key, (wide, narrow), alt, title, drawn),
        headers=("", gettext("Score")),
        rows=tuple((label, _score(score)) for label, score in zip(labels, scores, strict=True)),
    )


@lru_cache(maxsize=256)
def _status_bars_svg(
    title: str, statuses: tuple[str, ...], counts: tuple[int, ...], size: tuple[int, int, int]
) -> str:
    chart = pygal.HorizontalBar(
        **_base_config(size, title, [STATUS_COLOURS["in_progress"]]),
        show_legend=False,
        print_values=True,
        print_values_position="top",
        value_formatter=lambda value: f"{value:,.0f}",
        y_labels=_count_ticks(max(counts, default=0)),
        y_labels_major_every=1,
    )
    chart.x_labels = [status_label(status) for status in reversed(statuses)]
    chart.add(
        "Recommendations",
        [
            {"value": count, "color": STATUS_COLOURS.get(status, "#1f5fa8")}
            for status, count in zip(reversed(statuses), reversed(counts), strict=True)
        ],
    )
    return _data_uri(chart.render())


def status_bars(title: str, counts: Sequence[tuple[str, int]]) -> Chart:
    """How many recommendations are in each lifecycle status, as horizontal bars."""
    statuses = tuple(status for status, _ in counts)
    numbers = tuple(count for _, count in counts)
    alt = gettext("Bar chart, %(title)s: ", title=title) + "; ".join(
        f"{status_label(s)} {n}" for s, n in counts
    )
    wide = (WIDE[0], max(160, 90 + 34 * len(statuses)), WIDE[2])
    narrow = (NARROW[0], max(160, 90 + 40 * len(statuses)), NARROW[2])
    return Chart(
        title=title,
        picture=_drawing(
            _status_bars_svg, (title, statuses, numbers), (wide, narrow), alt, title, any(numbers)
        ),
        headers=(gettext("Status"), gettext("Recommendations")),
        rows=tuple((status_label(s), str(n)) for s, n in counts),
    )


@lru_cache(maxsize=256)
def _score_lines_svg(
    title: str,
    x_labels: tuple[str, ...],
    series: tuple[tuple[str, tuple[float | None, ...]], ...],
    size: tuple[int, int, int],
) -> str:
    many = len(series) > 1
    columns = 2 if size[0] < 500 else (4 if size[0] > 1000 else 3)
    legend_rows = -(-len(series) // columns) if many else 0
    chart = pygal.Line(
        **_base_config(size, title, SERIES_COLOURS),
        range=(0, 100),
        y_labels=SCORE_TICKS,
        show_legend=many,
        legend_at_bottom=True,
        legend_at_bottom_columns=columns,
        # pygal leaves room for one legend row only: without this the later rows are cut off.
        margin_bottom=12 + 24 * max(0, legend_rows - 1),
        allow_interruptions=True,
        dots_size=4 if many else 5,
        stroke_style={"width": 3},
        margin_right=28,  # room for the last point's value
        x_label_rotation=-35 if size[0] < 500 else 0,
        print_values=not many,
        print_values_position="top",
        value_formatter=lambda value: f"{value:.0f}",
    )
    chart.x_labels = list(x_labels)
    for name, values in series:
        chart.add(name, list(values))
    return _data_uri(chart.render())


def score_lines(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    full_width: bool = False,
) -> Chart:
    """Scores 0–100 over time, one line per series (a gap where nothing was assessed yet).

    `full_width` draws it for a page-wide card instead of a half-width one, so its text keeps its size.
    """
    key = (title, tuple(x_labels), tuple((name, tuple(values)) for name, values in series))
    if len(series) == 1:
        values = list(series[0][1])
        known = [(label, v) for label, v in zip(x_labels, values, strict=True) if v is not None]
        alt = (
            gettext(
                "Line chart, %(title)s: from %(first)s in %(start)s to %(last)s in %(end)s.",
                title=title,
                first=_score(known[0][1]),
                start=known[0][0],
                last=_score(known[-1][1]),
                end=known[-1][0],
            )
            if known
            else gettext("Line chart, %(title)s: nothing assessed yet.", title=title)
        )
    else:
        alt = gettext(
            "Line chart, %(title)s: %(count)d lines; the figures are in the data table below.",
            title=title,
            count=len(series),
        )
    base = FULL if full_width else WIDE
    columns = 4 if full_width else 3
    legend_rows = (len(series) + columns - 1) // columns if len(series) > 1 else 0
    wide = (base[0], base[1] + 36 * legend_rows, base[2])
    narrow = (NARROW[0], NARROW[1] + 28 * ((len(series) + 1) // 2 if len(series) > 1 else 0), NARROW[2])
    drawn = any(v is not None for _, values in series for v in values)
    return Chart(
        title=title,
        picture=_drawing(_score_lines_svg, key, (wide, narrow), alt, title, drawn),
        headers=("", *x_labels),
        rows=tuple((name, *(_score(v) for v in values)) for name, values in series),
    )


@lru_cache(maxsize=4096)
def _sparkline_svg(points: tuple[tuple[int, float], ...]) -> str:
    """One polyline, drawn directly: pygal takes ~10 ms a chart, and a page shows one per benchmark.

    The full charts stay with pygal; a sparkline has no axes, labels or legend
    to lay out. Scores 0–100 run bottom to top, time left to right.
    """
    width, height, margin = 120, 32, 3
    first, last = points[0][0], points[-1][0]
    span = max(1, last - first)

    def at(day: int, score: float) -> str:
        x = margin + (width - 2 * margin) * (day - first) / span if len(points) > 1 else width / 2
        y = height - margin - (height - 2 * margin) * max(0.0, min(100.0, score)) / 100
        return f"{x:.1f},{y:.1f}"

    coordinates = " ".join(at(day, score) for day, score in points)
    end_x, end_y = at(*points[-1]).split(",")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
        f'<line x1="{margin}" y1="{height - margin}" x2="{width - margin}" y2="{height - margin}" '
        'stroke="#d5dbe3" stroke-width="1"/>'
        f'<polyline points="{coordinates}" fill="none" stroke="#1f5fa8" stroke-width="2" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
        f'<circle cx="{end_x}" cy="{end_y}" r="2.5" fill="#1f5fa8"/></svg>'
    )
    return _data_uri(svg.encode("utf-8"))


def sparkline(series: Sequence[tuple[date, float]], title: str) -> Markup:
    """A small trend line of scores 0–100 over time (about 120×32 px), as an <img> with a telling alt text."""
    points = tuple((day.toordinal(), float(score)) for day, score in series)
    if not points:
        return Markup('<span class="muted small">{}</span>').format(
            gettext("%(title)s: not assessed", title=title)
        )
    (first_day, first), (last_day, last) = series[0], series[-1]
    alt = gettext(
        "Trend of %(title)s: %(first)s on %(start)s, %(last)s on %(end)s (%(count)d entries)",
        title=title,
        first=format_score(first),
        start=format_date(first_day),
        last=format_score(last),
        end=format_date(last_day),
        count=len(series),
    )
    return Markup('<img class="sparkline" src="{}" alt="{}" width="120" height="32">').format(
        _sparkline_svg(points), alt
    )

"""What kinds of file an import takes, and how a header says which."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from scorecard.errors import ScorecardError

from .. import content, exports

KINDS = ("recommendations", "benchmarks", "progress")
KIND_LABELS = {
    "recommendations": "recommendations",
    "benchmarks": "benchmarks",
    "progress": "progress entries",
}
ENTITY = {"recommendations": "recommendation", "benchmarks": "benchmark", "progress": "progress_entry"}
# Columns each kind imports. Computed columns of the exports are accepted and ignored.
IMPORTED: dict[str, tuple[str, ...]] = {
    # Headers are compared in lower case: `title@sr-Latn` arrives as `title@sr-latn`.
    "recommendations": exports.RECOMMENDATION_COLUMNS[:13]
    + tuple(name.lower() for name in content.csv_columns("recommendation")),
    "benchmarks": exports.BENCHMARK_COLUMNS[:14]
    + tuple(name.lower() for name in content.csv_columns("benchmark")),
    "progress": (*exports.PROGRESS_HISTORY_COLUMNS,),
}
COMPUTED: dict[str, frozenset[str]] = {
    "recommendations": frozenset(exports.RECOMMENDATION_COLUMNS[13:16]),
    "benchmarks": frozenset(exports.BENCHMARK_COLUMNS[14:16]),
    # benchmark_title and kind describe the benchmark for people; score follows from the value.
    "progress": frozenset({"score", "kind"}),
}
REQUIRED_COLUMNS: dict[str, frozenset[str]] = {
    "recommendations": frozenset({"code"}),
    "benchmarks": frozenset({"recommendation_code"}),
    "progress": frozenset({"observed_on"}),
}


class UnknownHeader(ScorecardError):
    """The header is not one of ours: map its columns first.

    `kind` is the closest of our kinds (None when nothing fits), `unknown` the
    columns we do not know, `missing` the ones that kind needs.
    """

    def __init__(self, message: str, *, kind: str | None, unknown: Sequence[str], missing: Sequence[str]):
        """Keep the message and what is known about the header."""
        super().__init__(message)
        self.kind = kind
        self.unknown = list(unknown)
        self.missing = list(missing)


class ReportOnly(UnknownHeader):
    """A scorecard export: a report computed from the data, not data to import."""


def recognise(header: Sequence[str]) -> str:
    """The kind of one of our exports from its header (any order, computed columns optional)."""
    names = {name.strip().lower() for name in header}
    if {"recommendation_code", "as_of", "trend"} <= names and names <= set(exports.SCORECARD_COLUMNS):
        raise ReportOnly(
            "This is a scorecard export: a report computed from the recommendations, benchmarks and "
            "progress entries. Import those three exports instead.",
            kind=None,
            unknown=[],
            missing=[],
        )
    best: tuple[int, str] | None = None
    for kind in KINDS:
        known = set(IMPORTED[kind]) | COMPUTED[kind]
        if names <= known and REQUIRED_COLUMNS[kind] <= names:
            return kind
        overlap = len(names & known)
        if best is None or overlap > best[0]:
            best = (overlap, kind)
    assert best is not None
    closest = best[1] if best[0] else None
    unknown = sorted(names - (set(IMPORTED[closest]) | COMPUTED[closest])) if closest else sorted(names)
    missing = sorted(REQUIRED_COLUMNS[closest] - names) if closest else []
    parts = []
    if unknown:
        parts.append("unknown column(s): " + ", ".join(unknown))
    if missing:
        parts.append("missing: " + ", ".join(missing))
    raise UnknownHeader(
        "These are not the columns of a Scorecard export"
        + (f" ({'; '.join(parts)})" if parts else "")
        + ". Map the columns to ours to import it.",
        kind=closest,
        unknown=unknown,
        missing=missing,
    )


def header_signature(header: Sequence[str]) -> str:
    """A stable fingerprint of a set of headers, to find a saved mapping again."""
    normalised = "\x1f".join(name.strip().lower() for name in header)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()

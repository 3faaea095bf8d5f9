"""What kinds of file an import takes, and how a header says which."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from scorecard.errors import N_, ScorecardError

from .. import content, exports
from ..frameworks import transfer as framework_transfer

KINDS = ("recommendations", "benchmarks", "progress")
# Framework files are recognised by their header only (no column mapping): they are our own exports,
# or a two-column code,title list of goals and targets.
FRAMEWORK_KINDS = framework_transfer.KINDS
KIND_LABELS = {
    "recommendations": N_("recommendations"),
    "benchmarks": N_("benchmarks"),
    "progress": N_("progress entries"),
    "frameworks": N_("frameworks"),
    "framework-items": N_("framework items"),
    "links": N_("crosswalk links"),
}
ENTITY = {
    "recommendations": "recommendation",
    "benchmarks": "benchmark",
    "progress": "progress_entry",
    "frameworks": "framework",
    "framework-items": "framework_item",
    "links": "framework_link",
}
# Columns each kind imports. Computed columns of the exports are accepted and ignored.
IMPORTED: dict[str, tuple[str, ...]] = {
    # Headers are compared in lower case: `title@sr-Latn` arrives as `title@sr-latn`.
    "recommendations": exports.RECOMMENDATION_COLUMNS[:13]
    + tuple(name.lower() for name in content.csv_columns("recommendation")),
    "benchmarks": exports.BENCHMARK_COLUMNS[:16]
    + tuple(name.lower() for name in content.csv_columns("benchmark")),
    "progress": (*exports.PROGRESS_HISTORY_COLUMNS,),
    "frameworks": framework_transfer.FRAMEWORK_COLUMNS
    + tuple(name.lower() for name in framework_transfer.FRAMEWORK_TRANSLATIONS),
    "framework-items": framework_transfer.ITEM_COLUMNS
    + tuple(name.lower() for name in framework_transfer.ITEM_TRANSLATIONS),
    "links": framework_transfer.LINK_COLUMNS,
}
COMPUTED: dict[str, frozenset[str]] = {
    "recommendations": frozenset(exports.RECOMMENDATION_COLUMNS[13:16]),
    "benchmarks": frozenset(exports.BENCHMARK_COLUMNS[16:18]),
    # benchmark_title and kind describe the benchmark for people; score follows from the value.
    "progress": frozenset({"score", "kind"}),
    "frameworks": frozenset(),
    "framework-items": frozenset(framework_transfer.ITEM_COMPUTED),
    "links": frozenset(),
}
REQUIRED_COLUMNS: dict[str, frozenset[str]] = {
    "recommendations": frozenset({"code"}),
    "benchmarks": frozenset({"recommendation_code"}),
    "progress": frozenset({"observed_on"}),
    "frameworks": frozenset({"framework"}),
    "framework-items": frozenset({"framework", "code"}),
    "links": frozenset({"item_code", "recommendation_code"}),
}
# A list of goals and targets: two columns, a dotted code and a title.
GOALS_HEADER = frozenset({"code", "title"})


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
            N_(
                "This is a scorecard export: a report computed from the recommendations, benchmarks and "
                "progress entries. Import those three exports instead."
            ),
            kind=None,
            unknown=[],
            missing=[],
        )
    if names == GOALS_HEADER:
        return "framework-items"
    best: tuple[int, str] | None = None
    for kind in (*KINDS, *FRAMEWORK_KINDS):
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
    raise UnknownHeader(
        _unknown_header_message(unknown, missing),
        kind=closest,
        unknown=unknown,
        missing=missing,
    )


def _unknown_header_message(unknown: Sequence[str], missing: Sequence[str]) -> str:
    """Why a header is not ours: its unknown columns and the ones it lacks, as whole sentences."""
    listed = {"unknown": ", ".join(unknown), "missing": ", ".join(missing)}
    if unknown and missing:
        return N_(
            "These are not the columns of a Scorecard export (unknown column(s): %(unknown)s; missing: "
            "%(missing)s). Map the columns to ours to import it.",
            **listed,
        )
    if unknown:
        return N_(
            "These are not the columns of a Scorecard export (unknown column(s): %(unknown)s). "
            "Map the columns to ours to import it.",
            unknown=listed["unknown"],
        )
    if missing:
        return N_(
            "These are not the columns of a Scorecard export (missing: %(missing)s). "
            "Map the columns to ours to import it.",
            missing=listed["missing"],
        )
    return N_("These are not the columns of a Scorecard export. Map the columns to ours to import it.")


def header_signature(header: Sequence[str]) -> str:
    """A stable fingerprint of a set of headers, to find a saved mapping again."""
    normalised = "\x1f".join(name.strip().lower() for name in header)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()

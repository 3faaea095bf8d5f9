"""Real recommendation sets: the UPR Info file mapped, assessed directly and counted in coverage."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scorecard.models import Benchmark, ProgressEntry, Recommendation, RecommendationState
from scorecard.services import imports
from scorecard.services.csv_files import read_table
from scorecard.services.imports import ColumnMapping, ImportSource
from scorecard.services.imports.mappings import guess_date_format, read_date, short_hash

from ..factories import SYSTEM
from ..helpers import UPR_FIELDS, UPR_FILE, recommendation_mapping

TODAY = date.today()
# The last day of each UPR session in the file, when its recommendations were adopted.
SESSION_ENDS = [
    ["1", "2008-04-18"],
    ["2", "2008-05-19"],
    ["3", "2008-12-15"],
    ["4", "2009-02-13"],
    ["5", "2009-05-15"],
]
# Response says what the State under review did with the recommendation (accepted, or only noted),
# not how far it was carried out: it maps to the status. The file has no implementation column, so
# each recommendation is assessed "not implemented" as of its session's end: the baseline that
# later follow-up files (with an implementation column) move on, and that counts in coverage now.
UPR_MAPPING: dict[str, Any] = {
    "kind": "recommendations",
    "actor_kind": "government",
    "fields": {
        "code": {"value": "UPR-{hash:To+From+Text}"},
        **UPR_FIELDS,
        "assessment": {"value": "not implemented"},
        "assessed_on": {"column": "Session", "translate": SESSION_ENDS},
    },
}


def plan_of(
    session: Session, content: bytes, mapping: dict[str, Any], filename: str = "upr.csv"
) -> imports.ImportPlan:
    """The preview of a file read through a mapping."""
    source = ImportSource(read_table(content), ColumnMapping.from_json(mapping), filename=filename)
    return imports.plan(session, source, by=SYSTEM, today=TODAY)


def assessed(session: Session) -> int:
    """Recommendations with at least one assessed benchmark, as the dashboard counts coverage."""
    session.flush()
    query = (
        select(func.count()).select_from(RecommendationState).where(RecommendationState.assessed_count > 0)
    )
    return session.scalar(query) or 0


def follow_up_file(codes_and_rows: list[tuple[str, str, str, str]]) -> bytes:
    """A follow-up report: the same To/From/Text, an implementation verdict and a dd/mm/yyyy date."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["To", "From", "Text", "Implementation", "Reviewed"])
    writer.writerows(codes_and_rows)
    return buffer.getvalue().encode()


FOLLOW_UP_MAPPING: dict[str, Any] = {
    "kind": "recommendations",
    "fields": {
        "code": {"value": "UPR-{hash:To+From+Text}"},
        "assessment": {
            "column": "Implementation",
            "translate": [
                ["Fully", "fully implemented"],
                ["Partially", "partially implemented"],
                ["Not", ""],
            ],
        },
        "assessed_on": {"column": "Reviewed", "date_format": "dmy"},
    },
}


@pytest.mark.bulk
def test_upr_file_imports_assessed_and_counts_in_coverage(session):
    content = UPR_FILE.read_bytes()
    plan = plan_of(session, content, UPR_MAPPING)
    assert plan.counts == {"create": 6094, "update": 0, "unchanged": 0, "error": 0, "rows": 6094}
    before = assessed(session)
    imports.apply(session, plan, by=SYSTEM, filename=UPR_FILE.name)
    assert assessed(session) - before == 6094
    first = session.scalar(
        select(Recommendation).where(Recommendation.text.startswith("Enact legislation and take"))
    )
    assert first is not None and first.status == "accepted"
    assert first.code == "UPR-" + short_hash(["Afghanistan", "Austria", first.text])
    own = [b for b in first.benchmarks if b.is_assessment]
    assert len(own) == 1 and own[0].scale is not None and own[0].scale.name == "Implementation"
    entry = session.scalar(select(ProgressEntry).where(ProgressEntry.benchmark_id == own[0].id))
    assert entry is not None and entry.observed_on == date(2009, 5, 15) and entry.level is not None
    assert entry.level.label == "not implemented"
    state = session.get(RecommendationState, first.id)
    assert state is not None and state.coverage == 100.0 and state.score == 0.0
    # The same file again: codes come from the cells, so every row is the recommendation it made.
    again = plan_of(session, content, UPR_MAPPING)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 6094, "error": 0, "rows": 6094}


def test_a_follow_up_file_moves_the_assessment_and_its_score(session):
    upr = read_table(UPR_FILE.read_bytes())
    first_rows = [dict(zip(upr.header, cells, strict=True)) for _, cells in upr.rows[:3]]
    small = io.StringIO()
    writer = csv.DictWriter(small, fieldnames=upr.header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(first_rows)
    imports.apply(
        session,
        plan_of(session, small.getvalue().encode(), UPR_MAPPING, "a.csv"),
        by=SYSTEM,
        filename="a.csv",
    )
    verdicts = [("Fully", "03/02/2011"), ("Partially", "31/01/2011"), ("Not", "31/01/2011")]
    follow_up = follow_up_file(
        [
            (row["To"], row["From"], row["Text"], verdict, day)
            for row, (verdict, day) in zip(first_rows, verdicts, strict=True)
        ]
    )
    plan = plan_of(session, follow_up, FOLLOW_UP_MAPPING, "follow-up.csv")
    assert plan.counts == {"create": 0, "update": 2, "unchanged": 1, "error": 0, "rows": 3}
    assert plan.foreign_updates == 2  # a.csv made them: the preview says so plainly
    assert plan.results[0].changes == {
        "assessment": ("not implemented on 2009-05-15", "fully implemented on 2011-02-03")
    }
    imports.apply(session, plan, by=SYSTEM, filename="follow-up.csv")
    # The file that made them, changed and imported again, changes only its own.
    renamed = small.getvalue().replace(first_rows[0]["Issue"], "Justice", 1).encode()
    again = plan_of(session, renamed, UPR_MAPPING, "a.csv")
    assert again.counts["update"] == 1 and again.foreign_updates == 0
    session.flush()
    codes = [r.key for r in plan.results]
    states = {
        code: session.scalar(
            select(RecommendationState.score).join(Recommendation).where(Recommendation.code == code)
        )
        for code in codes
    }
    assert states == {codes[0]: 100.0, codes[1]: 50.0, codes[2]: 0.0}
    assert session.scalar(select(func.count()).select_from(Benchmark).where(Benchmark.is_assessment)) == 3
    assert plan_of(session, follow_up, FOLLOW_UP_MAPPING).counts["unchanged"] == 3


@pytest.mark.parametrize(
    ("fields", "column", "words"),
    [
        (
            {"assessment": {"value": "done"}, "assessed_on": {"value": "2020-01-01"}},
            "assessment",
            "not one of",
        ),
        ({"assessment": {"value": "fully implemented"}}, "assessed_on", "needs its date"),
        (
            {"assessment": {"value": "fully implemented"}, "assessed_on": {"value": "2999-01-01"}},
            "assessed_on",
            "future",
        ),
    ],
)
def test_an_assessment_needs_a_level_and_a_past_date(session, fields, column, words):
    base = {
        "code": {"value": "X-{row}"},
        "title": {"value": "T"},
        "text": {"value": "T"},
        "theme": {"value": "G"},
    }
    mapping = {"kind": "recommendations", "fields": {**base, **fields}}
    problems = imports.check_mapping(ColumnMapping.from_json(mapping), ["A"])
    if problems:
        assert column in problems and words in problems[column]
        return
    plan = plan_of(session, b"A\r\nx\r\n", mapping)
    assert not plan.ok
    assert [(e.column, words in e.message) for e in plan.errors] == [(column, True)]


@pytest.mark.parametrize(
    ("text", "date_format", "expected"),
    [
        ("2009-05-15", "iso", "2009-05-15"),
        ("15/05/2009", "dmy", "2009-05-15"),
        ("05/15/2009", "mdy", "2009-05-15"),
        ("15 May 2009", "d_month_y", "2009-05-15"),
        ("2009", "year", "2009-01-01"),
        ("31/02/2009", "dmy", "31/02/2009"),  # no such day: left as it is, and the row says so
    ],
)
def test_date_formats_read_each_way_of_writing_a_date(text, date_format, expected):
    assert read_date(text, date_format) == expected


def test_the_date_format_is_guessed_from_the_cells():
    assert guess_date_format(["31/01/2011", "03/02/2011"]) == "dmy"
    assert guess_date_format(["01/31/2011"]) == "mdy"
    assert guess_date_format(["2011-01-31"]) == "iso"
    assert guess_date_format(["3 February 2011"]) == "d_month_y"
    assert guess_date_format(["hello"]) == ""


def test_dd_mm_yyyy_dates_import_through_a_date_format(session):
    mapping = recommendation_mapping(
        {"value": "D-{hash:Title}"}, "Title", issued_on={"column": "Issued", "date_format": "dmy"}
    )
    content = b"Title,Issued\r\nFirst,31/01/2011\r\nSecond,13/12/2010\r\n"
    plan = plan_of(session, content, mapping)
    assert plan.ok
    imports.apply(session, plan, by=SYSTEM, filename="dates.csv")
    issued = session.scalars(select(Recommendation.issued_on).where(Recommendation.code.startswith("D-")))
    assert sorted(issued) == [date(2010, 12, 13), date(2011, 1, 31)]


def test_saved_mappings_keep_their_names_and_can_be_renamed_and_deleted(session):
    header = read_table(UPR_FILE.read_bytes()).header
    mapping = ColumnMapping.from_json(UPR_MAPPING)
    first = imports.save_mapping(session, name="UPR sessions 1-5", header=header, mapping=mapping)
    second = imports.save_mapping(session, name="UPR follow-up", header=header, mapping=mapping)
    assert [m.name for m in imports.list_mappings(session)] == ["UPR follow-up", "UPR sessions 1-5"]
    with pytest.raises(Exception, match="already called"):
        imports.rename_mapping(session, second.id, name="upr sessions 1-5")
    imports.rename_mapping(session, second.id, name="UPR 2011 review")
    assert imports.delete_mapping(session, first.id) == "UPR sessions 1-5"
    assert [m.name for m in imports.list_mappings(session)] == ["UPR 2011 review"]
    stored = imports.find_mapping(session, name="UPR 2011 review")
    assert stored is not None and ColumnMapping.from_json(stored.rules) == mapping

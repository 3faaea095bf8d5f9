"""Length limits bind the columns an import reads (ours, or mapped), never a column it ignores."""

from __future__ import annotations

import pytest

from scorecard.models import Recommendation
from scorecard.services.csv_files import read_table
from scorecard.services.imports import ColumnMapping

from ..helpers import recommendation_mapping
from .test_imports import attempt, counts

LONG = "x" * 10_001
MAPPING = ColumnMapping.from_json(recommendation_mapping({"column": "Ref"}, text={"value": "{Body}"}))


def test_read_table_notes_an_over_long_cell_and_keeps_its_row():
    table = read_table(f"code,title\nA-1,{LONG}\n".encode())
    assert len(table.rows) == 1 and table.long_cells == ((2, 1, 10_001),)
    [problem] = table.long_cell_problems(["title"])
    assert (problem.row, problem.column) == (2, "title")
    assert "the limit is 10,000" in problem.message
    assert table.long_cell_problems(["code"]) == []


def test_read_table_notes_an_over_long_cell_past_the_csv_modules_own_limit():
    table = read_table(b"code,note\nA-1," + b"y" * 200_000 + b"\n")
    assert table.long_cells == ((2, 1, 200_000),)


@pytest.mark.parametrize(
    ("content", "mapping", "column"),
    [
        (f"code,title,text,theme\nA-1,{LONG},t,General\n", None, "title"),  # one of our columns
        (f"Ref,Text,Body,Notes\nA-1,{LONG},b,fine\n", MAPPING, "Text"),  # a mapped column
        (f"Ref,Text,Body,Notes\nA-1,A title,{LONG},n\n", MAPPING, "Body"),  # a column a template reads
    ],
)
def test_import_refuses_an_over_long_cell_in_a_column_it_reads(session, content, mapping, column):
    before = counts(session)
    problems = attempt(session, content.encode(), mapping)
    assert [(row, col) for row, col, _ in problems] == [(2, column)]
    assert "the limit is 10,000" in problems[0][2]
    assert counts(session) == before


@pytest.mark.parametrize(
    ("content", "mapping"),
    [
        (f"code,title,text,theme,score\nA-1,A title,t,General,{LONG}\n", None),  # a computed column, ignored
        (f"Ref,Text,Body,Notes\nA-1,A title,b,{LONG}\n", MAPPING),  # a column the mapping leaves out
    ],
)
def test_import_takes_a_file_whose_over_long_cell_is_in_a_column_nobody_reads(session, content, mapping):
    assert attempt(session, content.encode(), mapping) == []
    assert session.query(Recommendation).filter_by(code="A-1").one().title == "A title"

"""What an export writes imports back unchanged, and ids no column can hold are row errors, not crashes."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.services import actor_cells
from scorecard.services.imports.plan_recommendations import parse_actors

from ..factories import make_actor, make_recommendation, make_theme, record
from .test_imports import attempt, export_csv, plan_of

_codes = itertools.count(1)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("benchmark_id", "9223372036854775808"),  # past SQLite's integer
        ("benchmark_id", "3000000000"),  # past PostgreSQL's integer
        ("benchmark_id", "²"),  # a digit to str.isdigit, not to int()
        ("entry_id", "12345678901234567890"),
        ("corrects_id", "3000000000"),
    ],
)
def test_a_progress_id_out_of_range_is_a_row_error(session, column, value):
    benchmark = make_recommendation(session, code="ID-1").benchmarks[0]
    cells = {"entry_id": "", "benchmark_id": str(benchmark.id), "corrects_id": "", column: value}
    content = (
        "entry_id,benchmark_id,recommendation_code,observed_on,achieved,corrects_id\r\n"
        f"{cells['entry_id']},{cells['benchmark_id']},ID-1,2026-01-05,true,{cells['corrects_id']}\r\n"
    )
    problems = attempt(session, content.encode())
    assert (2, column) in {(row, name) for row, name, _ in problems}, problems


def test_a_benchmark_id_out_of_range_in_a_benchmarks_file_is_a_row_error(session):
    make_recommendation(session, code="ID-2")
    content = export_csv(session, "benchmarks").decode()
    header, first = content.splitlines()[:2]
    cells = first.split(",")
    cells[header.split(",").index("benchmark_id")] = "9223372036854775808"
    problems = attempt(session, f"{header}\r\n{','.join(cells)}\r\n".encode())
    assert (2, "benchmark_id") in {(row, name) for row, name, _ in problems}, problems


def test_the_import_command_reports_an_id_out_of_range_by_row(runner, session, tmp_path):
    target = tmp_path / "progress.csv"
    target.write_text("benchmark_id,observed_on,achieved\n3000000000,2026-01-05,true\n")
    result = runner.invoke(args=["import", str(target)])
    assert result.exit_code == 1, result.output
    assert "Row 2, column benchmark_id:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "pairs",
    [
        [("Council of Europe; Venice Commission", "lead")],
        [("UNDP (supporting)", "lead")],
        [("UNDP (supporting)", "consulted"), ("EU; UN", "supporting")],
        [("back\\slash;", "lead"), ("ends in \\", "supporting")],
        [("Government of Kosovo (Ministry)", "lead")],
    ],
)
def test_actor_names_with_separators_and_roles_survive_a_cell(pairs):
    assert parse_actors(actor_cells.actor_cell(pairs)) == pairs


def test_hand_written_actor_cells_read_as_before():
    assert parse_actors("EU institutions; Government of Kosovo (supporting);  ; Ministry\\Dept") == [
        ("EU institutions", "lead"),
        ("Government of Kosovo", "supporting"),
        ("Ministry\\Dept", "lead"),
    ]


def test_an_actor_named_with_a_separator_or_a_role_exports_and_imports_unchanged(session):
    theme = make_theme(session, "Round trip")
    for name in ("Council of Europe; Venice Commission", "UNDP (supporting)"):
        actor = make_actor(session, name)
        make_recommendation(session, theme_id=theme.id, actors=[(actor.id, "lead")])
    plan = plan_of(session, export_csv(session, "recommendations"))
    assert plan.ok, plan.errors
    assert (plan.counts["create"], plan.counts["update"]) == (0, 0), [r.describe() for r in plan.results]
    assert not plan.work.new_actors


# Any character but surrogates (no UTF-8 for them) and the control characters every input refuses,
# mixed with the pieces a cell gives meaning to: separators, role endings, quotes, formula signs.
ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
MEANINGFUL = st.sampled_from(
    [";", "; ", " (supporting)", "(lead)", "\\", "(", " | ", "=", "+", '"', ",", "\t"]
)
TEXT = (
    st.lists(st.one_of(ANY, MEANINGFUL), min_size=1, max_size=4)
    .map("".join)
    .filter(lambda text: text.strip() == text and text)
)
NOTE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"),
    min_size=1,
    max_size=80,
).filter(lambda text: text.strip() == text and text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(TEXT, min_size=1, max_size=3, unique_by=str.casefold), title=TEXT, note=NOTE)
def test_generated_names_titles_and_notes_import_back_unchanged_from_every_export(
    session, names, title, note
):
    theme = make_theme(session, f"Theme {next(_codes)}")
    actors = [make_actor(session, f"{next(_codes)} {name}") for name in names]
    roles = itertools.cycle(("lead", "supporting", "consulted"))
    recommendation = make_recommendation(
        session,
        code=f"RT-{next(_codes)}",
        title=title,
        theme_id=theme.id,
        actors=[(actor.id, next(roles)) for actor in actors],
    )
    record(session, recommendation.benchmarks[0], date(2026, 1, 5), achieved=True, note=note)
    for kind in ("recommendations", "benchmarks", "progress"):
        plan = plan_of(session, export_csv(session, kind))
        assert plan.ok, (kind, [e.describe() for e in plan.errors])
        changed = [r.describe() for r in plan.results if r.action in ("create", "update")]
        assert not changed, (kind, changed)

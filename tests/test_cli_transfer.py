"""`scorecard export` and `scorecard import`: files out and in from the command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from scorecard.models import ImportMapping, Recommendation

from .factories import make_recommendation, make_theme, record
from .helpers import UPR_FIELDS, UPR_FILE, recommendation_mapping

UPR_MAPPING = {
    "kind": "recommendations",
    "actor_kind": "government",
    "fields": {"code": {"value": "UPR-{row}"}, **UPR_FIELDS, "priority": {"value": "medium"}},
}


@pytest.fixture
def themed(session):
    security, economy = make_theme(session, "Security"), make_theme(session, "Economy")
    first = make_recommendation(session, code="SEC-1", theme_id=security.id)
    make_recommendation(session, code="ECO-1", theme_id=economy.id, status="proposed")
    record(session, first.benchmarks[0], date(2025, 5, 1), achieved=True)
    session.commit()
    return security


def parsed(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_writes_csv_to_stdout_filtered_like_the_list(runner, themed):
    result = runner.invoke(args=["export", "recommendations", "--theme", "Security"])
    assert result.exit_code == 0, result.output
    assert [r["code"] for r in parsed(result.output)] == ["SEC-1"]
    by_id = runner.invoke(args=["export", "scorecard", "--theme", str(themed.id), "--as-of", "2025-06-01"])
    assert [(r["recommendation_code"], r["score"]) for r in parsed(by_id.output)] == [("SEC-1", "100.0")]
    proposed = runner.invoke(args=["export", "scorecard", "--status", "proposed"])
    assert [r["recommendation_code"] for r in parsed(proposed.output)] == ["ECO-1"]


def test_export_writes_a_file_with_a_bom_on_request(runner, themed, tmp_path):
    target = tmp_path / "progress.csv"
    result = runner.invoke(args=["export", "progress", "--bom", "-o", str(target)])
    assert result.exit_code == 0, result.output
    content = target.read_bytes()
    assert content.startswith(b"\xef\xbb\xbfentry_id,benchmark_id,")
    assert content.count(b"\r\n") == 2


def test_export_refuses_an_unknown_theme_name(runner, themed):
    result = runner.invoke(args=["export", "recommendations", "--theme", "Nowhere"])
    assert result.exit_code != 0 and "no theme called “Nowhere”" in result.output


def test_import_round_trips_an_edited_export_and_dry_run_writes_nothing(runner, session, themed, tmp_path):
    exported = runner.invoke(args=["export", "recommendations"]).output
    target = tmp_path / "recommendations.csv"
    target.write_text(exported.replace("Publish a roadmap for lifting the measures", "Edited title", 1))
    dry = runner.invoke(args=["import", str(target), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 to change" in dry.output and "Dry run: nothing was written." in dry.output
    assert (
        session.scalar(
            select(func.count()).select_from(Recommendation).where(Recommendation.title == "Edited title")
        )
        == 0
    )
    done = runner.invoke(args=["import", str(target)])
    assert done.exit_code == 0, done.output
    assert "1 changed, 1 unchanged" in done.output
    session.expire_all()
    assert (
        session.scalar(
            select(func.count()).select_from(Recommendation).where(Recommendation.title == "Edited title")
        )
        == 1
    )


def test_import_lists_errors_by_row_and_column_and_exits_1(runner, session, themed, tmp_path):
    target = tmp_path / "bad.csv"
    target.write_text("code,title,text,theme,priority\nNEW-1,t,w,Security,urgent\nNEW 2,t,w,Security,low\n")
    result = runner.invoke(args=["import", str(target)])
    assert result.exit_code == 1
    assert "Row 2, column priority:" in result.output and "Row 3, column code:" in result.output
    assert "Nothing was imported." in result.output
    assert session.scalar(select(func.count()).select_from(Recommendation)) == 2


def test_import_refuses_a_broken_file(runner, tmp_path):
    target = tmp_path / "broken.csv"
    target.write_bytes(b'code,title\nA-1,"never closed\n')
    result = runner.invoke(args=["import", str(target)])
    assert result.exit_code == 1 and "Row 2, column title:" in result.output


def test_import_of_foreign_columns_asks_for_a_mapping(runner, tmp_path):
    target = tmp_path / "foreign.csv"
    target.write_text("Name,Colour\nx,red\n")
    result = runner.invoke(args=["import", str(target)])
    assert result.exit_code == 1 and "--mapping" in result.output


@pytest.mark.bulk
def test_import_upr_file_through_a_mapping_file_and_then_by_its_saved_name(runner, session, tmp_path):
    mapping = tmp_path / "upr.json"
    mapping.write_text(json.dumps(UPR_MAPPING))
    result = runner.invoke(
        args=["import", str(UPR_FILE), "--mapping", str(mapping), "--save-mapping", "UPR Info"]
    )
    assert result.exit_code == 0, result.output
    assert "6094 created, 0 changed, 0 unchanged" in result.output
    assert "Checking" in result.output and "Writing" in result.output
    assert session.scalar(select(func.count()).select_from(ImportMapping)) == 1
    # The saved mapping fits the next file with these columns, but is only suggested, never applied unasked.
    again = runner.invoke(args=["import", str(UPR_FILE), "--dry-run"])
    assert again.exit_code == 1 and "--mapping “UPR Info”" in again.output
    by_name = runner.invoke(args=["import", str(UPR_FILE), "--mapping", "upr info", "--dry-run"])
    assert "Using the saved mapping “UPR Info”" in by_name.output
    assert by_name.exit_code == 0 and "6094 unchanged" in by_name.output


def test_import_takes_an_encoding_and_says_how_it_read_the_file(runner, themed, tmp_path):
    exported = runner.invoke(args=["export", "recommendations"]).output
    target = tmp_path / "semicolons.csv"
    rows = list(csv.reader(io.StringIO(exported)))
    rows[1][1] = "Kosovo–Serbia: a protégé’s roadmap"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    target.write_bytes(buffer.getvalue().encode("cp1252"))
    detected = runner.invoke(args=["import", str(target), "--dry-run"])
    assert detected.exit_code == 0, detected.output
    assert "as Windows-1252" in detected.output and "1 to change, 1 unchanged" in detected.output
    chosen = runner.invoke(args=["import", str(target), "--dry-run", "--encoding", "macroman"])
    assert "as Mac Roman" in chosen.output
    unknown = runner.invoke(args=["import", str(target), "--encoding", "ebcdic"])
    assert unknown.exit_code != 0 and "choose one of utf-8, utf-16, cp1252, mac_roman" in unknown.output


def test_export_writes_a_workbook_that_imports_as_unchanged(runner, themed, tmp_path):
    target = tmp_path / "recommendations.xlsx"
    result = runner.invoke(args=["export", "recommendations", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"PK\x03\x04")
    imported = runner.invoke(args=["import", str(target), "--dry-run", "--sheet", "Export"])
    assert imported.exit_code == 0, imported.output
    assert "Excel workbook, sheet “Export”" in imported.output and "2 unchanged" in imported.output
    missing = runner.invoke(args=["import", str(target), "--sheet", "3"])
    assert missing.exit_code != 0 and "no sheet “3”" in missing.output


def test_import_never_applies_a_saved_mapping_unless_it_is_named(runner, session, tmp_path):
    from scorecard.services import imports

    header = ["Ref", "Text"]
    mapping = imports.ColumnMapping.from_json(recommendation_mapping({"column": "Ref"}))
    imports.save_mapping(session, name="Tracker", header=header, mapping=mapping)
    target = tmp_path / "tracker.csv"
    target.write_text("Ref,Text\nTR-1,Adopt the law\n")
    unasked = runner.invoke(args=["import", str(target)])
    assert unasked.exit_code == 1, unasked.output
    assert "The saved mapping “Tracker” fits these columns" in unasked.output
    assert "--mapping “Tracker”" in unasked.output and "nothing was imported" in unasked.output
    assert session.scalar(select(func.count()).select_from(Recommendation)) == 0
    named = runner.invoke(args=["import", str(target), "--mapping", "Tracker"])
    assert named.exit_code == 0, named.output
    assert "Using the saved mapping “Tracker”" in named.output and "1 created" in named.output

"""An 8-bit file whose letters were lost as “?” when it was saved says so plainly, on the page and the CLI."""

from __future__ import annotations

import pytest

from scorecard.services.csv_files import read_table

from .test_import_encodings import upload

# Excel's plain “CSV” on a Western Windows: Priština survives, Đorđević and Ćuprija do not.
LOST = "code,title,text,theme\r\nA-1,Đorđević in Ćuprija,Priština,General\r\nA-2,Why? Because,ok,General\r\n"


def cp1252_with_losses() -> bytes:
    """The file as Windows-1252 with a “?” for each character it cannot hold."""
    return LOST.encode("cp1252", errors="replace")


def test_lost_letters_are_counted_in_an_8_bit_file_only():
    table = read_table(cp1252_with_losses())
    assert table.encoding == "cp1252"
    assert table.lost_characters() == (1, ["?or?evi?", "?uprija"])
    # A question mark after a word is punctuation, and UTF-8 holds every letter.
    assert read_table(LOST.encode("utf-8")).lost_characters() == (0, [])
    assert read_table(b"code,title\r\nA-1,Is it? Yes\r\n").lost_characters() == (0, [])


@pytest.mark.parametrize("choose", [False, True])
def test_preview_says_plainly_that_letters_were_lost(analyst, choose):
    fields = {"encoding": "cp1252"} if choose else {}
    response = upload(analyst, cp1252_with_losses(), **fields)
    preview = analyst.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 cell has a “?” where a letter should be" in preview
    assert "<q>?or?evi?</q>" in preview
    assert "no encoding brings them back" in preview and "CSV UTF-8" in preview


def test_preview_of_a_clean_file_has_no_such_warning(analyst):
    preview = analyst.get(upload(analyst, LOST.encode("utf-8")).headers["Location"]).get_data(as_text=True)
    assert "where a letter should be" not in preview


def test_the_import_command_warns_of_lost_letters(runner, tmp_path):
    target = tmp_path / "lost.csv"
    target.write_bytes(cp1252_with_losses())
    result = runner.invoke(args=["import", str(target), "--dry-run"])
    assert "Warning: 1 cell has a “?” where a letter should be (?or?evi?, ?uprija)" in result.output

"""Packs, sheets and answers from strangers (issue 15): a pack cannot make the app read a file its
author could not have shipped with it, text a format forbids is refused where it is, limits fail
with a message instead of a traceback, and a correct pack validates. Each test here reproduced
its defect before the fix."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest
from helpers import MINI_PATH

from quiz.cli import main
from quiz.content.csv_import import import_csv
from quiz.content.export import to_csv, to_gift, to_moodle_xml
from quiz.content.pack_files import check_pack, load_pack
from quiz.core.engine import parse_choice

MINI = MINI_PATH.parent
PACK_TEXT = MINI_PATH.read_text(encoding="utf-8")


def pack_in(folder: Path, text: str = PACK_TEXT, *, article: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if article:
        shutil.copy(MINI / "article.txt", folder / "article.txt")
    path = folder / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    return [str(problem) for problem in check_pack(path)[1]]


# --- a pack names only files beside it -----------------------------------------------------------


@pytest.mark.parametrize("named", ["/proc/self/environ", "../../../../etc/passwd", "/dev/zero",
                                   "/etc/hostname"])
def test_an_article_outside_the_packs_folder_is_refused_and_never_read(tmp_path, named):
    os.environ["QUIZ_SECRET_FOR_THE_TEST"] = "do-not-leak-me"
    path = pack_in(tmp_path / "pack", PACK_TEXT.replace("article: article.txt",
                                                        f"article: {named}"))
    (problem,) = messages(path)
    assert problem.startswith(f"{path}:4:10: error: article {named!r} is outside the pack's "
                              "folder")
    assert "do-not-leak-me" not in problem and "root:" not in problem


def test_a_link_inside_the_folder_that_points_outside_is_refused(tmp_path):
    path = pack_in(tmp_path / "pack", article=False)
    (tmp_path / "elsewhere.txt").write_text((MINI / "article.txt").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    (tmp_path / "pack" / "article.txt").symlink_to(tmp_path / "elsewhere.txt")
    assert "is outside the pack's folder" in messages(path)[0]


def test_a_taxonomy_outside_the_folder_is_refused(tmp_path):
    path = pack_in(tmp_path / "pack", PACK_TEXT.replace(
        "version: \"1\"", "version: \"1\"\ntaxonomy: /etc/passwd"))
    assert any("taxonomy '/etc/passwd' is outside the pack's folder" in m for m in messages(path))


def test_the_bundled_layout_with_a_seeds_folder_beside_the_pack_is_fine(tmp_path):
    (tmp_path / "seeds").mkdir()
    shutil.copy(MINI / "article.txt", tmp_path / "seeds" / "a.txt")
    path = pack_in(tmp_path / "content", PACK_TEXT.replace("article: article.txt",
                                                           "article: ../seeds/a.txt"),
                   article=False)
    assert check_pack(path)[0] is not None


@pytest.mark.parametrize(("named", "reason"), [
    (".", "is a folder, not a file"),
    ('"article\\0.txt"', "article contains U+0000 (null), a control character"),
    ('"\\ud800.txt"', "input should be a valid string"),
])
def test_an_article_that_is_no_file_is_one_line_never_a_traceback(tmp_path, named, reason):
    path = pack_in(tmp_path / "pack", PACK_TEXT.replace("article: article.txt",
                                                        f"article: {named}"))
    problems = messages(path)
    assert len(problems) == 1 and reason in problems[0], problems


def test_a_sheets_pack_article_outside_its_folder_is_not_read(tmp_path, capsys):
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(MINI_PATH)))))
    rows[1][rows[0].index("pack_article")] = "/etc/passwd"
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(_csv(rows), encoding="utf-8")
    assert main(["import", str(sheet), "--out", str(tmp_path / "out.yaml")]) == 0
    err = capsys.readouterr().err
    assert "article '/etc/passwd' is not next to" in err and "root:" not in err


# --- text a format forbids ---------------------------------------------------------------------


def test_a_vertical_tab_from_office_text_is_refused_at_its_character(tmp_path):
    path = pack_in(tmp_path / "p", PACK_TEXT.replace("title: Mini test article",
                                                     "title: \"Mini\\vtest article\""))
    (problem,) = [m for m in messages(path) if "error" in m]
    assert problem == (f"{path}:3:8: error: title contains U+000B (line tabulation), a control "
                       "character (office text carries one for a line break): remove it")


def test_a_title_with_a_line_break_is_refused_so_no_gift_header_breaks(tmp_path):
    path = pack_in(tmp_path / "p", PACK_TEXT.replace("title: Mini test article",
                                                     "title: \"Mini\\ntest\""))
    assert any("title has a line break; write it on one line" in m for m in messages(path))


def test_exports_of_a_valid_pack_are_free_of_forbidden_characters():
    loaded = load_pack(MINI_PATH)
    for text in (to_gift(loaded), to_moodle_xml(loaded)):
        assert not any(ord(c) < 0x20 and c not in "\t\n\r" for c in text)


def test_a_bidirectional_override_in_pack_text_is_warned_of(tmp_path):
    path = pack_in(tmp_path / "p", PACK_TEXT.replace("source: The ministry",
                                                     "source: \"The \\u202eyrtsinim\""))
    assert any("warning: source contains U+202E (right-to-left override)" in m
               for m in messages(path))


def test_an_unquoted_no_says_why_yaml_read_it_as_false(tmp_path):
    path = pack_in(tmp_path / "p", PACK_TEXT.replace("title: Mini test article", "title: no"))
    (problem,) = messages(path)
    assert "YAML reads an unquoted no, yes, on, off, true or false as false; put the text in " \
           "quotes, e.g. 'no'" in problem


# --- limits that fail with a message -----------------------------------------------------------


def test_nesting_six_hundred_levels_deep_is_a_message_not_a_recursion_error(tmp_path):
    path = pack_in(tmp_path / "p", PACK_TEXT + "extra: " + "[" * 600 + "]" * 600 + "\n")
    (problem,) = messages(path)
    assert "nested more than 32 levels deep" in problem


def test_a_cell_longer_than_the_csv_modules_limit_is_read():
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(MINI_PATH)))))
    rows[1][rows[0].index("discussion")] = "x" * 200_000
    result = import_csv(_csv(rows), "sheet.csv", base=MINI)
    assert result.pack is not None and len(result.pack.items[0].discussion) == 200_000


def test_deeply_nested_json_in_a_sheet_cell_is_a_message():
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(MINI_PATH)))))
    rows[1][rows[0].index("pack_categories")] = "[" * 100_000 + "]" * 100_000
    problems = [str(p) for p in import_csv(_csv(rows), "sheet.csv", base=MINI).problems]
    assert any("nested too deeply" in p for p in problems), problems


@pytest.mark.parametrize("typed", ["²", "①", "٣", "1" * 4301, "9" * 5])
def test_odd_digits_and_huge_numbers_are_not_answers(mini, typed):
    assert parse_choice(typed, mini.categories) is None


def test_plain_mode_says_not_an_answer_for_a_superscript_two(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("²\n1\n"))
    assert main(["play", "--plain", "--pack", str(MINI_PATH), "--data-dir", str(tmp_path),
                 "--count", "1"]) == 0
    assert 'Not an answer: "²"' in capsys.readouterr().out


# --- a correct pack validates; import checks what validate checks -------------------------------


def test_a_passage_whose_text_also_occurs_inside_a_longer_sentence_validates(tmp_path):
    article = ("The ministry said the talks failed because the launch succeeded. "
               "The launch succeeded.\n")
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "article.txt").write_text(article, encoding="utf-8")
    (folder / "pack.yaml").write_text(
        "id: twice\ntitle: Twice\narticle: article.txt\nversion: '1'\nskipped:\n"
        "  - sentence: The ministry said the talks failed because the launch succeeded.\n"
        "    reason: not asked\nitems:\n  - id: short\n    passage: The launch succeeded.\n"
        "    claim: The launch succeeded.\n    answer: independent_fact\n    source: The outlet\n"
        "    explanation: It says so in its own voice. Nothing more.\n", encoding="utf-8")
    loaded, problems = check_pack(folder / "pack.yaml")
    assert loaded is not None, [str(p) for p in problems]


def test_import_refuses_what_validate_would_refuse_at_the_sheets_cell():
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(MINI_PATH)))))
    column = rows[0].index("explanation")
    rows[2][column] = "Only one sentence here"
    article = (MINI / "article.txt").read_text(encoding="utf-8")
    problems = [str(p) for p in import_csv(_csv(rows), "sheet.csv", base=MINI,
                                           article_text=article).problems]
    assert problems == [f"sheet.csv:3:{column + 1}: error: explanation has 1 sentence(s); write "
                        "2 to 5"]


def test_the_article_given_on_the_command_line_is_the_one_the_pack_names(tmp_path, capsys):
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(MINI_PATH)))))
    rows[1][rows[0].index("pack_article")] = "old-name.txt"
    (tmp_path / "sheet.csv").write_text(_csv(rows), encoding="utf-8")
    shutil.copy(MINI / "article.txt", tmp_path / "article.txt")
    out = tmp_path / "pack.yaml"
    assert main(["import", str(tmp_path / "sheet.csv"), "--out", str(out),
                 "--article", str(tmp_path / "article.txt")]) == 0
    assert "pack_article 'old-name.txt' is replaced by --article" in capsys.readouterr().err
    assert check_pack(out)[0] is not None  # what import wrote, validate accepts


# --- spreadsheets as LibreOffice and Excel save them -----------------------------------------------


def test_an_empty_trailing_column_and_a_notes_column_do_not_stop_an_import():
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(MINI_PATH)))))
    rows[0] += ["", "notes"]
    for row in rows[1:]:
        row += ["", "ask Sam"]
    result = import_csv(_csv(rows), "sheet.csv", base=MINI)
    assert result.pack is not None
    assert [p.severity for p in result.problems] == ["warning"]  # the notes column, said once
    assert "column 'notes' is not one quiz reads, so it is ignored" in result.problems[0].message


def test_localized_booleans_and_a_decimal_comma_are_read_together():
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(MINI_PATH)))))
    rows[1][rows[0].index("draft")] = "FALSCH"
    rows[2][rows[0].index("draft")] = "WAHR"
    rows[1][rows[0].index("pack_alternative_credit")] = "0,25"
    result = import_csv(_csv(rows, delimiter=";"), "sheet.csv", base=MINI)
    assert result.pack is not None, [str(p) for p in result.problems]
    assert [i.draft for i in result.pack.items[:2]] == [False, True]
    assert result.pack.alternative_credit == 0.25


def test_a_bad_date_shows_the_value_and_the_format_expected():
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(MINI_PATH)))))
    rows[1][rows[0].index("pack_date")] = "03/03/2024"
    (problem,) = [str(p) for p in import_csv(_csv(rows), "sheet.csv", base=MINI).problems]
    assert "pack_date: expected a date as YYYY-MM-DD (such as 2024-03-14), got '03/03/2024'" \
           in problem


def test_a_sheet_saved_with_cr_line_ends_and_semicolons_is_read():
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(MINI_PATH)))))
    text = _csv(rows, delimiter=";").replace("\r\n", "\r")
    result = import_csv(text, "sheet.csv", base=MINI)
    assert result.pack is not None, [str(p) for p in result.problems]


def test_a_version_a_spreadsheet_turned_into_a_number_is_said(tmp_path, capsys):
    pack = pack_in(tmp_path, PACK_TEXT.replace('version: "1"', 'version: "1.0"'))
    rows = list(csv.reader(io.StringIO(to_csv(load_pack(pack)))))
    rows[1][rows[0].index("pack_version")] = "1"  # what LibreOffice makes of 1.0
    (tmp_path / "sheet.csv").write_text(_csv(rows), encoding="utf-8")
    assert main(["import", str(tmp_path / "sheet.csv"), "--out", str(pack), "--force"]) == 0
    assert "a spreadsheet turns 1.0 into 1" in capsys.readouterr().err


# --- a failed write destroys nothing ----------------------------------------------------------------


def test_a_full_disk_during_import_leaves_the_hand_written_pack_whole(tmp_path, monkeypatch):
    from quiz.content import files

    out = pack_in(tmp_path)
    before = out.read_bytes()
    (tmp_path / "sheet.csv").write_text(to_csv(load_pack(out)), encoding="utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    assert main(["import", str(tmp_path / "sheet.csv"), "--out", str(out), "--force"]) == 2
    assert out.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_during_a_report_leaves_the_old_report_whole(tmp_path, monkeypatch, mini):
    from quiz.content import files
    from quiz.storage.store import Store

    data = tmp_path / "data"
    with Store.open(data) as store:
        record = store.start_session("Ana", mini, ["launch"], mode="practice")
        from quiz.core.engine import QuizSession
        from quiz.storage.recording import scheduling_recorder
        quiz = QuizSession(mini)
        scheduling_recorder(store, record.id).answered(quiz.current, quiz.answer("denial"))
    old = tmp_path / "old.html"
    old.write_text("<p>last week's report</p>", encoding="utf-8")
    monkeypatch.setattr(files.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "full")))
    assert main(["report", "--data-dir", str(data), "--learner", "Ana", "--format", "html",
                 "--out", str(old)]) == 2
    assert old.read_text(encoding="utf-8") == "<p>last week's report</p>"


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


# --- damaged values inside valid rows ------------------------------------------------------------


@pytest.mark.parametrize(("table", "column", "value", "said"), [
    ("sessions", "item_ids", "not json", "item_ids is not a JSON list"),
    ("answers", "verdict", "maybe", "verdict 'maybe' is not one quiz knows"),
    ("answers", "also_accept", None, "also_accept is not a JSON list"),
    ("answers", "answered_at", "yesterday", "answered_at is not a time"),
])
def test_a_damaged_value_in_a_row_is_said_and_the_row_left_out_never_a_traceback(
    tmp_path, capsys, mini, table, column, value, said
):
    import sqlite3

    from quiz.core.engine import QuizSession
    from quiz.storage.recording import SessionRecorder
    from quiz.storage.store import Store

    data = tmp_path / "data"
    with Store.open(data) as store:
        for _ in range(2):
            quiz = QuizSession(mini)
            record = store.start_session("Ana", mini, [i.id for i in quiz.items], mode="check")
            SessionRecorder(store, record.id).answered(quiz.current, quiz.answer("denial"))
    db = sqlite3.connect(data / "quiz.sqlite3")
    if value is None:
        _null_also_accept(db)
    else:
        db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = 1", (value,))
    db.commit()
    db.close()
    for command in (["history"], ["report", "--all"]):
        code = main([*command, "--data-dir", str(data), "--learner", "Ana"])
        err = capsys.readouterr().err
        assert code == 0, err
        assert "left out a damaged row of the progress file" in err and said in err
        assert "Traceback" not in err


def _null_also_accept(db) -> None:
    """also_accept is declared NOT NULL; a damaged file need not honour that."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'answers'").fetchone()[0]
    db.execute("ALTER TABLE answers RENAME TO answers_old")
    db.execute(row.replace("also_accept TEXT NOT NULL", "also_accept TEXT"))
    db.execute("INSERT INTO answers SELECT * FROM answers_old")
    db.execute("DROP TABLE answers_old")
    db.execute("UPDATE answers SET also_accept = NULL WHERE id = 1")

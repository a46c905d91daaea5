"""Specification of `quiz export` and `quiz import`: GIFT and Moodle XML parse back with the
right structure and feedback, CSV survives a round trip through import, and import errors are
positioned."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import yaml

from quiz.cli import main
from quiz.content.csv_import import PackDefaults, import_csv
from quiz.content.export import (
    _node,
    _PackDumper,
    formula_safe,
    formula_unsafe,
    moodle_percent,
    to_csv,
    to_gift,
    to_json,
    to_moodle_xml,
)
from quiz.content.format import PackModel, to_model
from quiz.content.pack_files import check_pack, load_pack
from quiz.core.packs import LoadedPack

ROOT = Path(__file__).parents[1]
BUNDLED = ROOT / "content" / "nk-victory-day-2023.yaml"
MINI = ROOT / "tests" / "data" / "mini"
PACKS = [BUNDLED, MINI / "mini.yaml", *sorted((ROOT / "tests" / "data" / "eval").glob("*.yaml"))]

SPECIAL_ARTICLE = (
    'The ministry said: "Costs {rose} ~5% = 10 #1 units: a C:\\ failure" & more <b>.\n'
    "Prices rose.\n"
)
SPECIAL_PACK = r"""
id: special
title: "Special: {characters} ~ = # and <html> & more"
article: article.txt
version: "1"
alternative_credit: 0.3
items:
  - id: special-chars
    passage: 'The ministry said: "Costs {rose} ~5% = 10 #1 units: a C:\ failure" & more <b>.'
    claim: 'The ministry said: "Costs {rose} ~5% = 10 #1 units: a C:\ failure" & more <b>.'
    answer: government_allegation
    also_accept: [state_media]
    source: "=cmd|' /C calc'!A0"
    cue: 'The ministry said:'
    explanation: '+ The ministry said "{rose}" = #1: a claim. It is <one> side & no more.'
    why_not:
      state_media: "-A ministry is not an outlet {but} it is close: 50% = half."
      denial: "@Nothing ~ is rejected."
      independent_fact: "'Tis a claim, not a record."
    discussion: "'=SUM(A1)"
    tags: [special]
  - id: prices
    passage: Prices rose.
    claim: Prices rose.
    answer: independent_fact
    source: The outlet
    explanation: Prices rose. Anyone can check.
"""


@pytest.fixture(autouse=True)
def private_data(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def special(tmp_path) -> LoadedPack:
    (tmp_path / "article.txt").write_text(SPECIAL_ARTICLE, encoding="utf-8")
    path = tmp_path / "special.yaml"
    path.write_text(SPECIAL_PACK, encoding="utf-8")
    loaded, problems = check_pack(path)
    assert loaded is not None, [str(p) for p in problems]
    return loaded


# --- a small GIFT reader, enough to check structure ---------------------------------------------


def gift_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """(separator, raw piece) for each piece starting at an unescaped separator character."""
    pieces: list[tuple[str, str]] = []
    current, kind, index = "", "", 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            current += text[index:index + 2]
            index += 2
            continue
        if char in separators:
            pieces.append((kind, current))
            current, kind = "", char
        else:
            current += char
        index += 1
    pieces.append((kind, current))
    return pieces


def parse_gift(text: str) -> list[dict]:
    questions = []
    body = "\n".join(line for line in text.splitlines()
                     if not line.startswith(("//", "$CATEGORY")))
    for block in filter(None, (b.strip() for b in body.split("\n\n"))):
        match = re.fullmatch(r"::((?:\\.|[^\\:])*)::((?:\\.|[^\\{])*)\{(.*)\}", block, re.S)
        assert match, block
        title, question, answers = match.groups()
        general = None
        if "####" in answers:
            answers, general = answers.split("####")
        parsed = []
        for kind, piece in split_unescaped(answers, "=~")[1:]:
            weight = 100.0 if kind == "=" else 0.0
            percent = re.match(r"%(-?[\d.]+)%", piece)
            if percent:
                weight, piece = float(percent.group(1)), piece[percent.end():]
            label, *feedback = [gift_unescape(p) for _, p in split_unescaped(piece, "#")]
            parsed.append({"label": html.unescape(label.strip()), "weight": weight,
                           "feedback": html.unescape(feedback[0].strip()) if feedback else ""})
        questions.append({
            "title": gift_unescape(title), "text": html.unescape(gift_unescape(question)),
            "answers": parsed,
            "general": html.unescape(gift_unescape(general).strip()) if general else None,
        })
    return questions


def labels(loaded: LoadedPack) -> dict[str, str]:
    return {c.id: c.label for c in loaded.categories}


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_gift_has_one_question_per_item_with_explanation_and_why_not_as_feedback(path):
    loaded = load_pack(path)
    questions = parse_gift(to_gift(loaded))
    assert [q["title"] for q in questions] == [i.id for i in loaded.pack.items]
    names = labels(loaded)
    for question, item in zip(questions, loaded.pack.items):
        assert html.escape(item.passage, quote=False) in question["text"] or \
            item.passage in question["text"]
        by_label = {a["label"]: a for a in question["answers"]}
        assert len(question["answers"]) == len(loaded.categories)
        assert [a["label"] for a in question["answers"] if a["weight"] == 100] == [
            names[item.answer]]
        assert by_label[names[item.answer]]["feedback"] == item.explanation
        assert question["general"] == item.explanation
        for category, line in item.why_not.items():
            assert by_label[names[category]]["feedback"] == line
        for category in item.also_accept:
            assert by_label[names[category]]["weight"] == moodle_percent(
                loaded.pack.alternative_credit)


def test_gift_escapes_special_characters_so_passages_import_as_written(special):
    text = to_gift(special)
    assert r"\{rose\} \~5% \= 10 \#1 units\: a C\:\\ failure" in text
    [question, _] = parse_gift(text)
    assert special.pack.items[0].passage in question["text"]
    assert question["answers"][0]["feedback"] == special.pack.items[0].why_not["state_media"]
    assert question["answers"][0]["weight"] == 30  # alternative_credit 0.3


def test_partial_credit_is_snapped_to_a_grade_moodle_accepts():
    assert [moodle_percent(c) for c in (0.5, 0.3, 0.34, 0.01, 1.0)] == [50, 30, 33.33333, 0, 100]


def test_moodle_xml_is_well_formed_multichoice_with_feedback(special):
    root = ET.fromstring(to_moodle_xml(special))
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == "$course$/quiz/special"
    assert [q.get("type") for q in questions] == ["multichoice", "multichoice"]
    first = questions[0]
    item = special.pack.items[0]
    assert first.findtext("name/text") == "special-chars"
    assert item.passage in html.unescape(first.findtext("questiontext/text"))
    answers = {html.unescape(a.findtext("text")): a for a in first.findall("answer")}
    names = labels(special)
    assert answers[names["government_allegation"]].get("fraction") == "100"
    assert answers[names["state_media"]].get("fraction") == "30"
    assert answers[names["denial"]].get("fraction") == "0"
    feedback = html.unescape(answers[names["government_allegation"]].findtext("feedback/text"))
    assert feedback == f"<p>{item.explanation}</p>"
    assert html.unescape(answers[names["denial"]].findtext("feedback/text")) == (
        f"<p>{item.why_not['denial']}</p>")


def test_moodle_xml_of_the_bundled_pack_parses(tmp_path):
    root = ET.fromstring(to_moodle_xml(load_pack(BUNDLED)))
    assert len(root.findall("question[@type='multichoice']")) == 22


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-2", "@x", "\tx", "'=x", "'Tis", "plain",
                                   "''", "'"])
def test_formula_escaping_is_undone_exactly_by_the_importer(value):
    escaped = formula_safe(value)
    assert not escaped.startswith(("=", "+", "-", "@", "\t"))
    assert formula_unsafe(escaped) == value


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(special):
    rows = list(csv.DictReader(io.StringIO(to_csv(special))))
    assert rows[0]["source"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["explanation"].startswith("'+ The ministry")
    assert rows[0]["why_not_denial"] == "'@Nothing ~ is rejected."
    assert rows[0]["discussion"] == "''=SUM(A1)"


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_csv_round_trip_through_import_gives_the_same_pack(path):
    loaded = load_pack(path)
    result = import_csv(to_csv(loaded), "pack.csv", base=path.parent,
                        article_text=loaded.article_text)
    assert result.problems == []
    assert result.pack == to_model(loaded.pack)


def test_csv_round_trip_keeps_unusual_line_breaks_inside_cells(special):
    item = replace(special.pack.items[1], **{"discussion": "One\u2028two\x0cthree"})
    loaded = replace(special, **{"pack": replace(special.pack, **{"items": [special.pack.items[0], item]})})
    result = import_csv(to_csv(loaded), "special.csv")
    # A form feed is how office programs break a line in a cell: read as one (issue 15).
    assert [p.message for p in result.problems] == [
        "column 'discussion': an office line break (vertical tab or form feed) read as a line "
        "break"]
    assert result.pack.items[1].discussion == "One\u2028two\nthree"


def test_csv_round_trip_keeps_formula_like_text_and_pack_settings(special):
    result = import_csv(to_csv(special), "special.csv", article_text=special.article_text)
    assert result.problems == []
    assert result.pack == to_model(special.pack)
    assert result.pack.alternative_credit == 0.3


def test_json_is_the_validated_model_and_matches_the_schema(special):
    data = json.loads(to_json(special))
    assert PackModel.model_validate(data) == to_model(special.pack)
    schema = json.loads((ROOT / "content" / "pack.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


# --- import errors, positioned as file.csv:row:col ----------------------------------------------


def mini_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(to_csv(load_pack(MINI / "mini.yaml")))))


def sheet(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def problems_of(text: str, **options) -> list[str]:
    return [str(p) for p in import_csv(text, "sheet.csv", base=MINI, **options).problems]


def test_unknown_category_is_reported_at_its_cell_with_a_suggestion():
    rows = mini_rows()
    column = rows[0].index("answer")
    rows[2][column] = "denail"
    assert problems_of(sheet(rows)) == [
        f"sheet.csv:3:{column + 1}: error: column 'answer': unknown category 'denail'; "
        "did you mean 'denial'?"
    ]


def test_missing_required_column_is_reported_on_the_header_row():
    rows = mini_rows()
    column = rows[0].index("answer")
    rows = [row[:column] + row[column + 1:] for row in rows]
    assert problems_of(sheet(rows)) == [
        f"sheet.csv:1:{len(rows[0]) + 1}: error: missing column 'answer' (required: id, "
        "passage, answer, source, explanation)"
    ]


def test_unknown_column_suggests_the_closest_one():
    rows = mini_rows()
    rows[0][rows[0].index("explanation")] = "explenation"
    assert problems_of(sheet(rows))[0] == (
        f"sheet.csv:1:{rows[0].index('explenation') + 1}: error: unknown column 'explenation'; "
        "did you mean 'explanation'?")


def test_passage_not_in_the_article_is_reported_at_the_passage_cell():
    rows = mini_rows()
    column = rows[0].index("passage")
    rows[1][column] = rows[1][column].replace("launch", "lunch")
    rows[1][rows[0].index("claim")] = rows[1][column]
    rows[1][rows[0].index("cue")] = ""
    article = (MINI / "article.txt").read_text(encoding="utf-8")
    # The cue is empty too, and `quiz validate` says so for this kind (issue 15): two problems.
    problem, cue = problems_of(sheet(rows), article_text=article)
    assert "cue is empty" in cue
    assert problem.startswith(f"sheet.csv:2:{column + 1}: error: passage is not in the article "
                              "verbatim: at character 23 the pack has 'u' (latin small letter "
                              "u) where the source has 'a' (latin small letter a)")


def test_duplicate_ids_and_conflicting_pack_settings_are_positioned():
    rows = mini_rows()
    rows[3][0] = rows[2][0]
    rows[2][rows[0].index("pack_title")] = "Another title"
    assert problems_of(sheet(rows)) == [
        f"sheet.csv:3:{rows[0].index('pack_title') + 1}: error: pack_title differs from row 2; "
        "pack settings go in the first row only",
        "sheet.csv:4:1: error: duplicate item id 'accusation' (first in row 3)",
    ]


def test_a_sheet_without_pack_columns_takes_them_from_options():
    full = mini_rows()
    end = full[0].index("pack_id")
    rows = [row[:end] for row in full]
    assert problems_of(sheet(rows)) == [
        f"sheet.csv:1:{len(rows[0]) + 1}: error: no article: add a pack_article column or pass "
        "--article FILE"
    ]
    result = import_csv(sheet(rows), "sheet.csv", base=MINI,
                        defaults=PackDefaults(id="mini", title="Mini", article="article.txt"))
    assert result.problems == [] and result.pack.version == "1"


def test_semicolon_separated_sheets_from_other_locales_import():
    rows = mini_rows()
    result = import_csv(sheet(rows, delimiter=";"), "sheet.csv", base=MINI)
    assert result.problems == [] and result.pack == to_model(load_pack(MINI / "mini.yaml").pack)


def test_empty_sheet_and_header_only_sheet_say_what_is_missing():
    assert problems_of("") == [
        "sheet.csv:1:1: error: no header row: the first row must name the columns (id, passage, "
        "claim, answer, ...)"]
    assert problems_of(sheet(mini_rows()[:1]))[-1] == (
        "sheet.csv:2:1: error: no item rows: the sheet has a header but no questions")


# --- the commands -------------------------------------------------------------------------------


def test_export_then_import_on_the_command_line_gives_a_pack_validate_accepts(tmp_path, capsys):
    shutil.copy(MINI / "article.txt", tmp_path / "article.txt")
    sheet_path = tmp_path / "mini.csv"
    assert main(["export", str(MINI / "mini.yaml"), "--format", "csv",
                 "--out", str(sheet_path)]) == 0
    assert sheet_path.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets need the BOM
    assert main(["import", str(sheet_path), "--out", str(tmp_path / "again.yaml")]) == 0
    loaded, problems = check_pack(tmp_path / "again.yaml")
    assert problems == [] and loaded.pack == load_pack(MINI / "mini.yaml").pack
    assert (tmp_path / "again.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=")
    capsys.readouterr()


def test_export_to_standard_output(capsys):
    assert main(["export", "nk-victory-day-2023", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "nk-victory-day-2023"


def test_import_errors_print_positions_and_exit_1(tmp_path, capsys):
    rows = mini_rows()
    rows[2][rows[0].index("answer")] = "denail"
    path = tmp_path / "bad.csv"
    path.write_text(sheet(rows), encoding="utf-8")
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:3:{rows[0].index('answer') + 1}: error: column 'answer'" in err
    assert err.endswith("quiz import: 1 error(s); no pack written\n")
    assert not (tmp_path / "bad.yaml").exists()


def test_import_of_a_latin1_sheet_names_the_encoding_problem(tmp_path, capsys):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,passage\ncaf\xe9,x\n".encode("latin-1"))
    assert main(["import", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"quiz import: {path}:2:4: not UTF-8: byte 0xe9 at line 2, col 4; save as UTF-8 or "
        "convert with iconv -f latin1 -t utf-8\n")


def test_export_of_a_missing_pack_is_one_line_and_exit_2(capsys):
    assert main(["export", "no-such-pack", "--format", "gift"]) == 2
    assert capsys.readouterr().err.startswith(
        "quiz export: no pack file or bundled pack named 'no-such-pack'")


def test_the_pack_file_is_written_exactly_as_the_safe_dumper_writes_it():
    # pack_to_yaml builds the YAML nodes itself (the representer's dispatch dominated writing
    # the draft of a long article); the bytes must not change.
    data = {"id": "x", "date": dt.date(2024, 5, 1), "draft": True, "difficulty": 2,
            "none": None, "tags": ["rule-a", "confidence-80"], "empty": [],
            "items": [{"passage": "A sentence long enough to be folded, " * 3,
                       "why_not": {"denial": "short", "state_media": "x  y " * 20},
                       "also_accept": ["denial"], "text": "two\nlines", "n": 0}]}
    expected = yaml.dump(data, Dumper=_PackDumper, sort_keys=False, allow_unicode=True,
                         width=96, default_flow_style=None)
    assert yaml.serialize(_node(data), Dumper=_PackDumper, allow_unicode=True,
                          width=96) == expected

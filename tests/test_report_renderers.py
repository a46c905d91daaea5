"""Specification of the report renderers: text, Markdown, HTML, JSON and CSV all render one Report,
and content from packs and learners (markup, HTML, formulas) comes out as plain text in each.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser

import jsonschema
import pytest
from rich.console import Console

from quiz.core.packs import LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.core.scoring import score_answer
from quiz.reports import FORMATS, Report, build_report, render, suggested_filename, write_report
from quiz.reports.render_csv import COLUMNS, formula_safe
from quiz.reports.render_html import PRINTED_HISTORY_ROWS
from quiz.reports.render_json import (
    SCHEMA_PATH,
    SCHEMA_VERSION,
    ReportDocument,
    load_report_schema,
    report_json_schema,
)
from quiz.reports.render_md import md_escape
from quiz.reports.render_text import cell_style, print_report
from quiz.reports.render_text import render as render_text

SM, GA, DE, IF = "state_media", "government_allegation", "denial", "independent_fact"

HOSTILE_NAME = "=HYPERLINK(\"x\") [bold]Ana[/] <script>alert(1)</script> | *b* &amp;"
HOSTILE_PASSAGE = "[/] The =SUM(A1) <script>alert(2)</script> | *claim* [link](x) said it."
HOSTILE_LABEL = "State | [media] <b>claim</b>"


@pytest.fixture(scope="module")
def hostile_pack(mini: LoadedPack) -> LoadedPack:
    """The mini pack with markup, HTML and formulas in a passage, an explanation and a label."""
    items = [
        replace(item, **{"passage": HOSTILE_PASSAGE, "explanation": "=1+1 " + HOSTILE_PASSAGE})
        if item.id == "launch" else item
        for item in mini.pack.items
    ]
    categories = [replace(c, **{"label": HOSTILE_LABEL}) if c.id == SM else c
                  for c in mini.categories]
    return replace(mini, **{
        "pack": replace(mini.pack, **{"items": items, "title": "<i>Mini</i> [b]"}),
        "categories": categories,
    })


def record(pack: LoadedPack, item_id: str, chosen: str, *, session: int = 1,
           confidence: int | None = None, learner: str = "Ana") -> AnswerRecord:
    item = next(i for i in pack.pack.items if i.id == item_id)
    verdict, credit = score_answer(chosen, item.answer, item.also_accept, 0.5)
    return AnswerRecord(session, learner, pack.pack.id, item_id, item_hash(item), item.answer,
                        tuple(item.also_accept), chosen, verdict, credit, 12.25, 1, confidence,
                        f"2024-03-0{session}T10:00:00+00:00")


def session(pack: LoadedPack, session_id: int, learner: str = "Ana") -> SessionRecord:
    return SessionRecord(session_id, learner, pack.pack.id, pack.pack.version, pack.path,
                         "practice", tuple(i.id for i in pack.pack.items),
                         f"2024-03-0{session_id}T10:00:00+00:00", None)


def history_report(pack: LoadedPack, learner: str = "Ana") -> Report:
    """Two sessions: a shaky first one with confidence ratings, a better second one."""
    answers = [
        record(pack, "launch", GA, session=1, confidence=3, learner=learner),
        record(pack, "accusation", SM, session=1, confidence=2, learner=learner),
        record(pack, "denial", GA, session=1, confidence=1, learner=learner),
        record(pack, "sanctions", IF, session=1, confidence=2, learner=learner),
        record(pack, "launch", SM, session=2, learner=learner),
        record(pack, "accusation", GA, session=2, learner=learner),
        record(pack, "denial", DE, session=2, learner=learner),
        record(pack, "sanctions", GA, session=2, learner=learner),
    ]
    return build_report(answers, [session(pack, 1, learner), session(pack, 2, learner)], pack)


@pytest.fixture(scope="module")
def history(mini) -> Report:
    return history_report(mini)


@pytest.fixture(scope="module")
def hostile(hostile_pack) -> Report:
    return history_report(hostile_pack, learner=HOSTILE_NAME)


@pytest.fixture(scope="module")
def empty(mini) -> Report:
    return build_report([], [session(mini, 1)], mini)


@pytest.fixture(scope="module")
def all_reports(history, hostile, empty) -> dict[str, Report]:
    return {"history": history, "hostile": hostile, "empty": empty}


# --- every format ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("which", ["history", "hostile", "empty"])
def test_every_format_renders_every_report_without_nan(all_reports, fmt, which):
    text = render(all_reports[which], fmt)
    assert text.strip()
    assert not re.search(r"\bnan\b|\binf\b", text, re.IGNORECASE)


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_empty_session_says_no_answers(empty, fmt):
    assert "no answers" in render(empty, fmt).lower()


def test_unknown_format_is_refused_with_the_known_ones(history):
    with pytest.raises(ValueError, match=r"unknown report format 'pdf' \(known: text, md, html"):
        render(history, "pdf")


def test_write_report_writes_the_rendered_text(history, tmp_path):
    path = write_report(history, "md", tmp_path / "report.md")
    assert path.read_text(encoding="utf-8") == render(history, "md")


def test_suggested_filename_reduces_any_name_to_safe_characters(hostile, history):
    name = suggested_filename(hostile, "html")
    assert re.fullmatch(r"quiz-report-[\w-]+-2024-03-01-to-2024-03-02\.html", name)
    assert suggested_filename(history, "csv") == "quiz-report-ana-2024-03-01-to-2024-03-02.csv"


# --- text ---------------------------------------------------------------------------------------


def test_text_report_prints_markup_in_names_and_passages_literally(hostile):
    text = render_text(hostile, width=250)
    assert HOSTILE_NAME in text
    assert HOSTILE_PASSAGE in text
    assert HOSTILE_LABEL in text


def test_text_report_shows_header_figures_and_advice(history):
    text = render_text(history, width=120)
    assert "Score report: Ana" in text
    assert "2024-03-01 to 2024-03-02" in text and "Mini test article (mini), version 1" in text
    assert "4.5 / 8 (56%)" in text
    assert "Confusion matrix" in text and "Confidence and accuracy" in text
    assert history.change_sentence in " ".join(text.split())
    assert "What to practise next:" in text


def test_text_report_fits_the_console_width(history):
    assert max(len(line) for line in render_text(history, width=80).splitlines()) <= 80


def test_text_report_in_colour_colours_the_confusion_matrix(history):
    console = Console(file=io.StringIO(), width=120, force_terminal=True, color_system="truecolor")
    print_report(history, console)
    output = console.file.getvalue()
    assert "\x1b[" in output
    matrix = history.confusion
    diagonal, off = cell_style(matrix, 0, 0), cell_style(matrix, 3, 1)
    assert "#" in diagonal and diagonal != off
    assert cell_style(matrix, 0, 3) == "dim"  # no state-media item was read as a fact


def test_text_report_shows_the_latest_sessions_of_a_long_history(mini, utc_time_zone):
    sessions = [session(mini, n) for n in range(1, 10)]
    answers = [record(mini, "launch", SM, session=n) for n in range(1, 10)]
    text = render_text(build_report(answers, sessions, mini), width=120)
    # Each session with its time of day (issue 16).
    rows = [line for line in text.splitlines() if re.match(r"\s+2024-03-0\d 10:00 ", line)]
    assert len(rows) == 9
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("quiz.reports.render_text.TEXT_HISTORY_ROWS", 3)
        text = render_text(build_report(answers, sessions, mini), width=120)
    rows = [line.split()[0] for line in text.splitlines()
            if re.match(r"\s+2024-03-0\d 10:00 ", line)]
    assert rows == ["2024-03-07", "2024-03-08", "2024-03-09"]
    assert "The latest 3 of 9 sessions" in text


# --- Markdown -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a | b", r"a \| b"),
    ("*bold* and _it_", r"\*bold\* and \_it\_"),
    ("[link](x)", r"\[link\](x)"),
    ("<script>", "&lt;script&gt;"),
    ("Tom & Jerry", "Tom &amp; Jerry"),
    ("- not a list", r"\- not a list"),
    ("1. not a list", r"1\. not a list"),
    ("= not a heading", r"\= not a heading"),
    ("two\nlines", "two lines"),
    ("back\\slash `code`", r"back\\slash \`code\`"),
])
def test_md_escape_makes_content_literal(raw, escaped):
    assert md_escape(raw) == escaped


def test_markdown_tables_keep_their_columns_with_pipes_in_labels(hostile):
    unescaped_pipe = re.compile(r"(?<!\\)\|")
    tables: list[list[str]] = []
    for line in render(hostile, "md").splitlines():
        if line.startswith("|"):
            if not tables or tables[-1] is None:
                tables.append([])
            tables[-1].append(line)
        elif tables and tables[-1] is not None:
            tables.append(None)  # type: ignore[arg-type]
    tables = [t for t in tables if t]
    assert len(tables) >= 4
    for table in tables:
        widths = {len(unescaped_pipe.findall(row)) for row in table}
        assert len(widths) == 1, table


def test_markdown_lets_no_html_or_link_through(hostile):
    text = render(hostile, "md")
    assert "<script" not in text and "<b>" not in text and "<i>" not in text
    assert "](x)" not in text.replace(r"\](x)", "")
    assert md_escape(HOSTILE_NAME) in text
    assert f"> {md_escape(HOSTILE_PASSAGE)}" in text


# --- HTML ----------------------------------------------------------------------------------------


class StrictHTML(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def parse_html(text: str) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(text)
    parser.close()
    assert parser.open == [], f"unclosed: {parser.open}"
    return parser


@pytest.mark.parametrize("which", ["history", "hostile", "empty"])
def test_html_is_well_formed(all_reports, which):
    text = render(all_reports[which], "html")
    parse_html(text)
    root = ET.fromstring(text)  # XML-strict too: every element closed, only XML entities
    assert root.tag == "html"


@pytest.mark.parametrize("which", ["history", "hostile", "empty"])
def test_html_makes_no_network_requests(all_reports, which):
    text = render(all_reports[which], "html")
    parser = parse_html(text)
    tags = {tag for tag, _ in parser.elements}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    for tag, attrs in parser.elements:
        for name in ("src", "href", "xlink:href", "srcset", "action", "poster"):
            assert name not in attrs, (tag, attrs)
    assert not re.search(r"url\(", text)
    assert "http://" not in text and "https://" not in text


def test_html_escapes_names_passages_and_labels(hostile):
    text = render(hostile, "html")
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>claim</b>" not in text
    parser = parse_html(text)
    assert {tag for tag, _ in parser.elements} <= {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
        "section", "ul", "li", "strong", "span", "div", "table", "thead", "tbody", "tr", "th",
        "td", "svg", "text", "rect", "line", "polyline", "i", "article", "blockquote", "small",
        "footer",
    }
    texts = "".join(ET.fromstring(text).itertext())
    assert HOSTILE_NAME in texts and HOSTILE_PASSAGE in texts and HOSTILE_LABEL in texts


def test_html_names_learner_date_pack_and_version_on_top(history):
    header = ET.fromstring(render(history, "html")).find("body/header")
    words = " ".join("".join(header.itertext()).split())
    assert "Score report: Ana" in words
    assert "2024-03-01 to 2024-03-02" in words
    assert "Pack: Mini test article (mini), version 1" in words


def test_html_reads_on_a_phone_and_prints(history):
    text = render(history, "html")
    root = ET.fromstring(text)
    viewports = [m for m in root.iter("meta") if m.get("name") == "viewport"]
    assert viewports and "width=device-width" in viewports[0].get("content")
    style = root.find("head/style").text
    assert "@media print" in style and "@page" in style
    assert root.findall(".//svg"), "charts are inline SVG"


def test_html_prints_only_the_latest_sessions_of_a_long_history(mini):
    sessions = [session(mini, n) for n in range(1, 10)] + [
        SessionRecord(n, "Ana", "mini", "1", mini.path, "practice", (),
                      f"2024-03-{n:02d}T10:00:00+00:00", None) for n in range(10, 16)
    ]
    answers = [record(mini, "launch", SM, session=n) for n in range(1, 10)]
    text = render(build_report(answers, sessions, mini), "html")
    assert f"tr:nth-last-child(n+{PRINTED_HISTORY_ROWS + 1})" in text
    assert f"On paper: the latest {PRINTED_HISTORY_ROWS} of 15 sessions" in text


# --- JSON ---------------------------------------------------------------------------------------


def _no_constants(name: str):
    raise AssertionError(f"JSON contains {name}")


@pytest.mark.parametrize("which", ["history", "hostile", "empty"])
def test_json_report_validates_against_the_shipped_schema(all_reports, which):
    document = json.loads(render(all_reports[which], "json"), parse_constant=_no_constants)
    jsonschema.Draft202012Validator(load_report_schema()).validate(document)
    # 2 since issue 16: totals without retry runs, change over full runs, d′ withheld.
    assert document["schema_version"] == SCHEMA_VERSION == 2


def test_shipped_schema_matches_the_models():
    assert load_report_schema() == report_json_schema(), (
        f"{SCHEMA_PATH.name} is stale: run "
        "python -c 'from quiz.reports.render_json import write_report_schema as w; w()'"
    )


def test_schema_rejects_a_document_without_version_or_with_a_wrong_type(history):
    validator = jsonschema.Draft202012Validator(load_report_schema())
    document = json.loads(render(history, "json"))
    del document["schema_version"]
    assert not validator.is_valid(document)
    document = json.loads(render(history, "json"))
    document["overall"]["score"]["answered"] = "eight"
    assert not validator.is_valid(document)


def test_json_report_round_trips_through_its_model(hostile):
    text = render(hostile, "json")
    document = ReportDocument.model_validate_json(text)
    assert document.learner == HOSTILE_NAME
    assert document.confusion.counts == [list(row) for row in hostile.confusion.counts]
    assert json.loads(document.model_dump_json()) == json.loads(text)


def test_json_report_holds_every_figure(history):
    document = json.loads(render(history, "json"))
    assert document["overall"]["score"]["percent"] == pytest.approx(56.25)
    assert [c["recall"] for c in document["per_category"]] == [0.5, 0.5, 0.5, 0.5]
    assert len(document["history"]) == 2 and document["change"]["percent"] == 37.5
    assert [m["item_id"] for m in document["missed"]] == [
        "launch", "accusation", "denial", "sanctions"]
    assert len(document["answers"]) == 8
    assert document["calibration"][0] == {"level": 1, "answered": 1, "correct": 0,
                                          "accuracy": 0.0}


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"),
    ("+33 1 23", "'+33 1 23"),
    ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcalc", "'\tcalc"),
    # A carriage return is a control character: shown as \x0d (issue 15), so no longer a start.
    ("\rcalc", "\\x0dcalc"),
    ("\x1b]52;c;cGF5bG9hZA==\x07", "\\x1b]52;c;cGF5bG9hZA==\\x07"),
    ("Ana", "Ana"),
    ("1=1", "1=1"),
    ("", ""),
])
def test_formula_safe_prefixes_cells_a_spreadsheet_would_run(cell, safe):
    assert formula_safe(cell) == safe


def test_csv_has_one_row_per_answer_with_the_documented_columns(history):
    rows = list(csv.reader(io.StringIO(render(history, "csv"))))
    assert tuple(rows[0]) == COLUMNS
    assert rows[0][:9] == ["learner", "session", "item_id", "true", "chosen", "verdict",
                           "seconds", "hint", "confidence"]
    assert len(rows) == 1 + 8
    assert rows[1] == ["Ana", "1", "launch", SM, GA, "wrong", "12.2", "1", "3", "0",
                       "2024-03-01T10:00:00+00:00", "full"]  # the run: issue 16
    assert rows[2][5:10] == ["accepted", "12.2", "1", "2", "0.5"]
    assert rows[5][8] == ""  # confidence not rated


def test_csv_neutralises_a_formula_in_the_learner_name(hostile):
    rows = list(csv.reader(io.StringIO(render(hostile, "csv"))))
    assert all(row[0] == "'" + HOSTILE_NAME for row in rows[1:])


def test_csv_of_an_empty_session_is_the_header_only(empty):
    assert list(csv.reader(io.StringIO(render(empty, "csv")))) == [list(COLUMNS)]

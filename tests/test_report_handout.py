"""Issue 16: reports fit to hand out. Missed items by their claim's first words (never an id), the
claim marked in its passage, a display name and a class line, CSV files a spreadsheet reads as
UTF-8, plain-text tables that fit 80 columns without cutting a name, and no wording slips.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from html import escape

import pytest
from helpers import REPO
from rich.console import Console

from quiz.cli import build_parser
from quiz.commands.report import default_session, run_report
from quiz.content.pack_files import load_pack
from quiz.core.engine import QuizOptions, QuizSession
from quiz.core.packs import Item, LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.core.scoring import score_answer
from quiz.core.text import visible_fields
from quiz.reports import build_report, render, suggested_filename, write_report
from quiz.reports.formats import write_rendered
from quiz.reports.render_md import md_escape
from quiz.reports.render_text import print_report
from quiz.reports.wording import claim_heading
from quiz.storage.recording import SessionRecorder
from quiz.storage.store import Store

BUNDLED = REPO / "content" / "nk-victory-day-2023.yaml"
GA = "government_allegation"
BOM = b"\xef\xbb\xbf"

pytestmark = pytest.mark.usefixtures("utc_time_zone")


@pytest.fixture(scope="module")
def bundled() -> LoadedPack:
    return load_pack(BUNDLED, use_cache=False)


def answers(pack: LoadedPack, choose: Callable[[Item], str], session: int = 1,
            items: list[Item] | None = None, learner: str = "Ana") -> list[AnswerRecord]:
    records = []
    for item in items if items is not None else pack.pack.items:
        chosen = choose(item)
        verdict, credit = score_answer(chosen, item.answer, item.also_accept, 0.5)
        records.append(AnswerRecord(
            session, learner, pack.pack.id, item.id, item_hash(item), item.answer,
            tuple(item.also_accept), chosen, verdict, credit, 4.0, 1 if session == 1 else 0,
            None, f"2024-05-0{session}T09:00:00+00:00"))
    return records


def session_record(pack: LoadedPack, session: int, item_ids: list[str], *,
                   retry: bool = False, learner: str = "Ana") -> SessionRecord:
    return SessionRecord(
        session, learner, pack.pack.id, pack.pack.version, pack.path, "practice",
        tuple(item_ids), f"2024-05-0{session}T09:{session:02d}:00+00:00",
        f"2024-05-0{session}T09:30:00+00:00",
        options={"item_ids": item_ids} if retry else {"item_ids": []})


@pytest.fixture(scope="module")
def one_label(bundled) -> list[AnswerRecord]:
    return answers(bundled, lambda item: GA)


# --- missed items by claim, the claim marked -------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_missed_items_are_headed_by_their_claim_not_their_id(bundled, one_label, fmt):
    report = build_report(one_label, [], bundled)
    rendered = render(report, fmt)
    flat = " ".join(rendered.split())
    for missed in report.missed:
        assert missed.item_id not in rendered  # ids are for the JSON and CSV exports
        # The heading as each format writes it: Markdown escapes, HTML escapes quotes.
        heading = " ".join(claim_heading(missed).split()[:3])
        if fmt == "md":
            assert md_escape(heading) in flat, heading
        elif fmt == "html":
            assert escape(heading) in flat, heading
        else:
            assert heading in flat, heading


def test_a_claim_heading_is_its_first_words():
    from quiz.reports.report import MissedItem
    missed = MissedItem("x", "a", "A", "b", "B", "wrong", 1, "p", "one two three four five six "
                        "seven eight nine ten eleven twelve", None, None, None)
    assert claim_heading(missed) == "“one two three four five six seven eight nine ten …”"
    gone = MissedItem("gone-item", "a", "A", "b", "B", "wrong", 1, None, None, None, None, "n")
    assert claim_heading(gone) == "Item gone-item"


def test_two_claims_of_one_passage_are_each_marked_where_they_are(bundled, one_label):
    """The issue: where two items share a passage, the same blockquote was printed twice with
    nothing to say which claim was asked."""
    report = build_report(one_label, [], bundled)
    missed = {m.item_id for m in report.missed}
    shared = Counter(item.passage for item in bundled.pack.items if item.id in missed)
    twins = [item for item in bundled.pack.items
             if item.id in missed and shared[item.passage] > 1]
    assert len(twins) >= 2
    text = render(report, "text")
    html = render(report, "html")
    markdown = render(report, "md")
    flat = " ".join(text.split())
    for item in twins:
        claim = " ".join(item.claim.split())
        assert f"»{claim}«" in flat
    marks = re.findall(r"<mark>(.*?)</mark>", html)
    assert len(set(marks)) == len(marks) >= len(twins)  # each twin marks its own claim
    assert markdown.count("**") >= 2 * len(twins)


# --- a name and a class for the page ----------------------------------------------------------


def test_a_display_name_and_group_head_every_format(bundled, one_label):
    report = build_report(one_label, [], bundled, learner="root", display_name="Ana Moreno",
                          group="Year 10 B")
    text = render(report, "text").splitlines()
    assert text[:2] == ["Score report: Ana Moreno", "Year 10 B"]
    assert "root" not in render(report, "text")
    assert "<h1>Score report: Ana Moreno</h1>" in render(report, "html")
    assert "<strong>Year 10 B</strong>" in render(report, "html")
    markdown = render(report, "md")
    assert markdown.startswith("# Score report: Ana Moreno\n\n**Group:** Year 10 B")
    document = json.loads(render(report, "json"))
    assert (document["learner"], document["display_name"], document["group"]) == (
        "root", "Ana Moreno", "Year 10 B")
    assert suggested_filename(report, "html").startswith("quiz-report-ana-moreno-")


def play(store: Store, pack: LoadedPack, choose: Callable[[Item], str],
         stop: int | None = None) -> int:
    session = QuizSession(pack, QuizOptions())
    record = store.start_session("Ana", pack, [i.id for i in session.items], mode="practice")
    recorder = SessionRecorder(store, record.id)
    while not session.finished and (stop is None or len(session.answers) < stop):
        recorder.answered(session.current, session.answer(choose(session.current)))
        session.advance()
    recorder.finished(session.summary())
    return record.id


def report_args(*options: str, name: str | None = None, group: str | None = None):
    named = [*(["--name", name] if name is not None else []),
             *(["--group", group] if group is not None else [])]
    return build_parser().parse_args(["report", "--learner", "Ana", *options, *named])


def test_quiz_report_prints_the_name_and_group_given(data_dir, bundled, capsys):
    with Store.open(data_dir) as store:
        play(store, bundled, lambda item: item.answer)
    assert run_report(report_args("--pack", str(BUNDLED), name=" Ana Moreno ",
                                  group="Year 10 B")) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[:2] == ["Score report: Ana Moreno", "Year 10 B"]
    assert out.err.startswith("quiz report: session 1 (")


def test_quiz_report_skips_a_one_answer_session_and_says_which_it_chose(data_dir, bundled,
                                                                         capsys):
    """The issue: `quiz report` picked the latest session even when it had one answer, and did
    not say so."""
    with Store.open(data_dir) as store:
        full = play(store, bundled, lambda item: item.answer)
        short = play(store, bundled, lambda item: item.answer, stop=1)
    assert run_report(report_args("--format", "json")) == 0
    out = capsys.readouterr()
    assert [s["id"] for s in json.loads(out.out)["sessions"]] == [full]
    assert re.fullmatch(
        rf"quiz report: session {full} \(\d{{4}}-\d\d-\d\d \d\d:\d\d, practice, 22 of 22 "
        r"items answered\), your latest with enough answers to report on \(every item, or at "
        rf"least 5\)\. Skipped the later session {short} \([^)]*, practice, unfinished, 1 of 22 "
        rf"items answered\): --session {short} reports it anyway\.\n", out.err), out.err


def test_the_default_is_the_latest_when_no_session_has_enough_answers(bundled):
    record = session_record(bundled, 1, [i.id for i in bundled.pack.items])
    short = dataclasses.replace(record, finished_at=None, answers=tuple(
        answers(bundled, lambda i: GA, items=bundled.pack.items[:2])))
    chosen, why = default_session([short])
    assert chosen is short
    assert why.endswith("your latest, though it has fewer than 5 answers: no recent session "
                        "has more.")


# --- CSV a spreadsheet reads as UTF-8 ---------------------------------------------------------


def test_report_csv_files_start_with_a_byte_order_mark(bundled, tmp_path):
    """The issue: report CSVs had no byte-order mark, unlike `quiz export`'s, so a spreadsheet
    could misread an accented name (Chloé as ChloÃ©)."""
    report = build_report(answers(bundled, lambda item: GA, learner="Chloé"), [], bundled)
    path = write_report(report, "csv", tmp_path / "report.csv")
    data = path.read_bytes()
    assert data.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["learner"] == "Chloé" and rows[0]["run"] == "full"
    assert not render(report, "csv").startswith("\ufeff")  # standard output: no mark
    assert not write_report(report, "md", tmp_path / "r.md").read_bytes().startswith(BOM)
    # A caller with only the text (the group report's --out) gets the mark by the file name.
    assert write_rendered("a,b\n", tmp_path / "group.csv").read_bytes().startswith(BOM)
    assert not write_rendered("{}", tmp_path / "group.json").read_bytes().startswith(BOM)


def test_the_csv_says_which_answers_were_a_retry(bundled):
    first = answers(bundled, lambda item: GA)
    missed = [item for item in bundled.pack.items if item.answer != GA][:3]
    retry = answers(bundled, lambda item: item.answer, session=2, items=missed)
    report = build_report(first + retry, [
        session_record(bundled, 1, [i.id for i in bundled.pack.items]),
        session_record(bundled, 2, [i.id for i in missed], retry=True)], bundled)
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert Counter(row["run"] for row in rows) == {"full": len(first), "retry": len(retry)}
    assert report.overall.answered == len(first)


# --- 80 columns, names whole ------------------------------------------------------------------


def reports_to_print(pack: LoadedPack) -> dict[str, object]:
    ids = pack.category_ids
    rng = random.Random(3)
    first = answers(pack, lambda item: rng.choice(ids))
    missed = [item for item in pack.pack.items if item.answer != GA][:4]
    retry = answers(pack, lambda item: item.answer, session=2, items=missed)
    third = answers(pack, lambda item: rng.choice(ids), session=3)
    fourth = answers(pack, lambda item: item.answer, session=4, items=pack.pack.items[:3])
    sessions = [session_record(pack, 1, [i.id for i in pack.pack.items]),
                session_record(pack, 2, [i.id for i in missed], retry=True),
                session_record(pack, 3, [i.id for i in pack.pack.items]),
                SessionRecord(4, "Ana", pack.pack.id, "1", pack.path, "check",
                              tuple(i.id for i in pack.pack.items), "2024-05-04T09:00:00+00:00",
                              None)]
    return {
        "one label": build_report(answers(pack, lambda item: GA), [], pack),
        "history": build_report(first + retry + third + fourth, sessions, pack,
                                display_name="Ana Moreno-Fernández de la Vega",
                                group="Year 10 B, Tuesday group"),
    }


@pytest.mark.parametrize("which", ["one label", "history"])
def test_text_reports_fit_80_columns_and_never_cut_a_name(bundled, which):
    """The issue: text-report headers were cut ("State-me… claim")."""
    report = reports_to_print(bundled)[which]
    text = render(report, "text")
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    # The only ellipsis is the one that shortens a claim in an item's heading: "… words …”".
    assert all(line.count("…") == line.count("…”") for line in lines), [
        line for line in lines if line.count("…") != line.count("…”")]
    words = set(re.findall(r"[\w′'-]+", text))
    for category in bundled.categories:
        assert set(category.label.split()) <= words, category.label
    for heading in ("Items", "Found", "Accepted", "Used", "Right", "d′"):
        assert heading in text


def test_the_colour_terminal_report_says_accepted_for_an_accepted_answer(bundled, one_label):
    """visible_fields turns the verdicts into plain strings on the way to the terminal; an
    accepted alternative used to be headed "(wrong)" there."""
    report = build_report(one_label, [], bundled)
    console = Console(file=io.StringIO(), width=80, color_system=None)
    print_report(visible_fields(report), console)
    shown = " ".join(console.file.getvalue().split())
    accepted = sum(m.verdict == "accepted" for m in report.missed)
    assert shown.count("(accepted, not the best answer)") == accepted > 0


# --- wording ----------------------------------------------------------------------------------


def test_no_wording_slips_in_any_format(bundled):
    one = answers(bundled, lambda item: GA, items=bundled.pack.items[:1])  # one hint, 1 item
    report = build_report(one, [session_record(bundled, 1, [bundled.pack.items[0].id])],
                          bundled)
    empty = build_report([], [session_record(bundled, 1, [bundled.pack.items[0].id])], bundled)
    for fmt in ("text", "md", "html"):
        for rendered in (render(report, fmt), render(empty, fmt)):
            flat = " ".join(rendered.split())
            assert not re.search(r"\b1 items\b|\bon 1 items\b|0 of 1 items|0 of 0", flat), fmt
            assert "that it is Independently" not in flat
    assert "(on 1 item)" in " ".join(render(report, "text").split())


def test_the_html_chart_draws_the_runs_the_change_compares(bundled):
    """Retry and unfinished runs are in the table, labelled, and not on the trend line."""
    report = reports_to_print(bundled)["history"]
    html = render(report, "html")
    score_line = re.search(r'<polyline class="score" points="([^"]*)"', html).group(1)
    assert len(score_line.split()) == 2  # sessions 1 and 3: the full practice runs
    assert "practice, retry" in html and "check, unfinished" in html

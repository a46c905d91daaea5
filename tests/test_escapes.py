"""Text from strangers never drives a terminal or a viewer (issue 15, 6-7): escape sequences
(OSC 52 clipboard writes, title changes, OSC 8 links, clear-screen), bidirectional overrides and
zero-width characters in packs, names and the store come out of every report format, `quiz
history` and `quiz report` on a terminal, and every error line, visibly and never raw."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from rich.console import Console

from quiz.content.problems import Problem
from quiz.core.packs import LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.core.scoring import score_answer
from quiz.core.text import hidden_characters, visible, visible_fields
from quiz.reports import FORMATS, build_report, render
from quiz.reports.render_text import print_report

CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"  # OSC 52: writes the clipboard
TITLE = "\x1b]0;pwned\x07"
LINK = "\x1b]8;;https://example.invalid\x1b\\click\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
REVERSED = "Ana\u202egnp.exe"  # displays as "Anaexe.png"
ZERO_WIDTH = "A\u200bna"
HOSTILE = CLIPBOARD + TITLE + LINK + CLEAR + REVERSED + ZERO_WIDTH + "\x85\x9b"
RAW = ("\x1b", "\x07", "\x85", "\x9b", "\u202e", "\u200b")


def raw_in(text: str) -> list[str]:
    return [repr(char) for char in RAW if char in text]


@pytest.fixture(scope="module")
def hostile_report(mini: LoadedPack):
    """A report whose pack (labels, passages, explanations) and store records (learner name,
    item and category ids) carry escape sequences and invisible characters."""
    items = [replace(item, **{"passage": item.passage + HOSTILE, "claim": item.claim,
                              "explanation": HOSTILE + item.explanation, "source": HOSTILE})
             for item in mini.pack.items]
    categories = [replace(c, **{"label": c.label + HOSTILE}) for c in mini.categories]
    pack = replace(mini, **{"pack": replace(mini.pack, **{"items": items,
                                                          "title": HOSTILE}),
                            "categories": categories, "article_title": HOSTILE})
    answers = []
    for number, item in enumerate(pack.pack.items):
        chosen = "denial" if item.answer != "denial" else "state_media"
        verdict, credit = score_answer(chosen, item.answer, item.also_accept, 0.5)
        answers.append(AnswerRecord(
            session_id=1, learner=HOSTILE, pack_id=pack.pack.id, item_id=item.id,
            item_hash=item_hash(item), actual=item.answer, also_accept=tuple(item.also_accept),
            chosen=chosen, verdict=verdict, credit=credit, seconds=3.0 + number, hints=0,
            confidence=None, answered_at=f"2024-05-01T09:0{number}:00+00:00"))
    session = SessionRecord(id=1, learner=HOSTILE, pack_id=pack.pack.id, pack_version="1",
                            pack_path="/x" + CLEAR, mode="practice",
                            item_ids=tuple(i.id for i in items),
                            started_at="2024-05-01T09:00:00+00:00",
                            finished_at="2024-05-01T09:10:00+00:00", answers=tuple(answers))
    return build_report(answers, [session], pack, learner=HOSTILE)


def test_the_sanitiser_shows_every_dangerous_character_and_keeps_tabs_and_newlines():
    shown = visible(HOSTILE + "\tend\n")
    assert raw_in(shown) == []
    assert "\\x1b]52;c;" in shown and "\\u202e" in shown and "\\u200b" in shown
    assert shown.endswith("\tend\n")
    assert hidden_characters("a\u202eb") == [(1, "\u202e")]
    assert visible(shown) == shown  # shown once, shown for good


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_report_format_carries_an_escape_sequence_or_invisible_character(hostile_report, fmt):
    out = render(hostile_report, fmt)
    assert raw_in(out) == []
    if fmt == "json":  # the same data: json reads the escapes back to the characters
        assert json.loads(out)["learner"] == HOSTILE


def test_the_terminal_report_shows_the_text_and_sends_no_escape_of_its_own(hostile_report):
    buffer = io.StringIO()
    print_report(visible_fields(hostile_report), Console(file=buffer, force_terminal=True,
                                                         width=100, highlight=False))
    out = buffer.getvalue()
    for payload in ("\x1b]52", "\x1b]0;", "\x1b]8;", "\x1b[2J", "\u202e", "\u200b", "\x85"):
        assert payload not in out
    assert "\\x1b]52;c;" in out  # the learner sees what was there


def test_quiz_report_and_history_on_a_terminal_send_no_escape_from_the_store(
    tmp_path, monkeypatch, capsys, mini_pack_path, mini
):
    import sqlite3

    from quiz.cli import main
    from quiz.commands import history as history_command
    from quiz.commands import report as report_command
    from quiz.storage.store import Store

    data = tmp_path / "data"
    with Store.open(data) as store:
        record = store.start_session("Ana", mini, [i.id for i in mini.pack.items],
                                     mode="practice")
    with sqlite3.connect(data / "quiz.sqlite3") as db:  # as another program could have written
        db.execute("UPDATE sessions SET mode = ?, pack_id = ?", ("practice" + CLEAR,
                                                                  "mini" + REVERSED))
        db.execute("INSERT INTO answers (session, item_id, item_hash, actual, also_accept, chosen,"
                   " verdict, credit, seconds, hints, confidence, answered_at) VALUES "
                   "(?, ?, 'x', ?, '[]', ?, 'wrong', 0, 1, 0, NULL, "
                   "'2024-05-01T09:00:00+00:00')",
                   (record.id, "launch" + LINK, "state_media" + TITLE, CLIPBOARD))
    monkeypatch.setattr(history_command, "isatty", lambda stream: True)
    monkeypatch.setattr(report_command, "colour_terminal", lambda environ=None: True)
    monkeypatch.setenv("COLUMNS", "200")
    for command in (["history"], ["report"]):
        assert main([*command, "--data-dir", str(data), "--learner", "Ana"]) == 0
        captured = capsys.readouterr()
        for payload in ("\x1b]52", "\x1b]0;", "\x1b]8;", "\x1b[2J", "\u202e", "\u200b"):
            assert payload not in captured.out + captured.err, command
        assert "\\x1b" in captured.out, command  # shown, not dropped


def test_error_lines_show_what_they_quote_visibly(capsys):
    from quiz.cli import main

    assert main(["play", "--pack", "no-such-pack" + CLIPBOARD]) == 2
    err = capsys.readouterr().err
    assert raw_in(err) == [] and "\\x1b]52" in err
    problem = Problem("pack.yaml", 3, 7, "closest article text: " + HOSTILE)
    assert raw_in(str(problem)) == []

"""Specification of `quiz report`: the latest session by default, --session, --all, each format on
stdout or --out FILE, colour only on a terminal, and friendly lines when there is nothing to show.

The store is filled by playing in plain mode, and the figures are checked against the answers given.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from helpers import MINI_PATH, REPO, learner_env, quiz, read_terminal

from quiz.reports.render_json import load_report_schema
from quiz.storage.store import Store

# launch right, accusation answered state_media (accepted, 0.5), denial read as a fact, sanctions
# right: 2.5 of 4.
FIRST_RUN = "1\nstate_media\nindependently\n4\n"
PERFECT_RUN = "1\n2\n3\n4\n"
HOSTILE_NAME = '=1+2 <b>[red]Mal & "Co"[/red]</b> ]['


@pytest.fixture
def quiz_env(tmp_path: Path, data_dir: Path) -> dict[str, str]:
    return learner_env(data_dir, tmp_path / "cache", COLUMNS="120")


def play(env: dict[str, str], answers: str, learner: str | None = None) -> None:
    if learner is not None:
        env = {**env, "QUIZ_LEARNER": learner}
    result = quiz(env, "play", "--plain", "--pack", str(MINI_PATH), answers=answers)
    assert result.returncode == 0, result.stderr


def report(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return quiz(env, "report", *args)


def session_ids(data_dir: Path, learner: str = "Ana") -> list[int]:
    with Store.open(data_dir) as store:
        return [s.id for s in store.sessions(learner)]


# --- which sessions -----------------------------------------------------------------------------


def test_the_default_is_the_latest_session_of_the_current_learner(
    quiz_env: dict[str, str],
) -> None:
    play(quiz_env, PERFECT_RUN)
    play(quiz_env, FIRST_RUN)
    play(quiz_env, PERFECT_RUN, learner="Ben")
    document = json.loads(report(quiz_env, "--format", "json").stdout)
    assert document["learner"] == "Ana"
    assert len(document["sessions"]) == 1
    score = document["overall"]["score"]
    assert (score["points"], score["answered"], score["correct"], score["accepted"],
            score["wrong"]) == (2.5, 4, 2, 1, 1)
    assert score["percent"] == pytest.approx(62.5)


def test_figures_match_the_answers_given(quiz_env: dict[str, str]) -> None:
    play(quiz_env, FIRST_RUN)
    document = json.loads(report(quiz_env, "--format", "json").stdout)
    figures = {c["category"]: c for c in document["per_category"]}
    # Recall: found / items of the kind. The accepted alternative is credit, not a hit.
    assert {k: (v["items"], v["found"], v["accepted"]) for k, v in figures.items()} == {
        "state_media": (1, 1, 0), "government_allegation": (1, 0, 1),
        "denial": (1, 0, 0), "independent_fact": (1, 1, 0)}
    # Precision: state_media was chosen twice (launch, accusation), right once; independent_fact
    # twice (denial, sanctions), right once; the other two labels were never used.
    assert figures["state_media"]["precision"] == pytest.approx(0.5)
    assert figures["independent_fact"]["precision"] == pytest.approx(0.5)
    assert figures["denial"]["precision"] is None
    assert document["confusion"]["categories"] == [
        "state_media", "government_allegation", "denial", "independent_fact"]
    assert document["confusion"]["counts"] == [
        [1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 1]]
    assert document["balanced_accuracy"] == pytest.approx(0.5)
    assert [m["item_id"] for m in document["missed"]] == ["accusation", "denial"]


def test_a_session_by_id_and_every_session_with_all(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    play(quiz_env, FIRST_RUN)
    play(quiz_env, PERFECT_RUN)
    first, second = session_ids(data_dir)
    one = json.loads(report(quiz_env, "--session", str(first), "--format", "json").stdout)
    assert [s["id"] for s in one["sessions"]] == [first]
    assert one["overall"]["score"]["points"] == 2.5
    both = json.loads(report(quiz_env, "--all", "--format", "json").stdout)
    assert [s["id"] for s in both["sessions"]] == [first, second]
    assert both["overall"]["score"]["points"] == 6.5
    assert [h["score"]["points"] for h in both["history"]] == [2.5, 4]
    assert both["change"]["percent"] == pytest.approx(37.5)


def test_a_session_id_works_for_any_learner_unless_learner_says_otherwise(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    play(quiz_env, PERFECT_RUN, learner="Ben")
    (bens,) = session_ids(data_dir, "Ben")
    assert json.loads(report(quiz_env, "--session", str(bens), "--format", "json")
                      .stdout)["learner"] == "Ben"
    refused = report(quiz_env, "--session", str(bens), "--learner", "Ana")
    assert refused.returncode == 2
    assert "no session" in refused.stderr and "'Ana', who has no sessions yet" in refused.stderr


def test_an_unknown_session_id_lists_the_ones_that_exist(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    play(quiz_env, FIRST_RUN)
    play(quiz_env, PERFECT_RUN)
    first, second = session_ids(data_dir)
    result = report(quiz_env, "--session", "999")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("quiz: error: argument --session: no session 999 of learner 'Ana'; "
                           "sessions: ")
    assert f"{second} (" in line and f"{first} (" in line
    assert line.index(f"{second} (") < line.index(f"{first} (")  # the newest first
    assert ", mini, practice)" in line


def test_no_sessions_yet_is_a_friendly_line_and_exit_1(quiz_env: dict[str, str]) -> None:
    result = report(quiz_env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == ("quiz: no sessions for learner 'Ana' yet: play a quiz first "
                             "('quiz play'), then ask for its report\n")
    assert report(quiz_env, "--all").returncode == 1


def test_all_and_session_together_are_refused(quiz_env: dict[str, str]) -> None:
    play(quiz_env, PERFECT_RUN)
    result = report(quiz_env, "--all", "--session", "1")
    assert result.returncode == 2 and "--all" in result.stderr and "--session" in result.stderr


# --- formats ------------------------------------------------------------------------------------


class _Checker(HTMLParser):
    """Collects start tags and external references; fails on unbalanced end tags."""

    VOID = {"meta", "br", "hr", "img", "link", "input", "wbr", "col", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value and "//" in value:
                self.urls.append(value)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        pass

    def handle_endtag(self, tag) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_every_format_prints_to_stdout(quiz_env: dict[str, str]) -> None:
    play(quiz_env, FIRST_RUN)
    text = report(quiz_env).stdout
    assert "Score report: Ana" in text and "2.5 / 4 (63%)" in text
    assert "\x1b" not in text  # piped: no colour codes
    markdown = report(quiz_env, "--format", "md").stdout
    assert markdown.startswith("# Score report: Ana") and "| Score | 2.5 / 4 (63%) |" in markdown
    html = report(quiz_env, "--format", "html").stdout
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == [] and checker.urls == []
    assert "2.5 / 4 (63%)" in "".join(checker.text)
    document = json.loads(report(quiz_env, "--format", "json").stdout)
    jsonschema.validate(document, load_report_schema())
    rows = list(csv.DictReader(io.StringIO(report(quiz_env, "--format", "csv").stdout)))
    assert [(r["item_id"], r["true"], r["chosen"], r["verdict"], r["credit"]) for r in rows] == [
        ("launch", "state_media", "state_media", "correct", "1"),
        ("accusation", "government_allegation", "state_media", "accepted", "0.5"),
        ("denial", "denial", "independent_fact", "wrong", "0"),
        ("sanctions", "independent_fact", "independent_fact", "correct", "1"),
    ]


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json", "csv"])
def test_out_writes_the_file_and_says_where(
    quiz_env: dict[str, str], tmp_path: Path, fmt: str,
) -> None:
    play(quiz_env, FIRST_RUN)
    target = tmp_path / f"report.{fmt}"
    result = report(quiz_env, "--format", fmt, "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    # Issue 16: which session the report covers, and why, comes first.
    chose, wrote = result.stderr.splitlines()
    assert chose.startswith("quiz report: session 1 (") and chose.endswith(", your latest.")
    assert wrote == f"Report written to {target}"
    # Issue 16: a CSV file starts with a byte-order mark, so a spreadsheet reads it as UTF-8.
    assert target.read_bytes().startswith(b"\xef\xbb\xbf") == (fmt == "csv")
    written = target.read_text(encoding="utf-8-sig")
    printed = report(quiz_env, "--format", fmt).stdout
    if fmt == "json":
        jsonschema.validate(json.loads(written), load_report_schema())
        assert json.loads(written)["overall"] == json.loads(printed)["overall"]
    else:  # the same report, but for the moment it was made (HTML's footer says it)
        assert without_moment(written) == without_moment(printed)


def without_moment(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", "<moment>", text)


def test_out_into_a_missing_folder_is_one_line_and_exit_2(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    play(quiz_env, FIRST_RUN)
    target = tmp_path / "no-such-folder" / "r.html"
    result = report(quiz_env, "--format", "html", "--out", str(target))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"quiz: error: argument --out: cannot write {target}")


def test_an_unknown_format_is_refused_with_the_choices(quiz_env: dict[str, str]) -> None:
    result = report(quiz_env, "--format", "pdf")
    assert result.returncode == 2
    assert "'pdf'" in result.stderr and "html" in result.stderr


def run_on_a_terminal(env: dict[str, str], *args: str) -> str:
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "quiz", *args], stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal, env=env, cwd=REPO)
    os.close(terminal)
    output = read_terminal(controller, 60)
    assert process.wait(timeout=60) == 0
    return output.decode("utf-8")


def test_text_is_coloured_on_a_terminal_unless_no_color(quiz_env: dict[str, str]) -> None:
    play(quiz_env, FIRST_RUN)
    env = {**quiz_env, "TERM": "xterm-256color"}
    coloured = run_on_a_terminal(env, "report")
    assert "\x1b[" in coloured and "Score report" in coloured
    plain = run_on_a_terminal({**env, "NO_COLOR": "1"}, "report")
    assert "Score report: Ana" in plain
    assert "\x1b[3" not in plain and "\x1b[1m" not in plain  # no colours, no bold


# --- names that look like markup, HTML or formulas ------------------------------------------------


def test_a_hostile_learner_name_is_shown_as_written_in_every_format(
    quiz_env: dict[str, str],
) -> None:
    play(quiz_env, FIRST_RUN, learner=HOSTILE_NAME)
    env = {**quiz_env, "QUIZ_LEARNER": HOSTILE_NAME}

    text = report(env)
    assert text.returncode == 0, text.stderr
    assert f"Score report: {HOSTILE_NAME}" in text.stdout

    html = report(env, "--format", "html").stdout
    assert "<b>[red]" not in html  # escaped, not markup
    assert "&lt;b&gt;[red]Mal &amp; " in html
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert HOSTILE_NAME in "".join(checker.text)

    rows = list(csv.DictReader(io.StringIO(report(env, "--format", "csv").stdout)))
    assert {row["learner"] for row in rows} == {"'" + HOSTILE_NAME}  # a formula no more

    markdown = report(env, "--format", "md").stdout
    assert "<b>" not in markdown

    document = json.loads(report(env, "--format", "json").stdout)
    assert document["learner"] == HOSTILE_NAME


def test_a_hostile_name_on_a_colour_terminal_is_not_markup(quiz_env: dict[str, str]) -> None:
    play(quiz_env, FIRST_RUN, learner=HOSTILE_NAME)
    env = {**quiz_env, "QUIZ_LEARNER": HOSTILE_NAME, "TERM": "xterm-256color"}
    shown = run_on_a_terminal(env, "report")
    assert "[red]Mal" in shown and "[/red]" in shown

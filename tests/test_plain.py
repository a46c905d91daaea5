"""Specification of plain mode: `quiz play --plain`, a line quiz for scripts and screen readers.

Most tests run the real command in a subprocess with piped answers; a few drive `run_plain`
in-process to check what the store and the clock see.
"""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MINI_PATH, REPO, read_terminal

from quiz.core.engine import Feedback, Mode, Order, QuizOptions, Summary
from quiz.core.packs import Item, LoadedPack
from quiz.core.scoring import Verdict
from quiz.core.text import visible
from quiz.plain import run_plain

HOSTILE_ARTICLE = (
    "Officials said [bold]x[/] was fine. The ministry accused [red]them[/red] of lying.\n"
)
HOSTILE_PACK = r'''
id: hostile
title: "[bold]Hostile[/] pack"
article: article.txt
version: "1"
items:
  - id: brackets
    passage: Officials said [bold]x[/] was fine.
    claim: Officials said [bold]x[/] was fine.
    answer: government_allegation
    source: "[link=http://example.org]Officials[/link]"
    cue: Officials said
    explanation: "The words \"Officials said\" mark an allegation [/]. It \e[31mturns red\e[0m."
    discussion: "Is :smile: an emoji? [bold]no[/bold]"
  - id: escape
    passage: The ministry accused [red]them[/red] of lying.
    claim: "[red]them[/red]"
    answer: government_allegation
    source: The ministry
    cue: accused
    explanation: It is an accusation. Nothing more.
'''


@pytest.fixture(autouse=True)
def _private_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep the developer's cache and data folders out of the tests (in-process runs too)."""
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def quiz_env(tmp_path: Path) -> dict[str, str]:
    """Environment for a `quiz` subprocess: private folders, no colour preference, wide help."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["QUIZ_CACHE_DIR"] = str(tmp_path / "cache")
    env["QUIZ_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def play(env: dict[str, str], answers: str, *options: str,
         pack: Path = MINI_PATH) -> subprocess.CompletedProcess[str]:
    """Run `quiz play --plain --pack PACK OPTIONS` with `answers` piped to stdin."""
    return subprocess.run(
        [sys.executable, "-m", "quiz", "play", "--plain", "--pack", str(pack), *options],
        input=answers, capture_output=True, text=True, encoding="utf-8", env=env, cwd=REPO,
        timeout=60,
    )


def passages_in_order(stdout: str) -> list[str]:
    return re.findall(r"^Passage:\n(.*)$", stdout, flags=re.MULTILINE)


# --- whole runs -------------------------------------------------------------------------------


def test_whole_practice_run_reports_the_exact_score(quiz_env: dict[str, str]) -> None:
    # launch: right; accusation: state media is accepted (0.5); denial read as a fact: wrong;
    # sanctions: right.
    result = play(quiz_env, "1\nstate_media\nindependently\n4\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Article: Mini test article (3 March 2024)" in out
    assert [f"Item {n} of 4" in out for n in (1, 2, 3, 4)] == [True] * 4
    assert "Score: 2.5 of 4 (62%)." in out
    assert "  State-media claim: 1 of 1\n" in out
    assert "  Government allegation: 0 of 1 (and 1 accepted)\n" in out
    assert "  Denial: 0 of 1\n" in out
    assert "  Independently reported fact: 1 of 1\n" in out
    assert "Most common confusion: You read a denial as an independently reported fact." in out
    assert "Missed items (look at these again):\n  2. “The ministry accused the neighbours of " \
           "provocation.”\n  3. “The neighbours denied the accusation.”" in out
    assert "Traceback" not in result.stderr


def test_practice_feedback_follows_each_answer(quiz_env: dict[str, str]) -> None:
    out = play(quiz_env, "1\nstate_media\nindependently\n4\n").stdout
    accusation = out[out.index("Item 2 of 4"):out.index("Item 3 of 4")]
    assert ("Accepted (0.5 of 1 point): you chose State-media claim; "
            "the best answer is Government allegation.") in accusation
    assert 'The words that show it: "accused"' in accusation
    assert "Source: The ministry" in accusation
    assert "Why: The word \"accused\" marks a government allegation." in accusation
    assert ("Why not State-media claim: The ministry speaks for the government, "
            "but no outlet is named.") in accusation
    denial = out[out.index("Item 3 of 4"):out.index("Item 4 of 4")]
    assert ("Not quite: you chose Independently reported fact; the best answer is Denial."
            in denial)
    assert "Why not Independently reported fact: A denial is a claim" in denial
    launch = out[out.index("Item 1 of 4"):out.index("Item 2 of 4")]
    assert "Correct: State-media claim." in launch
    assert "To discuss: How could anyone check a launch?" in launch


def test_each_item_shows_the_passage_the_claim_and_the_taxonomy_labels(
    quiz_env: dict[str, str],
) -> None:
    out = play(quiz_env, "1\n").stdout
    first = out[out.index("Item 1 of 4"):]
    assert "Passage:\nState media said the launch succeeded, KCNA reported.\n" in first
    assert "Claim: the whole passage." in first
    assert ("  1. State-media claim\n  2. Government allegation\n  3. Denial\n"
            "  4. Independently reported fact\n") in first


def test_check_mode_gives_feedback_only_at_the_end(quiz_env: dict[str, str]) -> None:
    out = play(quiz_env, "1\n2\n3\n1\n", "--mode", "check").stdout
    before_end = out[:out.index("Your answers, with feedback:")]
    assert "Correct:" not in before_end and "Not quite:" not in before_end
    assert before_end.count("Answer recorded.") == 4
    review = out[out.index("Your answers, with feedback:"):]
    assert review.count("Correct:") == 3
    assert "Not quite: you chose State-media claim; the best answer is Independently" in review
    assert "Score: 3 of 4 (75%)." in review


# --- ending early -----------------------------------------------------------------------------


def test_end_of_input_ends_cleanly_with_the_partial_score(quiz_env: dict[str, str]) -> None:
    result = play(quiz_env, "1\n3\n")  # launch right, accusation wrong, then the input ends
    assert result.returncode == 0
    assert "Quiz ended before the last item." in result.stdout
    assert "Score: 1 of 2 (50%); answered 2 of 4 items." in result.stdout
    assert "Missed items (look at these again):\n  2. “The ministry accused" in result.stdout
    assert "Item 3 of 4" in result.stdout  # it was shown, just not answered
    assert "Traceback" not in result.stderr


def test_no_input_at_all_ends_with_a_zero_score(quiz_env: dict[str, str]) -> None:
    result = play(quiz_env, "")
    assert result.returncode == 0
    assert "No answers, so no score (4 items not answered)." in result.stdout
    assert "0 of 0" not in result.stdout


def test_q_quits_with_the_partial_score(quiz_env: dict[str, str]) -> None:
    result = play(quiz_env, "1\nq\n1\n1\n")
    assert result.returncode == 0
    assert "Score: 1 of 1 (100%); answered 1 of 4 items." in result.stdout
    assert "Item 3 of 4" not in result.stdout


def test_check_mode_ended_early_still_reviews_the_answers_given(
    quiz_env: dict[str, str],
) -> None:
    out = play(quiz_env, "4\n", "--mode", "check").stdout
    review = out[out.index("Your answers, with feedback:"):]
    assert "Not quite: you chose Independently reported fact" in review
    assert "Score: 0 of 1 (0%); answered 1 of 4 items." in review


# --- typed answers ----------------------------------------------------------------------------


def test_an_unrecognised_answer_reprompts_with_what_is_accepted(
    quiz_env: dict[str, str],
) -> None:
    result = play(quiz_env, "7\nmaybe\n\n1\n")
    out = result.stdout
    assert out.count('Not an answer: "7". Type a number 1-4 or a word of its name') == 1
    assert 'Not an answer: "maybe".' in out
    assert out.count("Your answer (1-4, h for a hint, c for context, q to quit): ") >= 4
    assert "Correct: State-media claim." in out  # the fourth line still answered item 1
    assert "Score: 1 of 1 (100%)" in out


def test_hints_say_where_to_look_then_the_clause_then_the_cue(
    quiz_env: dict[str, str],
) -> None:
    out = play(quiz_env, "h\n?\nh\n1\n").stdout
    assert "Hint 1 of 3:\nFind the verb that introduces the claim" in out
    assert ("Hint 2 of 3:\nLook at this part of the passage: the words that give it away are "
            "in it.\n  “State media said the launch succeeded, KCNA reported.”") in out
    assert "Hint 3 of 3:\nLook at the words “KCNA reported”." in out
    assert "You took hints on 1 of 1 answer." in out  # the input ends after one answer


def test_c_prints_the_article_around_the_passage(quiz_env: dict[str, str]) -> None:
    out = play(quiz_env, "1\nc\n2\n").stdout
    assert ("The article around it:\nState media said the launch succeeded, KCNA reported. » The "
            "ministry accused the neighbours of provocation. « The neighbours denied the "
            "accusation. The country has been under sanctions since 2006.") in out


def test_a_word_of_the_kinds_name_is_an_answer(quiz_env: dict[str, str]) -> None:
    out = play(quiz_env, "state\nallegation\ndenial\nfact\n").stdout
    assert "Score: 4 of 4 (100%)." in out


def test_missed_items_are_listed_by_their_claim_not_their_id(quiz_env: dict[str, str]) -> None:
    out = play(quiz_env, "1\n1\n1\n4\n").stdout
    assert "Missed items (look at these again):\n  2. “The ministry accused the neighbours of " \
           "provocation.”\n  3. “The neighbours denied the accusation.”" in out
    assert "accusation, denial" not in out


def test_plain_mode_wraps_to_the_terminal_width(mini: LoadedPack, monkeypatch) -> None:
    import shutil

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(shutil, "get_terminal_size", lambda: os.terminal_size((40, 20)))
    out = Terminal()
    run_plain(mini, QuizOptions(), input_stream=io.StringIO("3\n"), output_stream=out)
    lines = [line for line in out.getvalue().splitlines() if "Your answer" not in line]
    assert lines and max(len(line) for line in lines) <= 39  # the prompt wraps at the terminal
    assert "KCNA is the state news agency." in " ".join(out.getvalue().split())  # all there


def test_confidence_is_asked_after_each_answer_and_reprompts(quiz_env: dict[str, str]) -> None:
    out = play(quiz_env, "1\n9\n3\n", "--confidence").stdout
    assert out.count("How sure? 1 guessing, 2 fairly sure, 3 certain: ") == 2
    assert "Type 1, 2 or 3 (or q to quit)." in out
    assert "Correct: State-media claim." in out


# --- order ------------------------------------------------------------------------------------


def test_article_order_without_a_seed(quiz_env: dict[str, str], mini: LoadedPack) -> None:
    out = play(quiz_env, "1\n1\n1\n1\n").stdout
    assert passages_in_order(out) == [i.passage for i in mini.pack.items]


def test_the_same_seed_gives_the_same_order(quiz_env: dict[str, str]) -> None:
    first = passages_in_order(play(quiz_env, "1\n1\n1\n1\n", "--seed", "1").stdout)
    again = passages_in_order(play(quiz_env, "1\n1\n1\n1\n", "--seed", "1").stdout)
    other = passages_in_order(play(quiz_env, "1\n1\n1\n1\n", "--seed", "2").stdout)
    assert len(first) == 4
    assert first == again
    assert first != other
    assert sorted(first) == sorted(other)


def test_count_and_filters_reach_plain_mode(quiz_env: dict[str, str]) -> None:
    out = play(quiz_env, "3\n", "--category", "denial").stdout
    assert "Item 1 of 1" in out and "The neighbours denied the accusation." in out
    assert "Score: 1 of 1 (100%)." in out
    out = play(quiz_env, "1\n2\n", "--count", "2").stdout
    assert "Item 2 of 2" in out and "Score: 2 of 2 (100%)." in out


# --- no escape codes, no markup ---------------------------------------------------------------


def test_piped_output_has_no_escape_codes(quiz_env: dict[str, str]) -> None:
    result = play(quiz_env, "1\nh\nh\n2\n3\n4\n", "--confidence")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert "\x1b" not in result.stderr


def test_no_color_on_a_terminal_gives_no_escape_codes(quiz_env: dict[str, str]) -> None:
    """Output to a real terminal (a pseudo-terminal here) with NO_COLOR set."""
    env = {**quiz_env, "NO_COLOR": "1", "TERM": "xterm-256color"}
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "quiz", "play", "--plain", "--pack", str(MINI_PATH)],
        stdin=subprocess.PIPE, stdout=terminal, stderr=terminal, env=env, cwd=REPO,
    )
    os.close(terminal)
    process.stdin.write(b"1\n2\n3\n4\n")
    process.stdin.close()
    output = read_terminal(controller, 30)
    assert process.wait(timeout=30) == 0
    text = output.decode("utf-8")
    assert "Score: 4 of 4 (100%)." in text
    assert "\x1b" not in text


def test_hostile_content_is_printed_as_written_without_escape_codes(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    (tmp_path / "article.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    pack = tmp_path / "hostile.yaml"
    pack.write_text(HOSTILE_PACK.replace(r"\e[31m", "").replace(r"\e[0m", ""), encoding="utf-8")
    result = play(quiz_env, "2\n3\n", pack=pack)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Article: [bold]Hostile[/] pack" in out
    assert "Officials said [bold]x[/] was fine." in out
    assert "Claim: [red]them[/red]" in out
    assert "Source: [link=http://example.org]Officials[/link]" in out
    assert "Is :smile: an emoji? [bold]no[/bold]" in out
    assert "\x1b" not in out


def test_a_pack_with_an_escape_sequence_is_refused_where_it_is_and_nothing_is_sent(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    (tmp_path / "article.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    pack = tmp_path / "hostile.yaml"
    pack.write_text(HOSTILE_PACK, encoding="utf-8")
    result = play(quiz_env, "2\n3\n", pack=pack)
    assert result.returncode == 1
    assert "hostile.yaml:13:" in result.stderr and "U+001B" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


def test_an_escape_character_that_reaches_plain_mode_is_shown_not_sent(mini: LoadedPack) -> None:
    """Defence in depth: a pack that got past the checks still cannot drive the terminal."""
    from dataclasses import replace

    items = [replace(item, explanation="It \x1b[31mturns red\x1b[0m. Two sentences.")
             for item in mini.pack.items]
    pack = replace(mini, pack=replace(mini.pack, items=items))
    out = io.StringIO()
    run_plain(pack, QuizOptions(), input_stream=io.StringIO("1\n"), output_stream=out)
    assert "It \\x1b[31mturns red\\x1b[0m." in out.getvalue()
    assert "\x1b" not in out.getvalue()


def test_visible_shows_control_characters_and_keeps_newlines_and_tabs() -> None:
    assert visible("a\x1b[2Jb\x07\x9b\tc\nd") == "a\\x1b[2Jb\\x07\\x9b\tc\nd"


# --- in-process: what the store and the clock see ---------------------------------------------


class ListRecorder:
    def __init__(self) -> None:
        self.answers: list[tuple[Item, Feedback]] = []
        self.summaries: list[Summary] = []

    def answered(self, item: Item, feedback: Feedback) -> None:
        assert not self.summaries, "answered after finished"
        self.answers.append((item, feedback))

    def finished(self, summary: Summary) -> None:
        self.summaries.append(summary)


class SteppingClock:
    """Each reading is one second later than the last."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def test_recorder_hears_each_answer_then_the_summary(mini: LoadedPack) -> None:
    recorder = ListRecorder()
    output = io.StringIO()
    code = run_plain(
        mini, QuizOptions(), input_stream=io.StringIO("1\nh\n1\n3\n"),
        output_stream=output, clock=SteppingClock(), confidence=False, recorder=recorder,
    )
    assert code == 0
    assert [(i.id, f.choice, f.verdict) for i, f in recorder.answers] == [
        ("launch", "state_media", Verdict.CORRECT),
        ("accusation", "state_media", Verdict.ACCEPTED),
        ("denial", "denial", Verdict.CORRECT),
    ]
    assert [f.hints for _, f in recorder.answers] == [0, 1, 0]
    assert len(recorder.summaries) == 1
    assert (recorder.summaries[0].score, recorder.summaries[0].answered) == (2.5, 3)


def test_confidence_and_time_reach_the_feedback(mini: LoadedPack) -> None:
    recorder = ListRecorder()
    run_plain(
        mini, QuizOptions(item_ids=("launch",)), input_stream=io.StringIO("1\n2\n"),
        output_stream=io.StringIO(), clock=SteppingClock(), confidence=True, recorder=recorder,
    )
    (_, feedback), = recorder.answers
    assert feedback.confidence == 2
    assert feedback.seconds == 1  # the timer restarts when the item is shown


def test_run_plain_follows_the_options_it_is_given(mini: LoadedPack) -> None:
    output = io.StringIO()
    options = QuizOptions(mode=Mode.CHECK, order=Order.SHUFFLE, seed=1, count=1)
    run_plain(mini, options, input_stream=io.StringIO("4\n"), output_stream=output)
    out = output.getvalue()
    assert "Check mode" in out and "Item 1 of 1" in out
    assert "Score: 1 of 1 (100%)." in out  # seed 1 puts the sanctions item first

"""Specification of self-study on the command line: plain mode records every answer as it is given,
survives `kill -9`, offers to resume; `quiz study`, `quiz history` and `quiz locate`; the data
folder and learner overrides; unusable folders and damaged files.

Subprocesses are driven line by line: write an answer, read the output up to the next prompt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import select
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from helpers import MINI_PATH, REPO, learner_env, on_a_terminal, quiz

from quiz.core.scoring import Verdict
from quiz.storage.database import DB_FILENAME
from quiz.storage.store import Store

ANSWER_PROMPT = "Your answer (1-4, h for a hint, c for context, q to quit): "
RESUME_PROMPT = "[Y/n] "
# Safety net so a broken prompt fails the test instead of hanging it; not a speed check.
WAIT_SECONDS = 60


@pytest.fixture
def quiz_env(tmp_path: Path, data_dir: Path) -> dict[str, str]:
    return learner_env(data_dir, tmp_path / "cache")


def play(env: dict[str, str], answers: str, *args: str) -> subprocess.CompletedProcess[str]:
    return quiz(env, "play", "--plain", "--pack", str(MINI_PATH), *args, answers=answers,
                timeout=WAIT_SECONDS)


class LineByLine:
    """A `quiz` subprocess whose stdin is a pipe we write to, one answer at a time."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quiz", *args], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO,
        )
        self.pending = b""

    def read_until(self, marker: str) -> str:
        """Output up to and including the next `marker` (e.g. a prompt)."""
        wanted = marker.encode("utf-8")
        deadline = time.monotonic() + WAIT_SECONDS
        descriptor = self.process.stdout.fileno()
        while wanted not in self.pending:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {marker!r} in the output: {self.pending!r}"
            ready, _, _ = select.select([descriptor], [], [], remaining)
            if ready:
                chunk = os.read(descriptor, 65536)
                assert chunk, f"output ended before {marker!r}: {self.pending.decode()}"
                self.pending += chunk
        before, _, self.pending = self.pending.partition(wanted)
        return (before + wanted).decode("utf-8")

    def answer(self, line: str) -> None:
        self.process.stdin.write(f"{line}\n".encode())
        self.process.stdin.flush()

    def finish(self) -> str:
        """Close the input and return the rest of the output (the process ends)."""
        rest, _ = self.process.communicate(timeout=WAIT_SECONDS)
        return (self.pending + rest).decode("utf-8")

    def kill_hard(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT_SECONDS)
        self.process.stdin.close()
        self.process.stdout.close()
        self.process.stderr.close()


def stored_answers(data_dir: Path, learner: str = "Ana") -> list[tuple[str, str, Verdict]]:
    with Store.open(data_dir) as store:
        return [(a.item_id, a.chosen, a.verdict) for a in store.answers_for(learner)]


# --- every answer committed; kill -9; resume ----------------------------------------------------


def test_answers_survive_kill_9_and_the_next_start_resumes_where_it_stopped(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    first = LineByLine(quiz_env, "play", "--plain", "--pack", str(MINI_PATH))
    assert "Item 1 of 4" in first.read_until(ANSWER_PROMPT)
    first.answer("1")  # launch: right
    assert "Item 2 of 4" in first.read_until(ANSWER_PROMPT)
    first.answer("state_media")  # accusation: an accepted alternative
    assert "Item 3 of 4" in first.read_until(ANSWER_PROMPT)
    first.kill_hard()  # item 3 is on screen, unanswered

    assert stored_answers(data_dir) == [("launch", "state_media", Verdict.CORRECT),
                                        ("accusation", "state_media", Verdict.ACCEPTED)]
    with Store.open(data_dir) as store:
        (interrupted,) = store.sessions("Ana")
    assert not interrupted.finished

    # Without a terminal the question is not asked (issue 16): --resume continues.
    second = LineByLine(quiz_env, "play", "--plain", "--pack", str(MINI_PATH), "--resume")
    shown = second.read_until(ANSWER_PROMPT)
    assert "Continuing: 2 of 4 already answered." in shown
    assert "Item 3 of 4" in shown and "The neighbours denied the accusation." in shown
    second.answer("3")  # denial: right
    assert "Item 4 of 4" in second.read_until(ANSWER_PROMPT)
    second.answer("4")  # sanctions: right
    rest = second.finish()
    assert second.process.returncode == 0
    # The score covers the answers given before the kill too: 1 + 0.5 + 1 + 1.
    assert "Score: 3.5 of 4 (88%)." in rest

    with Store.open(data_dir) as store:
        (session,) = store.sessions("Ana", with_answers=True)
    assert session.id == interrupted.id and session.finished
    assert [a.item_id for a in session.answers] == ["launch", "accusation", "denial", "sanctions"]


def test_declining_the_offer_closes_the_old_run_and_starts_a_new_one(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    play(quiz_env, "1\nq\n")
    result = play(quiz_env, "1\n2\n3\n4\n", "--fresh")
    assert result.returncode == 0, result.stderr
    assert "Starting afresh; the unfinished session stays in your history." in result.stdout
    assert "Item 1 of 4" in result.stdout and "Score: 4 of 4 (100%)." in result.stdout
    with Store.open(data_dir) as store:
        old, new = store.sessions("Ana", with_answers=True)
        assert store.resume_offer("Ana", _mini()) is None
    assert old.finished and len(old.answers) == 1
    assert new.finished and len(new.answers) == 4
    # Declined once, never offered again.
    assert "Continue where" not in play(quiz_env, "q\n").stdout


def test_an_empty_line_accepts_the_offer_and_a_stray_answer_is_asked_again(
    quiz_env: dict[str, str],
) -> None:
    """On a terminal the question is asked (through a pseudo-terminal here)."""
    play(quiz_env, "1\n")
    out = on_a_terminal(quiz_env, "play", "--plain", "--pack", str(MINI_PATH),
                        answers="2\n\n2\n3\n4\n").stdout
    assert "Type y for yes or n for no (or q to quit)." in out
    assert "Continuing: 1 of 4 already answered." in out
    assert "Score: 4 of 4 (100%)." in out


def test_the_offer_says_which_items_changed_or_went_since_the_run_stopped(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    import shutil

    folder = tmp_path / "pack"
    folder.mkdir()
    shutil.copy(MINI_PATH.with_name("article.txt"), folder / "article.txt")
    pack = folder / "mini.yaml"
    text = MINI_PATH.read_text(encoding="utf-8")
    pack.write_text(text, encoding="utf-8")
    quiz(quiz_env, "play", "--plain", "--pack", str(pack), answers="1\nstate_media\n")
    # accusation no longer accepts state_media (its answer key changed); sanctions is removed.
    edited = text.replace("    also_accept: [state_media]\n", "")
    edited = edited[:edited.index("  - id: sanctions")]
    pack.write_text(edited, encoding="utf-8")

    result = on_a_terminal(quiz_env, "play", "--plain", "--pack", str(pack),
                           answers="y\n2\n3\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 item changed since you answered, and will be asked again." in out
    assert "1 item no longer in the pack will be skipped." in out
    assert "Continue where you left off, 1 / 3? [Y/n] " in out
    assert "Item 2 of 3" in out and "The ministry accused" in out
    assert "Score: 3 of 3 (100%)." in out


def test_a_run_quit_before_any_answer_leaves_no_session(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    assert play(quiz_env, "q\n").returncode == 0
    with Store.open(data_dir) as store:
        assert store.sessions("Ana") == []


def test_an_interrupted_run_says_its_answers_are_saved(quiz_env: dict[str, str]) -> None:
    out = play(quiz_env, "1\n").stdout
    assert "Your answers are saved for 'Ana': start this pack again to continue" in out


def test_a_missed_item_in_practice_gets_a_study_card_due_soonest(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    play(quiz_env, "1\nstate_media\nindependently\n4\n")
    with Store.open(data_dir) as store:
        cards = {card.item_id: card.due for card in store.study_cards("Ana", "mini")}
    # denial was wrong, accusation only accepted, the others right.
    assert sorted(cards, key=cards.get)[:2] == ["denial", "accusation"]


def test_two_processes_playing_at_once_both_keep_every_answer(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    ana = LineByLine(quiz_env, "play", "--plain", "--pack", str(MINI_PATH))
    ben = LineByLine({**quiz_env, "QUIZ_LEARNER": "Ben"},
                     "play", "--plain", "--pack", str(MINI_PATH))
    for ana_says, ben_says in zip(["1", "2", "3", "4"], ["4", "3", "2", "1"]):
        ana.read_until(ANSWER_PROMPT)
        ben.read_until(ANSWER_PROMPT)
        ana.answer(ana_says)
        ben.answer(ben_says)
    assert "Score: 4 of 4 (100%)." in ana.finish()
    assert "Score: 0 of 4 (0%)." in ben.finish()
    assert (ana.process.returncode, ben.process.returncode) == (0, 0)
    assert [chosen for _, chosen, _ in stored_answers(data_dir, "Ana")] == [
        "state_media", "government_allegation", "denial", "independent_fact"]
    assert [chosen for _, chosen, _ in stored_answers(data_dir, "Ben")] == [
        "independent_fact", "denial", "government_allegation", "state_media"]


# --- --data-dir and --learner everywhere --------------------------------------------------------


def test_bare_quiz_takes_data_dir_and_learner(quiz_env: dict[str, str], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    result = quiz(quiz_env, "--pack", str(MINI_PATH), "--data-dir", str(elsewhere),
                  "--learner", "Zoë", answers="1\n")
    assert result.returncode == 0, result.stderr
    assert stored_answers(elsewhere, "Zoë") == [("launch", "state_media", Verdict.CORRECT)]
    assert not (tmp_path / "data" / DB_FILENAME).exists()


@pytest.mark.parametrize("command", ["play", "study", "history", "report", "locate"])
def test_every_store_command_accepts_data_dir_and_learner(
    quiz_env: dict[str, str], tmp_path: Path, command: str,
) -> None:
    result = quiz(quiz_env, command, "--help")
    assert "--data-dir DIR" in result.stdout and "--learner NAME" in result.stdout


@pytest.mark.parametrize(("name", "words"), [
    ("", "at least one character"),
    ("x" * 61, "at most 60 characters"),
    ("two\nlines", "line breaks"),
])
def test_an_unusable_learner_name_is_one_line_and_exit_2(
    quiz_env: dict[str, str], name: str, words: str,
) -> None:
    for command in (["play", "--plain", "--pack", str(MINI_PATH)], ["history"], ["locate"]):
        result = quiz(quiz_env, *command, "--learner", name)
        assert result.returncode == 2, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith("quiz: error: argument --learner:") and words in line


def test_an_unusable_quiz_learner_variable_is_named(quiz_env: dict[str, str]) -> None:
    result = quiz({**quiz_env, "QUIZ_LEARNER": "y" * 70}, "locate")
    assert result.returncode == 2
    assert result.stderr.startswith("quiz: error: QUIZ_LEARNER: a learner name has at most 60")


# --- quiz locate --------------------------------------------------------------------------------


def locate(env: dict[str, str], *args: str) -> dict[str, str]:
    """`quiz locate` as {"data folder": "PATH  (source)", ...}."""
    result = quiz(env, "locate", *args)
    assert result.returncode == 0, result.stderr
    lines = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(":")
        lines[name] = value.strip()
    return lines


def test_locate_names_the_data_dir_option_and_creates_nothing(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    chosen = tmp_path / "chosen"
    where = locate(quiz_env, "--data-dir", str(chosen))
    assert where["data folder"] == f"{chosen}  (from --data-dir)"
    assert where["database"] == f"{chosen / DB_FILENAME}  (not created yet; from --data-dir)"
    assert where["user packs"] == f"{chosen / 'packs'}  (not created yet; from --data-dir)"
    assert not chosen.exists()


def test_locate_names_the_environment_variables(
    quiz_env: dict[str, str], data_dir: Path, tmp_path: Path,
) -> None:
    play(quiz_env, "1\n")
    where = locate(quiz_env)
    assert where["data folder"] == f"{data_dir}  (from QUIZ_DATA_DIR)"
    assert where["database"] == f"{data_dir / DB_FILENAME}  (exists; from QUIZ_DATA_DIR)"
    assert where["cache folder"] == f"{tmp_path / 'cache'}  (from QUIZ_CACHE_DIR)"
    assert where["learner"] == "Ana  (from QUIZ_LEARNER)"


def test_locate_shows_the_platform_defaults_without_overrides(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    env = {k: v for k, v in quiz_env.items()
           if k not in ("QUIZ_DATA_DIR", "QUIZ_CACHE_DIR", "QUIZ_LEARNER")}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg-data"), XDG_CACHE_HOME=str(tmp_path / "xdg-cache"))
    where = locate(env)
    assert where["data folder"] == f"{tmp_path / 'xdg-data' / 'quiz'}  (the platform default)"
    assert where["cache folder"] == f"{tmp_path / 'xdg-cache' / 'quiz'}  (the platform default)"
    assert where["learner"].endswith("(the computer's user name)")


def test_the_options_win_over_the_variables(quiz_env: dict[str, str], tmp_path: Path) -> None:
    where = locate(quiz_env, "--data-dir", str(tmp_path / "opt"), "--learner", "[b]Bo[/b]")
    assert where["data folder"] == f"{tmp_path / 'opt'}  (from --data-dir)"
    assert where["learner"] == "[b]Bo[/b]  (from --learner)"


# --- folders and files that cannot be used ----------------------------------------------------


def test_an_uncreatable_data_folder_is_one_line_naming_path_and_override(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for args in (["play", "--plain", "--pack", str(MINI_PATH)], ["history"], ["report"],
                 ["study", "--plain", "--pack", str(MINI_PATH)]):
        result = quiz(quiz_env, *args, "--data-dir", str(blocker / "sub"), answers="1\n")
        assert result.returncode == 2, (args, result.stderr)
        (line,) = result.stderr.splitlines()
        assert line.startswith("quiz: error: cannot create the data folder")
        assert str(blocker / "sub") in line and "(this data folder is set by --data-dir)" in line
        assert "Traceback" not in result.stderr


def test_the_variable_is_named_when_it_chose_the_unusable_folder(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = quiz({**quiz_env, "QUIZ_DATA_DIR": str(blocker)}, "history")
    assert result.returncode == 2
    assert "(this data folder is set by QUIZ_DATA_DIR)" in result.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes into read-only folders; see the in-process test below")
def test_a_read_only_data_folder_is_one_line_naming_path_and_override(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = play({**quiz_env, "QUIZ_DATA_DIR": str(locked)}, "1\n")
    finally:
        locked.chmod(0o700)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert f"the data folder {locked} is read-only" in line and "QUIZ_DATA_DIR" in line


def test_a_read_only_data_folder_message_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """The same message when the folder reports no write access (works even as root)."""
    import quiz.storage.database
    from quiz.cli import main

    locked = tmp_path / "locked"
    locked.mkdir()
    fake_os = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os)
                                       if not name.startswith("__")})
    fake_os.access = lambda path, mode: Path(path) != locked
    monkeypatch.setattr(quiz.storage.database, "os", fake_os)
    # study writes (a history and a report only read: see the test below, issue 16)
    assert main(["study", "--plain", "--pack", str(MINI_PATH), "--data-dir", str(locked)]) == 2
    line = capsys.readouterr().err.strip()
    assert line == (f"quiz: error: the data folder {locked} is read-only; choose another folder "
                    "with --data-dir DIR or the QUIZ_DATA_DIR variable "
                    "(this data folder is set by --data-dir)")


def test_history_and_report_read_a_data_folder_they_cannot_write(
    quiz_env: dict[str, str], data_dir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Commands that only read open the store read-only (issue 16): a read-only folder, such as
    a copy of a class's progress on a read-only share, is fine."""
    import quiz.storage.database
    from quiz.cli import main

    play({**quiz_env, "QUIZ_LEARNER": "Ana"}, "1\n2\n3\n4\n")
    fake_os = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os)
                                       if not name.startswith("__")})
    fake_os.access = lambda path, mode: False  # every folder is read-only now
    monkeypatch.setattr(quiz.storage.database, "os", fake_os)
    database = (data_dir / DB_FILENAME).read_bytes()
    assert main(["history", "--data-dir", str(data_dir), "--learner", "Ana"]) == 0
    assert main(["report", "--data-dir", str(data_dir), "--learner", "Ana"]) == 0
    out = capsys.readouterr().out
    assert "History of Ana" in out and "Score" in out
    assert (data_dir / DB_FILENAME).read_bytes() == database  # read, never written


def test_a_damaged_database_is_moved_aside_with_a_notice_and_play_goes_on(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    data_dir.mkdir()
    (data_dir / DB_FILENAME).write_bytes(b"this is not a database" * 100)
    result = play(quiz_env, "1\n2\n3\n4\n")
    assert result.returncode == 0
    assert result.stderr.startswith("quiz: note: The progress file ")
    assert "was damaged" in result.stderr and "a new, empty one was started" in result.stderr
    assert "Score: 4 of 4 (100%)." in result.stdout
    (aside,) = data_dir.glob(f"{DB_FILENAME}.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not a database")
    assert len(stored_answers(data_dir)) == 4


def test_damage_deep_inside_the_file_is_found_when_the_quiz_ends_and_moved_aside(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    with Store.open(data_dir) as store:
        for number in range(300):
            store.learner(f"learner {number}")
    page_size = 4096
    with (data_dir / DB_FILENAME).open("r+b") as damaged:
        damaged.seek(2 * page_size)
        damaged.write(b"\x07" * page_size)

    first = play(quiz_env, "1\n2\n3\n4\n")
    assert first.returncode in (0, 2)  # 2 when the run itself read a damaged page
    assert "Traceback" not in first.stderr
    assert "integrity check" in first.stderr and "was moved to" in first.stderr
    (aside,) = data_dir.glob(f"{DB_FILENAME}.corrupt-*")
    again = play(quiz_env, "1\n2\n3\n4\n")
    assert again.returncode == 0 and again.stderr == ""
    assert "Score: 4 of 4 (100%)." in again.stdout


# --- quiz history -------------------------------------------------------------------------------


def test_history_lists_each_session_with_score_and_accuracy_per_kind(
    quiz_env: dict[str, str],
) -> None:
    play(quiz_env, "1\nstate_media\nindependently\n4\n")  # 2.5 of 4
    play(quiz_env, "1\n2\n3\n4\n")  # 4 of 4
    play(quiz_env, "4\n2\n")  # 1 of 2, stopped
    play(quiz_env, "", "--fresh")  # starts afresh: the third session is closed, still listed
    result = quiz(quiz_env, "history")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "History of Ana: 3 sessions (oldest first)"
    header = lines[2].split()
    assert header[:5] == ["Date", "Pack", "Mode", "Answered", "Score"]
    assert " ".join(header[5:]) == ("State-media claim Government allegation Denial "
                                    "Independently reported fact")
    rows = [line.split("  ") for line in lines[3:6]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    assert [c[1:] for c in cells] == [
        ["mini", "practice", "4 of 4", "2.5 / 4 (62%)", "1/1 (100%)", "0/1 (0%)", "0/1 (0%)",
         "1/1 (100%)"],
        ["mini", "practice", "4 of 4", "4 / 4 (100%)", "1/1 (100%)", "1/1 (100%)", "1/1 (100%)",
         "1/1 (100%)"],
        ["mini", "practice, unfinished", "2 of 4", "1 / 2 (50%)", "0/1 (0%)", "1/1 (100%)",
         "-", "-"],
    ]
    # Issue 16: trends compare full runs only; the stopped run is listed apart and says why.
    trends = result.stdout[result.stdout.index("Accuracy per kind"):]
    assert trends.startswith("Accuracy per kind over your full practice runs, oldest first")
    assert "State-media claim            ██  100% first, 100% latest, over 2 runs" in trends
    assert "Government allegation        ▁█  0% first, 100% latest, over 2 runs" in trends
    assert "Denial                       ▁█  0% first, 100% latest, over 2 runs" in trends
    assert "1 unfinished run is listed but not compared" in trends


def test_history_of_one_pack_and_of_nobody(quiz_env: dict[str, str]) -> None:
    play(quiz_env, "1\n2\n3\n4\n")
    assert "4 / 4 (100%)" in quiz(quiz_env, "history", "--pack", str(MINI_PATH)).stdout
    assert "4 / 4 (100%)" in quiz(quiz_env, "history", "--pack", "mini").stdout
    nobody = quiz(quiz_env, "history", "--learner", "Nobody")
    assert nobody.returncode == 1
    assert nobody.stderr == ("quiz: no sessions for learner 'Nobody' yet: "
                             "play a quiz first ('quiz play')\n")
    other_pack = quiz(quiz_env, "history", "--pack", "gone-pack")
    assert other_pack.returncode == 1 and "with pack 'gone-pack'" in other_pack.stderr


def test_history_on_a_terminal_is_a_table_that_shows_names_as_written(
    quiz_env: dict[str, str], data_dir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = "[bold red]Mal[/] <b>&amp; =1+1"
    play({**quiz_env, "QUIZ_LEARNER": name}, "1\n2\n3\n4\n")
    from quiz.cli import main
    from quiz.commands import history as history_command

    monkeypatch.setattr(history_command, "isatty", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["history", "--data-dir", str(data_dir), "--learner", name]) == 0
    out = capsys.readouterr().out
    assert f"History of {name}" in out
    assert "State-media claim" in out and "4 / 4 (100%)" in out
    assert "█" in out


# --- quiz study ---------------------------------------------------------------------------------


def study_args(data_dir: Path, learner: str = "Ana", **extra) -> argparse.Namespace:
    values = dict(pack=str(MINI_PATH), plain=True, confidence=False, data_dir=str(data_dir),
                  learner=learner)
    values.update(extra)
    return argparse.Namespace(**values)


class Typed(io.StringIO):
    """Answers typed at a terminal: study's questions are asked only on one (issue 16)."""

    def isatty(self) -> bool:
        return True


def study(data_dir: Path, answers: str, now: dt.datetime, *, terminal: bool = True,
          **extra) -> tuple[int, str]:
    from quiz.commands.study import run_study

    output = io.StringIO()
    typed = Typed(answers) if terminal else io.StringIO(answers)
    code = run_study(study_args(data_dir, **extra), now=now, input_stream=typed,
                     output_stream=output)
    return code, output.getvalue()


def test_study_asks_the_missed_items_first_once_they_are_due(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    play(quiz_env, "1\nstate_media\nindependently\n4\n")
    in_an_hour = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    code, out = study(data_dir, "3\n2\n", in_an_hour)
    assert code == 0
    assert "Due now: 2." in out and "New (never answered): 0." in out
    assert "Study: 2 items due for review." in out
    # The wrong answer (denial) comes back before the only-accepted one (accusation).
    first, second = out.index("Item 1 of 2"), out.index("Item 2 of 2")
    assert "The neighbours denied the accusation." in out[first:second]
    assert "The ministry accused the neighbours of provocation." in out[second:]
    assert "Score: 2 of 2 (100%)." in out
    with Store.open(data_dir) as store:
        latest = store.sessions("Ana")[-1]
    assert latest.mode == "study" and latest.finished


def test_study_says_mastery_per_kind(quiz_env: dict[str, str], data_dir: Path) -> None:
    play(quiz_env, "1\nstate_media\nindependently\n4\n")
    _, out = study(data_dir, "q\n", dt.datetime.now(dt.timezone.utc))
    assert "  State-media claim: 0 of 1 mastered (1 seen)" in out
    assert "  Denial: 0 of 1 mastered (1 seen)" in out


def test_with_nothing_due_study_offers_new_items_or_a_practice_run(data_dir: Path) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    code, out = study(data_dir, "n\n1\n2\n", now)
    assert code == 0
    assert "Due now: 0. Due today: 0. New (never answered): 4." in out
    assert ("Nothing is due for review. Type n to learn 4 new items, p for a full practice run, "
            "q to quit: ") in out
    assert "Study: 4 new items." in out and "Item 2 of 4" in out

    code, out = study(data_dir, "n\np\n4\n", now, learner="Ben")
    assert "Nothing is due" in out and "Item 1 of 4" in out and "Practice mode" in out


def test_with_everything_seen_and_nothing_due_only_practice_is_offered(
    quiz_env: dict[str, str], data_dir: Path,
) -> None:
    play(quiz_env, "1\n2\n3\n4\n")
    _, out = study(data_dir, "x\np\n1\n", dt.datetime.now(dt.timezone.utc))
    assert "Next review: " in out
    assert "Nothing is due for review. Type p for a full practice run, q to quit: " in out
    assert "Type p or q to quit." in out
    assert "Item 1 of 4" in out


def test_study_in_a_terminal_starts_the_app_in_study_mode(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quiz.commands import common

    started = []

    class AppWithStudy:
        return_code = None

        def __init__(self, pack_path=None, options=None, *, confidence=False, data_dir=None,
                     learner=None, study=False, settings=None):
            started.append((Path(pack_path), Path(data_dir), learner, study))

        def run(self):
            pass

    fake = types.ModuleType("quiz.ui.app")
    fake.QuizApp = AppWithStudy
    monkeypatch.setitem(sys.modules, "quiz.ui.app", fake)
    monkeypatch.setattr(common, "isatty", lambda stream: True)
    monkeypatch.setenv("TERM", "xterm-256color")
    code, _ = study(data_dir, "", dt.datetime.now(dt.timezone.utc), plain=False)
    assert code == 0
    assert started == [(MINI_PATH, data_dir, "Ana", True)]


def test_study_offers_an_interrupted_study_run_first(
    quiz_env: dict[str, str], data_dir: Path
) -> None:
    code, _ = study(data_dir, "n\n1\n", dt.datetime.now(dt.timezone.utc))  # a study run, stopped
    assert code == 0
    _, out = study(data_dir, "y\n2\n3\n4\n", dt.datetime.now(dt.timezone.utc))
    assert "You have an unfinished study session" in out
    assert "Continue where you left off, 1 / 4? [Y/n] " in out
    assert "Score: 4 of 4 (100%)." in out


def test_study_never_offers_an_interrupted_practice_run(
    quiz_env: dict[str, str], data_dir: Path
) -> None:
    """quiz study offered an unfinished practice run, then played Practice (issue 16)."""
    play(quiz_env, "1\n")  # a practice run, stopped after one answer
    _, out = study(data_dir, "n\n", dt.datetime.now(dt.timezone.utc))
    assert "Continue where" not in out and "unfinished practice" not in out
    assert "Study: 3 new items." in out


def test_a_script_is_never_asked_a_question_it_cannot_expect(
    quiz_env: dict[str, str], data_dir: Path
) -> None:
    """printf '1\\n4\\n' | quiz play --plain worked once per learner: the second time the
    resume question swallowed the answers and nothing was scored (issue 16)."""
    for _ in range(2):
        result = play(quiz_env, "1\n4\n")
        assert result.returncode == 0, result.stderr
        assert "Continue where" not in result.stdout
        assert "Score: 1 of 2 (50%); answered 2 of 4 items." in result.stdout
    assert "is kept; run again with --resume to continue it" in result.stderr
    code, out = study(data_dir, "1\n", dt.datetime.now(dt.timezone.utc), terminal=False)
    assert code == 0 and "Nothing is due for review: learning" in out


def _mini():
    from quiz.content.pack_files import load_pack

    return load_pack(MINI_PATH, use_cache=False)

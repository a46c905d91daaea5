"""Specification of the command line: a helpful --help, and one clear line (exit 2) per bad input.

Every case runs `python -m quiz` in a subprocess, as a user would, with private data folders.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MINI_PATH, REPO

from quiz import __version__
from quiz.cli import EXAMPLES, HANDLERS

CATEGORY_IDS = "state_media, government_allegation, denial, independent_fact"


@pytest.fixture
def quiz_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QUIZ_CACHE_DIR"] = str(tmp_path / "cache")
    env["QUIZ_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def quiz(env: dict[str, str], *args: str, answers: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args], input=answers, capture_output=True, text=True,
        encoding="utf-8", env=env, cwd=REPO, timeout=60,
    )


def assert_one_line_usage_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("quiz")
    assert "error:" in lines[0]
    for word in words:
        assert word in lines[0]


# --- help and version -------------------------------------------------------------------------


def test_help_lists_every_command_with_a_description_and_an_example(
    quiz_env: dict[str, str],
) -> None:
    result = quiz(quiz_env, "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())  # argparse wraps long lines
    assert set(HANDLERS) == set(EXAMPLES)
    for name in HANDLERS:
        example = " ".join(EXAMPLES[name].split())
        assert f" {name} " in text
        assert f"e.g. {example}" in text
        line_start = text.index(f" {name} ") + len(name) + 2
        description = text[line_start:text.index("e.g.", line_start)]
        assert len(description.strip()) > 10, f"{name} has no description"


@pytest.mark.parametrize("name", sorted(HANDLERS))
def test_each_command_help_ends_with_its_example(quiz_env: dict[str, str], name: str) -> None:
    result = quiz(quiz_env, name, "--help")
    assert result.returncode == 0
    assert f"example: {EXAMPLES[name]}" in result.stdout


def test_help_does_not_import_textual_or_pydantic(quiz_env: dict[str, str]) -> None:
    probe = (
        "import sys\n"
        "from quiz.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('textual', 'pydantic', 'rich') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=quiz_env, cwd=REPO, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_version(quiz_env: dict[str, str]) -> None:
    result = quiz(quiz_env, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"quiz {__version__}"


# --- bad input: one line, exit 2 --------------------------------------------------------------


def test_unknown_option_is_one_line_and_exit_2(quiz_env: dict[str, str]) -> None:
    assert_one_line_usage_error(quiz(quiz_env, "play", "--colour"), "--colour")


def test_unknown_option_without_a_command_is_one_line_and_exit_2(
    quiz_env: dict[str, str],
) -> None:
    assert_one_line_usage_error(quiz(quiz_env, "--bogus"), "--bogus")


def test_unknown_command_is_one_line_and_exit_2(quiz_env: dict[str, str]) -> None:
    assert_one_line_usage_error(quiz(quiz_env, "frobnicate"), "frobnicate")


def test_bad_option_value_is_one_line_and_exit_2(quiz_env: dict[str, str]) -> None:
    assert_one_line_usage_error(quiz(quiz_env, "play", "--seed", "soon"), "--seed", "soon")
    assert_one_line_usage_error(quiz(quiz_env, "play", "--mode", "exam"), "--mode", "exam")


def test_unknown_pack_is_one_line_and_exit_2(quiz_env: dict[str, str]) -> None:
    result = quiz(quiz_env, "play", "--plain", "--pack", "no-such-pack")
    assert_one_line_usage_error(result, "'no-such-pack'", "available:")


def test_unknown_pack_without_plain_is_refused_before_any_ui_starts(
    quiz_env: dict[str, str],
) -> None:
    assert_one_line_usage_error(quiz(quiz_env, "--pack", "missing.yaml"), "'missing.yaml'")


def test_unknown_category_names_the_value_and_lists_the_valid_ids(
    quiz_env: dict[str, str],
) -> None:
    result = quiz(quiz_env, "play", "--plain", "--pack", str(MINI_PATH), "--category", "opinion")
    assert_one_line_usage_error(result, "--category", "'opinion'", CATEGORY_IDS)


@pytest.mark.parametrize("count", ["0", "-3"])
def test_count_below_one_is_refused(quiz_env: dict[str, str], count: str) -> None:
    result = quiz(quiz_env, "play", "--plain", "--pack", str(MINI_PATH), "--count", count)
    assert_one_line_usage_error(result, "--count", "at least 1")


def test_filters_that_match_no_item_are_refused(quiz_env: dict[str, str]) -> None:
    result = quiz(quiz_env, "play", "--plain", "--pack", str(MINI_PATH), "--tag", "weather")
    assert_one_line_usage_error(result, "no items", "--tag weather")


def test_a_broken_pack_lists_its_problems_and_exits_1(
    quiz_env: dict[str, str], tmp_path: Path,
) -> None:
    (tmp_path / "article.txt").write_text("Nothing here.", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: Broken\narticle: article.txt\nversion: '1'\n"
                      "items: []\n", encoding="utf-8")
    result = quiz(quiz_env, "play", "--plain", "--pack", str(broken))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "broken.yaml:5:" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("quiz: error: cannot play")


# --- choosing plain mode ----------------------------------------------------------------------


def test_without_a_terminal_plain_mode_is_chosen_and_said_on_stderr(
    quiz_env: dict[str, str],
) -> None:
    result = quiz(quiz_env, "--pack", str(MINI_PATH), answers="1\n")
    assert result.returncode == 0
    assert "plain mode" in result.stderr and "no terminal" in result.stderr
    assert "Item 1 of 4" in result.stdout
    assert "plain mode" not in result.stdout  # stdout stays the quiz alone, for scripts


def test_asking_for_plain_mode_says_nothing_about_it(quiz_env: dict[str, str]) -> None:
    result = quiz(quiz_env, "play", "--plain", "--pack", str(MINI_PATH), answers="1\n")
    assert result.returncode == 0
    assert result.stderr == ""


def test_bundled_pack_is_the_default(quiz_env: dict[str, str]) -> None:
    result = quiz(quiz_env, "play", "--plain", "--count", "1", answers="1\n")
    assert result.returncode == 0, result.stderr
    assert "Item 1 of 1" in result.stdout
    assert "Article: North Korea" in result.stdout


# --- starting the full-screen app (wiring only; the app has its own tests) ----------------------


class FakeQuizApp:
    """Stands in for quiz.ui.app.QuizApp and remembers how it was started."""

    started: list[FakeQuizApp] = []

    def __init__(self, pack_path=None, options=None, *, confidence=False, clock=None,
                 recorder=None, data_dir=None, learner=None, study=False,
                 settings=None) -> None:
        self.pack_path, self.options, self.confidence = pack_path, options, confidence
        self.data_dir, self.learner, self.study = data_dir, learner, study
        self.return_code = None

    def run(self) -> None:
        FakeQuizApp.started.append(self)


@pytest.fixture
def on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[FakeQuizApp]:
    """A terminal on both ends, TERM set, and the fake app in place of the real one."""
    import types

    from quiz.commands import common

    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(common, "isatty", lambda stream: True)
    fake_module = types.ModuleType("quiz.ui.app")
    fake_module.QuizApp = FakeQuizApp
    monkeypatch.setitem(sys.modules, "quiz.ui.app", fake_module)
    FakeQuizApp.started = []
    return FakeQuizApp.started


def test_on_a_terminal_the_app_starts_with_the_pack_and_options(
    on_a_terminal: list[FakeQuizApp],
) -> None:
    from quiz.cli import main
    from quiz.core.engine import Mode, Order

    code = main(["--pack", str(MINI_PATH), "--mode", "check", "--seed", "3",
                 "--category", "denial", "--count", "2", "--confidence"])
    assert code == 0
    (app,) = on_a_terminal
    assert Path(app.pack_path) == MINI_PATH
    assert app.options.mode is Mode.CHECK
    assert (app.options.order, app.options.seed) == (Order.SHUFFLE, 3)
    assert (app.options.categories, app.options.count) == (("denial",), 2)
    assert app.confidence is True


def test_on_a_terminal_the_app_gets_the_data_folder_override(
    on_a_terminal: list[FakeQuizApp], tmp_path: Path,
) -> None:
    from quiz.cli import main

    assert main(["--pack", str(MINI_PATH), "--data-dir", str(tmp_path / "elsewhere")]) == 0
    (app,) = on_a_terminal
    assert Path(app.data_dir) == tmp_path / "elsewhere"


def test_on_a_terminal_the_app_records_for_the_learner_given(
    on_a_terminal: list[FakeQuizApp],
) -> None:
    from quiz.cli import main

    assert main(["play", "--pack", str(MINI_PATH), "--learner", "Ana [b]"]) == 0
    (app,) = on_a_terminal
    assert (app.learner, app.study) == ("Ana [b]", False)


def test_study_on_a_terminal_opens_the_app_in_study_mode(
    on_a_terminal: list[FakeQuizApp],
) -> None:
    from quiz.cli import main

    assert main(["study", "--pack", str(MINI_PATH), "--learner", "Ana"]) == 0
    (app,) = on_a_terminal
    assert (app.learner, app.study) == ("Ana", True)


def test_shuffle_without_a_seed_asks_for_a_shuffled_order(
    on_a_terminal: list[FakeQuizApp],
) -> None:
    from quiz.cli import main
    from quiz.core.engine import Order

    assert main(["play", "--pack", str(MINI_PATH), "--shuffle"]) == 0
    (app,) = on_a_terminal
    assert (app.options.order, app.options.seed) == (Order.SHUFFLE, None)


def test_a_dumb_terminal_gets_plain_mode(
    on_a_terminal: list[FakeQuizApp], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    from quiz.cli import main

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    assert main(["--pack", str(MINI_PATH)]) == 0
    assert on_a_terminal == []
    captured = capsys.readouterr()
    assert "TERM=dumb" in captured.err
    assert "Item 1 of 4" in captured.out

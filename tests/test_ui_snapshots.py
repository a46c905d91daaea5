"""SVG snapshots of each screen of the app, on the mini pack with a fixed clock.

Review a changed snapshot before accepting it (pytest --snapshot-update rewrites them all):
the HTML report pytest-textual-snapshot writes on failure shows old and new side by side.
"""

from __future__ import annotations

import pytest

from quiz.engine import Mode, QuizOptions
from quiz.ui.app import QuizApp

# launch 1 (best), accusation 1 (accepted), denial 2 (wrong), sanctions 4 (best), in Practice.
PRACTICE_TO_END = ["s", "1", "enter", "1", "enter", "2", "enter", "4", "enter"]


@pytest.fixture(autouse=True)
def only_the_mini_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    """The home screen lists just the mini pack: the bundled pack's content still changes."""
    monkeypatch.setattr("quiz.ui.screens.home.available_pack_files", lambda data=None: [])


@pytest.fixture
def app(mini_pack_path, clock) -> QuizApp:
    return QuizApp(mini_pack_path, clock=clock)


def test_home_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24))


def test_question_screen(snap_compare, app):
    assert snap_compare(app, press=["s"], terminal_size=(80, 24))


def test_question_screen_with_both_hints(snap_compare, app):
    assert snap_compare(app, press=["s", "h", "h"], terminal_size=(80, 24))


def test_question_screen_asking_how_sure(snap_compare, mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock, confidence=True)
    assert snap_compare(app, press=["s", "2"], terminal_size=(80, 24))


def test_feedback_screen_for_a_wrong_answer(snap_compare, app):
    assert snap_compare(app, press=["s", "3"], terminal_size=(80, 24))


def test_end_screen_practice(snap_compare, app):
    assert snap_compare(app, press=PRACTICE_TO_END, terminal_size=(80, 24))


def test_end_screen_check_mode(snap_compare, mini_pack_path, clock):
    app = QuizApp(mini_pack_path, QuizOptions(mode=Mode.CHECK), clock=clock)
    assert snap_compare(app, press=["s", "1", "1", "2", "4"], terminal_size=(80, 24))


def test_review_of_mistakes(snap_compare, app):
    assert snap_compare(app, press=[*PRACTICE_TO_END, "m"], terminal_size=(80, 24))


def test_quit_confirmation_mid_quiz(snap_compare, app):
    assert snap_compare(app, press=["s", "1", "q"], terminal_size=(80, 24))


def test_how_it_works(snap_compare, app):
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24))


def test_question_screen_light_theme(snap_compare, app):
    def light(pilot) -> None:
        pilot.app.theme = "textual-light"

    assert snap_compare(app, press=["s", "h", "h"], terminal_size=(80, 24), run_before=light)


def test_question_screen_smallest_terminal(snap_compare, app):
    assert snap_compare(app, press=["s"], terminal_size=(60, 20))


def test_feedback_screen_smallest_terminal(snap_compare, app):
    assert snap_compare(app, press=["s", "1"], terminal_size=(60, 20))


def test_end_screen_smallest_terminal(snap_compare, app):
    assert snap_compare(app, press=PRACTICE_TO_END, terminal_size=(60, 20))

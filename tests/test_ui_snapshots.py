"""SVG snapshots of each screen of the app, on the mini pack with fixed clocks, a named learner and
an in-memory store (so nothing on screen depends on the machine, the day or the user).

Review a changed snapshot before accepting it (pytest --snapshot-update rewrites them all):
the HTML report pytest-textual-snapshot writes on failure shows old and new side by side.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import START, SetUtcClock, record_session

from quiz.content.pack_files import load_pack
from quiz.core.engine import Mode, QuizOptions, QuizSession
from quiz.storage.recording import scheduling_recorder
from quiz.storage.store import Store
from quiz.ui.app import QuizApp

# launch 1 (best), accusation 1 (accepted), denial 2 (wrong), sanctions 4 (best), in Practice.
# A wrong answer's feedback may need one enter to show what is out of view before the next item
# (issue 16); on a question, the extra enter does nothing.
PRACTICE_TO_END = ["s", "1", "enter", "1", "enter", "2", "enter", "enter", "4", "enter"]
# At 60x20 the feedback of an accepted or wrong answer does not fit: enter first shows the rest.
PRACTICE_TO_END_SMALL = ["s", "1", "enter", "1", "enter", "enter", "2", "enter", "enter", "4",
                         "enter"]


pytestmark = pytest.mark.usefixtures("no_listed_packs", "utc_time_zone")


@pytest.fixture
def utc() -> SetUtcClock:
    return SetUtcClock()


@pytest.fixture
def store(utc):
    with Store(":memory:", clock=utc) as opened:
        yield opened


def played(store: Store, pack_path, choices: dict[str, str]) -> None:
    """One practice session by Ana answered through the domain, as the app records it."""
    record_session(store, load_pack(pack_path), "Ana", choices)


@pytest.fixture
def app(mini_pack_path, clock, store) -> QuizApp:
    return QuizApp(mini_pack_path, clock=clock, store=store, learner="Ana")


def test_home_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24))


def test_question_screen(snap_compare, app):
    assert snap_compare(app, press=["s"], terminal_size=(80, 24))


def test_question_screen_with_both_hints(snap_compare, app):
    assert snap_compare(app, press=["s", "h", "h"], terminal_size=(80, 24))


def test_question_screen_asking_how_sure(snap_compare, mini_pack_path, clock, store):
    app = QuizApp(mini_pack_path, clock=clock, confidence=True, store=store, learner="Ana")
    assert snap_compare(app, press=["s", "2"], terminal_size=(80, 24))


def test_feedback_in_place_for_a_wrong_answer(snap_compare, app):
    assert snap_compare(app, press=["s", "3"], terminal_size=(80, 24))


def test_end_screen_practice(snap_compare, app):
    assert snap_compare(app, press=PRACTICE_TO_END, terminal_size=(80, 24))


def test_end_screen_report_figures(snap_compare, app):
    """The end screen scrolled to its score report: found, right, d′ and the confusion matrix."""
    assert snap_compare(app, press=[*PRACTICE_TO_END, "end"], terminal_size=(80, 24))


def test_end_screen_check_mode(snap_compare, mini_pack_path, clock, store):
    app = QuizApp(mini_pack_path, QuizOptions(mode=Mode.CHECK), clock=clock, store=store,
                  learner="Ana")
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


def test_study_mode_on_the_home_screen(snap_compare, mini_pack_path, clock, store, utc):
    played(store, mini_pack_path, {"launch": "denial", "accusation": "government_allegation"})
    utc.now = START + dt.timedelta(hours=1)
    app = QuizApp(mini_pack_path, clock=clock, store=store, learner="Ana", now=utc, study=True)
    assert snap_compare(app, terminal_size=(80, 24))


def test_history_screen(snap_compare, mini_pack_path, clock, store, utc):
    played(store, mini_pack_path, {"launch": "state_media", "accusation": "state_media",
                                   "denial": "government_allegation",
                                   "sanctions": "independent_fact"})
    utc.now = START + dt.timedelta(days=1)
    played(store, mini_pack_path, {"launch": "state_media", "accusation": "government_allegation",
                                   "denial": "denial", "sanctions": "independent_fact"})
    app = QuizApp(mini_pack_path, clock=clock, store=store, learner="Ana", now=utc)
    assert snap_compare(app, press=["h"], terminal_size=(80, 24))


def test_resume_offer(snap_compare, mini_pack_path, clock, store):
    # Started with all four items, one answered: the session is offered on the next start.
    pack = load_pack(mini_pack_path)
    record = store.start_session("Ana", pack, ["launch", "accusation", "denial", "sanctions"],
                                 mode="practice")
    quiz = QuizSession(pack)
    scheduling_recorder(store, record.id).answered(quiz.current, quiz.answer("state_media"))
    app = QuizApp(mini_pack_path, clock=clock, store=store, learner="Ana")
    assert snap_compare(app, terminal_size=(80, 24))


def test_learner_picker(snap_compare, app, store):
    store.learner("Bo")
    store.learner("[bold]Chloé[/]")
    assert snap_compare(app, press=["l"], terminal_size=(80, 24))


def test_question_screen_smallest_terminal(snap_compare, app):
    assert snap_compare(app, press=["s"], terminal_size=(60, 20))


def test_feedback_in_place_smallest_terminal(snap_compare, app):
    assert snap_compare(app, press=["s", "1"], terminal_size=(60, 20))


def test_end_screen_smallest_terminal(snap_compare, app):
    assert snap_compare(app, press=PRACTICE_TO_END_SMALL, terminal_size=(60, 20))


async def test_the_small_end_screen_snapshot_is_of_the_end_screen(app):
    from quiz.ui.screens.end import EndScreen

    async with app.run_test(size=(60, 20)) as pilot:
        for key in PRACTICE_TO_END_SMALL:
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, EndScreen)


def test_home_screen_smallest_terminal(snap_compare, app):
    assert snap_compare(app, terminal_size=(60, 20))


# The article around the passage and the feedback that leads with the mistake (issue 16), at the
# three sizes a learner was tried at: 60x20, 80x24 and 160x48.


def test_question_with_its_article_context_on_a_large_terminal(snap_compare, app):
    assert snap_compare(app, press=["s", "1", "enter"], terminal_size=(160, 48))


def test_feedback_leads_with_the_mistake_on_a_large_terminal(snap_compare, app):
    assert snap_compare(app, press=["s", "1", "enter", "1", "enter", "2"],
                        terminal_size=(160, 48))


def test_feedback_for_a_wrong_answer_on_the_smallest_terminal(snap_compare, app):
    assert snap_compare(app, press=["s", "3"], terminal_size=(60, 20))


def test_the_whole_article_with_the_passage_in_view(snap_compare, app):
    assert snap_compare(app, press=["s", "1", "enter", "c"], terminal_size=(80, 24))

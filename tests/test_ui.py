"""Specification of the Textual app, driven by key presses (and a few clicks) at a fixed size.

Plays the four-item mini pack, whose answers are known: launch = state media, accusation =
government allegation (state media accepted), denial = denial, sanctions = independent fact.
Progress goes to a store in the test's own data folder (conftest), or to an in-memory store with
a clock the test sets.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import SetUtcClock, record_session, screen_text
from textual.pilot import Pilot
from textual.widgets import DataTable

from quiz.content.pack_files import load_pack
from quiz.core.engine import Feedback, Mode, QuizOptions, QuizSession, Span, Summary
from quiz.core.packs import Item, LoadedPack
from quiz.core.scoring import Verdict
from quiz.storage.recording import scheduling_recorder
from quiz.storage.store import Store
from quiz.ui import messages
from quiz.ui.app import QuizApp
from quiz.ui.screens.confirm import ConfirmScreen
from quiz.ui.screens.end import EndScreen
from quiz.ui.screens.history import HistoryScreen
from quiz.ui.screens.home import HomeScreen
from quiz.ui.screens.how_it_works import HowItWorksScreen
from quiz.ui.screens.item import ItemScreen
from quiz.ui.screens.learner import LearnerScreen
from quiz.ui.screens.mistakes import ReviewScreen
from quiz.ui.widgets.key_button import KeyButton
from quiz.ui.widgets.passage import PassageView, highlighted_passage

SIZE = (80, 24)
TALL = (80, 50)  # for screens whose whole text a test reads at once

# Keys for: launch 1 (best), accusation 1 (state media: accepted, half credit),
# denial 2 (government allegation: wrong), sanctions 4 (best).
MIXED_ANSWERS = ["1", "1", "2", "4"]
MIXED_CHOICES = {"launch": "state_media", "accusation": "state_media",
                 "denial": "government_allegation", "sanctions": "independent_fact"}
BEST_CHOICES = {"launch": "state_media", "accusation": "government_allegation",
                "denial": "denial", "sanctions": "independent_fact"}


class ListRecorder:
    """Keeps what the app reports, as the store receives it."""

    def __init__(self) -> None:
        self.answers: list[tuple[Item, Feedback]] = []
        self.summaries: list[Summary] = []

    def answered(self, item: Item, feedback: Feedback) -> None:
        self.answers.append((item, feedback))

    def finished(self, summary: Summary) -> None:
        self.summaries.append(summary)


class Notes:
    """Every notification the app shows, as the reader reads it."""

    def __init__(self, app: QuizApp) -> None:
        self.seen: list[tuple[str, str]] = []
        shown = app.notify

        def notify(message: str, *, title: str = "", **options):
            self.seen.append((title, message))
            return shown(message, title=title, **options)

        app.notify = notify  # type: ignore[method-assign]

    def text(self) -> str:
        return "\n".join(f"{title}: {message}" for title, message in self.seen)


pytestmark = pytest.mark.usefixtures("no_listed_packs", "utc_time_zone")


@pytest.fixture
def recorder() -> ListRecorder:
    return ListRecorder()


@pytest.fixture
def utc() -> SetUtcClock:
    return SetUtcClock()


@pytest.fixture
def memory_store(utc: SetUtcClock):
    with Store(":memory:", clock=utc) as store:
        yield store


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


def data_folder(tmp_path: Path) -> Path:
    """The data folder conftest points QUIZ_DATA_DIR at."""
    return tmp_path / "data"


def dialog_text(pilot: Pilot, dialog: str = "#dialog") -> str:
    """The text inside a dialog on screen (the screen below shows through around it)."""
    region = pilot.app.screen.query_one(dialog).region
    lines = screen_text(pilot).splitlines()[region.y:region.bottom]
    return "\n".join(line[region.x:region.right] for line in lines)


BORDERS = str.maketrans("", "", "█▀▄▌▐▎▊▔▁")


def flat(text: str) -> str:
    """Screen text with borders dropped and line breaks and runs of spaces folded, for
    phrases that may wrap (inside a dialog's or panel's border, too)."""
    return " ".join(text.translate(BORDERS).split())


def asking(app: QuizApp) -> bool:
    return isinstance(app.screen, ItemScreen) and app.screen.feedback is None


def showing_feedback(app: QuizApp) -> bool:
    return isinstance(app.screen, ItemScreen) and app.screen.feedback is not None


async def answer_all(pilot: Pilot, keys: list[str], *, practice: bool) -> None:
    for key in keys:
        assert asking(pilot.app)
        await pilot.press(key)
        if practice:
            assert showing_feedback(pilot.app)
            await pilot.press("enter")


# -- playing a whole quiz -------------------------------------------------------------------


async def test_the_results_say_how_many_answers_came_after_a_hint(
    mini_pack_path, clock, recorder
):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder, learner="Ana")
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("s", "h")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)
        assert isinstance(app.screen, EndScreen)
        assert "You took hints on 1 of 4 answers." in flat(screen_text(pilot))


async def test_practice_quiz_played_by_keys_ends_with_score_figures_and_confusion(
    mini_pack_path, clock, recorder
):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder, learner="Ana")
    async with app.run_test(size=TALL) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)

        assert isinstance(app.screen, EndScreen)
        text = flat(screen_text(pilot))
        assert "Score: 2.5 of 4 (62%)" in text
        assert "Most common confusion: You read a denial as a government allegation." in text
        # Per kind: found of its items, and how often the label was right when used; with one
        # item of a kind, counts without a percentage and no d′ (issue 16).
        assert "State-media claim 1/1 1/2 too few" in text
        assert "Government allegation 0/1 0/1 too few" in text
        assert "Independently reported fact 1/1 1/1 too few" in text
        assert "Confusion matrix" in text
        assert "What to practise next:" in text
        assert app.screen.report.confusion.counts == ((1, 0, 0, 0), (1, 0, 0, 0),
                                                      (0, 1, 0, 0), (0, 0, 0, 1))
    assert [f.verdict for _, f in recorder.answers] == [
        Verdict.CORRECT, Verdict.ACCEPTED, Verdict.WRONG, Verdict.CORRECT,
    ]
    assert len(recorder.summaries) == 1
    assert recorder.summaries[0].missed == ["accusation", "denial"]


async def test_feedback_appears_in_place_with_verdict_best_answer_cue_source_and_discussion(
    mini_pack_path, clock
):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        item_screen = app.screen
        await pilot.press("3")  # launch answered as a denial

        assert app.screen is item_screen  # the verdict needs no new screen
        assert showing_feedback(app)
        text = flat(screen_text(pilot))
        assert "Not quite: you chose Denial; the best answer is State-media claim." in text
        assert "The words that show it: “KCNA reported”" in text
        assert "Source: KCNA, North Korea's state news agency" in text
        assert "Why not Denial: Nothing is being rejected." in text
        assert "To discuss: How could anyone check a launch?" in text
        assert "What kind of statement" not in text  # the answers give way to the feedback
        passage = app.screen.query_one("#passage", PassageView)
        assert passage.passage[passage.cue.start:passage.cue.end] == "KCNA reported"

        await pilot.press("right")
        assert app.screen is item_screen and asking(app)
        assert app.screen.item.id == "accusation"
        assert app.screen.query_one("#passage", PassageView).cue is None
        assert "2 / 4" in screen_text(pilot)


async def test_check_mode_gives_no_feedback_until_the_end_then_reviews_every_answer(
    mini_pack_path, clock
):
    app = QuizApp(mini_pack_path, QuizOptions(mode=Mode.CHECK), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=False)

        assert isinstance(app.screen, EndScreen)
        assert "Score: 2.5 of 4 (62%)" in flat(screen_text(pilot))
        # The end screen leads into the review: enter opens the first answer's feedback.
        await pilot.press("enter")
        assert isinstance(app.screen, ReviewScreen)
        assert "Answer 1 of 4" in screen_text(pilot)
        assert "Correct: State-media claim." in flat(screen_text(pilot))
        await pilot.press("right", "right")
        assert "Answer 3 of 4" in screen_text(pilot)
        assert "you chose Government allegation; the best answer is Denial" in flat(
            screen_text(pilot)
        )
        await pilot.press("escape")
        assert isinstance(app.screen, EndScreen)


async def test_mode_chosen_on_the_home_screen_with_m_is_used(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "s", "1")
        assert app.session.options.mode is Mode.CHECK
        assert asking(app)
        assert app.screen.item.id == "accusation"


async def test_clicking_a_mode_chooses_it(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        line = app.screen.query_one("#mode")
        start = line.render().plain.index("Check")
        await pilot.click("#mode", offset=(start + 1, 0))
        assert app.screen.chosen_mode == "check"
        assert "feedback only at the end" in screen_text(pilot)


async def test_review_mistakes_shows_only_the_missed_items(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)
        await pilot.press("m")

        assert isinstance(app.screen, ReviewScreen)
        assert [f.item_id for f in app.screen.answers] == ["accusation", "denial"]
        text = flat(screen_text(pilot))
        assert "Mistake 1 of 2 · item 2 of 4" in text
        assert "Accepted (0.5 of 1 point): you chose State-media claim" in text
        await pilot.press("right")
        assert "Mistake 2 of 2 · item 3 of 4" in flat(screen_text(pilot))


async def test_retry_missed_asks_only_the_missed_items_in_a_new_session(
    mini_pack_path, clock, recorder
):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)
        await pilot.press("r")

        assert asking(app)
        assert [item.id for item in app.session.items] == ["accusation", "denial"]
        assert "1 / 2" in screen_text(pilot)
        await answer_all(pilot, ["2", "3"], practice=True)
        assert isinstance(app.screen, EndScreen)
        assert "Score: 2 of 2 (100%)" in flat(screen_text(pilot))
    assert [s.total for s in recorder.summaries] == [4, 2]


async def test_new_quiz_from_the_end_screen_returns_home(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen)
        assert not app.quiz_in_progress


# -- the item screen ------------------------------------------------------------------------


async def test_question_shows_article_title_date_progress_and_one_button_per_category(
    mini_pack_path, clock
):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        text = screen_text(pilot)
        assert "3 March 2024  ·  Mini test article" in text
        assert "1 / 4" in text
        labels = [str(b.label) for b in app.screen.query("#answers KeyButton").results(KeyButton)]
        assert labels == ["1 State-media claim", "2 Government allegation", "3 Denial",
                          "4 Independently reported fact"]


async def test_hints_say_where_to_look_then_the_clause_then_the_cue_and_are_recorded(
    mini_pack_path, clock, recorder
):
    """Hints teach (issue 16): the first says where to look in this item, the second narrows it
    to the clause, and only the third names the cue (the kinds' definitions are under ?)."""
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "h")
        text = flat(screen_text(pilot))
        assert "Hint 1 of 3: Find the verb that introduces the claim" in text
        assert "KCNA" not in text.split("Hint 1 of 3")[1]
        passage = app.screen.query_one("#passage", PassageView)
        assert passage.cue is None and passage.clue is None

        await pilot.press("h")
        assert "Hint 2 of 3: Look at this part of the passage" in flat(screen_text(pilot))
        assert passage.clue is not None and passage.cue is None

        await pilot.press("h")
        assert "Hint 3 of 3: Look at the words “KCNA reported”." in flat(screen_text(pilot))
        assert passage.passage[passage.cue.start:passage.cue.end] == "KCNA reported"

        await pilot.press("h")  # no fourth hint: the key is disabled
        assert app.session.hints_used == 3
        await pilot.press("1")
        assert "Hint 1 of" not in screen_text(pilot)  # the feedback replaces the hints
        assert "Hints: 3 taken" in flat(screen_text(pilot))
        await pilot.press("enter")
        assert "Hint 1 of" not in screen_text(pilot)  # and the next item starts without them
    assert recorder.answers[0][1].hints == 3


async def test_time_per_item_runs_from_when_the_question_is_shown(mini_pack_path, clock, recorder):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(30)  # time spent on the home screen does not count
        await pilot.press("s")
        clock.advance(7)
        await pilot.press("1")
        clock.advance(60)  # reading the feedback does not count either
        await pilot.press("enter")
        clock.advance(4)
        await pilot.press("2")
    assert [f.seconds for _, f in recorder.answers] == [7, 4]


async def test_confidence_is_asked_after_choosing_and_recorded(mini_pack_path, clock, recorder):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder, confidence=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "4")
        assert asking(app)
        assert "You chose Independently reported fact. How sure are you?" in flat(
            screen_text(pilot)
        )
        await pilot.press("escape")  # change my mind
        await pilot.press("1", "3")
        assert showing_feedback(app)
        assert "You were: certain (3 of 3)" in flat(screen_text(pilot))
        assert "esc Home" in screen_text(pilot)  # escape leaves again once answered
    assert [(f.choice, f.confidence) for _, f in recorder.answers] == [("state_media", 3)]


async def test_confidence_setting_toggled_on_the_home_screen(mini_pack_path, clock, recorder):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert "How sure? asked after each answer" in screen_text(pilot)
        await pilot.press("s", "1", "2")
    assert recorder.answers[0][1].confidence == 2


async def test_clicking_an_answer_button_answers(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#start")
        await pilot.click("#answers #choice-1")
        assert showing_feedback(app)
        assert app.screen.feedback.verdict is Verdict.CORRECT
        await pilot.click("#next")
        assert asking(app)
        assert app.screen.item.id == "accusation"


async def test_clicking_a_key_in_the_key_bar_presses_it(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        bar = app.screen.query_one("KeyBar")
        start = bar.render().plain.index("Hint")
        await pilot.click("KeyBar", offset=(start, 0))
        await pilot.pause()
        assert app.session.hints_used == 1


async def test_a_late_duplicate_answer_never_answers_the_next_item_unseen(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, QuizOptions(mode=Mode.CHECK), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "1")
        assert app.session.current.id == "accusation"
        # A second press of "1" that reached the old item after it had been answered.
        app.post_message(messages.Answered("launch", "state_media"))
        await pilot.pause()
        assert len(app.session.answers) == 1


def test_highlight_offsets_hold_when_control_characters_come_before_the_claim():
    passage = "Bell\a here. Officials said it. Then more."
    claim = Span(passage.index("Officials"), passage.index(" Then"))
    cue = Span(passage.index("said"), passage.index("said") + len("said"))
    content = highlighted_passage(passage, [(claim, "bold"), (cue, "underline")])
    assert content.plain == "Bell\\x07 here. Officials said it. Then more."
    styled = sorted((content.plain[span.start:span.end], span.style) for span in content.spans)
    assert styled == [(" it.", "bold"), ("Officials ", "bold"), ("said", "bold"),
                      ("said", "underline")]


# -- packs and categories as data -----------------------------------------------------------


def write_pack(folder: Path, mini_pack_path: Path, *, article: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(article, encoding="utf-8")
    pack = folder / "pack.yaml"
    pack.write_text(textwrap.dedent(body), encoding="utf-8")
    return pack


HOSTILE_ARTICLE = (
    "Officials said [bold]x[/] was fine. The ministry accused [red]them[/red] of lying.\n"
)
HOSTILE_PACK = r'''
    id: hostile
    title: "[bold]Hostile[/] pack"
    article: article.txt
    version: "1"
    categories:
      - id: rumour
        label: "[red]Rumour[/red]"
        definition: "Talk nobody stands behind [/]."
        cues: ["[i]people say[/i]"]
        cue_required: false
    items:
      - id: brackets
        passage: Officials said [bold]x[/] was fine.
        claim: Officials said [bold]x[/] was fine.
        answer: government_allegation
        source: "[link=http://example.org]Officials[/link]"
        cue: Officials said
        explanation: "The words \"Officials said\" mark an allegation [/]. It is [red]red[/]."
        why_not:
          rumour: "A named official is [bold]not[/] a rumour."
        discussion: "Is :smile: an emoji? [bold]no[/bold]"
      - id: escape
        passage: The ministry accused [red]them[/red] of lying.
        claim: "[red]them[/red]"
        answer: government_allegation
        source: The ministry
        cue: accused
        explanation: It is an accusation. Nothing more.
'''


async def test_markup_in_content_is_shown_as_text_never_parsed(tmp_path, mini_pack_path, clock):
    pack = write_pack(tmp_path / "hostile", mini_pack_path, article=HOSTILE_ARTICLE,
                      body=HOSTILE_PACK)
    app = QuizApp(pack, clock=clock)
    async with app.run_test(size=TALL) as pilot:
        assert "[bold]Hostile[/] pack" in screen_text(pilot)
        await pilot.press("s")
        text = screen_text(pilot)
        assert "Officials said [bold]x[/] was fine." in text
        assert "5 [red]Rumour[/red]" in text
        await pilot.press("h")
        assert "Hint 1 of 3: Find the verb that introduces the claim" in flat(screen_text(pilot))

        await pilot.press("5")
        text = flat(screen_text(pilot))
        assert "you chose [red]Rumour[/red]; the best answer is Government allegation" in text
        assert "Source: [link=http://example.org]Officials[/link]" in text
        assert "mark an allegation [/]. It is [red]red[/]." in text
        assert "A named official is [bold]not[/] a rumour." in text

        await pilot.press("enter", "2")
        assert "[red]them[/red]" in screen_text(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, EndScreen)
        text = flat(screen_text(pilot))
        assert "You read a government allegation as a [red]rumour[/red]." in text
        assert "5 [red]Rumour[/red]" in text  # the confusion matrix labels its rows as text
        await pilot.press("question_mark")
        app.action_how_it_works()
        await pilot.pause()
        assert "“[i]people say[/i]”" in flat(screen_text(pilot))
        assert "Talk nobody stands behind [/]." in flat(screen_text(pilot))


async def test_an_escape_sequence_that_reaches_the_app_is_shown_never_sent(
    tmp_path, mini_pack_path, mini, clock, monkeypatch
):
    """Validation refuses control characters (issue 15); a pack that got past it anyway (an old
    cache, a bug) still cannot drive the terminal."""
    from dataclasses import replace

    from quiz.ui.screens import home

    items = [replace(item, explanation="It is \x1b[31mred\x1b[0m. \x1b]52;c;eA==\x07Two.")
             for item in mini.pack.items]
    monkeypatch.setattr(home, "load_pack", lambda path: replace(
        mini, pack=replace(mini.pack, items=items, title="Mini \x1b]0;pwned\x07")))
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("s", "3")
        text = flat(screen_text(pilot))
        assert "It is \\x1b[31mred\\x1b[0m." in text and "\\x1b]52;c;" in text
        assert "\x1b" not in screen_text(pilot)


async def test_answer_keys_follow_the_pack_categories(tmp_path, mini_pack_path, clock, recorder):
    pack = write_pack(tmp_path / "hostile", mini_pack_path, article=HOSTILE_ARTICLE,
                      body=HOSTILE_PACK)
    app = QuizApp(pack, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert len(app.screen.query("#answers KeyButton")) == 5
        assert "1-5" in screen_text(pilot)
        await pilot.press("6")  # no sixth category: nothing happens
        assert asking(app)
        await pilot.press("5")
    assert recorder.answers[0][1].choice == "rumour"


async def test_packs_in_the_user_folder_are_offered_on_the_home_screen(
    tmp_path, mini_pack_path, clock, monkeypatch
):
    user_packs = tmp_path / "data" / "packs"
    user_packs.mkdir(parents=True)
    shutil.copy(mini_pack_path.parent / "article.txt", user_packs / "article.txt")
    own = user_packs / "my-pack.yaml"
    own.write_text(
        mini_pack_path.read_text(encoding="utf-8")
        .replace("id: mini", "id: my-pack").replace("Mini test article", "My own article"),
        encoding="utf-8",
    )
    from quiz.content import pack_files

    monkeypatch.setattr("quiz.ui.screens.home.available_pack_files",
                        pack_files.available_pack_files)
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "My own article  ·  4 items  ·  your pack" in screen_text(pilot)
        await pilot.press("down", "down", "enter")  # pick it in the list and start
        assert asking(app)
        assert app.session.pack.pack.id == "my-pack"


async def test_how_it_works_lists_each_category_with_definition_and_cues(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=TALL) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HowItWorksScreen)
        text = flat(screen_text(pilot))
        for category in app.screen.pack.categories:
            assert category.label in text
        assert "A party rejecting an accusation made against it." in text
        assert "“KCNA reported” · “according to KCNA”" in text
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


# -- leaving and quitting -------------------------------------------------------------------


async def test_q_on_the_home_screen_quits_without_asking(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        assert not app.is_running


async def test_q_mid_quiz_asks_first_and_n_keeps_the_quiz(mini_pack_path, clock, recorder):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "1", "q")
        assert isinstance(app.screen, ConfirmScreen)
        text = flat(dialog_text(pilot))
        assert "You have answered 1 of 4 items." in text
        assert "Your answers are saved" in text
        await pilot.press("n")
        assert showing_feedback(app)
        assert app.is_running
    assert recorder.summaries == []


async def test_quitting_mid_quiz_when_confirmed_ends_with_the_partial_session(
    mini_pack_path, clock, recorder
):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "1", "enter", "q", "y")
        assert not app.is_running
    assert [(s.answered, s.total) for s in recorder.summaries] == [(1, 4)]


@pytest.mark.parametrize("key", ["ctrl+c", "ctrl+q"])
async def test_ctrl_c_and_ctrl_q_mid_quiz_ask_too_and_pressed_twice_quit(
    mini_pack_path, clock, key
):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", key)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press(key)
        assert not app.is_running


async def test_escape_mid_quiz_asks_then_goes_home(mini_pack_path, clock, recorder):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert isinstance(app.screen, HomeScreen)
        assert not app.quiz_in_progress
        await pilot.press("q")
        assert not app.is_running
    assert [(s.answered, s.total) for s in recorder.summaries] == [(0, 4)]


async def test_quitting_after_the_results_does_not_ask(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)
        await pilot.press("q")
        assert not app.is_running


# -- progress in the store ------------------------------------------------------------------


async def test_every_answer_is_in_the_store_the_moment_it_is_given(
    mini_pack_path, clock, tmp_path
):
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "1", "enter", "3")
        # Read by another connection while the quiz is still on screen: nothing is held back.
        with Store.open(data_folder(tmp_path)) as store:
            [session] = store.sessions("Ana", with_answers=True)
            assert session.mode == "practice" and not session.finished
            assert [(a.item_id, a.chosen) for a in session.answers] == [
                ("launch", "state_media"), ("accusation", "denial")]
            assert {card.item_id for card in store.study_cards("Ana", "mini")} == {
                "launch", "accusation"}  # the study schedule hears practice answers too


async def test_leaving_before_any_answer_leaves_no_empty_session(mini_pack_path, clock, tmp_path):
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "escape", "y")
    with Store.open(data_folder(tmp_path)) as store:
        assert store.sessions("Ana") == []


async def test_resume_offer_accepted_continues_where_the_reader_left_off(
    mini_pack_path, clock, tmp_path
):
    first = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("s", "1", "enter", "1", "enter", "q", "y")

    again = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen)
        text = flat(dialog_text(pilot))
        assert "Continue where you left off, 2 / 4?" in text
        assert "unfinished practice session of “Mini test article”" in text
        await pilot.press("y")
        assert asking(again)
        assert again.screen.item.id == "denial"
        assert "3 / 4" in screen_text(pilot)
        await answer_all(pilot, ["3", "4"], practice=True)
        assert isinstance(again.screen, EndScreen)
        # The two answers from before count: 1 + 0.5 + 1 + 1.
        assert "Score: 3.5 of 4 (88%)" in flat(screen_text(pilot))
    with Store.open(data_folder(tmp_path)) as store:
        [session] = store.sessions("Ana", with_answers=True)
        assert session.finished
        assert [a.item_id for a in session.answers] == [
            "launch", "accusation", "denial", "sanctions"]


async def test_resume_offer_declined_starts_afresh_and_keeps_the_old_session(
    mini_pack_path, clock, tmp_path
):
    first = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("s", "1", "enter", "q", "y")

    again = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    notes = Notes(again)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Continue where you left off, 1 / 4?" in flat(dialog_text(pilot))
        await pilot.press("n")
        assert isinstance(again.screen, HomeScreen)
        assert "the unfinished session stays in your history" in notes.text()
        await pilot.press("s")  # no second offer: the old session is closed
        assert asking(again)
        assert again.screen.item.id == "launch"
        assert "1 / 4" in screen_text(pilot)
    with Store.open(data_folder(tmp_path)) as store:
        [old] = store.sessions("Ana", with_answers=True)
        assert old.finished and len(old.answers) == 1


async def test_resume_offer_put_off_with_escape_is_made_again_on_start(
    mini_pack_path, clock
):
    first = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("s", "1", "enter", "q", "y")

    again = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(again.screen, HomeScreen)
        await pilot.press("s")
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("y")
        assert again.screen.item.id == "accusation"


async def test_learner_picked_on_the_home_screen_owns_the_answers(
    mini_pack_path, clock, tmp_path
):
    with Store.open(data_folder(tmp_path)) as store:
        store.learner("Ana")
        store.learner("Bo")
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, LearnerScreen)
        assert "Bo" in screen_text(pilot)
        await pilot.press("tab", *"Chloé", "enter")  # a new name, typed
        assert isinstance(app.screen, HomeScreen)
        assert "Learner: Chloé" in screen_text(pilot)
        await pilot.press("l", "up", "enter")  # an existing one, picked from the list
        assert "Learner: Bo" in screen_text(pilot)
        await pilot.press("s", "1")
    with Store.open(data_folder(tmp_path)) as store:
        assert len(store.sessions("Bo")) == 1
        assert store.sessions("Ana") == []


async def test_a_name_typed_on_the_learner_list_is_taken_on_enter_without_tab(
    mini_pack_path, clock, memory_store
):
    memory_store.learner("Bo")
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", *"Chloé", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.learner == "Chloé"


async def test_learners_are_renamed_with_their_history(
    mini_pack_path, mini, clock, memory_store
):
    record_session(memory_store, mini, "Ana", {"launch": "state_media"})
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert "Ana  1 session  (now)" in screen_text(pilot)
        await pilot.press("ctrl+r", *["backspace"] * 3, *"Anna", "enter")
        assert isinstance(app.screen, LearnerScreen)
        assert "Anna  1 session  (now)" in screen_text(pilot)
        await pilot.press("escape")
        assert app.learner == "Anna"
        assert "Learner: Anna" in screen_text(pilot)
    assert len(memory_store.sessions("Anna")) == 1
    assert memory_store.find_learner("Ana") is None


async def test_renaming_to_a_name_in_use_is_refused_with_the_reason(
    mini_pack_path, mini, clock, memory_store
):
    record_session(memory_store, mini, "Bo", {"launch": "state_media"})
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "ctrl+r", *["backspace"] * 3, *"Bo", "enter")
        assert "Not renamed: 'Bo' is already a learner here; pick another name." in flat(
            dialog_text(pilot, "#learner-dialog"))
        await pilot.press("escape", "escape")
        assert app.learner == "Ana"
    assert len(memory_store.sessions("Bo")) == 1


async def test_removing_a_learner_names_the_sessions_that_go_and_waits_for_yes(
    mini_pack_path, mini, clock, memory_store
):
    record_session(memory_store, mini, "Bo", {"launch": "state_media"})
    record_session(memory_store, mini, "Bo", {"launch": "denial"})
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "down", "delete")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Remove Bo and 2 sessions?" in screen_text(pilot)
        await pilot.press("n")  # kept
        assert len(memory_store.sessions("Bo")) == 2
        await pilot.press("delete", "y")
        assert isinstance(app.screen, LearnerScreen)
        assert "Bo" not in screen_text(pilot).split("Who is learning?")[1].split("Or type")[0]
    assert memory_store.find_learner("Bo") is None
    assert memory_store.session_counts() == {}


async def test_an_unusable_learner_name_is_explained_and_not_taken(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "tab", "space", "space", "enter")
        assert isinstance(app.screen, LearnerScreen)
        assert "That name cannot be used: a learner name needs at least one character" in flat(
            dialog_text(pilot, "#learner-dialog"))
        await pilot.press("escape")
        assert app.learner == "Ana"


async def test_learner_names_with_markup_are_shown_as_text(mini_pack_path, clock, memory_store):
    name = "[bold red]Ana[/] [link=x]"
    app = QuizApp(mini_pack_path, clock=clock, learner=name, store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        assert f"Learner: {name}" in screen_text(pilot)
        await pilot.press("s", "1", "enter", "escape", "y", "h")
        assert isinstance(app.screen, HistoryScreen)
        assert f"History of {name} with Mini test article" in flat(screen_text(pilot))
        await pilot.press("escape", "l")
        assert name in screen_text(pilot)


# -- study mode ----------------------------------------------------------------------------


async def test_study_mode_says_what_is_due_and_reviews_it_first(
    mini_pack_path, mini, clock, utc, memory_store
):
    record_session(memory_store, mini, "Ana",
                   {"launch": "denial", "accusation": "government_allegation"})
    utc.advance(dt.timedelta(hours=1))  # the miss is due again (ten minutes); the hit is not
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store, now=utc,
                  study=True)
    async with app.run_test(size=SIZE) as pilot:
        text = flat(screen_text(pilot))
        assert "● Study" in text
        assert "Due now: 1 Due today: 1 New: 2" in text
        assert "Start reviews the 1 due item, then up to 2 new." in text
        assert "State-media claim ░░░░░░░░░░ 0 of 1 (1 seen)" in text
        await pilot.press("s")
        assert [item.id for item in app.session.items] == ["launch", "denial", "sanctions"]
        assert app.screen.sub_title == "Study"
        await answer_all(pilot, ["1", "3", "4"], practice=True)
        assert isinstance(app.screen, EndScreen)
    [_, study] = memory_store.sessions("Ana")
    assert study.mode == "study" and study.finished


async def test_the_study_panel_reads_the_figures_again_when_a_review_falls_due(
    mini_pack_path, mini, clock, utc, memory_store
):
    """A learner who leaves the home screen open saw "Nothing is due" long after a missed item
    had come back: the panel was read once."""
    record_session(memory_store, mini, "Ana", {"launch": "denial"})  # a miss: due in 10 min
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store, now=utc,
                  study=True)
    async with app.run_test(size=SIZE) as pilot:
        assert "Due now: 0 " in flat(screen_text(pilot))
        timer = app.screen.due_timer
        assert timer is not None and 600 <= timer._interval <= 602
        utc.advance(dt.timedelta(minutes=10, seconds=1))
        app.screen.review_fell_due()  # what the timer calls
        await pilot.pause()
        assert "Due now: 1 " in flat(screen_text(pilot))


async def test_study_mode_with_nothing_due_offers_new_items_or_a_full_practice_run(
    mini_pack_path, mini, clock, utc, memory_store
):
    record_session(memory_store, mini, "Ana", {"launch": "state_media"})
    utc.advance(dt.timedelta(hours=1))
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store, now=utc)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "m")  # Practice -> Check -> Study
        text = flat(screen_text(pilot))
        assert "Due now: 0 Due today: 0 New: 3" in text
        assert "Nothing is due for review (next: " in text
        assert "Start learns new items; p starts a full practice run." in text
        await pilot.press("s")
        assert [item.id for item in app.session.items] == ["accusation", "denial", "sanctions"]
        await pilot.press("escape", "y", "p")
        assert [item.id for item in app.session.items] == [
            "launch", "accusation", "denial", "sanctions"]
        assert app.session_mode == "practice"


async def test_study_mode_with_everything_learned_runs_a_practice_run(
    mini_pack_path, mini, clock, utc, memory_store
):
    record_session(memory_store, mini, "Ana", BEST_CHOICES)
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store, now=utc,
                  study=True)
    async with app.run_test(size=SIZE) as pilot:
        assert "Nothing is due and every item has been seen" in flat(screen_text(pilot))
        await pilot.press("s")
        assert app.session_mode == "practice"
        assert len(app.session.items) == 4


# -- history and reports --------------------------------------------------------------------


async def test_history_screen_lists_sessions_with_scores_accuracy_and_trends(
    mini_pack_path, mini, clock, utc, memory_store
):
    record_session(memory_store, mini, "Ana", MIXED_CHOICES)
    utc.advance(dt.timedelta(days=1))
    record_session(memory_store, mini, "Ana", BEST_CHOICES)
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store, now=utc)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one("#sessions", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["2024-05-01 09:00", "practice", "4 of 4", "2.5/4 (62%)",
             "1/1 (100%)", "0/1 (0%)", "0/1 (0%)", "1/1 (100%)"],
            ["2024-05-02 09:00", "practice", "4 of 4", "4/4 (100%)",
             "1/1 (100%)", "1/1 (100%)", "1/1 (100%)", "1/1 (100%)"],
        ]
        sparks = [str(line.render()) for line in app.screen.query(".sparkline")]
        # One bar per session on a fixed scale: a full bar is 100%, the lowest 0%.
        assert sparks == ["██", "▁█", "▁█", "██"]
        text = flat(screen_text(pilot))
        assert "History of Ana with Mini test article: 2 sessions (oldest first)" in text
        assert "Accuracy per kind over your full practice runs" in text
        assert "Government allegation 0% first, 100% latest, over 2 runs" in text
        assert "Over these sessions" in text
        assert app.screen.report.is_history


async def test_history_labels_an_unfinished_run_and_leaves_it_out_of_the_trends(
    mini_pack_path, mini, clock, utc, memory_store
):
    """The history screen said "practice (unfinished)" but drew the run in its trend, where a
    one-answer run pulled the line down; the report and `quiz history` already left it out."""
    record_session(memory_store, mini, "Ana", BEST_CHOICES)
    utc.advance(dt.timedelta(days=1))
    session = QuizSession(mini, QuizOptions())
    record = memory_store.start_session("Ana", mini, [item.id for item in session.items],
                                        mode="practice")
    scheduling_recorder(memory_store, record.id).answered(
        session.current, session.answer("denial"))  # stopped after one (wrong) answer
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store, now=utc)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # resume it? no
        await pilot.press("n", "h")
        table = app.screen.query_one("#sessions", DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [
            "practice", "practice, unfinished"]
        assert [str(line.render()) for line in app.screen.query(".sparkline")] == ["█"] * 4
        text = flat(screen_text(pilot))
        assert "1 unfinished run is listed but not compared" in text


async def test_history_without_sessions_says_so(mini_pack_path, clock, memory_store):
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert "No sessions yet" in screen_text(pilot)
        await pilot.press("s")  # nothing to save: the key does nothing
        assert isinstance(app.screen, HistoryScreen)


async def test_saving_the_report_at_the_end_writes_html_and_says_where(
    mini_pack_path, clock, tmp_path
):
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    notes = Notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)
        await pilot.press("s")
    [written] = (data_folder(tmp_path) / "reports").glob("*.html")
    assert written.name.startswith("quiz-report-ana-")
    html = written.read_text(encoding="utf-8")
    assert "Ana" in html and "Mini test article" in html
    assert ("Report saved", str(written)) in notes.seen


async def test_a_screenshot_is_saved_in_the_data_folder(mini_pack_path, clock, tmp_path):
    """Textual saves screenshots into ~/Downloads, and fails without a reason where there is
    none (a fresh account, a container): the data folder is where the learner's files are."""
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    async with app.run_test(size=SIZE) as pilot:
        app.deliver_screenshot("home.svg")
        for _ in range(50):
            await pilot.pause(0.02)
            if (data_folder(tmp_path) / "screenshots" / "home.svg").exists():
                break
    shot = data_folder(tmp_path) / "screenshots" / "home.svg"
    assert shot.read_text(encoding="utf-8").startswith("<svg")


async def test_a_screenshot_never_writes_over_a_file(mini_pack_path, clock, tmp_path):
    folder = data_folder(tmp_path) / "screenshots"
    folder.mkdir(parents=True)
    (folder / "home.svg").write_text("mine", encoding="utf-8")
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana")
    notes = Notes(app)
    async with app.run_test(size=SIZE):
        assert app.deliver_screenshot("home.svg") is None
    assert (folder / "home.svg").read_text(encoding="utf-8") == "mine"
    assert any(title == "Screenshot not saved" for title, _ in notes.seen)


async def test_saving_the_history_report_writes_a_file_too(
    mini_pack_path, mini, clock, utc, memory_store, tmp_path
):
    record_session(memory_store, mini, "Ana", MIXED_CHOICES)
    utc.advance(dt.timedelta(days=1))
    record_session(memory_store, mini, "Ana", BEST_CHOICES)
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", store=memory_store,
                  data_dir=tmp_path / "elsewhere")
    notes = Notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "s")
    [written] = (tmp_path / "elsewhere" / "reports").glob("*.html")
    assert "2024-05-01-to-2024-05-02" in written.name
    assert ("Report saved", str(written)) in notes.seen


# -- when the store cannot be used -----------------------------------------------------------


async def test_an_unusable_data_folder_is_explained_and_the_quiz_still_plays(
    mini_pack_path, clock, tmp_path
):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("", encoding="utf-8")
    app = QuizApp(mini_pack_path, clock=clock, data_dir=not_a_folder)
    notes = Notes(app)
    async with app.run_test(size=SIZE) as pilot:
        text = flat(screen_text(pilot))
        assert "Progress is not being saved: cannot create the data folder" in text
        assert "nothing will be saved" in notes.text()
        await pilot.press("m", "m")  # Study needs saved progress: back to Practice
        assert app.screen.chosen_mode == "practice"
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)
        assert isinstance(app.screen, EndScreen)
        assert "Score: 2.5 of 4 (62%)" in flat(screen_text(pilot))
        await pilot.press("s")  # the report cannot be saved there either, and says so
        assert "Could not save the report" in notes.text()


async def test_a_damaged_progress_file_is_moved_aside_and_said_once(
    mini_pack_path, clock, tmp_path
):
    folder = data_folder(tmp_path)
    folder.mkdir(parents=True)
    (folder / "quiz.sqlite3").write_bytes(b"this is not a database " * 200)
    app = QuizApp(mini_pack_path, clock=clock)
    notes = Notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "1", "enter")
    assert len([n for n in notes.seen if n[0] == "Progress file replaced"]) == 1
    assert "was damaged" in notes.text()
    assert list(folder.glob("quiz.sqlite3.corrupt-*"))


def test_importing_the_app_leaves_pydantic_yaml_and_the_report_renderers_for_later():
    code = ("import sys, quiz.ui.app\n"
            "print(' '.join(sorted(m for m in ('pydantic', 'yaml', 'quiz.reports', 'fsrs',"
            " 'quiz.ui.screens.end', 'quiz.ui.screens.history') if m in sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


# -- themes, commands and sizes -------------------------------------------------------------


async def test_toggle_theme_switches_between_dark_and_light(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE):
        assert app.current_theme.dark
        app.action_toggle_theme()
        assert not app.current_theme.dark
        app.action_toggle_theme()
        assert app.current_theme.dark


async def test_palette_offers_hint_and_how_it_works_on_a_question(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("Change learner", "History"):
            assert expected in titles
        await pilot.press("s")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("Hint", "How it works", "Toggle dark/light theme", "Leave quiz"):
            assert expected in titles


async def test_smallest_supported_terminal_still_shows_every_answer(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("s")
        text = screen_text(pilot)
        for label in ("1 State-media claim", "2 Government allegation", "3 Denial",
                      "4 Independently reported fact"):
            assert label in text
        assert "State media said the launch succeeded, KCNA reported." in text

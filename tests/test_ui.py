"""Specification of the Textual app, driven by key presses (and a few clicks) at a fixed size.

Plays the four-item mini pack, whose answers are known: launch = state media, accusation =
government allegation (state media accepted), denial = denial, sanctions = independent fact.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable

from quiz.engine import Feedback, Mode, QuizOptions, Span, Summary
from quiz.packs import Item
from quiz.scoring import Verdict
from quiz.ui import messages
from quiz.ui.app import QuizApp
from quiz.ui.screens.confirm import ConfirmScreen
from quiz.ui.screens.end import EndScreen
from quiz.ui.screens.feedback import FeedbackScreen
from quiz.ui.screens.home import HomeScreen
from quiz.ui.screens.how_it_works import HowItWorksScreen
from quiz.ui.screens.question import QuestionScreen
from quiz.ui.screens.review import ReviewScreen
from quiz.ui.widgets.passage import PassageView, highlighted_passage

SIZE = (80, 24)
TALL = (80, 50)  # for screens whose whole text a test reads at once

# Keys for: launch 1 (best), accusation 1 (state media: accepted, half credit),
# denial 2 (government allegation: wrong), sanctions 4 (best).
MIXED_ANSWERS = ["1", "1", "2", "4"]


class ListRecorder:
    """Keeps what the app reports, as the store will receive it."""

    def __init__(self) -> None:
        self.answers: list[tuple[Item, Feedback]] = []
        self.summaries: list[Summary] = []

    def answered(self, item: Item, feedback: Feedback) -> None:
        self.answers.append((item, feedback))

    def finished(self, summary: Summary) -> None:
        self.summaries.append(summary)


@pytest.fixture(autouse=True)
def only_the_packs_under_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """The home screen lists just the pack a test opens (the bundled pack's content changes)."""
    monkeypatch.setattr("quiz.ui.screens.home.available_pack_files", lambda data=None: [])


@pytest.fixture
def recorder() -> ListRecorder:
    return ListRecorder()


def screen_text(pilot: Pilot) -> str:
    """Everything on the terminal as plain text, as the reader sees it."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def flat(text: str) -> str:
    """Screen text with line breaks and runs of spaces folded, for phrases that may wrap."""
    return " ".join(text.split())


async def answer_all(pilot: Pilot, keys: list[str], *, practice: bool) -> None:
    for key in keys:
        assert isinstance(pilot.app.screen, QuestionScreen)
        await pilot.press(key)
        if practice:
            assert isinstance(pilot.app.screen, FeedbackScreen)
            await pilot.press("enter")


# -- playing a whole quiz -------------------------------------------------------------------


async def test_practice_quiz_played_by_keys_ends_with_score_table_and_confusion(
    mini_pack_path, clock, recorder
):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)

        assert isinstance(app.screen, EndScreen)
        text = flat(screen_text(pilot))
        assert "Score: 2.5 of 4 (62%)" in text
        assert "Most common confusion: You read a denial as a government allegation." in text
        table = app.screen.query_one("#tally", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["State-media claim", "1", "0", "1"],
            ["Government allegation", "0", "1", "1"],
            ["Denial", "0", "0", "1"],
            ["Independently reported fact", "1", "0", "1"],
        ]
    assert [f.verdict for _, f in recorder.answers] == [
        Verdict.CORRECT, Verdict.ACCEPTED, Verdict.WRONG, Verdict.CORRECT,
    ]
    assert len(recorder.summaries) == 1
    assert recorder.summaries[0].missed == ["accusation", "denial"]


async def test_practice_feedback_shows_verdict_best_answer_source_why_not_and_discussion(
    mini_pack_path, clock
):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "3")  # launch answered as a denial

        assert isinstance(app.screen, FeedbackScreen)
        text = flat(screen_text(pilot))
        assert "Not quite: you chose Denial; the best answer is State-media claim." in text
        assert "Source: KCNA, North Korea's state news agency" in text
        assert "Why not Denial: Nothing is being rejected." in text
        assert "To discuss: How could anyone check a launch?" in text
        passage = app.screen.query_one("#feedback-passage", PassageView)
        assert passage.passage[passage.cue.start:passage.cue.end] == "KCNA reported"

        await pilot.press("right")
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.item.id == "accusation"


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
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.item.id == "accusation"


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


async def test_retry_missed_asks_only_the_missed_items_in_a_new_session(
    mini_pack_path, clock, recorder
):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await answer_all(pilot, MIXED_ANSWERS, practice=True)
        await pilot.press("r")

        assert isinstance(app.screen, QuestionScreen)
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


# -- question screen ------------------------------------------------------------------------


async def test_question_shows_article_title_date_progress_and_one_button_per_category(
    mini_pack_path, clock
):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        text = screen_text(pilot)
        assert "3 March 2024  ·  Mini test article" in text
        assert "1 / 4" in text
        labels = [str(b.label) for b in app.screen.query("#answers Button").results(Button)]
        assert labels == ["1 State-media claim", "2 Government allegation", "3 Denial",
                          "4 Independently reported fact"]


async def test_hints_first_define_the_kinds_then_highlight_the_cue_and_are_recorded(
    mini_pack_path, clock, recorder
):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "h")
        text = flat(screen_text(pilot))
        assert "Hint 1 of 2: the kinds of statement" in text
        assert "1 State-media claim: Something we know only because" in text
        passage = app.screen.query_one("#passage", PassageView)
        assert passage.cue is None

        await pilot.press("h")
        assert "Hint 2 of 2: Look at the words “KCNA reported”." in flat(screen_text(pilot))
        assert passage.passage[passage.cue.start:passage.cue.end] == "KCNA reported"

        await pilot.press("h")  # no third hint: the key is disabled
        assert app.session.hints_used == 2
        await pilot.press("1")
    assert recorder.answers[0][1].hints == 2


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
        assert isinstance(app.screen, QuestionScreen)
        assert "How sure are you that it is Independently reported fact?" in flat(
            screen_text(pilot)
        )
        await pilot.press("escape")  # change my mind
        await pilot.press("1", "3")
        assert isinstance(app.screen, FeedbackScreen)
        assert "You were: certain (3 of 3)" in flat(screen_text(pilot))
    assert [(f.choice, f.confidence) for _, f in recorder.answers] == [("state_media", 3)]


async def test_confidence_setting_toggled_on_the_home_screen(mini_pack_path, clock, recorder):
    app = QuizApp(mini_pack_path, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "s", "1", "2")
    assert recorder.answers[0][1].confidence == 2


async def test_clicking_an_answer_button_answers(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#start")
        await pilot.click("#answers #choice-1")
        assert isinstance(app.screen, FeedbackScreen)
        assert app.screen.feedback.verdict is Verdict.CORRECT
        await pilot.click("#next")
        assert isinstance(app.screen, QuestionScreen)


async def test_a_late_duplicate_answer_never_answers_the_next_item_unseen(mini_pack_path, clock):
    app = QuizApp(mini_pack_path, QuizOptions(mode=Mode.CHECK), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "1")
        assert app.session.current.id == "accusation"
        # A second press of "1" that reached the old screen after it had answered.
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
        explanation: "The words \"Officials said\" mark an allegation [/]. It is \e[31mred\e[0m."
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
        assert "Talk nobody stands behind [/]." in flat(screen_text(pilot))

        await pilot.press("5")
        text = flat(screen_text(pilot))
        assert "you chose [red]Rumour[/red]; the best answer is Government allegation" in text
        assert "Source: [link=http://example.org]Officials[/link]" in text
        assert "mark an allegation [/]. It is \\x1b[31mred\\x1b[0m." in text
        assert "\x1b" not in screen_text(pilot)  # shown, never sent to the terminal
        assert "A named official is [bold]not[/] a rumour." in text

        await pilot.press("enter", "2")
        assert "[red]them[/red]" in screen_text(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, EndScreen)
        assert "You read a government allegation as a [red]rumour[/red]." in flat(
            screen_text(pilot)
        )
        await pilot.press("question_mark")
        app.action_how_it_works()
        await pilot.pause()
        assert "“[i]people say[/i]”" in flat(screen_text(pilot))


async def test_answer_keys_follow_the_pack_categories(tmp_path, mini_pack_path, clock, recorder):
    pack = write_pack(tmp_path / "hostile", mini_pack_path, article=HOSTILE_ARTICLE,
                      body=HOSTILE_PACK)
    app = QuizApp(pack, clock=clock, recorder=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert len(app.screen.query("#answers Button")) == 5
        assert "1-5" in screen_text(pilot)
        await pilot.press("6")  # no sixth category: nothing happens
        assert isinstance(app.screen, QuestionScreen)
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
    from quiz import packs

    monkeypatch.setattr("quiz.ui.screens.home.available_pack_files",
                        packs.available_pack_files)
    app = QuizApp(mini_pack_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "My own article  ·  4 items  ·  your pack" in screen_text(pilot)
        await pilot.press("down", "down", "enter")  # pick it in the list and start
        assert isinstance(app.screen, QuestionScreen)
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
        assert "You have answered 1 of 4 items." in flat(screen_text(pilot))
        await pilot.press("n")
        assert isinstance(app.screen, FeedbackScreen)
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

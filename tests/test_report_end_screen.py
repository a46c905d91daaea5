"""Issue 16 on the end screen: the headline ("most common confusion"), the report's confusion matrix
and the "look again" count agree, on the bundled pack in Check mode; and a "Retry missed" run made
in the app is known as a retry by what the store keeps.
"""

from __future__ import annotations

import pytest
from helpers import REPO, SetUtcClock, screen_text

from quiz.content.pack_files import load_pack
from quiz.core.engine import Mode, QuizOptions, Summary
from quiz.core.history import Run, run_of
from quiz.core.scoring import Verdict
from quiz.storage.store import Store
from quiz.ui.app import QuizApp
from quiz.ui.screens.end import EndScreen

BUNDLED = REPO / "content" / "nk-victory-day-2023.yaml"

pytestmark = pytest.mark.usefixtures("no_listed_packs", "utc_time_zone")


def flat(text: str) -> str:
    return " ".join(text.translate(str.maketrans("", "", "█▀▄▌▐▎▊▔▁")).split())


@pytest.fixture
def store():
    with Store(":memory:", clock=SetUtcClock()) as opened:
        yield opened


async def test_check_mode_headline_matrix_and_look_again_agree(clock, store):
    """The issue: in Check mode the matrix showed 9, the headline "8 of 15 wrong" and the screen
    "17 items to look at again". Now the matrix cell says 8+1 (8 wrong, 1 accepted), the
    headline 8, and the count 17 as 15 wrong and 2 accepted."""
    pack = load_pack(BUNDLED, use_cache=False)
    allegation = str(pack.category_ids.index("government_allegation") + 1)
    app = QuizApp(BUNDLED, QuizOptions(mode=Mode.CHECK), clock=clock, store=store,
                  learner="Ana")
    async with app.run_test(size=(110, 120)) as pilot:
        await pilot.press("s")
        for _ in pack.pack.items:
            await pilot.press(allegation)
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        summary, report = app.screen.summary, app.screen.report
        (top,) = summary.leading_confusions
        matrix = report.confusion
        accepted_here = matrix.accepted_count(top.actual, top.chosen)
        assert accepted_here and matrix.wrong(top.actual, top.chosen) == top.count
        text = flat(screen_text(pilot))
        assert (f"Most common confusion: You read {top.count} independently reported facts as "
                "government allegations.") in text
        assert (f"{len(summary.missed)} items to look at again: {summary.wrong} wrong, "
                f"{summary.accepted} accepted, not the best answer.") in text
        assert f" {top.count}+{accepted_here} " in text
        assert summary.wrong == matrix.wrong_total and summary.accepted == matrix.accepted_total
        assert f"{top.count} of your {summary.wrong} wrong answers" in text


async def test_a_retry_made_in_the_app_is_recorded_as_a_retry(mini_pack_path, clock, store):
    app = QuizApp(mini_pack_path, clock=clock, store=store, learner="Ana")
    async with app.run_test(size=(80, 50)) as pilot:
        await pilot.press("s")
        for key in ("1", "1", "2", "4"):  # launch best, accusation accepted, denial wrong, best
            await pilot.press(key, "enter")
        await pilot.press("r")
        for key in ("2", "3"):
            await pilot.press(key, "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
    first, retry = store.sessions("Ana", with_answers=True)
    assert (run_of(first), run_of(retry)) == (Run.FULL, Run.RETRY)
    assert [a.verdict for a in retry.answers] == [Verdict.CORRECT, Verdict.CORRECT]


def test_the_score_line_never_says_0_of_0():
    nothing = Summary(score=0, answered=0, total=4, tallies=[], confusions=[], missed=[])
    assert nothing.score_words == "No answers, so no score (4 items not answered)"
    one = Summary(score=1, answered=1, total=1, tallies=[], confusions=[], missed=[])
    assert one.score_words == "Score: 1 of 1 (100%)"
    part = Summary(score=0, answered=0, total=1, tallies=[], confusions=[], missed=[])
    assert "0 of 0" not in part.score_words and "1 items" not in part.score_words
    half = Summary(score=1, answered=1, total=3, tallies=[], confusions=[], missed=[])
    assert half.score_words == "Score: 1 of 1 (100%), 1 of 3 items answered"

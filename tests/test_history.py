"""Specification of the history figures: one row per session with its date, mode, score and
accuracy per kind, and the trend series the sparklines draw.
"""

from __future__ import annotations

import datetime as dt

import pytest

from quiz.core.engine import QuizOptions, QuizSession
from quiz.core.history import build_history, category_trends, session_row
from quiz.core.packs import LoadedPack
from quiz.core.scoring import (
    CategoryTally as CategoryAccuracy,  # one per-kind tally type
)
from quiz.storage.progress import history
from quiz.storage.recording import SessionRecorder
from quiz.storage.store import Store

START = dt.datetime(2024, 5, 1, 23, 30, tzinfo=dt.timezone.utc)
# Best answers in article order: launch state_media, accusation government_allegation
# (also state_media), denial denial, sanctions independent_fact.
ALL_RIGHT = ["state_media", "government_allegation", "denial", "independent_fact"]


class DailyClock:
    """A UTC clock that moves one day each time a session starts (and a second otherwise)."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now

    def next_day(self) -> None:
        self.now += dt.timedelta(days=1)


@pytest.fixture
def clock() -> DailyClock:
    return DailyClock()


@pytest.fixture
def store(clock: DailyClock):
    with Store(":memory:", clock=clock) as opened:
        yield opened


def play(store: Store, pack: LoadedPack, choices: list[str], *, learner: str = "Ann",
         mode: str = "practice", options: QuizOptions | None = None) -> int:
    quiz = QuizSession(pack, options or QuizOptions())
    record = store.start_session(learner, pack, [i.id for i in quiz.items], mode=mode)
    recorder = SessionRecorder(store, record.id)
    for choice in choices:
        item = quiz.current
        recorder.answered(item, quiz.answer(choice))
        quiz.advance()
    if quiz.finished:
        recorder.finished(quiz.summary())
    return record.id


def test_a_session_row_has_date_mode_score_and_accuracy_per_kind(
    store: Store, mini: LoadedPack
):
    # launch right, accusation accepted (0.5), denial wrong, sanctions right.
    session_id = play(store, mini, ["state_media", "state_media", "independent_fact",
                                    "independent_fact"], mode="check")

    [row] = history(store, "Ann", category_order=mini.category_ids).rows

    assert row.session_id == session_id
    assert row.mode == "check"
    assert row.started_at == START + dt.timedelta(seconds=2)
    assert row.date(dt.timezone.utc) == dt.date(2024, 5, 1)
    assert row.date(dt.timezone(dt.timedelta(hours=2))) == dt.date(2024, 5, 2)
    assert row.finished
    assert (row.score, row.answered, row.total, row.percent) == (2.5, 4, 4, 62)
    assert row.categories == (
        CategoryAccuracy("state_media", 1, 0, 1),
        CategoryAccuracy("government_allegation", 0, 1, 1),
        CategoryAccuracy("denial", 0, 0, 1),
        CategoryAccuracy("independent_fact", 1, 0, 1),
    )
    assert row.category("government_allegation").accuracy == 0.0
    assert row.category("denial").accuracy == 0.0
    assert row.category("state_media").accuracy == 1.0


def test_an_unfinished_session_shows_what_was_answered_of_how_many(
    store: Store, mini: LoadedPack
):
    play(store, mini, ["state_media"])
    [row] = history(store, "Ann").rows
    assert (row.answered, row.total, row.finished, row.percent) == (1, 4, False, 100)
    assert [accuracy.category for accuracy in row.categories] == ["state_media"]


def test_a_session_without_answers_has_no_percent(store: Store, mini: LoadedPack):
    play(store, mini, [])
    [row] = history(store, "Ann").rows
    assert row.percent is None
    assert row.categories == ()


def test_rows_run_oldest_first_and_trends_follow_them(
    store: Store, mini: LoadedPack, clock: DailyClock
):
    play(store, mini, ["denial", "denial", "denial", "denial"])
    clock.next_day()
    play(store, mini, ALL_RIGHT)
    clock.next_day()
    # Only the denial item this time: the other kinds are not asked, so their trends skip it.
    play(store, mini, ["denial"], options=QuizOptions(item_ids=("denial",)))

    figures = history(store, "Ann", category_order=mini.category_ids)

    assert [row.started_at.day for row in figures.rows] == [1, 2, 3]
    assert figures.categories == tuple(mini.category_ids)
    assert figures.trends == {
        "state_media": [0.0, 1.0],
        "government_allegation": [0.0, 1.0],
        "denial": [1.0, 1.0, 1.0],
        "independent_fact": [0.0, 1.0],
    }
    assert figures.score_trend == [25.0, 100.0, 100.0]


def test_the_history_shows_the_most_recent_sessions_only(
    store: Store, mini: LoadedPack, clock: DailyClock
):
    ids = []
    for _ in range(5):
        ids.append(play(store, mini, ["state_media"]))
        clock.next_day()
    assert [row.session_id for row in history(store, "Ann", limit=3).rows] == ids[-3:]
    assert len(history(store, "Ann", limit=None).rows) == 5


def test_history_is_per_learner_and_per_pack_when_asked(store: Store, mini: LoadedPack):
    play(store, mini, ["state_media"], learner="Ann")
    play(store, mini, ["denial"], learner="Bo")
    assert len(history(store, "Ann").rows) == 1
    assert history(store, "Ann", pack_id="other-pack").rows == ()
    empty = history(store, "Nobody")
    assert (empty.rows, empty.categories, empty.trends, empty.score_trend) == ((), (), {}, [])


def test_kinds_not_in_the_given_order_follow_in_first_seen_order(
    store: Store, mini: LoadedPack
):
    play(store, mini, ALL_RIGHT)
    [record] = store.sessions("Ann", with_answers=True)
    row = session_row(record, category_order=["denial"])
    assert [a.category for a in row.categories] == [
        "denial", "state_media", "government_allegation", "independent_fact"]


def test_history_is_built_from_stored_answers_alone_so_pack_changes_cannot_break_it(
    store: Store, mini: LoadedPack
):
    play(store, mini, ALL_RIGHT)
    figures = build_history("Ann", store.sessions("Ann", with_answers=True))
    assert figures.rows[0].answered == 4
    assert figures.categories == ("state_media", "government_allegation", "denial",
                                  "independent_fact")


def test_a_kind_never_answered_has_an_empty_trend():
    assert category_trends([], ["denial"]) == {"denial": []}


def test_the_terminal_history_fits_80_columns_names_whole_runs_labelled(
    store: Store, mini: LoadedPack, clock: DailyClock
):
    """Issue 16: `quiz history` on a terminal cut names ("practi…", "State-me…"), counted a
    retry run in its sparklines and had no word for it."""
    import io

    from rich.console import Console

    from quiz.commands.history import print_history_rich
    from quiz.core.history import labels_for
    from quiz.core.text import visible_fields

    first = play(store, mini, ["state_media", "state_media", "independent_fact",
                               "independent_fact"])
    missed = ("accusation", "denial")
    quiz = QuizSession(mini, QuizOptions(item_ids=missed))
    record = store.start_session("Ann", mini, list(missed), mode="practice",
                                 options=QuizOptions(item_ids=missed))
    recorder = SessionRecorder(store, record.id)
    for choice in ("government_allegation", "denial"):
        recorder.answered(quiz.current, quiz.answer(choice))
        quiz.advance()
    recorder.finished(quiz.summary())
    clock.next_day()
    play(store, mini, ALL_RIGHT)
    labels = labels_for([mini])
    figures = history(store, "Ann", category_order=labels.order)
    assert [row.label for row in figures.rows] == ["practice", "practice, retry", "practice"]
    assert figures.trends["government_allegation"] == [0.0, 1.0]  # the retry's 1/1 left out
    console = Console(file=io.StringIO(), width=80, color_system=None)
    print_history_rich(visible_fields(figures), labels, console)
    shown = console.file.getvalue()
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert "…" not in shown
    words = set(shown.split())
    assert all(set(c.label.split()) <= words for c in mini.categories)
    assert "Accuracy per kind over your full practice runs, oldest first" in shown
    assert "1 retry run is listed but not compared: a retry asks only the items a run missed" \
        in " ".join(shown.split())
    assert first == figures.rows[0].session_id

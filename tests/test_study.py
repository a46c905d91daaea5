"""Specification of study scheduling: how answers rate, when items come back, what is due or new,
mastery per category, and items that changed or disappeared.

Every time is injected: the store's clock and the `now` passed to the study functions.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fsrs import Rating, State
from helpers import START, SetUtcClock, edited, without

from quiz.core.engine import Feedback, QuizOptions, QuizSession
from quiz.core.packs import Item, LoadedPack
from quiz.core.schedule import (
    MASTERY_STABILITY_DAYS,
    CategoryMastery,
    end_of_day,
    next_card,
    rating_for,
)
from quiz.storage.progress import (
    current_cards,
    due_items,
    mastery,
    new_items,
    overview,
    study_items,
)
from quiz.storage.recording import scheduling_recorder
from quiz.storage.store import Store

MINUTE, DAY = dt.timedelta(minutes=1), dt.timedelta(days=1)


@pytest.fixture
def clock() -> SetUtcClock:
    return SetUtcClock()


@pytest.fixture
def store(clock: SetUtcClock):
    with Store(":memory:", clock=clock) as opened:
        yield opened


def feedback_for(
    pack: LoadedPack, item_id: str, choice: str, *, hints: int = 0, confidence: int | None = None
) -> tuple[Item, Feedback]:
    quiz = QuizSession(pack, QuizOptions(item_ids=(item_id,)))
    for _ in range(hints):
        quiz.hint()
    item = quiz.current
    return item, quiz.answer(choice, confidence)


def answer(store: Store, pack: LoadedPack, item_id: str, choice: str, learner: str = "Ann",
           **how) -> None:
    """Record one scheduled answer at the store clock's time."""
    item, feedback = feedback_for(pack, item_id, choice, **how)
    record = store.start_session(learner, pack, [item_id], mode="study")
    recorder = scheduling_recorder(store, record.id)
    recorder.answered(item, feedback)


def due_at(store: Store, pack: LoadedPack, item_id: str, learner: str = "Ann") -> dt.datetime:
    return current_cards(store, learner, pack)[item_id].due


# -- ratings ----------------------------------------------------------------------------------


def test_the_best_answer_rates_good(mini: LoadedPack):
    assert rating_for(feedback_for(mini, "launch", "state_media")[1]) is Rating.Good


def test_an_accepted_alternative_is_a_light_lapse_rated_hard(mini: LoadedPack):
    assert rating_for(feedback_for(mini, "accusation", "state_media")[1]) is Rating.Hard


def test_a_wrong_answer_is_a_full_lapse_rated_again(mini: LoadedPack):
    assert rating_for(feedback_for(mini, "launch", "denial")[1]) is Rating.Again


def test_the_best_answer_after_a_hint_or_a_guess_rates_hard(mini: LoadedPack):
    assert rating_for(feedback_for(mini, "launch", "state_media", hints=1)[1]) is Rating.Hard
    assert rating_for(feedback_for(mini, "launch", "state_media", confidence=1)[1]) is Rating.Hard
    assert rating_for(feedback_for(mini, "launch", "state_media", confidence=3)[1]) is Rating.Good


# -- when items come back ---------------------------------------------------------------------


def test_a_new_item_answered_wrong_comes_back_sooner_than_accepted_sooner_than_right(
    mini: LoadedPack,
):
    _, wrong = feedback_for(mini, "accusation", "denial")
    _, accepted = feedback_for(mini, "accusation", "state_media")
    _, right = feedback_for(mini, "accusation", "government_allegation")

    dues = {name: next_card(None, feedback, START)[1]
            for name, feedback in [("wrong", wrong), ("accepted", accepted), ("right", right)]}

    assert START < dues["wrong"] < dues["accepted"] < dues["right"]
    assert dues["wrong"] - START == 10 * MINUTE
    assert dues["right"] - START >= DAY


def test_a_lapse_on_a_known_item_comes_back_sooner_than_a_success(mini: LoadedPack):
    _, right = feedback_for(mini, "accusation", "government_allegation")
    known, first_due = next_card(None, right, START)
    review_time = first_due + DAY
    _, wrong = feedback_for(mini, "accusation", "denial")
    _, accepted = feedback_for(mini, "accusation", "state_media")

    after_wrong = next_card(known, wrong, review_time)[1]
    after_accepted = next_card(known, accepted, review_time)[1]
    after_right = next_card(known, right, review_time)[1]

    assert review_time < after_wrong < after_accepted < after_right


def test_the_same_answers_at_the_same_times_give_the_same_schedule(mini: LoadedPack):
    _, right = feedback_for(mini, "launch", "state_media")
    assert next_card(None, right, START) == next_card(None, right, START)


def test_a_time_without_a_time_zone_is_refused(mini: LoadedPack):
    _, right = feedback_for(mini, "launch", "state_media")
    with pytest.raises(ValueError, match="aware datetime"):
        next_card(None, right, START.replace(tzinfo=None))


def test_answers_recorded_with_scheduling_update_the_stored_card(
    store: Store, mini: LoadedPack, clock: SetUtcClock
):
    answer(store, mini, "launch", "denial")
    assert due_at(store, mini, "launch") == START + 10 * MINUTE
    clock.now = START + 10 * MINUTE
    answer(store, mini, "launch", "state_media")
    assert due_at(store, mini, "launch") >= clock.now + DAY
    assert len(store.answers_for("Ann")) == 2


def test_cards_are_kept_per_learner(store: Store, mini: LoadedPack):
    answer(store, mini, "launch", "denial", learner="Ann")
    assert current_cards(store, "Bo", mini) == {}
    assert [item.id for item in new_items(store, "Bo", mini)] == [
        "launch", "accusation", "denial", "sanctions"]


# -- what is due, what is new -----------------------------------------------------------------


def test_due_items_are_those_whose_review_time_has_come_most_overdue_first(
    store: Store, mini: LoadedPack, clock: SetUtcClock
):
    answer(store, mini, "launch", "denial")  # back in 10 minutes
    clock.now = START + 2 * MINUTE
    answer(store, mini, "denial", "state_media")  # back in 10 minutes, 2 minutes later
    answer(store, mini, "sanctions", "independent_fact")  # back in days

    assert due_items(store, "Ann", mini, START + 5 * MINUTE) == []
    later = START + 30 * MINUTE
    assert [item.id for item in due_items(store, "Ann", mini, later)] == ["launch", "denial"]


def test_new_items_are_the_unanswered_ones_in_article_order(store: Store, mini: LoadedPack):
    answer(store, mini, "denial", "denial")
    assert [item.id for item in new_items(store, "Ann", mini)] == [
        "launch", "accusation", "sanctions"]
    assert [item.id for item in new_items(store, "Ann", mini, limit=1)] == ["launch"]


def test_a_study_run_asks_due_items_first_then_a_few_new_ones(
    store: Store, mini: LoadedPack
):
    answer(store, mini, "sanctions", "denial")
    later = START + DAY
    run = study_items(store, "Ann", mini, later, new_limit=2)
    assert [item.id for item in run] == ["sanctions", "launch", "accusation"]


def test_the_overview_counts_due_now_due_today_and_new(
    store: Store, mini: LoadedPack, clock: SetUtcClock
):
    answer(store, mini, "launch", "denial")  # due 09:10
    answer(store, mini, "denial", "denial")  # due in days
    now = START + 15 * MINUTE
    clock.now = now
    answer(store, mini, "accusation", "denial")  # due 09:25, later today

    figures = overview(store, "Ann", mini, now, tz=dt.timezone.utc)

    assert figures.due_now == 1
    assert figures.due_today == 2
    assert figures.new == 1
    assert figures.next_due == now + 10 * MINUTE
    assert [m.seen for m in figures.mastery] == [1, 1, 1, 0]


def test_the_day_ends_at_local_midnight():
    tokyo = dt.timezone(dt.timedelta(hours=9))
    assert end_of_day(START, dt.timezone.utc) == dt.datetime(2024, 5, 2, tzinfo=dt.timezone.utc)
    # 09:00 UTC is 18:00 in Tokyo, whose day ends at 15:00 UTC.
    assert end_of_day(START, tokyo) == dt.datetime(2024, 5, 1, 15, tzinfo=dt.timezone.utc)


# -- mastery ----------------------------------------------------------------------------------


def test_an_item_is_mastered_once_reviews_space_out_past_a_week(
    store: Store, mini: LoadedPack, clock: SetUtcClock
):
    assert mastery(store, "Ann", mini)[0] == CategoryMastery("state_media", 0, 0, 1)
    answer(store, mini, "launch", "state_media")
    assert mastery(store, "Ann", mini)[0] == CategoryMastery("state_media", 0, 1, 1)
    for _ in range(4):
        clock.now = due_at(store, mini, "launch")
        answer(store, mini, "launch", "state_media")

    card = current_cards(store, "Ann", mini)["launch"]
    assert card.state is State.Review and card.stability >= MASTERY_STABILITY_DAYS
    figures = mastery(store, "Ann", mini)
    assert figures[0] == CategoryMastery("state_media", 1, 1, 1)
    assert figures[0].share == 1.0
    assert [m.category for m in figures] == mini.category_ids
    assert all(m.mastered == 0 for m in figures[1:])


def test_a_wrong_answer_undoes_mastery(store: Store, mini: LoadedPack, clock: SetUtcClock):
    answer(store, mini, "launch", "state_media")
    for _ in range(4):
        clock.now = due_at(store, mini, "launch")
        answer(store, mini, "launch", "state_media")
    answer(store, mini, "launch", "denial")
    assert mastery(store, "Ann", mini)[0].mastered == 0


# -- content changes --------------------------------------------------------------------------


def test_an_edited_item_starts_fresh(store: Store, mini: LoadedPack):
    answer(store, mini, "launch", "denial")
    changed = edited(mini, "launch", answer="independent_fact", also_accept=[])

    later = START + DAY
    assert "launch" not in [item.id for item in due_items(store, "Ann", changed, later)]
    assert "launch" in [item.id for item in new_items(store, "Ann", changed)]
    assert "launch" not in current_cards(store, "Ann", changed)
    # The unchanged pack still sees its card.
    assert "launch" in current_cards(store, "Ann", mini)


def test_an_edited_item_gets_its_own_card_next_to_the_old_one(store: Store, mini: LoadedPack):
    answer(store, mini, "launch", "denial")
    changed = edited(mini, "launch", claim="State media said the launch succeeded")
    answer(store, changed, "launch", "state_media")
    assert len(store.study_cards("Ann", "mini")) == 2
    assert due_at(store, changed, "launch") > due_at(store, mini, "launch")


def test_a_removed_item_is_not_scheduled_but_stays_in_history(store: Store, mini: LoadedPack):
    answer(store, mini, "launch", "denial")
    smaller = without(mini, "launch")

    later = START + DAY
    assert due_items(store, "Ann", smaller, later) == []
    assert "launch" not in [item.id for item in new_items(store, "Ann", smaller)]
    assert overview(store, "Ann", smaller, later).due_now == 0
    assert [m.total for m in mastery(store, "Ann", smaller)] == [0, 1, 1, 1]
    assert [a.item_id for a in store.answers_for("Ann")] == ["launch"]

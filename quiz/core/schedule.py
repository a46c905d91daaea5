"""Study mode's scheduling: which items are due, which are new, and how far each category is mastered.

Pure functions over the store with the clock passed in; the FSRS maths is the `fsrs` package's.

How an answer rates (`rating_for`): the best answer is Good; the best answer after a hint, or
while "guessing" (confidence 1), is Hard, since it was not plain recall; an accepted alternative
is Hard, a lapse that still counts as partly known; a wrong answer is Again, the full lapse. So a
wrong answer comes back soonest (ten minutes), an accepted-but-not-best one later, a success
after days. Easy is never given: the quiz cannot tell "easy" from "good" reliably.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fsrs import Card, Rating, Scheduler, State

from quiz.core.engine import Feedback, QuizOptions, select_items
from quiz.core.packs import Item, LoadedPack
from quiz.core.records import item_hash
from quiz.core.scoring import Verdict
from quiz.storage.store import SessionRecorder, Store

# One ten-minute step: a first correct answer moves an item to day-scale review at once (a quiz
# item is not a flashcard that needs drilling), a wrong one is asked again after ten minutes.
# No fuzzing: the same answers at the same times always give the same schedule (and tests).
SCHEDULER = Scheduler(
    learning_steps=(dt.timedelta(minutes=10),),
    relearning_steps=(dt.timedelta(minutes=10),),
    enable_fuzzing=False,
)

# An item is mastered when its card is in review and FSRS expects 90% recall a week after the
# last review (its stability, in days, is the time until recall drops to 90%).
MASTERY_STABILITY_DAYS = 7.0

# New items added to a study run after the due ones.
NEW_ITEMS_PER_RUN = 10


def rating_for(feedback: Feedback) -> Rating:
    """The FSRS rating of one answer (see the module docstring)."""
    if feedback.verdict is Verdict.WRONG:
        return Rating.Again
    if feedback.verdict is Verdict.ACCEPTED:
        return Rating.Hard
    if feedback.hints or feedback.confidence == 1:
        return Rating.Hard
    return Rating.Good


def new_card(now: dt.datetime) -> Card:
    # An explicit id: fsrs otherwise derives one from the wall clock (and sleeps a millisecond).
    return Card(card_id=int(now.timestamp() * 1000), due=now)


def next_card(
    previous: str | None, feedback: Feedback, now: dt.datetime
) -> tuple[str, dt.datetime]:
    """The card after this answer, as JSON, and when it is next due (a store `Review`)."""
    card = Card.from_json(previous) if previous else new_card(now)
    reviewed, _log = SCHEDULER.review_card(card, rating_for(feedback), _utc(now))
    return reviewed.to_json(), reviewed.due


def scheduling_recorder(store: Store, session_id: int) -> SessionRecorder:
    """A recorder that saves each answer and updates its study card in the same commit.

    Meant for every mode, not only study: a miss in a practice run should come back sooner too.
    """
    return SessionRecorder(store, session_id, review=next_card)


# -- what to ask --------------------------------------------------------------------------------


def current_cards(store: Store, learner: str, pack: LoadedPack) -> dict[str, Card]:
    """The learner's card for each item of the pack as it is now, by item id.

    Cards of edited items (another hash) and of removed items are left out: an edited item
    starts fresh, a removed one is no longer scheduled (its answers stay in history).
    """
    wanted = {item.id: item_hash(item) for item in pack.pack.items}
    return {
        card.item_id: Card.from_json(card.card)
        for card in store.study_cards(learner, pack.pack.id)
        if wanted.get(card.item_id) == card.item_hash
    }


def due_items(store: Store, learner: str, pack: LoadedPack, now: dt.datetime) -> list[Item]:
    """Items seen before whose review is due at `now`, the longest overdue first."""
    cards = current_cards(store, learner, pack)
    due = [item for item in pack.pack.items
           if item.id in cards and cards[item.id].due <= _utc(now)]
    return sorted(due, key=lambda item: cards[item.id].due)


def new_items(
    store: Store, learner: str, pack: LoadedPack, limit: int | None = None
) -> list[Item]:
    """Items without a card (never answered with scheduling, or edited since), in article order."""
    cards = current_cards(store, learner, pack)
    fresh = [item for item in select_items(pack, QuizOptions()) if item.id not in cards]
    return fresh if limit is None else fresh[: max(limit, 0)]


def study_items(
    store: Store,
    learner: str,
    pack: LoadedPack,
    now: dt.datetime,
    new_limit: int = NEW_ITEMS_PER_RUN,
) -> list[Item]:
    """A study run: every due item, then up to `new_limit` new ones."""
    return due_items(store, learner, pack, now) + new_items(store, learner, pack, new_limit)


# -- how far along ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryMastery:
    """Of the pack's items whose best answer is `category`: how many seen, how many mastered."""

    category: str
    mastered: int
    seen: int  # has a current card (answered at least once since the item last changed)
    total: int

    @property
    def share(self) -> float | None:
        """Mastered share, 0-1; None for a category with no items in the pack."""
        return self.mastered / self.total if self.total else None


def is_mastered(card: Card) -> bool:
    return (card.state is State.Review and card.stability is not None
            and card.stability >= MASTERY_STABILITY_DAYS)


def mastery(store: Store, learner: str, pack: LoadedPack) -> list[CategoryMastery]:
    """Mastery per category, in the pack's category order."""
    return mastery_from_cards(pack, current_cards(store, learner, pack))


def mastery_from_cards(pack: LoadedPack, cards: dict[str, Card]) -> list[CategoryMastery]:
    result = []
    for category in pack.category_ids:
        items = [item for item in pack.pack.items if item.answer == category]
        seen = [cards[item.id] for item in items if item.id in cards]
        result.append(CategoryMastery(
            category=category,
            mastered=sum(is_mastered(card) for card in seen),
            seen=len(seen),
            total=len(items),
        ))
    return result


@dataclass(frozen=True, slots=True)
class StudyOverview:
    """What the home screen says about study: due now, due later today, new, mastery."""

    due_now: int
    due_today: int  # due before the end of the local day, including due_now
    new: int
    next_due: dt.datetime | None  # the earliest due time among cards not yet due
    mastery: list[CategoryMastery]


def end_of_day(now: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """Midnight after `now` in `tz` (default: the computer's time zone), in UTC."""
    local = _utc(now).astimezone(tz)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(),
                                   tzinfo=local.tzinfo)
    return midnight.astimezone(dt.timezone.utc)


def overview(
    store: Store, learner: str, pack: LoadedPack, now: dt.datetime, tz: dt.tzinfo | None = None
) -> StudyOverview:
    """The study figures for one learner and pack at `now` (one read of the learner's cards)."""
    now = _utc(now)
    cards = current_cards(store, learner, pack)
    day_end = end_of_day(now, tz)
    dues = [card.due for card in cards.values()]
    later = [due for due in dues if due > now]
    return StudyOverview(
        due_now=sum(due <= now for due in dues),
        due_today=sum(due < day_end for due in dues),
        new=sum(item.id not in cards for item in pack.pack.items),
        next_due=min(later) if later else None,
        mastery=mastery_from_cards(pack, cards),
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    # fsrs insists on datetimes in UTC (it compares tzinfo with timezone.utc).
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime (e.g. datetime.now(timezone.utc))")
    return moment.astimezone(dt.timezone.utc)


def due_text(moment: dt.datetime, now: dt.datetime) -> str:
    """'today at 14:05', 'tomorrow at 09:00' or a date, in the computer's time zone."""
    local, today = moment.astimezone(), now.astimezone()
    if local.date() == today.date():
        return f"today at {local:%H:%M}"
    if local.date() == today.date() + dt.timedelta(days=1):
        return f"tomorrow at {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"

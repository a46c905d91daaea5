"""Study mode's schedule: how an answer rates, the next review of an item, mastery per kind and the
day's figures, as pure functions of cards with the clock passed in (the maths is `fsrs`'s).

Reading the learner's cards from the store is quiz.storage.progress's.

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

from quiz.core.engine import Feedback
from quiz.core.packs import LoadedPack
from quiz.core.scoring import Verdict

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
    reviewed, _log = SCHEDULER.review_card(card, rating_for(feedback), utc(now))
    return reviewed.to_json(), reviewed.due


# -- what to ask --------------------------------------------------------------------------------


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
    local = utc(now).astimezone(tz)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(),
                                   tzinfo=local.tzinfo)
    return midnight.astimezone(dt.timezone.utc)


def utc(moment: dt.datetime) -> dt.datetime:
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

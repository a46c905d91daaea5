"""What the store says about a learner's progress: their study cards as they stand for a pack
(what is due, what is new, mastery) and their history of sessions.

The scheduling maths is quiz.core.schedule's (pure, FSRS); the history figures quiz.core.history's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fsrs import Card

from quiz.core.engine import QuizOptions, select_items
from quiz.core.history import HISTORY_LIMIT, History, build_history
from quiz.core.packs import Item, LoadedPack
from quiz.core.records import item_hash
from quiz.core.schedule import (
    NEW_ITEMS_PER_RUN,
    CategoryMastery,
    StudyOverview,
    end_of_day,
    mastery_from_cards,
    utc,
)
from quiz.storage.store import Store


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
           if item.id in cards and cards[item.id].due <= utc(now)]
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


def mastery(store: Store, learner: str, pack: LoadedPack) -> list[CategoryMastery]:
    """Mastery per category, in the pack's category order."""
    return mastery_from_cards(pack, current_cards(store, learner, pack))


def overview(
    store: Store, learner: str, pack: LoadedPack, now: dt.datetime, tz: dt.tzinfo | None = None
) -> StudyOverview:
    """The study figures for one learner and pack at `now` (one read of the learner's cards)."""
    now = utc(now)
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


def history(
    store: Store,
    learner: str,
    *,
    pack_id: str | None = None,
    limit: int | None = HISTORY_LIMIT,
    category_order: Sequence[str] = (),
) -> History:
    """The learner's most recent `limit` sessions (all with None), optionally of one pack.

    Pass the pack's category ids as `category_order` to list kinds in the pack's order.
    """
    sessions = store.sessions(learner, pack_id=pack_id, limit=limit, with_answers=True)
    return build_history(learner, sessions, category_order)

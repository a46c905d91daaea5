"""Simulated workshops: readers of varying skill and bias who answer a pack under a facilitator,
on a clock that moves only when told, so a report can be previewed without a room.

The same seed gives the same workshop (`quiz workshop simulate`, the group report's benchmark).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from quiz.core.packs import Item, LoadedPack
from quiz.core.workshop_records import Audience, Pace, Phase
from quiz.storage.store import Store
from quiz.workshop.model import Workshop
from quiz.workshop.plan import (
    DEFAULT_MAX_PARTICIPANTS,
    MAX_PARTICIPANTS_LIMIT,
    WorkshopError,
    article_order,
)


@dataclass(frozen=True, slots=True)
class SimulatedReader:
    """A reader of some skill (about -2..2) who, when unsure, leans towards one category, and
    who sometimes changes an answer before the reveal."""

    name: str
    skill: float
    lean: str
    lean_strength: float  # chance a wrong answer goes to `lean`
    changes_mind: float  # chance of a first answer that is then changed


# How hard each pack difficulty is, on the readers' skill scale.
_HARDNESS = {1: -1.2, 2: 0.0, 3: 1.2}
# What the discussion teaches: the after check is answered with this much more skill.
_LEARNING = 0.8


def simulated_readers(count: int, categories: Sequence[str], rng: random.Random) -> list[SimulatedReader]:
    width = len(str(count))
    return [
        SimulatedReader(
            name=f"Reader {n:0{width}d}", skill=rng.gauss(0.3, 1.0), lean=rng.choice(categories),
            lean_strength=rng.uniform(0.0, 0.8), changes_mind=rng.choice((0.0, 0.0, 0.1, 0.25)),
        )
        for n in range(1, count + 1)
    ]


def simulated_choice(
    reader: SimulatedReader, item: Item, phase: Phase, categories: Sequence[str],
    rng: random.Random, item_offset: float = 0.0,
) -> str:
    """The reader's answer: right with a logistic chance of skill - hardness, else their lean
    (sometimes) or any other category."""
    skill = reader.skill + (_LEARNING if phase is Phase.AFTER else 0.0)
    hardness = _HARDNESS.get(item.difficulty, 0.0) + item_offset
    if rng.random() < 1 / (1 + math.exp(-1.7 * (skill - hardness))):
        return item.answer
    others = [c for c in categories if c != item.answer]
    if reader.lean in others and rng.random() < reader.lean_strength:
        return reader.lean
    return rng.choice(others)


class _SimulatedClock:
    """Moves only when told: answers in a simulation take simulated seconds."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def simulate_workshop(
    store: Store,
    pack: LoadedPack,
    *,
    participants: int,
    seed: int | None = None,
    items: int | None = None,
    check: bool = False,
    started_at: dt.datetime | None = None,
) -> Workshop:
    """A finished workshop with `participants` simulated readers of varying skill and bias, on
    the first `items` items of the pack in article order (all by default), with a before/after
    check if asked. The same seed gives the same answers."""
    rng = random.Random(seed)
    chosen = article_order(pack)
    if items is not None:
        if not 1 <= items <= len(chosen):
            raise WorkshopError(f"--items must be 1 to {len(chosen)}, the items in pack "
                                f"{pack.pack.id!r} (got {items})")
        chosen = chosen[:items]
    if not 1 <= participants <= MAX_PARTICIPANTS_LIMIT:
        raise WorkshopError(f"--participants must be 1 to {MAX_PARTICIPANTS_LIMIT} "
                            f"(got {participants})")
    clock = _SimulatedClock(started_at or (store.clock() - dt.timedelta(hours=1)))
    workshop = Workshop.create(
        store, pack, facilitator="Simulation", audience=Audience.PARTICIPANTS,
        pace=Pace.FACILITATOR, check=check, items=chosen, seed=seed,
        max_participants=max(participants, DEFAULT_MAX_PARTICIPANTS),
        title=f"Simulated workshop: {pack.pack.title}", clock=clock,
    )
    code = workshop.info().code
    readers = simulated_readers(participants, pack.category_ids, rng)
    ids = [workshop.join(reader.name, code).id for reader in readers]
    offsets = {item.id: rng.gauss(0, 0.5) for item in chosen}
    clock.advance(60)
    workshop.start()
    for step in workshop.steps():
        item = workshop.item(step)
        for reader, participant_id in zip(readers, ids):
            clock.advance(rng.uniform(0.2, 1.5))
            if rng.random() < reader.changes_mind:
                workshop.answer(participant_id, rng.choice(pack.category_ids))
                clock.advance(rng.uniform(1, 5))
            workshop.answer(participant_id, simulated_choice(
                reader, item, step.phase, pack.category_ids, rng, offsets[item.id]))
        clock.advance(rng.uniform(10, 30))
        if not step.phase.is_check:
            workshop.reveal()
            clock.advance(rng.uniform(60, 180))
        workshop.next()
    return workshop

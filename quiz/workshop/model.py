"""A workshop as stored: a facilitator leads a room (show-of-hands tallies) or participants (one
answer each) through a pack item by item, with an optional before/after check.

Plain Python, no UI. Room mode (quiz.ui.workshop.room_app), the hosted mode and the `quiz workshop`
command (quiz.commands.workshop) drive the same `Workshop`: every call is one transaction checked
against the state as stored, so several processes can share one workshop through one SQLite file.
Each change bumps the workshop's `revision` and appends an `Event` in that same transaction, so a
dashboard in another process follows along by asking for what is new since the revision it last
saw (`events_since`, `wait_for_change`), never by re-reading everything.

The course of a workshop: LOBBY -> (start) QUESTION -> (reveal) REVEALED -> (next) QUESTION ...
-> DONE, with `back`/`go_to` returning to any item already shown and `end` stopping at any time.
Check items (before/after) are answered without a reveal: `next` goes on from QUESTION. With
self pace the workshop stays in QUESTION while each participant moves on their own.

Here are the rules and the facilitator's transitions; what participants do is its base class,
quiz.workshop.participation. The records are quiz.core.workshop_records, the rules that need no
store quiz.workshop.plan, and every SQL statement quiz.workshop.queries.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence

from quiz.core.clock import UtcClock, timestamp
from quiz.core.packs import Item, LoadedPack
from quiz.core.records import AnswerRecord
from quiz.core.workshop_records import (
    Audience,
    Event,
    EventKind,
    Pace,
    Participant,
    Snapshot,
    State,
    Step,
    Tally,
    WorkshopInfo,
    WorkshopRecord,
)
from quiz.storage.store import Store
from quiz.workshop import changes, queries
from quiz.workshop.participation import Participation
from quiz.workshop.plan import (
    DEFAULT_MAX_PARTICIPANTS,
    WorkshopError,
    checked_room_size,
    clean_counts,
    clean_display_name,
    new_join_code,
    plan_steps,
    require_running,
    workshop_items,
)
from quiz.workshop.queries import find_workshop_id, load_workshop_pack, read_info, read_record


class Workshop(Participation):
    """One stored workshop and its pack. `Workshop.create(...)` or `Workshop.open(store, id)`.

    Every action is one write transaction that re-reads the state first, so two processes acting
    at once are serialised by SQLite and each sees the other's result; an action the state does
    not allow raises WorkshopError with the reason.
    """

    def __init__(
        self, store: Store, workshop_id: int, pack: LoadedPack, *, clock: UtcClock | None = None
    ) -> None:
        self.store = store
        self.id = workshop_id
        self.pack = pack
        self.clock = clock or store.clock
        self._items = {item.id: item for item in pack.pack.items}

    # -- creating and opening -----------------------------------------------------------------

    @classmethod
    def create(
        cls, store: Store, pack: LoadedPack, *, facilitator: str = "Facilitator",
        audience: Audience = Audience.PARTICIPANTS, pace: Pace = Pace.FACILITATOR,
        check: bool = False, items: Sequence[Item] | None = None, seed: int | None = None,
        max_participants: int = DEFAULT_MAX_PARTICIPANTS, room_size: int | None = None,
        title: str | None = None, code_rng: random.Random | None = None,
        clock: UtcClock | None = None,
    ) -> Workshop:
        """Store a new workshop in the lobby. `items` default to the pack's, in article order;
        `seed` decides the check's halves. A room counts at most `room_size` hands per item
        (default DEFAULT_ROOM_SIZE); participants are at most `max_participants`."""
        audience, pace = Audience(audience), Pace(pace)
        facilitator = clean_display_name(facilitator)
        room_size = checked_room_size(audience, pace, max_participants, room_size)
        chosen = workshop_items(pack, items)
        steps = plan_steps(chosen, check=check, seed=seed)
        now = timestamp((clock or store.clock)())
        # The credit rule travels with the workshop, so its report can score tallies even
        # when the pack file is gone.
        options = {"check": check, "seed": seed, "items": [item.id for item in chosen],
                   "alternative_credit": pack.pack.alternative_credit}
        with store.transaction() as db:
            taken = queries.taken_codes(db)
            code = new_join_code(code_rng)
            while code in taken:
                code = new_join_code(code_rng)
            workshop_id = changes.insert_workshop(
                db, pack, code=code, title=title if title is not None else pack.pack.title,
                facilitator=facilitator, audience=audience, pace=pace,
                max_participants=max_participants, room_size=room_size, options=options,
                state=State.LOBBY, now=now,
            )
            changes.insert_steps(db, workshop_id, steps)
            changes.bump(db, workshop_id, EventKind.CREATED, now)
        return cls(store, workshop_id, pack, clock=clock)

    @classmethod
    def open(
        cls, store: Store, workshop: int | str, pack: LoadedPack | None = None, *,
        clock: UtcClock | None = None,
    ) -> Workshop:
        """An existing workshop by id or join code; its pack is loaded from where it was run
        (or given). UnknownWorkshop lists the workshops that exist; WorkshopError when the pack
        cannot be loaded or lacks one of the workshop's items."""
        workshop_id = find_workshop_id(store, workshop)
        if pack is None:
            pack = load_workshop_pack(store, workshop_id)
            if pack is None:
                info = read_info(store, workshop_id)
                raise WorkshopError(f"the pack of workshop {workshop_id} ({info.pack_path}) "
                                    "cannot be loaded")
        opened = cls(store, workshop_id, pack, clock=clock)
        missing = sorted({s.item_id for s in opened.steps()} - set(opened._items))
        if missing:
            raise WorkshopError(f"pack {pack.pack.id!r} no longer has the workshop's items "
                                f"{', '.join(missing)}")
        return opened

    # -- reading ------------------------------------------------------------------------------

    def info(self) -> WorkshopInfo:
        return read_info(self.store, self.id)

    def revision(self) -> int:
        """The number of changes so far: one primary-key lookup, cheap enough to ask often."""
        with self.store.reading() as db:
            return queries.revision(db, self.id)

    def events_since(self, revision: int) -> list[Event]:
        """The changes after `revision`, oldest first (an index range, never a full scan)."""
        with self.store.reading() as db:
            return queries.events_since(db, self.id, revision)

    def wait_for_change(
        self, since: int, timeout: float, *, interval: float = 0.1,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> int:
        """Block until the revision passes `since` or `timeout` seconds pass; the revision then.

        Each check is one primary-key read, so polling every `interval` costs next to nothing.
        """
        deadline = monotonic() + timeout
        while True:
            current = self.revision()
            if current > since or monotonic() >= deadline:
                return current
            sleep(min(interval, max(0.0, deadline - monotonic())))

    def steps(self) -> tuple[Step, ...]:
        with self.store.reading() as db:
            return queries.steps(db, self.id)

    def step(self, position: int) -> Step:
        with self.store.reading() as db:
            return queries.step(db, self.id, position)

    def item(self, step: Step | int) -> Item:
        """The pack's item for a step (or position)."""
        if isinstance(step, int):
            step = self.step(step)
        return self._items[step.item_id]

    def participants(self) -> tuple[Participant, ...]:
        with self.store.reading() as db:
            return queries.participants(db, self.id)

    def participant(self, participant_id: int) -> Participant:
        with self.store.reading() as db:
            return queries.participant(db, self.id, participant_id)

    def tally(self, position: int) -> Tally | None:
        """The latest tally of a step, or None when none was keyed in."""
        with self.store.reading() as db:
            return queries.tally(db, self.id, position)

    def earlier_tally(self, position: int) -> Tally | None:
        """The latest tally of the same item at an earlier step (the before check's, when the
        discussion did not count hands again), or None."""
        step = self.step(position)
        for earlier in reversed(self.steps()[:position]):
            if earlier.item_id == step.item_id:
                tally = self.tally(earlier.position)
                if tally is not None and tally.counts is not None:
                    return tally
        return None

    def distribution(self, position: int) -> dict[str, int]:
        """Category id -> latest answers (participants) or hands (room), every category listed."""
        with self.store.reading() as db:
            return queries.distribution(db, self.id, position, self.pack.category_ids)

    def snapshot(self) -> Snapshot:
        """The workshop, its current step and that step's answers, in one read transaction."""
        with queries.consistent_read(self.store) as db:
            info = queries.info(db, self.id)
            step = queries.step(db, self.id, info.position) if info.state in (
                State.QUESTION, State.REVEALED) else None
            participants = queries.participants(db, self.id)
            answered: frozenset[int] = frozenset()
            distribution = {c: 0 for c in self.pack.category_ids}
            tally = None
            if step is not None:
                answered = queries.answered(db, self.id, step.position)
                distribution = queries.distribution(db, self.id, step.position,
                                                    self.pack.category_ids)
                tally = queries.tally(db, self.id, step.position)
        return Snapshot(info, step, participants, answered, distribution, tally)

    def record(self) -> WorkshopRecord:
        """Everything the group report needs, read in one transaction."""
        return read_record(self.store, self.id)

    def answer_records(self, participant_id: int) -> list[AnswerRecord]:
        """A participant's latest answers in the order asked, shaped as the learner's score
        report reads them (quiz.reports.build_report(records, [], workshop.pack)), so each
        participant can take their own report home."""
        with self.store.reading() as db:
            answers = queries.latest_answers_of(db, self.id, participant_id)
        return [AnswerRecord.of_workshop_answer(a, session_id=self.id, learner=a.participant,
                                                pack_id=self.pack.pack.id) for a in answers]

    # -- the facilitator ----------------------------------------------------------------------

    def start(self) -> WorkshopInfo:
        """LOBBY -> QUESTION on the first item."""
        with self._changing() as (db, info, now):
            if info.state is not State.LOBBY:
                raise WorkshopError("the workshop has ended" if info.state is State.DONE
                                    else "the workshop has already started")
            changes.mark_started(db, self.id, State.QUESTION, now)
            changes.mark_opened(db, self.id, 0, now)
            if info.pace is Pace.SELF:
                changes.show_everyone(db, self.id, now)
            changes.bump(db, self.id, EventKind.STARTED, now, position=0)
        return self.info()

    def reveal(self) -> WorkshopInfo:
        """QUESTION -> REVEALED on a discussion item: answers to it close."""
        with self._changing() as (db, info, now):
            step = self._facilitator_step(db, info, "reveal")
            if info.state is State.REVEALED:
                raise WorkshopError(f"item {step.number} is already revealed")
            if step.phase.is_check:
                raise WorkshopError(f"item {step.number} is part of the "
                                    f"{step.phase.title.lower()}: check items are not revealed, "
                                    "move on with next")
            changes.set_state(db, self.id, State.REVEALED)
            changes.mark_revealed(db, self.id, step.position, now)
            changes.bump(db, self.id, EventKind.REVEALED, now, position=step.position)
        return self.info()

    def next(self) -> WorkshopInfo:
        """On to the next item (a discussion item must be revealed first); after the last
        item the workshop is DONE."""
        with self._changing() as (db, info, now):
            step = self._facilitator_step(db, info, "move on")
            if info.state is State.QUESTION and not step.phase.is_check:
                raise WorkshopError(f"reveal item {step.number} before moving on (or end the "
                                    "workshop)")
            total = queries.step_count(db, self.id)
            if step.position + 1 >= total:
                self._finish(db, now, ended_early=False)
            else:
                self._show(db, info, step.position + 1, now)
        return self.info()

    def back(self) -> WorkshopInfo:
        """Back to the previous item, as it was left (revealed if it was)."""
        info = self.info()
        if info.state in (State.QUESTION, State.REVEALED) and info.position == 0:
            raise WorkshopError("this is the first item: there is nothing to go back to")
        return self.go_to(info.position - 1)

    def go_to(self, position: int) -> WorkshopInfo:
        """Show an item already shown (0 <= position <= reached), as it was left."""
        with self._changing() as (db, info, now):
            current = self._facilitator_step(db, info, "go to an item")
            if not 0 <= position <= info.reached:
                raise WorkshopError(f"item {position + 1} has not been shown yet (shown so far: "
                                    f"items 1 to {info.reached + 1})")
            if position == current.position:
                raise WorkshopError(f"item {position + 1} is already on screen")
            self._show(db, info, position, now)
        return self.info()

    def end(self) -> WorkshopInfo:
        """Stop now, from any state but DONE. Ended early unless every item was gone through."""
        with self._changing() as (db, info, now):
            if info.state is State.DONE:
                raise WorkshopError("the workshop has already ended")
            self._finish(db, now, ended_early=not self._complete(db, info))
        return self.info()

    def record_tally(
        self, counts: Mapping[str, int] | None, *, position: int | None = None
    ) -> Tally:
        """Key in the room's show of hands for a step shown so far (default: the current one);
        None records that the tally was skipped. Counts are whole numbers whose sum is at most
        the room size; a category left out counts 0. A corrected tally replaces the earlier one,
        which stays on record."""
        with self._changing() as (db, info, now):
            if info.audience is not Audience.ROOM:
                raise WorkshopError("this workshop records each participant's answer; tallies "
                                    "are for room mode")
            require_running(info, "record a tally")
            position = info.position if position is None else position
            if not 0 <= position <= info.reached:
                raise WorkshopError(f"item {position + 1} has not been shown yet")
            cleaned = (None if counts is None
                       else clean_counts(counts, self.pack.category_ids, info.room_size))
            step = queries.step(db, self.id, position)
            previous = queries.tally(db, self.id, position)
            if previous is not None and previous.counts == cleaned:
                return previous
            changes.insert_tally(db, self.id, step, cleaned, now)
            changes.bump(db, self.id, EventKind.TALLIED, now, position=position)
            return queries.tally(db, self.id, position)  # type: ignore[return-value]

    # -- internals ----------------------------------------------------------------------------

    def _facilitator_step(self, db: sqlite3.Connection, info: WorkshopInfo, doing: str) -> Step:
        require_running(info, doing)
        if info.pace is Pace.SELF:
            raise WorkshopError(f"in a self-paced workshop each participant moves on their own: "
                                f"the facilitator cannot {doing}")
        return queries.step(db, self.id, info.position)

    def _show(self, db: sqlite3.Connection, info: WorkshopInfo, position: int, now: str) -> None:
        step = queries.step(db, self.id, position)
        state = State.REVEALED if step.revealed else State.QUESTION
        changes.move_to(db, self.id, state, position)
        if step.opened_at is None:
            changes.mark_opened(db, self.id, position, now)
        changes.bump(db, self.id, EventKind.SHOWN, now, position=position)

    def _finish(self, db: sqlite3.Connection, now: str, *, ended_early: bool) -> None:
        changes.mark_finished(db, self.id, State.DONE, now, ended_early=ended_early)
        changes.bump(db, self.id, EventKind.ENDED, now)

    def _complete(self, db: sqlite3.Connection, info: WorkshopInfo) -> bool:
        """Every item gone through: the last one reached (and revealed, if it is discussed);
        with self pace, every participant past the last item."""
        total = queries.step_count(db, self.id)
        if info.state is State.LOBBY:
            return False
        if info.pace is Pace.SELF:
            return queries.participants_before(db, self.id, total) == 0
        last = queries.step(db, self.id, total - 1)
        return info.reached == total - 1 and (last.revealed or last.phase.is_check)



"""Workshops: a facilitator leads a room (show-of-hands tallies) or participants (one answer each)
through a pack item by item, with an optional before/after check; all of it kept in the store.

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
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
import secrets
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from quiz.core.clock import UtcClock, timestamp
from quiz.core.names import MAX_DISPLAY_NAME, clean_name
from quiz.core.packs import Item, LoadedPack, PackError, load_pack, resolve_pack
from quiz.core.records import AnswerRecord, item_hash
from quiz.core.scoring import Verdict, score_answer
from quiz.core.workshop_records import (
    Audience,
    Event,
    EventKind,
    Pace,
    Participant,
    Phase,
    Snapshot,
    State,
    Step,
    Tally,
    WorkshopAnswer,
    WorkshopInfo,
    WorkshopRecord,
    WorkshopSummary,
)
from quiz.storage.store import Store

DEFAULT_MAX_PARTICIPANTS = 60
DEFAULT_ROOM_SIZE = 60
# Hard ceilings, so a typo such as --max 6000 is refused rather than planned for.
MAX_PARTICIPANTS_LIMIT = 500
MAX_ROOM_SIZE = 1000
# Join codes avoid characters read or typed as each other: 0/O, 1/I/L, 2/Z stays (distinct
# enough on screens), 5/S stays. Six of 31 symbols: about 887 million codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# Leftover items (one per odd category x difficulty group) are balanced by trying every split
# up to this many; beyond it a greedy split is used (2^12 = 4096 candidates at most).
EXHAUSTIVE_SPLIT_LIMIT = 12


class WorkshopError(ValueError):
    """An action the workshop's state does not allow, or a bad value; the message says which."""


class WorkshopFull(WorkshopError):
    """A newcomer past the participant limit."""


class WrongCode(WorkshopError):
    """The join code does not match."""


def clean_display_name(name: str) -> str:
    """A participant's or facilitator's name as stored: NFC, stripped, 1-40 characters, no
    control characters or bidirectional controls (WorkshopError)."""
    return clean_name(name, "a display name", MAX_DISPLAY_NAME, refuse_bidi=True,
                      error=WorkshopError)


def name_key(name: str) -> str:
    """Names that differ only in case are one participant: "ann" rejoins as "Ann"."""
    return clean_display_name(name).casefold()


class UnknownWorkshop(LookupError):
    """No workshop with that id or code; the message lists the ones that exist."""


# --- pure helpers ----------------------------------------------------------------------------


def new_join_code(rng: random.Random | None = None) -> str:
    """Six characters of CODE_ALPHABET, from the system's secure source unless `rng` is given."""
    choose = rng.choice if rng is not None else secrets.choice
    return "".join(choose(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """A typed code as stored: upper case, spaces and dashes dropped ("k7p-4qx" -> "K7P4QX")."""
    return "".join(ch for ch in str(text).upper() if ch not in " -\t")


def format_code(code: str) -> str:
    """"K7P4QX" -> "K7P 4QX": two groups of three are easier to read out and copy."""
    return f"{code[:3]} {code[3:]}" if len(code) == CODE_LENGTH else code


def parse_tally(text: str, room_size: int | None) -> int:
    """One typed count of hands: a whole number from 0 to the room size (WorkshopError)."""
    typed = str(text).strip()
    if not typed:
        return 0
    if not typed.isascii() or not typed.isdigit():
        raise WorkshopError(f"a tally is a whole number of hands, 0 or more (got {typed!r})")
    value = int(typed)
    limit = room_size if room_size is not None else MAX_ROOM_SIZE
    if value > limit:
        raise WorkshopError(f"a tally cannot be more than the room size, {limit} (got {value})")
    return value


@dataclass(frozen=True, slots=True)
class CheckSplit:
    """The two parallel halves of a before/after check, each in the order given."""

    before: tuple[Item, ...]
    after: tuple[Item, ...]


def split_check(items: Sequence[Item], seed: int | None = None) -> CheckSplit:
    """Split `items` into two halves balanced by category (best answer) and difficulty.

    Items are grouped by (category, difficulty); each group is shuffled (seeded) and dealt in
    pairs, one to each half, so every group differs by at most one. The odd item of each group
    is then placed so that, in this order of importance, the halves' sizes, their counts per
    category and their counts per difficulty differ as little as possible (every placement is
    tried when there are at most EXHAUSTIVE_SPLIT_LIMIT such items; ties are broken by the seed).
    The same items and seed always give the same halves.
    """
    rng = random.Random(seed)
    groups: dict[tuple[str, int], list[Item]] = {}
    for item in items:
        groups.setdefault((item.answer, item.difficulty), []).append(item)
    halves: tuple[list[Item], list[Item]] = ([], [])
    leftovers: list[Item] = []
    for group in groups.values():
        rng.shuffle(group)
        for first, second in zip(group[0::2], group[1::2]):
            pair = [first, second]
            rng.shuffle(pair)
            halves[0].append(pair[0])
            halves[1].append(pair[1])
        if len(group) % 2:
            leftovers.append(group[-1])

    def imbalance(sides: Sequence[int]) -> tuple[int, int, int, int]:
        before = halves[0] + [item for item, side in zip(leftovers, sides) if side == 0]
        after = halves[1] + [item for item, side in zip(leftovers, sides) if side == 1]
        categories = Counter(i.answer for i in before)
        categories.subtract(i.answer for i in after)
        difficulties = Counter(i.difficulty for i in before)
        difficulties.subtract(i.difficulty for i in after)
        spread = [abs(n) for n in categories.values()] + [abs(n) for n in difficulties.values()]
        return (abs(len(before) - len(after)),
                max((abs(n) for n in categories.values()), default=0),
                max((abs(n) for n in difficulties.values()), default=0),
                sum(spread))

    if len(leftovers) <= EXHAUSTIVE_SPLIT_LIMIT:
        candidates = list(itertools.product((0, 1), repeat=len(leftovers)))
        best = min(imbalance(sides) for sides in candidates)
        sides = rng.choice([s for s in candidates if imbalance(s) == best])
    else:
        chosen: list[int] = []
        for index in range(len(leftovers)):
            options = [0, 1]
            rng.shuffle(options)
            chosen.append(min(options, key=lambda side: imbalance(
                chosen + [side] + [2] * (len(leftovers) - index - 1))))
        sides = tuple(chosen)
    for item, side in zip(leftovers, sides):
        halves[side].append(item)
    order = {item.id: n for n, item in enumerate(items)}
    before, after = (tuple(sorted(half, key=lambda i: order[i.id])) for half in halves)
    return CheckSplit(before, after)


def plan_steps(
    items: Sequence[Item], *, check: bool = False, seed: int | None = None
) -> list[tuple[Phase, Item]]:
    """The running order. Without a check, every item is discussed. With one, the before check
    asks one half, the discussion goes through that same half (the room has just met those
    items, so it argues from its own answers), and the after check asks the parallel half,
    which nobody has seen: the gain measures the habit, not memory of the discussed items."""
    if not check:
        return [(Phase.DISCUSSION, item) for item in items]
    if len(items) < 2:
        raise WorkshopError("a before/after check needs at least 2 items")
    halves = split_check(items, seed)
    return ([(Phase.BEFORE, item) for item in halves.before]
            + [(Phase.DISCUSSION, item) for item in halves.before]
            + [(Phase.AFTER, item) for item in halves.after])


# --- the workshop ----------------------------------------------------------------------------

_INFO_COLUMNS = ("id, code, title, facilitator, pack_id, pack_version, pack_path, audience, pace, "
                 "max_participants, room_size, options, state, position, reached, revision, "
                 "created_at, started_at, finished_at, ended_early")
_PARTICIPANT_COLUMNS = "id, name, joined_at, seen_at, position, revealed"
_ANSWER_COLUMNS = ("a.participant, p.name, a.position, a.item_id, a.item_hash, a.actual, "
                   "a.also_accept, a.chosen, a.verdict, a.credit, a.seconds, a.answered_at")


class Workshop:
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
        cls,
        store: Store,
        pack: LoadedPack,
        *,
        facilitator: str = "Facilitator",
        audience: Audience = Audience.PARTICIPANTS,
        pace: Pace = Pace.FACILITATOR,
        check: bool = False,
        items: Sequence[Item] | None = None,
        seed: int | None = None,
        max_participants: int = DEFAULT_MAX_PARTICIPANTS,
        room_size: int | None = None,
        title: str | None = None,
        code_rng: random.Random | None = None,
        clock: UtcClock | None = None,
    ) -> Workshop:
        """Store a new workshop in the lobby. `items` default to the pack's, in article order;
        `seed` decides the check's halves. A room counts at most `room_size` hands per item
        (default DEFAULT_ROOM_SIZE); participants are at most `max_participants`."""
        audience, pace = Audience(audience), Pace(pace)
        facilitator = clean_display_name(facilitator)
        if not 1 <= max_participants <= MAX_PARTICIPANTS_LIMIT:
            raise WorkshopError(f"the participant limit is 1 to {MAX_PARTICIPANTS_LIMIT} "
                                f"(got {max_participants})")
        if audience is Audience.ROOM:
            room_size = DEFAULT_ROOM_SIZE if room_size is None else room_size
            if not 1 <= room_size <= MAX_ROOM_SIZE:
                raise WorkshopError(f"the room size is 1 to {MAX_ROOM_SIZE} people "
                                    f"(got {room_size})")
            if pace is Pace.SELF:
                raise WorkshopError("a room moves together: room mode has facilitator pace only")
        else:
            room_size = None
        chosen = list(items) if items is not None else _article_order(pack)
        if not chosen:
            raise WorkshopError("a workshop needs at least one item")
        unknown = [item.id for item in chosen if item.id not in {i.id for i in pack.pack.items}]
        if unknown:
            raise WorkshopError(f"items not in pack {pack.pack.id!r}: {', '.join(unknown)}")
        steps = plan_steps(chosen, check=check, seed=seed)
        now = timestamp((clock or store.clock)())
        # The credit rule travels with the workshop, so its report can score tallies even
        # when the pack file is gone.
        options = {"check": check, "seed": seed, "items": [item.id for item in chosen],
                   "alternative_credit": pack.pack.alternative_credit}
        with store.transaction() as db:
            taken = {row[0] for row in db.execute("SELECT code FROM workshops")}
            code = new_join_code(code_rng)
            while code in taken:
                code = new_join_code(code_rng)
            cursor = db.execute(
                "INSERT INTO workshops (code, title, facilitator, pack_id, pack_version, "
                "pack_path, audience, pace, max_participants, room_size, options, state, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (code, title if title is not None else pack.pack.title, facilitator,
                 pack.pack.id, pack.pack.version, pack.path, str(audience), str(pace),
                 max_participants, room_size, json.dumps(options), str(State.LOBBY), now),
            )
            workshop_id = cursor.lastrowid
            assert workshop_id is not None
            db.executemany(
                "INSERT INTO workshop_steps (workshop, position, phase, item_id, item_hash, "
                "actual, also_accept) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(workshop_id, n, str(phase), item.id, item_hash(item), item.answer,
                  json.dumps(list(item.also_accept))) for n, (phase, item) in enumerate(steps)],
            )
            _bump(db, workshop_id, EventKind.CREATED, now)
        return cls(store, workshop_id, pack, clock=clock)

    @classmethod
    def open(
        cls,
        store: Store,
        workshop: int | str,
        pack: LoadedPack | None = None,
        *,
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
            row = db.execute("SELECT revision FROM workshops WHERE id = ?", (self.id,)).fetchone()
        return row[0]

    def events_since(self, revision: int) -> list[Event]:
        """The changes after `revision`, oldest first (an index range, never a full scan)."""
        with self.store.reading() as db:
            rows = db.execute(
                "SELECT revision, kind, position, participant, at FROM workshop_events "
                "WHERE workshop = ? AND revision > ? ORDER BY revision",
                (self.id, revision)).fetchall()
        return [event for event in map(_event_from_row, rows) if event is not None]

    def wait_for_change(
        self,
        since: int,
        timeout: float,
        *,
        interval: float = 0.1,
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
            return _steps(db, self.id)

    def step(self, position: int) -> Step:
        with self.store.reading() as db:
            return _step(db, self.id, position)

    def item(self, step: Step | int) -> Item:
        """The pack's item for a step (or position)."""
        if isinstance(step, int):
            step = self.step(step)
        return self._items[step.item_id]

    def participants(self) -> tuple[Participant, ...]:
        with self.store.reading() as db:
            return _participants(db, self.id)

    def participant(self, participant_id: int) -> Participant:
        with self.store.reading() as db:
            return _participant(db, self.id, participant_id)

    def answer_of(self, participant_id: int, position: int) -> WorkshopAnswer | None:
        """The participant's latest answer to a step, or None."""
        with self.store.reading() as db:
            row = db.execute(
                f"SELECT {_ANSWER_COLUMNS} FROM workshop_answers a "
                "JOIN workshop_participants p ON p.id = a.participant "
                "WHERE a.participant = ? AND a.position = ? AND a.latest = 1 AND a.workshop = ?",
                (participant_id, position, self.id)).fetchone()
            if row is None:
                return None
            given = db.execute("SELECT COUNT(*) FROM workshop_answers WHERE participant = ? "
                               "AND position = ?", (participant_id, position)).fetchone()[0]
        return _answer(row, given - 1)

    def tally(self, position: int) -> Tally | None:
        """The latest tally of a step, or None when none was keyed in."""
        with self.store.reading() as db:
            return _tally(db, self.id, position)

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
            return _distribution(db, self.id, position, self.pack.category_ids)

    def snapshot(self) -> Snapshot:
        """The workshop, its current step and that step's answers, in one read transaction."""
        with self._consistent_read() as db:
            info = _info(db, self.id)
            step = _step(db, self.id, info.position) if info.state in (
                State.QUESTION, State.REVEALED) else None
            participants = _participants(db, self.id)
            answered: frozenset[int] = frozenset()
            distribution = {c: 0 for c in self.pack.category_ids}
            tally = None
            if step is not None:
                answered = frozenset(row[0] for row in db.execute(
                    "SELECT participant FROM workshop_answers WHERE workshop = ? AND latest = 1 "
                    "AND position = ?", (self.id, step.position)))
                distribution = _distribution(db, self.id, step.position, self.pack.category_ids)
                tally = _tally(db, self.id, step.position)
        return Snapshot(info, step, participants, answered, distribution, tally)

    def record(self) -> WorkshopRecord:
        """Everything the group report needs, read in one transaction."""
        return read_record(self.store, self.id)

    def answer_records(self, participant_id: int) -> list[AnswerRecord]:
        """A participant's latest answers in the order asked, shaped as the learner's score
        report reads them (quiz.reports.build_report(records, [], workshop.pack)), so each
        participant can take their own report home."""
        with self.store.reading() as db:
            rows = db.execute(
                f"SELECT {_ANSWER_COLUMNS} FROM workshop_answers a "
                "JOIN workshop_participants p ON p.id = a.participant "
                "WHERE a.participant = ? AND a.latest = 1 AND a.workshop = ? ORDER BY a.position",
                (participant_id, self.id)).fetchall()
        return [
            AnswerRecord(
                session_id=self.id, learner=a.participant, pack_id=self.pack.pack.id,
                item_id=a.item_id, item_hash=a.item_hash, actual=a.actual,
                also_accept=a.also_accept, chosen=a.chosen, verdict=a.verdict, credit=a.credit,
                seconds=a.seconds, hints=0, confidence=None, answered_at=a.answered_at,
            )
            for a in map(_answer, rows)
        ]

    # -- the facilitator ----------------------------------------------------------------------

    def start(self) -> WorkshopInfo:
        """LOBBY -> QUESTION on the first item."""
        with self._changing() as (db, info, now):
            if info.state is not State.LOBBY:
                raise WorkshopError(_already(info))
            db.execute("UPDATE workshops SET state = ?, position = 0, reached = 0, started_at = ? "
                       "WHERE id = ?", (str(State.QUESTION), now, self.id))
            db.execute("UPDATE workshop_steps SET opened_at = ? WHERE workshop = ? AND "
                       "position = 0", (now, self.id))
            if info.pace is Pace.SELF:
                db.execute("UPDATE workshop_participants SET shown_at = ? WHERE workshop = ?",
                           (now, self.id))
            _bump(db, self.id, EventKind.STARTED, now, position=0)
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
            db.execute("UPDATE workshops SET state = ? WHERE id = ?",
                       (str(State.REVEALED), self.id))
            db.execute("UPDATE workshop_steps SET revealed_at = ? WHERE workshop = ? AND "
                       "position = ?", (now, self.id, step.position))
            _bump(db, self.id, EventKind.REVEALED, now, position=step.position)
        return self.info()

    def next(self) -> WorkshopInfo:
        """On to the next item (a discussion item must be revealed first); after the last
        item the workshop is DONE."""
        with self._changing() as (db, info, now):
            step = self._facilitator_step(db, info, "move on")
            if info.state is State.QUESTION and not step.phase.is_check:
                raise WorkshopError(f"reveal item {step.number} before moving on (or end the "
                                    "workshop)")
            total = _step_count(db, self.id)
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
            self._require_running(info, "record a tally")
            position = info.position if position is None else position
            if not 0 <= position <= info.reached:
                raise WorkshopError(f"item {position + 1} has not been shown yet")
            cleaned = None if counts is None else self._clean_counts(counts, info.room_size)
            step = _step(db, self.id, position)
            previous = _tally(db, self.id, position)
            if previous is not None and previous.counts == cleaned:
                return previous
            db.execute("UPDATE workshop_tallies SET latest = 0 WHERE workshop = ? AND "
                       "position = ? AND latest = 1", (self.id, position))
            db.execute(
                "INSERT INTO workshop_tallies (workshop, position, item_id, item_hash, counts, "
                "recorded_at, latest) VALUES (?, ?, ?, ?, ?, ?, 1)",
                (self.id, position, step.item_id, step.item_hash,
                 None if cleaned is None else json.dumps(cleaned), now))
            _bump(db, self.id, EventKind.TALLIED, now, position=position)
            return _tally(db, self.id, position)  # type: ignore[return-value]

    def _clean_counts(self, counts: Mapping[str, int], room_size: int | None) -> dict[str, int]:
        known = self.pack.category_ids
        cleaned = {category: 0 for category in known}
        for category, value in counts.items():
            if category not in cleaned:
                raise WorkshopError(f"unknown category {category!r} in the tally "
                                    f"(valid: {', '.join(known)})")
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise WorkshopError(f"a tally is a whole number of hands, 0 or more "
                                    f"(got {value!r} for {category})")
            cleaned[category] = value
        total = sum(cleaned.values())
        if room_size is not None and total > room_size:
            raise WorkshopError(f"the tally adds up to {total} hands, more than the room size "
                                f"of {room_size}")
        return cleaned

    # -- participants -------------------------------------------------------------------------

    def join(self, name: str, code: str) -> Participant:
        """Join with a display name and the join code; the same name (any case) rejoins and
        continues its own record. WrongCode, WorkshopFull, or WorkshopError (bad name, ended)."""
        with self._changing() as (db, info, now):
            if normalize_code(code) != info.code:
                raise WrongCode("that join code is not this workshop's: check the code on the "
                                "facilitator's screen")
            if info.audience is not Audience.PARTICIPANTS:
                raise WorkshopError("this workshop counts hands in the room: there is nothing "
                                    "to join")
            if info.state is State.DONE:
                raise WorkshopError("this workshop has ended")
            cleaned = clean_display_name(name)
            row = db.execute(
                f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants "
                "WHERE workshop = ? AND name_key = ?", (self.id, cleaned.casefold())).fetchone()
            if row is not None:
                db.execute("UPDATE workshop_participants SET seen_at = ? WHERE id = ?",
                           (now, row[0]))
                _bump(db, self.id, EventKind.REJOINED, now, participant=row[0])
                return _participant(db, self.id, row[0])
            joined = db.execute("SELECT COUNT(*) FROM workshop_participants WHERE workshop = ?",
                                (self.id,)).fetchone()[0]
            if joined >= info.max_participants:
                raise WorkshopFull(f"this workshop is full: all {info.max_participants} places "
                                   "are taken")
            shown_at = now if info.state is not State.LOBBY else None
            cursor = db.execute(
                "INSERT INTO workshop_participants (workshop, name, name_key, joined_at, "
                "seen_at, shown_at) VALUES (?, ?, ?, ?, ?, ?)",
                (self.id, cleaned, cleaned.casefold(), now, now, shown_at))
            participant_id = cursor.lastrowid
            _bump(db, self.id, EventKind.JOINED, now, participant=participant_id)
            return _participant(db, self.id, participant_id)  # type: ignore[arg-type]

    def seen(self, participant_id: int) -> None:
        """Note that the participant is still there (not a change: the revision stays)."""
        with self.store.transaction() as db:
            db.execute("UPDATE workshop_participants SET seen_at = ? WHERE id = ? AND "
                       "workshop = ?", (timestamp(self.clock()), participant_id, self.id))

    def answer(
        self, participant_id: int, choice: str, *, position: int | None = None
    ) -> WorkshopAnswer:
        """Record a participant's answer to their open item (facilitator pace: the current
        item; self pace: their own). Answering again replaces the answer until the item is
        revealed; the replaced answer stays on record. `position`, when given, must be that
        open item (a screen that fell behind gets an error, not an answer to the wrong item)."""
        with self._changing() as (db, info, now):
            if info.audience is not Audience.PARTICIPANTS:
                raise WorkshopError("room mode records tallies, not individual answers")
            person = _participant(db, self.id, participant_id)
            self._require_running(info, "answer")
            if info.pace is Pace.FACILITATOR:
                open_position = info.position
                if info.state is State.REVEALED and (position is None or position == open_position):
                    raise WorkshopError(f"item {open_position + 1} has been revealed: answers "
                                        "to it are closed")
            else:
                open_position = person.position
                if open_position >= _step_count(db, self.id):
                    raise WorkshopError("you have answered every item")
                if person.revealed:
                    raise WorkshopError(f"item {open_position + 1} has been revealed to you: "
                                        "your answer is final")
            if position is not None and position != open_position:
                raise WorkshopError(f"item {position + 1} is not open for answers (the open "
                                    f"item is {open_position + 1})")
            if choice not in self.pack.category_ids:
                raise WorkshopError(f"unknown category {choice!r} "
                                    f"(valid: {', '.join(self.pack.category_ids)})")
            step = _step(db, self.id, open_position)
            item = self._items[step.item_id]
            previous = db.execute(
                f"SELECT {_ANSWER_COLUMNS} FROM workshop_answers a "
                "JOIN workshop_participants p ON p.id = a.participant "
                "WHERE a.participant = ? AND a.position = ? AND a.latest = 1",
                (participant_id, open_position)).fetchone()
            if previous is not None and previous[7] == choice:
                return _answer(previous)
            verdict, credit = score_answer(choice, item.answer, item.also_accept,
                                           self.pack.pack.alternative_credit)
            shown = step.opened_at if info.pace is Pace.FACILITATOR else _shown_at(db, person.id)
            seconds = max(0.0, _seconds_between(shown, now)) if shown else 0.0
            db.execute("UPDATE workshop_answers SET latest = 0 WHERE participant = ? AND "
                       "position = ? AND latest = 1", (participant_id, open_position))
            db.execute(
                "INSERT INTO workshop_answers (workshop, participant, position, item_id, "
                "item_hash, actual, also_accept, chosen, verdict, credit, seconds, answered_at, "
                "latest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (self.id, participant_id, open_position, item.id, item_hash(item), item.answer,
                 json.dumps(list(item.also_accept)), choice, str(verdict), credit, seconds, now))
            db.execute("UPDATE workshop_participants SET seen_at = ? WHERE id = ?",
                       (now, participant_id))
            _bump(db, self.id, EventKind.CHANGED if previous else EventKind.ANSWERED, now,
                  position=open_position, participant=participant_id)
        answer = self.answer_of(participant_id, open_position)
        assert answer is not None
        return answer

    def participant_reveal(self, participant_id: int) -> Step:
        """Self pace: show the participant the answer to their discussion item (closing it)."""
        with self._changing() as (db, info, now):
            person = self._self_paced(db, info, participant_id)
            step = _step(db, self.id, person.position)
            if step.phase.is_check:
                raise WorkshopError(f"item {step.number} is part of the "
                                    f"{step.phase.title.lower()}: it is not revealed")
            if person.revealed:
                raise WorkshopError(f"item {step.number} is already revealed")
            if not _has_answer(db, participant_id, person.position):
                raise WorkshopError(f"answer item {step.number} before seeing the answer")
            db.execute("UPDATE workshop_participants SET revealed = 1, seen_at = ? WHERE id = ?",
                       (now, participant_id))
            _bump(db, self.id, EventKind.PARTICIPANT_REVEALED, now, position=step.position,
                  participant=participant_id)
        return step

    def participant_next(self, participant_id: int) -> Participant:
        """Self pace: the participant moves on (their item answered, and revealed if it is a
        discussion item); past the last item they have finished."""
        with self._changing() as (db, info, now):
            person = self._self_paced(db, info, participant_id)
            step = _step(db, self.id, person.position)
            if not _has_answer(db, participant_id, person.position):
                raise WorkshopError(f"answer item {step.number} before moving on")
            if not step.phase.is_check and not person.revealed:
                raise WorkshopError(f"see the answer to item {step.number} before moving on")
            position = person.position + 1
            db.execute("UPDATE workshop_participants SET position = ?, revealed = 0, "
                       "shown_at = ?, seen_at = ? WHERE id = ?",
                       (position, now, now, participant_id))
            finished = position >= _step_count(db, self.id)
            _bump(db, self.id,
                  EventKind.PARTICIPANT_FINISHED if finished else EventKind.PARTICIPANT_MOVED,
                  now, position=None if finished else position, participant=participant_id)
            return _participant(db, self.id, participant_id)

    # -- internals ----------------------------------------------------------------------------

    @contextmanager
    def _changing(self) -> Iterator[tuple[sqlite3.Connection, WorkshopInfo, str]]:
        # Each path that changes something calls _bump itself, in this same transaction.
        now = timestamp(self.clock())
        with self.store.transaction() as db:
            yield db, _info(db, self.id), now

    @contextmanager
    def _consistent_read(self) -> Iterator[sqlite3.Connection]:
        # A deferred transaction: every SELECT inside sees the same committed state.
        with self.store.reading() as db:
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")

    def _require_running(self, info: WorkshopInfo, doing: str) -> None:
        if info.state is State.LOBBY:
            raise WorkshopError(f"the workshop has not started yet: cannot {doing}")
        if info.state is State.DONE:
            raise WorkshopError(f"the workshop has ended: cannot {doing}")

    def _facilitator_step(self, db: sqlite3.Connection, info: WorkshopInfo, doing: str) -> Step:
        self._require_running(info, doing)
        if info.pace is Pace.SELF:
            raise WorkshopError(f"in a self-paced workshop each participant moves on their own: "
                                f"the facilitator cannot {doing}")
        return _step(db, self.id, info.position)

    def _self_paced(self, db: sqlite3.Connection, info: WorkshopInfo, participant_id: int):
        if info.pace is not Pace.SELF:
            raise WorkshopError("the facilitator sets the pace of this workshop")
        self._require_running(info, "move on")
        person = _participant(db, self.id, participant_id)
        if person.position >= _step_count(db, self.id):
            raise WorkshopError("you have answered every item")
        return person

    def _show(self, db: sqlite3.Connection, info: WorkshopInfo, position: int, now: str) -> None:
        step = _step(db, self.id, position)
        state = State.REVEALED if step.revealed else State.QUESTION
        db.execute("UPDATE workshops SET state = ?, position = ?, reached = MAX(reached, ?) "
                   "WHERE id = ?", (str(state), position, position, self.id))
        if step.opened_at is None:
            db.execute("UPDATE workshop_steps SET opened_at = ? WHERE workshop = ? AND "
                       "position = ?", (now, self.id, position))
        _bump(db, self.id, EventKind.SHOWN, now, position=position)

    def _finish(self, db: sqlite3.Connection, now: str, *, ended_early: bool) -> None:
        db.execute("UPDATE workshops SET state = ?, finished_at = ?, ended_early = ? WHERE id = ?",
                   (str(State.DONE), now, int(ended_early), self.id))
        _bump(db, self.id, EventKind.ENDED, now)

    def _complete(self, db: sqlite3.Connection, info: WorkshopInfo) -> bool:
        """Every item gone through: the last one reached (and revealed, if it is discussed);
        with self pace, every participant past the last item."""
        total = _step_count(db, self.id)
        if info.state is State.LOBBY:
            return False
        if info.pace is Pace.SELF:
            behind = db.execute("SELECT COUNT(*) FROM workshop_participants WHERE workshop = ? "
                                "AND position < ?", (self.id, total)).fetchone()[0]
            return behind == 0
        last = _step(db, self.id, total - 1)
        return info.reached == total - 1 and (last.revealed or last.phase.is_check)


def _already(info: WorkshopInfo) -> str:
    return ("the workshop has ended" if info.state is State.DONE
            else "the workshop has already started")


def _article_order(pack: LoadedPack) -> list[Item]:
    from quiz.core.engine import QuizOptions, select_items

    return select_items(pack, QuizOptions())


def _bump(
    db: sqlite3.Connection,
    workshop_id: int,
    kind: EventKind,
    at: str,
    *,
    position: int | None = None,
    participant: int | None = None,
) -> int:
    """Count one change: the revision and its event are written in the caller's transaction."""
    revision = db.execute("UPDATE workshops SET revision = revision + 1 WHERE id = ? "
                          "RETURNING revision", (workshop_id,)).fetchone()[0]
    db.execute("INSERT INTO workshop_events (workshop, revision, kind, position, participant, at) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (workshop_id, revision, str(kind), position, participant, at))
    return revision


def _event_from_row(row: Sequence) -> Event | None:
    revision, kind, position, participant, at = row
    try:
        known = EventKind(kind)
    except ValueError:
        # A kind this version does not know (a newer one shares the store): skipped, not fatal.
        # Followers read the revision itself, so they still wake; no screen here shows that kind.
        return None
    return Event(revision, known, position, participant, at)


def _info_from_row(row: Sequence) -> WorkshopInfo:
    (workshop_id, code, title, facilitator, pack_id, pack_version, pack_path, audience, pace,
     max_participants, room_size, options, state, position, reached, revision, created_at,
     started_at, finished_at, ended_early) = row
    return WorkshopInfo(
        id=workshop_id, code=code, title=title, facilitator=facilitator, pack_id=pack_id,
        pack_version=pack_version, pack_path=pack_path, audience=Audience(audience),
        pace=Pace(pace), max_participants=max_participants, room_size=room_size,
        options=json.loads(options or "{}"), state=State(state), position=position,
        reached=reached, revision=revision, created_at=created_at, started_at=started_at,
        finished_at=finished_at, ended_early=bool(ended_early),
    )


def _info(db: sqlite3.Connection, workshop_id: int) -> WorkshopInfo:
    row = db.execute(f"SELECT {_INFO_COLUMNS} FROM workshops WHERE id = ?",
                     (workshop_id,)).fetchone()
    if row is None:
        raise UnknownWorkshop(f"no workshop {workshop_id}")
    return _info_from_row(row)


_STEP_COLUMNS = "position, phase, item_id, item_hash, actual, also_accept, opened_at, revealed_at"


def _step_from_row(row: Sequence) -> Step:
    position, phase, item_id, fingerprint, actual, also_accept, opened_at, revealed_at = row
    return Step(position, Phase(phase), item_id, fingerprint, actual,
                tuple(json.loads(also_accept)), opened_at, revealed_at)


def _steps(db: sqlite3.Connection, workshop_id: int) -> tuple[Step, ...]:
    rows = db.execute(f"SELECT {_STEP_COLUMNS} FROM workshop_steps WHERE workshop = ? "
                      "ORDER BY position", (workshop_id,))
    return tuple(_step_from_row(row) for row in rows)


def _step(db: sqlite3.Connection, workshop_id: int, position: int) -> Step:
    row = db.execute(f"SELECT {_STEP_COLUMNS} FROM workshop_steps WHERE workshop = ? AND "
                     "position = ?", (workshop_id, position)).fetchone()
    if row is None:
        total = _step_count(db, workshop_id)
        raise WorkshopError(f"no item {position + 1} in this workshop (it has {total})")
    return _step_from_row(row)


def _step_count(db: sqlite3.Connection, workshop_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM workshop_steps WHERE workshop = ?",
                      (workshop_id,)).fetchone()[0]


def _participants(db: sqlite3.Connection, workshop_id: int) -> tuple[Participant, ...]:
    rows = db.execute(f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants "
                      "WHERE workshop = ? ORDER BY id", (workshop_id,))
    return tuple(Participant(i, n, j, s, p, bool(r)) for i, n, j, s, p, r in rows)


def _participant(db: sqlite3.Connection, workshop_id: int, participant_id: int) -> Participant:
    row = db.execute(f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants "
                     "WHERE id = ? AND workshop = ?", (participant_id, workshop_id)).fetchone()
    if row is None:
        raise WorkshopError(f"no participant {participant_id} in this workshop: join first")
    i, n, j, s, p, r = row
    return Participant(i, n, j, s, p, bool(r))


def _shown_at(db: sqlite3.Connection, participant_id: int) -> str | None:
    return db.execute("SELECT shown_at FROM workshop_participants WHERE id = ?",
                      (participant_id,)).fetchone()[0]


def _has_answer(db: sqlite3.Connection, participant_id: int, position: int) -> bool:
    return db.execute("SELECT 1 FROM workshop_answers WHERE participant = ? AND position = ? "
                      "AND latest = 1", (participant_id, position)).fetchone() is not None


def _answer(row: Sequence, changes: int = 0) -> WorkshopAnswer:
    (participant_id, name, position, item_id, fingerprint, actual, also_accept, chosen, verdict,
     credit, seconds, answered_at) = row
    return WorkshopAnswer(
        participant_id=participant_id, participant=name, position=position, item_id=item_id,
        item_hash=fingerprint, actual=actual, also_accept=tuple(json.loads(also_accept)),
        chosen=chosen, verdict=Verdict(verdict), credit=credit, seconds=seconds,
        answered_at=answered_at, changes=changes,
    )


def _tally_from_row(row: Sequence, changes: int = 0) -> Tally:
    position, item_id, fingerprint, counts, recorded_at = row
    return Tally(position, item_id, fingerprint,
                 None if counts is None else json.loads(counts), recorded_at, changes)


def _tally(db: sqlite3.Connection, workshop_id: int, position: int) -> Tally | None:
    rows = db.execute("SELECT position, item_id, item_hash, counts, recorded_at, latest "
                      "FROM workshop_tallies WHERE workshop = ? AND position = ? ORDER BY id",
                      (workshop_id, position)).fetchall()
    latest = [row for row in rows if row[-1]]
    return _tally_from_row(latest[-1][:-1], len(rows) - 1) if latest else None


def _distribution(
    db: sqlite3.Connection, workshop_id: int, position: int, categories: Sequence[str]
) -> dict[str, int]:
    counts = {category: 0 for category in categories}
    tally = _tally(db, workshop_id, position)
    if tally is not None and tally.counts:
        for category, hands in tally.counts.items():
            counts[category] = counts.get(category, 0) + hands
    for chosen, number in db.execute(
            "SELECT chosen, COUNT(*) FROM workshop_answers WHERE workshop = ? AND latest = 1 "
            "AND position = ? GROUP BY chosen", (workshop_id, position)):
        counts[chosen] = counts.get(chosen, 0) + number
    return counts


def _seconds_between(start: str, end: str) -> float:
    return (dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds()


# --- the store's workshops, as a whole -------------------------------------------------------


def read_info(store: Store, workshop_id: int) -> WorkshopInfo:
    with store.reading() as db:
        return _info(db, workshop_id)


def read_record(store: Store, workshop_id: int) -> WorkshopRecord:
    """A workshop with its steps, participants and latest answers and tallies (each with the
    number of times it was changed), read in one transaction."""
    with store.reading() as db:
        db.execute("BEGIN")
        try:
            info = _info(db, workshop_id)
            steps = _steps(db, workshop_id)
            participants = _participants(db, workshop_id)
            changed = {
                (participant, position): count - 1
                for participant, position, count in db.execute(
                    "SELECT participant, position, COUNT(*) FROM workshop_answers "
                    "WHERE workshop = ? GROUP BY participant, position HAVING COUNT(*) > 1",
                    (workshop_id,))
            }
            answers = tuple(
                _answer(row, changed.get((row[0], row[2]), 0)) for row in db.execute(
                    f"SELECT {_ANSWER_COLUMNS} FROM workshop_answers a "
                    "JOIN workshop_participants p ON p.id = a.participant "
                    "WHERE a.workshop = ? AND a.latest = 1 ORDER BY a.position, a.participant",
                    (workshop_id,))
            )
            tally_changes = dict(db.execute(
                "SELECT position, COUNT(*) - 1 FROM workshop_tallies WHERE workshop = ? "
                "GROUP BY position", (workshop_id,)).fetchall())
            tallies = tuple(
                _tally_from_row(row, tally_changes.get(row[0], 0)) for row in db.execute(
                    "SELECT position, item_id, item_hash, counts, recorded_at FROM "
                    "workshop_tallies WHERE workshop = ? AND latest = 1 ORDER BY position",
                    (workshop_id,))
            )
        finally:
            db.execute("COMMIT")
    return WorkshopRecord(info, steps, participants, answers, tallies)


def list_workshops(store: Store) -> list[WorkshopSummary]:
    """Every workshop, the most recent first."""
    with store.reading() as db:
        rows = db.execute(
            "SELECT w.id, w.code, w.title, w.pack_id, w.audience, w.pace, w.state, w.created_at, "
            "w.finished_at, "
            "(SELECT COUNT(*) FROM workshop_participants p WHERE p.workshop = w.id), "
            "(SELECT COUNT(*) FROM workshop_steps s WHERE s.workshop = w.id), "
            "(SELECT COUNT(*) FROM workshop_answers a WHERE a.workshop = w.id AND a.latest = 1) "
            "+ (SELECT COUNT(*) FROM workshop_tallies t WHERE t.workshop = w.id AND t.latest = 1 "
            "AND t.counts IS NOT NULL) "
            "FROM workshops w ORDER BY w.created_at DESC, w.id DESC").fetchall()
    return [WorkshopSummary(i, c, t, p, Audience(a), Pace(pace), State(s), created, finished,
                            people, steps, responses)
            for i, c, t, p, a, pace, s, created, finished, people, steps, responses in rows]


def find_workshop_id(store: Store, workshop: int | str | None) -> int:
    """A workshop's id from its id or join code; None means the most recent. UnknownWorkshop
    names the ones that exist (or says there are none yet)."""
    with store.reading() as db:
        if workshop is None:
            row = db.execute("SELECT id FROM workshops ORDER BY created_at DESC, id DESC "
                             "LIMIT 1").fetchone()
        else:
            text = str(workshop).strip()
            row = None
            if text.isdigit():
                row = db.execute("SELECT id FROM workshops WHERE id = ?", (int(text),)).fetchone()
            if row is None:
                row = db.execute("SELECT id FROM workshops WHERE code = ?",
                                 (normalize_code(text),)).fetchone()
        if row is not None:
            return row[0]
        known = [f"{i} ({format_code(c)})" for i, c in db.execute(
            "SELECT id, code FROM workshops ORDER BY created_at DESC, id DESC LIMIT 20")]
    if not known:
        raise UnknownWorkshop("there are no workshops yet: run 'quiz workshop room' or "
                              "'quiz workshop simulate --participants 20'")
    raise UnknownWorkshop(f"no workshop {str(workshop)!r}; the workshops are: {', '.join(known)} "
                          "(see 'quiz workshop list')")


def load_workshop_pack(store: Store, workshop_id: int) -> LoadedPack | None:
    """The pack a workshop was run with: its file, else a pack of the same id; None if neither
    loads (a report then labels categories by id)."""
    info = read_info(store, workshop_id)
    for attempt in (lambda: Path(info.pack_path), lambda: resolve_pack(info.pack_id)):
        try:
            path = attempt()
            if not path.is_file():
                continue
            pack = load_pack(path)
        except (LookupError, PackError, OSError):
            continue
        if pack.pack.id == info.pack_id:
            return pack
    return None


# --- simulated workshops ---------------------------------------------------------------------


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
    chosen = _article_order(pack)
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


__all__ = [
    "Audience", "CheckSplit", "Event", "Participant", "Pace", "Phase", "SimulatedReader",
    "Snapshot", "State", "Step", "Tally", "UnknownWorkshop", "Workshop", "WorkshopAnswer",
    "WorkshopError", "WorkshopFull", "WorkshopInfo", "WorkshopRecord", "WorkshopSummary",
    "WrongCode", "clean_display_name", "find_workshop_id", "format_code", "list_workshops",
    "load_workshop_pack", "new_join_code", "normalize_code", "parse_tally", "plan_steps",
    "read_record", "simulate_workshop", "split_check",
]

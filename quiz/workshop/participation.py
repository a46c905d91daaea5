"""What participants do in a workshop (Workshop's base class): join with a name, the code and
their device's rejoin secret, come back with that secret, be handed over to a new device or
removed by the facilitator, answer, and with self pace see the answer and move on.

Every call is one write transaction checked against the state as stored (quiz.workshop.model
says why); the rules that need no store are quiz.workshop.plan's, the SQL quiz.workshop.queries'.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from quiz.core.clock import UtcClock, timestamp
from quiz.core.packs import Item, LoadedPack
from quiz.core.scoring import score_answer
from quiz.core.workshop_records import (
    Audience,
    EventKind,
    Pace,
    Participant,
    State,
    Step,
    WorkshopAnswer,
    WorkshopInfo,
)
from quiz.storage.store import Store
from quiz.workshop import changes, queries
from quiz.workshop.plan import (
    NameTaken,
    RemovedParticipant,
    UnknownSecret,
    WorkshopError,
    WorkshopFull,
    WrongCode,
    answer_seconds,
    clean_display_name,
    name_key,
    normalize_code,
    refuse_reserved,
    require_running,
    secret_hash,
)


class Participation:
    """The participants' side of a Workshop (which sets these attributes)."""

    store: Store
    id: int
    pack: LoadedPack
    clock: UtcClock
    _items: dict[str, Item]

    def answer_of(self, participant_id: int, position: int) -> WorkshopAnswer | None:
        """The participant's latest answer to a step, or None."""
        with self.store.reading() as db:
            return queries.answer_of(db, self.id, participant_id, position)

    def join(self, name: str, code: str, *, secret: str | None = None) -> Participant:
        """Join with a display name and the join code. `secret` is the participant's rejoin
        secret (quiz.workshop.plan.new_secret): a newcomer's is kept (as a hash), and the same
        name (or one that reads the same: any case, look-alike letters) rejoins and continues
        its own record only with that same secret. Without it NameTaken: the facilitator may
        hand the name over (hand_over). WrongCode, WorkshopFull, or WorkshopError (a bad or
        reserved name, the workshop has ended)."""
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
            refuse_reserved(cleaned, info.facilitator)
            key = name_key(cleaned)
            known = queries.participant_named(db, self.id, key)
            if known is not None:
                stored = queries.secret_of(db, known.id)
                if secret is None or stored is None or stored != secret_hash(secret):
                    raise NameTaken(
                        f"someone has joined as {known.name!r} already: if that is you on "
                        "another device, ask the facilitator to let you in, or choose another "
                        "name", known.id, known.name)
                changes.touch_participant(db, self.id, known.id, now)
                changes.bump(db, self.id, EventKind.REJOINED, now, participant=known.id)
                return queries.participant(db, self.id, known.id)
            if queries.participant_count(db, self.id) >= info.max_participants:
                raise WorkshopFull(f"this workshop is full: all {info.max_participants} places "
                                   "are taken")
            shown_at = now if info.state is not State.LOBBY else None
            participant_id = changes.insert_participant(
                db, self.id, cleaned, key, now, shown_at,
                secret_hash(secret) if secret is not None else None)
            changes.bump(db, self.id, EventKind.JOINED, now, participant=participant_id)
            return queries.participant(db, self.id, participant_id)

    def resume(self, secret: str) -> Participant:
        """The participant whose browser holds this rejoin secret, back after a dropped
        connection or a restarted host (not a change: the revision stays). UnknownSecret when
        nobody holds it, or when the facilitator removed them (the message says which)."""
        with self._changing() as (db, info, now):
            person = queries.participant_by_secret(db, self.id, secret_hash(secret))
            if person is None:
                raise UnknownSecret("this device has not joined this workshop: join with a "
                                    "name and the code")
            if person.removed:
                raise RemovedParticipant("the facilitator removed you from this workshop")
            changes.touch_participant(db, self.id, person.id, now)
            return queries.participant(db, self.id, person.id)

    def hand_over(self, participant_id: int, secret: str) -> Participant:
        """The facilitator lets a participant continue on another device: from now on only
        `secret` (that device's) lets them in; the device they had before no longer can."""
        with self._changing() as (db, info, now):
            if info.state is State.DONE:
                raise WorkshopError("this workshop has ended")
            person = queries.participant(db, self.id, participant_id)
            if person.removed:
                raise WorkshopError(f"{person.name!r} was removed from this workshop")
            changes.set_secret(db, participant_id, secret_hash(secret), now)
            changes.bump(db, self.id, EventKind.REJOINED, now, participant=participant_id)
            return queries.participant(db, self.id, participant_id)

    def remove(self, participant_id: int) -> Participant:
        """The facilitator removes a participant: they leave every list, count and report, their
        name is free for someone else, and their device cannot rejoin with its secret. Their
        rows stay on record."""
        with self._changing() as (db, info, now):
            person = queries.participant(db, self.id, participant_id)
            if person.removed:
                raise WorkshopError(f"{person.name!r} has already been removed")
            changes.mark_removed(db, participant_id, now)
            changes.bump(db, self.id, EventKind.REMOVED, now, participant=participant_id)
            return queries.participant(db, self.id, participant_id)

    def rekey_names(self) -> int:
        """Compare the names of a workshop made before look-alike names were (v4 stores) as this
        version does; the number of names changed. Run when a workshop is continued."""
        with self.store.transaction() as db:
            return changes.rekey_names(db, self.id, name_key)

    def seen(self, participant_id: int) -> None:
        """Note that the participant is still there (not a change: the revision stays)."""
        with self.store.transaction() as db:
            changes.touch_participant(db, self.id, participant_id, timestamp(self.clock()))

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
            person = queries.participant(db, self.id, participant_id)
            if person.removed:
                raise WorkshopError("the facilitator removed you from this workshop")
            require_running(info, "answer")
            if info.pace is Pace.FACILITATOR:
                open_position = info.position
                if info.state is State.REVEALED and (position is None or position == open_position):
                    raise WorkshopError(f"item {open_position + 1} has been revealed: answers "
                                        "to it are closed")
            else:
                open_position = person.position
                if open_position >= queries.step_count(db, self.id):
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
            step = queries.step(db, self.id, open_position)
            item = self._items[step.item_id]
            previous = queries.latest_answer(db, participant_id, open_position)
            if previous is not None and previous.chosen == choice:
                return previous
            verdict, credit = score_answer(choice, item.answer, item.also_accept,
                                           self.pack.pack.alternative_credit)
            shown = (step.opened_at if info.pace is Pace.FACILITATOR
                     else queries.shown_at(db, person.id))
            seconds = answer_seconds(shown, now)
            changes.insert_answer(db, self.id, participant_id, open_position, item, choice,
                                  verdict, credit, seconds, now)
            changes.touch_participant(db, self.id, participant_id, now)
            changes.bump(db, self.id, EventKind.CHANGED if previous else EventKind.ANSWERED, now,
                         position=open_position, participant=participant_id)
        answer = self.answer_of(participant_id, open_position)
        assert answer is not None
        return answer

    def participant_reveal(self, participant_id: int) -> Step:
        """Self pace: show the participant the answer to their discussion item (closing it)."""
        with self._changing() as (db, info, now):
            person = self._self_paced(db, info, participant_id)
            step = queries.step(db, self.id, person.position)
            if step.phase.is_check:
                raise WorkshopError(f"item {step.number} is part of the "
                                    f"{step.phase.title.lower()}: it is not revealed")
            if person.revealed:
                raise WorkshopError(f"item {step.number} is already revealed")
            if not queries.has_answer(db, participant_id, person.position):
                raise WorkshopError(f"answer item {step.number} before seeing the answer")
            changes.reveal_to_participant(db, participant_id, now)
            changes.bump(db, self.id, EventKind.PARTICIPANT_REVEALED, now, position=step.position,
                         participant=participant_id)
        return step

    def participant_next(self, participant_id: int) -> Participant:
        """Self pace: the participant moves on (their item answered, and revealed if it is a
        discussion item); past the last item they have finished."""
        with self._changing() as (db, info, now):
            person = self._self_paced(db, info, participant_id)
            step = queries.step(db, self.id, person.position)
            if not queries.has_answer(db, participant_id, person.position):
                raise WorkshopError(f"answer item {step.number} before moving on")
            if not step.phase.is_check and not person.revealed:
                raise WorkshopError(f"see the answer to item {step.number} before moving on")
            position = person.position + 1
            changes.move_participant(db, participant_id, position, now)
            finished = position >= queries.step_count(db, self.id)
            changes.bump(db, self.id,
                         EventKind.PARTICIPANT_FINISHED if finished
                         else EventKind.PARTICIPANT_MOVED, now,
                         position=None if finished else position, participant=participant_id)
            return queries.participant(db, self.id, participant_id)

    # -- internals ----------------------------------------------------------------------------

    @contextmanager
    def _changing(self) -> Iterator[tuple[sqlite3.Connection, WorkshopInfo, str]]:
        # Each path that changes something calls changes.bump itself, in this same transaction.
        now = timestamp(self.clock())
        with self.store.transaction() as db:
            yield db, queries.info(db, self.id), now

    def _self_paced(self, db: sqlite3.Connection, info: WorkshopInfo, participant_id: int):
        if info.pace is not Pace.SELF:
            raise WorkshopError("the facilitator sets the pace of this workshop")
        require_running(info, "move on")
        person = queries.participant(db, self.id, participant_id)
        if person.removed:
            raise WorkshopError("the facilitator removed you from this workshop")
        if person.position >= queries.step_count(db, self.id):
            raise WorkshopError("you have answered every item")
        return person

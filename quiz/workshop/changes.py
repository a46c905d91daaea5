"""Every statement that changes the workshop tables, run in the caller's write transaction:
the revision and its event (`bump`), a new workshop and its steps, the facilitator's moves,
tallies, participants (joined, seen, handed over, removed, re-keyed) and their answers.

quiz.workshop.model and quiz.workshop.participation decide which change is allowed and call
these inside one transaction; what they read first is quiz.workshop.queries'.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from quiz.core.packs import Item, LoadedPack
from quiz.core.records import item_hash
from quiz.core.scoring import Verdict
from quiz.core.workshop_records import Audience, EventKind, Pace, Phase, State, Step
from quiz.workshop.plan import WorkshopError

# Participants the facilitator removed stay on record, out of every list, count and report.
_TAKING_PART = "removed_at IS NULL"


def bump(
    db: sqlite3.Connection, workshop_id: int, kind: EventKind, at: str, *,
    position: int | None = None, participant: int | None = None,
) -> int:
    """Count one change: the revision and its event are written in the caller's transaction."""
    revision = db.execute("UPDATE workshops SET revision = revision + 1 WHERE id = ? "
                          "RETURNING revision", (workshop_id,)).fetchone()[0]
    db.execute("INSERT INTO workshop_events (workshop, revision, kind, position, participant, at) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               (workshop_id, revision, str(kind), position, participant, at))
    return revision


def insert_workshop(
    db: sqlite3.Connection, pack: LoadedPack, *, code: str, title: str, facilitator: str,
    audience: Audience, pace: Pace, max_participants: int, room_size: int | None,
    options: dict[str, object], state: State, now: str,
) -> int:
    """A new workshop's row; its id."""
    cursor = db.execute(
        "INSERT INTO workshops (code, title, facilitator, pack_id, pack_version, "
        "pack_path, audience, pace, max_participants, room_size, options, state, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (code, title, facilitator, pack.pack.id, pack.pack.version, pack.path, str(audience),
         str(pace), max_participants, room_size, json.dumps(options), str(state), now),
    )
    workshop_id = cursor.lastrowid
    assert workshop_id is not None
    return workshop_id


def insert_steps(
    db: sqlite3.Connection, workshop_id: int, planned: Sequence[tuple[Phase, Item]]
) -> None:
    """The running order, each item with its answer as the pack has it now."""
    db.executemany(
        "INSERT INTO workshop_steps (workshop, position, phase, item_id, item_hash, "
        "actual, also_accept) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(workshop_id, n, str(phase), item.id, item_hash(item), item.answer,
          json.dumps(list(item.also_accept))) for n, (phase, item) in enumerate(planned)],
    )


def mark_started(db: sqlite3.Connection, workshop_id: int, state: State, now: str) -> None:
    """The workshop in `state` on its first step."""
    db.execute("UPDATE workshops SET state = ?, position = 0, reached = 0, started_at = ? "
               "WHERE id = ?", (str(state), now, workshop_id))


def set_state(db: sqlite3.Connection, workshop_id: int, state: State) -> None:
    db.execute("UPDATE workshops SET state = ? WHERE id = ?", (str(state), workshop_id))


def move_to(db: sqlite3.Connection, workshop_id: int, state: State, position: int) -> None:
    """The facilitator's step is now `position` (in `state`); `reached` never goes back."""
    db.execute("UPDATE workshops SET state = ?, position = ?, reached = MAX(reached, ?) "
               "WHERE id = ?", (str(state), position, position, workshop_id))


def mark_finished(
    db: sqlite3.Connection, workshop_id: int, state: State, now: str, *, ended_early: bool
) -> None:
    db.execute("UPDATE workshops SET state = ?, finished_at = ?, ended_early = ? WHERE id = ?",
               (str(state), now, int(ended_early), workshop_id))


def mark_opened(db: sqlite3.Connection, workshop_id: int, position: int, now: str) -> None:
    """The step was first shown now."""
    db.execute("UPDATE workshop_steps SET opened_at = ? WHERE workshop = ? AND "
               "position = ?", (now, workshop_id, position))


def mark_revealed(db: sqlite3.Connection, workshop_id: int, position: int, now: str) -> None:
    db.execute("UPDATE workshop_steps SET revealed_at = ? WHERE workshop = ? AND "
               "position = ?", (now, workshop_id, position))


def show_everyone(db: sqlite3.Connection, workshop_id: int, now: str) -> None:
    """Self pace: every participant's own step was shown now."""
    db.execute("UPDATE workshop_participants SET shown_at = ? WHERE workshop = ?",
               (now, workshop_id))


def insert_tally(
    db: sqlite3.Connection, workshop_id: int, counted: Step, counts: dict[str, int] | None,
    now: str,
) -> None:
    """The step's tally (None: skipped); the one it replaces stays on record, no longer latest."""
    db.execute("UPDATE workshop_tallies SET latest = 0 WHERE workshop = ? AND "
               "position = ? AND latest = 1", (workshop_id, counted.position))
    db.execute(
        "INSERT INTO workshop_tallies (workshop, position, item_id, item_hash, counts, "
        "recorded_at, latest) VALUES (?, ?, ?, ?, ?, ?, 1)",
        (workshop_id, counted.position, counted.item_id, counted.item_hash,
         None if counts is None else json.dumps(counts), now))


def insert_participant(
    db: sqlite3.Connection, workshop_id: int, name: str, key: str, now: str,
    shown_at: str | None, fingerprint: str | None = None,
) -> int:
    """A newcomer, joined and seen now, with the hash of their rejoin secret; their id."""
    cursor = db.execute(
        "INSERT INTO workshop_participants (workshop, name, name_key, joined_at, "
        "seen_at, shown_at, secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (workshop_id, name, key, now, now, shown_at, fingerprint))
    participant_id = cursor.lastrowid
    assert participant_id is not None
    return participant_id


def touch_participant(
    db: sqlite3.Connection, workshop_id: int, participant_id: int, now: str
) -> None:
    """The participant was seen now."""
    db.execute("UPDATE workshop_participants SET seen_at = ? WHERE id = ? AND "
               "workshop = ?", (now, participant_id, workshop_id))


def set_secret(db: sqlite3.Connection, participant_id: int, fingerprint: str, now: str) -> None:
    """The participant continues on another device: only its secret lets them in now."""
    db.execute("UPDATE workshop_participants SET secret_hash = ?, seen_at = ? WHERE id = ?",
               (fingerprint, now, participant_id))


def mark_removed(db: sqlite3.Connection, participant_id: int, now: str) -> None:
    """The facilitator removed the participant. Their name is free again (their key is made
    unique to them: no name's key holds small Latin letters), their secret now only tells
    their page that they were removed."""
    db.execute("UPDATE workshop_participants SET removed_at = ?, "
               "name_key = '~removed ' || id || ' ' || name_key WHERE id = ?",
               (now, participant_id))


def rekey_names(db: sqlite3.Connection, workshop_id: int, key) -> int:
    """Give every participant's name its key as this version computes it (`key(name)`), where
    no other participant has that key already; the number of names re-keyed. Workshops made
    before look-alike names were compared kept case-folded keys."""
    rows = db.execute("SELECT id, name, name_key FROM workshop_participants WHERE workshop = ? "
                      f"AND {_TAKING_PART}", (workshop_id,)).fetchall()
    taken = {stored for _, _, stored in rows}
    changed = 0
    for participant_id, name, stored in rows:
        try:
            wanted = key(name)
        except WorkshopError:
            continue  # a name stored before it would be refused: keep its old key
        if wanted != stored and wanted not in taken:
            db.execute("UPDATE workshop_participants SET name_key = ? WHERE id = ?",
                       (wanted, participant_id))
            taken.discard(stored)
            taken.add(wanted)
            changed += 1
    return changed


def reveal_to_participant(db: sqlite3.Connection, participant_id: int, now: str) -> None:
    """Self pace: the participant has seen the answer to their step."""
    db.execute("UPDATE workshop_participants SET revealed = 1, seen_at = ? WHERE id = ?",
               (now, participant_id))


def move_participant(db: sqlite3.Connection, participant_id: int, position: int, now: str) -> None:
    """Self pace: the participant's own step is now `position`, shown now and not revealed."""
    db.execute("UPDATE workshop_participants SET position = ?, revealed = 0, "
               "shown_at = ?, seen_at = ? WHERE id = ?",
               (position, now, now, participant_id))


def insert_answer(
    db: sqlite3.Connection, workshop_id: int, participant_id: int, position: int, item: Item,
    chosen: str, verdict: Verdict, credit: float, seconds: float, now: str,
) -> None:
    """The participant's answer to a step; the one it replaces stays on record, no longer
    latest."""
    db.execute("UPDATE workshop_answers SET latest = 0 WHERE participant = ? AND "
               "position = ? AND latest = 1", (participant_id, position))
    db.execute(
        "INSERT INTO workshop_answers (workshop, participant, position, item_id, "
        "item_hash, actual, also_accept, chosen, verdict, credit, seconds, answered_at, "
        "latest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        (workshop_id, participant_id, position, item.id, item_hash(item), item.answer,
         json.dumps(list(item.also_accept)), chosen, str(verdict), credit, seconds, now))

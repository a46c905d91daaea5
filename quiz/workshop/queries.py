"""The SQL that reads workshops: every query on the workshop tables of the store, turned into
the records of quiz.core.workshop_records (by quiz.workshop.rows), and the store-wide reads (one
workshop's record, all of them, the last unfinished one).

Functions taking a connection run inside the caller's transaction and never open one, so each
action of quiz.workshop.model stays one write transaction; what it writes is in
quiz.workshop.changes, and the rules (which change is allowed, which state follows) are the
model's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from quiz.content.pack_files import pack_played
from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import (
    Audience,
    Event,
    Pace,
    Participant,
    State,
    Step,
    Tally,
    WorkshopAnswer,
    WorkshopInfo,
    WorkshopRecord,
    WorkshopSummary,
)
from quiz.storage.store import Store
from quiz.workshop import rows as parse
from quiz.workshop.plan import (
    DamagedRow,
    UnknownWorkshop,
    WorkshopError,
    format_code,
    normalize_code,
)

_INFO_COLUMNS = ("id, code, title, facilitator, pack_id, pack_version, pack_path, audience, pace, "
                 "max_participants, room_size, options, state, position, reached, revision, "
                 "created_at, started_at, finished_at, ended_early")
_STEP_COLUMNS = "position, phase, item_id, item_hash, actual, also_accept, opened_at, revealed_at"
_PARTICIPANT_COLUMNS = "id, name, joined_at, seen_at, position, revealed, removed_at"
_ANSWER_COLUMNS = ("a.participant, p.name, a.position, a.item_id, a.item_hash, a.actual, "
                   "a.also_accept, a.chosen, a.verdict, a.credit, a.seconds, a.answered_at, a.id")
# Participants the facilitator removed stay on record, out of every list, count and report.
_TAKING_PART = "removed_at IS NULL"


@contextmanager
def consistent_read(store: Store) -> Iterator[sqlite3.Connection]:
    """A deferred transaction: every SELECT inside sees the same committed state."""
    with store.reading() as db:
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.execute("COMMIT")


# --- reading one workshop, in the caller's transaction ---------------------------------------


def info(db: sqlite3.Connection, workshop_id: int) -> WorkshopInfo:
    row = db.execute(f"SELECT {_INFO_COLUMNS} FROM workshops WHERE id = ?",
                     (workshop_id,)).fetchone()
    if row is None:
        raise UnknownWorkshop(f"no workshop {workshop_id}")
    return parse.info_from_row(row)


def revision(db: sqlite3.Connection, workshop_id: int) -> int:
    row = db.execute("SELECT revision FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
    return row[0]


def events_since(db: sqlite3.Connection, workshop_id: int, revision: int) -> list[Event]:
    rows = db.execute(
        "SELECT revision, kind, position, participant, at FROM workshop_events "
        "WHERE workshop = ? AND revision > ? ORDER BY revision",
        (workshop_id, revision)).fetchall()
    return [event for event in map(parse.event_from_row, rows) if event is not None]


def steps(db: sqlite3.Connection, workshop_id: int) -> tuple[Step, ...]:
    rows = db.execute(f"SELECT {_STEP_COLUMNS} FROM workshop_steps WHERE workshop = ? "
                      "ORDER BY position", (workshop_id,))
    return tuple(parse.step_from_row(row, workshop_id) for row in rows)


def step(db: sqlite3.Connection, workshop_id: int, position: int) -> Step:
    row = db.execute(f"SELECT {_STEP_COLUMNS} FROM workshop_steps WHERE workshop = ? AND "
                     "position = ?", (workshop_id, position)).fetchone()
    if row is None:
        total = step_count(db, workshop_id)
        raise WorkshopError(f"no item {position + 1} in this workshop (it has {total})")
    return parse.step_from_row(row, workshop_id)


def step_count(db: sqlite3.Connection, workshop_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM workshop_steps WHERE workshop = ?",
                      (workshop_id,)).fetchone()[0]


def participants(db: sqlite3.Connection, workshop_id: int) -> tuple[Participant, ...]:
    """Everyone taking part (the removed left out), in the order they joined."""
    rows = db.execute(f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants "
                      f"WHERE workshop = ? AND {_TAKING_PART} ORDER BY id", (workshop_id,))
    return tuple(parse.participant_from_row(row) for row in rows)


def participant(db: sqlite3.Connection, workshop_id: int, participant_id: int) -> Participant:
    row = db.execute(f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants "
                     "WHERE id = ? AND workshop = ?", (participant_id, workshop_id)).fetchone()
    if row is None:
        raise WorkshopError(f"no participant {participant_id} in this workshop: join first")
    return parse.participant_from_row(row)


def participant_named(db: sqlite3.Connection, workshop_id: int, key: str) -> Participant | None:
    """The participant whose name has this key (quiz.workshop.plan.name_key), or None."""
    row = db.execute(
        f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants "
        "WHERE workshop = ? AND name_key = ?", (workshop_id, key)).fetchone()
    return None if row is None else parse.participant_from_row(row)


def participant_by_secret(
    db: sqlite3.Connection, workshop_id: int, fingerprint: str
) -> Participant | None:
    """The participant (removed or not) whose rejoin secret has this hash, or None."""
    row = db.execute(
        f"SELECT {_PARTICIPANT_COLUMNS} FROM workshop_participants "
        "WHERE workshop = ? AND secret_hash = ?", (workshop_id, fingerprint)).fetchone()
    return None if row is None else parse.participant_from_row(row)


def secret_of(db: sqlite3.Connection, participant_id: int) -> str | None:
    """The hash of the participant's rejoin secret (None: they joined without one)."""
    row = db.execute("SELECT secret_hash FROM workshop_participants WHERE id = ?",
                     (participant_id,)).fetchone()
    return None if row is None else row[0]


def participant_count(db: sqlite3.Connection, workshop_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM workshop_participants WHERE workshop = ? "
                      f"AND {_TAKING_PART}", (workshop_id,)).fetchone()[0]


def participants_before(db: sqlite3.Connection, workshop_id: int, position: int) -> int:
    """How many participants are on a step before `position` (self pace)."""
    return db.execute("SELECT COUNT(*) FROM workshop_participants WHERE workshop = ? "
                      f"AND position < ? AND {_TAKING_PART}",
                      (workshop_id, position)).fetchone()[0]


def shown_at(db: sqlite3.Connection, participant_id: int) -> str | None:
    """When the participant's own step was shown to them (self pace)."""
    return db.execute("SELECT shown_at FROM workshop_participants WHERE id = ?",
                      (participant_id,)).fetchone()[0]


def has_answer(db: sqlite3.Connection, participant_id: int, position: int) -> bool:
    return db.execute("SELECT 1 FROM workshop_answers WHERE participant = ? AND position = ? "
                      "AND latest = 1", (participant_id, position)).fetchone() is not None


def latest_answer(
    db: sqlite3.Connection, participant_id: int, position: int
) -> WorkshopAnswer | None:
    """The participant's latest answer to a step (its `changes` not counted), or None."""
    row = db.execute(
        f"SELECT {_ANSWER_COLUMNS} FROM workshop_answers a "
        "JOIN workshop_participants p ON p.id = a.participant "
        "WHERE a.participant = ? AND a.position = ? AND a.latest = 1",
        (participant_id, position)).fetchone()
    return None if row is None else parse.answer_from_row(row)


def answer_of(
    db: sqlite3.Connection, workshop_id: int, participant_id: int, position: int
) -> WorkshopAnswer | None:
    """The participant's latest answer to a step of this workshop, with the answers it replaced
    counted, or None."""
    row = db.execute(
        f"SELECT {_ANSWER_COLUMNS} FROM workshop_answers a "
        "JOIN workshop_participants p ON p.id = a.participant "
        "WHERE a.participant = ? AND a.position = ? AND a.latest = 1 AND a.workshop = ?",
        (participant_id, position, workshop_id)).fetchone()
    if row is None:
        return None
    given = db.execute("SELECT COUNT(*) FROM workshop_answers WHERE participant = ? "
                       "AND position = ?", (participant_id, position)).fetchone()[0]
    return parse.answer_from_row(row, given - 1)


def latest_answers_of(
    db: sqlite3.Connection, workshop_id: int, participant_id: int
) -> list[WorkshopAnswer]:
    """A participant's latest answers, in the order of the steps."""
    rows = db.execute(
        f"SELECT {_ANSWER_COLUMNS} FROM workshop_answers a "
        "JOIN workshop_participants p ON p.id = a.participant "
        "WHERE a.participant = ? AND a.latest = 1 AND a.workshop = ? ORDER BY a.position",
        (participant_id, workshop_id)).fetchall()
    return [parse.answer_from_row(row) for row in rows]


def answered(db: sqlite3.Connection, workshop_id: int, position: int) -> frozenset[int]:
    """The ids of the participants with an answer to the step."""
    return frozenset(chosen_at(db, workshop_id, position))


def chosen_at(
    db: sqlite3.Connection, workshop_id: int, position: int
) -> dict[int, tuple[str, float]]:
    """Participant id -> (category, seconds) of their latest answer to the step, for everyone
    taking part."""
    return {participant: (chosen, seconds) for participant, chosen, seconds in db.execute(
        "SELECT a.participant, a.chosen, a.seconds FROM workshop_answers a "
        "JOIN workshop_participants p ON p.id = a.participant "
        f"WHERE a.workshop = ? AND a.latest = 1 AND a.position = ? AND p.{_TAKING_PART}",
        (workshop_id, position))}


def tally(db: sqlite3.Connection, workshop_id: int, position: int) -> Tally | None:
    rows = db.execute("SELECT position, item_id, item_hash, counts, recorded_at, latest "
                      "FROM workshop_tallies WHERE workshop = ? AND position = ? ORDER BY id",
                      (workshop_id, position)).fetchall()
    latest = [row for row in rows if row[-1]]
    return parse.tally_from_row(latest[-1][:-1], len(rows) - 1) if latest else None


def distribution(
    db: sqlite3.Connection, workshop_id: int, position: int, categories: Sequence[str]
) -> dict[str, int]:
    counts = {category: 0 for category in categories}
    latest = tally(db, workshop_id, position)
    if latest is not None and latest.counts:
        for category, hands in latest.counts.items():
            counts[category] = counts.get(category, 0) + hands
    for chosen, number in db.execute(
            "SELECT a.chosen, COUNT(*) FROM workshop_answers a "
            "JOIN workshop_participants p ON p.id = a.participant "
            f"WHERE a.workshop = ? AND a.latest = 1 AND a.position = ? AND p.{_TAKING_PART} "
            "GROUP BY a.chosen", (workshop_id, position)):
        counts[chosen] = counts.get(chosen, 0) + number
    return counts


# --- the store's join codes --------------------------------------------------------------------


def taken_codes(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT code FROM workshops")}


# --- the store's workshops, as a whole -------------------------------------------------------


def read_info(store: Store, workshop_id: int) -> WorkshopInfo:
    with store.reading() as db:
        return info(db, workshop_id)


def read_record(store: Store, workshop_id: int) -> WorkshopRecord:
    """A workshop with its steps, participants and latest answers and tallies (each with the
    number of times it was changed), read in one transaction. An answer or tally row with a
    damaged value is left out and named in `skipped`; a damaged workshop or step row raises
    DamagedRow (the workshop cannot be read without it)."""
    skipped: list[str] = []

    def readable(parse, rows):
        for row in rows:
            try:
                yield parse(row)
            except DamagedRow as damage:
                skipped.append(f"{damage}: left out")

    with consistent_read(store) as db:
        workshop = info(db, workshop_id)
        planned = steps(db, workshop_id)
        people = participants(db, workshop_id)
        changed = {
            (participant, position): count - 1
            for participant, position, count in db.execute(
                "SELECT participant, position, COUNT(*) FROM workshop_answers "
                "WHERE workshop = ? GROUP BY participant, position HAVING COUNT(*) > 1",
                (workshop_id,))
        }
        answers = tuple(readable(
            lambda row: parse.answer_from_row(row, changed.get((row[0], row[2]), 0)), db.execute(
                f"SELECT {_ANSWER_COLUMNS} FROM workshop_answers a "
                "JOIN workshop_participants p ON p.id = a.participant "
                f"WHERE a.workshop = ? AND a.latest = 1 AND p.{_TAKING_PART} "
                "ORDER BY a.position, a.participant", (workshop_id,))))
        tally_changes = dict(db.execute(
            "SELECT position, COUNT(*) - 1 FROM workshop_tallies WHERE workshop = ? "
            "GROUP BY position", (workshop_id,)).fetchall())
        tallies = tuple(readable(
            lambda row: parse.tally_from_row(row, tally_changes.get(row[0], 0)), db.execute(
                "SELECT position, item_id, item_hash, counts, recorded_at FROM "
                "workshop_tallies WHERE workshop = ? AND latest = 1 ORDER BY position",
                (workshop_id,))))
    return WorkshopRecord(workshop, planned, people, answers, tallies, tuple(skipped))


def list_workshops(store: Store, skipped: list[str] | None = None) -> list[WorkshopSummary]:
    """Every workshop, the most recent first. A row with a damaged value is left out, and a
    line naming it is added to `skipped`."""
    with store.reading() as db:
        rows = db.execute(
            "SELECT w.id, w.code, w.title, w.pack_id, w.audience, w.pace, w.state, w.created_at, "
            "w.finished_at, "
            "(SELECT COUNT(*) FROM workshop_participants p WHERE p.workshop = w.id "
            f"AND p.{_TAKING_PART}), "
            "(SELECT COUNT(*) FROM workshop_steps s WHERE s.workshop = w.id), "
            "(SELECT COUNT(*) FROM workshop_answers a WHERE a.workshop = w.id AND a.latest = 1) "
            "+ (SELECT COUNT(*) FROM workshop_tallies t WHERE t.workshop = w.id AND t.latest = 1 "
            "AND t.counts IS NOT NULL) "
            "FROM workshops w ORDER BY w.created_at DESC, w.id DESC").fetchall()
    summaries = []
    for i, c, t, p, a, pace, s, created, finished, people, steps_, responses in rows:
        try:
            summaries.append(WorkshopSummary(
                i, c, t, p, parse.checked_enum(Audience, a, "workshops", i, "audience"),
                parse.checked_enum(Pace, pace, "workshops", i, "pace"),
                parse.checked_enum(State, s, "workshops", i, "state"), created, finished,
                people, steps_, responses))
        except DamagedRow as damage:
            if skipped is not None:
                skipped.append(f"{damage}: left out")
    return summaries


def latest_unfinished(store: Store) -> WorkshopInfo | None:
    """The most recent workshop of participants (a hosted one) that has not ended, or None."""
    with store.reading() as db:
        row = db.execute(
            f"SELECT {_INFO_COLUMNS} FROM workshops WHERE audience = ? AND state != ? "
            "ORDER BY created_at DESC, id DESC LIMIT 1",
            (str(Audience.PARTICIPANTS), str(State.DONE))).fetchone()
    return None if row is None else parse.info_from_row(row)


def find_workshop_id(store: Store, workshop: int | str | None) -> int:
    """A workshop's id from its id or join code; None means the most recent. UnknownWorkshop
    names the ones that exist (or says there are none yet)."""
    with store.reading() as db:
        if workshop is None:
            row = db.execute("SELECT id FROM workshops ORDER BY created_at DESC, id DESC "
                             "LIMIT 1").fetchone()
        else:
            text = str(workshop).strip()
            # A join code first: codes are six digits now, and "000123" is not workshop 123.
            row = db.execute("SELECT id FROM workshops WHERE code = ?",
                             (normalize_code(text),)).fetchone()
            if row is None and text.isascii() and text.isdigit():
                row = db.execute("SELECT id FROM workshops WHERE id = ?", (int(text),)).fetchone()
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
    workshop = read_info(store, workshop_id)
    return pack_played(workshop.pack_id, workshop.pack_path)

"""The workshop tables' rows turned into the records of quiz.core.workshop_records: each value
checked as it is read, so a damaged one (a damaged file, a hand edit, a newer version's word) is
a DamagedRow naming the table, the row and the value, never a KeyError or a JSON traceback.

Used by quiz.workshop.queries, which holds the SQL; nothing here touches a connection.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from quiz.core.scoring import Verdict
from quiz.core.workshop_records import (
    Audience,
    Event,
    EventKind,
    Pace,
    Participant,
    Phase,
    State,
    Step,
    Tally,
    WorkshopAnswer,
    WorkshopInfo,
)
from quiz.workshop.plan import DamagedRow


def checked_enum(kind, value, table: str, row: object, column: str):
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise DamagedRow(f"{table} row {row} is damaged: its {column} {value!r} is not one of "
                         f"{known}") from None


def _json(value, table: str, row: object, column: str, expected: type, *, empty=None):
    if value is None and empty is not None:
        return empty
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        loaded = None
    if not isinstance(loaded, expected):
        raise DamagedRow(f"{table} row {row} is damaged: its {column} {value!r} is not a JSON "
                         f"{'list' if expected is list else 'object'}")
    return loaded


def _categories(value, table: str, row: object) -> tuple[str, ...]:
    loaded = _json(value, table, row, "also_accept", list)
    if not all(isinstance(category, str) for category in loaded):
        raise DamagedRow(f"{table} row {row} is damaged: its also_accept {value!r} is not a "
                         "list of category ids")
    return tuple(loaded)


def info_from_row(row: Sequence) -> WorkshopInfo:
    (workshop_id, code, title, facilitator, pack_id, pack_version, pack_path, audience, pace,
     max_participants, room_size, options, state, position, reached, revision, created_at,
     started_at, finished_at, ended_early) = row
    where = "workshops"
    return WorkshopInfo(
        id=workshop_id, code=code, title=title, facilitator=facilitator, pack_id=pack_id,
        pack_version=pack_version, pack_path=pack_path,
        audience=checked_enum(Audience, audience, where, workshop_id, "audience"),
        pace=checked_enum(Pace, pace, where, workshop_id, "pace"),
        max_participants=max_participants,
        room_size=room_size, options=_json(options or "{}", where, workshop_id, "options", dict),
        state=checked_enum(State, state, where, workshop_id, "state"), position=position,
        reached=reached, revision=revision, created_at=created_at, started_at=started_at,
        finished_at=finished_at, ended_early=bool(ended_early),
    )


def step_from_row(row: Sequence, workshop_id: int = 0) -> Step:
    position, phase, item_id, fingerprint, actual, also_accept, opened_at, revealed_at = row
    where, number = "workshop_steps", f"{position + 1} of workshop {workshop_id}"
    return Step(position, checked_enum(Phase, phase, where, number, "phase"), item_id, fingerprint,
                actual, _categories(also_accept, where, number), opened_at, revealed_at)


def participant_from_row(row: Sequence) -> Participant:
    i, n, j, s, p, r, removed = row
    return Participant(i, n, j, s, p, bool(r), removed)


def answer_from_row(row: Sequence, changes: int = 0) -> WorkshopAnswer:
    (participant_id, name, position, item_id, fingerprint, actual, also_accept, chosen, verdict,
     credit, seconds, answered_at, answer_id) = row
    where = "workshop_answers"
    return WorkshopAnswer(
        participant_id=participant_id, participant=name, position=position, item_id=item_id,
        item_hash=fingerprint, actual=actual,
        also_accept=_categories(also_accept, where, answer_id), chosen=chosen,
        verdict=checked_enum(Verdict, verdict, where, answer_id, "verdict"), credit=credit,
        seconds=seconds, answered_at=answered_at, changes=changes,
    )


def tally_from_row(row: Sequence, changes: int = 0) -> Tally:
    position, item_id, fingerprint, counts, recorded_at = row
    where = f"workshop_tallies (step {position + 1})"
    parsed = None if counts is None else _json(counts, where, "", "counts", dict)
    if parsed is not None and not all(isinstance(v, int) and not isinstance(v, bool)
                                      for v in parsed.values()):
        raise DamagedRow(f"{where} is damaged: its counts {counts!r} are not whole numbers")
    return Tally(position, item_id, fingerprint, parsed, recorded_at, changes)


def event_from_row(row: Sequence) -> Event | None:
    revision, kind, position, participant, at = row
    try:
        known = EventKind(kind)
    except ValueError:
        # A kind this version does not know (a newer one shares the store): skipped, not fatal.
        # Followers read the revision itself, so they still wake; no screen here shows that kind.
        return None
    return Event(revision, known, position, participant, at)

"""Rows of the progress file as the domain's records, and back: sessions, answers and the quiz
options a session was started with (stored as JSON).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence

from quiz.core.engine import Mode, Order, QuizOptions
from quiz.core.records import AnswerRecord, SessionRecord
from quiz.core.scoring import Verdict


def options_json(options: QuizOptions, extra: Mapping[str, object] | None = None) -> dict:
    """QuizOptions (and extra settings such as the confidence question) as a JSON object."""
    encoded = {key: list(value) if isinstance(value, tuple) else value
               for key, value in dataclasses.asdict(options).items()}
    encoded["mode"], encoded["order"] = str(options.mode), str(options.order)
    return {**(extra or {}), **encoded}


def session_options(session: SessionRecord) -> QuizOptions:
    """The QuizOptions a session was started with (defaults for anything not stored)."""
    stored = session.options
    defaults = QuizOptions()
    values = {}
    for option in dataclasses.fields(QuizOptions):
        if option.name not in stored:
            continue
        value = stored[option.name]
        default = getattr(defaults, option.name)
        values[option.name] = tuple(value) if isinstance(default, tuple) else value
    try:
        values["mode"] = Mode(values.get("mode", defaults.mode))
    except ValueError:
        values["mode"] = defaults.mode
    try:
        values["order"] = Order(values.get("order", defaults.order))
    except ValueError:
        values["order"] = defaults.order
    return QuizOptions(**values)


class RowError(ValueError):
    """A stored row that does not parse (another program wrote it, or the file is damaged): the
    message names the row and what is wrong, and the row is skipped."""


def _json(value: object, what: str, kind: type, where: str) -> object:
    try:
        parsed = json.loads(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        parsed = None
    if not isinstance(parsed, kind):
        raise RowError(f"{where}: {what} is not a JSON {kind.__name__} ({_short(value)})")
    return parsed


def _time(value: object, what: str, where: str) -> str:
    try:
        dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise RowError(f"{where}: {what} is not a time ({_short(value)})") from None
    return str(value)


def _text(value: object, what: str, where: str) -> str:
    if not isinstance(value, str):
        raise RowError(f"{where}: {what} is not text ({_short(value)})")
    return value


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def session_from_row(row: Sequence) -> SessionRecord:
    """A sessions row as a SessionRecord; RowError names the row and the bad value."""
    (session_id, learner, pack_id, pack_version, pack_path, mode, item_ids, started_at,
     finished_at, options) = row
    where = f"session {session_id}"
    ids = _json(item_ids, "item_ids", list, where)
    if not all(isinstance(i, str) for i in ids):  # type: ignore[union-attr]
        raise RowError(f"{where}: item_ids is not a list of item ids ({_short(item_ids)})")
    return SessionRecord(
        id=session_id, learner=_text(learner, "the learner", where),
        pack_id=_text(pack_id, "pack_id", where), pack_version=str(pack_version),
        pack_path=str(pack_path or ""), mode=_text(mode, "mode", where),
        item_ids=tuple(ids),  # type: ignore[arg-type]
        started_at=_time(started_at, "started_at", where),
        finished_at=None if finished_at is None else _time(finished_at, "finished_at", where),
        options=_json(options or "{}", "options", dict, where),  # type: ignore[arg-type]
    )


def answer_from_row(row: Sequence) -> AnswerRecord:
    """An answers row (its id last) as an AnswerRecord; RowError names the row and the value."""
    (session_id, learner, pack_id, item_id, fingerprint, actual, also_accept, chosen, verdict,
     credit, seconds, hints, confidence, answered_at, answer_id) = row
    where = f"answer {answer_id} (session {session_id})"
    accepted = _json(also_accept, "also_accept", list, where)
    try:
        known = Verdict(verdict)
    except ValueError:
        raise RowError(f"{where}: verdict {_short(verdict)} is not one quiz knows "
                       f"({', '.join(v.value for v in Verdict)})") from None
    if not isinstance(credit, int | float) or not isinstance(seconds, int | float):
        raise RowError(f"{where}: credit and seconds must be numbers "
                       f"({_short(credit)}, {_short(seconds)})")
    if not isinstance(hints, int) or (confidence is not None and confidence not in (1, 2, 3)):
        raise RowError(f"{where}: hints must be a whole number and confidence 1-3 "
                       f"({_short(hints)}, {_short(confidence)})")
    return AnswerRecord(
        session_id=session_id, learner=_text(learner, "the learner", where),
        pack_id=_text(pack_id, "pack_id", where), item_id=_text(item_id, "item_id", where),
        item_hash=str(fingerprint), actual=_text(actual, "actual", where),
        also_accept=tuple(str(a) for a in accepted),  # type: ignore[union-attr]
        chosen=_text(chosen, "chosen", where), verdict=known, credit=float(credit),
        seconds=float(seconds), hints=hints, confidence=confidence,
        answered_at=_time(answered_at, "answered_at", where),
    )

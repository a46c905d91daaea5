"""Rows of the progress file as the domain's records, and back: sessions, answers and the quiz
options a session was started with (stored as JSON).
"""

from __future__ import annotations

import dataclasses
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


def session_from_row(row: Sequence) -> SessionRecord:
    (session_id, learner, pack_id, pack_version, pack_path, mode, item_ids, started_at,
     finished_at, options) = row
    return SessionRecord(
        id=session_id, learner=learner, pack_id=pack_id, pack_version=pack_version,
        pack_path=pack_path, mode=mode, item_ids=tuple(json.loads(item_ids)),
        started_at=started_at, finished_at=finished_at, options=json.loads(options or "{}"),
    )


def answer_from_row(row: Sequence) -> AnswerRecord:
    (session_id, learner, pack_id, item_id, fingerprint, actual, also_accept, chosen, verdict,
     credit, seconds, hints, confidence, answered_at) = row
    return AnswerRecord(
        session_id=session_id, learner=learner, pack_id=pack_id, item_id=item_id,
        item_hash=fingerprint, actual=actual, also_accept=tuple(json.loads(also_accept)),
        chosen=chosen, verdict=Verdict(verdict), credit=credit, seconds=seconds, hints=hints,
        confidence=confidence, answered_at=answered_at,
    )

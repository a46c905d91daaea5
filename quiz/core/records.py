"""The shape of one recorded answer and of one session, as the store keeps them and reports read them.

Plain dataclasses shared by the store (which writes and reads them) and reports (which only read).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quiz.core.packs import Item
from quiz.core.scoring import Verdict

if TYPE_CHECKING:
    from quiz.core.engine import Feedback
    from quiz.core.workshop_records import WorkshopAnswer


def item_hash(item: Item) -> str:
    """Fingerprint of everything that decides an item's answer: an edited item starts fresh."""
    material = json.dumps(
        [item.passage, item.claim, item.answer, sorted(item.also_accept), item.cue],
        ensure_ascii=False,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answer as given: what the item's kind was, what the reader chose, how it scored."""

    session_id: int
    learner: str
    pack_id: str
    item_id: str
    item_hash: str
    actual: str  # the item's best answer (category id)
    also_accept: tuple[str, ...]
    chosen: str
    verdict: Verdict
    credit: float
    seconds: float
    hints: int
    confidence: int | None
    answered_at: str  # ISO 8601, UTC

    @classmethod
    def of_feedback(
        cls,
        feedback: Feedback,
        item: Item,
        *,
        session_id: int,
        learner: str,
        pack_id: str,
        answered_at: str,
    ) -> AnswerRecord:
        """The record of one answer as the engine scored it (`feedback`) for `item`."""
        return cls(
            session_id=session_id, learner=learner, pack_id=pack_id, item_id=item.id,
            item_hash=item_hash(item), actual=item.answer, also_accept=tuple(feedback.accepted),
            chosen=feedback.choice, verdict=feedback.verdict, credit=feedback.credit,
            seconds=feedback.seconds, hints=feedback.hints, confidence=feedback.confidence,
            answered_at=answered_at,
        )

    @classmethod
    def of_workshop_answer(
        cls, answer: WorkshopAnswer, *, session_id: int, learner: str, pack_id: str
    ) -> AnswerRecord:
        """A workshop participant's latest answer as a learner's answer (no hints, no "how
        sure?" in a workshop), so the learner's score report can read it."""
        return cls(
            session_id=session_id, learner=learner, pack_id=pack_id, item_id=answer.item_id,
            item_hash=answer.item_hash, actual=answer.actual, also_accept=answer.also_accept,
            chosen=answer.chosen, verdict=answer.verdict, credit=answer.credit,
            seconds=answer.seconds, hints=0, confidence=None, answered_at=answer.answered_at,
        )


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One quiz session: which items in which order, and where it stands."""

    id: int
    learner: str
    pack_id: str
    pack_version: str
    pack_path: str
    mode: str  # practice / check / study
    item_ids: tuple[str, ...]  # in the order asked
    started_at: str
    finished_at: str | None
    answers: tuple[AnswerRecord, ...] = field(default=())
    # The QuizOptions the session was started with (as JSON: lists for tuples), plus any extra
    # settings the caller stored; quiz.storage.rows.session_options turns it back into QuizOptions.
    options: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

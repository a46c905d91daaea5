"""Continuing an interrupted run with the pack as it is now: which answers still count, which
items changed and are asked again, which are gone.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.core.engine import Clock, QuizOptions, QuizSession
from quiz.core.packs import LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.storage.rows import session_options


@dataclass(frozen=True, slots=True)
class ResumePlan:
    """How an interrupted session continues with the pack as it is now.

    Items no longer in the pack are dropped; answered items whose text changed since (another
    hash) are asked again, their old answers staying in history; the rest keep their answers.
    """

    session: SessionRecord
    item_ids: tuple[str, ...]  # kept answered items first, in the order answered; then the rest
    answered: tuple[AnswerRecord, ...]  # answers kept, following item_ids from the start
    dropped: tuple[str, ...]  # item ids no longer in the pack
    changed: tuple[str, ...]  # answered item ids edited since: to be asked again

    @property
    def progress(self) -> tuple[int, int]:
        """(answered, total): "7 / 20"."""
        return len(self.answered), len(self.item_ids)

    @property
    def options(self) -> QuizOptions:
        return session_options(self.session)

    def quiz_session(self, pack: LoadedPack, clock: Clock | None = None) -> QuizSession:
        """The engine session, positioned at the first unanswered item."""
        if clock is None:
            return QuizSession.resume(pack, self.item_ids, self.answered, self.options)
        return QuizSession.resume(pack, self.item_ids, self.answered, self.options, clock)


def plan_resume(session: SessionRecord, pack: LoadedPack) -> ResumePlan | None:
    """The plan for continuing `session` with `pack` as it is now; None if nothing is left to ask.

    `session` must carry its answers (as from Store.unfinished_session).
    """
    current = {item.id: item for item in pack.pack.items}
    categories = set(pack.category_ids)
    latest: dict[str, AnswerRecord] = {}
    for answer in session.answers:
        latest[answer.item_id] = answer
    ordered = list(dict.fromkeys(session.item_ids))
    dropped = tuple(item_id for item_id in ordered if item_id not in current)
    kept: list[AnswerRecord] = []
    changed: list[str] = []
    for answer in latest.values():
        item = current.get(answer.item_id)
        if item is None or answer.item_id not in ordered:
            continue
        if answer.item_hash != item_hash(item) or answer.chosen not in categories:
            changed.append(answer.item_id)
        else:
            kept.append(answer)
    kept_ids = [answer.item_id for answer in kept]
    rest = [item_id for item_id in ordered if item_id in current and item_id not in kept_ids]
    if not rest:
        return None
    return ResumePlan(
        session=session, item_ids=tuple(kept_ids + rest), answered=tuple(kept),
        dropped=dropped, changed=tuple(changed),
    )

"""Recording a run as it is played: the one seam (quiz.core.engine.Recorder) through which the
app, plain mode and study mode tell the store about each answer and the end of the run.

Every answer is committed the moment it is given, with its study card updated in the same
transaction (quiz.core.schedule.next_card), so a miss in a practice run comes back sooner in
study mode too.
"""

from __future__ import annotations

from collections.abc import Mapping

from quiz.core.engine import Feedback, QuizSession, Summary
from quiz.core.packs import Item
from quiz.storage.store import Review, Store


class SessionRecorder:
    """Saves each answer of one run the moment it is given (a core.engine.Recorder).

    `SessionRecorder(store, session_id)` records into a session that exists (a resumed run);
    `SessionRecorder.for_new_run(...)` writes the session's row with the first answer, so a run
    quit before any answer leaves no empty session in the history. `finished` closes the
    session only when every item was answered; a run that stopped early stays open, so the next
    start offers to continue it (store.finish_session closes it when the learner declines).
    With `review` (quiz.core.schedule.next_card), answers also update the schedule.
    """

    def __init__(
        self, store: Store, session_id: int | None, *, review: Review | None = None
    ) -> None:
        self.store = store
        self.session_id = session_id
        self.review = review
        self._new_run: tuple[str, QuizSession, str, dict[str, object]] | None = None

    @classmethod
    def for_new_run(
        cls,
        store: Store,
        learner: str,
        run: QuizSession,
        *,
        mode: str,
        extra: Mapping[str, object] | None = None,
    ) -> SessionRecorder:
        """A recorder for a run not yet in the store; its session starts with the first answer
        and every answer updates the study schedule."""
        recorder = cls(store, None)
        recorder._new_run = (learner, run, str(mode), dict(extra or {}))
        return recorder

    def answered(self, item: Item, feedback: Feedback) -> None:
        if self.session_id is None:
            self._start()
        assert self.session_id is not None
        self.store.record_answer(self.session_id, item, feedback, review=self.review)

    def finished(self, summary: Summary) -> None:
        if self.session_id is None:
            return
        if summary.answered >= summary.total:
            self.store.finish_session(self.session_id)
        else:  # stopped early: anyone (this learner in another window) may continue it now
            self.store.release(self.session_id)

    def _start(self) -> None:
        # Only here: fsrs is imported with the first answer, so it adds nothing to start-up.
        from quiz.core.schedule import next_card

        assert self._new_run is not None, "a recorder for an existing session has its id"
        learner, run, mode, extra = self._new_run
        record = self.store.start_session(learner, run.pack, [i.id for i in run.items],
                                          mode=mode, options=run.options, extra=extra)
        self.session_id, self.review = record.id, next_card


def resumed_recorder(store: Store, session_id: int) -> SessionRecorder | None:
    """The recorder that continues an interrupted run, once this process has claimed it; None
    when another running copy of the app is playing it (then start a new run instead)."""
    return scheduling_recorder(store, session_id) if store.claim(session_id) else None


def scheduling_recorder(store: Store, session_id: int) -> SessionRecorder:
    """A recorder that saves each answer into `session_id` and updates its study card in the
    same commit. Meant for every mode, not only study: a miss in a practice run should come
    back sooner too."""
    # Only here: as above, fsrs loads when an answer is about to be recorded.
    from quiz.core.schedule import next_card

    return SessionRecorder(store, session_id, review=next_card)

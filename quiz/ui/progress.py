"""The app's side of the progress store: every read and write the full-screen quiz makes of it.

The store can stop working mid-run (the disk fills, the file is removed): each method here then
tells `on_failure` once, closes the store and answers as if there were none (None, nothing
saved), so the quiz goes on unsaved and the app says so. Plain Python, no Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from quiz.core.clock import UtcClock, utc_now
from quiz.core.engine import Feedback, QuizSession, Recorder, Summary
from quiz.core.packs import Item, LoadedPack
from quiz.core.records import SessionRecord
from quiz.storage.database import StoreError
from quiz.storage.resume import ResumePlan
from quiz.storage.store import Store

if TYPE_CHECKING:
    from quiz.core.schedule import StudyOverview

T = TypeVar("T")


class Progress:
    """The learner's progress store as the app uses it; `store` is None once it cannot be used
    (`problem` then says why)."""

    def __init__(
        self,
        store: Store | None,
        *,
        problem: str | None = None,
        owns_store: bool = False,
        on_failure: Callable[[StoreError], None] = lambda error: None,
        now: UtcClock | None = None,
    ) -> None:
        self.store = store
        self.problem = problem
        self.owns_store = owns_store
        self.on_failure = on_failure
        self._now = now
        # The last resumed_run found the run being played in another window.
        self.busy = False

    @classmethod
    def open(cls, data_dir: Path | None, **options) -> Progress:
        """The store in `data_dir` (or $QUIZ_DATA_DIR, or the platform's data folder); when it
        cannot be opened, a Progress without one whose `problem` says why."""
        try:
            return cls(Store.open(data_dir, check=False), owns_store=True, **options)
        except StoreError as error:
            return cls(None, problem=str(error), owns_store=True, **options)

    @property
    def saving(self) -> bool:
        """Answers are being saved (the store opened and has not failed)."""
        return self.store is not None

    @property
    def notice(self) -> str | None:
        """What opening the store had to say (a damaged file moved aside), if anything."""
        return self.store.notice if self.store is not None else None

    def now(self) -> dt.datetime:
        """The time that decides what is due for study (injected in tests)."""
        if self._now is not None:
            return self._now()
        return self.store.clock() if self.store is not None else utc_now()

    def failed(self, error: StoreError) -> None:
        """The store stopped working: close it, keep why, tell the app once."""
        if self.store is None:
            return
        self.problem = str(error)
        if self.owns_store:
            self.store.close()
        self.store = None
        self.on_failure(error)

    def close(self) -> None:
        if self.owns_store and self.store is not None:
            self.store.close()

    # -- reading ------------------------------------------------------------------------------

    def resume_offer(self, learner: str, pack: LoadedPack) -> ResumePlan | None:
        """The learner's interrupted session of `pack` that could be continued, if any."""
        if self.store is None:
            return None
        try:
            return self.store.resume_offer(learner, pack)
        except StoreError as error:
            self.failed(error)
            return None

    def study_figures(
        self, learner: str, pack: LoadedPack
    ) -> tuple[StudyOverview, str | None] | None:
        """What is due, new and mastered in `pack`, and when the next review falls due in words."""
        # Only here: fsrs and the study queries load once Study mode is chosen.
        from quiz.core.schedule import due_text
        from quiz.storage.progress import overview

        if self.store is None:
            return None
        now = self.now()
        try:
            figures = overview(self.store, learner, pack, now)
        except StoreError as error:
            self.failed(error)
            return None
        return figures, due_text(figures.next_due, now) if figures.next_due is not None else None

    def study_items(self, learner: str, pack: LoadedPack) -> list[Item] | None:
        """A study run's items (due, then new), or None without a store."""
        from quiz.storage.progress import study_items  # only here: as above

        if self.store is None:
            return None
        try:
            return study_items(self.store, learner, pack, self.now())
        except StoreError as error:
            self.failed(error)
            return None

    def session(self, session_id: int) -> SessionRecord | None:
        if self.store is None:
            return None
        try:
            return self.store.session(session_id)
        except StoreError as error:
            self.failed(error)
            return None

    def learner_counts(self) -> dict[str, int]:
        """Each learner's number of sessions; {} without a store."""
        if self.store is None:
            return {}
        try:
            return self.store.session_counts()
        except StoreError as error:
            self.failed(error)
            return {}

    def rename_learner(self, old: str, new: str) -> str:
        """The learner's new name; ValueError (to show the reader) when it cannot be given."""
        store = self._store_for_change()
        try:
            return store.rename_learner(old, new).name
        except StoreError as error:
            self.failed(error)
            raise ValueError(str(error)) from None

    def remove_learner(self, name: str) -> int:
        """Remove the learner and their history: the number of sessions removed; ValueError (to
        show the reader) when they cannot be removed."""
        store = self._store_for_change()
        try:
            return store.remove_learner(name)
        except StoreError as error:
            self.failed(error)
            raise ValueError(str(error)) from None

    def _store_for_change(self) -> Store:
        if self.store is None:
            raise ValueError(f"progress is not being saved ({self.problem})")
        return self.store

    def read(self, reader: Callable[[Store], T]) -> T | None:
        """`reader(store)`, or None without a store or when it fails."""
        if self.store is None:
            return None
        try:
            return reader(self.store)
        except StoreError as error:
            self.failed(error)
            return None

    # -- writing ------------------------------------------------------------------------------

    def decline(self, plan: ResumePlan) -> bool:
        """Close an interrupted session the learner chose not to continue; False if unsaved."""
        if self.store is None:
            return False
        try:
            self.store.finish_session(plan.session.id)
        except StoreError as error:
            self.failed(error)
            return False
        return True

    def new_run(
        self, learner: str, run: QuizSession, *, mode: str, extra: Mapping[str, object]
    ) -> Recording | None:
        """The recording of a new run (its session row is written with the first answer, so a
        quiz left before any answer leaves no empty session in the history)."""
        from quiz.storage.recording import (
            SessionRecorder,  # only here: after the first paint
        )

        if self.store is None:
            return None
        recording = Recording(self, SessionRecorder.for_new_run(
            self.store, learner, run, mode=mode, extra=extra))
        import quiz.core.schedule  # noqa: F401  (the first answer updates its study card)

        try:  # one commit fewer when the first answer comes
            self.store.learner(learner)
        except StoreError as error:
            self.failed(error)
            return None
        return recording

    def resumed_run(self, plan: ResumePlan) -> Recording | None:
        """The recording of an interrupted run continued under its own session id; None when it
        cannot be (no store, or another window is playing it: `busy` says which)."""
        from quiz.storage.recording import (
            resumed_recorder,  # only here: after the first paint
        )

        self.busy = False
        if self.store is None:
            return None
        try:
            recorder = resumed_recorder(self.store, plan.session.id)
        except StoreError as error:
            self.failed(error)
            return None
        if recorder is None:
            self.busy = True
            return None
        return Recording(self, recorder)


class Recording:
    """One run's recorder (a core.engine.Recorder) that turns a store failure into Progress.failed
    instead of an exception, and stops recording after it."""

    def __init__(self, progress: Progress, recorder: Recorder) -> None:
        self.progress = progress
        self.recorder: Recorder | None = recorder

    @property
    def session_id(self) -> int | None:
        return getattr(self.recorder, "session_id", None)

    def answered(self, item: Item, feedback: Feedback) -> None:
        self._call(lambda recorder: recorder.answered(item, feedback))

    def finished(self, summary: Summary) -> None:
        self._call(lambda recorder: recorder.finished(summary))

    def _call(self, step: Callable[[Recorder], None]) -> None:
        if self.recorder is None or self.progress.store is None:
            return
        try:
            step(self.recorder)
        except StoreError as error:
            self.recorder = None
            self.progress.failed(error)

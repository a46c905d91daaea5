"""The review screen's work in threads: the check of an edit (quiz validate's, on the item) and
saving the pack file, each started after the paint that answers a key, so neither delays it.

A mixin of ReviewScreen (quiz.ui.review.screen), which owns the state named here.
"""

from __future__ import annotations

import threading

from textual import work
from textual.worker import get_current_worker

from quiz.content.review.checking import Found, PendingCheck
from quiz.content.review.session import ChangedOnDisk, EditRefused, Entry, ReviewSession
from quiz.content.roundtrip import Rendering
from quiz.ui.review.widgets import checks_line

CHECKING_NOTICE_AFTER = 0.2  # s: a check that takes longer says it is running


class InThreads:
    """Checking and saving for the review screen."""

    session: ReviewSession
    checks_of: Entry | None  # whose problems the checks line shows
    save_lock: threading.Lock  # one write at a time, and none while leaving saves
    save_number: int  # saves started
    saved_number: int  # the latest save written
    save_problem: str | None

    def start_check(self) -> None:
        """Run the check the item on screen waits for, if any, in a thread."""
        pending = self.session.pending_check()
        if pending is not None:
            self.run_check(pending)
            self.set_timer(CHECKING_NOTICE_AFTER, self.show_checking)

    def show_checking(self) -> None:
        entry = self.session.current
        if entry is not None and entry.index in self.session.checks.unchecked:
            self.put("#checks", checks_line([], checking=True))
            self.checks_of = None

    @work(thread=True, exclusive=True, group="check")
    def run_check(self, pending: PendingCheck) -> None:
        found = pending.run()  # reads only `pending` and the files beside the pack
        if not get_current_worker().is_cancelled:  # a newer edit has its own check
            self.app.call_from_thread(self.check_done, pending, found)

    def check_done(self, pending: PendingCheck, found: Found) -> None:
        if self.session.checked(pending, found):
            self.show()

    # -- saving ------------------------------------------------------------------------------

    def save_now(self) -> None:
        """Render the file here (the session is not thread-safe); read it back and write it in
        a thread."""
        session = self.session
        if session.read_only or not session.unsaved:
            return
        self.save_number += 1
        self.write(session.rendering(), session.edits, self.save_number)

    def save_checked(self, number: int) -> None:
        """The file as ruamel.yaml writes it whole, when the quick rendering did not read back
        as intended."""
        try:
            text = self.session.rendered()
        except EditRefused as error:
            self.save_failed(f"Not saved: {error}")
            return
        self.write(text, self.session.edits, number)

    @work(thread=True, group="save")
    def write(self, rendering: Rendering | str, edits: int, number: int) -> None:
        if isinstance(rendering, Rendering):
            if not rendering.verified():
                self.app.call_from_thread(self.save_checked, number)
                return
            rendering = rendering.text
        with self.save_lock:
            if number < self.saved_number:
                return  # a later save has already written a newer text
            try:
                outcome = self.session.save(rendering, edits=edits)
            except (ChangedOnDisk, EditRefused) as error:
                self.app.call_from_thread(self.save_failed, f"Not saved: {error}")
                return
            self.saved_number = number
        self.app.call_from_thread(self.saved, outcome)

    def saved(self, outcome: str) -> None:
        if self.save_problem:
            self.save_problem = None
            self.show_banner()

    def save_failed(self, problem: str) -> None:
        self.save_problem = problem
        self.show_banner()
        self.app.bell()

    def save_before_leaving(self) -> bool:
        """Save what is not saved yet; False (and why, on screen) when it could not be."""
        session = self.session
        if session.read_only or not session.unsaved:
            return True
        with self.save_lock:
            try:
                session.save()
            except (ChangedOnDisk, EditRefused) as error:
                self.save_failed(f"Not saved: {error}")
                return False
        return True

    def action_save_copy(self) -> None:
        """Write the review to a new file beside the pack (when the pack cannot be saved)."""
        try:
            target = self.session.save_copy()
        except EditRefused as error:
            self.say(f"Not written: {error}")
            return
        self.say(f"Wrote the review to {target}")

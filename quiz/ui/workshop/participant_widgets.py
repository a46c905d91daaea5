"""Pieces of the hosted workshop's screens: the message a follower thread posts when the workshop
changed, the answer buttons with the participant's own answer marked, and the reveal.

Shared by the participant's screens and the facilitator's dashboard; every text from a pack or a
participant is shown through quiz.ui.text.shown (never markup).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import EventKind
from quiz.storage.database import StoreError
from quiz.ui.text import shown
from quiz.ui.widgets.choice_pad import ChoicePad
from quiz.ui.widgets.feedback_view import FeedbackView
from quiz.ui.workshop.room_widgets import TallyChart
from quiz.workshop.follow import follow_changes
from quiz.workshop.model import Workshop
from quiz.workshop.participant_view import Reveal

QUESTION = "What kind of statement is the highlighted claim?"


@dataclass
class Changed(Message):
    """The workshop changed: `view` is what the screen should show now (read off the UI thread)."""

    view: Any


class Follower:
    """Reads the workshop whenever its revision moves, in a thread of its own, and posts
    Changed(view) to `target`; `read` turns the workshop into what the screen shows. Used by
    the dashboard, and by a participant app not started by the server (which pushes changes)."""

    def __init__(
        self, workshop: Workshop, read: Callable[[], Any], target: Widget, *,
        kinds: frozenset[EventKind] | None = None,
    ) -> None:
        self.workshop = workshop
        self.read = read
        self.target = target
        self.kinds = kinds  # only changes of these kinds are read (None: every change)
        self.stop_event = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, since: int) -> None:
        self.thread = threading.Thread(target=self._run, args=(since,), daemon=True,
                                       name=f"follow-workshop-{self.workshop.id}")
        self.thread.start()

    def _run(self, since: int) -> None:
        def changed(_revision: int) -> None:
            try:
                view = self.read()
            except StoreError:
                return  # closed while quitting, or busy past its timeout: the next change reads
            self.target.post_message(Changed(view))

        follow_changes(self.workshop, since, changed, self.stop_event, kinds=self.kinds)

    def stop(self) -> None:
        self.stop_event.set()


class AnswerPad(ChoicePad):
    """The answer buttons, the participant's current answer marked (class -chosen)."""

    def __init__(
        self, choices: Sequence[tuple[str, str]], chosen: str | None, *, id: str | None = None
    ) -> None:
        super().__init__(choices, id=id)
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        for button in super().compose():
            button.set_class(button.name == self.chosen, "-chosen")
            yield button

    def mark(self, chosen: str | None) -> None:
        """Mark another answer as the participant's (a changed answer), in place."""
        self.chosen = chosen
        for button in self.children:
            button.set_class(button.name == chosen, "-chosen")


def room_heading(room: dict[str, int]) -> Content:
    total = sum(room.values())
    people = "1 answer" if total == 1 else f"{total} answers"
    return Content.assemble(("How the room answered", "bold"), f" ({people})")


class RevealView(Vertical):
    """After the reveal: the verdict (or that no answer was given), the feedback on the item,
    and the room's answers as bars."""

    def __init__(self, pack: LoadedPack, reveal: Reveal, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pack = pack
        self.reveal = reveal

    def compose(self) -> ComposeResult:
        pack, feedback = self.pack, self.reveal.feedback
        item = next(i for i in pack.pack.items if i.id == feedback.item_id)
        if not self.reveal.answered:
            yield Static(Content.assemble(("You did not answer this one. ", "bold"),
                                          "The best answer: ", shown(pack.category(feedback.best).label), "."),
                         id="unanswered")
        view = FeedbackView(pack, item, feedback, id="reveal-feedback")
        view.set_class(not self.reveal.answered, "-unanswered")
        yield view
        yield Static(room_heading(self.reveal.room), classes="room-heading")
        yield TallyChart(
            [(c.id, c.label) for c in pack.categories], self.reveal.room, feedback.best,
            accepted=feedback.accepted, id="room-chart",
        )

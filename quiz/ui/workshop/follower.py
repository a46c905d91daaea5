"""The dashboard's follower: a thread that reads the workshop whenever it changes (a
participant joined or answered, through the web host in the same process) or the web host's
status does (someone connected, dropped or asks to be let in), and posts what to show.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.widget import Widget

from quiz.storage.database import StoreError
from quiz.workshop.follow import follow_changes
from quiz.workshop.model import Workshop


@dataclass
class Changed(Message):
    """The workshop changed: `view` is what the screen should show now (read off the UI thread)."""

    view: Any


class Follower:
    """Reads the workshop whenever its revision (or `also()`) moves, in a thread of its own,
    and posts Changed(view) to `target`; `read` turns the workshop into what the screen shows."""

    def __init__(
        self, workshop: Workshop, read: Callable[[], Any], target: Widget, *,
        also: Callable[[], Hashable] | None = None,
    ) -> None:
        self.workshop = workshop
        self.read = read
        self.target = target
        self.also = also
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

        follow_changes(self.workshop, since, changed, self.stop_event, also=self.also)

    def stop(self) -> None:
        self.stop_event.set()

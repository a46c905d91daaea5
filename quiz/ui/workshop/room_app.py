"""Room mode's app: the workshop on one laptop and a projector (`quiz workshop room`), one
RoomScreen over a room workshop (quiz.workshop.model).

quiz.commands.workshop.run_room turns the command's options into the workshop and runs this app.
"""

from __future__ import annotations

import time

from textual.screen import Screen

from quiz.core.engine import Clock
from quiz.ui.workshop.base import WorkshopApp
from quiz.ui.workshop.room_screen import RoomScreen
from quiz.workshop.model import Workshop


class RoomApp(WorkshopApp):
    """One workshop on a projector: the room answers by show of hands."""

    CSS_PATH = "room.tcss"
    SESSION_SCREEN = RoomScreen

    def __init__(
        self,
        workshop: Workshop,
        *,
        countdown: int | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__()
        self.workshop = workshop
        self.countdown = countdown
        self.clock = clock

    def get_default_screen(self) -> Screen:
        return RoomScreen(self.workshop, countdown=self.countdown, clock=self.clock)

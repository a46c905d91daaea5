"""Room mode: `quiz workshop room`, the workshop on one laptop and a projector.

RoomApp shows one RoomScreen over a room workshop (quiz.workshop.model); run_room turns the command's
options into that workshop, and says where its report is when the app closes.
"""

from __future__ import annotations

import argparse
import time

from textual.screen import Screen

from quiz.core.engine import Clock
from quiz.ui.workshop.base import (
    WorkshopApp,
    facilitator_and_pack,
    no_screen_reason,
    print_where_report_is,
    usage_error,
)
from quiz.ui.workshop.room_screen import RoomScreen
from quiz.workshop.model import Workshop

PROG = "quiz workshop room"


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


def run_room(args: argparse.Namespace) -> int:
    """`quiz workshop room`: create a room workshop from the options and run it."""
    from quiz.core.workshop_records import Audience
    from quiz.storage.store import Store, StoreError
    from quiz.workshop.plan import WorkshopError

    chosen = facilitator_and_pack(args, PROG)
    if isinstance(chosen, int):
        return chosen
    facilitator, pack = chosen
    reason = no_screen_reason()
    if reason:
        return usage_error(PROG, "room mode needs a terminal to show on the projector, "
                                 f"and {reason}")
    try:
        store = Store.open(getattr(args, "data_dir", None))
    except StoreError as error:
        return usage_error(PROG, str(error))
    with store:
        try:
            workshop = Workshop.create(
                store, pack, facilitator=facilitator,
                audience=Audience.ROOM, check=getattr(args, "check", False),
                seed=getattr(args, "seed", None), room_size=getattr(args, "room_size", None),
            )
        except WorkshopError as error:
            return usage_error(PROG, str(error))
        app = RoomApp(workshop, countdown=getattr(args, "countdown", None))
        app.run()
        number = workshop.id
    print_where_report_is(number)
    return app.return_code or 0

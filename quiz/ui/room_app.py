"""Room mode: `quiz workshop room`, the workshop on one laptop and a projector.

RoomApp shows one RoomScreen over a room workshop (quiz.workshop); run_room turns the command's
options into that workshop, and says where its report is when the app closes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from quiz.engine import Clock
from quiz.workshop import Workshop
from quiz.ui.screens.room_session import RoomScreen

PROG = "quiz workshop room"


class RoomApp(App[None]):
    """One workshop on a projector: the room answers by show of hands."""

    CSS_PATH = "room.tcss"
    TITLE = "Who says so? Workshop"
    BINDINGS = [
        # Ctrl+C and Ctrl+Q ask before a running workshop is ended, like q.
        Binding("ctrl+c,ctrl+q", "leave", "Quit", show=False, priority=True),
    ]

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

    def action_leave(self) -> None:
        screen = self.screen
        if isinstance(screen, RoomScreen):
            screen.action_leave()
        else:
            screen.dismiss(False)


def run_room(args: argparse.Namespace) -> int:
    """`quiz workshop room`: create a room workshop from the options and run it."""
    from quiz.packs import PackError, load_pack, resolve_pack
    from quiz.store import Store, StoreError
    from quiz.workshop import Audience, WorkshopError, clean_display_name

    data = getattr(args, "data_dir", None)
    try:
        facilitator = clean_display_name(getattr(args, "facilitator", None) or "Facilitator")
    except WorkshopError as error:
        return _usage(f"argument --facilitator: {error}")
    try:
        pack_path = resolve_pack(getattr(args, "pack", None), Path(data) if data else None)
    except LookupError as error:
        return _usage(f"argument --pack: {error}")
    try:
        pack = load_pack(pack_path)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{PROG}: error: cannot use {pack_path}: fix the problems above "
              f"(check with 'quiz validate {pack_path}')", file=sys.stderr)
        return 1
    reason = _no_screen_reason()
    if reason:
        return _usage(f"room mode needs a terminal to show on the projector, and {reason}")
    try:
        store = Store.open(data)
    except StoreError as error:
        return _usage(str(error))
    with store:
        try:
            workshop = Workshop.create(
                store, pack, facilitator=facilitator,
                audience=Audience.ROOM, check=getattr(args, "check", False),
                seed=getattr(args, "seed", None), room_size=getattr(args, "room_size", None),
            )
        except WorkshopError as error:
            return _usage(str(error))
        app = RoomApp(workshop, countdown=getattr(args, "countdown", None))
        app.run()
        number = workshop.id
    print(f"Workshop {number} is saved. Its report: quiz workshop report {number} "
          f"--format html --out workshop-{number}.html")
    return app.return_code or 0


def _usage(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def _no_screen_reason() -> str | None:
    for stream in (sys.stdin, sys.stdout):
        try:
            if stream is None or not stream.isatty():
                return "input or output is redirected"
        except (AttributeError, ValueError):
            return "input or output is redirected"
    if os.environ.get("TERM") == "dumb":
        return "this terminal is a dumb terminal (TERM=dumb)"
    return None

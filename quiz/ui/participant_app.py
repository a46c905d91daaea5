"""A participant's app: `quiz workshop join SESSION`, what each browser runs (through textual-serve)
in a process of its own on the host.

ParticipantApp asks for a name and the join code, then shows one ParticipantScreen; run_join
opens the workshop from the store the host serves it from.
"""

from __future__ import annotations

import argparse
import os
import sys

from textual import on
from textual.app import App

from quiz.store import Store, StoreError
from quiz.ui.screens.participant_join import JoinScreen
from quiz.ui.screens.participant_session import ParticipantScreen
from quiz.workshop import UnknownWorkshop, Workshop, WorkshopError

PROG = "quiz workshop join"


class ParticipantApp(App[None]):
    """One participant of a hosted workshop. No command palette: a participant has nothing to
    do but join and answer."""

    CSS_PATH = "hosted.tcss"
    TITLE = "Who says so? Workshop"
    ENABLE_COMMAND_PALETTE = False
    # Phones are narrow: the answer buttons go one per row below this width (hosted.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]

    def __init__(self, workshop: Workshop, *, follow: bool = True) -> None:
        super().__init__()
        self.workshop = workshop
        self.follow = follow

    def on_mount(self) -> None:
        # Pushed rather than the default screen, so that joining can switch it for the next.
        self.push_screen(JoinScreen(self.workshop))

    @on(JoinScreen.Joined)
    def joined(self, event: JoinScreen.Joined) -> None:
        self.switch_screen(ParticipantScreen(self.workshop, event.participant, follow=self.follow))


def run_join(args: argparse.Namespace) -> int:
    """`quiz workshop join SESSION`: the participant app for workshop SESSION (id or code)."""
    if not os.environ.get("TEXTUAL_DRIVER"):
        for stream in (sys.stdin, sys.stdout):
            if stream is None or not stream.isatty():
                return _usage("the participant app needs a terminal (or a browser, through "
                              "'quiz workshop host'), and input or output is redirected")
    try:
        store = Store.open(getattr(args, "data_dir", None))
    except StoreError as error:
        return _usage(str(error))
    with store:
        try:
            workshop = Workshop.open(store, args.session)
        except (UnknownWorkshop, WorkshopError) as error:
            return _usage(str(error).strip("'\""))
        ParticipantApp(workshop).run()
    return 0


def _usage(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2

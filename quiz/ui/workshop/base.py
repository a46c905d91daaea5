"""What the facilitator's two workshop apps share: room mode (quiz.ui.workshop.room_app) and the hosted
dashboard (quiz.ui.workshop.dashboard_app).

WorkshopApp holds their title and quit keys; the functions check the options both commands take
(facilitator, pack) and the terminal, and say errors and the report's command in one line each.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from quiz.commands.common import PACK_PROBLEMS_EXIT, load_pack_or_explain
from quiz.core.packs import LoadedPack


class WorkshopApp(App[None]):
    """A facilitator's app over one workshop, run on SESSION_SCREEN."""

    TITLE = "Who says so? Workshop"
    BINDINGS = [
        # Ctrl+C and Ctrl+Q ask before a running workshop is ended, like q.
        Binding("ctrl+c,ctrl+q", "leave", "Quit", show=False, priority=True),
    ]
    # The screen that runs the workshop: it asks before ending it. Over a dialog, leaving closes
    # the dialog instead.
    SESSION_SCREEN: ClassVar[type[Screen]]

    def action_leave(self) -> None:
        screen = self.screen
        if isinstance(screen, self.SESSION_SCREEN):
            screen.action_leave()
        else:
            screen.dismiss(False)


def usage_error(prog: str, message: str) -> int:
    """Say a bad option or setting in one line; returns the usage exit code, 2."""
    print(f"{prog}: error: {message}", file=sys.stderr)
    return 2


def facilitator_and_pack(args: argparse.Namespace, prog: str) -> tuple[str, LoadedPack] | int:
    """The checked --facilitator name and the loaded --pack, or the exit code of why not."""
    from quiz.core.packs import resolve_pack
    from quiz.workshop.plan import WorkshopError, clean_display_name

    data = getattr(args, "data_dir", None)
    try:
        facilitator = clean_display_name(getattr(args, "facilitator", None) or "Facilitator")
    except WorkshopError as error:
        return usage_error(prog, f"argument --facilitator: {error}")
    try:
        pack_path = resolve_pack(getattr(args, "pack", None), Path(data) if data else None)
    except LookupError as error:
        return usage_error(prog, f"argument --pack: {error}")
    pack = load_pack_or_explain(pack_path, prog=prog, verb="use")
    if pack is None:
        return PACK_PROBLEMS_EXIT
    return facilitator, pack


def no_screen_reason() -> str | None:
    """Why this process cannot show a full-screen app, or None when it can."""
    for stream in (sys.stdin, sys.stdout):
        try:
            if stream is None or not stream.isatty():
                return "input or output is redirected"
        except (AttributeError, ValueError):
            return "input or output is redirected"
    if os.environ.get("TERM") == "dumb":
        return "this terminal is a dumb terminal (TERM=dumb)"
    return None


def print_where_report_is(workshop_id: int) -> None:
    print(f"Workshop {workshop_id} is saved. Its report: quiz workshop report {workshop_id} "
          f"--format html --out workshop-{workshop_id}.html")

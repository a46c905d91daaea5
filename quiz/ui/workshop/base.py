"""What the facilitator's two workshop apps share: room mode (quiz.ui.workshop.room_app) and the
hosted dashboard (quiz.ui.workshop.dashboard_app).

WorkshopApp holds their title and quit keys; quiz.commands.workshop starts them.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen


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

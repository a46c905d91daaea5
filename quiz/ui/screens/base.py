"""Screen behaviour shared by the screens on the path to the first question.

Kept apart so each screen states only what is its own.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class StyledOnceScreen(Screen):
    """A screen whose first appearance is not restyled a second time."""

    _resumed_before = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # The first time, every widget has just been styled as it mounted: Textual's restyle of
        # the whole screen on resuming would do it all again (a fifth of the work of showing
        # this screen). Later resumes (back from another screen) restyle as usual.
        if not self._resumed_before:
            self._resumed_before = True
            event.refresh_styles = False

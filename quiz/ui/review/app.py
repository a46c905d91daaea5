"""ReviewApp: `quiz review PACK` on a terminal, the review screen on its own. It ends with
"play" (the command then opens the quiz on the pack) or "quit" as its return value.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from quiz.content.review.session import ReviewSession
from quiz.core.packs import LoadedPack
from quiz.ui.review.screen import ReviewScreen


class ReviewApp(App[str]):
    """The review screen for `session`; `report` makes the report of the pack's first players."""

    TITLE = "Who says so?"
    CSS = "Screen { background: $background; }"
    BINDINGS = [("ctrl+q", "quit_review", "Quit")]

    def __init__(self, session: ReviewSession, *,
                 report: Callable[[LoadedPack], str] | None = None) -> None:
        super().__init__()
        self.session = session
        self.report = report

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.session, report=self.report), callback=self.exit)

    def action_quit_review(self) -> None:
        screen = self.screen
        if isinstance(screen, ReviewScreen):
            screen.action_quit_review()
        else:
            self.exit("quit")

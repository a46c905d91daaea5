"""The hosted workshop's dashboard app: the facilitator's side of `quiz workshop host`, in this
terminal while the web server (quiz.workshop.server) serves the participant app to browsers.

quiz.commands.workshop.run_host checks the options, creates the workshop, starts the server and
runs this app; the app warns when the server has stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from quiz.core.engine import Clock
from quiz.ui.workshop.base import WorkshopApp
from quiz.ui.workshop.dashboard_screen import DashboardScreen
from quiz.workshop.model import Workshop

# How often the dashboard checks that the web server is still running.
SERVER_CHECK_SECONDS = 2.0


class DashboardApp(WorkshopApp):
    """The facilitator's side of a hosted workshop."""

    # Absolute, so a subclass elsewhere (the benchmark's) finds it too.
    CSS_PATH = Path(__file__).parent / "hosted.tcss"
    SESSION_SCREEN = DashboardScreen

    def __init__(
        self,
        workshop: Workshop,
        *,
        join_url: str,
        countdown: int | None = None,
        clock: Clock = time.monotonic,
        follow: bool = True,
        server_problem: Callable[[], str | None] | None = None,
        notice: str | None = None,
    ) -> None:
        super().__init__()
        self.notice = notice
        self.workshop = workshop
        self.join_url = join_url
        self.countdown = countdown
        self.clock = clock
        self.follow = follow
        self.server_problem = server_problem

    def get_default_screen(self) -> Screen:
        return DashboardScreen(self.workshop, join_url=self.join_url, countdown=self.countdown,
                               clock=self.clock, follow=self.follow)

    def on_mount(self) -> None:
        if self.notice:
            self.notify(self.notice, severity="warning", timeout=30)
        if self.server_problem is not None:
            self.set_interval(SERVER_CHECK_SECONDS, self.check_server)

    def check_server(self) -> None:
        problem = self.server_problem() if self.server_problem else None
        if problem:
            self.notify(problem, title="Participants cannot reach the workshop", severity="error",
                        timeout=SERVER_CHECK_SECONDS * 2)


"""The hosted workshop's dashboard app: the facilitator's side of `quiz workshop host`, in this
terminal while the web host (quiz.workshop.web_host, a thread of this same process) serves the
participants' page.

quiz.commands.workshop.run_host checks the options, opens or creates the workshop, starts the
web host and runs this app; the app warns when the web host has stopped, and says on exit
whether the facilitator paused the workshop (to continue later) or ended it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from quiz.core.engine import Clock
from quiz.ui.workshop.base import WorkshopApp
from quiz.ui.workshop.dashboard_screen import DashboardScreen, Host
from quiz.workshop.model import Workshop

# How often the dashboard checks that the web host is still serving.
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
        host: Host | None = None,
        server_problem: Callable[[], str | None] | None = None,
        hide_counts: bool = False,
        notice: str | None = None,
    ) -> None:
        super().__init__()
        self.notice = notice
        self.workshop = workshop
        self.join_url = join_url
        self.countdown = countdown
        self.clock = clock
        self.follow = follow
        self.host = host
        self.server_problem = server_problem
        self.hide_counts = hide_counts
        self.paused = False  # the facilitator stopped without ending: continue it later

    def get_default_screen(self) -> Screen:
        return DashboardScreen(self.workshop, join_url=self.join_url, countdown=self.countdown,
                               clock=self.clock, follow=self.follow, host=self.host,
                               hide_counts=self.hide_counts)

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

"""Hosting a workshop: `quiz workshop host` serves the participant app to browsers and opens the
facilitator's dashboard in this terminal.

run_host checks the options (pack, address, port) before anything starts, creates the workshop,
starts the web server in a child process (quiz.workshop.server.ServerProcess), prints the join URL and
code, runs DashboardApp, and stops the server and every participant app when the dashboard closes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from quiz.core.engine import Clock
from quiz.ui.workshop.base import (
    WorkshopApp,
    facilitator_and_pack,
    no_screen_reason,
    print_where_report_is,
    usage_error,
)
from quiz.ui.workshop.dashboard_screen import DashboardScreen
from quiz.workshop.model import Workshop

PROG = "quiz workshop host"
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


def run_host(args: argparse.Namespace) -> int:
    """`quiz workshop host`: check the options, create the workshop, serve it, lead it."""
    from quiz.core.workshop_records import Audience, Pace
    from quiz.storage.store import Store, StoreError
    from quiz.workshop import addresses, server
    from quiz.workshop.plan import (
        DEFAULT_MAX_PARTICIPANTS,
        MAX_PARTICIPANTS_LIMIT,
        WorkshopError,
        format_code,
    )

    host = getattr(args, "host", None) or addresses.DEFAULT_HOST
    port = getattr(args, "port", None) or addresses.DEFAULT_PORT
    data = getattr(args, "data_dir", None)
    most = getattr(args, "max_participants", None) or DEFAULT_MAX_PARTICIPANTS
    if not 1 <= most <= MAX_PARTICIPANTS_LIMIT:
        return usage_error(PROG, f"argument --max: at most {MAX_PARTICIPANTS_LIMIT} "
                                 f"participants (got {most})")
    chosen = facilitator_and_pack(args, PROG)
    if isinstance(chosen, int):
        return chosen
    facilitator, pack = chosen
    try:
        addresses.check_port(host, port)
    except addresses.HostingError as error:
        return usage_error(PROG, str(error))
    reason = no_screen_reason()
    if reason:
        return usage_error(PROG, f"the facilitator's dashboard needs a terminal, and {reason}")
    try:
        store = Store.open(data)
    except StoreError as error:
        return usage_error(PROG, str(error))
    with store:
        try:
            workshop = Workshop.create(
                store, pack, facilitator=facilitator,
                audience=Audience.PARTICIPANTS, pace=Pace(getattr(args, "pace", "facilitator")),
                check=getattr(args, "check", False), seed=getattr(args, "seed", None),
                max_participants=most,
            )
        except WorkshopError as error:
            return usage_error(PROG, str(error))
        info = workshop.info()
        assert store.path is not None
        command = server.participant_command(workshop.id, store.path.parent)
        process = server.ServerProcess.start(
            command, host=host, port=port, log_path=server.server_log_path(workshop.id),
            sessions=info.max_participants + server.SPARE_SESSIONS,
            workshop=(store.path, workshop.id))
        try:
            try:
                process.wait_ready()
            except addresses.HostingError as error:
                workshop.end()
                return usage_error(PROG, str(error))
            url = addresses.join_url(host, port)
            warning = addresses.bind_warning(host)
            if warning:
                print(warning, file=sys.stderr)
            print(f"Workshop {workshop.id}: participants open {url} and join with the code "
                  f"{format_code(info.code)}")
            app = DashboardApp(workshop, join_url=url, countdown=getattr(args, "countdown", None),
                               server_problem=process.problem, notice=warning)
            app.run()
        finally:
            process.stop()
        number = workshop.id
    print_where_report_is(number)
    return app.return_code or 0

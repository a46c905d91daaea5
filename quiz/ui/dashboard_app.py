"""Hosting a workshop: `quiz workshop host` serves the participant app to browsers and opens the
facilitator's dashboard in this terminal.

run_host checks the options (pack, address, port) before anything starts, creates the workshop,
starts the web server in a child process (quiz.hosting.ServerProcess), prints the join URL and
code, runs DashboardApp, and stops the server and every participant app when the dashboard closes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from quiz.engine import Clock
from quiz.ui.screens.dashboard_session import DashboardScreen
from quiz.workshop import Workshop

PROG = "quiz workshop host"
# How often the dashboard checks that the web server is still running.
SERVER_CHECK_SECONDS = 2.0


class DashboardApp(App[None]):
    """The facilitator's side of a hosted workshop."""

    # Absolute, so a subclass elsewhere (the benchmark's) finds it too.
    CSS_PATH = Path(__file__).parent / "hosted.tcss"
    TITLE = "Who says so? Workshop"
    BINDINGS = [
        # Ctrl+C and Ctrl+Q ask before a running workshop is ended, like q.
        Binding("ctrl+c,ctrl+q", "leave", "Quit", show=False, priority=True),
    ]

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

    def action_leave(self) -> None:
        screen = self.screen
        if isinstance(screen, DashboardScreen):
            screen.action_leave()
        else:
            screen.dismiss(False)


def run_host(args: argparse.Namespace) -> int:
    """`quiz workshop host`: check the options, create the workshop, serve it, lead it."""
    from quiz import hosting
    from quiz.packs import PackError, load_pack, resolve_pack
    from quiz.store import Store, StoreError
    from quiz.workshop import (
        DEFAULT_MAX_PARTICIPANTS,
        MAX_PARTICIPANTS_LIMIT,
        Audience,
        Pace,
        WorkshopError,
        clean_display_name,
        format_code,
    )

    host = getattr(args, "host", None) or hosting.DEFAULT_HOST
    port = getattr(args, "port", None) or hosting.DEFAULT_PORT
    data = getattr(args, "data_dir", None)
    most = getattr(args, "max_participants", None) or DEFAULT_MAX_PARTICIPANTS
    if not 1 <= most <= MAX_PARTICIPANTS_LIMIT:
        return _usage(f"argument --max: at most {MAX_PARTICIPANTS_LIMIT} participants "
                      f"(got {most})")
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
    try:
        hosting.check_port(host, port)
    except hosting.HostingError as error:
        return _usage(str(error))
    reason = _no_screen_reason()
    if reason:
        return _usage(f"the facilitator's dashboard needs a terminal, and {reason}")
    try:
        store = Store.open(data)
    except StoreError as error:
        return _usage(str(error))
    with store:
        try:
            workshop = Workshop.create(
                store, pack, facilitator=facilitator,
                audience=Audience.PARTICIPANTS, pace=Pace(getattr(args, "pace", "facilitator")),
                check=getattr(args, "check", False), seed=getattr(args, "seed", None),
                max_participants=most,
            )
        except WorkshopError as error:
            return _usage(str(error))
        info = workshop.info()
        assert store.path is not None
        command = hosting.participant_command(workshop.id, store.path.parent)
        server = hosting.ServerProcess.start(
            command, host=host, port=port, log_path=hosting.server_log_path(workshop.id),
            sessions=info.max_participants + hosting.SPARE_SESSIONS,
            workshop=(store.path, workshop.id))
        try:
            try:
                server.wait_ready()
            except hosting.HostingError as error:
                workshop.end()
                return _usage(str(error))
            url = hosting.join_url(host, port)
            warning = hosting.bind_warning(host)
            if warning:
                print(warning, file=sys.stderr)
            print(f"Workshop {workshop.id}: participants open {url} and join with the code "
                  f"{format_code(info.code)}")
            app = DashboardApp(workshop, join_url=url, countdown=getattr(args, "countdown", None),
                               server_problem=server.problem, notice=warning)
            app.run()
        finally:
            server.stop()
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

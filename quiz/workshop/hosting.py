"""The hosted workshop's plumbing: the web server that gives each browser its own participant app
(textual-serve, in a child process), and what a participant may see of the workshop.

Serving: `check_port` says in one line why an address cannot be used, `join_url` is what the
facilitator reads out, `ServerProcess` starts and stops the server (and every app it started) and
`serve_main` is that child process: textual-serve with a page that loads nothing from elsewhere
(its template asks Google for a font; ours uses the font textual-serve ships), a content security
policy that keeps it so, browsers from other sites refused, and a ceiling on app processes.

Following: the server alone follows the workshop in the store (`follow_changes` logic, ten times
a second) and tells every participant app when the facilitator moved (PUSHED_KINDS) through the
app's input, so 60 idle apps use no CPU waiting; the dashboard follows the store itself.

Seeing: `participant_view` is everything a participant's screen shows, read from the store. Before
the reveal it carries the passage, the claim and their own answer, and nothing else about the item:
no best answer, no explanation, no room distribution. The app runs on the host and the browser only
receives the screen, so what the view leaves out never leaves the host. `participant_report` is a
participant's own score report (the learner report of quiz.reports) over their latest answers.

Plain Python: textual-serve (which imports rich) is imported only inside the child process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import http.client
import ipaddress
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quiz import locations
from quiz.core.engine import Feedback, Span, feedback_for, span_in
from quiz.core.records import AnswerRecord, SessionRecord
from quiz.core.workshop_records import EventKind, Pace, Phase, State, Step, WorkshopAnswer
from quiz.storage.store import Store, StoreError
from quiz.workshop.model import Workshop

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SERVER_TITLE = "Who says so? Workshop"
# Starting Python, aiohttp and textual-serve takes about a second; a loaded laptop, a few more.
READY_TIMEOUT = 20.0
# After SIGTERM the server closes every browser's connection and each app quits; past this the
# whole process group is killed.
STOP_TIMEOUT = 8.0
# App processes beyond the participant limit: browsers that rejoin before their old connection
# has timed out, a facilitator's own test tab. Past it, new connections are refused, so a script
# opening connections in a loop cannot fill the host's memory with app processes.
SPARE_SESSIONS = 20
# A Host header used to build the page's own URLs must look like a host name or address.
_SAFE_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
_WILDCARDS = {"0.0.0.0", "::", ""}
# The server marks its answers with a token from its parent, so the parent knows it is talking to
# the server it started.
TOKEN_HEADER = "X-Quiz-Workshop"


class HostingError(Exception):
    """The workshop cannot be served; the message is one line naming the option to change."""


# --- addresses -----------------------------------------------------------------------------------


def is_wildcard(host: str) -> bool:
    """0.0.0.0 or :: listens on every network the computer is on."""
    return host.strip("[]") in _WILDCARDS


def is_loopback(host: str) -> bool:
    """Only this computer can connect: 127.x.x.x, ::1 or localhost."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_warning(host: str) -> str | None:
    """What the facilitator should know before listening on `host`; None for loopback."""
    if is_loopback(host):
        return None
    if is_wildcard(host):
        return (f"warning: --host {host} listens on every network this computer is on: anyone "
                "on the same network (the whole LAN or Wi-Fi) can open the workshop page, and "
                "whoever knows the join code can take part. Use it on a network you trust.")
    return (f"warning: --host {host} can be reached from the network that address is on: anyone "
            "there can open the workshop page, and whoever knows the join code can take part.")


def lan_address() -> str | None:
    """This computer's address on its local network, or None when there is none.

    A UDP socket "connected" to a private address makes the system choose the interface it would
    use; connecting a datagram socket sends nothing.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def join_url(host: str, port: int) -> str:
    """The address participants type: for 0.0.0.0 this computer's LAN address (or its name)."""
    if is_wildcard(host):
        shown = lan_address() or socket.gethostname()
    else:
        shown = host.strip("[]")
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def local_address(host: str) -> str:
    """Where this computer itself connects to a server listening on `host`."""
    if is_wildcard(host):
        return "::1" if ":" in host else "127.0.0.1"
    return host.strip("[]")


def check_port(host: str, port: int) -> None:
    """HostingError, in one line naming --host or --port, unless `host`:`port` can be listened on.

    The probe sets SO_REUSEADDR as the server does, so a port left in TIME_WAIT by the previous
    workshop counts as free, and only a port some program listens on counts as taken.
    """
    if not 1 <= port <= 65535:
        raise HostingError(f"argument --port: a port is 1 to 65535 (got {port})")
    try:
        found = socket.getaddrinfo(host.strip("[]") or None, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise HostingError(f"argument --host: {host!r} is not an address or name of this "
                           f"computer ({error.strerror}); use 127.0.0.1, or 0.0.0.0 for every "
                           "network") from None
    family, kind, protocol, _, address = found[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise HostingError(
                    f"argument --port: port {port} on {host} is already in use (by another "
                    f"program, or a workshop still running): choose another, e.g. "
                    f"--port {port + 1 if port < 65535 else 8001}") from None
            if error.errno == errno.EACCES:
                raise HostingError(f"argument --port: port {port} needs administrator rights "
                                   "on this computer: choose --port 1024 or above, e.g. "
                                   f"--port {DEFAULT_PORT}") from None
            if error.errno == errno.EADDRNOTAVAIL:
                raise HostingError(f"argument --host: {host} is not an address of this "
                                   "computer: use 127.0.0.1, or 0.0.0.0 for every network"
                                   ) from None
            raise HostingError(f"argument --port: cannot listen on {host} port {port}: "
                               f"{error.strerror or error}") from None


def free_port(host: str = DEFAULT_HOST) -> int:
    """A port nobody listens on now (the system's pick), for tests and benchmarks."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


# --- the server process --------------------------------------------------------------------------


def participant_command(
    workshop_id: int, data_dir: str | os.PathLike[str], *, python: str = sys.executable
) -> str:
    """The shell command textual-serve runs for each browser. Built here from the workshop id
    and the store's folder only, each quoted: nothing a participant types is part of it."""
    return shlex.join([python, "-m", "quiz", "workshop", "join", str(int(workshop_id)),
                       "--data-dir", str(Path(data_dir).resolve())])


def server_log_path(workshop_id: int) -> Path:
    """Where the server of a workshop writes its log and its apps' error output."""
    return locations.cache_dir() / "workshops" / f"workshop-{workshop_id}-server.log"


class ServerProcess:
    """The web server in a child process of its own process group, so stopping it also stops
    every participant app it started. The child watches this process and stops if it dies."""

    def __init__(
        self, process: subprocess.Popen, host: str, port: int, log_path: Path, token: str
    ) -> None:
        self.process = process
        self.host = host
        self.port = port
        self.log_path = log_path
        self.token = token

    @classmethod
    def start(
        cls,
        command: str,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        title: str = SERVER_TITLE,
        sessions: int = 60 + SPARE_SESSIONS,
        log_path: Path,
        workshop: tuple[Path, int] | None = None,
    ) -> ServerProcess:
        """Start the server for `command`; with `workshop` (store file, id) it tells each app
        when that workshop changed."""
        log_path.parent.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(8)
        follow = (["--store", str(Path(workshop[0]).resolve()), "--workshop", str(workshop[1])]
                  if workshop else [])
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "quiz.workshop.hosting", "--command", command, "--host", host,
                 "--port", str(port), "--title", title, "--sessions", str(sessions),
                 "--parent", str(os.getpid()), "--token", token, *follow],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return cls(process, host, port, log_path, token)

    def running(self) -> bool:
        return self.process.poll() is None

    def problem(self) -> str | None:
        """None while the server runs; else one line saying it stopped and where its log is."""
        if self.running():
            return None
        return (f"the web server stopped ({self._last_log_line() or 'no message'}); "
                f"its log: {self.log_path}")

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Return once this server answers (its token in a header: a program that took the port
        meanwhile does not count); HostingError if it stops or is slow."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.running():
                raise HostingError(f"the web server did not start: {self._last_log_line()} "
                                   f"(log: {self.log_path})")
            if self._answers():
                return
            if time.monotonic() >= deadline:
                self.stop()
                raise HostingError(f"the web server did not answer within {timeout:.0f} s "
                                   f"(log: {self.log_path})")
            time.sleep(0.05)

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection(local_address(self.host), self.port, timeout=0.5)
        try:
            connection.request("HEAD", "/static/css/xterm.css")
            return connection.getresponse().getheader(TOKEN_HEADER) == self.token
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
            return False
        finally:
            connection.close()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop the server (it closes each browser's connection, each app quits), then end any
        process of its group still there."""
        group = self.process.pid
        if self.running():
            self._signal_group(group, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(group, signal.SIGKILL)
                self.process.wait()
        # Apps whose quit message was lost: the group outlives its leader while they run.
        self._signal_group(group, signal.SIGKILL)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @staticmethod
    def _signal_group(group: int, signum: int) -> None:
        try:
            os.killpg(group, signum)
        except (ProcessLookupError, PermissionError):
            pass

    def _last_log_line(self) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        meaningful = [line.strip() for line in lines if line.strip()]
        return meaningful[-1] if meaningful else ""


# The template's one request to elsewhere is a stylesheet from Google Fonts for Roboto Mono;
# textual-serve ships that font, so the page declares it from its own static folder instead.
_LOCAL_FONTS = """<link rel="preload" href="{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf" as="font" type="font/ttf" crossorigin />
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }
    </style>"""
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", re.S)


def offline_index_template() -> str:
    """textual-serve's page template with every stylesheet from elsewhere replaced by the fonts
    it ships (so the page needs no internet access)."""
    import textual_serve

    source = (Path(textual_serve.__file__).parent / "templates" / "app_index.html").read_text(
        encoding="utf-8")
    patched = _EXTERNAL_LINK.sub("", source)
    return patched.replace("</head>", f"  {_LOCAL_FONTS}\n  </head>", 1)


def content_security_policy(websocket_url: str) -> str:
    """Only this server: a browser refuses anything else the page (or a bug) would load."""
    return ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {websocket_url}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'none'")


def build_server(
    command: str,
    *,
    host: str,
    port: int,
    title: str = SERVER_TITLE,
    sessions: int = 60 + SPARE_SESSIONS,
    parent: int | None = None,
    token: str | None = None,
    workshop: tuple[Path, int] | None = None,
):
    """A textual-serve Server for `command`, made to run offline, on its own origin only, with at
    most `sessions` app processes at once; it stops when process `parent` is gone. With
    `workshop` (the store's file and the workshop's id) it follows the workshop and tells every
    app when something all participants see has changed (see PUSHED_KINDS)."""
    import asyncio
    import logging

    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    log = logging.getLogger("textual-serve")

    class PushedAppService(AppService):
        """An app process that is told when the workshop changed (so it need not poll)."""

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            environment = super()._build_environment(width=width, height=height)
            environment[PUSH_ENVIRONMENT] = "1"
            return environment

    @web.middleware
    async def protective_headers(request: web.Request, handler):
        response = await handler(request)
        if not response.prepared:
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            response.headers.setdefault("X-Frame-Options", "DENY")
            if token:
                response.headers[TOKEN_HEADER] = token
        return response

    class WorkshopServer(Server):
        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title=title,
                             public_url=join_url(host, port).rstrip("/"))
            self.app_services: set[AppService] = set()

        async def _make_app(self) -> web.Application:
            app = web.Application(middlewares=[protective_headers])
            aiohttp_jinja2.setup(
                app, loader=jinja2.DictLoader({"app_index.html": offline_index_template()}),
                autoescape=True)
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        async def on_startup(self, app: web.Application) -> None:
            self.console.print(f"Serving {self.command!r} on {self.public_url}", markup=False,
                               highlight=False)
            loop = asyncio.get_running_loop()
            if parent is not None:
                app["parent_watch"] = loop.create_task(self._watch(parent))
            if workshop is not None:
                app["workshop_watch"] = loop.create_task(self._follow(*workshop))

        async def _follow(self, store_file: Path, workshop_id: int) -> None:
            # One process follows the store for every app: each app then waits on its input,
            # using no CPU, instead of 60 processes asking the store ten times a second.
            with Store(store_file, check=False) as store:
                followed = Workshop.open(store, workshop_id)
                seen = followed.revision()
                newcomers = False  # joined since the last push
                last_push = 0.0
                while True:
                    await asyncio.sleep(FOLLOW_INTERVAL)
                    try:
                        current = followed.revision()
                        kinds = ({event.kind for event in followed.events_since(seen)}
                                 if current != seen else set())
                        seen = current
                    except StoreError as error:  # busy or briefly unreadable: try again
                        log.warning("cannot read the workshop: %s", error)
                        continue
                    newcomers = newcomers or EventKind.JOINED in kinds
                    now = time.monotonic()
                    # A room arriving at once would otherwise redraw every lobby per newcomer.
                    if kinds & PUSHED_KINDS or (newcomers and now - last_push >= JOINED_PUSH_SECONDS):
                        newcomers, last_push = False, now
                        meta = {"type": CHANGED_META, "revision": current}
                        for service in list(self.app_services):
                            await service.send_meta(meta)

        async def _watch(self, parent_pid: int) -> None:
            # The host's dashboard owns this server: if it dies without stopping us, stop.
            while os.getppid() == parent_pid:
                await asyncio.sleep(1.0)
            self.console.print("The workshop host has gone: stopping.")
            os.kill(os.getpid(), signal.SIGTERM)

        def base_url(self, request: web.Request) -> str:
            # The page's own URLs follow the address the browser used (a LAN address, a name),
            # when it looks like one; jinja escapes it in any case.
            host_header = request.host
            if _SAFE_HOST.fullmatch(host_header or ""):
                return f"http://{host_header}"
            return self.public_url

        async def handle_index(self, request: web.Request) -> web.Response:
            base = self.base_url(request)
            websocket_url = "ws://" + base.split("://", 1)[1] + "/ws"
            context = {
                "font_size": min(max(to_int(request.query.get("fontsize", "16"), 16), 8), 40),
                "app_websocket_url": websocket_url,
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": self.title},
                "ping_url": "",
            }
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            response.headers["Content-Security-Policy"] = content_security_policy(websocket_url)
            response.headers["Cache-Control"] = "no-store"
            return response

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            origin = request.headers.get("Origin")
            if origin is not None and origin.split("://", 1)[-1] != request.host:
                # Browsers send the page's origin: another site's page may not drive an app.
                raise web.HTTPForbidden(text="this workshop only talks to its own page")
            if len(self.app_services) >= sessions:
                raise web.HTTPServiceUnavailable(text="too many connections to this workshop")
            return await self._serve_app(request)

        async def _serve_app(self, request: web.Request) -> web.WebSocketResponse:
            # textual-serve 1.1.3's handle_websocket, with the app service kept in
            # self.app_services while it runs (to be told of changes, and counted).
            websocket = web.WebSocketResponse(heartbeat=15)
            width = min(max(to_int(request.query.get("width", "80"), 80), 10), 500)
            height = min(max(to_int(request.query.get("height", "24"), 24), 5), 200)
            app_service: AppService | None = None
            try:
                await websocket.prepare(request)
                app_service = PushedAppService(
                    self.command, write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str, close=websocket.close,
                    download_manager=self.download_manager, debug=self.debug,
                )
                self.app_services.add(app_service)
                await app_service.start(width, height)
                try:
                    await self._process_messages(websocket, app_service)
                finally:
                    await app_service.stop()
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # noqa: BLE001 - one browser's failure is logged, not fatal
                log.exception(error)
            finally:
                if app_service is not None:
                    self.app_services.discard(app_service)
                    await app_service.stop()
            return websocket

    return WorkshopServer()


def serve_main(argv: Sequence[str] | None = None) -> int:
    """The server process (`python -m quiz.workshop.hosting ...`), started by ServerProcess."""
    parser = argparse.ArgumentParser(prog="python -m quiz.workshop.hosting",
                                     description="The web server of a hosted workshop.")
    parser.add_argument("--command", required=True)
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--title", default=SERVER_TITLE)
    parser.add_argument("--sessions", type=int, default=60 + SPARE_SESSIONS)
    parser.add_argument("--parent", type=int)
    parser.add_argument("--token")
    parser.add_argument("--store", type=Path, help="the store of the workshop to follow")
    parser.add_argument("--workshop", type=int, help="the workshop to follow")
    args = parser.parse_args(argv)
    followed = (args.store, args.workshop) if args.store and args.workshop else None
    server = build_server(args.command, host=args.host, port=args.port, title=args.title,
                          sessions=args.sessions, parent=args.parent, token=args.token,
                          workshop=followed)
    server.serve()
    return 0


# --- following a workshop from another process ---------------------------------------------------

# How often a follower asks whether the workshop changed: one primary-key read (about 7 us). The
# wake-up around it costs more than the read (0.1 to 0.3 ms where this was measured), which is
# why the server follows for all participant apps and only the dashboard follows by itself.
FOLLOW_INTERVAL = 0.1
# The changes every participant's screen must show at once: the facilitator's moves. Other
# participants' answers and moves change nothing on anyone else's screen before the next of
# these, so they wake nobody.
PUSHED_KINDS = frozenset({EventKind.STARTED, EventKind.SHOWN, EventKind.REVEALED,
                          EventKind.ENDED})
# Newcomers are pushed too (the lobby counts them), at most once in this many seconds.
JOINED_PUSH_SECONDS = 1.0
# The meta message the server sends an app on such a change, and the variable that tells an app
# started by the server that it will get them.
CHANGED_META = "quiz-workshop-changed"
PUSH_ENVIRONMENT = "QUIZ_WORKSHOP_PUSHED"


def follow_changes(
    workshop: Workshop,
    since: int,
    on_change: Callable[[int], None],
    stop: threading.Event,
    *,
    interval: float = FOLLOW_INTERVAL,
    kinds: frozenset[EventKind] | None = None,
) -> None:
    """Call `on_change(revision)` whenever the workshop's revision passes the last one seen (and,
    with `kinds`, one of the changes since is of those kinds), until `stop` is set or the store
    closes. Meant for a thread of its own.

    Workshop.wait_for_change sleeps through its interval with time.sleep; this loop sleeps on
    `stop` instead, so a closing screen ends it at once rather than after a timeout.
    """
    seen = since
    while not stop.is_set():
        try:
            current = workshop.revision()
            wanted = current != seen and (
                kinds is None or any(e.kind in kinds for e in workshop.events_since(seen)))
        except StoreError:
            return
        seen = current
        if wanted:
            on_change(current)
        stop.wait(interval)


# --- what a participant sees ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Question:
    """An item as a participant sees it before the reveal: passage and claim, nothing else."""

    position: int
    number: int  # 1-based, among the workshop's steps
    total: int
    phase: Phase
    passage: str
    claim: Span


@dataclass(frozen=True, slots=True)
class Reveal:
    """What the reveal shows: the feedback on the participant's answer (when they gave none,
    the feedback an answer of the best category would get, with `answered` False) and how the
    room answered (category id -> answers)."""

    feedback: Feedback
    answered: bool
    room: dict[str, int]


@dataclass(frozen=True, slots=True)
class ParticipantView:
    """Everything one participant's screen shows, at one revision of the workshop."""

    revision: int
    state: State
    pace: Pace
    title: str
    joined: int
    question: Question | None  # None in the lobby and once the participant has finished
    chosen: str | None  # their latest answer to `question`
    reveal: Reveal | None  # None until `question` is revealed (to everyone or, self paced, to them)
    finished: bool  # nothing left to answer: the workshop ended, or (self pace) they are done

    @property
    def can_answer(self) -> bool:
        return self.question is not None and self.reveal is None and self.state is State.QUESTION

    @property
    def can_reveal(self) -> bool:
        """Self pace: a discussion item, answered and not yet revealed."""
        return (self.pace is Pace.SELF and self.can_answer and self.chosen is not None
                and not self.question.phase.is_check)

    @property
    def can_move_on(self) -> bool:
        """Self pace: the item is answered (and revealed, unless it is a check item)."""
        if self.pace is not Pace.SELF or self.question is None or self.chosen is None:
            return False
        return self.question.phase.is_check or self.reveal is not None


def participant_view(workshop: Workshop, participant_id: int, *, attempts: int = 3) -> ParticipantView:
    """What participant `participant_id` sees now. Read in a few steps and retried while the
    workshop changes under it, so the parts belong to one revision."""
    for _ in range(attempts):
        view = _read_view(workshop, participant_id)
        if workshop.revision() == view.revision:
            return view
    return view


def _read_view(workshop: Workshop, participant_id: int) -> ParticipantView:
    info = workshop.info()
    person = workshop.participant(participant_id)
    joined = len(workshop.participants())
    steps = workshop.steps()
    total = len(steps)
    step: Step | None = None
    revealed = False
    finished = info.state is State.DONE
    if info.state in (State.QUESTION, State.REVEALED):
        if info.pace is Pace.FACILITATOR:
            step = steps[info.position]
            revealed = info.state is State.REVEALED
        elif person.position < total:
            step = steps[person.position]
            revealed = person.revealed
        else:
            finished = True
    question = chosen = reveal = None
    if step is not None:
        item = workshop.item(step)
        answer: WorkshopAnswer | None = workshop.answer_of(participant_id, step.position)
        chosen = answer.chosen if answer else None
        question = Question(step.position, step.number, total, step.phase, item.passage,
                            span_in(item.passage, item.claim) or Span(0, len(item.passage)))
        if revealed and not step.phase.is_check:
            feedback = feedback_for(workshop.pack, item, chosen or item.answer,
                                    seconds=answer.seconds if answer else 0.0)
            reveal = Reveal(feedback, answer is not None, workshop.distribution(step.position))
    return ParticipantView(info.revision, info.state, info.pace, info.title, joined, question,
                           chosen, reveal, finished)


# --- a participant's own report ------------------------------------------------------------------


def participant_report(workshop: Workshop, participant_id: int, *,
                       generated_at: dt.datetime | None = None):
    """The learner report (quiz.reports.Report) of one participant's latest answers. With a
    before/after check each phase is a session of its own, so the report shows the change from
    the before check to the after check."""
    from quiz.reports import build_report

    record = workshop.record()
    info = record.info
    person = next(p for p in record.participants if p.id == participant_id)
    phases = list(dict.fromkeys(step.phase for step in record.steps))
    number = {phase: n for n, phase in enumerate(phases, start=1)}
    started = info.started_at or info.created_at
    sessions = [
        SessionRecord(
            id=number[phase], learner=person.name, pack_id=info.pack_id,
            pack_version=info.pack_version, pack_path=info.pack_path,
            mode=phase.title if info.has_check else "workshop",
            item_ids=tuple(s.item_id for s in record.steps if s.phase is phase),
            started_at=started, finished_at=info.finished_at,
        )
        for phase in phases
    ]
    phase_of = {step.position: step.phase for step in record.steps}
    answers = [
        AnswerRecord(
            session_id=number[phase_of[a.position]], learner=person.name, pack_id=info.pack_id,
            item_id=a.item_id, item_hash=a.item_hash, actual=a.actual, also_accept=a.also_accept,
            chosen=a.chosen, verdict=a.verdict, credit=a.credit, seconds=a.seconds, hints=0,
            confidence=None, answered_at=a.answered_at,
        )
        for a in record.answers if a.participant_id == participant_id
    ]
    answered = {a.session_id for a in answers}
    covered = [s for s in sessions if s.id in answered] or sessions[:1]
    return build_report(answers, covered, workshop.pack, learner=person.name,
                        generated_at=generated_at)


def report_filename(workshop_id: int, name: str) -> str:
    """E.g. "workshop-12-ana-maria-report.html": ASCII letters and digits only (accents dropped),
    so any browser saves it under that name (it travels in an HTTP header unquoted)."""
    letters = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", letters).strip("-")
    return f"workshop-{int(workshop_id)}-{slug[:30] or 'participant'}-report.html"


__all__ = [
    "CHANGED_META", "DEFAULT_HOST", "DEFAULT_PORT", "HostingError", "PUSHED_KINDS",
    "PUSH_ENVIRONMENT", "ParticipantView", "Question", "Reveal",
    "ServerProcess", "bind_warning", "build_server", "check_port", "content_security_policy",
    "follow_changes", "free_port", "is_loopback", "is_wildcard", "join_url", "lan_address",
    "offline_index_template", "participant_command", "participant_report", "participant_view",
    "report_filename", "serve_main", "server_log_path",
]


if __name__ == "__main__":
    raise SystemExit(serve_main())

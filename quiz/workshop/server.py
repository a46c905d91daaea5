"""The hosted workshop's web server: the child process that gives each browser its own participant
app (textual-serve), and ServerProcess, which starts and stops it from the facilitator's process.

`ServerProcess` starts `python -m quiz.workshop.server` in a process group of its own and stops it
(and every app it started); `serve_main` is that child process: textual-serve with a page that
loads nothing from elsewhere (its template asks Google for a font; ours uses the font textual-serve
ships), a content security policy that keeps it so, browsers from other sites refused, and a
ceiling on app processes. The server alone follows the workshop in the store and tells every
participant app when the facilitator moved (quiz.workshop.follow).

textual-serve, aiohttp and asyncio are imported only in the child process (build_server); the
parts of textual-serve it relies on that are private are all in one section below.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from quiz import locations
from quiz.core.workshop_records import EventKind
from quiz.storage.database import StoreError
from quiz.storage.store import Store
from quiz.workshop.addresses import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    HostingError,
    join_url,
    local_address,
)
from quiz.workshop.follow import (
    CHANGED_META,
    FOLLOW_INTERVAL,
    JOINED_PUSH_SECONDS,
    PUSH_ENVIRONMENT,
    PUSHED_KINDS,
)
from quiz.workshop.model import Workshop

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
# The server marks its answers with a token from its parent, so the parent knows it is talking to
# the server it started.
TOKEN_HEADER = "X-Quiz-Workshop"
log = logging.getLogger("textual-serve")


# --- the server process, seen from the facilitator's -----------------------------------------


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
                [sys.executable, "-m", "quiz.workshop.server", "--command", command, "--host",
                 host, "--port", str(port), "--title", title, "--sessions", str(sessions),
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


# --- the server process itself ---------------------------------------------------------------


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
    # only here: asyncio, aiohttp and textual-serve (and rich) load only in the server process
    import asyncio

    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.server import to_int

    AdaptedServer = _adapted_server_class()

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

    class WorkshopServer(AdaptedServer):
        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title=title,
                             public_url=join_url(host, port).rstrip("/"))

        def make_application(self) -> web.Application:
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
            return await self.serve_app(request)

    return WorkshopServer()


def serve_main(argv: Sequence[str] | None = None) -> int:
    """The server process (`python -m quiz.workshop.server ...`), started by ServerProcess."""
    parser = argparse.ArgumentParser(prog="python -m quiz.workshop.server",
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


# --- textual-serve's private internals -------------------------------------------------------
# Everything the server relies on that textual-serve does not document is in this section, each
# use checked against textual-serve==1.1.3 (pinned in pyproject.toml for this reason): compare
# each with the new textual_serve/server.py, app_service.py and templates/app_index.html before
# moving the pin. The page template is read from textual-serve's package (its layout is not an
# API either); the server classes are made by a function, so that textual-serve, aiohttp and
# rich load only in the server process.

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
    it ships (so the page needs no internet access). Checked against textual-serve 1.1.3: the
    template's path in its package and its one link to Google Fonts."""
    # only here: textual-serve (and rich) load only where the page is served (or tested)
    import textual_serve

    source = (Path(textual_serve.__file__).parent / "templates" / "app_index.html").read_text(
        encoding="utf-8")
    patched = _EXTERNAL_LINK.sub("", source)
    return patched.replace("</head>", f"  {_LOCAL_FONTS}\n  </head>", 1)


def _adapted_server_class():
    """textual-serve's Server whose aiohttp application is `make_application`'s, and whose app
    services (PushedAppService) are kept in `app_services` while they run, to be told of changes
    and counted."""
    # only here: asyncio, aiohttp and textual-serve (and rich) load only in the server process
    import asyncio

    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    class PushedAppService(AppService):
        """An app process that is told when the workshop changed (so it need not poll)."""

        # textual-serve 1.1.3: AppService._build_environment(width, height) is private; it makes
        # the environment _open_app_process starts each app with. We add one variable to it.
        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            environment = super()._build_environment(width=width, height=height)
            environment[PUSH_ENVIRONMENT] = "1"
            return environment

    class AdaptedServer(Server):
        def __init__(self, command: str, **options) -> None:
            super().__init__(command, **options)
            self.app_services: set[AppService] = set()

        def make_application(self) -> web.Application:
            """The aiohttp application: its middlewares, page template and routes."""
            raise NotImplementedError

        # textual-serve 1.1.3: Server.serve() runs web.run_app(self._make_app()); overriding this
        # private coroutine is the only way to choose the application's middlewares and template.
        async def _make_app(self) -> web.Application:
            return self.make_application()

        async def serve_app(self, request: web.Request) -> web.WebSocketResponse:
            """Run one browser's app over its websocket until either side closes."""
            # textual-serve 1.1.3's Server.handle_websocket, copied: with the app service kept in
            # self.app_services while it runs, and the terminal size kept within bounds.
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
                    # textual-serve 1.1.3: Server._process_messages is private; it relays the
                    # browser's keys, resizes, pings, focus and blur to the app.
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

    return AdaptedServer


if __name__ == "__main__":
    raise SystemExit(serve_main())

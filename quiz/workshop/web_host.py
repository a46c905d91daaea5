"""The hosted workshop's web server inside the host's own process: WebHost runs the participant
site (quiz.workshop.web_app) on an asyncio loop in a thread of its own, next to the
facilitator's dashboard, and is what the dashboard asks (who is connected, who asks to be let
in) and tells (a move was made, a request answered).

One process for the whole room: no process per participant, and nothing to start or stop but a
thread. Its log (one line per join, refusal or problem; never a traceback for a malformed
request) goes to a file, since the dashboard owns the terminal.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from pathlib import Path

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from quiz import locations
from quiz.workshop.addresses import HostingError, join_url
from quiz.workshop.model import Workshop
from quiz.workshop.web_app import ParticipantSite
from quiz.workshop.web_room import HostStatus

START_TIMEOUT = 15.0
STOP_TIMEOUT = 5.0
# Connections waiting to be accepted: a room arriving at once.
BACKLOG = 512
# HTTP limits: a request line or header longer than this is refused with 400 (browsers send
# far less), idle keep-alive connections are closed after this many seconds.
MAX_LINE = 4096
MAX_HEADERS = 64
KEEPALIVE_SECONDS = 15.0


def server_log_path(workshop_id: int) -> Path:
    """Where the host writes the web side's log of a workshop."""
    return locations.cache_dir() / "workshops" / f"workshop-{workshop_id}-server.log"


class _OneLine(logging.LoggerAdapter):
    """aiohttp's server logger, with a malformed request logged as one line (its traceback
    says nothing about us); anything else keeps its traceback, since that would be our bug."""

    def exception(self, msg, *args, exc_info=True, **kwargs) -> None:
        error = exc_info if isinstance(exc_info, BaseException) else sys.exc_info()[1]
        if isinstance(error, HttpProcessingError | ConnectionError | asyncio.CancelledError):
            self.logger.warning(f"{msg}: %s", *args, error.__class__.__name__)
        else:
            self.logger.error(msg, *args, exc_info=exc_info, **kwargs)


def _file_logging(path: Path) -> logging.Handler:
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    for name in ("quiz.workshop.web", "aiohttp"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO if name.startswith("quiz") else logging.WARNING)
        logger.propagate = False  # never onto the dashboard's terminal
    return handler


class WebHost:
    """The participant site of `workshop`, served on `host`:`port` from a thread."""

    def __init__(self, workshop: Workshop, *, host: str, port: int,
                 log_path: Path | None = None) -> None:
        self.workshop = workshop
        self.host = host
        self.port = port
        self.url = join_url(host, port)
        self.log_path = log_path or server_log_path(workshop.id)
        self.site = ParticipantSite(workshop, host=host, port=port)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._stopped: asyncio.Event | None = None
        self._handler: logging.Handler | None = None

    # -- starting and stopping ------------------------------------------------------------------

    def start(self, timeout: float = START_TIMEOUT) -> WebHost:
        """Listen, or HostingError in one line (the port was taken meanwhile, say)."""
        self._handler = _file_logging(self.log_path)
        self.thread = threading.Thread(target=self._run, daemon=True,
                                       name=f"workshop-{self.workshop.id}-web")
        self.thread.start()
        if not self._ready.wait(timeout):
            raise HostingError(f"the web server did not start within {timeout:.0f} s "
                               f"(log: {self.log_path})")
        if self._error is not None:
            self._close_log()
            error = self._error
            raise HostingError(f"argument --port: cannot listen on {self.host} port "
                               f"{self.port}: {getattr(error, 'strerror', None) or error}")
        logging.getLogger("quiz.workshop.web").info("serving workshop %d on %s",
                                                    self.workshop.id, self.url)
        return self

    def _run(self) -> None:
        loop = self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(
            self.site.application(), access_log=None, handle_signals=False,
            logger=_OneLine(logging.getLogger("aiohttp.server"), {}),
            max_line_size=MAX_LINE, max_field_size=MAX_LINE, max_headers=MAX_HEADERS,
            keepalive_timeout=KEEPALIVE_SECONDS, shutdown_timeout=1.0)
        try:
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, self.host.strip("[]") or None, self.port,
                               backlog=BACKLOG, reuse_address=True)
            loop.run_until_complete(site.start())
        except OSError as error:
            self._error = error
            loop.run_until_complete(runner.cleanup())
            loop.close()
            self._ready.set()
            return
        self._stopped = asyncio.Event()
        self._ready.set()
        try:
            loop.run_until_complete(self._stopped.wait())
            loop.run_until_complete(runner.cleanup())
        finally:
            loop.close()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Tell every page the host stopped (they reconnect if it starts again), close them and
        stop listening."""
        if self.loop is not None and self._stopped is not None and self.thread is not None:
            if self.thread.is_alive():
                self.loop.call_soon_threadsafe(self._stopped.set)
                self.thread.join(timeout)
        self._close_log()

    def _close_log(self) -> None:
        if self._handler is not None:
            for name in ("quiz.workshop.web", "aiohttp"):
                logging.getLogger(name).removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    def __enter__(self) -> WebHost:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- what the dashboard asks and tells ------------------------------------------------------

    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def problem(self) -> str | None:
        """None while serving; else one line saying the web server stopped."""
        if self.running():
            return None
        return f"the web server has stopped; its log: {self.log_path}"

    def status(self) -> HostStatus:
        """Who is connected, who dropped, who asks to be let in, what was refused."""
        return self.site.status

    def poke(self) -> None:
        """The workshop changed (the facilitator acted): tell the pages now, not at the next
        look at the store."""
        self._call(self._poke)

    def _poke(self) -> None:
        if self.site.changed is not None:
            self.site.changed.set()

    def decide(self, request_id: int, allow: bool) -> None:
        """The facilitator's answer to a request to continue as someone on a new device."""
        self._call(self.site.decide, request_id, allow)

    def _call(self, function, *args) -> None:
        if self.loop is not None and self.running():
            try:
                self.loop.call_soon_threadsafe(function, *args)
            except RuntimeError:  # the loop closed meanwhile
                pass

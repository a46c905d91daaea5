"""The participant side of a hosted workshop as an aiohttp application: the page, its two static
files, each participant's report download, and one websocket per browser over which they join,
answer and are told of every move (ParticipantSite, on quiz.workshop.web_room's Room).

Everything here runs in one asyncio loop (quiz.workshop.web_host runs it in a thread of the
host's process). Each browser's messages are handled one at a time and each store call is
short, so a handler never waits on another; what a participant sees is rendered from
quiz.workshop.participant_view by quiz.workshop.web_screens, so nothing of an answer leaves the
host before its reveal. Limits: join attempts (quiz.workshop.limits), connections per address
and in all, message and header sizes; a browser from another site, a request under another host
name (DNS rebinding) or a malformed message gets a one-line answer and a one-line log entry.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import ipaddress
import json
import logging
import time
from importlib import resources

from aiohttp import WSMsgType, web

from quiz.core.workshop_records import Pace, State
from quiz.storage.database import StoreError
from quiz.workshop.addresses import HostNames
from quiz.workshop.limits import LimitedError
from quiz.workshop.model import Workshop
from quiz.workshop.participant_view import (
    participant_report,
    report_filename,
)
from quiz.workshop.plan import (
    NameTaken,
    RemovedParticipant,
    UnknownSecret,
    WorkshopError,
    WrongCode,
    is_numeric_code,
    new_secret,
    normalize_code,
)
from quiz.workshop.web_room import Connection, HandOver, Room
from quiz.workshop.web_screens import (
    Screen,
    moved_screen,
    page,
    refused_screen,
    removed_screen,
    waiting_screen,
)
from quiz.workshop.web_screens import join_form as render_join_form

log = logging.getLogger("quiz.workshop.web")

# A browser's messages are a few dozen bytes; a name is at most 40 characters.
MAX_MESSAGE_BYTES = 2048
MAX_SECRET_LENGTH = 64
# The server pings each websocket this often; a phone that does not answer within half of it
# (asleep, out of range) is dropped, and its page reconnects when it wakes.
HEARTBEAT_SECONDS = 20.0
# Open websockets: per address beyond loopback (a phone with a few tabs, a few people behind
# one router), and in all (each participant one or two, plus spares: the facilitator's own
# test tab). One device alone cannot take every place.
CONNECTIONS_PER_ADDRESS = 20
SPARE_CONNECTIONS = 40
# Requests waiting for the facilitator to hand a name over.
MAX_PENDING = 20
# With self pace, new names per address (beyond loopback): a throwaway name could otherwise
# see each answer before the real one gives it.
SELF_PACE_NAMES_PER_ADDRESS = 1


FOLLOWING = web.AppKey("following", asyncio.Task)


def _asset(name: str) -> bytes:
    return resources.files("quiz.workshop").joinpath("static", name).read_bytes()


class ParticipantSite(Room):
    """The aiohttp application for one workshop, and what each browser's messages do."""

    def __init__(self, workshop: Workshop, *, host: str, port: int,
                 max_connections: int | None = None) -> None:
        super().__init__(workshop)
        self.names = HostNames(host, port)
        self.request_ids = iter(range(1, 1 << 62))
        self.joined_from: collections.Counter[str] = collections.Counter()
        info = workshop.info()
        self.title = info.title
        self.numeric_code = is_numeric_code(info.code)
        self.storage_key = hashlib.sha256(
            f"{info.id} {info.code} {info.created_at}".encode()).hexdigest()[:16]
        self.max_connections = max_connections or info.max_participants * 2 + SPARE_CONNECTIONS
        self.assets = {"page.js": _asset("page.js"), "page.css": _asset("page.css")}
        self.asset_version = hashlib.sha256(b"".join(self.assets.values())).hexdigest()[:12]

    # -- the application --------------------------------------------------------------------------

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.guard], client_max_size=16 * 1024)
        app.router.add_get("/", self.index)
        app.router.add_get("/static/{name}", self.static)
        app.router.add_get("/report/{token}", self.report)
        app.router.add_get("/ws", self.websocket)
        app.on_startup.append(self._started)
        app.on_shutdown.append(self._closing)
        return app

    async def _started(self, app: web.Application) -> None:
        self.changed = asyncio.Event()
        app[FOLLOWING] = asyncio.get_running_loop().create_task(self.follow())

    async def _closing(self, app: web.Application) -> None:
        app[FOLLOWING].cancel()
        try:
            ended = self.workshop.info().state is State.DONE
        except (StoreError, WorkshopError):
            ended = False
        for connection in list(self.open):
            if ended:  # nothing to come back to: the page stops trying
                connection.send({"type": "stop", "forget": False, "text": "The workshop has "
                                 "ended and its host has stopped."})
            else:
                connection.send({"type": "notice", "text": "The workshop's host has stopped. "
                                 "This page reconnects by itself if it starts again."})
            connection.closing = True
            connection.wake.set()
        await asyncio.sleep(0.2)  # let the writers send that line
        for connection in list(self.open):
            await connection.socket.close()

    @web.middleware
    async def guard(self, request: web.Request, handler):
        if not self.names.allows(request.host):
            log.info("refused a request for host %r from %s (not this workshop's address)",
                     request.host[:80], request.remote)
            return web.Response(status=421, text="This workshop is not served under that name: "
                                "open the address on the facilitator's screen.\n")
        try:
            response = await handler(request)
        except web.HTTPException as problem:
            response = web.Response(status=problem.status,
                                    text=f"{problem.status} {problem.reason}\n")
        if not response.prepared:
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def policy(self, request: web.Request) -> str:
        """Only this host, for everything: a browser refuses whatever the page (or a bug in
        it) would load from elsewhere, and any script or style inside the HTML."""
        return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                f"connect-src 'self' ws://{request.host}; form-action 'self'; "
                "frame-ancestors 'none'; base-uri 'none'")

    async def index(self, request: web.Request) -> web.Response:
        typed = normalize_code(request.query.get("code", ""))[:12]
        code = typed if typed.isascii() and typed.isalnum() else ""
        body = page(title=self.title, asset_version=self.asset_version, code=code,
                    numeric_code=self.numeric_code, storage_key=self.storage_key)
        response = web.Response(text=body, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = self.policy(request)
        return response

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in self.assets:
            raise web.HTTPNotFound()
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        response = web.Response(body=self.assets[name], content_type=kind, charset="utf-8")
        response.headers["Cache-Control"] = "public, max-age=86400, immutable"
        return response

    async def report(self, request: web.Request) -> web.Response:
        participant_id = self.report_tokens.get(request.match_info["token"])
        if participant_id is None:
            raise web.HTTPNotFound()
        # only here: the HTML renderer loads when a report is downloaded
        from quiz.reports import render

        person = self.workshop.participant(participant_id)
        report = participant_report(self.workshop, participant_id)
        response = web.Response(text=render(report, "html"), content_type="text/html",
                                charset="utf-8")
        filename = report_filename(self.workshop.id, person.name)
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    # -- one browser's websocket -----------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        socket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS,
                                       max_msg_size=MAX_MESSAGE_BYTES, compress=False)
        if not socket.can_prepare(request).ok:
            return web.Response(status=400, text="This address is the workshop page's live "
                                "connection: open the page itself, at /.\n")
        if not self.names.allows_origin(request.headers.get("Origin")):
            self.refused_origins += 1
            self._changed_status()
            log.info("refused a websocket from %s: its page is not this workshop's (Origin %r)",
                     request.remote, (request.headers.get("Origin") or "")[:80])
            return web.Response(status=403, text="This workshop only talks to its own page.\n")
        address = request.remote or "?"
        if len(self.open) >= self.max_connections or (
                not _loopback(address)
                and sum(c.address == address for c in self.open) >= CONNECTIONS_PER_ADDRESS):
            log.info("refused a websocket from %s: too many connections", address)
            return web.Response(status=503, text="Too many connections to this workshop.\n")
        await socket.prepare(request)
        connection = Connection(socket, address, self.limits.connection_bucket())
        self.open.add(connection)
        writer = asyncio.get_running_loop().create_task(connection.write())
        try:
            async for message in socket:
                if message.type is WSMsgType.TEXT:
                    self.receive(connection, message.data)
                elif message.type is WSMsgType.ERROR:
                    break
                else:
                    self.reply_error(connection, "This page only sends text messages.")
        finally:
            self.disconnect(connection)
            if not connection.closing:
                writer.cancel()
        return socket

    def receive(self, connection: Connection, data: str) -> None:
        """One message from a browser, handled to the end before the next (no awaits)."""
        try:
            message = json.loads(data)
        except ValueError:
            message = None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            log.info("ignored a malformed message from %s", connection.address)
            return
        handlers = {"hello": self.hello, "join": self.join, "answer": self.answer,
                    "reveal": self.reveal, "next": self.next, "cancel": self.cancel}
        handler = handlers.get(message["type"])
        if handler is None:
            log.info("ignored a message of unknown type from %s", connection.address)
            return
        try:
            handler(connection, message)
        except StoreError as problem:
            log.warning("could not use the store for %s: %s", connection.address, problem)
            self.reply_error(connection, "The host could not save that just now: try again.")

    def reply_error(self, connection: Connection, text: str, field: str | None = None) -> None:
        connection.send({"type": "error", "message": text, "field": field})

    def hello(self, connection: Connection, message: dict) -> None:
        secret = message.get("secret")
        if not isinstance(secret, str) or not 0 < len(secret) <= MAX_SECRET_LENGTH:
            return  # a newcomer: the page shows the join form it was served with
        if connection.participant_id is not None:
            return
        try:
            person = self.workshop.resume(secret)
        except RemovedParticipant:
            connection.screen(removed_screen())
            connection.send({"type": "stop", "forget": False, "text": ""})
            return
        except UnknownSecret:  # another workshop's identity, or one this host never gave
            connection.send({"type": "forget"})
            connection.screen(Screen("join-again", self.join_form()))
            return
        self.attach(connection, person.id, person.name)
        self.show(connection)

    def join_form(self, error: str = "", name: str = "") -> str:
        return render_join_form(title=self.title, numeric_code=self.numeric_code, error=error,
                                name=name)

    def join(self, connection: Connection, message: dict) -> None:
        name, code = message.get("name"), message.get("code")
        if not isinstance(name, str) or not isinstance(code, str) or len(code) > 32:
            self.reply_error(connection, "Type your name and the join code.", "name")
            return
        if connection.participant_id is not None or connection.pending is not None:
            return
        try:
            self.limits.attempt(connection.limits)
            self.limits.check_address(connection.address)
        except LimitedError as limited:
            log.info("join attempt from %s refused: too many tries (%.0f s to wait)",
                     connection.address, limited.wait)
            self._changed_status()
            self.reply_error(connection, str(limited), "code")
            return
        info = self.workshop.info()
        if (info.pace is Pace.SELF and not _loopback(connection.address)
                and self.joined_from[connection.address] >= SELF_PACE_NAMES_PER_ADDRESS
                and normalize_code(code) == info.code):
            self.reply_error(connection, "In a self-paced workshop each device joins once: "
                             "this one has joined already. Ask the facilitator if that is "
                             "wrong.", "name")
            return
        secret = new_secret()
        try:
            person = self.workshop.join(name, code, secret=secret)
        except WrongCode as wrong:
            log.info("wrong join code from %s", connection.address)
            try:
                self.limits.wrong_code(connection.address)
            except LimitedError as limited:
                log.info("address %s is guessing codes: refused for %.0f s", connection.address,
                         limited.wait)
                self._changed_status()
                self.reply_error(connection, str(limited), "code")
                return
            self._changed_status()
            self.reply_error(connection, _sentence(str(wrong)), "code")
            return
        except NameTaken as taken:
            self.ask_hand_over(connection, taken)
            return
        except WorkshopError as refused:
            self.reply_error(connection, _sentence(str(refused)), "name")
            return
        self.joined_from[connection.address] += 1
        log.info("%s joined from %s", person.name, connection.address)
        connection.send({"type": "identity", "secret": secret, "name": person.name})
        self.attach(connection, person.id, person.name)
        self.show(connection)

    def ask_hand_over(self, connection: Connection, taken: NameTaken) -> None:
        if len(self.pending) >= MAX_PENDING:
            self.reply_error(connection, "The facilitator has too many requests to answer: "
                             "choose another name, or try again in a minute.", "name")
            return
        request = HandOver(next(self.request_ids), taken.participant_id, taken.name,
                           connection.address, time.monotonic())
        self.pending[request.id] = (request, connection)
        connection.pending = request.id
        log.info("%s asks to continue as %s", connection.address, taken.name)
        connection.screen(waiting_screen(taken.name))
        self._changed_status()

    def cancel(self, connection: Connection, message: dict) -> None:
        if connection.pending is not None:
            self.pending.pop(connection.pending, None)
            connection.pending = None
            self._changed_status()
            connection.screen(Screen("join-again", self.join_form()))

    def decide(self, request_id: int, allow: bool) -> None:
        """The facilitator's answer to a hand-over request (called in this loop)."""
        entry = self.pending.pop(request_id, None)
        if entry is None:
            return
        request, connection = entry
        connection.pending = None
        if not allow:
            log.info("the facilitator did not let %s continue as %s", request.address,
                     request.name)
            connection.screen(refused_screen(self.title, request.name,
                                             numeric_code=self.numeric_code))
            self._changed_status()
            return
        secret = new_secret()
        try:
            person = self.workshop.hand_over(request.participant_id, secret)
        except (WorkshopError, StoreError) as problem:
            connection.screen(Screen("join-again", self.join_form(error=_sentence(str(problem)))))
            self._changed_status()
            return
        log.info("the facilitator let %s continue as %s", request.address, request.name)
        for old in list(self.connections.get(person.id, ())):
            old.screen(moved_screen())
            old.send({"type": "stop", "forget": True, "text": ""})
            old.closing = True
            self._detach(old)
        connection.send({"type": "identity", "secret": secret, "name": person.name})
        self.attach(connection, person.id, person.name)
        self.show(connection)

    def answer(self, connection: Connection, message: dict) -> None:
        choice, position = message.get("choice"), message.get("position")
        if connection.participant_id is None or not isinstance(choice, str):
            return
        if not isinstance(position, int) or isinstance(position, bool):
            position = None
        try:
            self.workshop.answer(connection.participant_id, choice, position=position)
        except WorkshopError as refused:
            self.show(connection)
            self.reply_error(connection, _sentence(str(refused)))
            return
        self.show(connection)

    def reveal(self, connection: Connection, message: dict) -> None:
        self._own_pace(connection, self.workshop.participant_reveal)

    def next(self, connection: Connection, message: dict) -> None:
        self._own_pace(connection, self.workshop.participant_next)

    def _own_pace(self, connection: Connection, action) -> None:
        if connection.participant_id is None:
            return
        try:
            action(connection.participant_id)
        except WorkshopError as refused:
            self.show(connection)
            self.reply_error(connection, _sentence(str(refused)))
            return
        self.show(connection)

def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")

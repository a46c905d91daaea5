"""The browsers of a hosted workshop as one room: each page's websocket (Connection), who has one
open, who dropped, who asks to continue on a new device, what the dashboard is shown of it
(HostStatus), and telling every page what it sees whenever the workshop changes (Room).

Runs in the web host's asyncio loop (quiz.workshop.web_app builds the site on this). A push is
the whole room's views read in one transaction (quiz.workshop.participant_view) and put in each
page's own outbox, so a slow or closing page delays nobody and no push can stop the following.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import web

from quiz.core.workshop_records import EventKind, State
from quiz.storage.database import StoreError
from quiz.workshop.follow import FOLLOW_INTERVAL, PUSHED_KINDS
from quiz.workshop.limits import Bucket, JoinLimits
from quiz.workshop.model import Workshop
from quiz.workshop.participant_view import participant_report, participant_views
from quiz.workshop.plan import WorkshopError
from quiz.workshop.web_screens import Screen, participant_screen, removed_screen, report_summary

log = logging.getLogger("quiz.workshop.web")

# In the lobby every join changes everyone's "N people have joined": at most this often.
LOBBY_PUSH_SECONDS = 1.0


@dataclass(eq=False)
class Connection:
    """One browser's websocket, who it is (once joined) and what waits to be sent to it. Only
    the latest screen is kept: a slow phone gets where the workshop is, not every step."""

    socket: web.WebSocketResponse
    address: str
    limits: Bucket
    participant_id: int | None = None
    name: str = ""
    pending: int | None = None  # the id of its hand-over request
    outbox: collections.deque = field(default_factory=collections.deque)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    closing: bool = False

    def send(self, message: dict) -> None:
        if message.get("type") == "screen" and self.outbox and self.outbox[-1][0] == "screen":
            self.outbox.pop()
        self.outbox.append((message.get("type"), json.dumps(message)))
        self.wake.set()

    def screen(self, screen: Screen) -> None:
        self.send({"type": "screen", "key": screen.key, "html": screen.html,
                   "announce": screen.announce})

    async def write(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.outbox:
                _, text = self.outbox.popleft()
                try:
                    await self.socket.send_str(text)
                except (ConnectionError, RuntimeError):
                    return
            if self.closing:
                await self.socket.close()
                return


@dataclass(frozen=True, slots=True)
class HandOver:
    """A device asking to continue as someone who has joined already."""

    id: int
    participant_id: int
    name: str
    address: str
    since: float


@dataclass(frozen=True, slots=True)
class HostStatus:
    """What the dashboard shows of the web side, replaced whole on each change (so reading it
    from another thread needs no lock); `version` counts the changes."""

    version: int = 0
    connected: frozenset[int] = frozenset()
    dropped: frozenset[int] = frozenset()  # had a page open, have none now
    pending: tuple[HandOver, ...] = ()
    limited: int = 0  # join attempts refused for coming too fast
    wrong_codes: int = 0
    refused_origins: int = 0


class Room:
    """The pages of one workshop and what they are told."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.pack = workshop.pack
        self.limits = JoinLimits()
        self.connections: dict[int, set[Connection]] = {}
        self.open: set[Connection] = set()
        self.ever: set[int] = set()
        self.pending: dict[int, tuple[HandOver, Connection]] = {}
        self.report_tokens: dict[str, int] = {}
        self.tokens_of: dict[int, str] = {}
        self.refused_origins = 0
        self.status = HostStatus()
        self.changed: asyncio.Event | None = None
        self.revision = workshop.revision()
        self.lobby_pushed = 0.0
        self.lobby_due = False
        self.push_task: asyncio.Task | None = None

    # -- who is here -------------------------------------------------------------------------------

    def attach(self, connection: Connection, participant_id: int, name: str) -> None:
        connection.participant_id, connection.name = participant_id, name
        self.connections.setdefault(participant_id, set()).add(connection)
        self.ever.add(participant_id)
        self._changed_status()

    def _detach(self, connection: Connection) -> None:
        if connection.participant_id is not None:
            held = self.connections.get(connection.participant_id)
            if held is not None:
                held.discard(connection)
                if not held:
                    del self.connections[connection.participant_id]
            connection.participant_id = None

    def disconnect(self, connection: Connection) -> None:
        self.open.discard(connection)
        if connection.pending is not None:
            self.pending.pop(connection.pending, None)
        self._detach(connection)
        self._changed_status()

    def _changed_status(self) -> None:
        connected = frozenset(self.connections)
        self.status = HostStatus(
            version=self.status.version + 1, connected=connected,
            dropped=frozenset(self.ever - connected),
            pending=tuple(request for request, _ in self.pending.values()),
            limited=self.limits.counts.limited, wrong_codes=self.limits.counts.wrong_codes,
            refused_origins=self.refused_origins)

    # -- telling browsers what they see ------------------------------------------------------------

    def show(self, connection: Connection) -> None:
        """Send one participant's screen as it is now."""
        if connection.participant_id is None:
            return
        try:
            views = participant_views(self.workshop, [connection.participant_id])
        except WorkshopError:
            connection.screen(removed_screen())
            connection.send({"type": "stop", "forget": False, "text": ""})
            return
        connection.screen(self.render(connection.participant_id, connection.name,
                                      views[connection.participant_id]))

    def render(self, participant_id: int, name: str, view) -> Screen:
        report = url = None
        if view.finished:
            token = self.tokens_of.get(participant_id)
            if token is None:
                token = self.tokens_of[participant_id] = secrets.token_urlsafe(18)
                self.report_tokens[token] = participant_id
            url = f"/report/{token}"
            try:
                report = report_summary(participant_report(self.workshop, participant_id))
            except WorkshopError as problem:  # a damaged row: the page says so, not the log
                log.warning("no report for participant %d: %s", participant_id, problem)
                report = "<p>Your report cannot be shown: part of it could not be read.</p>"
        return participant_screen(view, self.pack, name, report=report, report_url=url)

    async def follow(self) -> None:
        """Catch up with the store after every change (told by `changed`, or found by asking
        every FOLLOW_INTERVAL: the facilitator acts from the dashboard's thread). One failure
        is logged and the next round tries again: this task must never end while serving."""
        assert self.changed is not None
        while True:
            try:
                await asyncio.wait_for(self.changed.wait(), FOLLOW_INTERVAL)
            except TimeoutError:
                pass
            self.changed.clear()
            try:
                self.catch_up()
            except Exception as problem:  # noqa: BLE001 - logged; following goes on
                log.error("could not follow the workshop (trying again): %s: %s",
                          type(problem).__name__, problem)

    def catch_up(self) -> None:
        revision = self.workshop.revision()
        kinds: set[EventKind] = set()
        if revision != self.revision:
            events = self.workshop.events_since(self.revision)
            self.revision = revision
            kinds = {event.kind for event in events}
            for event in events:
                if event.kind is EventKind.REMOVED and event.participant is not None:
                    self.removed(event.participant)
        now = time.monotonic()
        if kinds & PUSHED_KINDS:
            self.push_all()
        elif kinds & {EventKind.JOINED, EventKind.REMOVED} or self.lobby_due:
            if self.workshop.info().state is State.LOBBY:
                if now - self.lobby_pushed >= LOBBY_PUSH_SECONDS:
                    self.lobby_pushed, self.lobby_due = now, False
                    self.push_all()
                else:
                    self.lobby_due = True
            else:
                self.lobby_due = False

    def removed(self, participant_id: int) -> None:
        for connection in list(self.connections.get(participant_id, ())):
            log.info("%s was removed by the facilitator", connection.name)
            connection.screen(removed_screen())
            connection.send({"type": "stop", "forget": False, "text": ""})
            connection.closing = True
            self._detach(connection)
        self.ever.discard(participant_id)
        self._changed_status()

    def push_all(self) -> None:
        """Every connected participant's screen, as of now; a push still under way is
        replaced, since this one is newer."""
        if self.push_task is not None and not self.push_task.done():
            self.push_task.cancel()
        self.push_task = asyncio.get_running_loop().create_task(self._push())

    async def _push(self) -> None:
        try:
            await self._push_now()
        except asyncio.CancelledError:
            raise
        except Exception as problem:  # noqa: BLE001 - logged; the next change pushes again
            log.error("could not update the pages: %s: %s", type(problem).__name__, problem)

    async def _push_now(self) -> None:
        people = {pid: next(iter(held)).name for pid, held in self.connections.items() if held}
        try:
            views = participant_views(self.workshop, people)
        except WorkshopError:
            # Someone was removed just now (their removal is handled next round), or a row
            # cannot be read: everyone else still gets their screen, one by one.
            views = {}
            for participant_id in people:
                try:
                    views.update(participant_views(self.workshop, [participant_id]))
                except WorkshopError as problem:
                    log.info("no screen for participant %d: %s", participant_id, problem)
        except StoreError as problem:
            log.warning("could not read the workshop to update the pages: %s", problem)
            self._again()
            return
        for done, (participant_id, view) in enumerate(views.items(), start=1):
            screen = self.render(participant_id, people[participant_id], view)
            for connection in list(self.connections.get(participant_id, ())):
                connection.screen(screen)
            if view.finished and done % 10 == 0:
                await asyncio.sleep(0)  # reports take a few ms each: let others in between

    def _again(self) -> None:
        if self.changed is not None:
            self.changed.set()

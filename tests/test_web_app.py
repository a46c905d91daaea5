"""The participant site over a real socket: the web host (quiz.workshop.web_host) on a free
loopback port, and browsers simulated with aiohttp's websocket client speaking the page's
protocol (static/page.js): joining, the lobby, answering and changing an answer, the reveal,
the end with the participant's own report, rejoining with the device's secret and without it,
the facilitator handing a name over or removing someone, join limits, origin and host-name
checks, malformed requests, pushes racing joins, and a connection dropped and restored.

All traffic stays on 127.0.0.1 and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import html
import json
import random
import socket
import time
from pathlib import Path

import aiohttp
import pytest

from quiz.content.pack_files import load_pack
from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import Pace, State
from quiz.storage.store import Store
from quiz.workshop.addresses import free_port
from quiz.workshop.limits import ADDRESS_BURST, CONNECTION_BURST
from quiz.workshop.model import Workshop
from quiz.workshop.web_host import WebHost

LOOPBACK = "127.0.0.1"
STEP_SECONDS = 10.0
LAUNCH_EXPLANATION = html.escape('The words "KCNA reported" mark a state-media claim')


class Browser:
    """One participant's page as the host sees it: a websocket sending what page.js sends and
    keeping what the host sends (the latest screen, the identity it was given)."""

    def __init__(self, http: aiohttp.ClientSession, origin: str) -> None:
        self.http = http
        self.origin = origin
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.messages: list[dict] = []
        self.screen: dict = {"key": "join", "html": ""}
        self.secret: str | None = None
        self.name: str | None = None
        self.errors: list[str] = []
        self.stopped = False
        self.arrived = asyncio.Event()
        self.reader: asyncio.Task | None = None

    async def open(self, *, hello: bool = True) -> Browser:
        url = "ws://" + self.origin.split("://", 1)[1] + "/ws"
        self.socket = await self.http.ws_connect(url, origin=self.origin)
        self.reader = asyncio.get_running_loop().create_task(self._read())
        if hello:
            await self.send(type="hello", **({"secret": self.secret} if self.secret else {}))
        return self

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            if message.type is not aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            self.messages.append(data)
            if data["type"] == "screen":
                self.screen = data
            elif data["type"] == "identity":
                self.secret, self.name = data["secret"], data["name"]
            elif data["type"] == "error":
                self.errors.append(data["message"])
            elif data["type"] == "forget":
                self.secret = None
            elif data["type"] == "stop":
                self.stopped = True
            self.arrived.set()

    async def send(self, **message) -> None:
        assert self.socket is not None
        await self.socket.send_str(json.dumps(message))

    async def wait(self, condition, what: str, seconds: float = STEP_SECONDS) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {what}; last screen "
                                     f"{self.screen.get('key')!r}, errors {self.errors}")
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), min(left, 0.2))
            except TimeoutError:
                pass

    async def on(self, key: str, seconds: float = STEP_SECONDS) -> None:
        await self.wait(lambda: self.screen.get("key") == key, f"screen {key!r}", seconds)

    async def join(self, name: str, code: str) -> None:
        await self.send(type="join", name=name, code=code)
        await self.wait(lambda: self.secret is not None or self.errors, f"{name} to join")

    async def answer(self, choice: str, position: int) -> None:
        count = len(self.messages)
        await self.send(type="answer", choice=choice, position=position)
        await self.wait(lambda: len(self.messages) > count, f"the answer {choice}")

    async def drop(self) -> None:
        """The connection goes, as when a phone loses the network."""
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()

    def html(self) -> str:
        return self.screen.get("html", "")


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "data" / "quiz.sqlite3") as opened:
        yield opened


def hosted(store: Store, mini: LoadedPack, tmp_path: Path, **options) -> tuple[Workshop, WebHost]:
    workshop = Workshop.create(store, mini, code_rng=random.Random(5), **options)
    host = WebHost(workshop, host=LOOPBACK, port=free_port(), log_path=tmp_path / "web.log")
    return workshop, host.start()


def origin(host: WebHost) -> str:
    return f"http://{LOOPBACK}:{host.port}"


async def settle(host: WebHost, condition, what: str, seconds: float = STEP_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; status {host.status()}")
        await asyncio.sleep(0.02)


# -- a participant from the join form to their report ---------------------------------------------


async def test_a_participant_joins_answers_changes_sees_the_reveal_and_takes_the_report(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path)
    code = workshop.info().code
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{origin(host)}/?code={code}") as reply:
                page = await reply.text()
                policy = reply.headers["Content-Security-Policy"]
            assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
            assert f'value="{code}"' in page and 'inputmode="numeric"' in page
            assert "default-src 'none'" in policy and "script-src 'self'" in policy
            for asset in ("page.js", "page.css"):
                async with http.get(f"{origin(host)}/static/{asset}") as reply:
                    assert reply.status == 200 and len(await reply.read()) > 1000

            ada = await Browser(http, origin(host)).open()
            await ada.join("Ada", code)
            await ada.on("lobby")
            assert "Welcome, Ada!" in ada.html() and "1 person has joined" in ada.html()
            assert [p.name for p in workshop.participants()] == ["Ada"]

            workshop.start()
            host.poke()
            await ada.on("question-0")
            await ada.answer("denial", 0)
            await ada.answer("state_media", 0)  # changed before the reveal
            assert workshop.answer_of(1, 0).chosen == "state_media"
            assert 'value="state_media" checked' in ada.html()
            assert "You can change it until the facilitator reveals" in ada.html()

            workshop.reveal()
            host.poke()
            await ada.on("reveal-0")
            assert "✓ Correct:" in ada.html() and LAUNCH_EXPLANATION in ada.html()
            assert "How the room answered (1 answer)" in ada.html()

            workshop.end()
            host.poke()
            await ada.on("ended")
            assert "Score report: Ada" in ada.html()
            url = ada.html().split('href="', 1)[1].split('"', 1)[0]
            async with http.get(origin(host) + url) as reply:
                report = await reply.text()
                disposition = reply.headers["Content-Disposition"]
            assert "Ada" in report and "<html" in report.lower()
            assert f"workshop-{workshop.id}-ada-report.html" in disposition
            async with http.get(f"{origin(host)}/report/not-a-token") as reply:
                assert reply.status == 404
    finally:
        host.stop()


async def test_before_the_reveal_nothing_of_the_answer_reaches_the_page(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path)
    code = workshop.info().code
    item = workshop.item(0)
    try:
        async with aiohttp.ClientSession() as http:
            ada, bo = (await Browser(http, origin(host)).open(),
                       await Browser(http, origin(host)).open())
            await ada.join("Ada", code)
            await bo.join("Bo", code)
            workshop.start()
            host.poke()
            await ada.on("question-0")
            await bo.answer("denial", 0)
            await ada.answer("denial", 0)
            sent = json.dumps(ada.messages + bo.messages)
            for secret_part in (item.explanation, item.source, 'class="cue"', "Correct",
                                "How the room answered", "best answer", "To discuss"):
                assert secret_part not in sent, secret_part
                assert html.escape(secret_part) not in sent, secret_part
            assert item.claim in sent  # the claim itself is the question
    finally:
        host.stop()


# -- one identity per device ----------------------------------------------------------------------


async def test_a_dropped_connection_is_restored_with_the_devices_secret(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path)
    code = workshop.info().code
    try:
        async with aiohttp.ClientSession() as http:
            ada = await Browser(http, origin(host)).open()
            await ada.join("Ada", code)
            workshop.start()
            host.poke()
            await ada.on("question-0")
            await ada.answer("denial", 0)
            ada_id = workshop.participants()[0].id
            await settle(host, lambda: ada_id in host.status().connected, "Ada connected")

            await ada.drop()
            await settle(host, lambda: ada_id in host.status().dropped, "Ada dropped")
            workshop.reveal()  # the room moves on while she is away
            host.poke()
            await asyncio.sleep(0.2)

            again = Browser(http, origin(host))
            again.secret = ada.secret  # what the page kept in localStorage
            await again.open()
            await again.on("reveal-0")
            assert "you chose Denial" in again.html()
            await settle(host, lambda: ada_id in host.status().connected, "Ada back")
            assert [p.name for p in workshop.participants()] == ["Ada"]
    finally:
        host.stop()


async def test_rejoining_a_name_without_the_secret_waits_and_the_facilitator_can_refuse(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path)
    code = workshop.info().code
    try:
        async with aiohttp.ClientSession() as http:
            ada = await Browser(http, origin(host)).open()
            await ada.join("Ada", code)
            workshop.start()
            host.poke()
            await ada.on("question-0")
            await ada.answer("denial", 0)

            impostor = await Browser(http, origin(host)).open()
            await impostor.send(type="join", name="ADA", code=code)
            await impostor.on("waiting")
            assert impostor.secret is None
            assert "Someone has joined as <strong>Ada</strong> already" in impostor.html()
            assert "denial" not in json.dumps(impostor.messages).lower()
            await settle(host, lambda: host.status().pending, "the request on the dashboard")
            (request,) = host.status().pending
            assert request.name == "Ada"

            host.decide(request.id, False)
            await impostor.on("join")
            assert "did not let this device in as Ada" in impostor.html()
            assert not host.status().pending
            assert ada.screen["key"] == "question-0" and not ada.stopped
    finally:
        host.stop()


async def test_a_name_handed_over_moves_to_the_new_device_and_the_old_one_stops(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path)
    code = workshop.info().code
    try:
        async with aiohttp.ClientSession() as http:
            old = await Browser(http, origin(host)).open()
            await old.join("Ada", code)
            workshop.start()
            host.poke()
            await old.on("question-0")
            await old.answer("denial", 0)

            new = await Browser(http, origin(host)).open()
            await new.send(type="join", name="Ada", code=code)
            await new.on("waiting")
            await settle(host, lambda: host.status().pending, "the request")
            host.decide(host.status().pending[0].id, True)

            await new.on("question-0")
            assert new.secret is not None and new.secret != old.secret
            assert 'value="denial" checked' in new.html()  # her own record, continued
            await old.on("moved")
            await old.wait(lambda: old.stopped, "the old page to stop")
            stale = Browser(http, origin(host))
            stale.secret = old.secret
            await stale.open()
            await stale.wait(lambda: stale.secret is None, "the old secret to be forgotten")
    finally:
        host.stop()


async def test_a_removed_participant_is_told_and_their_name_is_free(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path)
    code = workshop.info().code
    try:
        async with aiohttp.ClientSession() as http:
            troll = await Browser(http, origin(host)).open()
            await troll.join("Ana", code)
            await troll.on("lobby")
            workshop.remove(workshop.participants()[0].id)
            host.poke()
            await troll.on("removed")
            await troll.wait(lambda: troll.stopped, "the page to stop")
            back = Browser(http, origin(host))
            back.secret = troll.secret
            await back.open()
            await back.on("removed")

            ana = await Browser(http, origin(host)).open()
            await ana.join("Ana", code)
            await ana.on("lobby")
    finally:
        host.stop()


# -- limits ---------------------------------------------------------------------------------------


async def test_join_attempts_are_limited_per_connection_and_per_address_and_counted(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path)
    code = workshop.info().code
    wrong = "000000" if code != "000000" else "111111"
    try:
        async with aiohttp.ClientSession() as http:
            guesser = await Browser(http, origin(host)).open()
            for _ in range(CONNECTION_BURST + 1):
                await guesser.send(type="join", name="Eve", code=wrong)
            await guesser.wait(lambda: len(guesser.errors) == CONNECTION_BURST + 1,
                               "every attempt answered")
            assert guesser.errors[0].startswith("That join code is not this workshop's")
            assert guesser.errors[-1].startswith("Too many tries from this device: wait")

            # New connections from the same address: wrong codes are counted per address.
            for _ in range(ADDRESS_BURST // CONNECTION_BURST + 1):
                other = await Browser(http, origin(host)).open()
                for _ in range(CONNECTION_BURST):
                    await other.send(type="join", name="Eve", code=wrong)
                await other.wait(lambda o=other: len(o.errors) == CONNECTION_BURST, "answers")
            late = await Browser(http, origin(host)).open()
            await late.send(type="join", name="Eve", code=code)  # right, but too late
            await late.wait(lambda: late.errors, "the refusal")
            assert "wait" in late.errors[0] and late.secret is None
            assert workshop.participants() == ()
            status = host.status()
            assert status.limited >= 2 and status.wrong_codes >= ADDRESS_BURST
        log = (tmp_path / "web.log").read_text(encoding="utf-8")
        assert "wrong join code from 127.0.0.1" in log
        assert "refused: too many tries" in log or "is guessing codes" in log
    finally:
        host.stop()


async def test_other_sites_other_host_names_and_malformed_requests_get_one_line(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path)
    base = origin(host)
    try:
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"ws://{LOOPBACK}:{host.port}/ws",
                                      origin="http://evil.example:8000")
            assert refused.value.status == 403
            # DNS rebinding: a name that resolves here but is not ours, Host and Origin alike.
            rebound = f"rebound.example:{host.port}"
            async with http.get(f"{base}/", headers={"Host": rebound}) as reply:
                assert reply.status == 421
            with pytest.raises(aiohttp.WSServerHandshakeError) as rebinding:
                await http.ws_connect(f"ws://{LOOPBACK}:{host.port}/ws",
                                      origin=f"http://{rebound}", headers={"Host": rebound})
            assert rebinding.value.status == 421
            async with http.get(f"{base}/ws") as reply:  # a plain GET, no upgrade
                assert reply.status == 400 and "live connection" in await reply.text()
            async with http.get(f"{base}/nothing-here") as reply:
                assert reply.status == 404
            page = await Browser(http, base).open()
            await page.socket.send_str("not json")
            await page.socket.send_str(json.dumps({"type": "join", "name": 5, "code": []}))
            await page.socket.send_str(json.dumps({"type": "answer", "choice": "x"}))
            await page.wait(lambda: page.errors, "the one error for the bad join")
            await page.socket.send_str("x" * 5000)  # over the message limit: closed
            await page.wait(lambda: page.socket.closed, "the oversized message to close it")
        with socket.create_connection((LOOPBACK, host.port), timeout=5) as raw:
            raw.sendall(b"GET /" + b"a" * 10000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            assert raw.recv(200).split(b"\r\n")[0].endswith(b" 400 Bad Request")
        with socket.create_connection((LOOPBACK, host.port), timeout=5) as raw:
            raw.sendall(b"\x16\x03\x01 not http at all\r\n\r\n")
            raw.recv(200)
        await asyncio.sleep(0.2)
        log = (tmp_path / "web.log").read_text(encoding="utf-8")
        assert "Traceback" not in log, log
        assert "refused a websocket from 127.0.0.1: its page is not this workshop's" in log
        assert "refused a request for host 'rebound.example" in log
        assert host.status().refused_origins == 1
    finally:
        host.stop()


# -- the whole room at once -----------------------------------------------------------------------


async def test_pages_joining_while_the_facilitator_moves_all_end_on_the_current_item(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    """The old server's follow task died when a push met an app that had not started; here
    pushes are whole-room views sent through each page's own outbox, so joins racing moves
    cannot stop them: every page ends on the facilitator's item."""
    workshop, host = hosted(store, mini, tmp_path, max_participants=80)
    code = workshop.info().code
    try:
        async with aiohttp.ClientSession() as http:
            pages: list[Browser] = []

            async def arrive(number: int) -> None:
                await asyncio.sleep(number * 0.005)
                page = await Browser(http, origin(host)).open()
                pages.append(page)
                await page.join(f"Reader {number:02d}", code)

            async def facilitate() -> None:
                await asyncio.sleep(0.05)
                for move in (workshop.start, workshop.reveal, workshop.next, workshop.reveal,
                             workshop.next):
                    await asyncio.to_thread(move)
                    host.poke()
                    await asyncio.sleep(0.03)

            await asyncio.gather(facilitate(), *(arrive(n) for n in range(60)))
            assert workshop.info().position == 2 and workshop.info().state is State.QUESTION
            for page in pages:
                await page.on("question-2")
            assert len(workshop.participants()) == 60
            workshop.reveal()
            host.poke()
            for page in pages:
                await page.on("reveal-2")
        assert "could not follow" not in (tmp_path / "web.log").read_text(encoding="utf-8")
    finally:
        host.stop()


async def test_a_push_that_fails_is_logged_in_one_line_and_the_next_move_still_arrives(
    store: Store, mini: LoadedPack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import quiz.workshop.web_room as room

    workshop, host = hosted(store, mini, tmp_path)
    failures = iter([RuntimeError("a bug in one push")])
    real = room.participant_views

    def flaky(*args, **kwargs):
        for failure in failures:
            raise failure
        return real(*args, **kwargs)

    try:
        async with aiohttp.ClientSession() as http:
            ada = await Browser(http, origin(host)).open()
            await ada.join("Ada", workshop.info().code)
            await ada.on("lobby")
            monkeypatch.setattr(room, "participant_views", flaky)
            workshop.start()
            host.poke()
            await asyncio.sleep(0.5)
            assert ada.screen["key"] == "lobby"  # that push failed
            workshop.reveal()
            host.poke()
            await ada.on("reveal-0")  # the following went on
        log = (tmp_path / "web.log").read_text(encoding="utf-8")
        assert "could not update the pages: RuntimeError: a bug in one push" in log
        assert "Traceback" not in log
    finally:
        host.stop()


async def test_the_lobby_count_is_pushed_at_most_once_a_second(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path)
    code = workshop.info().code
    try:
        async with aiohttp.ClientSession() as http:
            first = await Browser(http, origin(host)).open()
            await first.join("First", code)
            await first.on("lobby")
            screens = len([m for m in first.messages if m["type"] == "screen"])
            others = [await Browser(http, origin(host)).open() for _ in range(20)]
            await asyncio.gather(*(page.join(f"P{n}", code) for n, page in enumerate(others)))
            await first.wait(lambda: "21 people have joined" in first.html(), "the count", 5)
            pushed = len([m for m in first.messages if m["type"] == "screen"]) - screens
            assert 1 <= pushed <= 4
    finally:
        host.stop()


# -- self pace ------------------------------------------------------------------------------------


async def test_self_paced_participants_reveal_and_move_on_by_themselves(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop, host = hosted(store, mini, tmp_path, pace=Pace.SELF)
    code = workshop.info().code
    try:
        async with aiohttp.ClientSession() as http:
            ada = await Browser(http, origin(host)).open()
            await ada.join("Ada", code)
            workshop.start()
            host.poke()
            await ada.on("question-0")
            assert 'data-action="reveal"' not in ada.html()  # nothing to reveal before answering
            await ada.answer("state_media", 0)
            assert 'data-action="reveal"' in ada.html()
            await ada.send(type="reveal")
            await ada.on("reveal-0")
            assert 'data-action="next"' in ada.html()
            for position in range(1, 4):
                await ada.send(type="next")
                await ada.on(f"question-{position}")
                await ada.answer(workshop.item(position).answer, position)
                if position < 3 and not workshop.step(position).phase.is_check:
                    await ada.send(type="reveal")
                    await ada.on(f"reveal-{position}")
            await ada.send(type="reveal")
            await ada.on("reveal-3")
            await ada.send(type="next")
            await ada.on("finished")
            assert "You have answered every item" in ada.html()
    finally:
        host.stop()


def test_with_self_pace_one_address_joins_one_name(store: Store, mini: LoadedPack):
    """A throwaway name could see each answer before the real one gives it: beyond this
    computer, an address joins once (loopback is the facilitator's own testing)."""
    from quiz.workshop.limits import Bucket
    from quiz.workshop.web_app import ParticipantSite
    from quiz.workshop.web_room import Connection

    workshop = Workshop.create(store, mini, pace=Pace.SELF, code_rng=random.Random(2))
    site = ParticipantSite(workshop, host="0.0.0.0", port=8000)
    code = workshop.info().code

    class Sink:
        pass

    def connection(address: str) -> Connection:
        return Connection(Sink(), address, Bucket(5, 3.0))  # type: ignore[arg-type]

    first, second, local = connection("192.0.2.7"), connection("192.0.2.7"), connection(LOOPBACK)
    for page, name in ((first, "Ada"), (second, "Throwaway"), (local, "Bo")):
        site.join(page, {"type": "join", "name": name, "code": code})
    said = [json.loads(text) for _, text in second.outbox]
    assert said[-1]["type"] == "error" and "each device joins once" in said[-1]["message"]
    assert [p.name for p in workshop.participants()] == ["Ada", "Bo"]

"""A real browser takes part: Debian's chromium, headless, drives the served participant app over
the DevTools protocol (with aiohttp's websocket client, which textual-serve already brings):
it focuses xterm's textarea, types a name and the join code, answers one item and takes a
screenshot, and the store has the answer; once the facilitator has ended the workshop it
downloads its own report. It also checks that the page asked nothing of any server but ours and
that the content security policy refused nothing.

Without chromium the test is skipped and says why (`.ci/run` installs it where it can). The
browser may resolve no host but 127.0.0.1, so nothing leaves this computer.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from quiz.content.pack_files import load_pack
from quiz.storage.store import Store
from quiz.workshop.addresses import free_port
from quiz.workshop.model import Workshop
from quiz.workshop.server import ServerProcess, participant_command

LOOPBACK = "127.0.0.1"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Bounded waits: the whole test takes a few seconds; these only stop a broken run from hanging.
STARTUP_SECONDS = 30
STEP_SECONDS = 20


def chromium_path() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class DevTools:
    """A small client of the Chrome DevTools protocol over one page's websocket."""

    def __init__(self, websocket) -> None:
        self.websocket = websocket
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future] = {}
        self.events: list[dict] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.websocket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.append(data)

    async def call(self, method: str, **params) -> dict:
        number = next(self.ids)
        future = asyncio.get_running_loop().create_future()
        self.pending[number] = future
        await self.websocket.send_json({"id": number, "method": method, "params": params})
        reply = await asyncio.wait_for(future, STEP_SECONDS)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def evaluate(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def type_text(self, text: str) -> None:
        """Keys as a person types them into the focused textarea (enter as a carriage return)."""
        for character in text:
            if character == "\r":
                key = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}
            else:
                key = {"key": character, "text": character}
            await self.call("Input.dispatchKeyEvent", type="keyDown", **key)
            await self.call("Input.dispatchKeyEvent", type="keyUp",
                            **{k: v for k, v in key.items() if k != "text"})

    async def close(self) -> None:
        self.reader.cancel()


async def wait_for(condition, what: str, seconds: float = STEP_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def chromium() -> str:
    path = chromium_path()
    if path is None:
        pytest.skip("the real-browser test needs Debian's chromium, which is not installed here "
                    "(install it with 'apt-get install chromium'; .ci/run does so when it runs "
                    "as root)")
    return path


async def test_a_browser_joins_with_name_and_code_and_its_answer_reaches_the_store(
    chromium: str, mini_pack_path: Path, tmp_path: Path
):
    import aiohttp

    data = tmp_path / "data"
    data.mkdir()
    store = Store(data / "quiz.sqlite3")
    workshop = Workshop.create(store, load_pack(mini_pack_path), code_rng=random.Random(5))
    code = workshop.info().code
    port, debugging = free_port(), free_port()
    origin = f"http://{LOOPBACK}:{port}"
    server = ServerProcess.start(participant_command(workshop.id, data), host=LOOPBACK, port=port,
                                 log_path=tmp_path / "server.log",
                                 workshop=(store.path, workshop.id))
    profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp_path)
    browser = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", "--window-size=1000,700",
         # Any name but 127.0.0.1 fails to resolve: the page cannot reach anything else.
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         f"--user-data-dir={profile}", f"--remote-debugging-port={debugging}",
         "--remote-debugging-address=127.0.0.1", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        server.wait_ready()
        async with aiohttp.ClientSession() as http:
            async def debugger_up() -> bool:
                try:
                    async with http.get(f"http://{LOOPBACK}:{debugging}/json/list") as reply:
                        return any(t["type"] == "page" for t in await reply.json())
                except (aiohttp.ClientError, ValueError):
                    return browser.poll() is not None  # stop waiting: it exited
            await wait_for(debugger_up, "chromium's DevTools endpoint", STARTUP_SECONDS)
            assert browser.poll() is None, "chromium exited at start-up"
            async with http.get(f"http://{LOOPBACK}:{debugging}/json/list") as reply:
                page = next(t for t in await reply.json() if t["type"] == "page")
            async with http.get(f"http://{LOOPBACK}:{debugging}/json/version") as reply:
                whole_browser = (await reply.json())["webSocketDebuggerUrl"]
            downloads = tmp_path / "downloads"
            downloads.mkdir()
            # The download setting lasts as long as the session that made it.
            async with http.ws_connect(whole_browser, max_msg_size=0) as browser_socket, \
                    http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as socket:
                browser_tools = DevTools(browser_socket)
                await browser_tools.call("Browser.setDownloadBehavior", behavior="allow",
                                         downloadPath=str(downloads))
                tools = DevTools(socket)
                try:
                    await run_participant(tools, origin, code, workshop, tmp_path)
                    await download_report(tools, workshop, downloads)
                except AssertionError:
                    # What the browser showed, for whoever reads the failure.
                    shot = await tools.call("Page.captureScreenshot", format="png")
                    (tmp_path / "failed.png").write_bytes(base64.b64decode(shot["data"]))
                    print(f"screenshot: {tmp_path / 'failed.png'}; server log: "
                          f"{(tmp_path / 'server.log').read_text(errors='replace')[-3000:]}")
                    raise
                finally:
                    await tools.close()
                    await browser_tools.close()
    finally:
        if browser.poll() is None:
            browser.terminate()
            try:
                browser.wait(10)
            except subprocess.TimeoutExpired:
                browser.kill()
                browser.wait()
        try:  # its renderer and helper processes, in the group it was started in
            os.killpg(browser.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        server.stop()
        store.close()


async def run_participant(
    tools: DevTools, origin: str, code: str, workshop: Workshop, tmp_path: Path
) -> None:
    for domain in ("Page", "Runtime", "Network", "Log"):
        await tools.call(f"{domain}.enable")
    await tools.call("Page.navigate", url=f"{origin}/")

    async def terminal_ready() -> bool:
        return bool(await tools.evaluate(
            "document.body.classList.contains('-first-byte') && "
            "!!document.querySelector('.xterm-helper-textarea')"))
    await wait_for(terminal_ready, "the participant app's first screen")
    await asyncio.sleep(1.0)  # the join screen mounts just after the first bytes
    await tools.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
    await tools.type_text("Ada\r")
    # A person looks up before typing on: enter moves the focus to the code once the app has
    # handled it, and keys sent within that moment would still go to the name.
    await asyncio.sleep(0.5)
    await tools.type_text(code.lower() + "\r")

    async def joined() -> bool:
        return [p.name for p in workshop.participants()] == ["Ada"]
    await wait_for(joined, "the host to let Ada in")
    ada = workshop.participants()[0].id
    workshop.start()  # the facilitator; the server tells Ada's app, whose screen follows

    async def answered() -> bool:
        # "1" is ignored until the question is on Ada's screen; press it until it counts.
        if workshop.answer_of(ada, 0) is None:
            await tools.type_text("1")
        return workshop.answer_of(ada, 0) is not None
    await wait_for(answered, "Ada's answer in the store")
    assert workshop.answer_of(ada, 0).chosen == "state_media"

    await asyncio.sleep(0.5)  # let the screen show "Your answer: ..."
    shot = await tools.call("Page.captureScreenshot", format="png")
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    (tmp_path / "participant.png").write_bytes(png)

    requested = [e["params"]["request"]["url"] for e in tools.events
                 if e["method"] == "Network.requestWillBeSent"]
    assert requested and all(url.startswith((origin, f"ws://{origin[7:]}", "data:"))
                             for url in requested), requested
    refused = [e["params"]["entry"]["text"] for e in tools.events
               if e["method"] == "Log.entryAdded"
               and "Content Security Policy" in e["params"]["entry"].get("text", "")]
    assert refused == []


async def download_report(tools: DevTools, workshop: Workshop, downloads: Path) -> None:
    """The facilitator reveals and ends; Ada presses d and her report lands in the browser's
    downloads as an HTML file."""
    workshop.reveal()
    workshop.end()

    async def saved() -> bool:
        done = [f for f in downloads.iterdir() if f.suffix == ".html"]
        if not done:
            await tools.type_text("d")  # ignored until the end screen is up
            await asyncio.sleep(2.0)  # a download takes a moment to land
        return bool(done)
    await wait_for(saved, "Ada's report in the downloads folder")
    report = downloads / f"workshop-{workshop.id}-ada-report.html"
    assert report.is_file(), sorted(f.name for f in downloads.iterdir())
    page = report.read_text(encoding="utf-8")
    assert "Ada" in page and "<html" in page.lower()

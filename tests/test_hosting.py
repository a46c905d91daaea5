"""Serving a workshop: ports and addresses refused in one line, the warning for the whole LAN, the
join URL, the participant command, the page that loads nothing from elsewhere, the real server
on a free loopback port (started and stopped, with its participant apps), `quiz workshop host`
end to end in a pseudo-terminal, and what a participant may see and take home.

All network traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import random
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.content.pack_files import load_pack
from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import Pace
from quiz.storage.store import Store
from quiz.workshop import addresses
from quiz.workshop.addresses import HostingError, bind_warning, check_port, free_port, join_url
from quiz.workshop.follow import follow_changes
from quiz.workshop.model import Workshop
from quiz.workshop.participant_view import participant_report, report_filename
from quiz.workshop.server import ServerProcess, offline_index_template, participant_command

LOOPBACK = "127.0.0.1"
# Every URL a page can load something from: src="...", href="...", url(...).
LOADED_URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""")


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "data" / "quiz.sqlite3") as opened:
        yield opened


@pytest.fixture
def listening():
    """A port some other program listens on."""
    with socket.socket() as other:
        other.bind((LOOPBACK, 0))
        other.listen()
        yield other.getsockname()[1]


def loaded_urls(html: str) -> list[str]:
    return [a or b for a, b in LOADED_URL.findall(html)]


def wait_until_closed(port: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.2):
                pass
        except OSError:
            return True
        time.sleep(0.05)
    return False


# -- addresses and ports -------------------------------------------------------------------------


def test_a_port_in_use_is_refused_in_one_line_naming_the_port_option(listening: int):
    with pytest.raises(HostingError) as refused:
        check_port(LOOPBACK, listening)
    message = str(refused.value)
    assert message.startswith("argument --port:") and "\n" not in message
    assert f"port {listening} on {LOOPBACK} is already in use" in message
    assert f"--port {listening + 1}" in message


def test_a_free_port_passes_and_impossible_ports_are_named():
    check_port(LOOPBACK, free_port())
    for port in (0, 70000):
        with pytest.raises(HostingError, match=r"argument --port: a port is 1 to 65535"):
            check_port(LOOPBACK, port)


def test_an_address_of_another_computer_is_refused_naming_the_host_option():
    with pytest.raises(HostingError, match=r"^argument --host: 192\.0\.2\.1 is not an address"):
        check_port("192.0.2.1", free_port())  # TEST-NET-1: never this computer's


def test_every_network_gets_a_warning_that_the_whole_lan_can_reach_it():
    assert bind_warning(LOOPBACK) is None and bind_warning("localhost") is None
    warning = bind_warning("0.0.0.0")
    assert warning.startswith("warning: --host 0.0.0.0")
    assert "the whole LAN" in warning and "join code" in warning
    assert "can be reached from the network" in bind_warning("192.168.1.20")


def test_the_join_url_names_an_address_participants_can_type(monkeypatch: pytest.MonkeyPatch):
    assert join_url(LOOPBACK, 8000) == "http://127.0.0.1:8000/"
    assert join_url("::1", 8001) == "http://[::1]:8001/"
    monkeypatch.setattr(addresses, "lan_address", lambda: "192.168.1.20")
    assert join_url("0.0.0.0", 8000) == "http://192.168.1.20:8000/"
    monkeypatch.setattr(addresses, "lan_address", lambda: None)
    monkeypatch.setattr(socket, "gethostname", lambda: "trainer-laptop")
    assert join_url("0.0.0.0", 8000) == "http://trainer-laptop:8000/"


def test_the_participant_command_is_built_from_the_id_and_folder_only_each_quoted(tmp_path: Path):
    folder = tmp_path / "a folder; rm -rf ~ $(x)"
    command = participant_command(12, folder)
    assert shlex.split(command) == [sys.executable, "-m", "quiz", "workshop", "join", "12",
                                    "--data-dir", str(folder.resolve())]


def test_the_page_template_loads_nothing_from_elsewhere():
    template = offline_index_template()
    assert "fonts.googleapis.com" not in template
    assert "{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf" in template
    for url in loaded_urls(template):
        assert url.startswith("{{ config.static.url }}"), url


# -- the real server -----------------------------------------------------------------------------


def test_the_server_serves_its_page_on_a_loopback_port_and_stops_with_its_apps(tmp_path: Path):
    port = free_port()
    app = shlex.join([sys.executable, "-c", "from textual.app import App; App().run()"])
    server = ServerProcess.start(app, host=LOOPBACK, port=port, log_path=tmp_path / "server.log")
    try:
        server.wait_ready()
        origin = f"http://{LOOPBACK}:{port}"
        with urllib.request.urlopen(f"{origin}/", timeout=10) as response:
            html = response.read().decode("utf-8")
            headers = response.headers
        assert 'id="terminal"' in html and f'data-session-websocket-url="ws://{LOOPBACK}:{port}/ws"' in html
        for url in loaded_urls(html):
            assert url.startswith(f"{origin}/static/"), url
        assert "googleapis" not in html
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "font-src 'self'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        for asset in ("js/textual.js", "css/xterm.css", "fonts/RobotoMono-VariableFont_wght.ttf"):
            with urllib.request.urlopen(f"{origin}/static/{asset}", timeout=10) as response:
                assert response.status == 200 and response.read()
        # Another site's page cannot open an app (browsers send their page's origin).
        request = urllib.request.Request(f"{origin}/ws", headers={
            "Origin": "http://elsewhere.example", "Connection": "Upgrade", "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
    finally:
        server.stop()
    assert not server.running()
    assert wait_until_closed(port)


async def test_through_the_server_a_browser_joins_follows_the_facilitator_and_answers(
    mini: LoadedPack, tmp_path: Path
):
    """A websocket client sends keys as xterm.js does. The app polls nothing: it shows the
    first item only because the server told it the facilitator started."""
    import asyncio

    import aiohttp

    data = tmp_path / "data"
    store = Store(data / "quiz.sqlite3")
    workshop = Workshop.create(store, mini, code_rng=random.Random(9))
    port = free_port()
    origin = f"http://{LOOPBACK}:{port}"
    server = ServerProcess.start(participant_command(workshop.id, data), host=LOOPBACK,
                                 port=port, log_path=tmp_path / "server.log",
                                 workshop=(store.path, workshop.id))
    screen = bytearray()

    async def shows(text: bytes) -> None:
        for _ in range(300):  # at most about 30 s
            if text in screen:
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; server log: "
                             f"{(tmp_path / 'server.log').read_text(errors='replace')[-2000:]}")

    try:
        server.wait_ready()
        async with aiohttp.ClientSession() as http, http.ws_connect(
                f"ws://{LOOPBACK}:{port}/ws?width=80&height=24", origin=origin) as browser:
            async def read() -> None:
                async for message in browser:
                    if isinstance(message.data, bytes):
                        screen.extend(message.data)
            reader = asyncio.create_task(read())
            await shows(b"Join code")
            await asyncio.sleep(0.3)
            await browser.send_json(["stdin", "Ada\r"])
            await asyncio.sleep(1.0)
            await browser.send_json(["stdin", workshop.info().code + "\r"])
            await shows(b"Welcome")
            workshop.start()
            await shows(b"item 1 of 4")
            await browser.send_json(["stdin", "4"])
            for _ in range(100):
                if workshop.answer_of(1, 0) is not None:
                    break
                await asyncio.sleep(0.1)
            reader.cancel()
        assert workshop.answer_of(1, 0).chosen == "independent_fact"
    finally:
        server.stop()
        store.close()


def test_a_server_that_cannot_start_says_why_and_where_its_log_is(tmp_path: Path, listening: int):
    server = ServerProcess.start("true", host=LOOPBACK, port=listening,
                                 log_path=tmp_path / "server.log")
    with pytest.raises(HostingError, match=r"the web server did not start: .*\(log: "):
        server.wait_ready(timeout=20)
    server.stop()


# -- the command line ----------------------------------------------------------------------------


def test_host_with_a_port_in_use_exits_2_with_one_line_naming_port(
    listening: int, mini_pack_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture
):
    code = main(["workshop", "host", "--pack", str(mini_pack_path), "--port", str(listening),
                 "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("quiz workshop host: error: argument --port: port ")
    assert not (tmp_path / "data" / "quiz.sqlite3").exists()  # nothing created


def test_host_refuses_a_bad_pace_and_join_an_unknown_workshop(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    with pytest.raises(SystemExit) as usage:
        main(["workshop", "host", "--pace", "fast"])
    assert usage.value.code == 2
    assert "argument --pace: invalid choice: 'fast'" in capsys.readouterr().err
    # As textual-serve starts it: no terminal, the web driver named in the environment.
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    code = main(["workshop", "join", "99", "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("quiz workshop join: error: there are no workshops yet")
    assert err.count("\n") == 1


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--max", "501", "argument --max: at most 500 participants (got 501)"),
    ("--facilitator", " ", "argument --facilitator: a display name needs at least one"),
])
def test_host_names_the_option_whose_value_cannot_be_used(
    option: str, value: str, said: str, mini_pack_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture,
):
    code = main(["workshop", "host", "--pack", str(mini_pack_path), option, value,
                 "--data-dir", str(tmp_path / "data")])
    assert code == 2
    assert said in capsys.readouterr().err


def test_join_without_a_terminal_or_browser_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    code = main(["workshop", "join", "1", "--data-dir", str(tmp_path / "data")])
    assert code == 2
    assert "the participant app needs a terminal" in capsys.readouterr().err


def run_in_terminal(argv: list[str], env: dict[str, str]):
    """Start `argv` on a new pseudo-terminal of 100x30; (process, terminal fd)."""
    import fcntl
    import pty
    import struct
    import termios

    terminal, attached = pty.openpty()
    fcntl.ioctl(attached, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(argv, stdin=attached, stdout=attached, stderr=attached, env=env,
                               start_new_session=True)
    os.close(attached)
    return process, terminal


class TerminalOutput(threading.Thread):
    """Reads everything the program writes to its terminal."""

    def __init__(self, terminal: int) -> None:
        super().__init__(daemon=True)
        self.terminal = terminal
        self.data = bytearray()

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self.terminal, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.data.extend(chunk)

    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_host_serves_prints_the_join_url_and_code_and_stops_everything_on_quit(
    mini_pack_path: Path, tmp_path: Path
):
    port = free_port()
    data = tmp_path / "data"
    env = dict(os.environ, TERM="xterm-256color", QUIZ_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("TEXTUAL_DRIVER", None)
    process, terminal = run_in_terminal(
        [sys.executable, "-m", "quiz", "workshop", "host", "--pack", str(mini_pack_path),
         "--port", str(port), "--data-dir", str(data)], env)
    output = TerminalOutput(terminal)
    output.start()
    try:
        deadline = time.monotonic() + 30
        page = None
        while page is None and time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://{LOOPBACK}:{port}/", timeout=2) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.1)
        assert page is not None, output.text()[-2000:]
        assert 'id="terminal"' in page
        with Store(data / "quiz.sqlite3") as store:
            workshop = Workshop.open(store, 1)
            info = workshop.info()
            assert info.state.value == "lobby" and info.pace is Pace.FACILITATOR
        while "Waiting for participants" not in output.text() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.write(terminal, b"q")
        while "Stop" not in output.text() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        os.write(terminal, b"y")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 9)
            process.wait()
        os.close(terminal)
    text = output.text()
    code = info.code
    assert f"participants open http://127.0.0.1:{port}/ and join with the code " \
           f"{code[:3]} {code[3:]}" in text
    assert "Workshop 1 is saved. Its report: quiz workshop report 1" in text
    assert wait_until_closed(port)
    with Store(data / "quiz.sqlite3") as store:
        assert Workshop.open(store, 1).info().state.value == "done"


# -- what participants see and take home ---------------------------------------------------------


def test_follow_changes_reports_each_new_revision_and_stops_when_told(
    store: Store, mini: LoadedPack
):
    workshop = Workshop.create(store, mini, code_rng=random.Random(3))
    seen: list[int] = []
    stop = threading.Event()
    follower = threading.Thread(target=follow_changes, args=(
        Workshop.open(Store(store.path), workshop.id), workshop.revision(), seen.append, stop),
        kwargs={"interval": 0.01})
    follower.start()
    workshop.join("Ann", workshop.info().code)
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    follower.join(timeout=10)
    assert not follower.is_alive()
    assert seen == [workshop.revision()]


def test_a_participants_report_covers_their_own_answers_only_by_phase(
    store: Store, mini: LoadedPack
):
    from quiz.reports import render

    workshop = Workshop.create(store, mini, check=True, seed=4, code_rng=random.Random(3))
    code = workshop.info().code
    ann = workshop.join("Ann", code)
    bob = workshop.join("Bob", code)
    workshop.start()
    for step in workshop.steps():
        workshop.answer(ann.id, workshop.item(step).answer)
        workshop.answer(bob.id, "denial")
        if not step.phase.is_check:
            workshop.reveal()
        workshop.next()
    report = participant_report(workshop, ann.id)
    assert report.learner == "Ann"
    assert [s.mode for s in report.sessions] == ["Before check", "Discussion", "After check"]
    assert report.overall.answered == 6 and {a.learner for a in report.answers} == {"Ann"}
    data = json.loads(render(report, "json"))
    assert "Bob" not in json.dumps(data)


def test_a_report_file_name_is_plain_ascii_whatever_the_name():
    assert report_filename(3, "Ana María") == "workshop-3-ana-maria-report.html"
    assert report_filename(3, "李雷") == "workshop-3-participant-report.html"
    assert report_filename(3, '"; filename=evil.exe') == "workshop-3-filename-evil-exe-report.html"

"""Serving a workshop: ports and addresses refused in one line, the warning for the whole LAN, the
join URL, the host names a request may use (DNS rebinding refused), the page that loads nothing
from elsewhere, the web host on a free loopback port (started and stopped), `quiz workshop host`
end to end in a pseudo-terminal (quit, pause and continue, killed with SIGKILL and continued),
and what a participant may see and take home.

All network traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import MINI_PATH

from quiz.cli import main
from quiz.content.pack_files import load_pack
from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import Pace
from quiz.storage.store import Store
from quiz.workshop import addresses
from quiz.workshop.addresses import (
    HostingError,
    HostNames,
    bind_warning,
    check_port,
    free_port,
    join_url,
)
from quiz.workshop.follow import follow_changes
from quiz.workshop.model import Workshop
from quiz.workshop.participant_view import participant_report, report_filename
from quiz.workshop.queries import list_workshops
from quiz.workshop.web_host import WebHost
from quiz.workshop.web_screens import page

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


def test_requests_may_name_the_host_by_address_or_its_own_names_only():
    names = HostNames("0.0.0.0", 8000)
    assert names.allows("192.168.1.20:8000") and names.allows("[::1]:8000")
    assert names.allows("localhost:8000") and names.allows(f"{socket.gethostname()}:8000")
    assert not names.allows("rebound.example:8000")  # a name someone else's DNS points here
    assert not names.allows("192.168.1.20:8001") and not names.allows("localhost")
    assert not names.allows("x:80:80") and not names.allows(None)
    assert names.allows_origin("http://127.0.0.1:8000")
    assert not names.allows_origin("http://evil.example:8000")
    assert not names.allows_origin("null") and not names.allows_origin(None)
    assert HostNames("workshop.lan", 8000).allows("workshop.lan:8000")


def test_the_page_loads_nothing_from_elsewhere_and_escapes_what_it_shows():
    html = page(title="<script>alert(1)</script>", asset_version="v1", code="12\"><b>",
                storage_key="k")
    for url in loaded_urls(html):
        assert url.startswith("/static/"), url
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert '12&quot;&gt;&lt;b&gt;' in html
    assert html.count("<script") == 1  # ours, from /static/


# -- the web host ------------------------------------------------------------------------------


def test_the_web_host_serves_its_page_on_a_loopback_port_and_stops(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop = Workshop.create(store, mini)
    port = free_port()
    host = WebHost(workshop, host=LOOPBACK, port=port, log_path=tmp_path / "web.log").start()
    try:
        origin = f"http://{LOOPBACK}:{port}"
        with urllib.request.urlopen(f"{origin}/", timeout=10) as response:
            html = response.read().decode("utf-8")
            headers = response.headers
        assert 'id="join-form"' in html and "googleapis" not in html
        policy = headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert host.problem() is None
    finally:
        host.stop()
    assert not host.running() and "stopped" in host.problem()
    assert wait_until_closed(port)


def test_a_port_taken_meanwhile_is_one_line_naming_the_port(
    store: Store, mini: LoadedPack, tmp_path: Path, listening: int
):
    workshop = Workshop.create(store, mini)
    host = WebHost(workshop, host=LOOPBACK, port=listening, log_path=tmp_path / "web.log")
    with pytest.raises(HostingError, match=rf"^argument --port: cannot listen on 127.0.0.1 "
                                           rf"port {listening}"):
        host.start()


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


def test_host_refuses_a_bad_pace_and_there_is_no_join_action(
    tmp_path: Path, capsys: pytest.CaptureFixture
):
    with pytest.raises(SystemExit) as usage:
        main(["workshop", "host", "--pace", "fast"])
    assert usage.value.code == 2
    assert "argument --pace: invalid choice: 'fast'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as gone:  # participants use the page, never a command
        main(["workshop", "join", "1"])
    assert gone.value.code == 2


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


def host_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, TERM="xterm-256color", QUIZ_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("TEXTUAL_DRIVER", None)
    return env


def start_host(tmp_path: Path, port: int, *extra: str):
    process, terminal = run_in_terminal(
        [sys.executable, "-m", "quiz", "workshop", "host", "--pack", str(MINI_PATH),
         "--port", str(port), "--data-dir", str(tmp_path / "data"), *extra], host_env(tmp_path))
    output = TerminalOutput(terminal)
    output.start()
    return process, terminal, output


def wait_for_page(port: int, process, output: TerminalOutput, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://{LOOPBACK}:{port}/", timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the host never served its page: {output.text()[-2000:]}")


def wait_for_text(output: TerminalOutput, text: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while text not in output.text():
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never shown: {output.text()[-2000:]}")
        time.sleep(0.05)


def finish(process, terminal: int) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    os.close(terminal)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_host_serves_prints_the_join_url_and_code_and_stops_everything_on_quit(tmp_path: Path):
    port = free_port()
    process, terminal, output = start_host(tmp_path, port)
    try:
        page = wait_for_page(port, process, output)
        assert 'id="join-form"' in page
        with Store(tmp_path / "data" / "quiz.sqlite3") as store:
            workshop = Workshop.open(store, 1)
            info = workshop.info()
            assert info.state.value == "lobby" and info.pace is Pace.FACILITATOR
        wait_for_text(output, "Waiting for participants")
        os.write(terminal, b"q")
        wait_for_text(output, "End it")
        time.sleep(0.3)
        os.write(terminal, b"y")
        assert process.wait(timeout=30) == 0
    finally:
        finish(process, terminal)
    text = output.text()
    code = info.code
    assert f"participants open http://127.0.0.1:{port}/ and join with the code " \
           f"{code[:3]} {code[3:]}" in text
    assert "Workshop 1 is saved. Its report: quiz workshop report 1" in text
    assert wait_until_closed(port)
    with Store(tmp_path / "data" / "quiz.sqlite3") as store:
        assert Workshop.open(store, 1).info().state.value == "done"


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
async def test_a_host_killed_with_sigkill_continues_with_the_same_code_and_pages_land_back(
    tmp_path: Path
):
    """kill -9 of the host: every answer is in the store; `host` asked again continues the same
    workshop (same code, same item), and a page that kept its secret reconnects where it was."""
    import aiohttp
    from test_web_app import Browser

    port = free_port()
    origin = f"http://{LOOPBACK}:{port}"
    process, terminal, output = start_host(tmp_path, port)
    try:
        wait_for_page(port, process, output)
        wait_for_text(output, "Waiting for participants")
        with Store(tmp_path / "data" / "quiz.sqlite3") as store:
            code = Workshop.open(store, 1).info().code
        async with aiohttp.ClientSession() as http:
            ada = await Browser(http, origin).open()
            await ada.join("Ada", code)
            await ada.on("lobby")
            os.write(terminal, b"s")  # the facilitator starts on the dashboard
            await ada.on("question-0")
            await ada.answer("denial", 0)

            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            os.close(terminal)
            await ada.wait(lambda: ada.socket.closed, "the page to see the host gone")

            process, terminal, output = start_host(tmp_path, port)
            wait_for_text(output, "was not finished. Continue it? [Y/n]")
            os.write(terminal, b"\r")  # yes, the default
            wait_for_page(port, process, output)
            wait_for_text(output, f"code {code[:3]} {code[3:]}")
            back = Browser(http, origin)
            back.secret = ada.secret  # what the page kept; it reconnects by itself
            await back.open()
            await back.on("question-0")
            assert 'value="denial" checked' in back.html()
        with Store(tmp_path / "data" / "quiz.sqlite3") as store:
            assert [w.id for w in list_workshops(store)] == [1]
            assert Workshop.open(store, 1).info().state.value == "question"
        os.write(terminal, b"q")
        wait_for_text(output, "Pause")
        time.sleep(0.3)
        os.write(terminal, b"p")
        assert process.wait(timeout=30) == 0
        assert "Workshop 1 is paused" in output.text()
    finally:
        finish(process, terminal)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_host_new_ends_the_unfinished_workshop_and_starts_another(tmp_path: Path):
    with Store(tmp_path / "data" / "quiz.sqlite3") as store:
        first = Workshop.create(store, load_pack(MINI_PATH))
    port = free_port()
    process, terminal, output = start_host(tmp_path, port, "--new")
    try:
        wait_for_page(port, process, output)
        wait_for_text(output, "Waiting for participants")
    finally:
        finish(process, terminal)
    assert f"Workshop {first.id} (" in output.text() and "it is ended now" in output.text()
    with Store(tmp_path / "data" / "quiz.sqlite3") as store:
        assert Workshop.open(store, first.id).info().state.value == "done"
        assert len(list_workshops(store)) == 2


# -- what participants see and take home ---------------------------------------------------------


def test_follow_changes_reports_each_new_revision_and_stops_when_told(
    store: Store, mini: LoadedPack
):
    workshop = Workshop.create(store, mini, code_rng=random.Random(3))
    seen: list[int] = []
    stop = threading.Event()
    other = Store(store.path)  # another connection, as another thread of the host has
    follower = threading.Thread(target=follow_changes, args=(
        Workshop.open(other, workshop.id), workshop.revision(), seen.append, stop),
        kwargs={"interval": 0.01})
    follower.start()
    workshop.join("Ann", workshop.info().code)
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    follower.join(timeout=10)
    other.close()
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

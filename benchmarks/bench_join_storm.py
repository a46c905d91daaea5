"""Issue 14 benchmark: a room arriving at once at a hosted workshop, and a room of 300, on this
machine, with simulated browsers on loopback; the old design's figures beside the new from the
same run.

Run on demand: `python benchmarks/bench_join_storm.py [--old /tmp/old-14] [--frameworks]`
(Linux: it reads /proc; not collected by pytest; bounded: every wait has a deadline; about 15 s
for the new design alone, three to four minutes with the old design and --frameworks, the old
design's 60 app processes taking most of it). In one run:

Measured here (2 cores, 24 GiB), new against old: 60 at once in the lobby 0.34 / 0.60 s against
32.6 / 37.7 s (and 44 of 60: keys typed into the old terminal page went astray); a move reaching
all 0.40 s (300) against 1.31 s (60); answer to dashboard p95 0.19 s; memory 82 MiB for 300
against 1971 MiB in 121 processes for 60; idle 0.61% of a core against 9.7%. Frameworks, bare:
aiohttp connects 300 in 0.13 s, reaches all in 5 ms, idles at 0.00%; Starlette with uvicorn
0.21 s, 7 ms, 0.26%.

1. The new design: `quiz workshop host` as it runs (the web host in a thread, the dashboard
   headless in the same process, timed where its widgets take each answer), in a child process.
   Simulated browsers load the page and its two files, open the websocket and join.
   - 60 browsers at once: time from the page's request to the lobby on screen (median, last).
     Targets: < 1 s median, < 2 s for the last.
   - 300 participants: each answer, from its commit (answered_at in the store) to the dashboard
     showing it (p95 < 0.5 s); a facilitator's move (sent to the dashboard as its key would be)
     until the last of the 300 pages shows it (< 1 s); the host's resident memory and its peak
     (< 300 MiB); its CPU while everyone looks at a question (< 2% of a core).
2. The old design (one textual-serve app process per participant, from a checkout of 9776df8
   given with --old; its store is its own): the same 60 at once (first screen and lobby), a
   move reaching all of them, memory and idle CPU. 300 are not run: at 40-50 MiB and a second
   of CPU per app process that would take about 14 GB and minutes; the 60 figures say enough.
3. With --frameworks: the web framework chosen by measurement: a bare websocket broadcast under
   aiohttp and under Starlette with uvicorn (if installed), 300 clients: connecting all,
   a message reaching all, memory, idle CPU.

CPU is read from /proc/PID/task/*/schedstat (nanoseconds); memory from /proc/PID/status (VmRSS,
VmHWM for the peak) and, for the old design's many processes, summed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# The benchmark must not touch the developer's cache or data folders.
os.environ.setdefault("QUIZ_CACHE_DIR", tempfile.mkdtemp(prefix="quiz-bench-cache-"))

from _common import MINI  # noqa: E402

STORM = 60
ROOM = 300
TARGETS = {"lobby_median": 1.0, "lobby_last": 2.0, "answer_p95": 0.5, "move": 1.0,
           "memory": 300.0, "idle": 2.0}
DEADLINE = 60.0  # no wait of this benchmark is longer
OLD_DEADLINE = 120.0
LOOPBACK = "127.0.0.1"


# -- /proc -----------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    total = 0
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0.0
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/schedstat", encoding="ascii") as handle:
                total += int(handle.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e9


def memory_mib(pid: int) -> tuple[float, float]:
    """(resident now, resident at its peak) in MiB."""
    now = peak = 0.0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    now = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
    except OSError:
        pass
    return now, peak


def descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


async def idle_cpu(pids: list[int], seconds: float) -> float:
    """Percent of one core used by these processes over `seconds` of nothing happening."""
    before = sum(cpu_seconds(pid) for pid in pids)
    await asyncio.sleep(seconds)
    return 100 * (sum(cpu_seconds(pid) for pid in pids) - before) / seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# -- the new design: the host process --------------------------------------------------------------


def host_child(data_dir: str, workshop_id: int, port: int) -> int:
    """`quiz workshop host` as it runs, headless: the web host and the dashboard in this one
    process. Prints when the dashboard first shows each answer; takes the facilitator's keys
    (start, reveal, next) on standard input, as the dashboard's actions."""
    from quiz.storage.store import Store
    from quiz.ui.workshop.dashboard_app import DashboardApp
    from quiz.ui.workshop.dashboard_screen import DashboardScreen, DashboardView
    from quiz.workshop.model import Workshop
    from quiz.workshop.web_host import WebHost

    shown: set[tuple[int, int]] = set()

    class TimedScreen(DashboardScreen):
        async def show(self, view: DashboardView) -> None:
            await super().show(view)
            moment = time.time()
            if view.viewed is None:
                return
            for participant in view.snapshot.answered:
                key = (participant, view.viewed.position)
                if key not in shown:
                    shown.add(key)
                    print(f"shown {participant} {view.viewed.position} {moment:.6f}", flush=True)

    class TimedDashboard(DashboardApp):
        def get_default_screen(self):
            return TimedScreen(self.workshop, join_url=self.join_url, clock=time.monotonic,
                               host=self.host)

    with Store.open(data_dir) as store:
        workshop = Workshop.open(store, workshop_id)
        web = WebHost(workshop, host=LOOPBACK, port=port,
                      log_path=Path(data_dir) / "web.log").start()
        app = TimedDashboard(workshop, join_url=web.url, host=web)

        def commands() -> None:
            for line in sys.stdin:
                action = line.strip()
                if action == "quit":
                    app.call_from_thread(app.exit)
                    return
                app.call_from_thread(app.screen.run_action, action)

        async def announce(pilot) -> None:
            threading.Thread(target=commands, daemon=True).start()
            print("ready", flush=True)

        app.run(headless=True, size=(120, 40), auto_pilot=announce)
        web.stop()
    return 0


class HostProcess:
    def __init__(self, data_dir: Path, workshop_id: int, port: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--host-child", str(data_dir), str(workshop_id),
             str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.shown: dict[tuple[int, int], float] = {}
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            parts = line.split()
            if parts[:1] == ["ready"]:
                self.ready.set()
            elif parts[:1] == ["shown"]:
                self.shown[(int(parts[1]), int(parts[2]))] = float(parts[3])

    def key(self, action: str) -> float:
        """The facilitator presses a key on the dashboard; when, by the wall clock."""
        moment = time.time()
        self.process.stdin.write(action + "\n")
        self.process.stdin.flush()
        return moment

    def stop(self) -> None:
        try:
            self.key("quit")
            self.process.wait(15)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


class Page:
    """One participant's browser: loads the page and its files, opens the websocket, joins;
    remembers when it first saw each screen (wall clock)."""

    def __init__(self, http, origin: str, name: str) -> None:
        self.http, self.origin, self.name = http, origin, name
        self.seen: dict[str, float] = {}
        self.socket = None
        self.reader: asyncio.Task | None = None
        self.opened = 0.0

    async def open_and_join(self, code: str) -> None:
        self.opened = time.time()
        async with self.http.get(self.origin + "/") as reply:
            html = await reply.text()
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
            async with self.http.get(self.origin + asset) as reply:
                await reply.read()
        self.seen["form"] = time.time()
        self.socket = await self.http.ws_connect(
            "ws://" + self.origin.split("://")[1] + "/ws", origin=self.origin)
        self.reader = asyncio.get_running_loop().create_task(self._read())
        await self.socket.send_str(json.dumps({"type": "hello"}))
        await self.socket.send_str(json.dumps({"type": "join", "name": self.name, "code": code}))

    async def _read(self) -> None:
        async for message in self.socket:
            data = json.loads(message.data)
            if data.get("type") == "screen":
                self.seen.setdefault(data["key"], time.time())

    async def answer(self, choice: str, position: int) -> None:
        await self.socket.send_str(json.dumps({"type": "answer", "choice": choice,
                                               "position": position}))

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()


async def until(condition, seconds: float = DEADLINE) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


async def new_design(args: argparse.Namespace, tmp: Path) -> dict:
    import aiohttp

    from quiz.content.pack_files import bundled_pack_files, load_pack
    from quiz.storage.store import Store
    from quiz.workshop.addresses import free_port
    from quiz.workshop.model import Workshop

    files = bundled_pack_files()
    pack = load_pack(files[0] if files else MINI)
    data = tmp / "new"
    with Store.open(data) as store:
        workshop = Workshop.create(store, pack, max_participants=ROOM,
                                   title="Benchmark workshop")
        workshop_id, code = workshop.id, workshop.info().code
    port = free_port()
    origin = f"http://{LOOPBACK}:{port}"
    host = HostProcess(data, workshop_id, port)
    results: dict = {}
    rng = random.Random(args.seed)
    try:
        if not host.ready.wait(DEADLINE):
            raise SystemExit("the host did not start")
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as http:
            storm = [Page(http, origin, f"Reader {n:03d}") for n in range(1, STORM + 1)]
            await asyncio.gather(*(page.open_and_join(code) for page in storm))
            await until(lambda: all("lobby" in p.seen for p in storm))
            lobby = [p.seen["lobby"] - p.opened for p in storm if "lobby" in p.seen]
            results["storm_lobby"] = lobby
            results["storm_form"] = [p.seen["form"] - p.opened for p in storm]
            rest = [Page(http, origin, f"Reader {n:03d}") for n in range(STORM + 1, ROOM + 1)]
            started = time.time()
            await asyncio.gather(*(page.open_and_join(code) for page in rest))
            pages = storm + rest
            await until(lambda: all("lobby" in p.seen for p in pages))
            results["room_joined"] = sum("lobby" in p.seen for p in pages)
            results["room_join_last"] = max(p.seen.get("lobby", float("nan"))
                                            for p in rest) - started

            moves: list[float] = []
            for action, key in (("start", "question-0"),):
                pressed = host.key(action)
                await until(lambda k=key: all(k in p.seen for p in pages))
                moves.append(max(p.seen.get(key, float("inf")) for p in pages) - pressed)
            await asyncio.sleep(2.0)
            results["idle_cpu"] = await idle_cpu([host.process.pid], args.idle)

            ids = {}
            with Store.open(data) as store:
                ids = {p.name: p.id for p in Workshop.open(store, workshop_id).participants()}
            categories = pack.category_ids

            async def answer_later(page: Page) -> None:
                await asyncio.sleep(rng.uniform(0, args.spread))
                await page.answer(rng.choice(categories), 0)
            await asyncio.gather(*(answer_later(p) for p in pages))
            await until(lambda: sum(1 for p in pages if (ids[p.name], 0) in host.shown)
                        >= len(pages), 20)
            for action, key in (("reveal", "reveal-0"), ("next", "question-1"),
                                ("reveal", "reveal-1"), ("next", "question-2")):
                pressed = host.key(action)
                await until(lambda k=key: all(k in p.seen for p in pages))
                moves.append(max(p.seen.get(key, float("inf")) for p in pages) - pressed)
            results["moves"] = moves
            with Store.open(data) as store:
                record = Workshop.open(store, workshop_id).record()
            delays = []
            for answer in record.answers:
                seen = host.shown.get((answer.participant_id, answer.position))
                if seen is not None:
                    delays.append(seen - dt.datetime.fromisoformat(answer.answered_at)
                                  .timestamp())
            results["answer_delays"] = delays
            results["answers"] = len(record.answers)
            results["memory"] = memory_mib(host.process.pid)
            await asyncio.gather(*(p.close() for p in pages))
    finally:
        host.stop()
    return results


# -- the old design, from its own checkout ---------------------------------------------------------


OLD_CREATE = """
import sys
from quiz.content.pack_files import load_pack
from quiz.storage.store import Store
from quiz.workshop.model import Workshop
with Store.open(sys.argv[1]) as store:
    workshop = Workshop.create(store, load_pack(sys.argv[2]), max_participants=int(sys.argv[3]))
    print(workshop.id, workshop.info().code)
"""
OLD_MOVE = """
import sys
from quiz.storage.store import Store
from quiz.workshop.model import Workshop
with Store.open(sys.argv[1]) as store:
    getattr(Workshop.open(store, int(sys.argv[2])), sys.argv[3])()
"""


class OldPage:
    """A browser of the old design: xterm.js's websocket, keys as it sends them."""

    def __init__(self, http, port: int, name: str) -> None:
        self.http, self.port, self.name = http, port, name
        self.screen = bytearray()
        self.seen: dict[bytes, float] = {}
        self.socket = None
        self.reader: asyncio.Task | None = None
        self.opened = 0.0

    async def open(self) -> None:
        self.opened = time.time()
        async with self.http.get(f"http://{LOOPBACK}:{self.port}/") as reply:
            await reply.read()
        self.socket = await self.http.ws_connect(
            f"ws://{LOOPBACK}:{self.port}/ws?width=100&height=30",
            origin=f"http://{LOOPBACK}:{self.port}")
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if isinstance(message.data, bytes):
                self.screen.extend(message.data)
                del self.screen[:-65536]
                for marker in (b"Join code", b"Welcome", b"item 1 of"):
                    if marker in self.screen:
                        self.seen.setdefault(marker, time.time())

    async def join(self, code: str) -> None:
        await self.open()
        if not await until(lambda: b"Join code" in self.seen, OLD_DEADLINE):
            return
        await asyncio.sleep(0.3)
        await self.socket.send_json(["stdin", self.name + "\r"])
        # Enter moves the focus to the code once the app has handled it; with 60 apps on two
        # cores keys sent sooner go to the name (the race the issue describes).
        await asyncio.sleep(1.0)
        await self.socket.send_json(["stdin", code + "\r"])
        await until(lambda: b"Welcome" in self.seen, OLD_DEADLINE)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()


async def old_design(args: argparse.Namespace, tmp: Path) -> dict | str:
    import aiohttp

    from quiz.workshop.addresses import free_port

    old = Path(args.old)
    if not (old / "quiz" / "workshop" / "server.py").is_file():
        return f"not run: no checkout of the old design at {old} (git worktree add {old} 9776df8)"
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return "not run: textual-serve is not installed (pip install textual-serve==1.1.3)"
    env = dict(os.environ, PYTHONPATH=str(old))
    data = tmp / "old"
    # Run from the checkout: `python -m` and `-c` put the current folder first on the path.
    made = subprocess.run([sys.executable, "-c", OLD_CREATE, str(data), str(MINI), str(STORM)],
                          env=env, cwd=old, capture_output=True, text=True, check=True,
                          timeout=60)
    workshop_id, code = made.stdout.split()
    port = free_port()
    command = shlex.join([sys.executable, "-m", "quiz", "workshop", "join", workshop_id,
                          "--data-dir", str(data)])
    server = subprocess.Popen(
        [sys.executable, "-m", "quiz.workshop.server", "--command", command, "--host", LOOPBACK,
         "--port", str(port), "--sessions", str(2 * STORM), "--store",
         str(data / "quiz.sqlite3"), "--workshop", workshop_id],
        env=env, cwd=old, stdout=(tmp / "old-server.log").open("wb"),
        stderr=subprocess.STDOUT, start_new_session=True)
    results: dict = {}
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            async def answers() -> bool:
                try:
                    async with http.get(f"http://{LOOPBACK}:{port}/") as reply:
                        return reply.status == 200
                except aiohttp.ClientError:
                    return False
            deadline = time.monotonic() + 30
            while not await answers():
                if time.monotonic() > deadline:
                    return "not run: the old server did not start"
                await asyncio.sleep(0.1)
            pages = [OldPage(http, port, f"Reader {n:02d}") for n in range(1, STORM + 1)]
            await asyncio.gather(*(page.join(code) for page in pages))
            results["first"] = [p.seen[b"Join code"] - p.opened for p in pages
                                if b"Join code" in p.seen]
            results["lobby"] = [p.seen[b"Welcome"] - p.opened for p in pages
                                if b"Welcome" in p.seen]
            joined = [p for p in pages if b"Welcome" in p.seen]
            pressed = time.time()
            subprocess.run([sys.executable, "-c", OLD_MOVE, str(data), workshop_id, "start"],
                           env=env, cwd=old, check=True, timeout=60)
            await until(lambda: all(b"item 1 of" in p.seen for p in joined), OLD_DEADLINE)
            results["move"] = max(p.seen.get(b"item 1 of", float("inf")) for p in joined) - pressed
            await asyncio.sleep(3.0)
            processes = [server.pid, *descendants(server.pid)]
            results["memory"] = sum(memory_mib(pid)[0] for pid in processes)
            results["processes"] = len(processes)
            results["idle_cpu"] = await idle_cpu(processes, args.idle)
            await asyncio.gather(*(p.close() for p in pages))
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return results


# -- the frameworks, measured bare -----------------------------------------------------------------


AIOHTTP_SERVER = """
import sys
from aiohttp import web
clients = set()
async def socket(request):
    ws = web.WebSocketResponse(heartbeat=20, compress=False)
    await ws.prepare(request)
    clients.add(ws)
    try:
        async for message in ws:
            if message.data == "go":
                for other in list(clients):
                    if other is not ws:
                        await other.send_str("x" * 2000)
    finally:
        clients.discard(ws)
    return ws
app = web.Application()
app.router.add_get("/ws", socket)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None,
            backlog=512)
"""
STARLETTE_SERVER = """
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocketDisconnect
clients = set()
async def socket(ws):
    await ws.accept()
    clients.add(ws)
    try:
        while True:
            if await ws.receive_text() == "go":
                for other in list(clients):
                    if other is not ws:
                        await other.send_text("x" * 2000)
    except WebSocketDisconnect:
        pass
    finally:
        clients.discard(ws)
app = Starlette(routes=[WebSocketRoute("/ws", socket)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", backlog=512,
            ws_ping_interval=20)
"""


async def framework(name: str, source: str, args: argparse.Namespace) -> dict:
    import aiohttp

    from quiz.workshop.addresses import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", source, str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = server_memory = 0.0
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            deadline = time.monotonic() + 30
            while True:
                try:
                    probe = await http.ws_connect(f"ws://{LOOPBACK}:{port}/ws")
                    await probe.close()
                    break
                except aiohttp.ClientError:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{name} did not start") from None
                    await asyncio.sleep(0.1)
            base = memory_mib(server.pid)[0]
            started = time.monotonic()
            sockets = await asyncio.gather(*(http.ws_connect(f"ws://{LOOPBACK}:{port}/ws")
                                             for _ in range(ROOM)))
            connected = time.monotonic() - started
            spreads = []
            for _ in range(5):
                received: list[float] = []

                async def wait_one(socket) -> None:
                    await socket.receive()
                    received.append(time.monotonic())
                waiting = [asyncio.create_task(wait_one(s)) for s in sockets[1:]]
                sent = time.monotonic()
                await sockets[0].send_str("go")
                await asyncio.wait_for(asyncio.gather(*waiting), DEADLINE)
                spreads.append(max(received) - sent)
            await asyncio.sleep(1.0)
            server_memory = memory_mib(server.pid)[0]
            idle = await idle_cpu([server.pid], min(args.idle, 5.0))
            await asyncio.gather(*(s.close() for s in sockets))
    finally:
        server.terminate()
        server.wait(10)
    return {"connect": connected, "broadcast": statistics.median(spreads), "worst": max(spreads),
            "memory": server_memory, "base": base, "idle": idle}


# -- the tables ------------------------------------------------------------------------------------


def report(new: dict, old: dict | str, frameworks: dict | None) -> None:
    def seconds(values: list[float]) -> str:
        if not values:
            return "-"
        return f"{statistics.median(values):.2f} / {max(values):.2f} s"

    moves = new["moves"]
    delays = new["answer_delays"]
    rows = [
        (f"{STORM} at once: the join form (median / last)", seconds(new["storm_form"]), "",
         seconds(old["first"]) if isinstance(old, dict) else "-"),
        (f"{STORM} at once: in the lobby (median / last)", seconds(new["storm_lobby"]),
         "< 1 / < 2 s", seconds(old["lobby"]) if isinstance(old, dict) else "-"),
        (f"   of {STORM} that reached the lobby", f"{len(new['storm_lobby'])}", "",
         f"{len(old['lobby'])}" if isinstance(old, dict) else "-"),
        (f"{ROOM - STORM} more at once: the last in the lobby",
         f"{new['room_join_last']:.2f} s ({new['room_joined']} in)", "", "not run"),
        (f"a move reaching all (worst of {len(moves)})", f"{max(moves):.2f} s",
         "< 1 s (300)", f"{old['move']:.2f} s ({STORM})" if isinstance(old, dict) else "-"),
        ("   each move (start, reveal, next, ...)", ", ".join(f"{m:.2f}" for m in moves), "",
         ""),
        ("answer committed -> dashboard (p95 / max)",
         f"{percentile(delays, 0.95):.3f} / {max(delays):.3f} s ({len(delays)})", "< 0.5 s",
         "-"),
        ("host memory, now / at its peak",
         f"{new['memory'][0]:.0f} / {new['memory'][1]:.0f} MiB ({ROOM})", "< 300 MiB",
         f"{old['memory']:.0f} MiB in {old['processes']} processes ({STORM})"
         if isinstance(old, dict) else "-"),
        ("host CPU, everyone idle on a question", f"{new['idle_cpu']:.2f}% of a core ({ROOM})",
         "< 2%", f"{old['idle_cpu']:.2f}% ({STORM})" if isinstance(old, dict) else "-"),
    ]
    print(f"Join storm and room benchmark (issue 14): {os.cpu_count()} CPUs, same run")
    print(f"{'measure':<46} {'new design':>30} {'target':>12}  old design (9776df8)")
    for measure, value, target, base in rows:
        print(f"{measure:<46} {value:>30} {target:>12}  {base}")
    if isinstance(old, str):
        print(f"old design: {old}")
    met = [statistics.median(new["storm_lobby"]) < TARGETS["lobby_median"],
           max(new["storm_lobby"]) < TARGETS["lobby_last"],
           len(new["storm_lobby"]) == STORM,
           percentile(delays, 0.95) < TARGETS["answer_p95"],
           max(moves) < TARGETS["move"], new["memory"][1] < TARGETS["memory"],
           new["idle_cpu"] < TARGETS["idle"]]
    print("All targets met." if all(met) else "Some targets missed (see above).")
    if frameworks:
        print()
        print(f"Web frameworks, bare websocket broadcast to {ROOM} clients (same run)")
        print(f"{'framework':<28} {'connect all':>12} {'reach all':>18} {'memory':>18} "
              f"{'idle CPU':>9}")
        for name, figures in frameworks.items():
            if isinstance(figures, str):
                print(f"{name:<28} {figures}")
                continue
            print(f"{name:<28} {figures['connect']:>10.2f} s "
                  f"{figures['broadcast']:>7.3f} (max {figures['worst']:.3f}) s "
                  f"{figures['memory']:>6.0f} MiB (+{figures['memory'] - figures['base']:.0f}) "
                  f"{figures['idle']:>8.2f}%")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="/tmp/old-14",
                        help="a checkout of commit 9776df8, for the old design's figures")
    parser.add_argument("--no-old", action="store_true", help="skip the old design")
    parser.add_argument("--frameworks", action="store_true",
                        help="also measure aiohttp against Starlette with uvicorn")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle measured")
    parser.add_argument("--spread", type=float, default=3.0,
                        help="the room answers within this many seconds")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--host-child", nargs=3, metavar=("DATA", "WORKSHOP", "PORT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.host_child:
        data, workshop, port = args.host_child
        return host_child(data, int(workshop), int(port))
    if not Path("/proc/self/stat").exists():
        raise SystemExit("bench_join_storm.py reads /proc: run it on Linux")
    tmp = Path(tempfile.mkdtemp(prefix="quiz-bench-storm-"))
    started = time.monotonic()
    new = asyncio.run(new_design(args, tmp))
    old = "not run (--no-old)" if args.no_old else asyncio.run(old_design(args, tmp))
    frameworks = None
    if args.frameworks:
        frameworks = {"aiohttp": asyncio.run(framework("aiohttp", AIOHTTP_SERVER, args))}
        try:
            import starlette  # noqa: F401
            import uvicorn  # noqa: F401
            frameworks["Starlette + uvicorn"] = asyncio.run(
                framework("Starlette + uvicorn", STARLETTE_SERVER, args))
        except ImportError:
            frameworks["Starlette + uvicorn"] = ("not installed (pip install starlette uvicorn "
                                                 "websockets httptools)")
    report(new, old, frameworks)
    print(f"(benchmark took {time.monotonic() - started:.0f} s; files in {tmp})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

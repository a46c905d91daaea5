"""Issue 3 benchmark: cold start, key press to verdict on screen, and peak memory of the quiz app,
measured side by side with a minimal Textual app (one Static, four Buttons) in the same run.

Both apps run in a real pseudo-terminal (80x24), so painting is included. Run on demand:
    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--keys 20]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROBE = HERE / "startup_probe.py"


def run_probe(kind: str, env_extra: dict[str, str], keys: int = 0) -> dict:
    """Start the probe in a pty; returns its events, wall times and peak RSS (MiB)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as results:
        results_path = results.name
    env = {**os.environ, **env_extra, "TERM": "xterm-256color", "PROBE_RESULTS": results_path,
           "PROBE_KEY_ROUNDS": str(keys)}
    env.pop("NO_COLOR", None)
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, str(PROBE), kind], stdin=slave, stdout=slave, stderr=slave, env=env,
        close_fds=True, start_new_session=True,
    )
    os.close(slave)
    done = threading.Event()

    def drain() -> None:  # a terminal that is not read from eventually blocks the app
        while not done.is_set():
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    os.read(master, 65536)
                except OSError:
                    return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    if keys:
        typed = 0
        deadline = time.time() + 120
        while typed < keys and time.time() < deadline:
            lines = Path(results_path).read_text().splitlines()
            if any(json.loads(line)["event"] == "await_keys" for line in lines):
                os.write(master, b"1")
                time.sleep(0.25)
                os.write(master, b"\r")
                time.sleep(0.25)
                typed += 1
            else:
                time.sleep(0.02)
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    reader.join()
    os.close(master)
    events = [json.loads(line) for line in Path(results_path).read_text().splitlines()]
    os.unlink(results_path)
    if status != 0 or not events:
        raise SystemExit(f"probe {kind} failed (status {status}, no events): run "
                         f"benchmarks/startup_probe.py {kind} in a terminal to see why")
    return {
        "events": {e["event"]: e for e in events},
        "started": started,
        "peak_mib": usage.ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keys", type=int, default=20)
    args = parser.parse_args()

    cache = tempfile.mkdtemp(prefix="quiz-bench-cache-")
    data = tempfile.mkdtemp(prefix="quiz-bench-data-")
    env = {"QUIZ_CACHE_DIR": cache, "QUIZ_DATA_DIR": data}
    run_probe("quiz", env)  # fills the checked-pack cache, as any earlier start would
    run_probe("minimal", env)

    minimal_start, quiz_home, quiz_question, minimal_mem, quiz_mem, uncached = [], [], [], [], [], []
    for _ in range(args.runs):  # interleaved so both see the same machine load
        m = run_probe("minimal", env)
        minimal_start.append(m["events"]["first_screen"]["at"] - m["started"])
        minimal_mem.append(m["peak_mib"])
        q = run_probe("quiz", env)
        quiz_home.append(q["events"]["home"]["at"] - q["started"])
        quiz_question.append(q["events"]["first_question"]["at"] - q["started"])
        quiz_mem.append(q["peak_mib"])
        fresh = run_probe("quiz", {**env, "QUIZ_CACHE_DIR": tempfile.mkdtemp()})
        uncached.append(fresh["events"]["first_question"]["at"] - fresh["started"])

    keyed = run_probe("quiz", env, keys=args.keys)
    latencies_ms = [v * 1000 for v in keyed["events"]["latencies"]["values"]]

    base = statistics.median(minimal_start)
    base_mem = statistics.median(minimal_mem)
    rows = [
        ("cold start: minimal app, first screen", f"{base:.3f} s", "1.00x", "baseline"),
        ("cold start: quiz, home screen", f"{statistics.median(quiz_home):.3f} s",
         f"{statistics.median(quiz_home) / base:.2f}x", ""),
        ("cold start: quiz, first question ready", f"{statistics.median(quiz_question):.3f} s",
         f"{statistics.median(quiz_question) / base:.2f}x", "target <= 1.30x"),
        ("  (first start ever: pack checked, no cache)", f"{statistics.median(uncached):.3f} s",
         f"{statistics.median(uncached) / base:.2f}x", "once per pack edit"),
        ("key press -> verdict painted, median", f"{statistics.median(latencies_ms):.1f} ms", "",
         "target <= 16 ms"),
        ("key press -> verdict painted, max", f"{max(latencies_ms):.1f} ms", "", ""),
        ("peak memory: minimal app", f"{base_mem:.1f} MiB", "1.00x", "baseline"),
        ("peak memory: quiz", f"{statistics.median(quiz_mem):.1f} MiB",
         f"{statistics.median(quiz_mem) / base_mem:.2f}x", "target <= 1.50x"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>10}  {'ratio':>6}  note")
    print("-" * (width + 34))
    for name, value, ratio, note in rows:
        print(f"{name:<{width}}  {value:>10}  {ratio:>6}  {note}")
    print(f"\n{args.runs} interleaved runs each (medians), {len(latencies_ms)} key presses; "
          f"80x24 pseudo-terminal; Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

"""Issue 15 benchmark: drafting and validating an article that is one 5 MB line (a pasted web page,
a file without line breaks), beside the same with a baseline checkout, in the same run.

Run on demand: `python benchmarks/bench_long_line.py [--size-mb 5] [--baseline DIR]` (not
collected by pytest). Target: `quiz draft` then `quiz validate` of the draft, together, under
10 s. Each step runs as its own `python -m quiz` subprocess, timed from start to exit, and is
stopped at `--limit` seconds (the old splitter sliced the text at every full stop: 200 KB took
16 s, 5 MB did not finish in 60 s). `--baseline DIR` is a checkout of an earlier commit (e.g.
`git worktree add /tmp/before 667d263`), run with the same interpreter.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO

TARGET_SECONDS = 10.0

# Wire-copy sentences of each kind, with the abbreviations, initials, numbers and quotes the
# splitter has to look at: written for this benchmark.
SENTENCES = [
    "The state-run KCNA news agency said on Friday that the test was a success.",
    "Officials in Seoul accused Pyongyang of violating U.N. Security Council resolutions.",
    "A spokesperson for the ministry denied the report, calling it \"groundless\".",
    "The launch came at 7:15 a.m. local time, according to Japan's Defense Ministry.",
    "Mr. J. R. Kim, a former U.S. official, told reporters the figures were about 3.5 km.",
    "The parade took place in Kim Il Sung Square on July 27, 2023.",
]


def article(size: int) -> str:
    """One line of about `size` bytes: the sentences above over and over, spaces between."""
    line = " ".join(SENTENCES)
    return "Test day, 2024-05-01\n\n" + " ".join([line] * (size // (len(line) + 1) + 1))


def run_step(code: Path, args: list[str], cwd: Path, limit: float) -> tuple[float | None, str]:
    """Seconds `python -m quiz ARGS` took with `code` first on the path; None when stopped at
    `limit` seconds. Also the last line it printed."""
    env = {**os.environ, "PYTHONPATH": str(code), "QUIZ_DATA_DIR": str(cwd / "data"),
           "QUIZ_CACHE_DIR": str(cwd / "cache")}
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "quiz", *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None, f"stopped after {limit:.0f} s"
    seconds = time.perf_counter() - start
    said = (done.stderr.strip() or done.stdout.strip()).splitlines()
    return seconds, f"exit {done.returncode}: {said[-1][:70] if said else ''}"


def measure(code: Path, text: str, limit: float) -> list[tuple[str, float | None, str]]:
    with tempfile.TemporaryDirectory(prefix="quiz-bench-long-") as folder:
        cwd = Path(folder)
        (cwd / "long.txt").write_text(text, encoding="utf-8")
        drafted, said = run_step(code, ["draft", "long.txt", "--out", "pack"], cwd, limit)
        rows = [("draft", drafted, said)]
        packs = sorted((cwd / "pack").glob("*.yaml")) if drafted is not None else []
        if packs:
            checked, said = run_step(code, ["validate", str(packs[0])], cwd, limit)
        else:
            checked, said = None, "no pack to validate"
        rows.append(("validate", checked, said))
        total = None if drafted is None or checked is None else drafted + checked
        rows.append(("draft + validate", total, f"target < {TARGET_SECONDS:g} s"))
        return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=5.0)
    parser.add_argument("--baseline", type=Path, help="a checkout of an earlier commit")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a step stops")
    args = parser.parse_args()
    text = article(int(args.size_mb * 1_000_000))
    print(f"article: one line of {len(text.encode()) / 1e6:.1f} MB "
          f"({text.count('.')} full stops)")
    runs = [("this checkout", REPO)]
    if args.baseline:
        runs.append((f"baseline {args.baseline}", args.baseline.resolve()))
    results = {name: measure(code, text, args.limit) for name, code in runs}
    names = [name for name, _ in runs]
    print(f"{'step':<18}" + "".join(f"{name[:30]:>32}" for name in names))
    for index, (step, _, _) in enumerate(results[names[0]]):
        cells = []
        for name in names:
            seconds = results[name][index][1]
            cells.append(f"{'stopped' if seconds is None else f'{seconds:.2f} s':>32}")
        print(f"{step:<18}" + "".join(cells))
    for name in names:
        for step, _, said in results[name]:
            print(f"  {name[:30]} · {step}: {said}")
    total = results[names[0]][-1][1]
    ok = total is not None and total < TARGET_SECONDS
    print(f"target: draft + validate < {TARGET_SECONDS:g} s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the group report of a workshop of 60 participants x 40 items, in every format.

Run on demand: `python benchmarks/bench_group_report.py` (not collected by pytest). Target: each
step under 0.5 s. The baseline beside it is reading the workshop's answers back from the SQLite
store (`read_record`), measured in the same run on the same file.

The bundled pack has fewer than 40 items, so its items are repeated under new ids until there are
40; the simulated readers answer every item (2,400 answers, with some changed answers).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

# The benchmark must not touch the developer's cache or data folders.
os.environ.setdefault("QUIZ_CACHE_DIR", tempfile.mkdtemp(prefix="quiz-bench-cache-"))
os.environ.setdefault("QUIZ_DATA_DIR", tempfile.mkdtemp(prefix="quiz-bench-data-"))

from _common import MINI, REPEATS, timed  # noqa: E402

from quiz.content.pack_files import bundled_pack_files, load_pack  # noqa: E402
from quiz.core.packs import LoadedPack
from quiz.reports.group import GROUP_FORMATS, build_group_report, render_group  # noqa: E402
from quiz.storage.store import Store  # noqa: E402
from quiz.workshop.queries import read_record  # noqa: E402
from quiz.workshop.simulator import simulate_workshop  # noqa: E402

PARTICIPANTS = 60
ITEMS = 40
TARGET_SECONDS = 0.5


def pack_with(items: int) -> LoadedPack:
    """The bundled pack (or the mini test pack), its items repeated under new ids up to `items`."""
    files = bundled_pack_files()
    pack = load_pack(files[0] if files else MINI, use_cache=False)
    originals = pack.pack.items
    repeated = [
        item if n < len(originals) else dataclasses.replace(item, id=f"{item.id}-{n // len(originals)}")
        for n, item in ((n, originals[n % len(originals)]) for n in range(items))
    ]
    return dataclasses.replace(pack, pack=dataclasses.replace(pack.pack, items=repeated))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=PARTICIPANTS)
    parser.add_argument("--items", type=int, default=ITEMS)
    args = parser.parse_args(argv)

    pack = pack_with(args.items)
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-workshop-"))
    rows: list[tuple[str, float, str]] = []
    with Store(folder / "quiz.sqlite3") as store:
        start = time.perf_counter()
        workshop = simulate_workshop(store, pack, participants=args.participants, seed=1)
        setup = time.perf_counter() - start
        record = read_record(store, workshop.id)
        answers = len(record.answers)
        read = timed(lambda: read_record(store, workshop.id))
        rows.append((f"read {answers:,} answers from the store (baseline)", read, ""))
        build = timed(lambda: build_group_report(read_record(store, workshop.id), pack))
        rows.append(("read + build the figures", build, _verdict(build)))
        report = build_group_report(record, pack)
        for fmt in GROUP_FORMATS:
            seconds = timed(lambda fmt=fmt: render_group(report, fmt))
            size = len(render_group(report, fmt).encode("utf-8"))
            rows.append((f"render {fmt} ({size / 1024:,.0f} KiB)", seconds, _verdict(seconds)))
            whole = timed(lambda fmt=fmt: render_group(
                build_group_report(read_record(store, workshop.id), pack), fmt))
            rows.append((f"  whole report, {fmt}: read + build + render", whole, _verdict(whole)))

    print(f"Group report benchmark: {args.participants} participants x {args.items} items "
          f"({answers:,} answers), median of {REPEATS} runs, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")
    print(f"(setting up: simulating the workshop, one transaction per answer, took {setup:.1f} s)")
    width = max(len(step) for step, _, _ in rows)
    print(f"{'step':<{width}} {'seconds':>8}  target < {TARGET_SECONDS} s")
    for step, seconds, verdict in rows:
        print(f"{step:<{width}} {seconds:8.3f}  {verdict}")
    return 0 if all(v != "SLOW" for *_, v in rows) else 1


def _verdict(seconds: float) -> str:
    return "ok" if seconds < TARGET_SECONDS else "SLOW"


if __name__ == "__main__":
    sys.exit(main())

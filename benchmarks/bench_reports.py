"""Benchmark: a score report over 10,000 answers, built and rendered in every format.

Run on demand: `python benchmarks/bench_reports.py` (not collected by pytest). Target: each step
under 0.5 s. The baselines beside it are the times to get the 10,000 AnswerRecords: constructed
in memory, and read from a SQLite store as `quiz report` reads them.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

# The benchmark must not touch the developer's cache or data folders.
os.environ.setdefault("QUIZ_CACHE_DIR", tempfile.mkdtemp(prefix="quiz-bench-cache-"))
os.environ.setdefault("QUIZ_DATA_DIR", tempfile.mkdtemp(prefix="quiz-bench-data-"))

from _common import MINI, REPEATS, timed  # noqa: E402

from quiz.content.pack_files import bundled_pack_files, load_pack  # noqa: E402
from quiz.core.packs import LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash  # noqa: E402
from quiz.core.scoring import score_answer  # noqa: E402
from quiz.reports import FORMATS, build_report, render  # noqa: E402

ANSWERS = 10_000
TARGET_SECONDS = 0.5


def bench_pack() -> LoadedPack:
    """The bundled pack (22 items), or the four-item test pack if none is installed."""
    files = bundled_pack_files()
    return load_pack(files[0] if files else MINI, use_cache=False)


def synthetic_answers(
    pack: LoadedPack, count: int, session_size: int, seed: int = 5
) -> tuple[list[AnswerRecord], list[SessionRecord]]:
    """A reader who is right 70% of the time and leans towards one category when wrong."""
    rng = random.Random(seed)
    items = pack.pack.items
    hashes = {item.id: item_hash(item) for item in items}
    categories = pack.category_ids
    lean = categories[1]
    answers: list[AnswerRecord] = []
    sessions: list[SessionRecord] = []
    for n in range(count):
        session_id = 1 + n // session_size
        item = items[n % len(items)]
        if rng.random() < 0.7:
            chosen = item.answer
        elif rng.random() < 0.5:
            chosen = lean
        else:
            chosen = rng.choice(categories)
        verdict, credit = score_answer(
            chosen, item.answer, item.also_accept, pack.pack.alternative_credit
        )
        day = f"2024-{1 + (session_id // 28) % 12:02d}-{1 + session_id % 28:02d}"
        answers.append(AnswerRecord(
            session_id=session_id, learner="bench", pack_id=pack.pack.id, item_id=item.id,
            item_hash=hashes[item.id], actual=item.answer, also_accept=tuple(item.also_accept),
            chosen=chosen, verdict=verdict, credit=credit, seconds=rng.uniform(3, 40),
            hints=rng.choice((0, 0, 0, 1, 2)), confidence=rng.choice((None, 1, 2, 3)),
            answered_at=f"{day}T10:{n % 60:02d}:00+00:00",
        ))
        if n % session_size == 0:
            sessions.append(SessionRecord(
                id=session_id, learner="bench", pack_id=pack.pack.id,
                pack_version=pack.pack.version, pack_path=pack.path, mode="practice",
                item_ids=tuple(i.id for i in items), started_at=f"{day}T10:00:00+00:00",
                finished_at=f"{day}T10:30:00+00:00",
            ))
    return answers, sessions


def stored_reader(
    pack: LoadedPack, answers: list[AnswerRecord], sessions: list[SessionRecord]
) -> Callable[[], object]:
    """Write the records into a SQLite store in a temporary folder; return the read that
    `quiz report` does (one session by id, or --all of the learner's sessions)."""
    import json
    import sqlite3

    from quiz.storage.store import Store

    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-store-"))
    Store.open(folder).close()
    with sqlite3.connect(folder / "quiz.sqlite3") as db:
        db.execute("INSERT INTO learners (id, name, created_at) VALUES (1, 'bench', '2024')")
        db.executemany(
            "INSERT INTO sessions (id, learner, pack_id, pack_version, pack_path, mode, item_ids, "
            "started_at, finished_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
            [(s.id, s.pack_id, s.pack_version, s.pack_path, s.mode, json.dumps(s.item_ids),
              s.started_at, s.finished_at) for s in sessions])
        db.executemany(
            "INSERT INTO answers (session, item_id, item_hash, actual, also_accept, chosen, "
            "verdict, credit, seconds, hints, confidence, answered_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(a.session_id, a.item_id, a.item_hash, a.actual, json.dumps(a.also_accept),
              a.chosen, str(a.verdict), a.credit, a.seconds, a.hints, a.confidence,
              a.answered_at) for a in answers])
    db.close()
    store = Store.open(folder, check=False)
    if len(sessions) == 1:
        return lambda: store.session(sessions[0].id)
    return lambda: store.sessions("bench", with_answers=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=ANSWERS)
    args = parser.parse_args(argv)

    pack = bench_pack()
    shapes = {
        "one session": args.answers,  # every answer in one session: the per-answer work
        "history": len(pack.pack.items),  # one session per pass over the pack
    }
    rows: list[tuple[str, str, float, str]] = []
    for shape, session_size in shapes.items():
        read = timed(lambda: synthetic_answers(pack, args.answers, session_size))
        answers, sessions = synthetic_answers(pack, args.answers, session_size)
        rows.append((shape, f"read {args.answers:,} answers (baseline)*", read, ""))
        read_store = stored_reader(pack, answers, sessions)
        rows.append((shape, f"read {args.answers:,} answers from the store", timed(read_store),
                     ""))
        build = timed(lambda: build_report(answers, sessions, pack))
        rows.append((shape, f"build figures ({len(sessions)} session(s))", build, _verdict(build)))
        report = build_report(answers, sessions, pack)
        for fmt in FORMATS:
            seconds = timed(lambda fmt=fmt: render(report, fmt))
            size = len(render(report, fmt).encode("utf-8"))
            rows.append((shape, f"render {fmt} ({size / 1024:,.0f} KiB)", seconds,
                         _verdict(seconds)))

    print(f"Score report benchmark: pack {pack.pack.id!r} ({len(pack.pack.items)} items), "
          f"median of {REPEATS} runs, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    width = max(len(step) for _, step, _, _ in rows)
    print(f"{'shape':<12} {'step':<{width}} {'seconds':>8}  target < {TARGET_SECONDS} s")
    for shape, step, seconds, verdict in rows:
        print(f"{shape:<12} {step:<{width}} {seconds:8.3f}  {verdict}")
    print("* baseline: the AnswerRecords constructed in memory; the row after it reads the same "
          "records from a SQLite store as `quiz report` does (one session, or --all).")
    return 0 if all(v != "SLOW" for *_, v in rows) else 1


def _verdict(seconds: float) -> str:
    return "ok" if seconds < TARGET_SECONDS else "SLOW"


if __name__ == "__main__":
    sys.exit(main())

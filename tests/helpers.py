"""Helpers several test modules share: clocks, recorded sessions, edited packs, screen text, `quiz`
in a subprocess. Imported as `helpers`: pytest's default import mode puts tests/ on sys.path.
"""

from __future__ import annotations

import datetime as dt
import os
import select
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.core.engine import QuizOptions, QuizSession
from quiz.core.packs import LoadedPack
from quiz.storage.recording import scheduling_recorder
from quiz.storage.store import Store

if TYPE_CHECKING:
    from textual.pilot import Pilot

REPO = Path(__file__).resolve().parent.parent
# The four-item test pack: launch, accusation, denial, sanctions, in that article order.
MINI_PATH = Path(__file__).parent / "data" / "mini" / "mini.yaml"

START = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.timezone.utc)


class SetUtcClock:
    """The store's and study's clock: UTC, and only moves when the test moves it."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


class ManualClock:
    """A clock that only moves when the test moves it."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Ticks:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def record_session(
    store: Store, pack: LoadedPack, learner: str, choices: dict[str, str], *,
    mode: str = "practice",
) -> int:
    """A session answered through the domain, as the app records it (with scheduling)."""
    session = QuizSession(pack, QuizOptions(item_ids=tuple(choices)))
    record = store.start_session(learner, pack, [item.id for item in session.items], mode=mode)
    recorder = scheduling_recorder(store, record.id)
    while not session.finished:
        item = session.current
        recorder.answered(item, session.answer(choices[item.id]))
        session.advance()
    recorder.finished(session.summary())
    return record.id


def edited(pack: LoadedPack, item_id: str, **changes) -> LoadedPack:
    """`pack` with one item changed, as if its author had edited the file."""
    items = [replace(item, **changes) if item.id == item_id else item
             for item in pack.pack.items]
    return replace(pack, **{"pack": replace(pack.pack, **{"items": items})})


def without(pack: LoadedPack, *item_ids: str) -> LoadedPack:
    """`pack` with some items taken out."""
    items = [item for item in pack.pack.items if item.id not in item_ids]
    return replace(pack, **{"pack": replace(pack.pack, **{"items": items})})


# The article the review tests draft, and the items they find marked low-confidence.
REVIEW_ARTICLE = REPO / "tests" / "data" / "eval" / "maritime-incident.txt"
REVIEW_LOW = ("s001-", "s014-", "s016-")


def drafted_for_review(folder: Path) -> Path:
    """`quiz draft` on the maritime article (16 draft items), with the `low-confidence` tag on
    s001, s014 and s016 only, at confidence 40, and every other item at 90. The review puts the
    low ones first: its tests are about reviewing, so the order they walk and the figures they
    show must not move each time the drafter's calibration does. Drafted by the rules alone (a
    rules file of one's own turns the second reading off) for the same reason: the answers and
    cues must not move each time the second reading is fitted again."""
    import re  # noqa: PLC0415 - only the review tests use it

    from quiz.cli import main  # noqa: PLC0415 - keeps importing helpers light
    folder.mkdir(parents=True, exist_ok=True)
    own_rules = folder.parent / "no-extra-rules.yaml"
    own_rules.write_text("{}\n", encoding="utf-8")
    assert main(["draft", str(REVIEW_ARTICLE), "--out", str(folder), "--rules",
                 str(own_rules)]) == 0
    pack = folder / "maritime-incident.yaml"
    text, current, out = pack.read_text(encoding="utf-8"), "", []
    for line in text.splitlines(keepends=True):
        if line.startswith("- id: "):
            current = line[len("- id: "):]
        if line.startswith("  tags: ["):
            low = current.startswith(REVIEW_LOW)
            tags = [("confidence-40" if low else "confidence-90") if t.startswith("confidence-")
                    else t for t in re.findall(r"[\w-]+", line[len("  tags:"):])
                    if t != "low-confidence"]
            if low:
                tags.append("low-confidence")
            line = f"  tags: [{', '.join(tags)}]\n"
        out.append(line)
    pack.write_text("".join(out), encoding="utf-8")
    return pack


def learner_env(data_dir: Path, cache_dir: Path, **extra: str) -> dict[str, str]:
    """A `quiz` subprocess environment: private folders, learner Ana, no colour preferences."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "QUIZ_LEARNER")}
    env.update(QUIZ_DATA_DIR=str(data_dir), QUIZ_CACHE_DIR=str(cache_dir),
               QUIZ_LEARNER="Ana", PYTHONIOENCODING="utf-8", **extra)
    return env


def screen_text(pilot: Pilot) -> str:
    """Everything on the terminal as plain text, as the reader sees it."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def press(pilot: Pilot, *keys: str) -> None:
    """Press the keys, then let the app handle them before the test looks."""
    await pilot.press(*keys)
    await pilot.pause()


def quiz(env: dict[str, str], *args: str, answers: str = "",
         timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `quiz ARGS` from the repository with `answers` piped to stdin."""
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args], input=answers, capture_output=True, text=True,
        encoding="utf-8", env=env, cwd=REPO, timeout=timeout,
    )


def read_terminal(controller: int, wait_seconds: float) -> bytes:
    """Everything written to a pseudo-terminal until it closes (or stays silent for
    `wait_seconds`, so a hung program fails its test instead of hanging it); closes `controller`."""
    output = b""
    while True:
        ready, _, _ = select.select([controller], [], [], wait_seconds)
        if not ready:
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    return output


def on_a_terminal(env: dict[str, str], *args: str, answers: str = "",
                  timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `quiz ARGS` with its input on a pseudo-terminal (`answers` typed into it) and its
    output captured: what plain mode asks only a person at a terminal, it asks here."""
    import pty

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "quiz", *args], stdin=terminal,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                   cwd=REPO)
        os.write(controller, answers.encode("utf-8") + b"\x04")  # then end of input (ctrl+d)
        out, err = process.communicate(timeout=timeout)
    finally:
        os.close(terminal)
        os.close(controller)
    return subprocess.CompletedProcess(process.args, process.returncode,
                                       out.decode("utf-8"), err.decode("utf-8"))

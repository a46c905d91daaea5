"""The README's screenshots: the app on the bundled pack, driven by key presses at 80x24 and
saved as SVG into docs/screenshots/.

Everything on them is fixed (an in-memory store with a set clock, the learner "Ana", UTC), so
running it again gives the same pictures unless the app or the pack changed:
    .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "screenshots"
SIZE = (80, 24)
LEARNER = "Ana"
START = dt.datetime(2024, 5, 6, 17, 30, tzinfo=dt.timezone.utc)


class SetClock:
    """The store's and study's clock: it only moves when told."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def record(store, pack, *, miss_every: int | None) -> None:
    """One practice session of the whole pack: every `miss_every`th item answered wrong."""
    from quiz.core.engine import QuizSession
    from quiz.storage.recording import scheduling_recorder

    session = QuizSession(pack)
    row = store.start_session(LEARNER, pack, [item.id for item in session.items],
                              mode="practice")
    recorder = scheduling_recorder(store, row.id)
    others = pack.category_ids
    for number, item in enumerate(session.items, start=1):
        choice = item.answer
        if miss_every and number % miss_every == 0:
            choice = next(c for c in others if c != item.answer and c not in item.also_accept)
        recorder.answered(item, session.answer(choice))
        session.advance()
    recorder.finished(session.summary())


async def shoot(app, name: str, keys: list[str]) -> Path:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        written = app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    return Path(written)


async def main() -> None:
    from quiz.content.pack_files import load_pack, resolve_pack
    from quiz.core.engine import Order, QuizOptions
    from quiz.storage.store import Store
    from quiz.ui.app import QuizApp

    OUT.mkdir(parents=True, exist_ok=True)
    pack_path = resolve_pack(None)
    pack = load_pack(pack_path)
    clock = SetClock(START)

    def app(store=None, **options) -> QuizApp:
        store = store or Store(":memory:", clock=clock)
        return QuizApp(pack_path, store=store, learner=LEARNER, now=clock,
                       clock=lambda: 0.0, **options)

    # Six items in a fixed shuffle: a fact, two allegations, a fact, two state-media claims.
    short = QuizOptions(order=Order.SHUFFLE, seed=3, count=6)
    written = [
        await shoot(app(), "quiz-question", ["s"]),
        await shoot(app(), "quiz-feedback", ["s", "2"]),
        # Right, right, state media for an allegation (accepted), right, a state-media claim
        # read as a fact (wrong), right.
        await shoot(app(options=short), "quiz-end",
                    ["s", "4", "enter", "2", "enter", "1", "enter", "4", "enter",
                     "4", "enter", "1", "enter"]),
    ]

    history = Store(":memory:", clock=clock)
    for days, miss_every in ((0, 2), (1, 3), (2, 5), (3, None)):
        clock.now = START + dt.timedelta(days=days)
        record(history, pack, miss_every=miss_every)
    written.append(await shoot(app(history), "history", ["h"]))

    study = Store(":memory:", clock=clock)
    clock.now = START
    record(study, pack, miss_every=3)
    clock.now = START + dt.timedelta(hours=2)  # the misses are due again, the rest are not
    written.append(await shoot(app(study, study=True), "study-home", []))

    written.append(await shoot_room(pack, clock))
    written.append(await shoot_review())

    for path in written:
        print(path.relative_to(HERE.parent))


async def shoot_room(pack, clock) -> Path:
    """Room mode at a projector-like size: a show of hands counted, then the reveal."""
    import random

    from quiz.core.workshop_records import Audience
    from quiz.storage.store import Store
    from quiz.ui.workshop.room_app import RoomApp
    from quiz.workshop.model import Workshop

    store = Store(":memory:", clock=clock)
    workshop = Workshop.create(store, pack, facilitator="Sam", audience=Audience.ROOM,
                               room_size=25, code_rng=random.Random(1))
    app = RoomApp(workshop, clock=lambda: 0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # 9 hands for state media, 2 for allegation, none for denial, 14 for fact.
        for key in ["s", "9", "enter", "2", "enter", "0", "enter", "1", "4", "enter", "r"]:
            await pilot.press(key)
        await pilot.pause()
        written = app.save_screenshot(filename="workshop-room.svg", path=str(OUT))
    return Path(written)


async def shoot_review() -> Path:
    """The review of a pack drafted from one of the evaluation articles, after a new answer."""
    import contextlib
    import io

    from quiz.cli import main as quiz_main
    from quiz.content.review.session import ReviewSession
    from quiz.ui.review.app import ReviewApp

    article = HERE.parent / "tests" / "data" / "eval" / "maritime-incident.txt"
    with tempfile.TemporaryDirectory() as folder:
        with contextlib.redirect_stdout(io.StringIO()):
            quiz_main(["draft", str(article), "--out", folder])
        app = ReviewApp(ReviewSession.open(Path(folder) / "maritime-incident.yaml"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in ["enter", "enter", "enter"]:
                await pilot.press(key)
            await pilot.pause()
            written = app.save_screenshot(filename="review.svg", path=str(OUT))
    return Path(written)


if __name__ == "__main__":
    # Dates on screen are local time; keep them (and everything else) the same on any machine.
    os.environ["TZ"] = "UTC"
    time.tzset()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["QUIZ_DATA_DIR"] = str(Path(scratch) / "data")
        os.environ["QUIZ_CACHE_DIR"] = str(Path(scratch) / "cache")
        asyncio.run(main())

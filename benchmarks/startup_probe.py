"""Child process for bench_startup.py: runs an app in a real terminal and records when it is ready.

`minimal`: one Static and four Buttons. `quiz`: the quiz app on the bundled pack, started as if
Enter were pressed the moment the home screen is ready; then keys typed by the parent into the
terminal are timed from the key event to the screen update that shows the verdict.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

RESULTS = os.environ["PROBE_RESULTS"]
KEY_ROUNDS = int(os.environ.get("PROBE_KEY_ROUNDS", "0"))


def report(**values: object) -> None:
    with open(RESULTS, "a", encoding="utf-8") as out:
        out.write(json.dumps(values) + "\n")


def run_minimal() -> None:
    from textual.app import App
    from textual.widgets import Button, Static

    class Minimal(App[None]):
        def compose(self):
            yield Static("hello")
            for label in ("one", "two", "three", "four"):
                yield Button(label)

        def on_ready(self) -> None:
            self.call_after_refresh(self.ready)

        def ready(self) -> None:
            report(event="first_screen", at=time.time())
            self.exit()

    Minimal().run()


def run_quiz() -> None:
    from textual import events

    import quiz.ui.app
    from quiz.ui.app import QuizApp

    class Probe(QuizApp):
        # CSS_PATH is relative to the defining module; keep the app's own stylesheet.
        CSS_PATH = str(Path(quiz.ui.app.__file__).with_name("quiz.tcss"))
        pressed_at: float | None = None
        latencies: list[float] = []
        question_seen = False

        def on_ready(self) -> None:
            self.call_after_refresh(self.home_ready)

        def home_ready(self) -> None:
            report(event="home", at=time.time())
            self.screen.action_start()

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            if renderable is None:
                return
            # The item screen asks (feedback None) and then shows the verdict in place: its
            # `feedback` is set only once every widget showing it has been updated.
            on_item = type(self.screen).__name__ == "ItemScreen"
            if not self.question_seen and on_item and self.screen.feedback is None:
                self.question_seen = True
                report(event="first_question", at=time.time())
                if not KEY_ROUNDS:
                    self.exit()
                else:
                    report(event="await_keys", at=time.time())
            if self.pressed_at is not None and on_item and self.screen.feedback is not None:
                self.latencies.append(time.monotonic() - self.pressed_at)
                self.pressed_at = None
                # The parent's one enter moves on, as after a right answer: a wrong answer's
                # feedback otherwise takes a first enter to show the rest (issue 16), and the
                # parent's next "1" would land on the feedback and never be timed.
                self.screen.read_all = True
                if len(self.latencies) >= KEY_ROUNDS:
                    report(event="latencies", values=self.latencies)
                    self.exit()

        async def on_event(self, event: events.Event) -> None:
            if isinstance(event, events.Key) and event.key in "1234" and self.pressed_at is None:
                self.pressed_at = event.time  # stamped when the driver parsed the key
            await super().on_event(event)

    Probe().run()


if __name__ == "__main__":
    {"minimal": run_minimal, "quiz": run_quiz}[sys.argv[1]]()

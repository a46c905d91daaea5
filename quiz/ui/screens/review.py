"""Reviewing answers after the quiz: the mistakes, or (after Check mode) every answer, one by one.

Left and right page through; escape goes back to the results.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from quiz.engine import Feedback, QuizSession
from quiz.ui.widgets.feedback_view import FeedbackView


class ReviewScreen(Screen):
    """Feedback for `answers` (a subset of the session's), one at a time."""

    BINDINGS = [
        Binding("left", "page(-1)", "Previous", key_display="←", priority=True),
        Binding("right", "page(1)", "Next", key_display="→", priority=True),
        Binding("enter", "page(1)", "Next", show=False),
        Binding("escape", "app.pop_screen", "Results"),
    ]

    index: reactive[int] = reactive(0, recompose=True)

    def __init__(self, session: QuizSession, answers: list[Feedback], *, what: str) -> None:
        super().__init__()
        self.session = session
        self.answers = answers
        self.what = what  # "Mistake" or "Answer", as in "Mistake 2 of 3"
        self.sub_title = "Review"

    def compose(self) -> ComposeResult:
        feedback = self.answers[self.index]
        by_id = {item.id: item for item in self.session.items}
        position = [f.item_id for f in self.session.answers].index(feedback.item_id) + 1
        yield Header()
        yield Static(Content(
            f"{self.what} {self.index + 1} of {len(self.answers)}  ·  "
            f"item {position} of {len(self.session.items)}"
        ), id="review-position")
        with VerticalScroll(id="review-body"):
            yield FeedbackView(self.session.pack, by_id[feedback.item_id], feedback)
        with Horizontal(id="review-actions"):
            yield Button(Content("← Previous"), id="previous", compact=True,
                         disabled=self.index == 0)
            yield Button(Content("Next →"), id="next", compact=True,
                         disabled=self.index == len(self.answers) - 1)
            yield Button(Content("Back to results"), id="back", compact=True)
        yield Footer()

    def watch_index(self) -> None:
        self.call_after_refresh(self.focus_body)

    def on_mount(self) -> None:
        self.focus_body()

    def focus_body(self) -> None:
        self.query_one("#review-body").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            target = self.index + int(parameters[0])  # type: ignore[call-overload]
            return True if 0 <= target < len(self.answers) else None
        return True

    def action_page(self, step: int) -> None:
        """The previous or next answer."""
        if 0 <= self.index + step < len(self.answers):
            self.index += step
            self.refresh_bindings()

    @on(Button.Pressed, "#previous")
    def previous_pressed(self) -> None:
        """The previous answer."""
        self.action_page(-1)

    @on(Button.Pressed, "#next")
    def next_pressed(self) -> None:
        """The next answer."""
        self.action_page(1)

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        """Back to the results."""
        self.app.pop_screen()

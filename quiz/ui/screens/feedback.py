"""Practice mode's feedback after each answer; enter or the right arrow moves on.

All the words come from the engine's Feedback and the pack; this screen only lays them out.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header

from quiz.engine import Feedback, QuizSession
from quiz.packs import Item
from quiz.ui import messages
from quiz.ui.screens.question import mode_title
from quiz.ui.widgets.feedback_view import FeedbackView
from quiz.ui.widgets.status import QuizStatus


class FeedbackScreen(Screen):
    """The verdict and explanation for the item just answered."""

    # Priority: the focused scroll area would otherwise take the right arrow for scrolling.
    BINDINGS = [
        Binding("right", "next", "Next", key_display="⏎/→", priority=True),
        Binding("enter", "next", "Next", show=False),
        Binding("escape", "leave", "Home"),
    ]
    AUTO_FOCUS = "#feedback-body"

    def __init__(self, session: QuizSession, item: Item, feedback: Feedback) -> None:
        super().__init__()
        self.session = session
        self.item = item
        self.feedback = feedback
        self.sub_title = mode_title(session.options.mode)

    def compose(self) -> ComposeResult:
        session = self.session
        number, total = session.progress
        last = number == total
        yield Header()
        yield QuizStatus(session.pack, number, total, done=len(session.answers))
        with VerticalScroll(id="feedback-body"):
            yield FeedbackView(session.pack, self.item, self.feedback)
        yield Button(Content("See your results →" if last else "Next item →"), id="next",
                     compact=True, variant="primary")
        yield Footer()

    @on(Button.Pressed, "#next")
    def action_next(self) -> None:
        """On to the next item (or the results after the last one)."""
        self.post_message(messages.NextItem(self.item.id))

    def action_leave(self) -> None:
        """Escape: back to the home screen (asks first, the quiz is in progress)."""
        self.app.action_leave_quiz()

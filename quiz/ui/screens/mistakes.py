"""Reviewing answers after the quiz: the mistakes, or (after Check mode) every answer, one by one.

Left and right page through (the feedback is updated in place); escape goes back to the results.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from quiz.core.engine import Feedback, QuizSession
from quiz.ui.widgets.bars import KeyBar, TitleBar
from quiz.ui.widgets.feedback_view import FeedbackView


class ReviewScreen(Screen):
    """Feedback for `answers` (a subset of the session's), one at a time."""

    DEFAULT_CSS = """
    ReviewScreen { align-horizontal: center; }
    ReviewScreen #review-position, ReviewScreen #review-body, ReviewScreen #review-actions {
        max-width: 110;
    }
    ReviewScreen #review-position { padding: 0 1; background: $boost; text-style: bold; }
    ReviewScreen #review-body { height: 1fr; padding: 0 1; }
    ReviewScreen #review-actions { height: auto; padding: 0 1 1 1; }
    ReviewScreen #review-actions Button { margin-right: 1; width: 1fr; }
    """

    BINDINGS = [
        Binding("left", "page(-1)", "Previous", key_display="←", priority=True),
        Binding("right", "page(1)", "Next", key_display="→", priority=True),
        Binding("enter", "page(1)", "Next", show=False),
        Binding("escape", "app.pop_screen", "Results"),
        Binding("c", "article", "Article"),
    ]
    AUTO_FOCUS = "#review-body"

    def __init__(self, session: QuizSession, answers: list[Feedback], *, what: str) -> None:
        super().__init__()
        self.session = session
        self.answers = answers
        self.what = what  # "Mistake" or "Answer", as in "Mistake 2 of 3"
        self.index = 0
        self.items = {item.id: item for item in session.items}
        self.sub_title = "Review"

    def compose(self) -> ComposeResult:
        feedback = self.answers[0]
        yield TitleBar()
        yield Static(self.position_text(), id="review-position")
        with VerticalScroll(id="review-body"):
            yield FeedbackView(self.session.pack, self.items[feedback.item_id], feedback)
        with Horizontal(id="review-actions"):
            yield Button(Content("← Previous"), id="previous", compact=True, disabled=True)
            yield Button(Content("Next →"), id="next", compact=True,
                         disabled=len(self.answers) == 1)
            yield Button(Content("Back to results"), id="back", compact=True)
        yield KeyBar()

    def position_text(self) -> Content:
        feedback = self.answers[self.index]
        position = [f.item_id for f in self.session.answers].index(feedback.item_id) + 1
        return Content(
            f"{self.what} {self.index + 1} of {len(self.answers)}  ·  "
            f"item {position} of {len(self.session.items)}"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            target = self.index + int(parameters[0])  # type: ignore[call-overload]
            return True if 0 <= target < len(self.answers) else None
        return True

    def action_article(self) -> None:
        """The whole article, this item's passage highlighted and in view."""
        from quiz.ui.screens.article import ArticleScreen  # only here: shown when asked for

        item = self.items[self.answers[self.index].item_id]
        self.app.push_screen(ArticleScreen(self.session.pack, item))

    def action_page(self, step: int) -> None:
        """The previous or next answer."""
        if not 0 <= self.index + step < len(self.answers):
            return
        self.index += step
        feedback = self.answers[self.index]
        self.query_one(FeedbackView).show(self.items[feedback.item_id], feedback)
        self.query_one("#review-position", Static).update(self.position_text())
        self.query_one("#previous", Button).disabled = self.index == 0
        self.query_one("#next", Button).disabled = self.index == len(self.answers) - 1
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)
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

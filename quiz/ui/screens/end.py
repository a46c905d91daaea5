"""The end of a quiz: the score, what was found of each kind, and the most common confusion.

Then the ways on: review the mistakes (after Check mode, every answer), retry the missed items.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Static

from quiz.engine import Mode, QuizSession, Summary
from quiz.plain import credit_text, visible
from quiz.scoring import Verdict
from quiz.ui import messages
from quiz.ui.screens.review import ReviewScreen
from quiz.ui.text import shown
from quiz.ui.widgets.status import article_context


def score_line(summary: Summary) -> str:
    score = f"Score: {credit_text(summary.score)} of {summary.answered} ({summary.percent}%)"
    if summary.answered < summary.total:
        return f"{score}, {summary.answered} of {summary.total} items answered"
    return score


def key_label(key: str, label: str) -> Content:
    return Content.assemble((key, "bold"), " ", label)


class EndScreen(Screen):
    """The results of a finished session."""

    BINDINGS = [
        Binding("a", "review_all", "All"),
        Binding("m", "review_missed", "Mistakes"),
        Binding("r", "retry", "Retry"),
        Binding("n", "new_quiz", "New"),
    ]

    def __init__(self, session: QuizSession, summary: Summary) -> None:
        super().__init__()
        self.session = session
        self.summary = summary
        self.sub_title = "Results"

    @property
    def missed(self) -> bool:
        return bool(self.summary.missed)

    def compose(self) -> ComposeResult:
        session, summary = self.session, self.summary
        check_mode = session.options.mode is Mode.CHECK
        yield Header()
        with VerticalScroll(id="end-body"):
            yield Static(article_context(session.pack), id="end-context")
            yield Static(Content(score_line(summary)), id="score")
            yield DataTable(id="tally", cursor_type="none", zebra_stripes=True,
                            show_cursor=False)
            sentence = session.confusion_sentence(summary)
            if sentence:
                yield Static(Content.assemble(
                    Content("Most common confusion: ").stylize("bold"), shown(sentence),
                ), id="confusion")
            count = len(summary.missed)
            if count:
                yield Static(Content(
                    f"{count} item{'s' if count != 1 else ''} to look at again: "
                    "m shows the feedback, r asks only those items again."
                ), id="missed-note")
            elif summary.answered:
                yield Static(Content("No mistakes: every claim read as its best answer."),
                             id="missed-note")
            if check_mode:
                yield Static(Content(
                    "Check mode: press a (or enter) to see the feedback for every answer."
                ), id="check-note")
        with Grid(id="end-actions"):
            yield Button(key_label("a", "All answers"), id="review-all", compact=True,
                         variant="primary" if check_mode else "default")
            yield Button(key_label("m", "Mistakes"), id="review-missed", compact=True,
                         disabled=not self.missed)
            yield Button(key_label("r", "Retry missed"), id="retry", compact=True,
                         disabled=not self.missed)
            yield Button(key_label("n", "New quiz"), id="new-quiz", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#tally", DataTable)
        table.add_columns("Kind", "Found", "Accepted", "Of")
        for tally in self.summary.tallies:
            if tally.total:
                table.add_row(
                    Text(visible(self.session.pack.category(tally.category).label)),
                    Text(str(tally.found), justify="right"),
                    Text(str(tally.accepted), justify="right"),
                    Text(str(tally.total), justify="right"),
                )
        # Check mode leads into the review of every answer; Practice to the mistakes.
        if self.session.options.mode is Mode.CHECK and self.session.answers:
            self.query_one("#review-all").focus()
        elif self.missed:
            self.query_one("#review-missed").focus()
        else:
            self.query_one("#new-quiz").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review_missed", "retry"):
            return True if self.missed else None
        if action == "review_all":
            return True if self.session.answers else None
        return True

    @on(Button.Pressed, "#review-all")
    def action_review_all(self) -> None:
        """Page through the feedback for every answer."""
        if self.session.answers:
            self.app.push_screen(ReviewScreen(self.session, list(self.session.answers),
                                              what="Answer"))

    @on(Button.Pressed, "#review-missed")
    def action_review_missed(self) -> None:
        """Page through the feedback for the items not answered with their best answer."""
        missed = [f for f in self.session.answers if f.verdict is not Verdict.CORRECT]
        if missed:
            self.app.push_screen(ReviewScreen(self.session, missed, what="Mistake"))

    @on(Button.Pressed, "#retry")
    def action_retry(self) -> None:
        """A new quiz with only the missed items."""
        if self.missed:
            self.post_message(messages.RetryMissed())

    @on(Button.Pressed, "#new-quiz")
    def action_new_quiz(self) -> None:
        """Back to the home screen to start another quiz."""
        self.post_message(messages.GoHome())

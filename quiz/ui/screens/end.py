"""The end of a quiz: the score, the most common confusion, and the score report's figures (found,
right and d′ per kind, the confusion matrix, the reader's lean, what to practise next).

Then the ways on: review the mistakes (after Check mode, every answer), retry the missed items,
save the report as an HTML file (s), or a new quiz.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from quiz.core.engine import Mode, QuizSession, Summary
from quiz.core.scoring import Verdict
from quiz.ui import messages
from quiz.ui.text import shown
from quiz.ui.widgets.bars import KeyBar, TitleBar
from quiz.ui.widgets.status import article_context

if TYPE_CHECKING:
    from quiz.reports import Report


def key_label(key: str, label: str) -> Content:
    return Content.assemble((key, "bold"), " ", label)


class EndScreen(Screen):
    """The results of a finished session, with its score report."""

    DEFAULT_CSS = """
    EndScreen { align-horizontal: center; }
    EndScreen #end-body, EndScreen #end-actions { max-width: 110; }
    EndScreen #end-body { height: 1fr; padding: 0 2; }
    EndScreen #end-context { margin: 1 0 0 0; color: $text-muted; }
    EndScreen #score {
        margin: 1 0 0 0; padding: 0 1; text-style: bold;
        background: $primary-muted; color: $text-primary;
    }
    EndScreen #confusion, EndScreen #missed-note, EndScreen #hints-note, EndScreen #check-note,
    EndScreen #figures { margin: 1 0 0 0; }
    EndScreen #check-note { color: $text-accent; }
    EndScreen #end-actions { height: auto; grid-size: 3; grid-gutter: 0 1; padding: 0 1 1 1; }
    EndScreen #end-actions Button { width: 100%; }
    """

    BINDINGS = [
        Binding("a", "review_all", "All"),
        Binding("m", "review_missed", "Mistakes"),
        Binding("r", "retry", "Retry"),
        Binding("s", "save_report", "Save report"),
        Binding("n", "new_quiz", "New"),
        # The focus rests on a button (enter takes its action); the keys still scroll the page.
        Binding("up", "scroll_body('up')", "Scroll up", show=False),
        Binding("down", "scroll_body('down')", "Scroll down", show=False),
        Binding("pageup", "scroll_body('page_up')", "Page up", show=False),
        Binding("pagedown", "scroll_body('page_down')", "Page down", show=False),
        Binding("home", "scroll_body('home')", "Top", show=False),
        Binding("end", "scroll_body('end')", "Bottom", show=False),
    ]

    def __init__(
        self, session: QuizSession, summary: Summary, report: Report | None = None, *,
        mode: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        self.summary = summary
        self.report = report
        self.mode = mode or str(session.options.mode)
        self.sub_title = "Results"

    @property
    def missed(self) -> bool:
        return bool(self.summary.missed)

    def compose(self) -> ComposeResult:
        # only here: after the first paint of the results
        from quiz.ui.widgets.report_figures import ReportFigures

        session, summary = self.session, self.summary
        check_mode = session.options.mode is Mode.CHECK
        yield TitleBar()
        with VerticalScroll(id="end-body"):
            yield Static(article_context(session.pack), id="end-context")
            yield Static(Content(summary.score_words), id="score")
            # The headline, the matrix and the count below share quiz.core.scoring's definition.
            sentence = session.confusion_sentence(summary)
            if sentence:
                tied = len(summary.leading_confusions) > 1
                yield Static(Content.assemble(
                    Content("Most common confusions: " if tied else "Most common confusion: ")
                    .stylize("bold"), shown(sentence),
                ), id="confusion")
            if summary.look_again:
                yield Static(Content(
                    f"{summary.look_again}. m shows the feedback, r asks only those items again."
                ), id="missed-note")
            elif summary.answered:
                yield Static(Content("No mistakes: every claim read as its best answer."),
                             id="missed-note")
            hints = summary.hints_note(study=self.mode == Mode.STUDY)
            if hints:
                yield Static(Content(hints), id="hints-note")
            if check_mode:
                yield Static(Content(
                    "Check mode: press a (or enter) to see the feedback for every answer."
                ), id="check-note")
            if self.report is not None:
                yield ReportFigures(self.report, id="figures")
        with Grid(id="end-actions"):
            yield Button(key_label("a", "All answers"), id="review-all", compact=True,
                         variant="primary" if check_mode else "default")
            yield Button(key_label("m", "Mistakes"), id="review-missed", compact=True,
                         disabled=not self.missed)
            yield Button(key_label("r", "Retry missed"), id="retry", compact=True,
                         disabled=not self.missed)
            yield Button(key_label("s", "Save report"), id="save-report", compact=True,
                         disabled=self.report is None)
            yield Button(key_label("n", "New quiz"), id="new-quiz", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
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
        if action == "save_report":
            return True if self.report is not None else None
        return True

    def action_scroll_body(self, where: str) -> None:
        """Scroll the results with the arrow, page, home and end keys."""
        body = self.query_one("#end-body", VerticalScroll)
        getattr(body, f"scroll_{where}")(animate=False)

    @on(Button.Pressed, "#review-all")
    def action_review_all(self) -> None:
        """Page through the feedback for every answer."""
        # only here: a screen loads when first shown
        from quiz.ui.screens.mistakes import ReviewScreen

        if self.session.answers:
            self.app.push_screen(ReviewScreen(self.session, list(self.session.answers),
                                              what="Answer"))

    @on(Button.Pressed, "#review-missed")
    def action_review_missed(self) -> None:
        """Page through the feedback for the items not answered with their best answer."""
        # only here: a screen loads when first shown
        from quiz.ui.screens.mistakes import ReviewScreen

        missed = [f for f in self.session.answers if f.verdict is not Verdict.CORRECT]
        if missed:
            self.app.push_screen(ReviewScreen(self.session, missed, what="Mistake"))

    @on(Button.Pressed, "#retry")
    def action_retry(self) -> None:
        """A new quiz with only the missed items."""
        if self.missed:
            self.post_message(messages.RetryMissed())

    @on(Button.Pressed, "#save-report")
    def action_save_report(self) -> None:
        """Save the score report as an HTML file in the data folder; the path is shown."""
        if self.report is not None:
            self.post_message(messages.SaveReport(self.report))

    @on(Button.Pressed, "#new-quiz")
    def action_new_quiz(self) -> None:
        """Back to the home screen to start another quiz."""
        self.post_message(messages.GoHome())

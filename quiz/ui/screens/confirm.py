"""A small modal question (quit? leave this quiz?) answered with y / n or the mouse.

Dismisses with True for yes; escape and "n" mean no, so a stray key never loses a quiz.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask `question`; `detail` says what will be lost."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]
    AUTO_FOCUS = "#no"

    def __init__(self, question: str, detail: str, *, yes: str, no: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.question), id="question")
            yield Static(Content(self.detail), id="detail")
            with Horizontal(id="dialog-buttons"):
                yield Button(Content.assemble(("n", "bold"), " ", self.no_label), id="no",
                             variant="primary")
                yield Button(Content.assemble(("y", "bold"), " ", self.yes_label), id="yes",
                             variant="error")

    def action_answer(self, yes: bool) -> None:
        """Close the dialog with the answer."""
        self.dismiss(yes)

    @on(Button.Pressed, "#yes")
    def yes_pressed(self) -> None:
        """The yes button: do it."""
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def no_pressed(self) -> None:
        """The no button: back to where the reader was."""
        self.dismiss(False)

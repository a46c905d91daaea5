"""A small modal question (quit? leave this quiz? continue where you left off?) answered with
y / n or the mouse.

Dismisses with True for yes; "n" means no, and so does escape unless the caller gives escape
another meaning (None: decide later), so a stray key never loses a quiz.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quiz.ui.text import shown


class ConfirmScreen(ModalScreen[bool | None]):
    """Ask `question`; `detail` says what will be lost (both shown as text, never markup)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; background: $background 60%; }
    ConfirmScreen #dialog {
        width: 56; max-width: 100%; height: auto; padding: 1 2;
        background: $panel; border: thick $error;
    }
    ConfirmScreen.-inviting #dialog { border: thick $primary; }
    ConfirmScreen #question { text-style: bold; }
    ConfirmScreen #detail { margin: 1 0; }
    ConfirmScreen #dialog-buttons { height: auto; }
    ConfirmScreen #dialog-buttons Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "escape", "Back", show=False),
    ]

    def __init__(
        self,
        question: str,
        detail: str,
        *,
        yes: str,
        no: str,
        escape_answer: bool | None = False,
        default_yes: bool = False,
    ) -> None:
        # A question whose yes is the likely answer (continue where you left off?) is not a
        # warning: it is drawn in the accent colour rather than the error colour.
        super().__init__(classes="-inviting" if default_yes else None)
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no
        self.escape_answer = escape_answer
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(shown(self.question), id="question")
            yield Static(shown(self.detail), id="detail")
            with Horizontal(id="dialog-buttons"):
                yield Button(Content.assemble(("n", "bold"), " ", self.no_label), id="no",
                             variant="default" if self.default_yes else "primary")
                yield Button(Content.assemble(("y", "bold"), " ", self.yes_label), id="yes",
                             variant="primary" if self.default_yes else "error")

    def on_mount(self) -> None:
        # Enter answers with the button in focus: the safe one, unless the caller says yes is.
        self.query_one("#yes" if self.default_yes else "#no").focus()

    def action_answer(self, yes: bool) -> None:
        """Close the dialog with the answer."""
        self.dismiss(yes)

    def action_escape(self) -> None:
        """Escape: no, or "not now" where the caller allows that."""
        self.dismiss(self.escape_answer)

    @on(Button.Pressed, "#yes")
    def yes_pressed(self) -> None:
        """The yes button: do it."""
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def no_pressed(self) -> None:
        """The no button: back to where the reader was."""
        self.dismiss(False)

"""The dashboard's two questions beyond yes/no: stopping (end the workshop, or pause it to
continue later with the same code) and which participant to remove.

Names are shown as text (Content), never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from quiz.core.workshop_records import Participant
from quiz.ui.text import shown

END, PAUSE = "end", "pause"


class LeaveScreen(ModalScreen[str | None]):
    """Stop serving: y ends the workshop (participants then see their report), p pauses it
    (`quiz workshop host` offers to continue it, same code and item), n or escape stays."""

    BINDINGS = [
        Binding("y,e", "answer('end')", "End it"),
        Binding("p", "answer('pause')", "Pause"),
        Binding("n,escape", "answer(None)", "Stay"),
    ]

    def __init__(self, *, running: bool) -> None:
        super().__init__()
        self.running = running

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            if self.running:
                yield Static("End the workshop and stop serving it?", id="question")
                yield Static("Answers so far are kept. End it, and participants see their own "
                             "report; pause it, and 'quiz workshop host' offers to continue it "
                             "later with the same code, on the same item.", id="detail")
            else:
                yield Static("Stop serving the workshop?", id="question")
                yield Static("Participants' pages then say the host has stopped, so let them "
                             "download their reports first.", id="detail")
            with Horizontal(id="dialog-buttons"):
                yield Button(Content.assemble(("n", "bold"), " Stay"), id="stay",
                             variant="primary")
                if self.running:
                    yield Button(Content.assemble(("p", "bold"), " Pause"), id="pause")
                yield Button(Content.assemble(("y", "bold"), " End it" if self.running
                                              else " Stop"), id="end", variant="error")

    def on_mount(self) -> None:
        self.query_one("#stay").focus()

    def action_answer(self, choice: str | None) -> None:
        if choice == PAUSE and not self.running:
            return
        self.dismiss(choice)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"end": END, "pause": PAUSE}.get(event.button.id or ""))


class RemoveScreen(ModalScreen[int | None]):
    """Pick the participant to remove (enter), or escape."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, people: Sequence[Participant]) -> None:
        super().__init__()
        self.people = list(people)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Remove whom?", id="question")
            yield Static("They leave the lists, the counts and the report, their page says "
                         "so, and their name is free for someone else.", id="detail")
            yield OptionList(*[Option(shown(p.name), id=str(p.id)) for p in self.people],
                             id="remove-list")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0) or None)

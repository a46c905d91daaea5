"""The first screen a participant's browser shows: their display name and the join code.

The code is checked on the host by Workshop.join, which also cleans the name (it is data, shown
as text everywhere) and refuses newcomers past the limit; its message is shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from quiz.core.names import MAX_DISPLAY_NAME
from quiz.core.workshop_records import Participant
from quiz.storage.database import StoreError
from quiz.ui.text import shown
from quiz.workshop.model import Workshop
from quiz.workshop.plan import WorkshopError, WrongCode

# A typed code may carry spaces or a dash ("K7P 4QX", "k7p-4qx").
CODE_FIELD_LENGTH = 12


class JoinScreen(Screen):
    """Name, code, Join. Enter in the name goes on to the code; enter in the code joins."""

    @dataclass
    class Joined(Message):
        """The host let this participant in (new, or back with the same name)."""

        participant: Participant

    def __init__(self, workshop: Workshop) -> None:
        super().__init__()
        self.workshop = workshop

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="join-scroll"):
            with Vertical(id="join-box"):
                yield Static("Who says so? Workshop", id="join-title")
                yield Static(shown(self.workshop.info().title), id="join-subtitle")
                yield Static("Your name, as the others will see it", classes="join-label")
                yield Input(id="name", max_length=MAX_DISPLAY_NAME,
                            placeholder="e.g. Ana, or a nickname")
                yield Static("Join code, from the facilitator's screen", classes="join-label")
                yield Input(id="code", max_length=CODE_FIELD_LENGTH, placeholder="e.g. K7P 4QX")
                yield Button("Join", id="join", variant="primary")
                yield Static(id="join-error")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def name_entered(self) -> None:
        self.query_one("#code", Input).focus()

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#join")
    def join(self) -> None:
        """Ask the host to let us in; say why not in one line otherwise."""
        name = self.query_one("#name", Input).value
        code = self.query_one("#code", Input).value
        error = self.query_one("#join-error", Static)
        try:
            participant = self.workshop.join(name, code)
        except (WorkshopError, StoreError) as problem:
            # WorkshopFull says "this workshop is full: all N places are taken".
            error.update(shown(_sentence(str(problem))))
            self.query_one("#code" if isinstance(problem, WrongCode) else "#name", Input).focus()
            return
        error.update("")
        self.post_message(self.Joined(participant))


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")

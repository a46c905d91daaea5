"""Who is learning: pick a name from the learners on this computer, or type a new one.

A name is any text of 1 to 60 characters (quiz.core.names.clean_learner_name decides); names are shown
as text, never markup. Dismisses with the name, or None when the reader changes their mind.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from quiz.core.names import MAX_NAME_LENGTH, clean_learner_name
from quiz.ui.text import shown


class LearnerScreen(ModalScreen[str | None]):
    """Choose the learner by name (several learners can share one computer)."""

    DEFAULT_CSS = """
    LearnerScreen { align: center middle; background: $background 60%; }
    LearnerScreen #learner-dialog {
        width: 60; max-width: 100%; height: auto; max-height: 100%;
        padding: 1 2; background: $panel; border: thick $primary;
    }
    LearnerScreen #learner-title { text-style: bold; }
    LearnerScreen #learners { height: auto; max-height: 8; margin: 1 0 0 0; }
    LearnerScreen #new-name { margin: 1 0 0 0; }
    LearnerScreen #name-problem { color: $text-error; display: none; }
    LearnerScreen #learner-help { color: $text-muted; margin: 1 0 0 0; }
    """

    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, current: str, known: list[str]) -> None:
        super().__init__()
        self.current = current
        self.known = list(dict.fromkeys([*known, current]))

    def compose(self) -> ComposeResult:
        with Vertical(id="learner-dialog"):
            yield Static(Content("Who is learning?"), id="learner-title")
            yield OptionList(*[Option(shown(name), id=f"learner-{index}")
                               for index, name in enumerate(self.known)],
                             id="learners", compact=True)
            yield Input(placeholder=f"Or type a new name (up to {MAX_NAME_LENGTH} characters)",
                        max_length=MAX_NAME_LENGTH, id="new-name", compact=True)
            yield Static(id="name-problem")
            yield Static(Content("Enter chooses; escape goes back. Each learner's progress is "
                                 "kept apart."), id="learner-help")

    def on_mount(self) -> None:
        learners = self.query_one("#learners", OptionList)
        learners.highlighted = self.known.index(self.current)
        learners.focus()

    @on(OptionList.OptionSelected, "#learners")
    def learner_picked(self, event: OptionList.OptionSelected) -> None:
        """A name from the list."""
        self.dismiss(self.known[event.option_index])

    @on(Input.Submitted, "#new-name")
    def name_typed(self, event: Input.Submitted) -> None:
        """A new (or existing) name typed in: checked before it is used."""
        problem = self.query_one("#name-problem", Static)
        try:
            name = clean_learner_name(event.value)
        except ValueError as error:
            problem.update(shown(f"That name cannot be used: {error}."))
            problem.display = True
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        """Escape: keep the current learner."""
        self.dismiss(None)

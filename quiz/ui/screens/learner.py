"""Who is learning: pick a name from the learners on this computer, type a new one, or rename or
remove one (their history with them, after a confirmation naming how many sessions go).

A name is any text of 1 to 60 characters (quiz.core.names.clean_learner_name decides); names are
shown as text, never markup. Dismisses with the learner to use: the one picked or typed, the
current one (renamed if it was) on escape.
"""

from __future__ import annotations

from typing import Protocol

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from quiz.core.names import MAX_NAME_LENGTH, clean_learner_name
from quiz.core.text import visible
from quiz.core.wording import counted
from quiz.ui.text import shown

HELP = ("Enter chooses; type to add a name; ctrl+r renames, delete removes; escape goes back. "
        "Each learner's progress is kept apart.")
RENAME_HELP = "Enter saves the new name; escape keeps the old one."


class Learners(Protocol):
    """The learners on this computer (quiz.ui.progress.Progress); rename and remove raise
    ValueError with a reason to show."""

    def learner_counts(self) -> dict[str, int]: ...

    def rename_learner(self, old: str, new: str) -> str: ...

    def remove_learner(self, name: str) -> int: ...


class LearnerScreen(ModalScreen[str | None]):
    """Choose the learner by name (several learners can share one computer)."""

    DEFAULT_CSS = """
    LearnerScreen { align: center middle; background: $background 60%; }
    LearnerScreen #learner-dialog {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        padding: 1 2; background: $panel; border: thick $primary;
    }
    LearnerScreen #learner-title { text-style: bold; }
    LearnerScreen #learners { height: auto; max-height: 8; margin: 1 0 0 0; }
    LearnerScreen #new-name { margin: 1 0 0 0; }
    LearnerScreen #name-problem { color: $text-error; display: none; }
    LearnerScreen #learner-help { color: $text-muted; margin: 1 0 0 0; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Back"),
        Binding("ctrl+r", "rename", "Rename"),
        Binding("delete", "remove", "Remove"),
    ]

    def __init__(self, current: str, learners: Learners) -> None:
        super().__init__()
        self.current = current
        self.learners = learners
        self.known: list[str] = []
        self.renaming: str | None = None  # the name being renamed, while the input holds it

    def compose(self) -> ComposeResult:
        with Vertical(id="learner-dialog"):
            yield Static(Content("Who is learning?"), id="learner-title")
            yield OptionList(id="learners", compact=True)
            yield Input(placeholder=f"Or type a new name (up to {MAX_NAME_LENGTH} characters)",
                        max_length=MAX_NAME_LENGTH, id="new-name", compact=True,
                        select_on_focus=False)
            yield Static(id="name-problem")
            yield Static(Content(HELP), id="learner-help")

    def on_mount(self) -> None:
        self.show_learners(self.current)
        self.query_one("#learners", OptionList).focus()

    def show_learners(self, highlight: str | None = None) -> None:
        """The list, each name with its number of sessions (the current learner always in it)."""
        counts = self.learners.learner_counts()
        self.known = sorted({*counts, self.current}, key=lambda name: (name.casefold(), name))
        learners = self.query_one("#learners", OptionList)
        learners.clear_options()
        learners.add_options([
            Option(shown(name).append(Content.styled(
                f"  {counted(counts.get(name, 0), 'session')}"
                + ("  (now)" if name == self.current else ""), "dim")))
            for name in self.known])
        if highlight in self.known:
            learners.highlighted = self.known.index(highlight)

    def highlighted_name(self) -> str | None:
        index = self.query_one("#learners", OptionList).highlighted
        return self.known[index] if index is not None and index < len(self.known) else None

    def say(self, problem: str | None) -> None:
        shown_problem = self.query_one("#name-problem", Static)
        shown_problem.update(shown(problem or ""))
        shown_problem.display = problem is not None

    # -- choosing --------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#learners")
    def learner_picked(self, event: OptionList.OptionSelected) -> None:
        """A name from the list."""
        self.dismiss(self.known[event.option_index])

    def on_key(self, event: events.Key) -> None:
        """A letter typed on the list starts a new name (enter then uses it)."""
        learners = self.query_one("#learners", OptionList)
        if self.focused is learners and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            name_input = self.query_one("#new-name", Input)
            name_input.focus()
            name_input.insert_text_at_cursor(event.character)

    @on(Input.Submitted, "#new-name")
    def name_typed(self, event: Input.Submitted) -> None:
        """A new (or existing) name typed in, or a learner's new name: checked before use."""
        if self.renaming is not None:
            self.rename_learner(self.renaming, event.value)
            return
        try:
            name = clean_learner_name(event.value)
        except ValueError as error:
            self.say(f"That name cannot be used: {error}.")
            return
        self.dismiss(name)

    # -- renaming and removing --------------------------------------------------------------------

    def action_rename(self) -> None:
        """ctrl+r: the highlighted learner's name goes into the input to be edited."""
        name = self.highlighted_name()
        if name is None:
            return
        self.renaming = name
        name_input = self.query_one("#new-name", Input)
        name_input.value = name
        name_input.focus()
        self.query_one("#learner-help", Static).update(
            shown(f"New name for {name}. ").append(RENAME_HELP))
        self.say(None)

    def rename_learner(self, old: str, new: str) -> None:
        try:
            counts = self.learners.learner_counts()
            if old in counts:
                renamed = self.learners.rename_learner(old, new)
            else:  # the current learner, not in the store before their first answer
                renamed = clean_learner_name(new)
                if renamed in counts:
                    raise ValueError(f"{renamed!r} is already a learner here; pick another name")
        except ValueError as error:
            self.say(f"Not renamed: {error}.")
            return
        if old == self.current:
            self.current = renamed
        self.end_renaming()
        self.show_learners(renamed)
        self.notify(visible(f"{old} is now {renamed}."), markup=False)

    def end_renaming(self) -> None:
        self.renaming = None
        self.query_one("#new-name", Input).value = ""
        self.query_one("#learner-help", Static).update(Content(HELP))
        self.query_one("#learners", OptionList).focus()
        self.say(None)

    def action_remove(self) -> None:
        """delete: remove the highlighted learner and their history, once confirmed."""
        from quiz.ui.screens.confirm import ConfirmScreen  # only here: shown on demand

        name = self.highlighted_name()
        if name is None or self.focused is self.query_one("#new-name", Input):
            return
        sessions = self.learners.learner_counts().get(name, 0)
        if sessions == 0 and name == self.current:
            self.say("Nothing to remove: this learner has no sessions yet.")
            return
        detail = (f"Their {counted(sessions, 'session')} and study schedule are removed from "
                  "this computer for good; this cannot be undone." if sessions
                  else "They have no sessions yet.")
        self.app.push_screen(
            ConfirmScreen(f"Remove {name} and {counted(sessions, 'session')}?", detail,
                          yes="Remove", no="Keep"),
            callback=lambda remove: self.remove_learner(name) if remove else None)

    def remove_learner(self, name: str) -> None:
        try:
            sessions = self.learners.remove_learner(name)
        except ValueError as error:
            self.say(f"Not removed: {error}.")
            return
        self.show_learners(self.current)
        self.notify(visible(f"Removed {name} and {counted(sessions, 'session')}."), markup=False)

    def action_cancel(self) -> None:
        """Escape: stop renaming, or keep the current learner (as renamed, if it was)."""
        if self.renaming is not None:
            self.end_renaming()
            return
        self.dismiss(self.current)

"""The review's dialogs: editing an item's texts in a TextArea (explanation, source, discussion,
each why_not line), and the reason an item is dropped.

Both give back plain text; the review session cleans and checks it (quiz.content.review.session).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from quiz.ui.text import shown


class EditScreen(ModalScreen[dict[str, str] | None]):
    """Edit the texts of one item; ctrl+s keeps every field changed here, escape none.

    `fields` is (name, label, text) in the order offered; the first is open to begin with.
    """

    DEFAULT_CSS = """
    EditScreen { align: center middle; background: $background 60%; }
    EditScreen #editor {
        width: 100; max-width: 100%; height: 20; max-height: 100%;
        background: $panel; border: thick $primary; padding: 0 1;
    }
    EditScreen #editor-title { text-style: bold; }
    EditScreen #fields { width: 26; height: 1fr; }
    EditScreen TextArea { width: 1fr; height: 1fr; }
    EditScreen #editor-help { color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "keep", "Keep", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, fields: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.texts = {name: text for name, _, text in fields}
        self.open_field = fields[0][0]

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            yield Static(shown(self.title_text), id="editor-title")
            with Horizontal():
                yield OptionList(*[Option(shown(label), id=name) for name, label, _ in
                                   self.fields], id="fields", compact=True)
                yield TextArea(self.texts[self.open_field], id="text", soft_wrap=True,
                               show_line_numbers=False, tab_behavior="focus")
            yield Static(Content("typing replaces the text, an arrow key edits it · ctrl+s keep · "
                                 "escape cancel · tab: the fields (↑↓)"), id="editor-help")

    def on_mount(self) -> None:
        self.query_one("#fields", OptionList).highlighted = 0
        area = self.query_one(TextArea)
        area.focus()
        area.select_all()  # typing replaces the text; an arrow key keeps it to edit

    @on(OptionList.OptionHighlighted, "#fields")
    def field_chosen(self, event: OptionList.OptionHighlighted) -> None:
        """Another field: keep what was typed in this one, show that one."""
        name = event.option.id
        if name is None or name == self.open_field:
            return
        area = self.query_one(TextArea)
        self.texts[self.open_field] = area.text
        self.open_field = name
        area.load_text(self.texts[name])
        area.select_all()

    @on(OptionList.OptionSelected, "#fields")
    def field_selected(self) -> None:
        self.query_one(TextArea).focus()

    def action_keep(self) -> None:
        """Give back the fields whose text changed."""
        self.texts[self.open_field] = self.query_one(TextArea).text
        original = {name: text for name, _, text in self.fields}
        self.dismiss({n: t for n, t in self.texts.items() if t != original[n]})

    def action_cancel(self) -> None:
        self.dismiss(None)


class DropScreen(ModalScreen[str | None]):
    """Why the item is dropped (it goes to the pack's skipped list with this reason)."""

    DEFAULT_CSS = """
    DropScreen { align: center middle; background: $background 60%; }
    DropScreen #drop {
        width: 70; max-width: 100%; height: auto; background: $panel;
        border: thick $error; padding: 1 2;
    }
    DropScreen #drop-question { text-style: bold; }
    DropScreen #drop-help { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, item_id: str, reason: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="drop"):
            yield Static(shown(f"Drop {self.item_id}? Its sentence goes to the pack's skipped "
                               "list with this reason:"), id="drop-question")
            yield Input(self.reason, id="reason", select_on_focus=True)
            yield Static(Content("enter drops · escape keeps the item"), id="drop-help")

    @on(Input.Submitted, "#reason")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

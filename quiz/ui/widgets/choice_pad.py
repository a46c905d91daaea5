"""A grid of numbered buttons (the answers, or "how sure?"): click one or press its number.

Labels are Content, so a category named with brackets shows its brackets.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content

from quiz.ui.messages import Choice
from quiz.ui.text import shown
from quiz.ui.widgets.key_button import KeyButton


def numbered(number: int, label: str) -> Content:
    """'1 State-media claim' with the key in bold: the number is what to press."""
    return Content.assemble((f"{number}", "bold"), " ", shown(label))


class ChoicePad(Grid):
    """Buttons for `choices` (value, label), numbered from 1; posts Choice(value) on a choice.

    With `columns`, that many buttons to a row, `narrow_columns` when the pad is narrower than
    NARROW cells (set on resize rather than by a breakpoint class on the screen, which would
    restyle every widget on it); without, the stylesheet decides.
    """

    NARROW = 72

    def __init__(
        self, choices: Sequence[tuple[str, str]], *, columns: int | None = None,
        narrow_columns: int = 1, id: str | None = None, classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.choices = list(choices)
        self.columns = columns
        self.narrow_columns = narrow_columns
        if columns is not None:
            self.styles.grid_size_columns = columns

    def on_resize(self, event: events.Resize) -> None:
        if self.columns is None:
            return
        wanted = self.narrow_columns if event.size.width < self.NARROW else self.columns
        if self.styles.grid_size_columns != wanted:
            self.styles.grid_size_columns = wanted

    def compose(self) -> ComposeResult:
        for number, (value, label) in enumerate(self.choices, start=1):
            yield KeyButton(numbered(number, label), id=f"choice-{number}", name=value)

    def choose_number(self, number: int) -> bool:
        """Choose the `number`th button (1-based) as if pressed; False when there is none."""
        if not 1 <= number <= len(self.choices):
            return False
        self.post_message(Choice(self, self.choices[number - 1][0]))
        return True

    @on(KeyButton.Pressed)
    def button_chosen(self, event: KeyButton.Pressed) -> None:
        """A click (or enter on a focused button) chooses that button's value."""
        event.stop()
        if event.button.name is not None:
            self.post_message(Choice(self, event.button.name))

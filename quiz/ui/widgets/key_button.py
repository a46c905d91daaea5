"""A one-line button for the screens on the start-up path (home, item): click it, or focus it and
press enter or space; it posts KeyButton.Pressed, which @on(KeyButton.Pressed, "#id") selects.

Why not textual.widgets.Button: measured on the start-up path (benchmarks/bench_startup.py),
each Button restyles itself several times while it is built (its `flat`, `compact` and
`variant` watchers each set a class) and brings 57 style rules that every other widget is then
matched against. The answer pads and the home screen's actions need none of its variants, so
this draws a label on one line and takes the look of Textual's compact buttons.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget


class KeyButton(Widget, can_focus=True):
    """`label` on one line; `primary` gives it the accent colour."""

    DEFAULT_CSS = """
    KeyButton {
        width: auto;
        min-width: 12;
        height: 1;
        padding: 0 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        content-align: center middle;
        color: $button-foreground;
        background: $surface;
        &:hover { background: $surface-darken-1; }
        &:focus { text-style: $button-focus-text-style; background-tint: $foreground 5%; }
        &.-primary {
            color: $button-color-foreground;
            background: $primary;
            &:hover { background: $primary-darken-2; }
        }
        &:disabled { text-opacity: 0.6; }
    }
    """
    BINDINGS = [Binding("enter,space", "press", "Press", show=False)]
    ALLOW_SELECT = False

    class Pressed(Message):
        """The button was clicked, or enter or space was pressed on it."""

        def __init__(self, button: KeyButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> KeyButton:
            return self.button

    def __init__(
        self,
        label: Content,
        *,
        primary: bool = False,
        disabled: bool = False,
        id: str | None = None,
        name: str | None = None,
    ) -> None:
        # The class is given here, not added later: adding one restyles the widget at once.
        super().__init__(id=id, name=name, classes="-primary" if primary else None,
                         disabled=disabled)
        self._label = label

    @property
    def label(self) -> Content:
        return self._label

    @label.setter
    def label(self, label: Content) -> None:
        self._label = label
        self.refresh(layout=True)

    def render(self) -> Content:
        return self._label

    def get_content_width(self, container, viewport) -> int:
        return self._label.cell_length

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.press()

    def action_press(self) -> None:
        """Enter or space on the focused button."""
        self.press()

    def press(self) -> None:
        if not self.disabled:
            self.post_message(self.Pressed(self))

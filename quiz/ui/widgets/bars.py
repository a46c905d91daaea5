"""The title line at the top of every screen and the line of keys at the bottom.

Light stand-ins for Textual's Header and Footer, measured for start-up: Footer mounts a widget
per key and recomposes them all whenever the bindings change (a focus move, a refresh), which on
the home screen was more than half of all the styling work before the first question
(benchmarks/bench_startup.py). These draw the same information as one line of text each, and
keep the Footer's behaviour that matters: the keys that work now, dimmed when disabled, a click
on a key presses it, and ^p opens the command palette.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget


class TitleBar(Widget):
    """'Who says so? — Practice': the app's title and the screen's subtitle, centred."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        content-align: center middle;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "sub_title", self.refresh, init=False)

    def render(self) -> Content:
        title, sub_title = self.app.title, self.screen.sub_title
        if not sub_title:
            return Content(title)
        return Content.assemble(title, (f" — {sub_title}", "dim"))


class KeyBar(Widget):
    """The keys that work on this screen now, as one line: key, then what it does."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"key-bar--key"}
    ALLOW_SELECT = False
    PALETTE_SPACE = 12  # "▏^p palette" on the right

    def __init__(self) -> None:
        super().__init__()
        self.hit_areas: list[tuple[int, int, str, bool]] = []  # start, end, key, enabled

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: object) -> None:
        self.refresh()

    def shown_bindings(self) -> Iterator[tuple[Binding, bool]]:
        """One entry per action (so "1-4 Answer" stands for four keys), as Footer shows them."""
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                yield binding, enabled

    def render(self) -> Content:
        key_style = self.get_visual_style("key-bar--key", partial=True)
        pieces: list[Content] = [Content(" ")]
        areas: list[tuple[int, int, str, bool]] = []
        x = 1
        for binding, enabled in self.shown_bindings():
            key = self.app.get_key_display(binding)
            piece = Content.assemble((key, key_style), " ", binding.description)
            if not enabled:
                piece = piece.stylize("dim")
            areas.append((x, x + len(piece.plain), binding.key, enabled))
            pieces += [piece, Content("  ")]
            x += len(piece.plain) + 2
        line = Content.assemble(*pieces)
        palette = self.palette_binding()
        width = self.size.width
        if palette is not None and width - x >= self.PALETTE_SPACE:
            key = self.app.get_key_display(palette)
            hint = Content.assemble(("▏", "dim"), (key, key_style), " palette ")
            padding = max(width - len(line.plain) - len(hint.plain), 0)
            areas.append((width - len(hint.plain), width, palette.key, True))
            line = Content.assemble(line, " " * padding, hint)
        self.hit_areas = areas
        return line

    def palette_binding(self) -> Binding | None:
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return active[1] if active is not None else None

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (a disabled key rings the bell, as in Footer)."""
        for start, end, key, enabled in self.hit_areas:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key.split(",")[0])
                else:
                    self.app.bell()
                return

"""The pieces of the room screen: the tally entry (one count per option), the room's answers as a
bar chart, and the countdown.

Labels and counts are rendered as Content, never markup; the counts come from the workshop model
(quiz.workshop.model), and what the facilitator types is checked by quiz.workshop.plan.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Digits, Input, Static

# The longest count a tally input takes: rooms are tens of people, 4 digits leave room for a hall.
TALLY_DIGITS = 4
BAR = "█"


def numbered_label(number: int, label: str) -> Content:
    return Content.assemble((f"{number}", "bold"), " ", Content(label))


class CountInput(Input):
    """An input for a count of hands: it takes digits only, so letter keys stay the screen's
    commands (n, r, b, ...) even while a count is being typed."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character in "0123456789"


class TallyEntry(Vertical):
    """One input per option for the show-of-hands count; enter moves to the next option and,
    on the last, posts Submitted."""

    @dataclass
    class Submitted(Message):
        """Enter on the last count: the facilitator has keyed in the whole tally."""

        entry: TallyEntry

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        counts: Mapping[str, int] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.counts = dict(counts or {})

    def compose(self) -> ComposeResult:
        for number, (value, label) in enumerate(self.options, start=1):
            with Horizontal(classes="tally-row"):
                yield Static(numbered_label(number, label), classes="tally-label")
                known = self.counts.get(value)
                yield CountInput(
                    "" if known is None else str(known), placeholder="-", name=value,
                    id=f"tally-{number}", restrict=f"[0-9]{{0,{TALLY_DIGITS}}}",
                    max_length=TALLY_DIGITS, compact=True, classes="tally-input",
                )

    def typed(self) -> dict[str, str]:
        """Category id -> the text in its input (empty when nothing was typed)."""
        return {str(field.name): field.value for field in self.query(Input)}

    def clear(self) -> None:
        for field in self.query(Input):
            field.value = ""

    def focus_first(self) -> None:
        fields = list(self.query(Input))
        if fields:
            fields[0].focus()

    @on(Input.Submitted)
    def next_count(self, event: Input.Submitted) -> None:
        """Enter: on to the next option's count, or done after the last."""
        event.stop()
        fields = list(self.query(Input))
        index = fields.index(event.input)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.post_message(self.Submitted(self))


class TallyChart(Widget):
    """How the room answered: one bar per option; the best answer's, an accepted alternative's
    and the others' in their own colours."""

    COMPONENT_CLASSES = {"tally--best", "tally--accepted", "tally--other", "tally--count"}

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        counts: Mapping[str, int],
        best: str | None,
        *,
        accepted: Sequence[str] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.counts = dict(counts)
        self.best = best
        self.accepted = tuple(accepted)

    def render(self) -> Content:
        total = sum(self.counts.values())
        largest = max(self.counts.values(), default=0) or 1
        label_width = max((len(label) for _, label in self.options), default=0)
        # Room for "  12 (40%)" after the bar.
        bar_room = max(self.size.width - label_width - 14, 5)
        best_style = self.get_visual_style("tally--best", partial=True)
        other_style = self.get_visual_style("tally--other", partial=True)
        accepted_style = self.get_visual_style("tally--accepted", partial=True)
        count_style = self.get_visual_style("tally--count", partial=True)
        lines = []
        for value, label in self.options:
            count = self.counts.get(value, 0)
            share = f"{round(100 * count / total)}%" if total else "-"
            bar = BAR * round(bar_room * count / largest)
            lines.append(Content.assemble(
                Content(label.ljust(label_width)), "  ",
                Content(bar).stylize(best_style if value == self.best else accepted_style
                                     if value in self.accepted else other_style),
                Content(f" {count} ({share})").stylize(count_style),
            ))
        return Content("\n").join(lines)


class Countdown(Digits):
    """Seconds left on the current item, in large digits; red at zero."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.deadline: float | None = None

    def start(self, seconds: float, now: float) -> None:
        self.deadline = now + seconds
        self.remove_class("-expired")
        self.tick(now)

    def stop(self) -> None:
        self.deadline = None
        self.update("")

    def tick(self, now: float) -> None:
        if self.deadline is None:
            return
        # Rounded up: the clock shows 0 only when the time is over.
        left = max(0, math.ceil(self.deadline - now - 1e-9))
        self.update(f"{left // 60}:{left % 60:02d}")
        self.set_class(left == 0, "-expired")

"""Messages the screens post to the app: what the reader asked for, never how to do it.

The app (quiz/ui/app.py) owns the quiz session and acts on these; screens stay simple views.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget

from quiz.engine import Mode
from quiz.packs import LoadedPack


@dataclass
class StartQuiz(Message):
    """Start a new quiz on `pack` (from the home screen)."""

    pack: LoadedPack
    mode: Mode
    confidence: bool


@dataclass
class Answered(Message):
    """The reader chose `choice` (a category id) for item `item_id`."""

    item_id: str
    choice: str
    confidence: int | None = None


@dataclass
class NextItem(Message):
    """The reader has read the feedback for `item_id` and wants the next item."""

    item_id: str


@dataclass
class RetryMissed(Message):
    """Start a new quiz with only the items the reader missed."""


@dataclass
class GoHome(Message):
    """Back to the home screen (the quiz is over or abandoned)."""


@dataclass
class Choice(Message):
    """A ChoicePad button was chosen: `value` is what the button stands for."""

    pad: Widget
    value: str

    @property
    def control(self) -> Widget:
        """The pad, so handlers can select on it: @on(Choice, "#answers")."""
        return self.pad

"""Messages the screens post to the app: what the reader asked for, never how to do it.

The app (quiz/ui/app.py) owns the quiz session and acts on these; screens stay simple views.
Plain classes rather than dataclasses: this module is imported on the way to the first screen,
and building a dataclass costs about a third of a millisecond each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from quiz.core.engine import Mode
    from quiz.core.packs import LoadedPack
    from quiz.reports import Report


class StartQuiz(Message):
    """Start a new quiz on `pack` (from the home screen)."""

    def __init__(self, pack: LoadedPack, mode: Mode, confidence: bool) -> None:
        super().__init__()
        self.pack = pack
        self.mode = mode
        self.confidence = confidence


class StartStudy(Message):
    """Start a study run on `pack`: the items due for review, then new ones."""

    def __init__(self, pack: LoadedPack, confidence: bool) -> None:
        super().__init__()
        self.pack = pack
        self.confidence = confidence


class Answered(Message):
    """The reader chose `choice` (a category id) for item `item_id`."""

    def __init__(self, item_id: str, choice: str, confidence: int | None = None) -> None:
        super().__init__()
        self.item_id = item_id
        self.choice = choice
        self.confidence = confidence


class NextItem(Message):
    """The reader has read the feedback for `item_id` and wants the next item."""

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id


class RetryMissed(Message):
    """Start a new quiz with only the items the reader missed."""


class GoHome(Message):
    """Back to the home screen (the quiz is over or abandoned)."""


class LeaveQuiz(Message):
    """Back to the home screen, asking first when that would abandon a quiz in progress."""


class OfferResume(Message):
    """The home screen opened on `pack`: offer its interrupted session, if there is one."""

    def __init__(self, pack: LoadedPack) -> None:
        super().__init__()
        self.pack = pack


class ShowHistory(Message):
    """The learner's past sessions with `pack`."""

    def __init__(self, pack: LoadedPack) -> None:
        super().__init__()
        self.pack = pack


class ShowHowItWorks(Message):
    """Explain the kinds of statement of `pack` (None: the pack in play)."""

    def __init__(self, pack: LoadedPack | None = None) -> None:
        super().__init__()
        self.pack = pack


class ReviewPack(Message):
    """Review the drafts of the pack file at `path` (from the home screen)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class ChangeLearner(Message):
    """Pick another learner, or add one by name."""


class SaveReport(Message):
    """Save `report` as an HTML file in the data folder and say where."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report


class Choice(Message):
    """A ChoicePad button was chosen: `value` is what the button stands for."""

    def __init__(self, pad: Widget, value: str) -> None:
        super().__init__()
        self.pad = pad
        self.value = value

    @property
    def control(self) -> Widget:
        """The pad, so handlers can select on it: @on(Choice, "#answers")."""
        return self.pad

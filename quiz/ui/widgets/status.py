"""The line above the item screen: which article (title and date) and how far along (7 / 20,
with a bar).

The article title is content, so it is shown as text, never parsed. The line is one widget
drawing both halves (the title cut to fit), not a row of three, and the bar is text rather than
Textual's ProgressBar: fewer widgets to build and style on the way to the first question.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from quiz.core.packs import LoadedPack
from quiz.core.wording import date_text
from quiz.ui.text import shown

BAR_WIDTH = 12


def progress_text(number: int, total: int, done: int) -> Content:
    """'7 / 20 ━━━━━━━━━━━━' with the answered share of the bar in the accent colour."""
    filled = round(BAR_WIDTH * done / total) if total else 0
    return Content.assemble(
        (f"{number} / {total} ", "bold"),
        ("━" * filled, "$primary"), ("━" * (BAR_WIDTH - filled), "dim"),
    )


def article_context(pack: LoadedPack) -> Content:
    """'28 July 2023 · North Korea stages …': the date first, so a cut-off title keeps it."""
    when = date_text(pack.pack.date)
    return Content.assemble(
        Content(f"{when}  ·  " if when else ""),
        shown(pack.article_title).stylize("bold"),
    )


class QuizStatus(Widget):
    """Article context on the left (dimmed, cut with … to fit); item number and bar on the right."""

    DEFAULT_CSS = """
    QuizStatus { height: 1; }
    """

    def __init__(self, pack: LoadedPack, number: int, total: int, done: int) -> None:
        super().__init__(id="status")
        self.context = article_context(pack).stylize("dim")
        self.progress = progress_text(number, total, done)

    def show(self, number: int, total: int, done: int) -> None:
        """Move on to item `number` of `total`, `done` of them answered."""
        self.progress = progress_text(number, total, done)
        self.refresh()

    def render(self) -> Content:
        width = self.content_region.width
        room = max(width - self.progress.cell_length - 1, 0)
        context = self.context.truncate(room, ellipsis=True, pad=True)
        return Content.assemble(context, " ", self.progress)

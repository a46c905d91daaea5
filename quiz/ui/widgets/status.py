"""The line above the item screen: which article (title and date) and how far along (7 / 20,
with a bar).

The article title is content, so it is shown as text, never parsed. The bar is drawn as text in
the same line rather than with Textual's ProgressBar, which is three more widgets to build and
style on the way to the first question.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from quiz.packs import LoadedPack
from quiz.plain import date_text
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


class QuizStatus(Horizontal):
    """Article context on the left; item number and a progress bar on the right."""

    def __init__(self, pack: LoadedPack, number: int, total: int, done: int) -> None:
        super().__init__(id="status")
        self.pack = pack
        self.number = number
        self.total = total
        self.done = done

    def compose(self) -> ComposeResult:
        yield Static(article_context(self.pack), id="context")
        yield Static(progress_text(self.number, self.total, self.done), id="progress")

    def show(self, number: int, total: int, done: int) -> None:
        """Move on to item `number` of `total`, `done` of them answered."""
        self.number, self.total, self.done = number, total, done
        self.query_one("#progress", Static).update(progress_text(number, total, done))

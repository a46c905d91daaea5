"""The line above every quiz screen: which article (title and date) and how far along (7 / 20).

The article title is content, so it is shown as text, never parsed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from quiz.packs import LoadedPack
from quiz.plain import date_text
from quiz.ui.text import shown


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
        yield Static(Content(f"{self.number} / {self.total}"), id="progress-label")
        yield ProgressBar(total=self.total, show_eta=False, show_percentage=False,
                          id="progress")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).progress = self.done

"""The whole article, with the passage being asked about highlighted and scrolled into view: the
context a reader needs for items that only make sense with what came before.

Opened with c from a question, its feedback or the review of mistakes; escape (or c) goes back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.content.context import passage_context
from quiz.core.engine import span_in
from quiz.core.packs import Item, LoadedPack
from quiz.core.wording import date_text
from quiz.ui.text import shown
from quiz.ui.widgets.bars import KeyBar, TitleBar
from quiz.ui.widgets.passage import PassageView


class ArticleScreen(Screen):
    """The article as the pack quotes it; the passage of `item` highlighted, its claim too."""

    DEFAULT_CSS = """
    ArticleScreen { align-horizontal: center; }
    ArticleScreen #article-body { max-width: 110; padding: 0 2; }
    ArticleScreen #article-title { margin: 1 0 0 0; text-style: bold; color: $text-primary; }
    ArticleScreen .article-text { margin: 1 0 0 0; color: $text-muted; }
    ArticleScreen #article-passage { margin: 1 0 0 0; }
    """

    BINDINGS = [Binding("escape,c", "app.pop_screen", "Back to the question")]
    AUTO_FOCUS = "#article-body"

    def __init__(self, pack: LoadedPack, item: Item) -> None:
        super().__init__()
        self.pack = pack
        self.item = item
        self.sub_title = "The article"

    def compose(self) -> ComposeResult:
        pack, item = self.pack, self.item
        place = passage_context(pack.article_text, item.passage, before=0, after=0)
        yield TitleBar()
        with VerticalScroll(id="article-body"):
            when = date_text(pack.pack.date)
            yield Static(Content.assemble(shown(pack.article_title),
                                          (f"  ·  {when}" if when else "", "dim")),
                         id="article-title")
            if not place.found:  # the pack changed since: show what there is
                yield Static(shown(pack.article_text.strip()), classes="article-text")
                return
            text = pack.article_text
            before, after = text[: place.start].strip(), text[place.end:].strip()
            if before:
                yield Static(shown(before), classes="article-text")
            yield PassageView(item.passage, span_in(item.passage, item.claim),
                              id="article-passage")
            if after:
                yield Static(shown(after), classes="article-text")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.query("#article-passage"):
            passage = self.query_one("#article-passage")
            self.call_after_refresh(self.query_one("#article-body").scroll_to_widget, passage,
                                    animate=False, center=True)

"""A passage inside its article: the sentences around it, and the whole article with the passage
marked, for the item screen's context, the article view and plain mode's `c`.

Sentences come from the same splitter the verbatim checks use, so "the sentence before" is the
one the pack's author saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from quiz.content.article import Article
from quiz.content.sentences import Sentence


@dataclass(frozen=True, slots=True)
class Context:
    """Where a passage sits in its article: `start`/`end` offsets in `article`, and the text of
    up to the requested sentences before and after it (each within its paragraph or across
    paragraph breaks, as written)."""

    article: str
    start: int
    end: int
    before: str
    after: str

    @property
    def found(self) -> bool:
        return self.start >= 0


@lru_cache(maxsize=8)
def _article(text: str) -> Article:
    return Article(text)


def passage_context(article_text: str, passage: str, *, before: int = 1,
                    after: int = 1) -> Context:
    """The passage's place in the article and the `before` sentences before and `after` after
    it; empty context when the passage is not in the article (a pack edited since)."""
    article = _article(article_text)
    start = article.find(passage)
    if start < 0:
        return Context(article_text, -1, -1, "", "")
    end = start + len(passage)
    sentences: list[Sentence] = article.sentences
    earlier = [s for s in sentences if s.end <= start][-before:] if before else []
    later = [s for s in sentences if s.start >= end][:after] if after else []
    return Context(
        article=article_text, start=start, end=end,
        before=article_text[earlier[0].start:start] if earlier else "",
        after=article_text[end:later[-1].end] if later else "",
    )

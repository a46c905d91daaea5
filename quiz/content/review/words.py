"""The words of a passage and a selection over them: how the reviewer picks a cue or narrows a
claim without retyping it, by keyboard (word, clause, likely cue) or by mouse.

Offsets are characters of the passage, so whatever is selected is the passage's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word: letters and digits, with inner apostrophes, hyphens, dots and commas ("Kestria's",
# "high-tech", "U.S", "2,000"); quotes and closing punctuation stay outside.
_WORD = re.compile(r"\w+(?:['’\-.,]\w+)*")
# Between two words, any of these starts a new clause.
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\"“”—–]")


@dataclass(frozen=True, slots=True)
class Span:
    """Characters [start, end) of the passage."""

    start: int
    end: int


def words(text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end()) for m in _WORD.finditer(text))


@dataclass(frozen=True, slots=True)
class Selection:
    """Words `anchor` to `head` (either order) of a passage's words; `head` moves."""

    text: str
    spans: tuple[Span, ...]
    anchor: int = 0
    head: int = 0

    @classmethod
    def over(cls, text: str, covering: Span | None = None) -> Selection:
        """A selection of `text`'s words, on the words `covering` touches (else the first)."""
        selection = cls(text, words(text))
        return selection.covering(covering) if covering is not None else selection

    @property
    def first(self) -> int:
        return min(self.anchor, self.head)

    @property
    def last(self) -> int:
        return max(self.anchor, self.head)

    @property
    def span(self) -> Span | None:
        if not self.spans:
            return None
        return Span(self.spans[self.first].start, self.spans[self.last].end)

    @property
    def selected(self) -> str:
        span = self.span
        return self.text[span.start:span.end] if span else ""

    def _at(self, anchor: int, head: int) -> Selection:
        top = max(len(self.spans) - 1, 0)
        return Selection(self.text, self.spans, min(max(anchor, 0), top), min(max(head, 0), top))

    # -- keys --------------------------------------------------------------------------------

    def move(self, delta: int) -> Selection:
        """One word: the selection becomes the word before or after its head."""
        head = self.head + delta
        return self._at(head, head)

    def extend(self, delta: int) -> Selection:
        """The head moves a word; the anchor stays (shift+arrow)."""
        return self._at(self.anchor, self.head + delta)

    def clause(self, delta: int, *, extend: bool = False) -> Selection:
        """To the start of the next clause (delta 1) or of this or the previous one (-1)."""
        starts = self.clause_starts()
        if delta > 0:
            head = next((s for s in starts if s > self.head), len(self.spans) - 1)
        else:
            head = next((s for s in reversed(starts) if s < self.head), 0)
        return self._at(self.anchor if extend else head, head)

    def home(self) -> Selection:
        return self._at(0, 0)

    def end(self) -> Selection:
        return self._at(len(self.spans) - 1, len(self.spans) - 1)

    def clause_starts(self) -> list[int]:
        starts = [0] if self.spans else []
        for index in range(1, len(self.spans)):
            between = self.text[self.spans[index - 1].end:self.spans[index].start]
            if _CLAUSE_BREAK.search(between):
                starts.append(index)
        return starts

    def next_of(self, candidates: list[Span], delta: int = 1) -> Selection:
        """The next (or previous) of `candidates` after the selection's start, cycling."""
        if not candidates:
            return self
        ordered = sorted(candidates, key=lambda s: (s.start, s.end))
        current = self.span
        if delta > 0:
            after = [c for c in ordered if current is None or (c.start, c.end) >
                     (current.start, current.end)]
            target = after[0] if after else ordered[0]
        else:
            before = [c for c in ordered if current is None or (c.start, c.end) <
                      (current.start, current.end)]
            target = before[-1] if before else ordered[-1]
        return self.covering(target)

    # -- the mouse and spans -------------------------------------------------------------------

    def word_at(self, offset: int) -> int | None:
        """The word at character `offset` (the nearest word before it between words)."""
        found = None
        for index, span in enumerate(self.spans):
            if span.start <= offset:
                found = index
            if offset < span.end:
                break
        return found

    def pressed(self, offset: int) -> Selection:
        """A click on character `offset`: that word alone."""
        index = self.word_at(offset)
        return self if index is None else self._at(index, index)

    def dragged(self, offset: int) -> Selection:
        """Dragging (or shift+click) to character `offset`: from the anchor to that word."""
        index = self.word_at(offset)
        return self if index is None else self._at(self.anchor, index)

    def covering(self, span: Span) -> Selection:
        """The words `span` touches."""
        inside = [i for i, w in enumerate(self.spans) if w.start < span.end and span.start < w.end]
        if not inside:
            return self
        return self._at(inside[0], inside[-1])

    def within(self, span: Span) -> bool:
        current = self.span
        return current is not None and span.start <= current.start and current.end <= span.end

"""The words of a passage and a selection over them: how the reviewer picks a cue or narrows a
claim without retyping it, by keyboard (word, phrase, clause, likely cue) or by mouse.

A phrase is a run of words a cue is usually made of: news copy's cues begin at a clause, a
preposition or conjunction ("since 2006", "according to KCNA"), an auxiliary ("have denied",
"is said to be") or a reporting verb ("the ministry | said"), or at a verb straight after a name
("Russia and China | opposed US-led efforts"). Offsets are characters of the passage, so
whatever is selected is the passage's own text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# A word: letters and digits, with inner apostrophes, hyphens, dots and commas ("Kestria's",
# "high-tech", "U.S", "2,000"); quotes and closing punctuation stay outside.
_WORD = re.compile(r"\w+(?:['’\-.,]\w+)*")
# Between two words, any of these starts a new clause.
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\"“”—–]")
# Words that open a phrase ("of" binds to the noun before it: "the Council of Northern States").
_OPENERS = frozenset("""
    about above across after against along amid among around as at because before behind
    below beneath beside besides between beyond but by despite during except for from if in
    inside into like near nor off on onto or out outside over past per since than that though
    through throughout till to toward towards under unless unlike until upon versus via when
    whenever where whereas whether which while who whom whose with within without and
""".split())
# Auxiliaries and modals open a verb phrase ("have denied", "is said to be", "did not name").
_AUXILIARIES = frozenset("""
    am are be been being can could did do does had has have is may might must shall should
    was were will would
""".split())
# After these a verb goes on the phrase they opened.
_VERB_GLUE = _AUXILIARIES | {"to", "not", "never", "also"}


@dataclass(frozen=True, slots=True)
class Span:
    """Characters [start, end) of the passage."""

    start: int
    end: int


def words(text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end()) for m in _WORD.finditer(text))


def phrase_starts(text: str, spans: tuple[Span, ...],
                  verbs: frozenset[str] = frozenset()) -> tuple[int, ...]:
    """The indexes of the words that begin a phrase (see the module's docstring); `verbs` are
    reporting verbs, lower case ("said", "denied")."""
    if not spans:
        return ()
    found = [0]
    plain = [text[s.start:s.end] for s in spans]
    lower = [w.casefold() for w in plain]
    for index in range(1, len(spans)):
        word, before = lower[index], lower[index - 1]
        named = plain[index - 1][:1].isupper() and not plain[index - 1].endswith(("'s", "’s"))
        if _CLAUSE_BREAK.search(text[spans[index - 1].end:spans[index].start]):
            found.append(index)
        elif word in _OPENERS:
            # "Russia and China", "Kim Jong Un and Russian officials": one name.
            inside_name = (word == "and" and named and index + 1 < len(plain)
                           and plain[index + 1][:1].isupper())
            if not inside_name:
                found.append(index)
        elif word in _AUXILIARIES or word in verbs:
            if before not in _VERB_GLUE:
                found.append(index)
        elif named and plain[index][:1].islower() and word.endswith("ed") and index > 1:
            found.append(index)  # a verb after its subject: "China opposed"
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Selection:
    """Words `anchor` to `head` (either order) of a passage's words; `head` moves. `phrases`
    are the indexes of the words that begin a phrase."""

    text: str
    spans: tuple[Span, ...]
    anchor: int = 0
    head: int = 0
    phrases: tuple[int, ...] = ()

    @classmethod
    def over(cls, text: str, covering: Span | None = None, *,
             verbs: frozenset[str] = frozenset()) -> Selection:
        """A selection of `text`'s words, on the words `covering` touches (else the first);
        `verbs` (reporting verbs) begin phrases too."""
        spans = words(text)
        selection = cls(text, spans, phrases=phrase_starts(text, spans, verbs))
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
        return Selection(self.text, self.spans, min(max(anchor, 0), top), min(max(head, 0), top),
                         self.phrases)

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

    def phrase_of(self, index: int) -> tuple[int, int]:
        """The first and last word of the phrase word `index` is in."""
        starts = self.phrases or phrase_starts(self.text, self.spans)
        at = bisect_right(starts, index) - 1
        last = starts[at + 1] - 1 if at + 1 < len(starts) else len(self.spans) - 1
        return starts[max(at, 0)], last

    def phrase(self, delta: int, *, extend: bool = False) -> Selection:
        """The next phrase, whole (delta 1); or the phrase the selection starts inside of, else
        the one before it (-1). With `extend`, the head moves to the end (start) of its phrase,
        or of the next (previous) one when it is there already."""
        if not self.spans:
            return self
        first, last = self.phrase_of(self.head)
        if extend:
            if delta > 0:
                head = last if self.head < last else self.phrase_of(last + 1)[1]
            else:
                head = first if self.head > first else self.phrase_of(max(first - 1, 0))[0]
            return self._at(self.anchor, head)
        if delta > 0:
            return self._at(*self.phrase_of(min(last + 1, len(self.spans) - 1)))
        first, last = self.phrase_of(self.first)
        return self._at(*(self.phrase_of(max(first - 1, 0)) if self.first == first
                          else (first, last)))

    def clause_edge(self, end: bool) -> Selection:
        """The head moves to the last (first) word of its clause, or of the next (previous)
        clause when it is there already; the anchor stays (shift+end, shift+home)."""
        starts = self.clause_starts()
        if not starts:
            return self
        at = bisect_right(starts, self.head) - 1
        ends = [s - 1 for s in starts[1:]] + [len(self.spans) - 1]
        if end:
            head = ends[at] if self.head < ends[at] else ends[min(at + 1, len(ends) - 1)]
        else:
            head = starts[at] if self.head > starts[at] else starts[max(at - 1, 0)]
        return self._at(self.anchor, head)

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
        """The next (or previous) of `candidates`, in their order and cycling: the first (last)
        when the selection is none of them. Candidates that select the same words are one."""
        stops: list[Selection] = []
        for candidate in candidates:
            stop = self.covering(candidate)
            if stop.span is not None and all(stop.span != s.span for s in stops):
                stops.append(stop)
        if not stops:
            return self
        at = next((i for i, stop in enumerate(stops) if stop.span == self.span), None)
        if at is None:
            return stops[0] if delta > 0 else stops[-1]
        return stops[(at + delta) % len(stops)]

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

    def double_pressed(self, offset: int) -> Selection:
        """A double click on character `offset`: that word's phrase."""
        index = self.word_at(offset)
        return self if index is None else self._at(*self.phrase_of(index))

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

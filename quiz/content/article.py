"""A source article and the verbatim checks against it.

Passages must be the article's own words: found exactly, and made of whole sentences.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

from quiz.content.sentences import Sentence, split_sentences


@dataclass(frozen=True, slots=True)
class Difference:
    """Where `text` first departs from the closest stretch of a reference text."""

    offset: int  # index into the checked text
    closest: str  # the reference text it was compared with
    expected: str  # the reference's character there ("" past its end)
    found: str  # the checked text's character there ("" past its end)

    def describe(self) -> str:
        found = _describe_char(self.found) if self.found else "the end of the text"
        expected = _describe_char(self.expected) if self.expected else "the end of the text"
        return f"at character {self.offset + 1} the pack has {found} where the source has {expected}"


def _describe_char(char: str) -> str:
    name = unicodedata.name(char, "")
    shown = repr(char) if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
    return f"{shown} ({name.lower()})" if name else shown


@dataclass(frozen=True)
class Article:
    text: str

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The body's sentences; a leading dateline is metadata and left out."""
        return split_sentences(self.text)

    @cached_property
    def _starts(self) -> frozenset[int]:
        return frozenset(s.start for s in self.sentences)

    @cached_property
    def _ends(self) -> frozenset[int]:
        return frozenset(s.end for s in self.sentences)

    def find(self, text: str) -> int:
        """Offset of `text` in the article, or -1."""
        return self.text.find(text) if text else -1

    def is_whole_sentences(self, start: int, end: int) -> bool:
        return start in self._starts and end in self._ends and "\n" not in self.text[start:end]

    def sentences_within(self, start: int, end: int) -> list[Sentence]:
        """Sentences overlapping [start, end)."""
        return [s for s in self.sentences if s.start < end and start < s.end]

    def closest(self, text: str) -> Difference:
        """The article stretch most like `text` (aligned on sentence starts) and the first
        character where they differ."""
        anchors = [s.start for s in self.sentences] or [0]
        return first_difference(text, self.text, anchors)


def first_difference(text: str, reference: str, anchors: list[int] | None = None) -> Difference:
    """Compare `text` with the most similar window of `reference` starting at an anchor."""
    if anchors is None:
        anchors = list(range(max(1, len(reference) - len(text) + 1)))
    best_start, best_score = 0, -1.0
    for start in anchors:
        window = reference[start : start + len(text)]
        matcher = SequenceMatcher(None, text, window, autojunk=False)
        if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
            continue
        score = matcher.ratio()
        if score > best_score:
            best_start, best_score = start, score
    window = reference[best_start : best_start + len(text)]
    offset = next(
        (i for i, (a, b) in enumerate(zip(text, window)) if a != b), min(len(text), len(window))
    )
    return Difference(
        offset=offset,
        closest=window,
        expected=window[offset] if offset < len(window) else "",
        found=text[offset] if offset < len(text) else "",
    )

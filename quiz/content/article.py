"""A source article: reading its file (UTF-8, checked and size-capped) and the verbatim checks
against it. Passages must be the article's own words: found exactly, and made of whole sentences.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

from quiz.content.files import MB, UnreadableFile, read_capped
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
        return (f"at character {self.offset + 1} the pack has {found} where the source has "
                f"{expected}")


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
        """Offset of `text` in the article, or -1. Where it occurs more than once, the first
        occurrence made of whole sentences (a sentence can also appear inside a longer one)."""
        if not text:
            return -1
        first = start = self.text.find(text)
        while start >= 0:
            if self.is_whole_sentences(start, start + len(text)):
                return start
            start = self.text.find(text, start + 1)
        return first

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


# Windows worth comparing are found by voting, in time linear in the reference: sampled 8-grams of
# the checked text are looked up in it, each occurrence voting for where the text would start;
# only the few most-voted starts are then compared character by character.
_GRAM, _SAMPLES, _HITS_PER_GRAM, _CANDIDATES = 8, 48, 16, 4


def _voted_starts(text: str, reference: str) -> list[int]:
    width = min(_GRAM, len(text))
    if not width or not reference:
        return []
    votes: Counter[int] = Counter()
    positions = range(len(text) - width + 1)
    for i in positions[:: max(1, len(positions) // _SAMPLES)]:
        gram = text[i : i + width]
        found, hits = reference.find(gram), 0
        while found >= 0 and hits < _HITS_PER_GRAM:
            votes[max(0, found - i)] += 1
            found, hits = reference.find(gram, found + 1), hits + 1
    return [start for start, _ in votes.most_common(_CANDIDATES)]


def first_difference(text: str, reference: str, anchors: list[int] | None = None) -> Difference:
    """Compare `text` with the most similar window of `reference` (starting at one of `anchors`,
    when given) and say where they first differ."""
    voted = _voted_starts(text, reference)
    if anchors:
        ordered = sorted(anchors)
        snapped = {ordered[0]}
        for start in voted:  # the anchor at or before each voted start, and the one after
            index = bisect_right(ordered, start) - 1
            snapped.update(ordered[max(index, 0) : index + 2])
        candidates = sorted(snapped)
    else:
        candidates = sorted(set(voted)) or [0]
    best_start, best_score = candidates[0], -1.0
    for start in candidates:
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


# --- reading an article file ------------------------------------------------------------------

MAX_ARTICLE_BYTES = 8 * 1024 * 1024


class ArticleError(Exception):
    """An article that cannot be drafted, with one line saying why and what would work."""


def _guess_encoding(data: bytes) -> str:
    if any(0x80 <= b <= 0x9F for b in data):
        return "windows-1252"
    return "latin1"


def read_article(path: Path, expected: str = "a news article as UTF-8 text or Markdown") -> str:
    """The text of an article file; raises ArticleError naming what is wrong with it."""
    try:
        data = read_capped(path, MAX_ARTICLE_BYTES)
    except UnreadableFile as error:
        if error.kind == UnreadableFile.FOLDER:
            raise ArticleError(f"{path}: is a folder; give the article's text file") from None
        if error.kind == UnreadableFile.TOO_BIG:
            raise ArticleError(f"{path}: file is {error.size / MB:.1f} MB; articles are limited "
                               f"to {MAX_ARTICLE_BYTES // MB} MB") from None
        raise ArticleError(f"{path}: {error}") from None
    if not data.strip():
        raise ArticleError(f"{path}: the file is empty; give {expected}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(
            f"{path}: the file is UTF-16 text, not UTF-8; convert with "
            "iconv -f utf-16 -t utf-8"
        )
    nul = data.find(b"\0")
    if nul >= 0:
        raise ArticleError(
            f"{path}: looks like a binary file (NUL byte at offset {nul}), not text; give "
            f"{expected}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise ArticleError(
            f"{path}:{line}:{col}: not UTF-8: byte 0x{data[error.start]:02x} at line {line}, "
            f"col {col}; save as UTF-8 or convert with "
            f"iconv -f {_guess_encoding(data)} -t utf-8"
        ) from None
    return text.removeprefix("\ufeff")

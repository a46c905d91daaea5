"""A source article: reading its file (UTF-8, checked and size-capped) and the verbatim checks
against it. Passages must be the article's own words: found exactly, and made of whole sentences.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

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
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ArticleError(f"{path}: is a folder; give the article's text file") from None
    except OSError as error:
        raise ArticleError(f"{path}: cannot read: {error.strerror}") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{path}: file is {len(data) / 1_048_576:.1f} MB; articles are limited to "
            f"{MAX_ARTICLE_BYTES // 1_048_576} MB"
        )
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

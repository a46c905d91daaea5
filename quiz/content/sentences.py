"""Sentence boundaries in news text, with character offsets, in time linear in the text.

Shared by pack validation (passages must be whole sentences) and the drafter; no dependencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end with a full stop without ending the sentence (compared case-insensitively,
# without the stop). Dotted acronyms (U.S., U.N.) and single initials are handled by shape.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj sgt capt cmdr adm gov sen rep rev st mt ft
    pres amb brig cpl pvt cdr insp det supt messrs mme
    jan feb mar apr jun jul aug sep sept oct nov dec vs approx dept est
    e.g i.e cf al
    """.split()
)

# Abbreviations that close a name ("Pitt, Briggs & Co.", "Acme Inc."): like a dotted acronym,
# the stop ends the sentence only when a word that opens sentences follows.
_POSTPOSITIVE = frozenset("inc corp ltd co plc llc jr sr bros etc".split())

# Abbreviations that only precede a number ("No. 2", "Fig. 3"); "he said no." still ends.
_NUMBER_ABBREVIATIONS = frozenset("no nos fig vol art".split())

# After a dotted acronym ("U.S."), only these words are taken to open a new sentence.
_SENTENCE_OPENERS = frozenset(
    "the a an it its he she they we i in on at this that these those but and however meanwhile "
    "there his her their our after before when while since last earlier later "
    "how what why who where which did does do is are was were will would can could should".split()
)

_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
_QUOTE_MARK = re.compile('["“”]')
# A run of stops starts only where no stop precedes it, and its quantifiers never give back:
# each position of a long run of dots is looked at once, not once per place the run could start.
_END = re.compile(r"(?<![.!?…])[.!?…]++[" + re.escape(_CLOSERS) + r"]*+(?=\s)")
_SPACE = re.compile(r"\s*")
_OPENING = re.compile("[" + re.escape(_OPENERS) + "]*")
_NEXT_WORD = re.compile(r"[\w'’-]{0,40}")
# The word before a stop; abbreviations are short, so a bounded look back is enough.
_TOKEN_LIMIT = 40
_TOKEN_BEFORE = re.compile(r"\S{1,%d}$" % _TOKEN_LIMIT)
_INITIAL = re.compile(r"[A-Za-z]")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_DATE_LINE = re.compile(
    r"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"\s+(?:\d{1,2},?\s+)?\d{4}\s*$"
    r"|^\s*\d{4}-\d{2}-\d{2}\s*$"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: `text == source[start:end]`; `line` is 1-based."""

    start: int
    end: int
    line: int
    text: str


def is_date_line(line: str) -> bool:
    """True for a dateline such as 'July 28, 2023' or '2023-07-28'."""
    return len(line) < 80 and bool(_DATE_LINE.match(line))


def _word_before(paragraph: str, stop_at: int) -> str | None:
    """The whitespace-free word ending at `stop_at`, or None when it is too long to matter."""
    window = max(0, stop_at - _TOKEN_LIMIT)
    token = _TOKEN_BEFORE.search(paragraph, window, stop_at)
    if not token:
        return None
    if token.start() == window and window > 0 and not paragraph[window - 1].isspace():
        return None
    return token.group(0)


def _is_false_stop(paragraph: str, stop_at: int, next_word: str) -> bool:
    """Whether the full stop at `stop_at` belongs to an abbreviation, not a sentence end."""
    if paragraph[stop_at] != ".":
        return False
    token = _word_before(paragraph, stop_at)
    if not token:
        return False
    word = token.lstrip(_OPENERS)
    bare = word.rstrip(".").lower()
    if bare in ABBREVIATIONS:
        return True
    if bare in _NUMBER_ABBREVIATIONS:
        return next_word[:1].isdigit()
    if bare in _POSTPOSITIVE:
        return next_word.lower() not in _SENTENCE_OPENERS
    if _INITIAL.fullmatch(word):  # an initial: "John F. Kennedy"
        return True
    if _DOTTED.fullmatch(word):  # "U.S" of "U.S."
        return next_word.lower() not in _SENTENCE_OPENERS
    return False


def _quotations(paragraph: str) -> list[tuple[int, int]]:
    """[open, close] offsets of the quotations that open and close within the paragraph,
    sorted by where they open.

    A quotation left open (wire copy runs a long quote over several paragraphs) is ignored, and
    so are straight double quotes when their count is odd: guessing would swallow sentences.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    straight: list[int] = []
    for match in _QUOTE_MARK.finditer(paragraph):
        char, index = match.group(), match.start()
        if char == '"':
            straight.append(index)
        elif char == "“" and opened is None:
            opened = index
        elif char == "”" and opened is not None:
            spans.append((opened, index))
            opened = None
    if len(straight) % 2 == 0:
        spans.extend(zip(straight[::2], straight[1::2]))
    spans.sort()
    return spans


class _Quoted:
    """Answers "is this stop inside a closed quotation?" for stops met in increasing order,
    in time linear in the number of stops and quotations together."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = spans
        self._next = 0  # the first span not yet opened
        self._reach = -1  # the furthest close among the spans opened so far

    def covers(self, start: int, end: int) -> bool:
        while self._next < len(self._spans) and self._spans[self._next][0] < start:
            self._reach = max(self._reach, self._spans[self._next][1])
            self._next += 1
        return end <= self._reach


def split_paragraph(paragraph: str, offset: int = 0, line: int = 1) -> list[Sentence]:
    """Split one paragraph (no newlines) into sentences.

    A full stop inside a quotation does not end the sentence that carries the quotation:
    '"It failed. We will try again," he said.' is one sentence.
    """
    sentences: list[Sentence] = []
    start = _SPACE.match(paragraph).end()
    quoted = _Quoted(_quotations(paragraph) if ('"' in paragraph or "“" in paragraph) else [])
    for match in _END.finditer(paragraph):
        end = match.end()
        after = _SPACE.match(paragraph, end).end()
        if after >= len(paragraph):
            continue
        if quoted.covers(match.start(), end):
            continue
        first = paragraph[after]
        if not (first.isupper() or first.isdigit() or first in _OPENERS):
            continue
        next_word = _NEXT_WORD.match(paragraph, _OPENING.match(paragraph, after).end()).group(0)
        if _is_false_stop(paragraph, match.start(), next_word):
            continue
        if start < end and not paragraph[start:end].isspace():
            sentences.append(Sentence(offset + start, offset + end, line, paragraph[start:end]))
        start = after
    tail = paragraph[start:].rstrip()
    if tail:
        sentences.append(Sentence(offset + start, offset + start + len(tail), line, tail))
    return sentences


def split_sentences(text: str, *, skip_date_line: bool = True) -> list[Sentence]:
    """All sentences of a text, paragraph by paragraph (a paragraph is one line).

    A leading dateline is metadata, not a sentence, and is left out when `skip_date_line`.
    """
    sentences: list[Sentence] = []
    offset = 0
    seen_text = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if line.strip():
            if skip_date_line and not seen_text and is_date_line(line):
                seen_text = True
            else:
                seen_text = True
                sentences.extend(split_paragraph(line, offset, number))
        offset += len(raw) + 1
    return sentences

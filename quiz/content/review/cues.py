"""Where a passage's cue is likely to be: the phrases of the drafter's rules data and of the
categories' typical cues that occur in it, so a reviewer who changes the answer starts on the
words that signal the new kind, and tab steps between such phrases.

Only the rules data (quiz.content.drafter.rules) is read: its lexicons and which kind each of its
decisions proposes, never how the drafter weighs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from quiz.content.drafter.lexicon import Phrases, compile_phrases
from quiz.content.drafter.rules import Rules
from quiz.content.review.words import Span

# The lexicon of the rules data that each decision's signal reads (the signal names are the
# rules file's format, quiz.content.drafter.rules.Signal). Signals carried from a neighbour, or
# that fire on nothing, name no words of their own.
_LEXICONS: dict[str, Callable[[Rules], list[Matcher | None]]] = {
    "denial_verb": lambda r: [r.denial],
    "denial_content": lambda r: [r.denial_content],
    "accusation_verb": lambda r: [r.accusation],
    "state_outlet": lambda r: [r.outlets.pattern],
    "government_speech": lambda r: [r.governments.pattern, r.speech],
    "government_channel": lambda r: [r.channels],
    "international_speech": lambda r: [r.internationals.pattern, r.speech],
    "company_speech": lambda r: [r.companies, r.speech],
    "own_act": lambda r: [r.own_acts],
    "finding": lambda r: [r.findings],
    "refusal": lambda r: [r.refusals],
    "hedge": lambda r: [r.hedge],
    "record": lambda r: [r.records],
}
# A compiled regular expression or the drafter's phrase lookup (the same finditer).
Matcher = re.Pattern[str] | Phrases
# Words a speaker and its verb may have between them and still be one cue: "the ministry said".
_JOIN_GAP = re.compile(r"^[\s,]*(?:\S+\s+){0,2}?$")


@dataclass(frozen=True)
class CueFinder:
    """Likely cues in passages, per category, from the rules data and categories' cues."""

    rules: Rules
    category_cues: dict[str, list[str]]

    @cached_property
    def verbs(self) -> frozenset[str]:
        """The reporting verbs of the rules data, one word each ("said", "denied"): a phrase
        of a passage begins at them (quiz.content.review.words)."""
        lexicon = self.rules.data.verbs
        return frozenset(
            word for phrase in lexicon.denial + lexicon.accusation + lexicon.speech
            if (word := phrase.split()[0].casefold().strip(",.")).isalpha())

    @cached_property
    def _patterns(self) -> dict[str, list[list[re.Pattern[str] | None]]]:
        """Per category: its decisions' lexicons, strongest first, then its own cues."""
        patterns: dict[str, list[list[re.Pattern[str] | None]]] = {}
        for category in set(self.category_cues) | {d.answer for d in self.rules.data.decisions
                                                   if d.answer}:
            decisions = sorted((d for d in self.rules.data.decisions if d.answer == category),
                               key=lambda d: -d.confidence)
            found = [_LEXICONS[d.signal](self.rules) for d in decisions if d.signal in _LEXICONS]
            found.append([compile_phrases([c for c in self.category_cues.get(category, [])
                                           if c.strip()])])
            patterns[category] = found
        return patterns

    def for_category(self, text: str, category: str) -> list[Span]:
        """Phrases in `text` that signal `category`: the strongest decisions' words first."""
        found: list[Span] = []
        for lexicon in self._patterns.get(category, []):
            found += _joined(text, lexicon)
        unique: list[Span] = []
        for span in found:
            if span not in unique:
                unique.append(span)
        return unique

    def ranked(self, text: str, category: str, claim: Span | None) -> list[Span]:
        """for_category's phrases, those inside `claim` (the part of `text` asked about)
        first: the first is the cue a new answer gets."""
        spans = self.for_category(text, category)
        inside = [s for s in spans if claim and claim.start <= s.start and s.end <= claim.end]
        return inside + [s for s in spans if s not in inside]

    def stops(self, text: str, answer: object, categories: Sequence[str],
              claim: Span | None) -> list[Span]:
        """Where tab goes: the phrases of the answer, ranked, then every other likely cue in
        text order, so after a new answer its likeliest cue is a tab or two away."""
        own = self.ranked(text, answer, claim) if isinstance(answer, str) else []
        return own + [span for span in self.all(text, categories) if span not in own]

    def all(self, text: str, categories: Sequence[str]) -> list[Span]:
        """Every likely cue in `text`, for any of `categories`, in text order."""
        spans = {span for category in categories for span in self.for_category(text, category)}
        return sorted(spans, key=lambda s: (s.start, s.end))


def _matches(text: str, pattern: Matcher | None) -> list[Span]:
    if pattern is None:
        return []
    return [Span(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


def _joined(text: str, patterns: list[Matcher | None]) -> list[Span]:
    """Matches of the first pattern (a speaker) joined with a following match of the second (a
    verb) when they are at most two words apart; else each pattern's matches alone."""
    if len(patterns) == 1:
        return _matches(text, patterns[0])
    speakers, verbs = _matches(text, patterns[0]), _matches(text, patterns[1])
    joined = []
    for speaker in speakers:
        verb = next((v for v in verbs if v.start >= speaker.end
                     and _JOIN_GAP.match(text[speaker.end:v.start])), None)
        if verb is not None:
            joined.append(Span(speaker.start, verb.end))
    return joined or speakers

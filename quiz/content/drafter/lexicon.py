"""The merged rules compiled for matching: phrase syntax to regular expressions, the tables of
known speakers, and one cached pattern per word list.

The file format is `rules.DraftRules`; this module only reads its fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from quiz.content.drafter.model import Model
from quiz.content.drafter.second import SecondReading

if TYPE_CHECKING:  # the format imports this module; at run time only attributes are read
    from quiz.content.drafter.rules import Decision, DraftRules, SourceEntry

_GAP = r"[”\"’]?+(?:\s+\S+){0,6}?\s+"  # "called ... groundless": up to six words between
# (a closing quotation mark may follow the first word: "it “strongly rejects” the findings")


def _token_pattern(token: str) -> str:
    # "'" matches "’"; a hyphen also matches a space: "state-run" finds "state run".
    pattern = "".join("['’]" if c in "'’" else r"(?:-|\s+)" if c == "-" else re.escape(c)
                      for c in token)
    # An all-capitals token is an acronym: "UN" must not match "un", "RT" not "rt".
    if any(c.isalpha() for c in token) and token.upper() == token:
        return f"(?-i:{pattern})"
    return pattern


def phrase_pattern(phrase: str) -> str:
    """Regular expression for one rules phrase (without word boundaries): words in order,
    `...` for a short gap."""
    parts: list[str] = []
    for index, token in enumerate(phrase.split()):
        if token == "...":
            parts.append(_GAP)
            continue
        if index and parts[-1] != _GAP:
            parts.append(r"\s+")
        parts.append(_token_pattern(token))
    return "".join(parts)


_WORD_START = re.compile(r"\w+")


class Phrases:
    """Whole-word phrases found fast: one small regular expression per first word, tried only
    where that word starts. One alternation of thousands of phrases is tried at every character
    and costs seconds on a long article; this costs one pass over the text's words and a
    match at each place a phrase can begin.

    The methods take the arguments of re.Pattern's and give re.Match objects.
    """

    def __init__(self, phrases: list[str]) -> None:
        unique = sorted(set(phrases), key=lambda p: (-len(p), p))
        groups: dict[str, list[str]] = {}
        for phrase in unique:
            first = _WORD_START.match(phrase)
            groups.setdefault(first.group(0).casefold() if first else "", []).append(phrase)
        self._anywhere = _alternation(groups.pop("")) if "" in groups else None
        self._groups = groups  # compiled on first use: most first words never occur
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._keys = frozenset(groups)
        self.pattern = "|".join(unique)

    def _pattern(self, key: str) -> re.Pattern[str]:
        pattern = self._patterns.get(key)
        if pattern is None:
            pattern = self._patterns[key] = _alternation(self._groups[key])
        return pattern

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        endpos = len(text) if endpos is None else endpos
        found = []
        if self._anywhere is not None:
            found = list(self._anywhere.finditer(text, pos, endpos))
        folded, words = _folded(text)
        for key in self._keys & words:
            pattern = self._pattern(key)
            if folded is None:  # folding moved offsets ("ß" to "ss"): try everywhere
                found += pattern.finditer(text, pos, endpos)
                continue
            reached = pos
            for at in _starts(folded, key, pos, endpos):  # left to right, never overlapping
                if at >= reached and (match := pattern.match(text, at, endpos)):
                    found.append(match)
                    reached = match.end()
        found.sort(key=lambda m: (m.start(), -m.end()))
        kept, reached = [], pos
        for match in found:  # leftmost first, then longest, never overlapping
            if match.start() >= reached:
                kept.append(match)
                reached = match.end()
        return iter(kept)

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return next(self.finditer(text, pos, endpos), None)

    def match(self, text: str, pos: int = 0, endpos: int | None = None):
        endpos = len(text) if endpos is None else endpos
        if self._anywhere is not None and (found := self._anywhere.match(text, pos, endpos)):
            return found
        word = _WORD_START.match(text, pos, endpos)
        key = word.group(0).casefold() if word else None
        return self._pattern(key).match(text, pos, endpos) if key in self._keys else None


# The words of the texts asked about last: a sentence is asked about by a dozen word lists in
# a row, and by its neighbours' readings, so the last few are kept.
_RECENT_WORDS: list[tuple[str, str | None, frozenset[str]]] = []
_RECENT = 6


def _folded(text: str) -> tuple[str | None, frozenset[str]]:
    """`text` case-folded (None where folding moves offsets) and its folded words."""
    for recent, folded, words in _RECENT_WORDS:
        if recent is text:
            return folded, words
    folded = text.casefold()
    words = frozenset(_WORD_START.findall(folded))
    _RECENT_WORDS.insert(0, (text, folded if len(folded) == len(text) else None, words))
    del _RECENT_WORDS[_RECENT:]
    return _RECENT_WORDS[0][1], words


def _starts(folded: str, word: str, pos: int, endpos: int):
    """Where `word` starts as a whole word in folded[pos:endpos] (a word character is what
    the pattern's \\w is: alphanumeric or "_")."""
    at = folded.find(word, pos, endpos)
    while at >= 0:
        end = at + len(word)
        if not (at and (folded[at - 1].isalnum() or folded[at - 1] == "_")) and \
                not (end < endpos and (folded[end].isalnum() or folded[end] == "_")):
            yield at
        at = folded.find(word, end, endpos)


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(phrase_pattern(p) for p in phrases)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


def compile_phrases(phrases: list[str]) -> Phrases | None:
    """Whole-word phrases in any case (CAPITALS only in capitals), the longest match first."""
    return Phrases(phrases) if phrases else None


def compile_regexes(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def phrase_key(text: str) -> str:
    """How a phrase and the words that matched it are looked up: case, curly apostrophes,
    spacing and hyphens ("state-run", "state run") do not matter."""
    return " ".join(text.replace("’", "'").replace("-", " ").split()).casefold()


_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside|based\s+in|from)\s+(?:the\s+)?$",
                           re.IGNORECASE)


_PLACE_AFTER = re.compile(r"\s*(?:$|[,.;:)]|(?:on|said|says|told|and|who|which|that|in|at)\b)",
                          re.IGNORECASE)
# "Beijing's Taiwan Affairs Office": a party named as the side an office deals with.
_AFFAIRS_AFTER = re.compile(r"\s+Affairs\b")


class RulesError(Exception):
    """A rules file that cannot be used; `problems` are `file:line:col: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


@dataclass
class SourceTable:
    """Phrases that name speakers of one kind, and which entry each phrase belongs to."""

    kind: str
    entries: dict[str, SourceEntry] = field(default_factory=dict)

    def add(self, entry: SourceEntry) -> None:
        for phrase in entry.match:
            self.entries.setdefault(phrase_key(phrase), entry)

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        return compile_phrases([p for e in self.entries.values() for p in e.match])

    def entry_for(self, matched: str) -> SourceEntry | None:
        return self.entries.get(phrase_key(matched))


def _table(kind: str, entries: list[SourceEntry]) -> SourceTable:
    table = SourceTable(kind)
    for entry in entries:
        table.add(entry)
    return table


@dataclass
class Rules:
    """All rules files merged, with the place each decision came from, ready to match."""

    data: DraftRules
    origins: dict[str, str] = field(default_factory=dict)  # decision id -> "file:line:col"
    files: list[str] = field(default_factory=list)
    # Calibrated confidence changes for what makes a reading riskier (see confidence.py).
    adjustments: dict[str, float] = field(default_factory=dict)
    # The fitted confidence model, when the calibration has one (see confidence.py).
    model: Model | None = None
    # The second reading fitted on the replays, when there is one (see second.py).
    second: SecondReading | None = None
    # Tables other modules build from these rules, built once and kept with them (the
    # speaker table of entities.py: compiling it per article cost a quarter second).
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def outlets(self) -> SourceTable:
        return _table("outlet", self.data.state_outlets)

    @cached_property
    def governments(self) -> SourceTable:
        table = _table("government", self.data.government_actors)
        # Every party name is also a government speaking ("The Gambia accused"), so a side
        # added to parties.yaml is recognised as a speaker too.
        missing = [n for group in self.data.parties for n in group
                   if phrase_key(n) not in table.entries]
        if missing:
            from quiz.content.drafter.rules import SourceEntry  # rules imports this module
            table.add(SourceEntry(name="as a government",
                                  says="a state, speaking through its government", match=missing))
        return table

    @cached_property
    def internationals(self) -> SourceTable:
        return _table("international", self.data.international_bodies)

    @cached_property
    def media(self) -> SourceTable:
        return _table("media", self.data.independent_media)

    def _phrases(self, name: str) -> re.Pattern[str] | None:
        return compile_phrases(getattr(self.data, name))

    @cached_property
    def denial(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.verbs.denial)

    @cached_property
    def accusation(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.verbs.accusation)

    @cached_property
    def denial_words(self) -> re.Pattern[str] | None:
        return self._phrases("denial_words")

    @cached_property
    def accusation_words(self) -> re.Pattern[str] | None:
        return self._phrases("accusation_words")

    @cached_property
    def speech(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.verbs.speech)

    @cached_property
    def acts(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.verbs.acts)

    @cached_property
    def outlet_verbs(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.verbs.outlet)

    @cached_property
    def any_verb(self) -> re.Pattern[str] | None:
        verbs = self.data.verbs
        return compile_phrases(verbs.denial + verbs.accusation + verbs.speech + verbs.acts
                               + verbs.outlet)

    @cached_property
    def verb_classes(self) -> dict[str, str]:
        """Each verb phrase (as phrase_key) -> denial | accusation | speech | act | outlet;
        a phrase in two lists keeps the first of that order."""
        classes: dict[str, str] = {}
        verbs = self.data.verbs
        for name, phrases in (("denial", verbs.denial), ("accusation", verbs.accusation),
                              ("speech", verbs.speech), ("act", verbs.acts),
                              ("outlet", verbs.outlet)):
            for phrase in phrases:
                classes.setdefault(phrase_key(phrase), name)
        return classes

    @cached_property
    def verb_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """(class, pattern) for phrases with a `...` gap, which phrase_key cannot look up."""
        found = []
        verbs = self.data.verbs
        for name, phrases in (("denial", verbs.denial), ("accusation", verbs.accusation),
                              ("speech", verbs.speech), ("act", verbs.acts),
                              ("outlet", verbs.outlet)):
            gapped = [p for p in phrases if "..." in p.split()]
            if gapped:
                found.append((name, re.compile(
                    "|".join(f"(?:{phrase_pattern(p)})" for p in gapped), re.IGNORECASE)))
        return found

    def verb_class(self, matched: str) -> str:
        known = self.verb_classes.get(phrase_key(matched))
        if known:
            return known
        for name, pattern in self.verb_patterns:
            if pattern.fullmatch(matched):
                return name
        return "speech"

    @cached_property
    def frame_words(self) -> Phrases | None:
        """Reporting verbs, the verb senses that silence them and hedges, in one scan: where
        two overlap, the longer wins ("said to be" over "said", "carried out" over "carried")."""
        verbs = self.data.verbs
        return compile_phrases(verbs.denial + verbs.accusation + verbs.speech + verbs.acts
                               + verbs.outlet + self.data.not_speech + self.data.hedges)

    @cached_property
    def _silencers(self) -> dict[str, str]:
        found = {phrase_key(p): "hedge" for p in self.data.hedges}
        found.update({phrase_key(p): "not_speech" for p in self.data.not_speech})
        return found

    @cached_property
    def _gapped_silencers(self) -> list[tuple[str, re.Pattern[str]]]:
        """(hedge | not_speech, pattern) for phrases with a `...` gap ("denied ... access")."""
        found = []
        for name, phrases in (("hedge", self.data.hedges), ("not_speech", self.data.not_speech)):
            gapped = [p for p in phrases if "..." in p.split()]
            if gapped:
                found.append((name, re.compile(
                    "|".join(f"(?:{phrase_pattern(p)})" for p in gapped), re.IGNORECASE)))
        return found

    def not_speech_at(self, text: str, at: int) -> bool:
        """ "denied medical care", "had been denied access": the verb at `at` in a sense that
        rejects nothing (a not_speech phrase starts there)."""
        words = self.frame_words
        found = words.match(text, at) if words is not None else None
        return found is not None and self.frame_word_class(found.group(0)) == "not_speech"

    def frame_word_class(self, matched: str) -> str:
        """hedge | not_speech | a verb class (denial, accusation, speech, act, outlet)."""
        known = self._silencers.get(phrase_key(matched))
        if known:
            return known
        for name, pattern in self._gapped_silencers:
            if pattern.fullmatch(matched):
                return name
        return self.verb_class(matched)

    @cached_property
    def not_speech(self) -> re.Pattern[str] | None:
        return self._phrases("not_speech")

    @cached_property
    def refusals(self) -> re.Pattern[str] | None:
        return compile_regexes(self.data.refusals)

    @cached_property
    def denial_content(self) -> re.Pattern[str] | None:
        return compile_regexes(self.data.denial_content)

    @cached_property
    def rebuttals(self) -> re.Pattern[str] | None:
        return compile_regexes(self.data.rebuttals)

    @cached_property
    def own_acts(self) -> re.Pattern[str] | None:
        return self._phrases("own_acts")

    @cached_property
    def findings(self) -> re.Pattern[str] | None:
        return self._phrases("findings")

    @cached_property
    def companies(self) -> re.Pattern[str] | None:
        return self._phrases("companies")

    @cached_property
    def experts(self) -> re.Pattern[str] | None:
        return self._phrases("experts")

    @cached_property
    def civil_society(self) -> re.Pattern[str] | None:
        return self._phrases("civil_society")

    @cached_property
    def channels(self) -> re.Pattern[str] | None:
        return self._phrases("channels")

    @cached_property
    def ownership(self) -> re.Pattern[str] | None:
        return self._phrases("outlet_ownership")

    @cached_property
    def titles(self) -> frozenset[str]:
        return frozenset(t.rstrip(".").casefold() for t in self.data.person_titles)

    @cached_property
    def reference_groups(self) -> dict[str, frozenset[str]]:
        """noun -> the nouns that refer to the same kind of thing ("paper" -> newspaper...)."""
        groups: dict[str, frozenset[str]] = {}
        for group in self.data.reference_nouns:
            members = frozenset(phrase_key(n) for n in group)
            for noun in members:
                groups[noun] = groups.get(noun, frozenset()) | members
        return groups

    @cached_property
    def party_names(self) -> Phrases | None:
        return compile_phrases([n for group in self.data.parties for n in group])

    @cached_property
    def party_of(self) -> dict[str, int]:
        """Folded name -> its party: "moroccan" and "rabat" -> Morocco's."""
        found: dict[str, int] = {}
        for index, group in enumerate(self.data.parties):
            for name in group:
                found.setdefault(phrase_key(name), index)
        return found

    def parties_in(self, text: str, start: int = 0, end: int | None = None, *,
                   places: bool = True) -> set[int]:
        """The parties that text[start:end] names; with places=False, not those named only as
        where someone is ("Iran's embassy in London")."""
        if self.party_names is None:
            return set()
        found = set()
        for m in self.party_names.finditer(text, start, len(text) if end is None else end):
            if not places and _PLACE_BEFORE.search(text, max(0, m.start() - 16), m.start()) \
                    and _PLACE_AFTER.match(text, m.end()):
                continue  # "embassy in London", not "a source in the Russian defense ministry"
            if _AFFAIRS_AFTER.match(text, m.end()):
                continue  # "Beijing's Taiwan Affairs Office": the side it deals with
            if phrase_key(m.group()) in self.party_of:
                found.add(self.party_of[phrase_key(m.group())])
        return found

    @cached_property
    def reference_pattern(self) -> re.Pattern[str] | None:
        return compile_phrases([n for group in self.data.reference_nouns for n in group])

    @cached_property
    def hedge(self) -> re.Pattern[str] | None:
        return self._phrases("hedges")

    @cached_property
    def openers(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.continuation.openers)

    @cached_property
    def markers(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.continuation.markers)

    @cached_property
    def introducers(self) -> re.Pattern[str] | None:
        return self._phrases("outlet_introducers")

    @cached_property
    def outlet_nouns(self) -> frozenset[str]:
        return frozenset(phrase_key(n) for n in self.data.outlet_nouns)

    @cached_property
    def records(self) -> re.Pattern[str] | None:
        return compile_regexes(self.data.records)

    @cached_property
    def record_nouns(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.record_nouns)

    @property
    def low_confidence(self) -> float:
        return 0.5 if self.data.low_confidence is None else self.data.low_confidence

    @cached_property
    def decisions_by_signal(self) -> dict[str, Decision]:
        found: dict[str, Decision] = {}
        for decision in self.data.decisions:
            found.setdefault(decision.signal, decision)
        return found

    def decisions_for(self, signal: str) -> list[Decision]:
        return [d for d in self.data.decisions if d.signal == signal]

    def signal_patterns(self) -> list[tuple[str, re.Pattern[str] | None, bool]]:
        """(name, pattern, only at the start) for the lexicons whose words signal a kind by
        themselves: outlets, verbs, hedges, continuation openers.

        Naming a government or an international body is not enough: it says who, not how.
        """
        return [
            ("state outlet", self.outlets.pattern, False),
            ("denial verb", self.denial, False),
            ("denial word", self.denial_words, False),
            ("accusation verb", self.accusation, False),
            ("accusation word", self.accusation_words, False),
            ("speech verb", self.speech, False),
            ("hedge", self.hedge, False),
            ("continuation opener", self.openers, True),
        ]

    def check_categories(self, category_ids: list[str]) -> None:
        """Raise RulesError when a decision or why_not names a category the taxonomy lacks."""
        known = set(category_ids)
        problems = []
        for decision in self.data.decisions:
            for category in ([decision.answer] if decision.answer else []) + decision.also_accept:
                if category not in known:
                    where = self.origins.get(decision.id, "rules")
                    problems.append(f"{where}: decision {decision.id!r} names unknown category "
                                    f"{category!r} (known: {', '.join(category_ids)})")
        for category in self.data.why_not:
            if category not in known:
                problems.append(f"{self.files[0] if self.files else 'rules'}: why_not names "
                                f"unknown category {category!r}")
        if problems:
            raise RulesError(problems)

"""What one sentence says about its source: the outlets, governments and international bodies it
mentions, and the signals (speech verbs, denials, accusations, hedges, records) that fired.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from quiz.content.drafter.rules import Rules, SourceEntry, SourceTable, phrase_key
from quiz.content.sentences import Sentence

_KIND_ORDER = {"outlet": 0, "international": 1, "government": 2}
# A speech verb whose subject sits right before it ("the ministry said") or, after a comma or
# a closing quote, right after it ('..., said the ministry').
_PRE_VERB_WINDOW = 90
_POST_VERB_GAP = re.compile(r"^\s*(?:by\s+)?(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)
_JOINERS = r"(?:and|of|the|for|deputy|senior|chief|acting|vice|first|top|[A-Z][\w'’.-]*)"
# Between two speaker phrases of one speaker: "China's foreign ministry", "State Department
# deputy spokesperson", "Russia and China".
_GROUP_GAP = re.compile(rf"^(?:['’]s)?(?:\s+|-)(?:{_JOINERS}\s+){{0,2}}$|^(?:['’]s)?\s*$")
_TO_GAP = re.compile(r"^\s+to\s+(?:the\s+)?$")
# Capitalised words right before a speaker phrase: "Dalmark's prime minister", "The Norlandic
# Treasury" (articles and pronouns are left out of the speaker's name).
_OWNER_BEFORE = re.compile(r"(?<![\w'’.-])(?:[A-Z][\w.-]*(?:['’]s)?\s+)+$")
_NOT_OWNERS = frozenset("The A An In On At But And Its Their His Her Our".split())
_NAME_RUN = re.compile(rf"(?:['’]s)?\s+{_JOINERS}(?=[\s,.;:!?]|$)")
_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|was|were|is|are|also|again|on \w+day|\w+day|would|will|did|does|"
    r"do|not|never))+$",
    re.IGNORECASE,
)
_PRONOUN_BEFORE = re.compile(r"(?<![\w])(?:he|she|they|it)\s+$", re.IGNORECASE)
FRAMES = ("state_outlet", "government_speech", "international_speech")
ATTRIBUTING = ("denial_verb", "accusation_verb", "state_outlet", "government_speech",
                "international_speech")



# --- finding signals in one sentence ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A phrase naming a speaker, or several adjacent ones ("State Department spokesperson")."""

    start: int
    end: int
    kind: str  # outlet | international | government
    entry: SourceEntry


@dataclass(frozen=True, slots=True)
class Signal:
    """One rule class firing in a sentence: where its cue is and who it makes the source."""

    kind: str  # a draft_rules.Signal
    start: int  # cue span, relative to the sentence (may lie in a neighbour for carried kinds)
    end: int
    source: str
    answer: str | None = None  # for carried signals: the neighbour's answer
    neighbour: int = 0  # -1 / +1 when the cue lies in the previous / next sentence
    cue_text: str = ""
    # An accusation or denial word inside what someone is reported to have said
    # ("MNA said staff had been warned"): the report, not the word, is what the sentence does.
    reported: bool = False


@dataclass
class SentenceSignals:
    sentence: Sentence
    paragraph: int
    signals: list[Signal] = field(default_factory=list)
    trailing: Signal | None = None  # "..., according to KCNA." closing the sentence
    own: tuple[str, Signal] | None = None  # the answer from this sentence's own words


def learned_outlets(text: str, rules: Rules) -> SourceTable:
    """Outlets the article introduces: "the state-run Velorian News Agency (VNA)"."""
    table = SourceTable("outlet")
    if rules.introducers is None:
        return table
    word = r"(?:[A-Z][\w'’.-]*|of|de|the)"
    name_run = re.compile(
        rf"\s*,?\s*(?:the\s+)?({word}(?:\s+{word}){{0,5}})(?:\s*\(([A-Z][A-Za-z]{{1,7}})\))?"
    )
    for match in rules.introducers.finditer(text):
        run = name_run.match(text, match.end())
        if not run:
            continue
        words = run.group(1).split()
        while words and words[-1] in ("of", "de", "the"):
            words.pop()
        if len(words) == 1 and re.fullmatch(r"[A-Z]{2,7}", words[0]):
            table.add(SourceEntry(name=words[0], says=f"introduced in the article as "
                                  f"{match.group(0)}", match=[words[0]]))
            continue
        if not any(phrase_key(w) in rules.outlet_nouns for w in words) and not run.group(2):
            continue
        name = " ".join(words)
        phrases = [p for p in (name, run.group(2)) if p]
        if not phrases:
            continue
        says = f"introduced in the article as {match.group(0)}"
        table.add(SourceEntry(name=name or run.group(2), says=says, match=phrases))
    return table


def _mentions(text: str, tables: Sequence[SourceTable]) -> list[Mention]:
    found: list[Mention] = []
    for table in tables:
        if table.pattern is None:
            continue
        for match in table.pattern.finditer(text):
            entry = table.entry_for(match.group(0))
            if entry is not None:
                found.append(Mention(match.start(), match.end(), table.kind, entry))
    found.sort(key=lambda m: (-(m.end - m.start), _KIND_ORDER[m.kind], m.start))
    kept: list[Mention] = []
    for mention in found:
        if all(mention.end <= k.start or k.end <= mention.start for k in kept):
            kept.append(mention)
    kept.sort(key=lambda m: m.start)
    groups: list[Mention] = []
    for mention in kept:
        gap = text[groups[-1].end : mention.start] if groups else ""
        if groups and _TO_GAP.match(gap):  # "ambassador to the UN" speaks for a government
            last = groups[-1]
            groups[-1] = Mention(last.start, mention.end, last.kind, last.entry)
        elif groups and _GROUP_GAP.match(gap):
            last = groups[-1]
            first_kind = min((last, mention), key=lambda m: _KIND_ORDER[m.kind])
            groups[-1] = Mention(last.start, mention.end, first_kind.kind, first_kind.entry)
        else:
            groups.append(mention)
    return groups


def _spans(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in others)


def _owner_start(text: str, start: int) -> int:
    """Where a speaker's name starts once the capitalised words before the phrase are counted."""
    owner = _OWNER_BEFORE.search(text, max(0, start - 40), start)
    if owner:
        for word in re.finditer(r"\S+", owner.group(0)):
            if word.group(0) not in _NOT_OWNERS:
                return owner.start() + word.start()
    return start


def _speaker_text(text: str, group: Mention, limit: int) -> str:
    """The speaker's words: the speaker phrase and the names and titles that follow it,
    'North Korean Defence Minister General Kang Sun Nam'."""
    end = group.end
    while (run := _NAME_RUN.match(text, end)) and run.end() <= limit:
        end = run.end()
    words = text[_owner_start(text, group.start):end].split()
    while words and words[-1] in ("and", "of", "the", "for"):
        words.pop()
    return " ".join(words)


def _subject_before(text: str, verb_start: int) -> str:
    """Who speaks when no known speaker is attached: the words opening the verb's clause."""
    clause_start = max(text.rfind(c, 0, verb_start) for c in ",;:\"“”") + 1
    words = _AUXILIARIES.sub("", text[clause_start:verb_start].strip())
    return " ".join(words.split()[-8:])


def _attached(text: str, verb: tuple[int, int], groups: list[Mention]) -> Mention | None:
    """The known speaker of a speech verb, if one is written in a speaker's place."""
    start, end = verb
    before = text[max(0, start - 3) : start].rstrip()
    verb_words = text[start:end].lower()
    if before.endswith(",") and verb_words.endswith("ing"):
        # "..., arguing that": the participle belongs to the subject of the main clause.
        subjects = [g for g in groups if g.end <= start
                    and not re.search(r"[.;:!?]", text[g.end : start])]
        return subjects[0] if subjects else None
    inverted = before.endswith((",", "”", '"')) or verb_words.startswith("according")
    if inverted or verb_words in {"aired", "broadcast", "released", "published", "carried",
                                  "showed", "quoted", "cited", "reported"}:
        for group in groups:
            if group.start >= end and _POST_VERB_GAP.match(text[end : group.start]):
                return group
        if verb_words.startswith("according"):
            return None
    candidates = [
        g for g in groups
        if g.end <= start and start - g.end <= _PRE_VERB_WINDOW
        and not re.search(r"[.;:!?]", text[g.end : start])
    ]
    return candidates[-1] if candidates else None


def _source(mention: Mention, text: str, verb_start: int) -> str:
    entry = mention.entry
    if mention.kind == "outlet":
        named = text[_owner_start(text, mention.start):mention.end]
        if phrase_key(named) in {phrase_key(m) for m in entry.match}:
            named = entry.name
        return f"{named} ({entry.says})" if entry.says else named
    words = _speaker_text(text, mention, verb_start if verb_start > mention.start else len(text))
    if not words:
        return entry.name
    return words if entry.name.lower() in words.lower() else f"{words} ({entry.name})"


def find_signals(text: str, rules: Rules, tables: Sequence[SourceTable]) -> list[Signal]:
    """Every own-words rule class that fires in one sentence (carried ones come later)."""
    signals: list[Signal] = []
    groups = _mentions(text, tables)
    hedges = _spans(rules.hedge, text)
    denials = _spans(rules.denial, text)
    accusations = [s for s in _spans(rules.accusation, text) if not _overlaps(s, hedges)]
    speech = [s for s in _spans(rules.speech, text)
              if not _overlaps(s, hedges + denials + accusations)]

    outlet_cues: list[Signal] = []
    speakers: list[Signal] = []
    for verb in speech:
        speaker = _attached(text, verb, groups)
        if speaker is None:
            continue
        document = rules.record_nouns.match(text, speaker.end + 1) if rules.record_nouns else None
        if document and text[speaker.end : document.start()].isspace():
            # "according to World Bank figures": the source is a published record.
            signals.append(Signal("record", min(verb[0], speaker.start), document.end(),
                                  f"{text[speaker.start:document.end()]} (a published record)"))
            continue
        if speaker.start > verb[0] or verb[0] - speaker.end <= 40:
            start, end = min(verb[0], speaker.start), max(verb[1], speaker.end)
        else:
            start, end = verb
        kind = {"outlet": "state_outlet", "government": "government_speech",
                "international": "international_speech"}[speaker.kind]
        signal = Signal(kind, start, end, _source(speaker, text, verb[0]))
        (outlet_cues if kind == "state_outlet" else speakers).append(signal)

    frames = [s for s in speakers + outlet_cues if s.end < len(text.rstrip(" .!?\"”’'")) - 1]
    for kind, spans in (("denial_verb", denials), ("accusation_verb", accusations)):
        for start, end in spans:
            # "the spokesperson said the US was concerned": the speaker is who said it.
            said = [s for s in speakers + outlet_cues if s.end <= start]
            reported = any(f.end <= start and "," not in text[f.end:start] for f in frames)
            speaker = next((g for g in reversed(groups) if g.end <= start), None)
            if said:
                who = said[0].source
            elif speaker:
                who = _speaker_text(text, speaker, start)
            else:
                who = _subject_before(text, start)
            signals.append(Signal(kind, start, end, who or "a party named in the sentence",
                                  reported=reported))
    signals.extend(speakers)
    for group in groups:
        if group.kind == "outlet" and not any(
            s.start <= group.start and group.end <= s.end for s in outlet_cues
        ):
            outlet_cues.append(Signal("state_outlet", group.start, group.end,
                                      _source(group, text, group.end)))
    signals.extend(outlet_cues)

    for start, end in speech:
        if text[start:end].lower() in {"aired", "broadcast", "released", "published", "carried",
                                       "showed", "described"}:
            continue  # these report speech only when a known source is attached
        if any(s.start <= start and end <= s.end for s in signals):
            continue
        pronoun = _PRONOUN_BEFORE.search(text, 0, start)
        if pronoun:  # '"...," she told parliament': the speaker of the sentence before
            signals.append(Signal("continues_previous", pronoun.start(), end, ""))
            continue
        who = _subject_before(text, start) or "someone the sentence names"
        signals.append(Signal("other_speech", start, end, who))
    for start, end in hedges:
        signals.append(Signal("hedge", start, end, rules.data.hidden_source or "not named"))
    if rules.records is not None:
        for match in rules.records.finditer(text):
            signals.append(Signal("record", match.start(), match.end(),
                                  rules.data.own_voice or "the outlet itself"))
            break
    return signals


def continuation(text: str, rules: Rules) -> tuple[int, int] | None:
    """The words showing that a sentence carries on from the one before, if any."""
    stripped = len(text) - len(text.lstrip("\"“‘'( "))
    if rules.openers is not None:
        match = rules.openers.match(text, stripped)
        if match:
            return match.start(), match.end()
    if rules.markers is not None:
        limit = rules.data.continuation.within_words or 4
        words = list(re.finditer(r"\S+", text))
        horizon = words[limit - 1].end() if len(words) >= limit else len(text)
        match = rules.markers.search(text, 0, horizon)
        if match:
            return match.start(), match.end()
    return None

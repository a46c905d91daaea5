"""What a speaker's reported words do, read apart from who the speaker is: deny ("baseless",
"has nothing to do with", "no one had been hurt"), accuse, announce an act, record a finding;
and the signal each finding fires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quiz.content.drafter.accusations import ANSWERS_DENIAL, Accusations
from quiz.content.drafter.frames import Frame, SentenceFrames
from quiz.content.drafter.lexicon import Rules
from quiz.content.drafter.speakers import Speaker

_FIRST_PERSON = re.compile(r"\b(?:we|our|us|i)\b", re.IGNORECASE)
# Rebuttals that are as much a denial in the first person ("we did not fire", "we have nothing
# to hide") as in the third; other first-person negations ("we do not want") are not.
_FIRST_PERSON_DENIAL = re.compile(r"(?:did|have|has|had)\s+(?:not|never)\b|nothing\s+to\s+hide\b"
                                  r"|let\s+them\b|(?:followed|complied|abided|respected|obeyed"
                                  r"|kept)\b|(?:done|did)\s+nothing\b|(?:broken|broke)\s+no\b"
                                  r"|(?:no|without)\s.*\bof\s+any\s+kind\b"
                                  r"|(?:are|is|were|was)\s+not\s+\w+ing\s+any", re.IGNORECASE)
# "UN experts have said ... that Rwanda supports the group, which Kigali has always denied":
# the other side's denial, mentioned in what the speaker says, is not the speaker's.
_OTHERS_DENIAL = re.compile(r"\bwhich\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?\s+"
                            r"(?:has\s+|have\s+|had\s+)?(?:always\s+|repeatedly\s+|long\s+|"
                            r"consistently\s+|strongly\s+)?$")
_CHARGE_OBJECT = re.compile(r"\s+(?:the|these|those|such|what\s+it\s+called)?\s*(?:\w+['’]s\s+)?"
                            r"(?:\w+\s+)?(?:protests?|accusations?|allegations?|claims?|charges?|"
                            r"reports?|statements?)\b", re.IGNORECASE)
# "spread fabricated stories", "a doctored video": the accusation of a fake, not a denial.
# "the matter lies outside the buffer zone": the verb, not falsehoods.
# "gave no evidence for the link": what the speaker did not show, not a rejection.
_GAVE_NO = re.compile(r"\b(?:gave|give|gives|offered|provided|presented|showed|shown|produced|"
                      r"published)\s+$", re.IGNORECASE)
_LIES_WHERE = re.compile(r"\s+(?:\w+ly\s+)?(?:outside|in|on|at|within|beyond|between|with|behind|ahead|along|"
                         r"near|under|across|elsewhere|somewhere|at\s+the)\b", re.IGNORECASE)
_ADJECTIVES = frozenset({"fabricated", "doctored"})
_ATTRIBUTIVE = re.compile(r"\s+(?!and\b|or\b|by\b|from\b|to\b|in\b|on\b|as\b)[a-z]+")


@dataclass(frozen=True, slots=True)
class Signal:
    """One rule class firing in a sentence: where its cue is and who it makes the source."""

    kind: str  # a rules.Signal
    start: int  # cue span, relative to the sentence (may lie in a neighbour for carried kinds)
    end: int
    source: str
    answer: str | None = None  # for carried signals: the answer they carry
    neighbour: int = 0  # -1 / +1 when the cue lies in the previous / next sentence
    cue_text: str = ""

# "We are not accusing anyone of a deliberate act": a charge held back, not one rejected.
_WITHHELD_CHARGE = re.compile(r"\b(?:accus|blam)\w*", re.IGNORECASE)


class Said:
    """Reads the words a frame reports, with the article's accusation memory."""

    def __init__(self, rules: Rules, accusations: Accusations) -> None:
        self.rules = rules
        self.accusations = accusations

    def signals(self, text: str, frame: Frame, speaker: Speaker, frames: SentenceFrames,
                source: str) -> list[Signal]:
        """What the speaker's reported words do: deny, accuse, announce an act, record."""
        start, end = frame.content
        found: list[Signal] = []
        rules = self.rules
        # "..., a charge the U.S. Embassy dismissed as 'absurd'": an embedded speaker's words.
        others = [(f.subject[0], f.content[1]) for f in frames.frames
                  if f is not frame and f.embedded and f.subject is not None
                  and start <= f.subject[0] < end]
        if rules.denial_words is not None:
            match = next((m for m in rules.denial_words.finditer(text, start, end)
                          if not any(a <= m.start() < b for a, b in others)
                          and not (m.group().casefold() in _ADJECTIVES
                                   and _ATTRIBUTIVE.match(text, m.end()))
                          and not (m.group().casefold() == "lies"
                                   and _LIES_WHERE.match(text, m.end()))
                          and not _GAVE_NO.search(text, max(start, m.start() - 20),
                                                  m.start())), None)
            if match:
                found.append(Signal("denial_verb", match.start(), match.end(), source))
        if rules.denial is not None and frame.kind != "denial":
            match = next((m for m in rules.denial.finditer(text, start, end)
                          if not any(a <= m.start() < b for a, b in others)
                          and not rules.not_speech_at(text, m.start())), None)
            # A denial verb inside a quotation is someone else's words, unless the quotation is
            # what the speaker, named after it, says: '"We have nothing to do with it," X said'.
            if match and (not frames.quoted(match.start(), match.end())
                          or match.end() <= frame.verb[0]
                          or own_quotation(frames, match.start(), start)) and \
                    not _OTHERS_DENIAL.search(text, max(start, match.start() - 60), match.start()):
                found.append(Signal("denial_verb", match.start(), match.end(), source))
        if rules.denial_content is not None and not found and not frame.long_standing and \
                not ANSWERS_DENIAL.search(text, start, end) and \
                not self.accusations.is_accuser(speaker.entity) and \
                not self.accusations.is_bystander(speaker.entity, text, speaker.start, speaker.end):
            # "the company's denial 'does not change what the laboratory found'": the accuser
            # answering a denial.
            for match in rules.denial_content.finditer(text, start, end):
                if any(a <= match.start() < b for a, b in others) or \
                        _WITHHELD_CHARGE.search(match.group()):
                    continue  # (and "We are not accusing anyone" rejects no charge)
                # "We do not want a war" is no denial; "our guards did not cross" is.
                if _FIRST_PERSON_DENIAL.match(match.group()) or not _FIRST_PERSON.search(
                        text, max(start, match.start() - 12), match.start()):
                    found.append(Signal("denial_content", match.start(), match.end(), source))
                    break
        if speaker.entity.kind in ("government", "channel") and rules.own_acts is not None:
            match = rules.own_acts.search(text, frame.verb[0], end)
            if match:
                found.append(Signal("own_act", match.start(), match.end(), source))
        if speaker.entity.kind == "international" and rules.findings is not None:
            match = rules.findings.search(text, start, end)
            if match:
                found.append(Signal("finding", match.start(), match.end(), source))
        if rules.accusation_words is not None and speaker.entity.kind == "outlet":
            match = rules.accusation_words.search(text, start, end)
            if match:
                found.append(Signal("accusation_verb", match.start(), match.end(), source))
        return found

    def rejects_charge(self, text: str, frame: Frame) -> bool:
        """Whether an accusation verb's object is the other side's charge and the words that
        follow reject it: "slammed the protest as 'baseless'", "condemned the accusations as
        lies"."""
        if not _CHARGE_OBJECT.match(text, frame.verb[1]) or self.rules.denial_words is None:
            return False
        return bool(self.rules.denial_words.search(text, frame.verb[1],
                                                   min(len(text), frame.verb[1] + 120)))


def own_quotation(frames: SentenceFrames, at: int, content_start: int) -> bool:
    """ "said Moscow 'has nothing to do with the leak'": a quotation of several words that
    the speaker's clause runs into is the speaker's own; a quoted word is someone else's."""
    for a, b in frames.quotes:
        if a <= at < b:
            words = len(frames.text[a:b].split())
            # "said it “strongly rejects” the findings": the subject's own verb, quoted
            return a >= content_start and (words >= 3 or words == 2 and bool(
                _OWN_SUBJECT.search(frames.text, max(content_start, a - 12), a)))
    return False


_OWN_SUBJECT = re.compile(r"\b(?:it|they|we|he|she)\s+$", re.IGNORECASE)


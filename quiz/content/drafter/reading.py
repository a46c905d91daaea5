"""How the drafter reads one sentence: who speaks in its main frame, what that speaker does
(asserts, denies, accuses, refuses, announces an act), what a neighbour carries in, and the
signals that follow, ranked. Which category each signal proposes is the rules' decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.content.drafter.accusations import Accusations
from quiz.content.drafter.entities import SPEAKER_SIGNALS, Entity
from quiz.content.drafter.frames import Frame, SentenceFrames
from quiz.content.drafter.lexicon import Rules
from quiz.content.drafter.risk import reading_risks
from quiz.content.drafter.said import Said, Signal
from quiz.content.drafter.speakers import Speaker, Speakers

_RECORD_START = re.compile(r"^(?:the\s+|a\s+|an\s+|its\s+|their\s+|his\s+|her\s+)?", re.I)
_YEAR = re.compile(r"\b(?:in|since)\s+(?:\w+\s+)?(?:19|20)\d{2}\b", re.IGNORECASE)
_EARLIER = re.compile(r"\b(?:previously|in\s+the\s+past|has\s+long|have\s+long|repeatedly|"
                      r"has\s+since|have\s+since|"
                      r"on\s+several\s+occasions|in\s+recent\s+years)\b", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\b(?:has|have|had)\s+since\s+$", re.IGNORECASE)
_DATED_OPENING = re.compile(r"(?:In|Since|By|After|Until)\s+(?:\w+\s+)?(?:19|20)\d{2}\s*,")
_DATED_AFTER = re.compile(r"(?:\s+[a-z]+){0,2}\s+(?:in|since)\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d{2}\b")
_DATED_ACT = re.compile(r"(?:\s+[\w-]+){0,6}?\s+(?:in|since)\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d{2}\b")
_SAYING = frozenset("said says say told tells added stated claimed alleged reported wrote writes "
                    "insisted argued accused warned".split())
_OTHER_STORY = re.compile(r"(?P<subject>[^,.;:]{1,60}?)\s+(?P<verb>tells|told|tell)\s+"
                          r"(?:a\s+(?:very\s+|rather\s+)?different|another)\s+story\b",
                          re.IGNORECASE)
_DETERMINERS = frozenset({"the", "its", "their", "this", "that", "a"})
_PRONOUN_SUBJECT = re.compile(r"(?:it|they)$", re.IGNORECASE)
_OUTLET_ONLY = re.compile(r"(?:went|goes|go)\s+further", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$",
                             re.IGNORECASE)
_CORRESPONDENT = re.compile(r"\breporting\s+from\b|\bcorrespondent\b", re.IGNORECASE)
_BUT = re.compile(r"\b(?:but|yet)\b", re.IGNORECASE)
_AS_SAYING = re.compile(r"\s+as\s+(?:saying|telling|stating|writing)\b", re.IGNORECASE)


def _clause_end(text: str, start: int) -> int:
    stop = re.compile(r"[,;.:!?]").search(text, start, min(len(text), start + 120))
    return stop.start() if stop else min(len(text), start + 120)


def _comma_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, last = [], start
    for match in re.finditer(",", text[start:end]):
        pieces.append((last, start + match.start()))
        last = start + match.end()
    pieces.append((last, end))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


# A court or tribunal rejecting or upholding a claim rules; it does not deny or accuse.
_COURT = re.compile(r"\b(?:court|tribunal|judges?|International Court of Justice|ICJ)\b",
                    re.IGNORECASE)

@dataclass
class Reading:
    """What one sentence says about its source."""

    signals: list[Signal] = field(default_factory=list)  # ranked: the first one decides
    speaker: Entity | None = None  # who speaks in the main frame, for the sentences after
    trailing: Signal | None = None  # "..., according to KCNA." closing the sentence
    trailing_entity: Entity | None = None
    has_head: bool = False  # a main frame of its own, other than a reported act
    explicit: bool = False  # the main frame is a reporting verb, even with an unknown speaker
    quoted: bool = False  # holds a quotation
    # opens on a date ("In September 2023, ..."): history in the outlet's voice, which the
    # next sentence's source does not cover
    dated: bool = False
    flags: set[str] = field(default_factory=set)  # what makes the reading riskier
    # where its speaker stands in the article's charges once it is read (Accusations.side_of)
    side: tuple[str, ...] = ()


# "police said they would not release their names": what is reported is the speaker's own
# refusal, which asserts nothing.
_REFUSES_ITSELF = re.compile(r"\s*(?:that\s+)?(?:it|they|he|she)\s+", re.IGNORECASE)


class Reader:
    """Reads the sentences of one article in order, keeping the discourse model up to date."""

    def __init__(self, rules: Rules, speakers: Speakers) -> None:
        self.rules = rules
        self.speakers = speakers
        self.discourse = speakers.discourse
        self.accusations = Accusations(rules, speakers.discourse)
        self.said = Said(rules, self.accusations)

    # --- one sentence -----------------------------------------------------------------------

    def read(self, frames: SentenceFrames) -> Reading:
        text = frames.text
        reading = Reading(quoted=bool(frames.quotes),
                          dated=bool(_DATED_OPENING.match(text, frames.body)))
        if frames.unclosed_quote:
            reading.flags.add("unclosed-quote")
        if frames.truncated:
            reading.flags.add("long-sentence")
        self.speakers.note_firms(text)
        self.speakers.note_bodies(text)
        resolved: list[tuple[Frame, Speaker | None]] = []
        records: list[Signal] = []
        for frame in frames.frames:
            if frame.kind == "according" and frame.subject is not None:
                record = self._record(text, frame)
                if record is not None:
                    records.append(record)
                    continue
            speaker = None
            if frame.subject is not None and frame.embedded:
                speaker = self._own_subject(text, frames, frame)
            if speaker is None and frame.subject is not None and \
                    text[frame.verb[0]:frame.verb[1]].lower().startswith("statement") and \
                    text[frame.subject[0]:frame.subject[1]].strip().lower() in _DETERMINERS and \
                    self.discourse.last_speaker is not None:
                # '..., the statement said.': the statement of whoever spoke last.
                speaker = Speaker(self.discourse.touch(self.discourse.last_speaker),
                                  *frame.subject, "description")
            if speaker is None and frame.subject is not None:
                speaker = self.speakers.resolve(text, *frame.subject, extras=frame.extras)
            if speaker is not None and frame.kind == "outlet" and \
                    speaker.entity.kind not in ("outlet", "channel", "media") and (
                        _PASSIVE_BEFORE.search(text, max(0, frame.verb[0] - 20), frame.verb[0])
                        or speaker.entity.kind in ("unknown", "civil", "expert")):
                # "The herders were released late Monday", "Laboratory tests showed": something
                # done to them, or a finding, not anyone's words.
                speaker = None
            if speaker is not None and speaker.entity.kind not in ("outlet", "channel") and \
                    _OUTLET_ONLY.fullmatch(text, *frame.verb):
                # "The navy went further" reports no words; "the Herald went further" is a paper
                # going on to say more.
                speaker = None
            resolved.append((frame, speaker))
        for frame, _ in resolved:
            self._relayed(text, frames, frame)
        spoken = [(f, s) for f, s in resolved if s is not None and not frames.quoted(*f.verb)]
        background = [(f, s) for f, s in spoken
                      if self._background(text, frames, f, reading.dated)]
        if background:
            # "..., accusing Morocco of 'hostile actions', which Rabat denied": what is
            # embedded in a summary is part of it.
            first = min(f.verb[0] for f, _ in background)
            background += [(f, s) for f, s in spoken if f.embedded and f.verb[0] > first]
            reading.flags.add("background")
            spoken = [p for p in spoken if p not in background]
        head = next(((f, s) for f, s in spoken if not f.embedded and not f.trailing
                     and not f.coordinated and not f.participle), None)
        trail = next(((f, s) for f, s in spoken if f.trailing and not f.embedded
                      and s.entity.kind != "unknown"), None)
        if head is None and trail is None:
            trail = next(((f, s) for f, s in spoken if not f.embedded), None)
        if not spoken:
            first_clause = re.search(r"[,;:]", text[frames.body:frames.body + 200])
            self.speakers.mention(text, frames.body, frames.body + (
                first_clause.start() if first_clause else min(200, len(text) - frames.body)))
        main = head or trail
        refusal = self._refusal(frames, main[0] if main else None)
        if refusal is not None and (main is None or main[0].negated or
                                    refusal.start <= main[0].verb[0] or
                                    self._silent_relay(text, main[0], refusal) or
                                    _REFUSES_ITSELF.fullmatch(text, main[0].content[0],
                                                              refusal.start)):
            reading.signals.append(refusal)
        if head is not None and head[0].negated and refusal is None:
            reading.signals.append(Signal("refusal", head[0].verb[0], head[0].verb[1],
                                          self.rules.data.own_voice or ""))
        if main is not None and main[0].participle and self.rules.own_acts is not None:
            # "Norland imposed sanctions on four companies, accusing them of ...": the act.
            act = self.rules.own_acts.search(text, frames.body, main[0].verb[0])
            if act is not None:
                reading.signals.append(Signal("own_act", act.start(), act.end(),
                                              self._party(text, main[1])))
        story = _OTHER_STORY.match(text, frames.body) if main is None else None
        if story is not None and any(
                h.kind == "government" and not h.role for h in
                self.speakers.lexicon.hits(text, frames.body, story.end("subject"))):
            # "Ankara tells a different story.": the other side's account, which answers the
            # charge (data or a satellite image "telling a different story" does not).
            reading.signals.append(Signal("denial_verb", story.start("verb"), story.end(),
                                          text[frames.body:story.end("subject")].strip()))
        if main is None:
            reading.flags.add("no-frame")
        else:
            if main[0].trailing:
                reading.flags.add("trailing-source")
            if main[0].participle or main[0].coordinated:
                reading.flags.add("inherited-subject")
        if len(spoken) >= 3:
            reading.flags.add("many-frames")
        reading.flags |= reading_risks(frames, spoken, main, self.speakers.lexicon.hits(text),
                                       self.discourse.sentence)
        if main is not None:
            self.accusations.sides(text, main[1], main[0])
            reading.signals += self._frame_signals(text, frames, main[0], main[1], reading)
            listener = self._state_listener(text, main[0], main[1])
            if listener is not None:
                reading.signals.append(listener)
            reading.speaker = main[1].entity
            reading.has_head = main[0].kind != "act" and main[1].entity.kind != "unknown"
            reading.explicit = main[0].kind in ("speech", "according", "passive")
            self.discourse.spoke(main[1].entity)
        for frame, speaker in spoken:
            if (frame, speaker) == main:
                continue
            if frame.coordinated or frame.participle:
                if main is not None and speaker.entity is main[1].entity:
                    reading.signals += self.said.signals(text, frame, speaker, frames, self._party(text, speaker))
                    continue
            extra = self._frame_signals(text, frames, frame, speaker, reading, secondary=True)
            reading.signals += extra
            if frame.trailing and trail is not None and frame is trail[0] and extra:
                reading.trailing = extra[0]
                reading.trailing_entity = speaker.entity
        if main is not None and main is trail and reading.signals:
            frame = main[0]
            if frame.trailing or frame.kind == "according":
                speaker_signals = [s for s in reading.signals if s.kind in SPEAKER_SIGNALS.values()
                                   or s.kind in ("state_outlet",)]
                if speaker_signals:
                    reading.trailing = speaker_signals[0]
                    reading.trailing_entity = main[1].entity
        for frame, speaker in resolved:
            if frame.via is not None:
                via = self.speakers.resolve(text, *frame.via)
                if via is not None and via.entity.kind == "outlet":
                    reading.signals.append(Signal(
                        "state_outlet", frame.via[0], frame.via[1], self._source(text, via)))
                elif via is not None and frame.subject is None and \
                        via.entity.kind in ("channel", "government"):
                    # "In a video posted on the KGB's Telegram channel, ...": its owner speaks.
                    reading.signals.append(Signal(
                        "government_channel", frame.via[0], frame.via[1], self._source(text, via)))
        reading.signals += records
        for start, end in frames.hedges:
            reading.signals.append(Signal("hedge", start, end,
                                          self.rules.data.hidden_source or "not named"))
        if self.rules.records is not None:
            match = self.rules.records.search(text, frames.body)
            if match:
                reading.signals.append(Signal("record", match.start(), match.end(),
                                              self.rules.data.own_voice or ""))
        if main is not None and reading.signals:
            first = reading.signals[0]
            if first.kind not in ("denial_verb", "denial_content", "accused_rebuttal",
                                  "refusal", "continues_previous") or (
                    first.kind == "continues_previous" and
                    first.answer == self.answer_of("accusation_verb")):
                # What a side asserts, not a denial or a refusal: it accuses whom it names.
                self.accusations.note(text, main[0], main[1].entity)
            elif first.kind in ("denial_verb", "accused_rebuttal"):
                rebuttal = (first.start, first.end) if first.kind == "accused_rebuttal" else None
                self.accusations.denied(main[1].entity, text, rebuttal)
        reading.side = self.accusations.side_of(main[1].entity if main else None, text)
        return reading

    def _state_listener(self, text: str, frame: Frame, speaker: Speaker) -> Signal | None:
        """ "told the state news agency RIA Novosti": a party's words published through a
        state outlet, which state_media also fits."""
        if text[frame.verb[0]:frame.verb[1]].lower() not in ("told", "tells", "telling") or \
                speaker.entity.kind not in ("government", "channel"):
            return None  # a relative or an analyst telling DW is the outlet's own interview
        hits = self.speakers.lexicon.hits(text, frame.verb[1], min(len(text), frame.verb[1] + 60))
        outlet = next((h for h in hits if h.kind == "outlet"), None)
        between = text[frame.verb[1]:outlet.start] if outlet is not None else ""
        if outlet is None or len(between.split()) > 3 or re.search(r"[,.;:“\"]", between):
            return None  # the outlet must be whom the words were told to
        found = self.speakers.resolve(text, outlet.start, outlet.end)
        source = self._source(text, found) if found is not None else outlet.text
        return Signal("state_outlet", outlet.start, outlet.end, source)

    @staticmethod
    def _silent_relay(text: str, frame: Frame, refusal: Signal) -> bool:
        """ "The agency carried the statement in full but added no comment": an outlet's act
        of relaying, told for what the outlet left unsaid, is the reporter's own account."""
        return frame.kind == "outlet" and bool(_BUT.search(text, frame.verb[1], refusal.start))

    def _own_subject(self, text: str, frames: SentenceFrames, frame: Frame) -> Speaker | None:
        """ "Iraq's foreign ministry summoned ... over what it called a violation": a pronoun in
        an embedded frame stands for the sentence's own subject, not the last speaker."""
        start, end = frame.subject
        if not _PRONOUN_SUBJECT.match(text, start, end) or frame.verb[0] - frames.body > 300:
            return None
        first_clause = re.search(r"[,;:]", text[frames.body:start])
        if first_clause is not None:
            return None  # the subject is not one clause away from the pronoun
        leading = self.speakers.leading(text, frames.body, start)
        if leading is None or leading[0] - frames.body > 40:
            return None
        named = self.speakers.resolve(text, *leading)
        if named is None or named.entity.kind == "unknown" or named.entity.plural != (
                text[start:end].casefold() == "they"):
            return None
        return Speaker(named.entity, start, end, "pronoun")

    def _background(self, text: str, frames: SentenceFrames, frame: Frame, dated: bool) -> bool:
        """A frame that summarises rather than reports: what a side habitually says ("state
        media has regularly accused"), or an accusation that went with a dated act ("since
        Algeria cut ties in August 2021, accusing Morocco of ..."). The outlet's own voice."""
        if frame.habitual:
            return True
        if frame.kind != "outlet" and \
                _SINCE_BEFORE.search(text, max(frames.body, frame.verb[0] - 12), frame.verb[0]):
            # "His government has since announced several foiled coup attempts": a record of
            # what it has done since, in the outlet's voice.
            return True
        if frame.participle and _EARLIER.search(text, frames.body, frame.verb[0]):
            # "Beijing has previously suspended imports ..., citing pests": a past act and the
            # reason given for it, told as background.
            return True
        if frame.participle and frame.kind in ("accusation", "denial") and \
                bool(_YEAR.search(text, frames.body, frame.verb[0])):
            return True
        # "Turkey's parliament declared in 1995 that", "In October 2024, the two governments
        # announced", "EASA has warned airlines since March 2022": history told by the outlet.
        if frame.kind == "according" or frames.quotes and frame.verb[0] > frames.quotes[0][0]:
            return False
        if dated:  # the sentence opens on a date
            return True
        # "declared a national disaster over drought in February 2024": the act is dated; a
        # date after "said" dates what was said about.
        verb = text[frame.verb[0]:frame.verb[1]].lower()
        after = _DATED_AFTER if verb in _SAYING else _DATED_ACT
        return bool(after.match(text, frame.verb[1]))

    def _relayed(self, text: str, frames: SentenceFrames, frame: Frame) -> None:
        """Introduce whom an outlet quotes or cites: "quoted the ministry's spokeswoman, Anahit
        Sargsyan, as saying", "citing the defence ministry"; they may speak again later."""
        verb = text[frame.verb[0]:frame.verb[1]].lower()
        if verb not in ("quoted", "quoting", "quotes", "cited", "citing", "cites"):
            return
        start = frame.verb[1]
        as_saying = _AS_SAYING.search(text, start, min(len(text), start + 160))
        end = as_saying.start() if as_saying else _clause_end(text, start)
        pieces = _comma_pieces(text, start, end)
        if pieces:
            self.speakers.resolve(text, *pieces[0], extras=tuple(pieces[1:]))

    # --- signals of one frame ---------------------------------------------------------------

    def _frame_signals(self, text: str, frames: SentenceFrames, frame: Frame, speaker: Speaker,
                       reading: Reading, secondary: bool = False) -> list[Signal]:
        entity = speaker.entity
        cue = self._cue(frame, speaker)
        source = self._source(text, speaker)
        base = SPEAKER_SIGNALS[entity.kind]
        if frame.kind == "outlet" and entity.kind not in ("outlet", "channel"):
            base = "other_speech" if entity.kind == "unknown" else base
        signals: list[Signal] = []
        if entity.kind == "outlet" and speaker.resolved and frame.kind in ("denial",
                                                                             "accusation"):
            # "They denied it": the verb is surer than whom the pronoun stands for.
            kind = "denial_verb" if frame.kind == "denial" else "accusation_verb"
            signals = [Signal(kind, *frame.verb, source), Signal("state_outlet", *cue, source)]
            reading.flags.add(f"resolved-{speaker.how}")
            return signals
        if entity.kind == "outlet" and _CORRESPONDENT.search(text, frames.body):
            # "Reporting from Baghdad, Al Jazeera's Hoda Karim said": the outlet's own
            # correspondent, its own reporting.
            return [Signal("other_speech", *cue, source)]
        if entity.kind == "outlet":
            signals.append(Signal("state_outlet", *cue, source))
            if entity.control == "state-body":
                signals.append(Signal("government_speech", *cue, source))
            if frame.kind == "denial":
                signals.append(Signal("denial_verb", *frame.verb, source))
            elif frame.kind == "accusation":
                signals.append(Signal("accusation_verb", *frame.verb, source))
            signals += [s for s in self.said.signals(text, frame, speaker, frames, self._party(text, speaker))
                        if s.kind in ("denial_verb", "accusation_verb")]
            quoted_speaker = self._quoted_government(text, frame)
            if quoted_speaker:
                signals.append(Signal("government_speech", *cue, source))
            return self._carry(signals, speaker, reading)
        outside = entity.kind in ("expert", "civil")
        if frame.kind in ("denial", "accusation") and _COURT.search(
                f"{text[speaker.start:speaker.end]} {entity.name}"):
            # "the same court rejected Bolivia's claim": a ruling, on the record
            return [Signal("finding", *frame.verb, self._party(text, speaker))]
        if frame.kind == "denial" and self.accusations.answers_accused(text, frame, entity):
            # "dismissed the French statement as 'the usual script'": the accuser answering
            # the accused side's denial goes on accusing.
            signals.append(Signal("accusation_verb", *frame.verb, self._party(text, speaker)))
        elif frame.kind == "denial":
            signals.append(Signal("denial_verb", *frame.verb, self._party(text, speaker)))
        elif frame.kind == "accusation" and not outside and self.said.rejects_charge(text, frame):
            # "slammed the protest as 'baseless and unacceptable'": the charge is what is hit.
            signals.append(Signal("denial_verb", *frame.verb, self._party(text, speaker)))
        elif frame.kind == "accusation" and not outside:
            signals.append(Signal("accusation_verb", *frame.verb, self._party(text, speaker)))
        content = self.said.signals(text, frame, speaker, frames, self._party(text, speaker))
        if not secondary and not any(s.kind.startswith("denial") for s in signals + content):
            rebuttal = self.accusations.rebuttal(text, frame, speaker)
            if rebuttal is not None:
                signals.append(Signal("accused_rebuttal", *rebuttal, self._party(text, speaker)))
        if entity.kind == "international":
            signals += [s for s in content if s.kind in ("finding", "denial_verb")]
            if frame.kind == "according" and not signals:
                # "..., according to the U.N. Office on Drugs and Crime": its published record.
                signals.append(Signal("finding", *cue, source))
        elif entity.kind == "expert":
            # An analyst is no party to the dispute: "signalling, not trade volumes" rejects
            # nobody's accusation.
            signals += [s for s in content if s.kind not in ("denial_content", "denial_verb")]
        elif entity.kind in ("government", "channel", "company", "unknown", "civil",
                             "media") or not content:
            signals += content
        if base == "government_speech" and frame.own_channel and not entity.person:
            signals.append(Signal("government_channel", *cue, source))
        if entity.kind == "media" and self._quoted_government(text, frame):
            # "Kyodo News, citing diplomatic sources, reported": the government's sources
            # speak through the agency.
            signals.append(Signal("government_speech", *cue, source))
        if frame.kind not in ("denial", "accusation") or (frame.kind == "accusation" and outside):
            # A rights group or an analyst accusing is no government alleging: who they are
            # decides, as when they speak.
            signals.append(Signal(base, *cue, source))
        if entity.kind == "unknown":
            reading.flags.add("unknown-speaker")
        return self._carry(signals, speaker, reading)

    def _carry(self, signals: list[Signal], speaker: Speaker, reading: Reading) -> list[Signal]:
        """A speaker named by a pronoun or a description ("It said", "the ministry said")
        carries the source over from before: the rule that fired is continues_previous."""
        if speaker.how in ("pronoun", "description") and signals:
            reading.flags.add(f"resolved-{speaker.how}")
            first = signals[0]
            answer = self.answer_of(first.kind)
            carried = Signal("continues_previous", first.start, first.end, first.source, answer)
            return [carried] + signals[1:]
        if speaker.how == "name":
            reading.flags.add("resolved-name")
        return signals

    def answer_of(self, kind: str) -> str | None:
        decision = self.rules.decisions_by_signal.get(kind)
        return decision.answer if decision else None

    def _quoted_government(self, text: str, frame: Frame) -> bool:
        """An outlet relaying a government's words: "quoted the minister as saying"."""
        start, end = frame.content
        window = text[max(0, frame.verb[0] - 80):end]
        if not re.search(r"\b(?:quot\w*|citing|cited)\b", window, re.IGNORECASE):
            return False
        hits = self.speakers.lexicon.hits(text, max(0, frame.verb[0] - 80), end)
        return any(h.kind == "government" for h in hits)

    # --- words for the draft ----------------------------------------------------------------

    def _cue(self, frame: Frame, speaker: Speaker) -> tuple[int, int]:
        verb_start, verb_end = frame.verb
        if speaker.start > verb_start or verb_start - speaker.end <= 40:
            return min(verb_start, speaker.start), max(verb_end, speaker.end)
        return frame.verb

    def _source(self, text: str, speaker: Speaker) -> str:
        entity = speaker.entity
        if speaker.resolved:
            return f"{entity.describe()} (named earlier in the article)"
        if entity.kind in ("outlet", "channel", "media") and entity.role:
            return f"{entity.name} ({entity.role})"
        written = " ".join(text[speaker.start:speaker.end].split())
        if entity.role and entity.role.casefold() not in written.casefold():
            return f"{written}, {entity.role}"
        return written

    def _party(self, text: str, speaker: Speaker) -> str:
        """Who denies or accuses, as the sentence writes it."""
        if speaker.resolved:
            return f"{speaker.entity.describe()} (named earlier in the article)"
        return " ".join(text[speaker.start:speaker.end].split())

    def _record(self, text: str, frame: Frame) -> Signal | None:
        """"according to World Bank figures": a published record, not a speaker."""
        start, end = frame.subject
        nouns = self.rules.record_nouns
        if nouns is None:
            return None
        for match in nouns.finditer(text, start, min(end, start + 80)):
            lead = text[start:match.start()]
            if len(lead.split()) <= 4 and not re.search(r"\b(?:by|from)\b", lead):
                return Signal("record", frame.verb[0], match.end(),
                              f"{text[start:match.end()]} (a published record)")
        return None

    def _refusal(self, frames: SentenceFrames, main: Frame | None) -> Signal | None:
        """What was not said or could not be checked, outside quotations and outside the
        description of the speaker ("a diplomat, who spoke because it has not been made
        public, said": the diplomat still speaks)."""
        if self.rules.refusals is None:
            return None
        around = list(main.extras) if main is not None else []
        for match in self.rules.refusals.finditer(frames.text, frames.body):
            inside = any(a <= match.start() < b for a, b in around)
            if not frames.quoted(match.start(), match.end()) and not inside:
                return Signal("refusal", match.start(), match.end(),
                              self.rules.data.own_voice or "")
        return None

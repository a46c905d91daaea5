"""Who accuses whom in one article: the sides a speaker stands for (rules.parties: a country,
its people, its capital), the sides and companies the article's charges aim at, and the accused
side's answers that reject a charge without a denial verb ("nothing to answer for").
"""

from __future__ import annotations

import re

from quiz.content.drafter.entities import Discourse, Entity, name_words
from quiz.content.drafter.frames import Frame
from quiz.content.drafter.lexicon import Rules
from quiz.content.drafter.speakers import Speaker

_DEFENDER = re.compile(r"\b(?:wife|husband|brother|sister|son|daughter|mother|father|family|"
                       r"relatives?|lawyers?|attorneys?|defen[cs]e\s+team|counsel)\b",
                       re.IGNORECASE)
_NEGATED = re.compile(r"\binnocent\b|\bnot\s+guilty\b|\b(?:he|she|they|my\s+\w+|our\s+\w+)\s+(?:is|was|has|had|did|"
                      r"does|have|were|are)\s+(?:not|never)\s+(?!(?:yet\s+)?(?:heard|seen|"
                      r"received|known|been\s+able|been\s+allowed|been\s+told))", re.IGNORECASE)
# "insisted", "maintained": from the side accused, holding to its own account against the charge.
_HOLDS = frozenset({"insisted", "insists", "maintained", "maintains", "countered", "counters"})
# "Morocco's denial changes nothing": the accuser answering a denial, not denying.
ANSWERS_DENIAL = re.compile(r"\bden(?:ial|ials|ied|y|ies|ying)\b", re.IGNORECASE)
# "the French statement", "Morocco's denial", "Paris's account": what the other side said.
_ACCUSED_STATEMENT = re.compile(
    r"\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s+){0,3}?[A-Z][\w’'-]*?)(?:['’]s)?\s+(?:official\s+)?"
    r"(?:statement|statements|denial|denials|response|reply|account|explanation|version)\b")
_OWNER = re.compile(r"(its|their)\s", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_BRIEFED_IN = re.compile(r"\b(?:news conference|press conference|briefing|reporters|journalists)"
                         r"(?:\s+[a-z]+){0,5}?\s+in\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)")
# "In Tehran, ...": a sentence opening on a capital.
_OPENED_IN = re.compile(r"\s*[\"“]?In\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?),")
_POSSESSOR = re.compile(r"\b([A-Z][\w-]*)['’]s\b")
_PARTY_SPEAKERS = frozenset({"government", "channel", "outlet"})
# "would consider penalties if Mexico did not act", "if the containers were not released":
# a condition, not the side saying what did not happen.
_CONDITION = re.compile(r"\b(?:if|unless|until)\s[^,;.“”\"]*$", re.IGNORECASE)


def _take_side(entity: Entity, known: Entity | None) -> None:
    """`entity` stands with the sides of `known`, an entity the article named before."""
    if known is not None and known is not entity:
        entity.parties |= known.parties


class Accusations:
    """The accusation memory of one article, read sentence by sentence with it."""

    def __init__(self, rules: Rules, discourse: Discourse) -> None:
        self.rules = rules
        self.discourse = discourse

    def _rebuttals(self, text: str, start: int = 0, end: int | None = None) -> re.Match | None:
        """The first of the rules' rebuttals (signals.yaml) in text[start:end]."""
        found = self.rules.rebuttals
        if found is None:
            return None
        end = len(text) if end is None else end
        for match in found.finditer(text, start, end):
            if not _CONDITION.search(text, max(start, match.start() - 60), match.start()):
                return match
        return None

    def sides(self, text: str, speaker: Speaker, frame: Frame) -> None:
        """The parties a government or outlet speaker stands for: "Morocco's government
        spokesman", "a Moroccan military source", Nasiri after "Iran's foreign ministry
        spokesman, Reza Nasiri", an official who "told a news conference in Taipei"."""
        entity = speaker.entity
        if entity.kind not in _PARTY_SPEAKERS:
            return
        rules = self.rules
        entity.parties |= rules.parties_in(text, speaker.start, speaker.end, places=False)
        if not entity.parties:
            described = f"{entity.name} {entity.role}"
            entity.parties |= rules.parties_in(described, places=False)
        if not entity.parties and entity.person and entity.role:
            # "ministry spokesperson Colonel Armindo Tembe" after "Mozambique's Ministry of
            # National Defence": the body his role names is the one the article named last.
            for word in reversed(re.findall(r"[a-z]+", entity.role)):
                known = self.discourse.by_noun(word)
                if known is not None and known is not entity and not known.person and \
                        known.kind == entity.kind:
                    _take_side(entity, known)
                    break
        possessor = _POSSESSOR.search(text, speaker.start, speaker.end)
        if not entity.parties and possessor:
            # "the LNA's media office": the side of the body that owns the channel
            _take_side(entity, self.discourse.by_name(possessor.group(1)))
        owner = _OWNER.match(entity.role)
        if not entity.parties and owner:
            # "Its spokesperson, Commander Ruwan Jayasekara": the side of the body before.
            _take_side(entity, self.discourse.by_pronoun(owner.group(1)))
        if not entity.parties:
            # "CGA Deputy Director-General Chou Wen-bin", "TAO spokeswoman Zhu Xiaoling": the
            # side of the body the article named before, named again in the role.
            for word in _ACRONYM.findall(text, speaker.start, speaker.end):
                bodies = [e for e in self.discourse.entities if e is not entity and
                          not e.person and e.parties and word.casefold() in e.names]
                if bodies:
                    _take_side(entity, max(bodies, key=lambda e: e.seen))
                    break
        if not entity.parties and entity.kind != "outlet" and \
                (opened := _OPENED_IN.match(text)) and opened.end() <= speaker.start:
            # "In Tehran, Foreign Ministry spokesman Hamid Rezaeifar said": the capital the
            # sentence opens on is the side the official speaks for.
            entity.parties |= self.rules.parties_in(text, *opened.span(1))
        if not entity.parties and entity.kind != "outlet":
            # "told a news conference in Taipei", "who briefs reporters each week in Ankara":
            # an official speaks to the press in the capital of the side they speak for.
            start, end = frame.content
            for match in _BRIEFED_IN.finditer(text):
                if not start <= match.start() < end:
                    entity.parties |= self.rules.parties_in(text, *match.span(1))
                    break

    def denied(self, entity: Entity, text: str, rebuttal: tuple[int, int] | None = None) -> None:
        """A government body of no named side rejecting the charge ("The CGA rejected the
        accusation", after Beijing accused Taipei): it speaks for the one side accused. One
        that places its own act on its own ground ("its officers were operating 'within
        Tanzanian waters'") is that side, and it answers a charge."""
        discourse = self.discourse
        if entity.kind not in ("government", "channel") or entity.parties:
            return
        if rebuttal is not None:
            named = self.rules.parties_in(text, *rebuttal)
            if len(named) == 1:
                entity.parties |= named
                discourse.accusation(set(), named)
                return
        accused = set(discourse.accused) - set(discourse.accusing)
        if len(accused) == 1:
            entity.parties |= accused

    def note(self, text: str, frame: Frame, entity: Entity) -> None:
        """A government or its outlet asserting something about another side: that side is
        now the accused, whose later answers are denials. (An international body's finding
        charges the firms it names, as in an anti-fraud office's report.)"""
        if entity.kind == "international":
            start, end = frame.content
            self.discourse.accused_names |= name_words(text, start, end) - entity.names
            return
        if entity.kind not in _PARTY_SPEAKERS:
            return
        start, end = frame.content
        against = self.rules.parties_in(text, start, end)
        if frame.kind == "accusation":
            against |= self.rules.parties_in(text, frame.verb[1], end)
        if against:
            self.discourse.accusation(entity.parties, against)
        # "the ministry said Orient Crest had under-declared its exports": the company named
        # in a government's charge is accused too.
        self.discourse.accused_names |= name_words(text, start, end) - entity.names

    def side_of(self, entity: Entity | None, text: str) -> tuple[str, ...]:
        """Where the speaker stands in the article's charges (speaker_side), and which of the
        charge's sides the sentence names besides its own: "side:names-accused",
        "side:names-accuser"."""
        found = self.speaker_side(entity)
        named = self.rules.parties_in(text) - (entity.parties if entity is not None else set())
        if any(p in self.discourse.accused for p in named):
            found += ("side:names-accused",)
        if any(p in self.discourse.accusing for p in named):
            found += ("side:names-accuser",)
        return found

    def speaker_side(self, entity: Entity | None) -> tuple[str, ...]:
        """Where the speaker stands in the article's charges so far, for the second reading:
        "side:accused" (its side was charged before it charged anyone), "side:accuser",
        "side:unknown" (a government or outlet of no named side; "side:unknown-one" when the
        article has charged one side only), "side:neither", "side:firm-charged" (a company a
        charge named), "side:none" (no government, outlet or firm speaks)."""
        if entity is None:
            return ("side:none",)
        discourse = self.discourse
        if entity.kind == "company":
            charged = bool(entity.names & discourse.accused_names)
            return ("side:firm-charged",) if charged else ("side:none",)
        if entity.kind not in _PARTY_SPEAKERS:
            return ("side:none",)
        parties = entity.parties
        if not parties:
            alone = len(discourse.accused) == 1 and \
                not set(discourse.accused) <= set(discourse.accusing)
            return ("side:unknown", "side:unknown-one") if alone else ("side:unknown",)
        if discourse.accused_first(parties):
            return ("side:accused",)
        if any(p in discourse.accusing for p in parties):
            return ("side:accuser",)
        return ("side:neither",)

    def is_accuser(self, entity: Entity) -> bool:
        """A government whose side has accused someone and has not been accused itself: its
        negations ("no bank details had been taken") tell its own case, they deny nothing."""
        parties = entity.parties
        return entity.kind in ("government", "channel") and bool(parties) and \
            any(p in self.discourse.accusing for p in parties) and \
            not self.discourse.is_accused(parties)

    def is_bystander(self, entity: Entity, text: str, start: int, end: int) -> bool:
        """A resident, a trader or a witness whom no charge names, nor speaks for anyone
        charged: their "has no income" rejects nothing."""
        if entity.kind != "civil":
            return False  # an unknown speaker may be the accused, named in words not known
        said_by = entity.names | name_words(entity.role) | name_words(text, start, end)
        return not said_by & self.discourse.accused_names and not _DEFENDER.search(
            f"{text[start:end]} {entity.role}")

    def rebuts(self, entity: Entity, text: str) -> bool:
        """Whether words of `entity` running on from the sentence before reject the charge
        against its side: a quotation that continues after the accused side's reply."""
        if entity.kind in ("government", "channel"):
            accused = self.discourse.is_accused(entity.parties)
        elif entity.kind == "company":
            accused = bool(self.discourse.accused_names)
        else:
            return False
        return accused and not ANSWERS_DENIAL.search(text) and bool(self._rebuttals(text))

    def answers_accused(self, text: str, frame: Frame, entity: Entity) -> bool:
        """Whether a denial verb's object is the accused side's own statement ("dismissed the
        French statement", "rejected Morocco's denial"), from someone not on that side."""
        if entity.kind not in ("government", "channel", "outlet"):
            return False
        match = _ACCUSED_STATEMENT.match(text, frame.verb[1])
        if match is None:
            match = _ACCUSED_STATEMENT.match(text, frame.verb[0] + len(
                text[frame.verb[0]:frame.verb[1]].split()[0]))
        if match is None:
            return False
        parties = self.rules.parties_in(text, match.start(1), match.end(1))
        return bool(parties) and not parties & entity.parties and \
            self.discourse.accused_first(parties)

    def _active_denial(self, text: str, start: int, end: int) -> re.Match[str] | None:
        """A denial verb in the sense of rejecting something: "he had been denied access to his
        client" is what happened to the lawyer (a not_speech phrase), not a denial."""
        if self.rules.denial is None:
            return None
        return next((m for m in self.rules.denial.finditer(text, start, end)
                     if not self.rules.not_speech_at(text, m.start())), None)

    def rebuttal(self, text: str, frame: Frame, speaker: Speaker) -> tuple[int, int] | None:
        """The side accused earlier in the article answering with a negation: "the kingdom had
        'nothing to answer for'", "'We did not allow anyone ...,' the Taliban spokesman said"."""
        entity = speaker.entity
        if frame.kind == "accusation" or frame.long_standing:
            return None  # ("Managua has long maintained that": its standing position)
        if entity.kind in ("unknown", "civil") and _DEFENDER.search(
                f"{text[speaker.start:speaker.end]} {entity.role} {entity.name}"):
            # "“He has never been interested in politics,” his wife told": the family or the
            # lawyer of someone charged answers for them.
            start, end = frame.content
            match = _NEGATED.search(text, start, end) or self._rebuttals(text, start, end) or \
                self._active_denial(text, start, end)
            return (match.start(), match.end()) if match else None
        if entity.kind in ("company", "unknown"):
            words = entity.names | name_words(entity.role) | name_words(
                text, speaker.start, speaker.end)
            said_by = name_words(entity.role) | name_words(text, speaker.start, speaker.end)
            unnamed = entity.kind == "company" and (entity.person or bool(entity.role)) and not any(
                known is not entity and known.kind == "company" and not known.person
                and known.names & said_by
                for known in self.discourse.entities)
            # "chief executive Somchai Rattanawong said": the firm he heads goes unnamed; in an
            # article that charges a company, it is that company answering.
            if not words & self.discourse.accused_names and not (
                    unnamed and self.discourse.accused_names):
                return None
        elif entity.kind not in ("government", "channel"):
            return None
        elif not self.discourse.is_accused(entity.parties):
            # "No officer of the Senegalese customs has asked anyone for money," he said: the
            # words name the accused side even when the speaker's own side is not known.
            if entity.parties:
                return None
            start, end = frame.content
            match = self._rebuttals(text, start, end)
            if match is None:
                return None
            named = self.rules.parties_in(text, match.start(), min(end, match.end() + 40))
            if named:
                return (match.start(), match.end()) if self.discourse.is_accused(named) else None
            # '"There was no pushback," a ministry spokesman told Reuters': an official of no
            # named side, introduced right here, whose words open on the rebuttal, answering
            # the one side the article has charged.
            opening = not text[start:match.start()].strip(" \"“‘'")
            alone = len(self.discourse.accused) == 1 and not set(self.discourse.accused) <= \
                set(self.discourse.accusing)
            if opening and alone and not speaker.resolved and \
                    not self.rules.parties_in(text, start, end):
                return match.start(), match.end()
            return None
        start, end = frame.content
        if ANSWERS_DENIAL.search(text, start, end):
            return None
        verb = text[frame.verb[0]:frame.verb[1]]
        if verb.lower() in _HOLDS and entity.kind in ("government", "channel"):
            return frame.verb
        match = self._rebuttals(text, start, end)
        if match is None:
            return None
        return match.start(), match.end()

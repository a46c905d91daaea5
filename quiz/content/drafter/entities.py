"""The discourse model: the speakers an article introduces (people, governments, ministries,
outlets, companies, international bodies), their roles, and what later mentions refer to.

"Ana Moreno, the interior minister" introduces a person with a role; "Moreno said", "she said",
"the ministry said", "the agency said" are resolved to entities introduced before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.content.drafter.lexicon import Rules, SourceTable, compile_phrases, phrase_key

# What each speaker kind is, for the reading: which signal its speech fires.
SPEAKER_SIGNALS = {
    "outlet": "state_outlet",
    "channel": "government_channel",
    "government": "government_speech",
    "international": "international_speech",
    "company": "company_speech",
    "expert": "other_speech",
    "civil": "other_speech",
    "media": "other_speech",
    "unknown": "other_speech",
}
# When two kinds of hit sit in one speaker phrase, the affiliation of a person is the first of
# these that the phrase names ("a spokesman for the EU mission" speaks for the EU).
_AFFILIATION_ORDER = ("international", "outlet", "channel", "company", "media", "government",
                      "expert", "civil")
_PRONOUNS = {"he": "person", "she": "person", "it": "thing", "they": "plural", "its": "thing",
             "his": "person", "her": "person", "their": "plural"}
_WORD = re.compile(r"[\w][\w.'’&-]*")
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-Z]{2,}|[a-z]+[A-Z][\w'’.-]*")
_NAME_PARTICLES = frozenset("al el bin ibn van von de da du der di le la dos".split())
# Words that start with a capital in a speaker phrase without being part of a name.
_NOT_NAMES = frozenset(
    "the a an in on at but and its their his her our this that these those after before "
    "when while since last asked both two three four several some many one another other "
    "then later earlier meanwhile however yet still also so".split())
# The part of a speaker phrase that names the speaker stops at a preposition or a clause.
_HEAD_END = re.compile(r"\s(?:of|for|in|at|from|on|with|to|near|who|which|whose|that|"
                       r"based|according)\s|,", re.IGNORECASE)
# The document nouns are here too: "The report said" after "the IAEA said in a report" is the
# IAEA's report, "the post said" after "In a post on X, the ministry said" the ministry's.
_GENERIC_NOUNS = frozenset("group organisation organization body movement militia force "
                           "alliance coalition side report statement dispatch post letter "
                           "notice communique communiqué message".split())
_PLURAL_HEADS = frozenset("officials authorities diplomats forces troops guards companies "
                          "groups activists analysts experts researchers prosecutors "
                          "lawmakers residents witnesses sides monitors".split())


@dataclass(eq=False)
class Entity:
    """One speaker the article has introduced."""

    kind: str  # a key of SPEAKER_SIGNALS
    name: str  # as first written: "Ana Moreno", "KCNA", "Russia's Defense Ministry"
    role: str = ""  # "the interior minister", "North Korea's state news agency"
    person: bool = False
    plural: bool = False
    control: str | None = None  # outlets: the registry's ownership
    names: set[str] = field(default_factory=set)  # folded words that refer back to it
    nouns: set[str] = field(default_factory=set)  # folded reference nouns: ministry, agency
    seen: int = 0  # the sentence where it was last mentioned
    previous_seen: int = -1  # the sentence of the mention before (how far back a reference reaches)
    parties: set[int] = field(default_factory=set)  # the sides it speaks for (rules.parties)

    def describe(self) -> str:
        """The entity as a drafted item's source: "Ana Moreno, the interior minister"."""
        if self.role and phrase_key(self.role) not in phrase_key(self.name):
            return f"{self.name}, {self.role}"
        return self.name


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon phrase found in a sentence."""

    start: int
    end: int
    kind: str  # outlet | international | government | media | company | expert | civil | channel
    text: str
    entry: object | None = None  # the SourceEntry, for named speakers
    role: bool = False  # a person's role ("spokesman", "minister") rather than a body


def _role_entries(rules: Rules) -> set[str]:
    """Folded phrases of government entries that name a person's role, not a body."""
    roles: set[str] = set()
    for entry in rules.data.government_actors:
        if entry.name in ("speaking for a government", "a government minister",
                          "government officials", "a government leader"):
            roles.update(phrase_key(p) for p in entry.match)
    for body in ("government", "governments", "administration", "regime", "junta",
                 "ruling party", "authorities", "embassy", "consulate", "judiciary",
                 "judicial authorities", "cabinet"):
        roles.discard(body)
    return roles


_ORDER = {"outlet": 0, "international": 1, "media": 2, "channel": 3, "company": 4, "expert": 5,
          "civil": 6, "government": 7}


class SpeakerPhrases:
    """Every speaker phrase of the rules in one pattern, and what each phrase names: built
    once per rules (`of`), shared by every article read with them."""

    def __init__(self, rules: Rules) -> None:
        self.roles = _role_entries(rules)
        person_words = {phrase_key(w) for w in ("chief executive", "CEO", "chairman",
                                                "chairwoman", "managing director")}
        person_words |= {phrase_key(w) for w in rules.data.experts}
        self.meanings: dict[str, list[tuple[str, object | None, bool]]] = {}
        phrases: list[str] = []
        for table, kind in ((rules.outlets, "outlet"), (rules.internationals, "international"),
                            (rules.media, "media"), (rules.governments, "government")):
            for key, entry in table.entries.items():
                hit_kind = "media" if getattr(entry, "control", None) == "public-service" \
                    else kind
                role = kind == "government" and key in self.roles
                self.meanings.setdefault(key, []).append((hit_kind, entry, role))
            phrases += [p for e in table.entries.values() for p in e.match]
        data = rules.data
        for words, kind in ((data.companies, "company"), (data.experts, "expert"),
                            (data.civil_society, "civil"), (data.channels, "channel")):
            for phrase in words:
                key = phrase_key(phrase)
                self.meanings.setdefault(key, []).append((kind, None, key in person_words))
            phrases += words
        for meanings in self.meanings.values():
            meanings.sort(key=lambda m: _ORDER[m[0]])
        # A capitalised company word is part of a firm's name ("Qawasim Marine Services"),
        # never the common word ("marine spatial management", "energy policy"); "a group",
        # "the bank" still name an organisation in lower case.
        self.name_parts = frozenset(phrase_key(w) for w in data.companies
                                    if w[:1].isupper()) - {"group", "bank"}
        self.pattern = compile_phrases(phrases)

    @classmethod
    def of(cls, rules: Rules) -> SpeakerPhrases:
        table = rules.derived.get("speaker phrases")
        if not isinstance(table, cls):
            table = rules.derived["speaker phrases"] = cls(rules)
        return table


class Lexicon:
    """The rules' speaker phrases (SpeakerPhrases), and the outlets an article teaches as a
    second, small table."""

    def __init__(self, rules: Rules, learned: SourceTable) -> None:
        self.rules = rules
        self.learned = learned
        self.phrases = SpeakerPhrases.of(rules)
        self.learned_version = 0
        self._scanned_text: str | None = None
        self._scanned_version = -1
        self._scanned: list[Hit] = []

    def hits(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """The phrases found in text[start:end]. A sentence is scanned once, then each
        question about a part of it is answered from that scan."""
        end = len(text) if end is None else end
        if text is not self._scanned_text or self._scanned_version != self.learned_version:
            self._scanned = self._scan(text)
            self._scanned_text, self._scanned_version = text, self.learned_version
        return [h for h in self._scanned if start <= h.start and h.end <= end]

    def learned_more(self) -> None:
        """The article taught an outlet: scan again with it."""
        self.learned_version += 1

    def _scan(self, text: str) -> list[Hit]:
        start, end = 0, len(text)
        found: list[Hit] = []
        phrases = self.phrases
        if phrases.pattern is not None:
            for match in phrases.pattern.finditer(text, start, end):
                meanings = phrases.meanings.get(phrase_key(match.group(0)))
                if not meanings or any(h.start < match.end() and match.start() < h.end
                                       for h in found if h.end - h.start >=
                                       match.end() - match.start()):
                    continue
                if match.group(0)[:1].islower() and \
                        phrase_key(match.group(0)) in phrases.name_parts:
                    meanings = [m for m in meanings if m[0] != "company"]
                    if not meanings:
                        continue
                kind, entry, role = meanings[0]
                found = [h for h in found if h.end <= match.start() or match.end() <= h.start]
                found.append(Hit(match.start(), match.end(), kind, match.group(0), entry, role))
        if self.learned.pattern is not None:  # the registry's own entry wins over a learned one
            for match in self.learned.pattern.finditer(text, start, end):
                # ... but not a country inside the outlet's name ("Cameroon Tribune", "Belarus-1")
                inside = [h for h in found if h.kind == "government" and not h.role and
                          match.start() <= h.start and h.end <= match.end()]
                if any(h.start < match.end() and match.start() < h.end and h not in inside
                       for h in found):
                    continue
                found = [h for h in found if h not in inside]
                entry = self.learned.entry_for(match.group(0))
                found.append(Hit(match.start(), match.end(), "outlet", match.group(0), entry))
        found.sort(key=lambda h: h.start)
        return found


def name_runs(text: str, start: int, end: int, hits: list[Hit], titles: frozenset[str]
              ) -> list[tuple[int, int]]:
    """Spans of capitalised words in [start, end) that are no lexicon phrase: names."""
    covered = [(h.start, h.end) for h in hits]
    runs: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []

    def close() -> None:
        while current and current[-1][1] - current[-1][0] <= 3 and \
                text[current[-1][0]:current[-1][1]].lower() in _NAME_PARTICLES:
            current.pop()
        if current:
            runs.append((current[0][0], current[-1][1]))
        current.clear()

    for word in _WORD.finditer(text, start, end):
        token = word.group(0).rstrip(".")
        inside = any(a <= word.start() < b for a, b in covered)
        gap = text[current[-1][1]:word.start()] if current else " "
        joined = gap in (" ", "-")
        folded = token.casefold()
        prefix = _JOINED_PARTICLE.match(token)  # "al-Harbi" is capitalised after "al-"
        capital = _CAPITALISED.match(token[prefix.end():] if prefix else token)
        is_name = (not inside and bool(capital) and folded not in _NOT_NAMES
                   and folded not in titles)
        particle = bool(current) and folded in _NAME_PARTICLES
        if (is_name or particle) and (joined or not current):
            current.append((word.start(), word.start() + len(word.group(0).rstrip("."))
                            if not token.endswith(".") else word.end()))
            continue
        close()
        if is_name:
            current.append((word.start(), word.end()))
    close()
    return runs


class Discourse:
    """The entities of one article, indexed by the words and nouns that refer back to them,
    each with the sentence where it was last mentioned."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.entities: list[Entity] = []
        self.sentence = 0
        self.last_speaker: Entity | None = None
        self.last_person: Entity | None = None
        self.last_thing: Entity | None = None
        self.last_plural: Entity | None = None
        self._by_key: dict[str, Entity] = {}
        self._by_word: dict[str, list[Entity]] = {}
        self._by_noun: dict[str, list[Entity]] = {}
        # Whom the article's accusations aim at, and who makes them: party -> first sentence.
        self.accused: dict[int, int] = {}
        self.accusing: dict[int, int] = {}
        self.accused_names: set[str] = set()  # folded name words in governments' charges

    # --- accusations --------------------------------------------------------------------------

    def accusation(self, by: set[int], against: set[int]) -> None:
        """A sentence in which `by` accuses or charges `against`."""
        for party in against - by:
            self.accused.setdefault(party, self.sentence)
        for party in by:
            self.accusing.setdefault(party, self.sentence)

    def is_accused(self, parties: set[int]) -> bool:
        """Whether anything in the article so far charged these sides."""
        return any(p in self.accused for p in parties)

    def accused_first(self, parties: set[int]) -> bool:
        """Whether these sides were accused before they accused anyone: the side that answers
        the charge. (Algeria accuses Morocco, Morocco counter-accuses: Morocco is still the
        accused side, Algeria still the accuser answering a denial.)"""
        charged = [self.accused[p] for p in parties if p in self.accused]
        if not charged:
            return False
        accusing = [self.accusing[p] for p in parties if p in self.accusing]
        return not accusing or min(charged) < min(accusing)

    # --- introducing ------------------------------------------------------------------------

    def add(self, entity: Entity) -> Entity:
        """Introduce an entity, or refresh the one it repeats (same name, or an alias)."""
        key = phrase_key(entity.name)
        known = self._by_key.get(key)
        if known is None and entity.person:
            known = next((k for w in sorted(entity.names) for k in self._by_word.get(w, ())
                          if k.person and _same_person(k, entity)), None)
        if known is not None:
            known.role = known.role or entity.role
            if known.kind == "unknown":
                known.kind = entity.kind
            self._index(known, entity.names - known.names, entity.nouns - known.nouns)
            known.names |= entity.names
            known.nouns |= entity.nouns
            return self.touch(known)
        self.entities.append(entity)
        self._by_key[key] = entity
        self._index(entity, entity.names, entity.nouns)
        return self.touch(entity)

    def _index(self, entity: Entity, names: set[str], nouns: set[str]) -> None:
        for word in names:
            self._by_word.setdefault(word, []).append(entity)
        for noun in nouns:
            self._by_noun.setdefault(noun, []).append(entity)

    def touch(self, entity: Entity) -> Entity:
        if entity.seen != self.sentence:
            entity.previous_seen = entity.seen
        entity.seen = self.sentence
        if entity.person:
            self.last_person = entity
        else:
            self.last_thing = entity
        if entity.plural:
            self.last_plural = entity
        return entity

    def spoke(self, entity: Entity) -> None:
        self.last_speaker = self.touch(entity)

    # --- resolving --------------------------------------------------------------------------

    def by_name(self, words: str) -> Entity | None:
        """The entity a name or part of one refers to: "Moreno", "JCS", "Gulf Harbour"."""
        folded = [w.casefold().strip(".,") for w in words.split()]
        if not folded:
            return None
        phrase = " ".join(folded)
        candidates = [e for e in self._by_word.get(folded[0], ())
                      if all(w in e.names for w in folded[1:])]
        candidates += [e for e in self._by_word.get(phrase, ()) if e.kind == "outlet"]
        # An outlet is named by its name or acronym, never by one word of it: the "Kestrian"
        # of "Kestrian Central Broadcasting" is a country's adjective.
        fitting = [e for e in candidates if e.kind != "outlet" or phrase in e.names
                   or phrase == phrase_key(e.name)]
        return max(fitting, key=lambda e: e.seen) if fitting else None

    def by_noun(self, noun: str) -> Entity | None:
        """The latest entity a description refers to: "the agency", "the paper". A generic
        noun no entity carries ("the group", "the organisation") refers to the organisation
        that spoke last."""
        key = phrase_key(noun)
        group = self.rules.reference_groups.get(key, frozenset({key}))
        # sorted: a set's order changes from run to run, and a tie must not
        candidates = [e for member in sorted(group) for e in self._by_noun.get(member, ())]
        if candidates:
            return max(candidates, key=lambda e: e.seen)
        if key in _GENERIC_NOUNS and self.last_speaker is not None and \
                not self.last_speaker.person and \
                self.last_speaker.kind not in ("outlet", "media", "channel"):
            return self.last_speaker  # "the group" is never the news agency that spoke last
        return None

    def by_pronoun(self, pronoun: str) -> Entity | None:
        wanted = _PRONOUNS.get(pronoun.casefold())
        speaker = self.last_speaker
        if wanted == "person":
            if speaker is not None and speaker.person:
                return speaker
            return self.last_person
        if wanted == "plural":
            if speaker is not None and speaker.plural:
                return speaker
            if self.last_plural is not None:
                return self.last_plural
            if speaker is not None and speaker.kind in ("government", "international",
                                                        "company", "civil"):
                return speaker  # "they" for a government or a company is common
            return None
        if wanted == "thing":
            if speaker is not None and not speaker.person:
                return speaker
            return self.last_thing
        return None


def _same_person(a: Entity, b: Entity) -> bool:
    return bool(a.names & b.names) and (a.name in b.name or b.name in a.name)


def head_part(text: str, start: int, end: int) -> int:
    """Where the naming part of a speaker phrase ends: before "of", "for", "in", a comma..."""
    match = _HEAD_END.search(text, start, end)
    return match.start() if match else end


# "Nawaf al-Harbi" is "Harbi" later in the article: the particle joined by a hyphen is dropped.
_JOINED_PARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ibn|bin|abu|ben)[-‑]", re.IGNORECASE)


_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february "
                      "march april may june july august september october november december"
                      .split())


def name_words(text: str, start: int = 0, end: int | None = None) -> set[str]:
    """The folded capitalised words of text[start:end] that can be part of a name."""
    found = set()
    for match in _CAPITALISED.finditer(text, start, len(text) if end is None else end):
        word = re.sub(r"['’]s$", "", match.group().casefold()).strip(".'’")
        if len(word) >= 3 and word not in _NOT_NAMES and word not in _CALENDAR:
            found.add(word)
    return found


def folded_words(text: str) -> set[str]:
    words = {w.casefold().rstrip(".") for w in _WORD.findall(text)}
    words |= {_JOINED_PARTICLE.sub("", w) for w in words if _JOINED_PARTICLE.match(w)}
    return words - _NOT_NAMES


def nouns_in(text: str, rules: Rules) -> set[str]:
    """The reference nouns a phrase carries: "Russia's Defense Ministry" -> {ministry}."""
    pattern = rules.reference_pattern
    return {phrase_key(m.group(0)) for m in pattern.finditer(text)} if pattern else set()


def is_plural(text: str) -> bool:
    words = text.casefold().split()
    return bool(words) and (words[-1] in _PLURAL_HEADS or " and " in f" {text.casefold()} ")


def affiliation(hits: list[Hit]) -> str | None:
    kinds = {h.kind for h in hits if not h.role}
    for kind in _AFFILIATION_ORDER:
        if kind in kinds:
            return kind
    kinds = {h.kind for h in hits}
    for kind in _AFFILIATION_ORDER:
        if kind in kinds:
            return kind
    return None

"""Who a speaker phrase names: "Russia's Tass news agency", "Ri", "the ministry", "she",
"a spokesman for the EU mission", resolved against the article's discourse model.

Unknown outlets are learned when the article introduces them ("the state-run Velorian News
Agency (VNA)", "Telesur, which is funded mainly by the Venezuelan government").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quiz.content.drafter.entities import (
    Discourse,
    Entity,
    Hit,
    Lexicon,
    affiliation,
    folded_words,
    head_part,
    is_plural,
    name_runs,
    nouns_in,
)
from quiz.content.drafter.lexicon import SourceTable, phrase_key
from quiz.content.drafter.rules import SourceEntry

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ACRONYM_NAME = re.compile(r"[A-Z]{2,7}")
_WORDS = re.compile(r"\w+")
_CLAUSE_APPOSITIVE = re.compile(r"\s*(?:which|who|that)\b", re.IGNORECASE)
_NAME_TAIL = re.compile(r"\s((?:[A-ZÀ-Ý][\w'’-]+\s+){1,2}[A-ZÀ-Ý][\w'’-]+)$")
_OPENING_CONJUNCTION = re.compile(r"(?:But|And|Yet|So)\s+(?=[A-Z])")
_BODY_INITIALS = re.compile(r"((?:[A-Z][\w'’-]*\s+)(?:(?:of|and|the|for|[A-Z][\w'’-]*)\s+){0,7}"
                            r"[A-Z][\w'’-]*)\s+\(([A-Z]{2,7})\)")
# "Emir H., a Kozluk resident": a first name and the initial of a surname withheld, not a title.
_INITIAL_AFTER = re.compile(r"\s[A-Z]\.(?=[\s,]|$)")
_PERSON_NOUN = re.compile(r"\b(?:wife|husband|widow|son|daughter|mother|father|brother|sister|"
                          r"cousin|uncle|aunt|nephew|niece|lawyer|attorney|friend|neighbou?r|"
                          r"woman|man|resident|witness|driver|farmer|fisherman)$", re.IGNORECASE)
_LEADING = re.compile(r"^[\s,;:\"'“”‘’(—–-]+|[\s,;:\"'“”‘’)—–-]+$")
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
_PRONOUN = re.compile(r"^(?:he|she|it|they)$", re.IGNORECASE)
_DESCRIPTION = re.compile(r"^(?:the|this|that|its|their)\s+((?:[\w-]+\s+){0,2}?[\w-]+)$",
                          re.IGNORECASE)
# "One of them said", "two of the diplomats": a member of a group named before speaks for it.
_PARTITIVE = re.compile(r"^(?:one|two|three|some|several|many|most|each|both|another)\s+of\s+"
                        r"(?:them|those|these|the\s+[a-z]+)$", re.IGNORECASE)
# "Its presenter said", "their spokesman": someone of the body named before speaks for it.
_POSSESSIVE_ROLE = re.compile(r"^(its|their)\s+(?:[a-z-]+\s+){0,2}[a-z-]+$", re.IGNORECASE)
_LOCATED = re.compile(r"\b(?:in|near|outside|based\s+in)\s+(?:the\s+)?$", re.IGNORECASE)
_FORMER = re.compile(r"\b(?:retired|former|ex-)\s*(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_LISTENER = re.compile(r"\b(?:by|to|with|told)\s+(?:the\s+)?$", re.IGNORECASE)
_AGENT = re.compile(r"\b(?:named|owned|run|backed|accused|blamed|cited|identified|hired|used|"
                    r"targeted|sanctioned|charged)\s+by\s+(?:the\s+)?$", re.IGNORECASE)
_THING_RELATIVE = re.compile(r"\s*(?:which|that)\s", re.IGNORECASE)
# "A source in the Russian defense ministry", "officials at the ministry": people of that body.
_MEMBER_OF = re.compile(r"^(?:a|an|the|one|two|three|several|some)?\s*(?:senior\s+|informed\s+)?"
                        r"(?:source|sources|insider|insiders|person|people|member|members|"
                        r"figure|figures)\s+(?:in|at|within|inside|close\s+to|from|familiar"
                        r"\s+with|with\s+knowledge\s+of)\s", re.IGNORECASE)
_BASED = re.compile(r"-based\b", re.IGNORECASE)  # "a Singapore-based analyst": where, not for whom
# "The group's military spokesman": a member of the body a description names speaks for it.
_DESCRIBED_OWNER = re.compile(r"^(?i:the)\s+([a-z]+)['’]s\s+(?:[a-z-]+\s+){0,2}[a-z-]+$")
# A subject that ends on a full name after its title's body: "... of Ministers Nurlan Asanov".
_TITLED_NAME = re.compile(
    r"\s[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+\s*$")
# A firm's name with its corporate suffix: "Meridian Strait Holdings", "Paria Geoservices Ltd."
_FIRM_SUFFIXES = ("Holdings", "Corporation", "Corp", "Inc", "Ltd", "Limited", "LLC", "PLC",
                  "GmbH", "AG", "S.A")
_FIRM = re.compile(r"\b((?:[A-Z][\w'’&-]*\s+){0,3}[A-Z][\w'’&-]*)\s+"
                   rf"(?:{'|'.join(map(re.escape, _FIRM_SUFFIXES))})\b\.?")
# An appositive that says a name is a firm: "the Santiago-listed company that runs the project"
# (not "a spokesman for the company").
_FIRM_ROLE = re.compile(r"(?:the|a|an)\s+(?:(?!for\b|of\b|at\b|with\b|to\b)[\w’'-]+\s+){0,3}?"
                        r"(?:company|firm|operator|miner|producer|exporter|carrier)\b",
                        re.IGNORECASE)
_TO_REPORTER = re.compile(r"\s*(?:speaking|talking|who\s+spoke|who\s+was\s+speaking)\s+to\b",
                          re.IGNORECASE)
# "Serbia's Office for Kosovo", "the government's Bureau of Statistics": a body, not a person
# with a role.
_BODY_NAME = re.compile(r"(?:Office|Bureau|Agency|Department|Ministry|Committee|Council|Service|"
                        r"Commission|Directorate|Authority|Secretariat|Inspectorate)\b")
_MAX_WORDS = 16
INTRODUCTIONS_WITHIN = 200_000  # characters read for outlet introductions before drafting
_CAPITALISED_WORD = re.compile(r"\b[A-Z]")
_DOCUMENT_OF = re.compile(
    r"^(?:a|an|the|its|their|one)?\s*(?:\w+\s+){0,2}?(?:statement|letter|message|report|"
    r"communiqu[eé]|note|notice|post|video|transcript|readout|document|filing|commentary|"
    r"editorial|article|column)\s+"
    r"(?:from|by|of|on|in|issued\s+by|released\s+by|published\s+by|published\s+on|"
    r"posted\s+on)\s+", re.IGNORECASE)
_SEEN_BY = re.compile(r"^(?:a|an|the)?\s*(?:[\w-]+\s+){0,5}?(?:seen|obtained|reviewed|verified|"
                      r"examined)\s+by\s", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker phrase of a sentence and the entity it names."""

    entity: Entity
    start: int
    end: int
    how: str  # named | pronoun | description | name | role | unknown

    @property
    def resolved(self) -> bool:
        """Named earlier in the article rather than in this phrase."""
        return self.how in ("pronoun", "description", "name")


# A named person's apposition in plain words: "Tomás Guerrero, a mountain guide", "Malineo
# Sefali, who sells fruit" (a member of parliament is one of its own kind of official).
_DESCRIBED = re.compile(r"[\s,]*(?:an?|who)\s+(?!member\b)[a-z]")


def _touching(text: str, first, second) -> bool:
    """Whether hit `second` follows hit `first` with only spaces between ("Sputnik Armenia")."""
    return bool(re.fullmatch(r"\s+", text[first.end:second.start]))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces, commas and quote marks."""
    piece = text[start:end]
    lead = _LEADING.match(piece)
    if lead:
        start += lead.end()
    conjunction = _OPENING_CONJUNCTION.match(text, start, end)
    if conjunction:  # "But DRC Minister of Foreign Trade Béatrice Ilunga dismissed"
        start = conjunction.end()
    piece = text[start:end]
    tail = _LEADING.search(piece)
    if tail:
        end = start + tail.start()
        if text.count("(", start, end) > text.count(")", start, end) and \
                text.startswith(")", end):
            end += 1  # "The Information and Security Service (SIS)": its own bracket
    return start, max(start, end)


class Speakers:
    """Resolves speaker phrases of one article, sentence after sentence."""

    def __init__(self, lexicon: Lexicon, discourse: Discourse) -> None:
        self.lexicon = lexicon
        self.discourse = discourse
        self.rules = lexicon.rules

    # --- the public entry --------------------------------------------------------------------

    def resolve(self, text: str, start: int, end: int,
                extras: tuple[tuple[int, int], ...] = ()) -> Speaker | None:
        """The speaker named by text[start:end] (plus appositives `extras`), introduced into
        the discourse or resolved against it."""
        start, end = trim(text, start, end)
        if start >= end:
            return None
        written = text[start:end]
        if len(written.split()) > _MAX_WORDS:
            # A clause, not a speaker phrase: "Russia and China opposed ... program, arguing".
            leading = self._leading_hits(text, start, end)
            if leading is None:
                return None
            start, end = leading
            written = text[start:end]
        if _SEEN_BY.match(written):
            return None  # "A court document seen by DW shows": the outlet's own reporting
        document = _DOCUMENT_OF.match(written)
        if document and document.end() < len(written):
            # "A statement from the Chinese embassy said": the embassy speaks.
            return self.resolve(text, start + document.end(), end, extras)
        if _PRONOUN.match(written):
            entity = self.discourse.by_pronoun(written)
            if entity is None:
                return Speaker(Entity("unknown", written), start, end, "unknown")
            return Speaker(entity, start, end, "pronoun")
        described = _DESCRIPTION.match(written)
        if described and len(written.split()) <= 3 and not _CAPITALISED_WORD.search(
                described.group(1)):
            # "the group", "the agency", "the paper": someone named before.
            known = self.discourse.by_noun(described.group(1).split()[-1])
            if known is not None:
                return Speaker(self.discourse.touch(known), start, end, "description")
        group = _PARTITIVE.match(written)
        if group:
            known = self.discourse.by_pronoun("they")
            if known is not None:
                return Speaker(self.discourse.touch(known), start, end, "pronoun")
        owner = _POSSESSIVE_ROLE.match(written)
        if owner and not self.lexicon.hits(text, start, end):
            known = self.discourse.by_pronoun(owner.group(1))
            apposed = self._apposed_name(text, extras)
            if known is not None and apposed and not known.person:
                # "Its deputy director, Radu Ceban, told": a person of the body named before,
                # who may speak again as "Ceban" or "he".
                role = f"{written.split(None, 1)[1]} of {known.name}"
                person = Entity(known.kind, apposed, role=role, person=True,
                                names=folded_words(apposed), parties=set(known.parties))
                return Speaker(self.discourse.add(person), start, end, "pronoun")
            if known is not None:
                return Speaker(self.discourse.touch(known), start, end, "pronoun")
        # "The company named by Romania": the agent of a passive is not whom it speaks for.
        hits = [h for h in self.lexicon.hits(text, start, end)
                if not _AGENT.search(text, max(start, h.start - 24), h.start)
                and not _INITIAL_AFTER.match(text, h.end)]
        owned = _DESCRIBED_OWNER.match(written)
        owner_hits = [h.kind for h in hits if h.start < start + owned.end(1)] if owned else []
        if owner_hits and set(owner_hits) in ({"company"}, {"expert"}):
            # "the group's spokesman" after the Houthi movement: not a company's "Group";
            # "the institute's director" after Colombia's prisons institute, INPEC: not a
            # research institute's.
            noun = owned.group(1)
            known = self.discourse.by_noun(noun) or self.discourse.by_name(noun)
            if known is not None and known.kind not in set(owner_hits) and not known.person:
                return Speaker(self.discourse.touch(known), start, end, "description")
            named = next((e for e in reversed(self.discourse.entities) if e.kind == "government"
                          and noun in _WORDS.findall(f"{e.name} {e.role}".casefold())), None)
            if named is not None:  # "Colombia's National ... Prison Institute, INPEC"
                return Speaker(self.discourse.touch(named), start, end, "description")
        if owned and not hits:
            # "the office's director" after "Serbia's Office for Kosovo": its head speaks for it.
            noun = owned.group(1)
            known = self.discourse.by_noun(noun)
            if known is None or known.person:
                # a body whose name holds the noun ("Office for Kosovo"), however it was parsed
                known = self.discourse.by_name(noun)
            if known is not None and known.kind not in ("unknown", "expert", "civil"):
                return Speaker(self.discourse.touch(known), start, end, "description")
        # "speaking to AFP on condition of anonymity": to whom, not for whom.
        extras = tuple((a, b) for a, b in extras if not _TO_REPORTER.match(text, a, b))
        # "Burdekin Valley, which sells a fifth of its output to China,": what a thing does
        # with a country says nothing of whom it speaks for.
        extra_hits = [h for a, b in extras for h in self.lexicon.hits(text, a, b)
                      if not (h.kind == "government" and not h.role
                              and _THING_RELATIVE.match(text, a))]
        head_end = head_part(text, start, end)
        if head_end < end and text[head_end:head_end + 4] == " of " and \
                _TITLED_NAME.search(text, head_end, end) and not any(
                    len(text[a:b].split()) >= 2
                    for a, b in name_runs(text, start, head_end, hits, self.rules.titles)):
            # "Deputy Chairman of the Cabinet of Ministers Nurlan Asanov": a title with its
            # body, then the name; the whole phrase names the speaker. Not "Analyst Delphine
            # Mugisha of the ... Great Lakes Policy Forum": named before "of".
            head_end = end
        head_hits = [h for h in hits if h.start < head_end]
        names = name_runs(text, start, head_end, hits, self.rules.titles)
        learned = self._learn_outlet(text, start, end, extras, hits, extra_hits, names)
        if learned is not None:
            return Speaker(self.discourse.add(learned), start, end, "named")
        if head_hits:
            return self._from_hits(text, start, end, head_hits, hits, extra_hits, names, extras)
        forces = [h for h in hits if h.start >= head_end and h.kind == "government" and
                  not h.role and phrase_key(h.text) not in self.rules.party_of]
        if names and forces and text[head_end:head_end + 4] == " of ":
            # "the Strategic Operational Command of the Bolivarian National Armed Forces": a
            # body of a state's forces or ministries (not "a professor of the University of
            # Tehran", where the capital is only part of a name).
            return self._from_hits(text, start, end, forces, hits, extra_hits, names, extras)
        described = _DESCRIPTION.match(written)
        if names:
            first = text[names[0][0]:names[0][1]]
            known = self.discourse.by_name(first)
            if known is not None:
                return Speaker(self.discourse.touch(known), start, end, "name")
        if described and not names:
            known = self.discourse.by_noun(described.group(1).split()[-1])
            if known is not None:
                return Speaker(self.discourse.touch(known), start, end, "description")
        if _MEMBER_OF.match(written) and any(h.kind in ("government", "international")
                                             for h in hits):
            return self._person(text, start, end, names, hits, extras)
        if extra_hits:  # "Ri Song Chol, a spokesman for the General Staff, said"
            return self._person(text, start, end, names, hits + extra_hits, extras)
        name = text[names[0][0]:names[-1][1]] if names else _ARTICLE.sub("", written)
        body = self._body_apposed(text, extras)
        if names and body is not None:
            # "Rainer Mänd, head of border guarding at the PPA's East Prefecture,": a person
            # of the body the article named before.
            person = Entity(body.kind, name, role=self._apposed_role(text, extras), person=True,
                            names=folded_words(name), parties=set(body.parties))
            return Speaker(self.discourse.add(person), start, end, "named")
        plural = is_plural(written)
        # "His wife", "the man's lawyer": one person, whom a later "she" or "he" means.
        # "PPA says": an acronym names a body, not a person.
        person = not plural and not _ACRONYM_NAME.fullmatch(name) and (
            bool(names) or bool(_PERSON_NOUN.search(written)))
        entity = Entity("unknown", name, names=folded_words(written), plural=plural,
                        person=person)
        return Speaker(self.discourse.add(entity), start, end, "unknown")

    def note_bodies(self, text: str) -> None:
        """Note the state bodies a sentence names with their initials wherever they stand
        ("soldiers of the South Sudan People's Defence Forces (SSPDF)"), so that a later "The
        SSPDF says" is that government's forces speaking, not an unknown name."""
        if " (" not in text:
            return
        for match in _BODY_INITIALS.finditer(text):
            initials = match.group(2)
            if self.discourse.by_name(initials) is not None:
                continue
            hits = self.lexicon.hits(text, match.start(1), match.end(1))
            party_of = self.rules.party_of
            if not any(h.kind == "government" and not h.role and phrase_key(h.text) not in party_of
                       for h in hits) or any(h.kind != "government" for h in hits):
                continue  # no state body in the name, or an outlet's, a firm's, a group's
            parties = self.rules.parties_in(text, match.start(1), match.end(1), places=False)
            self.discourse.add(Entity("government", initials, role=match.group(1),
                                      names={phrase_key(initials)} | folded_words(match.group(1)),
                                      nouns=nouns_in(match.group(1), self.rules),
                                      parties=parties))

    def note_firms(self, text: str) -> None:
        """Note the firms a sentence names with a corporate suffix wherever they stand ("a
        subsidiary of Meridian Strait Holdings"), so that a later "Meridian Strait said" is
        that firm speaking, not an unknown name."""
        if not any(suffix in text for suffix in _FIRM_SUFFIXES):
            return  # most sentences name no firm: skip the pattern's backtracking
        for match in _FIRM.finditer(text):
            name = match.group(1)
            if self.discourse.by_name(name) is not None or any(
                    h.kind != "company" for h in self.lexicon.hits(text, match.start(1),
                                                                   match.end(1))):
                continue  # known already, or "Trinidad's Energy Ltd": a party's name in it
            self.discourse.add(Entity("company", match.group(0), names=folded_words(name),
                                      nouns={"company"}))

    def mention(self, text: str, start: int, end: int) -> None:
        """Note who a sentence without a speech frame is about ("China's coast guard gave a
        different account."), so that a later "it" or "the ministry" can refer to them."""
        leading = self._leading_hits(text, start, end)
        if leading is not None and leading[0] - start <= 40:
            self.resolve(text, *leading)

    def leading(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        return self._leading_hits(text, start, end)

    def _leading_hits(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The first speaker phrases of a clause, joined by "and": "Russia and China"."""
        hits = [h for h in self.lexicon.hits(text, start, end) if not h.role]
        if not hits:
            return None
        first_start, last_end = hits[0].start, hits[0].end
        if len(hits) > 1 and hits[0].kind == "government" and hits[1].kind == "outlet" and \
                re.fullmatch(r"(?:['’]s)?\s+", text[hits[0].end:hits[1].start]):
            # "Belarusian state television's bulletin", "Russia's Tass": the outlet.
            return hits[1].start, hits[1].end
        for hit in hits[1:]:
            if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[last_end:hit.start]):
                last_end = hit.end
            else:
                break
        return first_start, last_end

    # --- named by the lexicon ---------------------------------------------------------------

    def _from_hits(self, text, start, end, head_hits: list[Hit], hits: list[Hit],
                   extra_hits: list[Hit], names, extras) -> Speaker:
        # "Mongolia's mining ministry", "the energy ministry": a portfolio, not a company.
        head_hits = [h for h in head_hits if not (h.kind == "company" and any(
            g.kind == "government" and _touching(text, h, g) for g in head_hits))] or head_hits
        # "Sputnik Armenia": a named outlet's local service, named after the country it serves.
        head_hits = [h for h in head_hits if not (h.kind == "government" and not h.role and any(
            o.kind in ("outlet", "media") and o.entry is not None and _touching(text, o, h)
            for o in head_hits))] or head_hits
        head = max(head_hits, key=lambda h: (h.end, h.end - h.start))
        owner = None
        if head.kind == "expert" and text[head.start:head.start + 1].isupper():
            owner = next((g for g in head_hits if g.kind == "government" and not g.role and
                          g.end <= head.start and re.match(r"['’]s\b", text[g.end:g.end + 2])),
                         None)
        if owner is not None:
            # "Colombia's National Penitentiary and Prison Institute": a state body that is
            # called an institute, not researchers.
            hits = [h for h in hits if h is not head]
            head_hits = [h for h in head_hits if h is not head]
            head = owner
        described = [h for h in extra_hits if h.kind in ("expert", "civil")]
        if head.kind == "government" and not head.role and described and extras and \
                re.match(r"(?:a|an)\s|which\s+represents\b", text[trim(text, *extras[0])[0]:],
                         re.IGNORECASE) and \
                described[0].start < extras[0][1]:
            # "Media Freedom Watch Moldova, a Chisinau-based press freedom group,": the country
            # is in the group's name; the appositive says what it is.
            head = described[0]
        if head.kind in ("expert", "civil"):  # "Shipping analysts": their own kind of voice
            entity = Entity(head.kind, _ARTICLE.sub("", text[start:end]),
                            person=not is_plural(text[start:end]),
                            plural=is_plural(text[start:end]),
                            names=folded_words(text[names[0][0]:names[-1][1]]) if names else set())
            return Speaker(self.discourse.add(entity), start, end, "named")
        if head.role:
            return self._person(text, start, end, names, hits + extra_hits, extras)
        if head.kind == "channel":  # "the military's media wing, ISPR,": the body's own voice
            named = [h for h in extra_hits if h.kind == "outlet" and h.entry is not None]
            entity = self._entry_entity(named[0]) if named else Entity(
                "channel", _ARTICLE.sub("", text[start:end]), nouns=nouns_in(text[start:end],
                                                                            self.rules))
            entity.kind = "channel"
            return Speaker(self.discourse.add(entity), start, end, "named")
        if head.kind in ("outlet", "media") and head.entry is not None:
            entity = self._entry_entity(head)
            return Speaker(self.discourse.add(entity), start, end, "named")
        written = _ARTICLE.sub("", text[start:end])
        after_head = [n for n in names if n[0] >= head.start]
        apposed = self._apposed_name(text, extras)
        if head.kind == "company" and (after_head or apposed):
            # "firm Ferrum Labs", "the ship's manager, Corvina Marine Services,"
            if apposed:
                name, role = apposed, written
            else:
                name = text[after_head[-1][0]:after_head[-1][1]]
                role = _ARTICLE.sub("", text[start:after_head[-1][0]]).strip()
            # "The boat's owner, Le Van Tuan,": a person, whom a later "he" means; a firm's
            # name carries a company word ("Corvina Marine Services").
            person = bool(apposed) and not {phrase_key(w) for w in name.split()} & \
                self.lexicon.phrases.name_parts
            entity = Entity("company", name, role=role, names=folded_words(name), person=person,
                            nouns=set() if person else nouns_in(written, self.rules) | {"company"})
            return Speaker(self.discourse.add(entity), start, end, "named")
        if names and head.kind == "government" and head.end <= names[0][0] and \
                not _BODY_NAME.match(text, names[0][0]):
            # "Interior Ministry official Col. Yusniel Castañeda": a person with a role.
            return self._person(text, start, end, names, hits + extra_hits, extras)
        role = ""
        if apposed and head.kind in ("company", "international", "government"):
            role, written = written, apposed
        entity = Entity(head.kind, written, role=role, plural=is_plural(text[start:end]),
                        names=folded_words(written) | self._acronyms(text, start, end, extras),
                        nouns=nouns_in(text[start:end], self.rules))
        return Speaker(self.discourse.add(entity), start, end, "named")

    def _entry_entity(self, hit: Hit) -> Entity:
        entry = hit.entry
        nouns = {phrase_key(entry.medium)} if getattr(entry, "medium", None) else \
            nouns_in(f"{entry.name} {entry.says}", self.rules)
        kind = hit.kind
        if getattr(entry, "medium", None) == "press office":
            kind = "channel"
        words = folded_words(entry.name) | {phrase_key(m) for m in entry.match}
        return Entity(kind, entry.name, role=entry.says, control=getattr(entry, "control", None),
                      names=words, nouns=nouns | {"outlet"} if kind == "outlet" else nouns)

    def _person(self, text, start, end, names, hits: list[Hit], extras) -> Speaker:
        """A person with a role: "Foreign ministry spokeswoman Doan Minh Thu", "Ri Song Chol,
        a spokesman for ...", "Guyana's foreign minister, Carla Persaud", "a diplomat"."""
        # "a researcher at a university in Seoul", "a rights group based in the Colombian
        # city of Cúcuta", "a woman in a school corridor in Petropavl, a city near the Russian
        # border": the capital or the country is where, not for whom.
        placed = [h for h in hits if h.kind == "government" and not h.role and (
            _LOCATED.search(text, max(0, h.start - 12), h.start) or _BASED.match(text, h.end))
            and (phrase_key(h.text) in self.rules.party_of or not self.rules.party_of)]
        hits = [h for h in hits if h not in placed]
        # "a retired air force officer", "a former foreign minister": no longer speaks for it.
        former = [h for h in hits if h.kind == "government" and
                  _FORMER.search(text, max(0, h.start - 30), h.start)]
        roles = [h for h in hits if h.role or h.kind in ("expert", "civil")]
        if roles and roles[0].kind in ("expert", "civil"):
            # "a hydrologist at the Universidad Mayor de San Andrés", "a mining analyst at a
            # Jakarta brokerage": the first role is the person's; what follows names where
            # they work.
            # ("an analyst at the independent Baltic Defense Research Group": where he works,
            # not a firm speaking)
            former += [h for h in hits if h.kind in ("government", "company")
                       and h.start > roles[0].start]
        # "the energy minister", "the shipping minister": a portfolio, not a company.
        former += [h for h in hits if h.kind == "company" and any(
            r.kind == "government" and r.role and _touching(text, h, r)
            for r in roles)]
        hits = [h for h in hits if h not in former]
        # "An official at Turkmenistan's Foreign Ministry, reached by phone by DW": to whom.
        former += [h for h in hits if h.kind in ("outlet", "media") and
                   _LISTENER.search(text, max(0, h.start - 24), h.start)]
        if any(h.kind in ("civil", "expert") for h in hits) and \
                not any(h.role and h.kind == "government" for h in hits):
            # "The Budapest Procurement Watch, a small NGO": the city is part of its name.
            former += [h for h in hits if h.kind == "government" and not h.role]
        hits = [h for h in hits if h not in former]
        described = not roles and bool(names) and not text[:start].rstrip().endswith(",") \
            and any(_DESCRIBED.match(text, a, b) for a, b in extras)
        if described:
            # "Tomás Guerrero, a mountain guide who leads treks from the Chilean side": a
            # nationality and no role of any government is where someone is from, not whom
            # they speak for; what they do makes them a voice of their own.
            former += [h for h in hits if h.kind == "government" and not h.role
                       and phrase_key(h.text) in self.rules.party_of]
            hits = [h for h in hits if h not in former]
        kind = affiliation(hits) or ("civil" if described else "unknown" if former or placed
                                     else "government")
        resolved = [self.discourse.by_name(text[a:b]) for a, b in name_runs(
            text, start, end, hits, self.rules.titles)]
        for entity in resolved:
            if entity is not None and not entity.person and entity.kind != "outlet" and not (
                    entity.kind == "unknown" and any(h.kind == "government" and not h.role
                                                     for h in hits)):
                # "An airBaltic spokeswoman": speaks for whatever airBaltic turned out to be
                # (but "the Police and Border Guard Board (PPA)" after a headline's "PPA
                # says": the phrase names the body for what it is).
                kind = entity.kind
        if kind in ("outlet", "channel"):
            kind = "government" if kind == "channel" else kind
        written = text[start:end]
        apposed = self._apposed_name(text, extras)
        # "Paraguay's chief Itaipu negotiator, Vice Minister Rodrigo Acosta,": the name
        # between commas is the person's when the capitalised words before it name nobody.
        if names and not (apposed and not any(e is not None for e in resolved)):
            name = text[names[-1][0]:names[-1][1]]
            known = self.discourse.by_name(name)
            role = text[start:names[-1][0]].strip(" ,") or self._apposed_role(text, extras)
            if known is not None and known.person:
                known.role = known.role or role
                if known.kind == "unknown":
                    # "..., PPA says" in a headline, then "the Police and Border Guard Board
                    # (PPA) said": the name is now known for what it is.
                    known.kind = kind
                return Speaker(self.discourse.touch(known), start, end, "name")
            body = nouns_in(name.split()[-1], self.rules)
            firm = _FIRM_ROLE.match(role.strip(" ,"))
            if firm:
                body = body | {"company"}
            # "Belarus’s State Border Committee": a body named after what it is, found again
            # as "the committee"; "Salar Andino Minerals, the Santiago-listed company": a firm,
            # found again as "it". Neither is a person.
            entity = Entity(kind, name, role=role.strip(" ,"), person=not body,
                            names=folded_words(name), nouns=body)
            return Speaker(self.discourse.add(entity), start, end, "named")
        if apposed:
            entity = Entity(kind, apposed, role=written, person=True,
                            names=folded_words(apposed))
            return Speaker(self.discourse.add(entity), start, end, "named")
        # "DRC Minister of Foreign Trade Béatrice Ilunga": the name that ends the title, by
        # which "Ms Ilunga" refers back to her.
        tail = _NAME_TAIL.search(written)
        named = folded_words(tail.group(1)) if tail and not any(
            h.end > start + tail.start(1) for h in hits) else set()
        entity = Entity(kind, written, person=not is_plural(written), plural=is_plural(written),
                        names=named, nouns=nouns_in(written, self.rules))
        return Speaker(self.discourse.add(entity), start, end, "role")

    # --- appositives and learned outlets ----------------------------------------------------

    def _body_apposed(self, text: str, extras) -> Entity | None:
        """A body named earlier that an appositive places the speaker in ("head of border
        guarding at the PPA's East Prefecture")."""
        for a, b in extras[:1]:
            if _CLAUSE_APPOSITIVE.match(text, a, b):
                return None  # "which sells a fifth of its output to China": what it does
            for word in re.findall(r"\b[A-Z][\w-]+", text[a:b]):
                known = self.discourse.by_name(word)
                if known is not None and not known.person and known.kind in (
                        "government", "international", "company", "civil") and \
                        phrase_key(known.name) not in self.rules.party_of:
                    return known
        return None

    def _apposed_name(self, text: str, extras) -> str | None:
        """A name standing alone between commas after the phrase: ", Carla Persaud,"."""
        for a, b in extras:
            a, b = trim(text, a, b)
            piece = text[a:b]
            # "Brigadier General Nawaf al-Harbi": the name starts after the titles.
            while (title := re.match(r"([\w.]+)\s+", text[a:b])) and \
                    title.group(1).casefold().rstrip(".") in self.rules.titles:  # "Gen."
                a += title.end()
            runs = name_runs(text, a, b, [], self.rules.titles)
            if runs and runs[0][0] == a and runs[-1][1] >= b - 1 and len(piece.split()) <= 6:
                return piece
        return None

    def _apposed_role(self, text: str, extras) -> str:
        for a, b in extras:
            a, b = trim(text, a, b)
            if re.match(r"(?:a|an|the)\s", text[a:b], re.IGNORECASE):
                return text[a:b]
        return ""

    def _acronyms(self, text: str, start: int, end: int, extras) -> set[str]:
        found = {m.group(1).casefold() for m in _ACRONYM.finditer(text, start, end)}
        for a, b in extras:
            a, b = trim(text, a, b)
            if re.fullmatch(r"[A-Z][A-Za-z]{1,9}", text[a:b]):
                found.add(text[a:b].casefold())
            found |= {m.group(1).casefold() for m in _ACRONYM.finditer(text, a, b)}
        return found

    def _learn_outlet(self, text, start, end, extras, hits, extra_hits, names) -> Entity | None:
        """An outlet the registry lacks, recognised from how the article introduces it."""
        if not names or any(h.kind == "outlet" and h.entry is not None and
                            h.entry.name != "state media" for h in hits):
            return None
        name_start, name_end = names[-1]
        name = text[name_start:name_end]
        if self.discourse.by_name(name) is not None:
            known = self.discourse.by_name(name)
            return known if known.kind == "outlet" else None
        rules = self.rules
        before = text[start:name_start]
        described = text[start:end] + " " + " ".join(text[a:b] for a, b in extras)
        words = [phrase_key(w) for w in re.findall(r"[\w-]+", described)]
        outlet_noun = any(w in rules.outlet_nouns for w in words)
        introduced = bool(rules.introducers and rules.introducers.search(before)) or any(
            h.kind == "outlet" for h in hits if h.end <= name_start)
        apposed_outlet = any(h.kind == "outlet" for h in extra_hits)
        owned = any(rules.ownership and rules.ownership.search(text, a, b) for a, b in extras)
        abbreviation = _ACRONYM.search(text, name_end, min(end, name_end + 12))
        if not ((introduced and (outlet_noun or abbreviation)) or apposed_outlet
                or (owned and outlet_noun)):
            return None
        if any(h.kind in ("company", "government") and not h.role for h in hits) and \
                not outlet_noun:
            # "The country's Information System Authority, known by its Estonian initials
            # RIA,": a body with an alias that an outlet happens to share.
            return None
        phrases = [name] + ([abbreviation.group(1)] if abbreviation else [])
        says = " ".join(text[a:b].strip(" ,") for a, b in extras[:1]) or \
            f"introduced in the article as {text[start:end].strip()}"
        entity = Entity("outlet", name, role=says, control="state",
                        names={phrase_key(p) for p in phrases},
                        nouns=nouns_in(text[start:end] + " " + says, self.rules) | {"outlet"})
        self._teach(phrases, name, says)
        return entity

    def _teach(self, phrases: list[str], name: str, says: str) -> None:
        table: SourceTable = self.lexicon.learned
        table.add(SourceEntry(name=name, says=says, match=phrases, control="state"))
        table.__dict__.pop("pattern", None)  # recompile with the new phrases
        self.lexicon.learned_more()


def learned_outlets(text: str, rules) -> SourceTable:
    """Outlets the article introduces with a word that says who runs them: "the state-run
    Velorian News Agency (VNA)", "state broadcaster Pakistan Television (PTV)"."""
    table = SourceTable("outlet")
    if rules.introducers is None:
        return table
    # Outlets are introduced near the start; the reading learns the rest as it goes, so a
    # very long text is not scanned twice.
    text = text[:INTRODUCTIONS_WITHIN]
    word = r"(?:[A-Z][\w'’.-]*|\d[\w'’.-]*|of|de|the)"  # "Canal 8", "Gabon 1ère"
    # "state television channel Belarus-1", "the state-owned daily, Cameroon Tribune": the
    # common noun between says it is an outlet.
    noun = r"(?:(channel|daily|newspaper|broadcaster|network|station|tabloid|weekly|agency)\s*,?\s+)?"
    name_run = re.compile(
        rf"\s*,?\s*{noun}(?:the\s+)?({word}(?:\s+{word}){{0,5}})"
        rf"(?:\s*\(([A-Z][A-Za-z]{{1,7}})\))?")
    for match in rules.introducers.finditer(text):
        run = name_run.match(text, match.end())
        if not run:
            continue
        words = run.group(2).split()
        while words and words[-1] in ("of", "de", "the"):
            words.pop()
        if not words:
            continue
        if len(words) == 1 and re.fullmatch(r"[A-Z]{2,7}", words[0]):
            table.add(SourceEntry(name=words[0], says=f"introduced in the article as "
                                  f"{match.group(0)}", match=[words[0]], control="state"))
            continue
        named_outlet = bool(run.group(1)) or any(phrase_key(w) in rules.outlet_nouns
                                                 for w in words)
        if not named_outlet and not run.group(3):
            continue
        name = " ".join(words)
        governments = rules.governments.pattern
        if phrase_key(name) in rules.party_of:
            continue  # "the state agency, Gabon ...": a country is no outlet's whole name
        if not named_outlet and (match.group(0)[:1].isupper() and not match.group(0).isupper()
                                 and text[match.end():match.end() + 1] == " "
                                 or governments is not None and governments.search(name)):
            # "Azerbaijan's State Security Service (DTX)", "Turkey's State Hydraulic Works
            # (DSI)": "State" begins a state body's name; it does not say an outlet is state-run
            continue
        phrases = [p for p in (name, run.group(3)) if p]
        says = f"introduced in the article as {match.group(0)}"
        table.add(SourceEntry(name=name, says=says, match=phrases, control="state"))
    return table

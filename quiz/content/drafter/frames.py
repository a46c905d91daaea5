"""Speech frames in one sentence: each reporting verb, its subject (before it, after it when
inverted, after "according to" or a passive "by"), whether it is negated, embedded in a relative
clause or tacked on at the end, and the words it reports.

Only positions are found here; who the subject is, is the speakers module's work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.content.drafter.lexicon import Rules

# "SEOUL, March 4 (Reuters) -", "KYIV, Ukraine (AP) —", "VIENNA —", "DOHA:": where and by
# whom the story was filed, never its source.
DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{1,30}[A-Z.](?:/[A-Z][A-Z.'’ -]{1,30}[A-Z.])*"
    r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z\d][\w.]*){0,2}){0,2}"
    r"\s*(?:\([^()]{1,40}\))?\s*(?:[-—–]+|:)\s+")
ANALYSED_CHARS = 4000  # a "sentence" longer than this is read only this far
_QUOTE_MARKS = re.compile('["“”]')
_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'’-]*(?:\s+(?:and\s+)?[A-Z][\w.'’-]*){0,5}\s*$")
_PASSIVE = re.compile(
    r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+|first\s+|later\s+|also\s+|earlier\s+)?"
    r"(?:made|published|posted|carried|reported|aired|broadcast|released|announced|shown|"
    r"read|relayed|circulated)\s+(?:first\s+|(?:the\s+)?(?:same\s+)?(?:evening|night|day|morning|"
    r"later|earlier)\s+)?(?:on|by|in|through|via)\s+(?=\S)"
    # "was released in Mali Zvornik": a person set free somewhere, not words published
    r"(?<!released in )", re.IGNORECASE)
_VIA = re.compile(
    r"\b(?:carried|published|read|aired|broadcast|posted|released|run|relayed|quoted|reported)"
    r"\s+(?:on|by|in|through|via)\s+(?=\S)", re.IGNORECASE)
_OWN_CHANNEL = re.compile(r"\b(?:on|via|in)\s+(?:a\s+\w+\s+)?(its|their|his|her|the)?\s*"
                          r"(?:own\s+|official\s+)?(?=\S)", re.IGNORECASE)
_ADVERBIALS = re.compile(
    r"(?:\s*\b(?:has|have|had|was|were|is|are|also|again|later|repeatedly|immediately|"
    r"previously|earlier|first|once|then|separately|publicly|formally|officially|reportedly|"
    r"not|never|did|does|do|would|will|could|may|might|already|since|still|quickly|swiftly|"
    r"yesterday|today|tonight|late|early|\w+day|on\s+\w+day|n't|regularly|routinely|often|"
    r"frequently|habitually|long|consistently)\b)+\s*$", re.IGNORECASE)
# "state media has regularly accused": a summary of what a side keeps saying, not a report.
_HABITUAL = re.compile(r"\b(?:regularly|routinely|often|frequently|habitually)\b",
                       re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|n't|declined\s+to|refused\s+to|failed\s+to)\b",
                      re.IGNORECASE)
# "Jakarta has long maintained that", "Ankara has consistently said": a side's standing
# position, summarised by the outlet (labelling rule 10), not an answer to this charge.
_LONG_STANDING = re.compile(r"\b(?:has|have|had)\s+(?:long|consistently)\b", re.IGNORECASE)
_COORDINATED = re.compile(r"(?:^|[\s,])(?:and|but|and\s+then|but\s+also)\s*$", re.IGNORECASE)
_SUBORDINATE = re.compile(r"^(?:while|whereas|although|though|because|if|even\s+as|as)\s+",
                          re.IGNORECASE)
_RELATIVE_TAIL = re.compile(r"(?:^|\s)(?:which|who|whom|that|what|whose|as)\s+"
                            r"((?:\S+\s+){0,4}?\S+)$", re.IGNORECASE)
_PRONOUN_TAIL = re.compile(r"\s(it|he|she|they)$", re.IGNORECASE)
_EMBEDDING_NOUN = re.compile(
    r"^(?:and\s+)?(?:(?:a|an|the|one)\s+(?:\w+\s+)?|(?=(?:charges|claims|accusations|allegations)\s))"
    r"(?:claim|claims|charge|charges|accusation|accusations|allegations|"
    r"decision|account|allegation|move|report|version|one|ruling|position|figure|step|"
    r"assertion|description|characterisation|characterization)?\s*(?:that|which)?\s+",
    re.IGNORECASE)
_INTRO = re.compile(
    r"^(?:in|on|at|after|before|asked|speaking|last|earlier|later|meanwhile|however|but|yet|"
    r"by|since|during|separately|also|still|instead|elsewhere|responding|writing|for|from|"
    r"with|under|despite|amid|when|until|in\s+a|on\s+\w+day|this|that\s+day|the\s+next\s+day|"
    r"overnight|\w+day)\b", re.IGNORECASE)
# Where the speaker named after a verb ends. A full stop ends it, except in a dotted acronym
# ("the U.N. Office on Drugs and Crime") or after a title ("said Lt. Col. Eran Schreiber").
_TITLE_STOPS = "".join(rf"(?<!\b{t})" for t in (
    "Lt", "Col", "Gen", "Maj", "Capt", "Brig", "Adm", "Cmdr", "Sgt", "Dr", "Mr", "Mrs", "Ms",
    "Prof", "Rep", "Sen", "Gov", "Rev", "Sr", "Jr"))
_NP_AFTER_END = re.compile(r"[,;:!?\"“”()]|(?<![\s.][A-Z])" + _TITLE_STOPS +
                           r"\.|\s(?:in|on|at|who|which|that|saying|"
                           r"after|before|when|as|and\s+said|to\s+reporters)\s|\s—\s",
                           re.IGNORECASE)
_CLAUSE_WORDS = frozenset("had has have was were is are will would could did does do can may "
                          "should must it they he she we i there".split())
_AFTER_SPEAKER = re.compile(r"\s(?:in|on|at|who|which|according|late|early|after|before)\b",
                            re.IGNORECASE)
# A document followed by a past participle is a reduced relative clause, not a speaker:
# "a statement posted on its WeChat account", "a video released by the army".
_PARTICIPLES = frozenset("posted published released carried aired broadcast read issued shown "
                         "circulated reported".split())
_DOCUMENT_TAIL = re.compile(r"\b(?:statement|statements|message|video|videos|report|reports|"
                            r"footage|post|posts|transcript|letter|images|photos|photographs|"
                            r"article|editorial|commentary|notice|document|documents|data)\s*$",
                            re.IGNORECASE)
_SOURCE_END = re.compile(r"[,;:!?\"“”()]|(?<![\s.][A-Z])\.|\s(?:who|which|that|saying|and\s+said)\s"
                         r"|\s—\s", re.IGNORECASE)
_INVERTING = frozenset("said says added adds told wrote writes reported reports stated "
                       "noted declared insisted explained asked continued".split())


@dataclass
class Frame:
    """One reporting verb and what surrounds it, as offsets into the sentence text."""

    verb: tuple[int, int]
    kind: str  # denial | accusation | speech | act | outlet | according | passive
    subject: tuple[int, int] | None = None
    extras: tuple[tuple[int, int], ...] = ()  # appositives: ", the state news agency,"
    negated: bool = False
    embedded: bool = False  # "which Tehran says", "a claim Guyana called false"
    trailing: bool = False  # ", regional officials said" after the sentence's own content
    inverted: bool = False  # '"...," said the ministry'
    coordinated: bool = False  # "... and said": the subject of the verb before
    participle: bool = False  # "..., arguing that"
    habitual: bool = False  # "has regularly accused": what a side keeps saying
    long_standing: bool = False  # "has long maintained": a side's standing position
    content: tuple[int, int] = (0, 0)  # what the verb reports
    via: tuple[int, int] | None = None  # "in a statement carried by KCNA": the channel
    own_channel: bool = False  # "on its Telegram channel"
    channel: tuple[int, int] | None = None  # where "on its Telegram channel" is


@dataclass
class SentenceFrames:
    """The frames of one sentence, in order, and the quotations they sit among."""

    text: str
    body: int  # where the sentence starts after a dateline
    quotes: list[tuple[int, int]] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    unclosed_quote: bool = False
    truncated: bool = False
    hedges: list[tuple[int, int]] = field(default_factory=list)  # "is said to be"

    @property
    def opens_with_quote(self) -> bool:
        return bool(self.quotes) and self.quotes[0][0] <= self.body + 1

    def quoted(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.quotes)

    def all_quoted(self) -> bool:
        """The sentence is one quotation and nothing else: '"It is over."'."""
        stripped = self.text[self.body:].strip()
        return bool(self.quotes) and len(self.quotes) == 1 and \
            self.quotes[0][1] - self.quotes[0][0] >= len(stripped) - 3


def quotations(text: str) -> tuple[list[tuple[int, int]], bool]:
    """[open, close] spans (inclusive of the marks) and whether a quotation was left open."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    opener = ""
    for mark in _QUOTE_MARKS.finditer(text):
        char, index = mark.group(), mark.start()
        if opened is None:
            if char in "\"“":
                opened, opener = index, char
            continue
        if (opener == "“" and char == "”") or (opener == '"' and char == '"'):
            spans.append((opened, index + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans, opened is not None


def _chunks(text: str, start: int, end: int, quotes) -> list[tuple[int, int]]:
    """[start, end) cut at commas outside parentheses and quotations."""
    cuts, depth = [], 0
    for index in range(start, end):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == "," and not depth and not any(a < index < b - 1 for a, b in quotes):
            cuts.append(index)
    pieces, last = [], start
    for cut in cuts + [end]:
        piece = text[last:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            pieces.append((last + lead, last + len(piece.rstrip())))
        last = cut + 1
    return pieces


def _np_after(text: str, start: int, limit: int = 160,
              stop: re.Pattern[str] | None = None) -> tuple[int, int] | None:
    end = min(len(text), start + limit)
    stop = (stop or _NP_AFTER_END).search(text, start, end)
    stop_at = stop.start() if stop else end
    if stop_at <= start:
        return None
    return start, stop_at


def find_frames(sentence: str, rules: Rules) -> SentenceFrames:
    """Every reporting verb of a sentence with its subject and what it reports."""
    text = sentence[:ANALYSED_CHARS]
    dateline = DATELINE.match(text)
    body = dateline.end() if dateline else len(text) - len(text.lstrip())
    quotes, unclosed = quotations(text)
    result = SentenceFrames(text, body, quotes, unclosed_quote=unclosed,
                            truncated=len(sentence) > ANALYSED_CHARS)
    if _BYLINE.match(text):  # "By Omar Said": who wrote the story, not who speaks in it
        return result
    passives = [(m.start(), m.end()) for m in _PASSIVE.finditer(text, body)
                if not result.quoted(m.start(), m.end())]
    verbs: list[tuple[int, int, str]] = [(a, b, "passive") for a, b in passives]
    words = rules.frame_words
    for match in words.finditer(text, body) if words is not None else ():
        span = (match.start(), match.end())
        if text[span[0] - 1:span[0]] == "-" and span[0] > body:
            continue  # "under-declared", "self-declared", "much-cited": part of a compound word
        kind = rules.frame_word_class(match.group(0))
        if kind == "hedge":
            result.hedges.append(span)
        if kind in ("hedge", "not_speech") or result.quoted(*span) or _overlaps(span, passives):
            continue
        if result.quoted(span[0], span[0] + 1):
            continue  # 'the kingdom “categorically rejects” any suggestion': quoted words
        if match.group(0).lower().startswith("according"):
            kind = "according"
        if kind == "accusation" and _DESCRIBED_ACCUSED.match(text, span[1]) and \
                not _BY_AFTER.match(text, span[1]):
            continue  # "the arrest of a man accused of paying": who he is, not who accuses
        verbs.append((span[0], span[1], kind))
    verbs.sort()
    for start, end, kind in verbs[:60]:
        frame = Frame((start, end), kind)
        _place(frame, text, body, result)
        if frame.subject is None and kind in ("outlet", "act") and not frame.inverted:
            continue
        result.frames.append(frame)
    _contents(result)
    return result


# "accused of", "charged with" straight after the verb: the participle describes the accused
# ("a man accused of paying", "was accused of"); someone accusing names whom ("accused Morocco
# of").
_DESCRIBED_ACCUSED = re.compile(r"\s+(?:of|with)\b", re.IGNORECASE)
_BY_AFTER = re.compile(r"\s+(?:of|with)\s+[^,.;]{1,80}?\bby\s", re.IGNORECASE)


# 'in an editorial headlined "Respect our laws",': a title, not a quotation.
_TITLE_BEFORE = re.compile(r"\b(?:headlined|titled|entitled|dubbed|called|named|slogan)\s*$",
                           re.IGNORECASE)
_NAME_GIVEN = re.compile(r"(.+?)\s+(?:who|,\s*who)\s+(?:gave|gives|give|would\s+give)\s+(?:his|her|"
                         r"their)\s+(?:first\s+|family\s+)?names?\s+(?:only\s+)?as\s+\S+$",
                         re.IGNORECASE)
_RELATIVE_CHUNK = re.compile(r"(?:which|who|whose|whom|where)\s", re.IGNORECASE)


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in others)


def _place(frame: Frame, text: str, body: int, result: SentenceFrames) -> None:
    """Find the frame's subject and how it relates to the rest of the sentence."""
    start, end = frame.verb
    quotes = result.quotes
    if frame.kind in ("according", "passive"):
        # "according to the U.N. Office on Drugs and Crime": only punctuation or a clause
        # ends a source named this way.
        frame.subject = _np_after(text, end, stop=_SOURCE_END)
        if frame.subject is not None:
            frame.extras = _appositives_after(text, frame.subject[1])
        intro = text[body:start].strip(" ,")
        frame.trailing = bool(intro) and frame.kind == "according"
        return
    previous = result.frames[-1] if result.frames else None
    verb_text = text[start:end].lower()
    before = text[:start]
    stripped_end = start
    adverbs = _ADVERBIALS.search(before, max(body, start - 60))
    if adverbs:
        stripped_end = adverbs.start()
        frame.negated = bool(_NEGATED.search(text, adverbs.start(), start))
        frame.habitual = bool(_HABITUAL.search(text, adverbs.start(), start))
        frame.long_standing = bool(_LONG_STANDING.search(text, adverbs.start(), start))
    clause_start = body
    for a, b in quotes:
        if b <= stripped_end and not _TITLE_BEFORE.search(text, max(0, a - 16), a):
            # (a headline or a title quoted in an aside is no quotation the verb follows)
            clause_start = max(clause_start, b)
    for mark in ";:—–":
        at = text.rfind(mark, clause_start, stripped_end)
        if at >= 0 and not result.quoted(at, at + 1) and (mark in ";:" or text[at - 1:at] == " "):
            clause_start = max(clause_start, at + 1)
    region = text[clause_start:stripped_end]
    if verb_text.endswith("ing") and region.rstrip().endswith(",") or (
            verb_text.endswith("ing") and not region.strip()):
        frame.participle = True
        _inherit(frame, previous, result, text, body)
        return
    chunks = _chunks(text, clause_start, stripped_end, quotes)
    if _COORDINATED.search(region):
        if previous is not None:
            frame.coordinated = True
            _inherit(frame, previous, result, text, body)
            return
        # "The FSB named the man as ... and said", "Sinowest ..., the importer ..., rejected
        # the figure and said": the subject of the act before, which is no reporting verb.
        lead = _acting_subject(text, chunks)
        if lead is not None:
            frame.coordinated = True
            frame.subject, frame.extras = lead
            return
    after_quote = any(b == clause_start for _, b in quotes) and not region.strip(" ,")
    single_clause = len(chunks) <= 1
    if verb_text in _INVERTING and (after_quote or not region.strip(" ,")
                                    or (region.rstrip().endswith(",") and single_clause)):
        after = _np_after(text, end)
        if after is not None and _clean_np(text, after) and \
                re.match(r"(?:the|a|an|its|their|[A-Z])\b|[A-Z]", text[after[0]:after[1]].lstrip()):
            frame.inverted = True
            frame.subject = after
            frame.extras = _appositives_after(text, after[1])
            frame.trailing = not after_quote and bool(text[body:clause_start].strip(" ,"))
            return
        if not region.strip(" ,"):
            _inherit(frame, previous, result, text, body)
            return
    if not chunks:
        return
    appositive_end = region.rstrip().endswith(",")
    index = len(chunks) - 2 if appositive_end and len(chunks) >= 2 else len(chunks) - 1
    while 0 < index < len(chunks) - 1 and _RELATIVE_CHUNK.match(text, chunks[index][0]):
        # "Orient Crest, which owns 70 per cent of the smelter, said": the relative clause
        # describes the subject before it.
        index -= 1
    first = _listed_name_start(text, chunks, index)
    subject = (chunks[first][0], chunks[index][1])
    frame.extras = tuple(chunks[index + 1:])
    index = first
    if previous is not None and subject[0] <= previous.verb[0] < subject[1] and \
            previous.kind in ("speech", "denial", "accusation") and \
            text[previous.verb[1]:subject[1]].strip():
        # "said his client denied the charges": the second verb is inside what the first one
        # reports, and its subject starts after the first verb.
        frame.embedded = True
        subject = (previous.verb[1] + len(text[previous.verb[1]:subject[1]]) -
                   len(text[previous.verb[1]:subject[1]].lstrip()), subject[1])
    head = text[subject[0]:subject[1]]
    subordinate = _SUBORDINATE.match(head)
    if subordinate:
        frame.embedded = True
        subject = (subject[0] + subordinate.end(), subject[1])
        head = text[subject[0]:subject[1]]
    named_as = _NAME_GIVEN.match(head)
    if named_as:
        # "A herder who gave his name only as Ali told the BBC": the herder speaks.
        subject = (subject[0], subject[0] + named_as.end(1))
        head = text[subject[0]:subject[1]]
    relative = _RELATIVE_TAIL.search(head)
    embedding = _EMBEDDING_NOUN.match(head)
    pronoun = _PRONOUN_TAIL.search(head)
    if pronoun and pronoun.start(1) > 0 and not relative:
        # "a list of weapons it said had been found": a reduced relative clause.
        frame.embedded = True
        subject = (subject[0] + pronoun.start(1), subject[1])
    elif relative and len(relative.group(1).split()) <= 4:
        frame.embedded = True
        subject = (subject[0] + relative.start(1), subject[1])
    elif embedding and embedding.end() < len(head):
        frame.embedded = True
        subject = (subject[0] + embedding.end(), subject[1])
    if verb_text in _PARTICIPLES and _DOCUMENT_TAIL.search(text, subject[0], subject[1]):
        frame.subject = None  # "a statement posted on its website": what, not who
        return
    frame.subject = subject
    earlier = chunks[:index]
    frame.trailing = any(not _INTRO.match(text[a:b]) for a, b in earlier)


def _appositives_after(text: str, end: int) -> tuple[tuple[int, int], ...]:
    """", a spokesman for the coast guard," after a name: what the name is."""
    found = []
    while len(found) < 2 and text[end:end + 2].startswith(", "):
        piece = _np_after(text, end + 2, 120)
        # "said Tan Wei Ling, its chief executive.": a possessive role too
        if piece is None or not re.match(r"(?:(?:a|an|the|who|which|its|their|chief|president|"
                                         r"head|director|spokesman|spokeswoman|spokesperson)\s"
                                         # "said David Bakeine, Uganda's Minister of State"
                                         r"|(?-i:[A-Z][\w-]*['’]s\s+[A-Z]))",
                                         text[piece[0]:piece[1]] + " ", re.IGNORECASE):
            break
        found.append(piece)
        end = piece[1]
    return tuple(found)


def _clean_np(text: str, span: tuple[int, int]) -> bool:
    """Whether the words after an inverted verb are a speaker and not a clause: "said the
    ministry." is inverted, "said Pakistani troops had started" and "said the operation
    showed" are not."""
    words = text[span[0]:span[1]].split()
    if not 0 < len(words) <= 10 or any(w.lower().strip(",.") in _CLAUSE_WORDS for w in words):
        return False
    rest = text[span[1]:span[1] + 12]
    return not rest.strip() or rest[:1] in ",.;!?" or bool(_AFTER_SPEAKER.match(rest))


def _inherit(frame: Frame, previous: Frame | None, result: SentenceFrames, text: str,
             body: int) -> None:
    """A participle or a coordinated verb speaks with the subject of the clause before."""
    source = previous
    while source is not None and source.subject is None and source.coordinated:
        source = None
    if source is not None and source.subject is not None:
        frame.subject, frame.extras = source.subject, source.extras
        frame.embedded = source.embedded and not frame.participle
        frame.trailing = source.trailing
        return
    first_clause = _chunks(text, body, frame.verb[0], result.quotes)
    if first_clause:
        frame.subject = first_clause[0]


# "The Ministry of Development, Industry, Trade and Services (MDIC)": a body whose name lists
# its portfolios between commas.
_LISTED_ITEM = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)?")
_BODY_OF = re.compile(r"\b(?:Ministry|Department|Office|Committee|Commission|Council|Agency|"
                      r"Authority|Bureau|Secretariat)\s+(?:of|for)\s+(?:[A-Z][\w'’-]*\s+)*"
                      r"[A-Z][\w'’-]*$")


def _listed_name_start(text: str, chunks: list[tuple[int, int]], index: int) -> int:
    """The chunk a body's name starts in when commas list its portfolios ("The Ministry of
    Development, Industry, Trade and Services (MDIC) said"); `index` itself otherwise."""
    if not text[chunks[index][0]:chunks[index][0] + 1].isupper():
        return index
    first = index
    while first > 0 and _LISTED_ITEM.fullmatch(text, *chunks[first - 1]):
        first -= 1
    if first > 0 and _BODY_OF.search(text, *chunks[first - 1]):
        return first - 1
    return index


# The verb of an act that opens a clause: "named", "rejected", "responded".
_ACT_VERB = re.compile(r"[a-z]+ed\b")


def _acting_subject(text: str, chunks: list[tuple[int, int]]
                    ) -> tuple[tuple[int, int], tuple[tuple[int, int], ...]] | None:
    """The subject (and its appositives) of a clause whose first verb is an act in the past
    tense: the words before "named" in its first piece, or the first piece when a later piece
    opens on the verb ("X, the importer that buys ..., rejected the figure and")."""
    if not chunks:
        return None
    a, b = chunks[0]
    words = list(re.finditer(r"\S+", text[a:b]))
    for index, word in enumerate(words[1:], 1):
        if _ACT_VERB.fullmatch(word.group(0)):
            return (a, a + words[index - 1].end()), ()
    for index, (c, _) in enumerate(chunks[1:], 1):
        if _ACT_VERB.match(text, c):
            return (a, b), tuple(chunks[1:index])
    return None


# ", but successive US administrations have said": a clause of its own, not a trailing speaker.
_JOINED = re.compile(r"\s*(?:but|and|yet|while|whereas|although|though)\b", re.IGNORECASE)


# What may follow a trailing speaker's verb: the sentence's end, a time or place, the channel.
_ENDS_AFTER = re.compile(r"\s*(?:[,.;:!?”\"]|$|(?:on|in|at|late|early|earlier|later|according|"
                         r"adding|citing|via|from|to|during|after|before|without)\b)", re.IGNORECASE)


def _contents(result: SentenceFrames) -> None:
    """What each frame reports: from its verb to the next main frame, or the quotations
    before an inverted or quote-closing verb."""
    text, frames = result.text, result.frames
    for index, frame in enumerate(frames):
        later = [f for f in frames[index + 1:] if not f.embedded and not f.coordinated
                 and not f.participle and f.subject is not None]
        stop = len(text)
        if later:
            nxt = later[0]
            stop = min(nxt.subject[0], nxt.verb[0]) if nxt.subject else nxt.verb[0]
            stop = max(stop, frame.verb[1])
        begin = frame.verb[1]
        if frame.subject is not None and frame.subject[0] > frame.verb[1] and \
                frame.kind not in ("according", "passive"):
            begin = frame.subject[1]
        quoted_before = [q for q in result.quotes if q[1] <= frame.verb[0]
                         and (frame.inverted or (frame.subject and q[1] <= frame.subject[0]))]
        if quoted_before and (frame.inverted or not index):
            # 'Eritrean troops had not moved "a single metre", the statement said.': what
            # comes before the quotation is said too.
            begin = min(begin, quoted_before[0][0] if index else result.body)
            frame.content = (begin, max(stop, frame.verb[1]))
        elif frame.trailing and frame.subject is not None and not index and \
                frame.kind != "according" and frame.subject[0] > result.body and \
                text[:frame.subject[0]].rstrip().endswith((",", "—", "–")) and \
                not _JOINED.match(text, frame.subject[0]) and \
                _ENDS_AFTER.match(text, frame.verb[1]):
            # "No drone had been anywhere near Béchar, a Moroccan military source said": what
            # comes before the trailing speaker is what it says.
            frame.content = (result.body, frame.subject[0])
        else:
            frame.content = (begin, stop)
        _channels(frame, text, result)


def _channels(frame: Frame, text: str, result: SentenceFrames) -> None:
    window_end = min(len(text), frame.verb[1] + 120)
    # A document's own participle ("a video posted on the KGB's Telegram channel") is the via.
    via = _VIA.search(text, frame.verb[0] if frame.subject is None else frame.verb[1],
                      window_end)
    if via and frame.kind != "passive" and not result.quoted(via.start(), via.end()):
        frame.via = _np_after(text, via.end())
    own = _OWN_CHANNEL.search(text, frame.verb[1], min(len(text), frame.verb[1] + 50))
    if own and own.start() - frame.verb[1] <= 25:
        frame.channel = (own.end(), min(len(text), own.end() + 40))
        frame.own_channel = (own.group(1) or "").lower() in ("its", "their")

"""Drafting a pack from any news article with transparent rules, and measuring the drafter.

Reads UTF-8 text or Markdown, proposes a kind per sentence, and scores itself on labelled packs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from quiz.content.article import Article
from quiz.content.drafter.rules import Decision, Rules, SourceEntry, SourceTable, phrase_key
from quiz.content.format import CategoryModel, ItemModel, PackModel
from quiz.content.sentences import Sentence, is_date_line, split_sentences
from quiz.core.packs import LoadedPack

MAX_ARTICLE_BYTES = 8 * 1024 * 1024
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
_FRAMES = ("state_outlet", "government_speech", "international_speech")
_ATTRIBUTING = ("denial_verb", "accusation_verb", "state_outlet", "government_speech",
                "international_speech")


class ArticleError(Exception):
    """An article that cannot be drafted, with one line saying why and what would work."""


# --- reading an article -------------------------------------------------------------------------


def _guess_encoding(data: bytes) -> str:
    if any(0x80 <= b <= 0x9F for b in data):
        return "windows-1252"
    return "latin1"


def read_article(path: Path, expected: str = "a news article as UTF-8 text or Markdown") -> str:
    """The text of an article file; raises ArticleError naming what is wrong with it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ArticleError(f"{path}: is a folder; give the article's text file") from None
    except OSError as error:
        raise ArticleError(f"{path}: cannot read: {error.strerror}") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{path}: file is {len(data) / 1_048_576:.1f} MB; articles are limited to "
            f"{MAX_ARTICLE_BYTES // 1_048_576} MB"
        )
    if not data.strip():
        raise ArticleError(f"{path}: the file is empty; give {expected}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(
            f"{path}: the file is UTF-16 text, not UTF-8; convert with "
            "iconv -f utf-16 -t utf-8"
        )
    nul = data.find(b"\0")
    if nul >= 0:
        raise ArticleError(
            f"{path}: looks like a binary file (NUL byte at offset {nul}), not text; give "
            f"{expected}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise ArticleError(
            f"{path}:{line}:{col}: not UTF-8: byte 0x{data[error.start]:02x} at line {line}, "
            f"col {col}; save as UTF-8 or convert with "
            f"iconv -f {_guess_encoding(data)} -t utf-8"
        ) from None
    return text.removeprefix("\ufeff")


@dataclass(frozen=True)
class ArticleSource:
    """An article made plain: one paragraph per line, a leading dateline kept as metadata."""

    text: str  # what the pack's article copy holds
    title: str | None
    date: dt.date | None


_MD_LINK = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,5}\s*$")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y-%m-%d",
                 "%A, %B %d, %Y", "%A %B %d, %Y", "%A, %d %B %Y")


def parse_date_line(line: str) -> dt.date | None:
    """The date of a dateline such as 'July 28, 2023', 'Sept. 5, 2023' or '2023-07-28'."""
    cleaned = " ".join(line.replace(".", " ").split())
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned)
    cleaned = re.sub(r" ,", ",", cleaned)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def normalise_article(text: str, *, markdown: bool = False) -> ArticleSource:
    """One paragraph per line; Markdown marks, headings, rules and bylines left out.

    Paragraphs are separated by blank lines when the text has any (hard-wrapped lines are
    joined), otherwise every line is a paragraph.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].strip() == "---":  # Markdown front matter
        closing = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if closing is not None:
            lines = lines[closing + 1 :]
    markdown = markdown or next((ln for ln in lines if ln.strip()), "").startswith("# ")
    blank_separated = any(not ln.strip() for ln in lines[1:-1]) and any(
        lines[i].strip() and lines[i + 1].strip() for i in range(len(lines) - 1)
    )
    title: str | None = None
    date: dt.date | None = None
    date_line: str | None = None
    paragraphs: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            paragraphs.append(" ".join(block))
            block.clear()

    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            flush()
            continue
        if not paragraphs and not block and date_line is None and is_date_line(line):
            date_line, date = line, parse_date_line(line)
            continue
        if markdown:
            if line.startswith("#"):
                flush()
                if title is None and line.startswith("# "):
                    title = _markdown_inline(line[2:]).strip()
                continue
            if _MD_RULE.match(line):
                flush()
                continue
            if _MD_BULLET.match(line):
                flush()
                line = _MD_BULLET.sub("", line)
            line = _markdown_inline(line.lstrip("> ").strip())
            if not line:
                continue
        if not paragraphs and not block and _BYLINE.match(line):
            continue
        block.append(line)
        if not blank_separated:
            flush()
    flush()
    body = "\n".join(paragraphs)
    copy = f"{date_line}\n{body}\n" if date_line else f"{body}\n"
    return ArticleSource(text=copy, title=title, date=date)


def _markdown_inline(text: str) -> str:
    text = _MD_LINK.sub(lambda m: m.group(1) or "", text)
    previous = None
    while previous != text:
        previous, text = text, _MD_EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


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
class _Sentence:
    sentence: Sentence
    paragraph: int
    signals: list[Signal] = field(default_factory=list)
    trailing: Signal | None = None  # "..., according to KCNA." closing the sentence
    own: tuple[str, Signal] | None = None  # the answer from this sentence's own words


def _learned_outlets(text: str, rules: Rules) -> SourceTable:
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


def _continuation(text: str, rules: Rules) -> tuple[int, int] | None:
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


# --- deciding -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftedSentence:
    """The drafter's proposal for one sentence, with the rule that fired and why."""

    sentence: Sentence
    answer: str
    also_accept: tuple[str, ...]
    confidence: float
    decision: Decision
    cue: str  # verbatim, inside `passage`
    source: str
    passage_start: int
    passage_end: int
    secondary: tuple[tuple[Decision, str], ...]  # (decision, cue) that added also_accept


def _choose(signals: list[Signal], rules: Rules) -> list[tuple[Decision, Signal, str]]:
    """The decisions that fire, strongest first, each with its signal and answer."""
    fired = []
    for decision in rules.data.decisions:
        for signal in signals:
            if signal.kind == decision.signal:
                answer = decision.answer or signal.answer
                if answer:
                    fired.append((decision, signal, answer))
                break
    if fired and fired[0][1].reported:
        frame = next((f for f in fired if f[1].kind in _FRAMES), None)
        if frame is not None:
            fired.remove(frame)
            fired.insert(0, frame)
    return fired


def _own_answer(signals: list[Signal], rules: Rules) -> tuple[str, Signal] | None:
    attributing = [s for s in signals if s.kind in _ATTRIBUTING]
    fired = _choose(attributing, rules)
    return (fired[0][2], fired[0][1]) if fired else None


def _trailing(text: str, signals: list[Signal]) -> Signal | None:
    """An attribution closing the sentence after its last comma: '..., according to KCNA.'"""
    comma = text.rfind(",")
    if comma < 0:
        return None
    tail_end = len(text.rstrip(" .!?\"”’'"))
    for signal in signals:
        if signal.kind in ("state_outlet", "government_speech", "international_speech") \
                and signal.start > comma and signal.end >= tail_end - 1:
            return signal
    return None


def draft_article(text: str, rules: Rules, categories: Sequence[CategoryModel]) -> list[DraftedSentence]:
    """A proposal for every sentence of an article (a leading dateline is not a sentence)."""
    tables = [rules.outlets, _learned_outlets(text, rules), rules.internationals,
              rules.governments]
    sentences = split_sentences(text)
    states: list[_Sentence] = []
    paragraph, last_line = -1, None
    for sentence in sentences:
        if sentence.line != last_line:
            paragraph, last_line = paragraph + 1, sentence.line
        state = _Sentence(sentence, paragraph, find_signals(sentence.text, rules, tables))
        state.trailing = _trailing(sentence.text, state.signals)
        state.own = _own_answer(state.signals, rules)
        states.append(state)

    drafted: list[DraftedSentence] = []
    for index, state in enumerate(states):
        signals = list(state.signals)
        after = states[index + 1] if index + 1 < len(states) else None
        if after and after.paragraph == state.paragraph and after.trailing and after.own:
            signals.append(Signal("attribution_next", after.trailing.start, after.trailing.end,
                                  after.trailing.source, after.own[0], +1,
                                  after.sentence.text[after.trailing.start:after.trailing.end]))
        marker = _continuation(state.sentence.text, rules)
        if marker and drafted:
            signals.append(Signal("continues_previous", marker[0], marker[1], ""))
        if drafted:
            previous = drafted[-1]
            signals = [replace(s, source=previous.source, answer=previous.answer)
                       if s.kind == "continues_previous" else s for s in signals]
        else:
            signals = [s for s in signals if s.kind != "continues_previous"]
        if not signals:
            signals.append(Signal("no_signal", 0, 0, rules.data.own_voice or "the outlet itself"))
        fired = _choose(signals, rules)
        if not fired:  # the rules have no decision for what fired; say so rather than guess
            fired = _choose([Signal("no_signal", 0, 0, rules.data.own_voice or "")], rules)
        if not fired:
            raise ValueError("the rules need a decision for signal 'no_signal'")
        drafted.append(_decide(state, fired, states, index, rules, categories))
    return drafted


def _decide(state: _Sentence, fired, states, index, rules: Rules, categories) -> DraftedSentence:
    decision, signal, answer = fired[0]
    sentence = state.sentence
    also: list[str] = [c for c in decision.also_accept if c != answer]
    secondary: list[tuple[Decision, str]] = []
    confidence = decision.confidence
    for other, other_signal, other_answer in fired[1:]:
        if not other.also_when_secondary:
            continue
        if other_answer == answer:
            confidence += 0.05
        elif other_answer not in also:
            also.append(other_answer)
            secondary.append((other, sentence.text[other_signal.start:other_signal.end]))
            confidence -= 0.1
    confidence = round(min(0.99, max(0.05, confidence)), 2)

    start, end = sentence.start, sentence.end
    if signal.neighbour == +1:
        end = states[index + 1].sentence.end
        cue = signal.cue_text
    else:
        if signal.kind == "continues_previous" and index and \
                states[index - 1].paragraph == state.paragraph:
            start = states[index - 1].sentence.start
        cue = sentence.text[signal.start:signal.end]
    by_id = {c.id: c for c in categories}
    if not cue and answer in by_id and by_id[answer].cue_required:
        cue = sentence.text
    return DraftedSentence(
        sentence=sentence, answer=answer, also_accept=tuple(also), confidence=confidence,
        decision=decision, cue=cue, source=signal.source or rules.data.own_voice or "",
        passage_start=start, passage_end=end, secondary=tuple(secondary),
    )


# --- drafted sentences -> a pack ----------------------------------------------------------------


def _slug(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "item"


def _format(template: str, **values: str) -> str:
    return " ".join(template.format(**values).split())


def _explanation(drafted: DraftedSentence, label: str) -> str:
    values = {"rule": drafted.decision.id, "cue": drafted.cue, "source": drafted.source,
              "label": label}
    text = f"Draft (rule {drafted.decision.id}): " + _format(drafted.decision.explain, **values)
    if 2 <= len(split_sentences(text, skip_date_line=False)) <= 5:
        return text
    return (f"Draft (rule {drafted.decision.id}): the drafter proposes {label}. Review the "
            "answer, then write the explanation in your own words.")


def _why_not(drafted: DraftedSentence, categories: Sequence[CategoryModel], rules: Rules) -> dict:
    lines = {}
    added = {d.answer: (d, cue) for d, cue in drafted.secondary if d.answer}
    for category in categories:
        if category.id == drafted.answer:
            continue
        if category.id in drafted.also_accept and rules.data.also_accepted_line:
            decision, cue = added.get(category.id, (drafted.decision, drafted.cue))
            lines[category.id] = _format(rules.data.also_accepted_line, rule=decision.id,
                                         cue=cue, source=drafted.source, label=category.label)
        elif category.id in rules.data.why_not:
            lines[category.id] = _format(rules.data.why_not[category.id], rule=drafted.decision.id,
                                         cue=drafted.cue, source=drafted.source,
                                         label=category.label)
    return lines


def drafted_item(drafted: DraftedSentence, number: int, text: str,
                 categories: Sequence[CategoryModel], rules: Rules) -> ItemModel:
    """One draft item; confidence travels as tags (`confidence-80`, `low-confidence`)."""
    labels = {c.id: c.label for c in categories}
    low = drafted.confidence < rules.low_confidence
    tags = [f"rule-{drafted.decision.id}", f"confidence-{round(drafted.confidence * 100)}"]
    if low:
        tags.append("low-confidence")
    return ItemModel(
        id=f"s{number:03d}-{_slug(' '.join(drafted.sentence.text.split()[:5]), 32)}",
        passage=text[drafted.passage_start:drafted.passage_end],
        claim=drafted.sentence.text,
        answer=drafted.answer,
        also_accept=list(drafted.also_accept),
        source=drafted.source[:1].upper() + drafted.source[1:],
        cue=drafted.cue,
        explanation=_explanation(drafted, labels.get(drafted.answer, drafted.answer)),
        why_not=_why_not(drafted, categories, rules),
        difficulty=1 if drafted.confidence >= 0.75 else 2 if not low else 3,
        tags=tags,
        draft=True,
    )


@dataclass(frozen=True)
class Draft:
    pack: PackModel
    article_text: str
    drafted: list[DraftedSentence]
    low_confidence: int


def draft_pack(source: ArticleSource, *, pack_id: str, title: str, article_name: str,
               rules: Rules, categories: Sequence[CategoryModel],
               date: dt.date | None = None) -> Draft:
    """A pack with one draft item per sentence of the article copy."""
    drafted = draft_article(source.text, rules, categories)
    if not drafted:
        raise ArticleError("no sentences found in the article")
    items = [drafted_item(d, n, source.text, categories, rules) for n, d in enumerate(drafted, 1)]
    pack = PackModel(id=pack_id, title=title, article=article_name, version="0.1-draft",
                date=date or source.date, items=items)
    low = sum(d.confidence < rules.low_confidence for d in drafted)
    return Draft(pack=pack, article_text=source.text, drafted=drafted, low_confidence=low)


# --- measuring the drafter on labelled packs ----------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    expected: str
    accepted: tuple[str, ...]  # the answer and also_accept
    drafted: str
    rule: str
    signalled: bool

    @property
    def right(self) -> bool:
        return self.drafted in self.accepted


@dataclass(frozen=True)
class Evaluation:
    """How the drafter's answers compare with a labelled pack's, item by item."""

    name: str
    categories: tuple[str, ...]
    results: tuple[ItemResult, ...]
    sentences: int

    @staticmethod
    def rate(results: Sequence[ItemResult]) -> tuple[int, int]:
        return sum(r.right for r in results), len(results)

    @property
    def accuracy(self) -> tuple[int, int]:
        return self.rate(self.results)

    @property
    def signalled(self) -> tuple[int, int]:
        return self.rate([r for r in self.results if r.signalled])

    @property
    def unsignalled(self) -> tuple[int, int]:
        return self.rate([r for r in self.results if not r.signalled])

    def precision(self, category: str) -> tuple[int, int]:
        """Of the items drafted as `category`, how many the pack accepts."""
        return self.rate([r for r in self.results if r.drafted == category])

    def recall(self, category: str) -> tuple[int, int]:
        """Of the items whose best answer is `category`, how many the draft got right."""
        return self.rate([r for r in self.results if r.expected == category])

    def confusion(self) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for r in self.results:
            counts[(r.expected, r.drafted)] = counts.get((r.expected, r.drafted), 0) + 1
        return counts


def is_signalled(cue: str, rules: Rules, tables: Sequence[SourceTable] = ()) -> bool:
    """Whether a labelled cue contains a phrase of the drafter's attribution lexicons.

    This is the evaluation's definition of 'the text itself signals the kind': the pack author's
    cue names a state outlet, or holds a reporting verb, a hedge or a continuation opener.
    Empty cues, and cues naming only a record or a country ("since 2006", "US-led"), are not.
    """
    if not cue:
        return False
    patterns = [(p, at_start) for _, p, at_start in rules.signal_patterns()]
    patterns += [(t.pattern, False) for t in tables]
    opening = len(cue) - len(cue.lstrip("\"“‘'( "))
    return any(
        p is not None and (p.match(cue, opening) if at_start else p.search(cue))
        for p, at_start in patterns
    )


def evaluate(loaded: LoadedPack, rules: Rules, name: str | None = None) -> Evaluation:
    """Draft the pack's article and score the draft against every item's answer."""
    text = loaded.article_text
    drafted = draft_article(text, rules, loaded.categories)
    learned = _learned_outlets(text, rules)
    article = Article(text)
    results = []
    for item in loaded.pack.items:
        claim_at = article.find(item.passage) + item.passage.find(item.claim)
        match = next((d for d in drafted
                      if d.sentence.start <= claim_at < d.sentence.end), None)
        results.append(ItemResult(
            item_id=item.id, expected=item.answer,
            accepted=(item.answer, *item.also_accept),
            drafted=match.answer if match else "",
            rule=match.decision.id if match else "",
            signalled=is_signalled(item.cue, rules, [learned]),
        ))
    return Evaluation(name=name or loaded.pack.id, categories=tuple(loaded.category_ids),
                      results=tuple(results), sentences=len(drafted))


def combine(evaluations: Sequence[Evaluation]) -> Evaluation:
    categories: list[str] = []
    for evaluation in evaluations:
        categories += [c for c in evaluation.categories if c not in categories]
    return Evaluation(name="all packs", categories=tuple(categories),
                      results=tuple(r for e in evaluations for r in e.results),
                      sentences=sum(e.sentences for e in evaluations))


def _percent(rate: tuple[int, int]) -> str:
    right, total = rate
    if not total:
        return f"{'-':>3}/0   {'-':>6}"
    return f"{right:>3}/{total:<3} {100 * right / total:5.1f}%"


def format_evaluation(evaluation: Evaluation, *, misses: bool = True) -> str:
    """Plain-text report: accuracy, per-category precision and recall, confusion matrix."""
    lines = [f"{evaluation.name}: {len(evaluation.results)} items, "
             f"{evaluation.sentences} sentences drafted",
             f"  accuracy (answer or also_accept)  {_percent(evaluation.accuracy)}",
             f"  signalled items                   {_percent(evaluation.signalled)}",
             f"  unsignalled items                 {_percent(evaluation.unsignalled)}",
             ""]
    width = max(len(c) for c in evaluation.categories)
    lines.append(f"  {'category':<{width}}  {'precision':>15}  {'recall':>15}")
    for category in evaluation.categories:
        lines.append(f"  {category:<{width}}  {_percent(evaluation.precision(category)):>15}  "
                     f"{_percent(evaluation.recall(category)):>15}")
    lines.append("")
    lines.append("  confusion: rows = pack answer, columns = draft answer")
    lines.append("  (a cell off the diagonal may still be right: the pack's also_accept)")
    short = {c: c[:12] for c in evaluation.categories}
    column = max(5, *(len(s) for s in short.values()))
    names = evaluation.categories
    lines.append(f"  {'':<{width}}  " + "  ".join(f"{short[c]:>{column}}" for c in names))
    counts = evaluation.confusion()
    for expected in names:
        cells = "  ".join(f"{counts.get((expected, d), 0):>{column}}" for d in names)
        lines.append(f"  {expected:<{width}}  {cells}")
    wrong = [r for r in evaluation.results if not r.right]
    if misses and wrong:
        lines.append("")
        lines.append("  misses:")
        for r in wrong:
            mark = "signalled" if r.signalled else "unsignalled"
            lines.append(f"    {r.item_id}: pack {'/'.join(r.accepted)}, draft {r.drafted} "
                         f"(rule {r.rule}; {mark})")
    return "\n".join(lines)


# --- the `quiz draft` command -------------------------------------------------------------------


def _say(message: str) -> None:
    import sys

    print(message, file=sys.stderr)


def _title_from(path: Path) -> str:
    words = re.sub(r"[_\s-]+", " ", path.stem).strip()
    return (words[:1].upper() + words[1:]) or "Drafted pack"


def _load_rules_for(args, categories: Sequence[CategoryModel]) -> Rules | None:
    from quiz.content.drafter.rules import RulesError, load_rules

    try:
        rules = load_rules([Path(p) for p in args.rules or []])
        rules.check_categories([c.id for c in categories])
    except RulesError as error:
        for problem in error.problems:
            _say(f"quiz draft: {problem}")
        return None
    return rules


def run_evaluate(args) -> int:
    from quiz.content.pack_files import load_pack, resolve_pack
    from quiz.content.problems import PackError

    evaluations = []
    for name in args.evaluate:
        try:
            loaded = load_pack(resolve_pack(name))
        except LookupError as error:
            _say(f"quiz draft --evaluate: {error}")
            return 2
        except PackError as error:
            for problem in error.problems:
                _say(str(problem))
            return 1
        rules = _load_rules_for(args, loaded.categories)
        if rules is None:
            return 2
        evaluations.append(evaluate(loaded, rules, f"{loaded.pack.id} ({name})"))
    for evaluation in evaluations:
        print(format_evaluation(evaluation))
        print()
    if len(evaluations) > 1:
        print(format_evaluation(combine(evaluations), misses=False))
    return 0


def run(args) -> int:
    """`quiz draft ARTICLE` and `quiz draft --evaluate PACK...`."""
    if args.evaluate:
        if args.article:
            _say("quiz draft: give an ARTICLE to draft or --evaluate PACK..., not both")
            return 2
        return run_evaluate(args)
    if not args.article:
        _say("quiz draft: give the ARTICLE file to draft (see 'quiz draft --help')")
        return 2
    from quiz import locations
    from quiz.content.export import pack_to_yaml, schema_reference
    from quiz.content.format import TaxonomyModel
    from quiz.content.yamlsafe import MAX_BYTES, load_located, read_text

    categories = TaxonomyModel.model_validate(
        load_located(read_text(locations.default_taxonomy_path())).data).categories
    rules = _load_rules_for(args, categories)
    if rules is None:
        return 2
    path = Path(args.article)
    try:
        source = normalise_article(read_article(path),
                                   markdown=path.suffix.lower() in (".md", ".markdown"))
    except ArticleError as error:
        _say(f"quiz draft: {error}")
        return 2
    title = args.title or source.title or _title_from(path)
    pack_id = _slug(title, 60) if _slug(title, 60) != "item" else "draft"
    out = Path(args.out or ".")
    pack_path, article_path = out / f"{pack_id}.yaml", out / f"{pack_id}.txt"
    existing = [p for p in (pack_path, article_path) if p.exists()]
    if existing and not args.force:
        _say(f"quiz draft: {existing[0]} exists; pass --force to overwrite it, or choose "
             "another folder with --out DIR")
        return 2
    try:
        draft = draft_pack(source, pack_id=pack_id, title=title, article_name=article_path.name,
                           rules=rules, categories=categories, date=args.date)
    except ArticleError as error:
        _say(f"quiz draft: {path}: {error}")
        return 2
    comments = [
        f"Drafted by `quiz draft` from {path.name} on {dt.date.today().isoformat()}.",
        "Every item is a draft: check it, rewrite the explanation, then remove `draft: true`.",
        "Tags: rule-<id> is the rule that fired; confidence-<0..100>; low-confidence.",
    ]
    text = pack_to_yaml(draft.pack, schema=schema_reference(out), comments=comments)
    try:
        out.mkdir(parents=True, exist_ok=True)
        article_path.write_text(draft.article_text, encoding="utf-8")
        pack_path.write_text(text, encoding="utf-8")
    except OSError as error:
        _say(f"quiz draft: cannot write to {out}: {error.strerror}")
        return 2
    counts: dict[str, int] = {}
    for drafted in draft.drafted:
        counts[drafted.answer] = counts.get(drafted.answer, 0) + 1
    summary = ", ".join(f"{n} {c}" for c, n in counts.items())
    print(f"drafted {len(draft.drafted)} items from {path} ({summary})")
    print(f"wrote {pack_path} and {article_path}")
    if draft.low_confidence:
        print(f"{draft.low_confidence} item(s) have low confidence (tag low-confidence): "
              "review those first")
    quiet = {"no_signal", "record"}
    if all(d.decision.signal in quiet for d in draft.drafted):
        print("no attributions found: every sentence was drafted as the outlet's own voice, "
              "with low confidence")
    if len(text.encode("utf-8")) > MAX_BYTES:
        print(f"note: the pack is {len(text) / 1_048_576:.1f} MB; quiz validate reads at most "
              f"{MAX_BYTES // 1_048_576} MB, so split the article into smaller packs")
    print(f"next: review the items, then run: quiz validate {pack_path}")
    return 0

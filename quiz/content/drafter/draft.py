"""Drafting: the sentences of an article read in order (speech frames, the discourse model, what
neighbours carry), a kind and a calibrated confidence for each, then the drafted sentences as a
pack of items marked `draft: true`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quiz.content.article import Article, ArticleError
from quiz.content.drafter.article_source import ArticleSource
from quiz.content.drafter.confidence import confidence_for, text_flags
from quiz.content.drafter.evidence import evidence
from quiz.content.drafter.entities import SPEAKER_SIGNALS, Discourse, Lexicon
from quiz.content.drafter.frames import SentenceFrames, find_frames
from quiz.content.drafter.lexicon import Rules
from quiz.content.drafter.reading import Reader, Reading, Signal
from quiz.content.drafter.rules import Decision
from quiz.content.drafter.second import context_features, reading_features
from quiz.content.drafter.speakers import Speakers, learned_outlets
from quiz.content.format import CategoryModel, ItemModel, PackModel
from quiz.content.sentences import Sentence, split_sentences

# --- deciding -----------------------------------------------------------------------------------

# Signals that say little by themselves: a source carried from a neighbour outranks them.
_WEAK = frozenset({"other_speech", "hedge", "record", "no_signal"})


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
    flags: tuple[str, ...] = ()  # what made the reading riskier (see confidence.py)
    evidence: tuple[str, ...] = ()  # what the text holds, whatever was decided (confidence.py)


def _choose(signals: list[Signal], rules: Rules) -> list[tuple[Decision, Signal, str]]:
    """The decisions the ranked signals fire, in rank order, each with its answer."""
    fired = []
    seen: set[str] = set()
    for signal in signals:
        decision = rules.decisions_by_signal.get(signal.kind)
        if decision is None or signal.kind in seen:
            continue
        answer = decision.answer or signal.answer
        if answer:
            fired.append((decision, signal, answer))
            seen.add(signal.kind)
    return fired


def continuation(text: str, rules: Rules) -> tuple[int, int] | None:
    """The words showing that a sentence carries on from the one before, if any."""
    stripped = len(text) - len(text.lstrip("\"“‘'( "))
    if rules.openers is not None:
        match = rules.openers.match(text, stripped)
        if match:
            return match.start(), match.end()
    if rules.markers is not None:
        limit = rules.data.continuation.within_words or 4
        horizon = 0
        for count, word in enumerate(re.finditer(r"\S+", text[:400]), 1):
            horizon = word.end()
            if count >= limit:
                break
        match = rules.markers.search(text, 0, horizon)
        if match:
            return match.start(), match.end()
    return None


class _Article:
    """One article read sentence by sentence."""

    def __init__(self, text: str, rules: Rules,
                 sentences: list[Sentence] | None = None) -> None:
        self.rules = rules
        self.sentences = split_sentences(text) if sentences is None else sentences
        lexicon = Lexicon(rules, learned_outlets(text, rules))
        self.discourse = Discourse(rules)
        self.reader = Reader(rules, Speakers(lexicon, self.discourse))
        self.frames: list[SentenceFrames] = []
        self.readings: list[Reading] = []
        self.paragraphs: list[int] = []

    def read(self, upto: int | None = None) -> None:
        """Read the first `upto` sentences (all by default): what is said later never changes
        who speaks earlier, except in the sentence just after (ranked looks one ahead)."""
        paragraph, last_line = -1, None
        for index, sentence in enumerate(self.sentences[:upto]):
            if sentence.line != last_line:
                paragraph, last_line = paragraph + 1, sentence.line
            self.discourse.sentence = index
            frames = find_frames(sentence.text, self.rules)
            reading = self.reader.read(frames)
            reading.flags |= text_flags(sentence.text)
            self.frames.append(frames)
            self.readings.append(reading)
            self.paragraphs.append(paragraph)

    def ranked(self, index: int, drafted: list[DraftedSentence]) -> list[Signal]:
        """The sentence's own signals with what its neighbours carry, strongest first."""
        reading, frames = self.readings[index], self.frames[index]
        sentence = self.sentences[index]
        own = list(reading.signals)
        carried: list[Signal] = []
        same_next = index + 1 < len(self.sentences) and \
            self.paragraphs[index + 1] == self.paragraphs[index]
        after = self.readings[index + 1] if same_next else None
        if after is not None and after.trailing is not None and not reading.has_head and \
                not reading.dated and not (own and all(s.kind == "record" for s in own)) and \
                after.trailing_entity is not None and after.trailing_entity.kind != "unknown":
            trailing = after.trailing
            answer = self.reader.answer_of(trailing.kind) or trailing.answer
            text = self.sentences[index + 1].text
            carried.append(Signal("attribution_next", trailing.start, trailing.end,
                                  trailing.source, answer, +1, text[trailing.start:trailing.end]))
        previous = self.readings[index - 1] if index else None
        denied_before = bool(drafted) and drafted[-1].answer == self._denial_answer
        if previous is not None and previous.speaker is not None and reading.speaker is None \
                and frames.opens_with_quote and (previous.quoted or self.paragraphs[index - 1]
                                                 == self.paragraphs[index]):
            carried += self._quote_runs_on(index, previous, denied_before)
        if self._keeps_stance(index, previous, denied_before):
            cue = next((s for s in own if s.kind == "company_speech"), None)
            if cue is not None:
                reading.flags.add("stance-carried")
                own.insert(0, Signal("denial_content", cue.start, cue.end, cue.source))
        marked: list[Signal] = []
        marker = continuation(sentence.text, self.rules)
        if marker and "no-frame" in reading.flags and not reading.quoted and \
                " " not in sentence.text[marker[0]:marker[1]].strip() and \
                (denied_before or any(s.kind == "record" for s in own)):
            # "Their land border has been closed since 1994.", "Its shares fell by 10%." after
            # a denial: a bare possessive with no speech and no quotation opens a record about
            # the party, not more of what it said (a denial needs someone denying). After a
            # report ("Their range is said to be ..."), the report goes on.
            marker = None
        if marker and drafted and not reading.has_head:
            before = drafted[-1]
            marked.append(Signal("continues_previous", marker[0], marker[1], before.source,
                                 before.answer))
        if reading.has_head:
            return own + carried + marked
        strong = [s for s in own if s.kind not in _WEAK]
        weak = [s for s in own if s.kind in _WEAK]
        if reading.explicit:  # "..., according to the Linava association": named, if unknown
            return strong + carried + weak[:1] + marked + weak[1:]
        return strong + carried + marked + weak

    @property
    def _denial_answer(self) -> str | None:
        return self.reader.answer_of("denial_verb")

    def _keeps_stance(self, index: int, previous: Reading | None, denied_before: bool) -> bool:
        """A company that denied in the sentence before, in the same paragraph, is still
        answering the accusation: its next words keep that stance ("We are a commercial
        company," the chief executive said)."""
        reading = self.readings[index]
        entity = reading.speaker
        if not (denied_before and previous is not None and entity is not None and index):
            return False
        if self.paragraphs[index - 1] != self.paragraphs[index] or entity.kind != "company":
            return False
        if any(s.kind.startswith("denial") or s.kind == "refusal" for s in reading.signals):
            return False  # "Tse declined to say how much": not more of the denial
        before = previous.speaker
        return before is entity or (before is not None and before.kind == "company"
                                    and entity.person)

    def _quote_runs_on(self, index: int, previous: Reading, denied_before: bool
                       ) -> list[Signal]:
        """A quotation with no attribution of its own: the speaker before speaks on."""
        entity = previous.speaker
        text = self.sentences[index].text
        self.readings[index].flags.add("quote-continues")
        kind = SPEAKER_SIGNALS[entity.kind]
        rules = self.rules
        if rules.denial_words is not None and rules.denial_words.search(text):
            kind = "denial_verb"
        elif self.reader.accusations.rebuts(entity, text):
            kind = "accused_rebuttal"  # '"There has been no underreporting."' after the charge
        elif entity.kind == "company" and denied_before:
            kind = "denial_content"
        answer = self.reader.answer_of(kind)
        opening = re.match(r"[\s\"“‘']*[^,.;:!?\"”]{1,60}", text)
        return [Signal("continues_previous", 0, opening.end() if opening else len(text),
                       f"{entity.describe()} (the speaker of the sentence before)", answer)]


def draft_article(text: str, rules: Rules, categories: Sequence[CategoryModel],
                  *, limit: int | None = None,
                  sentences: list[Sentence] | None = None) -> list[DraftedSentence]:
    """A proposal for every sentence of an article (a leading dateline is not a sentence), or
    for its first `limit` sentences. `sentences`: the text's split_sentences, when the caller
    has them already (a long article is not split twice)."""
    article = _Article(text, rules, sentences)
    article.read(None if limit is None else limit + 1)
    drafted: list[DraftedSentence] = []
    own_voice = rules.data.own_voice or "the outlet itself"
    for index, sentence in enumerate(article.sentences[:limit]):
        signals = article.ranked(index, drafted)
        if not signals:
            signals = [Signal("no_signal", 0, 0, own_voice)]
        fired = _choose(signals, rules)
        if not fired:  # the rules have no decision for what fired; say so rather than guess
            fired = _choose([Signal("no_signal", 0, 0, own_voice)], rules)
        if not fired:
            raise ValueError("the rules need a decision for signal 'no_signal'")
        same_paragraph = bool(index) and \
            article.paragraphs[index - 1] == article.paragraphs[index]
        decided = _carried_hedge(_decide(article, index, fired, rules, categories),
                                 drafted[-1] if drafted else None, rules, categories,
                                 same_paragraph=same_paragraph)
        if drafted and drafted[-1].answer == article._denial_answer != decided.answer and \
                same_paragraph:
            # The sentence after a denial may still be the denier answering the charge.
            decided = _with_flag(decided, "after-denial", rules)
        if decided.decision.signal == "continues_previous" and \
                decided.answer == article._denial_answer:
            decided = _with_flag(decided, "carried-denial", rules)
        drafted.append(decided)
    if drafted and all(d.decision.signal in ("no_signal", "record") for d in drafted):
        # Nothing in the whole article is attributed: every answer is only the default.
        drafted = [_with_flag(d, "nothing-attributed", rules) for d in drafted]
    return _read_again(drafted, rules, categories)


# The kinds whose account a hidden-source sentence after them carries on (labelling rule 12:
# "the crew is said to have filmed ..." takes the nearest source). Not a denial: on the
# labelled sets the one hedge after a denial was the outlet's own background.
_CARRIED_BY_HEDGE = frozenset({"state_media", "government_allegation"})


def _carried_hedge(decided: DraftedSentence, before: DraftedSentence | None,
                   rules: Rules, categories: Sequence[CategoryModel], *,
                   same_paragraph: bool) -> DraftedSentence:
    """A sentence whose only signal hides its source ("are believed to have crossed"), right
    after a state outlet's or a government's account, takes that account's kind and source;
    the outlet's own voice stays accepted. In one paragraph, its passage starts at the sentence
    before, as a continuation's does, so the reader sees whose account it is. Of the 23
    labelled hedges, 14 were right drafted as records, 21 with this (3 gained and 1 lost in
    the sets before wire53, not tuned on)."""
    carried = rules.decisions_by_signal.get("carried_hedge")
    if carried is None or decided.decision.signal != "hedge" or before is None or \
            before.answer not in _CARRIED_BY_HEDGE:
        return decided
    return replace(decided, decision=carried, answer=before.answer, source=before.source,
                   also_accept=tuple({c.id for c in categories} & {"independent_fact"}),
                   secondary=(),
                   passage_start=before.sentence.start if same_paragraph else
                   decided.passage_start)


def _read_again(drafted: list[DraftedSentence], rules: Rules,
                categories: Sequence[CategoryModel]) -> list[DraftedSentence]:
    """The second reading of every sentence, once the rules have read them all: it sees each
    sentence's rules' reading and the rules' answers of the sentences beside it (as in the
    replays it was fitted on), may take another kind, and gives each its confidence. Without
    a second reading, the rules' drafts as they are."""
    switch, second = _second_reading_decision(rules), rules.second
    if switch is None or second is None:
        return drafted
    found = []
    for index, d in enumerate(drafted):
        before = drafted[index - 1] if index else None
        after = drafted[index + 1] if index + 1 < len(drafted) else None
        context = context_features(d.answer, before and (before.answer, before.decision.id),
                                   after.answer if after else None)
        # A carried hedge is left alone: the replays it was fitted on hold hedges as records.
        kind, probability, changed = second.decide(d.answer, reading_features(
            d.decision.id, d.answer, d.flags, d.evidence, d.sentence.text, context),
            d.decision.id, may_change=d.decision.signal != "carried_hedge")
        flags = set(d.flags)
        if changed:
            # Sentences like this one were more often accepted as another kind in sets the
            # rules never saw: draft that kind, with the words that fired as the cue, and say why.
            flags.add("second-reading")
            d = replace(d, decision=switch, answer=kind, also_accept=(), secondary=(),
                        cue=_cue(d.cue, kind, d.sentence, categories))
        found.append(replace(d, flags=tuple(sorted(flags)),
                             confidence=_second_confidence(probability, flags, rules)))
    return found


def _second_reading_decision(rules: Rules) -> Decision | None:
    """The decision a second reading drafts with, when there is one to apply: then its
    probabilities are the confidences, and the confidence model is not asked."""
    return rules.decisions_by_signal.get("second_reading") if rules.second is not None else None


def _second_confidence(probability: float, flags: set[str], rules: Rules) -> float:
    """The second reading's probability as a confidence: a forced flag keeps it below the
    low-confidence line, as in confidence.score; kept in 0.05-0.99."""
    if flags & set(rules.data.low_confidence_flags):
        probability = min(probability, rules.low_confidence - 0.05)
    return round(min(0.99, max(0.05, probability)), 2)


def _with_flag(drafted: DraftedSentence, flag: str, rules: Rules) -> DraftedSentence:
    flags = {*drafted.flags, flag}
    if _second_reading_decision(rules) is not None:  # it gives the confidence, later
        return replace(drafted, flags=tuple(sorted(flags)))
    return replace(drafted, flags=tuple(sorted(flags)),
                   confidence=confidence_for(drafted.decision, flags, rules,
                                             answer=drafted.answer, evidence=drafted.evidence))


def _decide(article: _Article, index: int, fired, rules: Rules, categories) -> DraftedSentence:
    decision, signal, answer = fired[0]
    sentence = article.sentences[index]
    reading = article.readings[index]
    also: list[str] = [c for c in decision.also_accept if c != answer]
    secondary: list[tuple[Decision, str]] = []
    agreeing = conflicting = 0
    for other, other_signal, other_answer in fired[1:]:
        if not other.also_when_secondary:
            continue
        if other_answer == answer:
            agreeing += 1
        elif other_answer not in also:
            also.append(other_answer)
            secondary.append((other, sentence.text[other_signal.start:other_signal.end]))
            conflicting += 1
    flags = set(reading.flags)
    if signal.kind == "no_signal":
        flags.add("nothing-fired")
    if signal.kind == "hedge":
        # "is said to be": the source is hidden, so a reviewer looks whatever the odds
        flags.add("hidden-source")
    if conflicting:
        flags.add("conflicting")
    if agreeing:
        flags.add("agreeing")
    # with where its speaker stands in the article's charges (Reading.side)
    found = (*evidence(article, index, fired), *reading.side)
    # With a second reading, it gives the confidence once every sentence is read (_read_again).
    confidence = 0.0 if _second_reading_decision(rules) is not None else \
        confidence_for(decision, flags, rules, answer=answer, evidence=found)

    start, end = sentence.start, sentence.end
    if signal.neighbour == +1:
        end = article.sentences[index + 1].end
        cue = signal.cue_text
    else:
        if signal.kind == "continues_previous" and index and \
                article.paragraphs[index - 1] == article.paragraphs[index]:
            start = article.sentences[index - 1].start
        cue = sentence.text[signal.start:signal.end]
    cue = _cue(cue, answer, sentence, categories)
    return DraftedSentence(
        sentence=sentence, answer=answer, also_accept=tuple(also), confidence=confidence,
        decision=decision, cue=cue, source=signal.source or rules.data.own_voice or "",
        passage_start=start, passage_end=end, secondary=tuple(secondary),
        flags=tuple(sorted(flags)), evidence=found,
    )


def _cue(cue: str, answer: str, sentence: Sentence, categories: Sequence[CategoryModel]) -> str:
    """The words that fired, or the whole sentence where nothing did and the kind needs a cue."""
    if not cue.strip() and any(c.id == answer and c.cue_required for c in categories):
        return sentence.text
    return cue


# --- drafted sentences -> a pack ----------------------------------------------------------------


def slug(text: str, limit: int = 40) -> str:
    """An id from text: lower-case ASCII words joined by dashes, at most `limit` characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "item"


def _format(template: str, **values: str) -> str:
    return " ".join(template.format(**values).split())


@functools.lru_cache(maxsize=4096)
def _sentence_count(text: str) -> int:
    """Sentences in an explanation. Most explanations of an article repeat (every sentence in
    the outlet's own voice gets the same one), and splitting each anew took a tenth of the time
    drafting a long article."""
    return len(split_sentences(text, skip_date_line=False))


def _explanation(drafted: DraftedSentence, label: str) -> str:
    values = {"rule": drafted.decision.id, "cue": drafted.cue, "source": drafted.source,
              "label": label}
    text = f"Draft (rule {drafted.decision.id}): " + _format(drafted.decision.explain, **values)
    if 2 <= _sentence_count(text) <= 5:
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
        id=f"s{number:03d}-{slug(' '.join(drafted.sentence.text.split()[:5]), 32)}",
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


# A draft holds at most this many items: more is not a quiz a class plays (the bundled article
# has 22), and the pack would outgrow what `quiz validate` reads (4 MB). A longer article is
# drafted from its start, and the command says how many sentences were not drafted.
MAX_DRAFT_ITEMS = 400


@dataclass(frozen=True)
class Draft:
    pack: PackModel
    article_text: str
    drafted: list[DraftedSentence]
    low_confidence: int
    left_out: int = 0  # sentences no passage can quote where a validator finds it
    not_drafted: int = 0  # sentences after the first MAX_DRAFT_ITEMS


def quotable(article: Article, drafted: DraftedSentence, sentences: list[Sentence]
             ) -> tuple[int, int] | None:
    """A passage for the drafted sentence that a validator finds at its place: the first
    occurrence of a passage's text must be whole sentences, so a sentence whose words also
    appear earlier inside a longer sentence ("KCNA" after "KCNA said") takes its neighbours
    in the paragraph until its text is unique enough."""
    text = article.text

    def placed(start: int, end: int) -> bool:
        found = article.find(text[start:end])
        return found >= 0 and article.is_whole_sentences(found, found + (end - start))

    start, end = drafted.passage_start, drafted.passage_end
    if placed(start, end):
        return start, end
    line = drafted.sentence.line
    same = [s for s in sentences if s.line == line]
    before = [s for s in same if s.end <= start][::-1]
    after = [s for s in same if s.start >= end]
    for extra in before:
        start = extra.start
        if placed(start, end):
            return start, end
    for extra in after:
        end = extra.end
        if placed(start, end):
            return start, end
    return None


def draft_pack(source: ArticleSource, *, pack_id: str, title: str, article_name: str,
               rules: Rules, categories: Sequence[CategoryModel],
               date: dt.date | None = None) -> Draft:
    """A pack with one draft item per sentence of the article copy, up to MAX_DRAFT_ITEMS
    (`Draft.not_drafted` counts the sentences after them)."""
    article = Article(source.text)
    drafted = draft_article(source.text, rules, categories, limit=MAX_DRAFT_ITEMS,
                            sentences=article.sentences)
    if not drafted:
        raise ArticleError("no sentences found in the article")
    sentences = [d.sentence for d in drafted]
    kept: list[DraftedSentence] = []
    for item in drafted:
        span = quotable(article, item, sentences)
        if span is not None:
            kept.append(replace(item, passage_start=span[0], passage_end=span[1]))
    if not kept:
        raise ArticleError("no sentence of the article can be quoted on its own (each repeats "
                           "words found earlier inside a longer sentence)")
    items = [drafted_item(d, n, source.text, categories, rules) for n, d in enumerate(kept, 1)]
    pack = PackModel(id=pack_id, title=title, article=article_name, version="0.1-draft",
                date=date or source.date, items=items)
    low = sum(d.confidence < rules.low_confidence for d in kept)
    return Draft(pack=pack, article_text=source.text, drafted=kept, low_confidence=low,
                 left_out=len(drafted) - len(kept),
                 not_drafted=max(0, len(article.sentences) - len(drafted)))


# --- drafting again for a reviewer's answer -----------------------------------------------------


# Signals whose templates explain the kind itself; the others explain a particular situation (a
# refusal, a government's own act, a monitor's record, a company, a channel, a stance carried).
_PLAIN_SIGNALS = ("denial_verb", "accusation_verb", "state_outlet", "government_speech",
                  "international_speech", "record", "no_signal")


def decision_for(answer: str, rules: Rules, *, cue: str = "") -> Decision | None:
    """The decision whose template the drafter uses for `answer` when a reviewer chose it: the
    first in the rules proposing it whose template explains the kind itself, and without a cue
    one whose template does not quote the cue. Calibrated confidences say how often a rule is
    right, not how typical its wording is, so they do not choose. None when no decision
    proposes `answer` (a pack's own category)."""
    proposing = [d for d in rules.data.decisions if d.answer == answer]
    proposing = [d for d in proposing if d.signal in _PLAIN_SIGNALS] or proposing
    if not cue:
        proposing = [d for d in proposing if "{cue}" not in d.explain] or proposing
    return proposing[0] if proposing else None


def redrafted_text(answer: str, *, claim: str, cue: str, source: str,
                   also_accept: Sequence[str], rules: Rules,
                   categories: Sequence[CategoryModel],
                   decision: Decision | None = None) -> tuple[str, dict[str, str]]:
    """The explanation and why_not lines drafting writes for an item answered `answer`, with
    this cue and source: the same templates, filled in again after a reviewer changed the
    answer or the cue. `decision` (default: decision_for) is the rule whose template is used."""
    decision = decision or decision_for(answer, rules, cue=cue) or Decision(
        id="review", signal="no_signal", answer=answer, confidence=0.0, explain="{label}")
    stand_in = DraftedSentence(
        sentence=Sentence(0, len(claim), 1, claim), answer=answer,
        also_accept=tuple(a for a in also_accept if a != answer), confidence=decision.confidence,
        decision=decision, cue=cue, source=source, passage_start=0, passage_end=len(claim),
        secondary=(),
    )
    label = next((c.label for c in categories if c.id == answer), answer)
    return _explanation(stand_in, label), _why_not(stand_in, categories, rules)

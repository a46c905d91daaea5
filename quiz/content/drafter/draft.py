"""Drafting: a kind for every sentence of an article from the signals that fired (and the
sentence before), then the drafted sentences as a pack of items marked `draft: true`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quiz.content.article import ArticleError
from quiz.content.drafter.article_source import ArticleSource
from quiz.content.drafter.rules import Decision, Rules
from quiz.content.drafter.signals import (
    ATTRIBUTING,
    FRAMES,
    SentenceSignals,
    Signal,
    continuation,
    find_signals,
    learned_outlets,
)
from quiz.content.format import CategoryModel, ItemModel, PackModel
from quiz.content.sentences import Sentence, split_sentences

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
        frame = next((f for f in fired if f[1].kind in FRAMES), None)
        if frame is not None:
            fired.remove(frame)
            fired.insert(0, frame)
    return fired


def _own_answer(signals: list[Signal], rules: Rules) -> tuple[str, Signal] | None:
    attributing = [s for s in signals if s.kind in ATTRIBUTING]
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
    tables = [rules.outlets, learned_outlets(text, rules), rules.internationals,
              rules.governments]
    sentences = split_sentences(text)
    states: list[SentenceSignals] = []
    paragraph, last_line = -1, None
    for sentence in sentences:
        if sentence.line != last_line:
            paragraph, last_line = paragraph + 1, sentence.line
        state = SentenceSignals(sentence, paragraph, find_signals(sentence.text, rules, tables))
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
        marker = continuation(state.sentence.text, rules)
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


def _decide(state: SentenceSignals, fired, states, index, rules: Rules, categories) -> DraftedSentence:
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


def slug(text: str, limit: int = 40) -> str:
    """An id from text: lower-case ASCII words joined by dashes, at most `limit` characters."""
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


# --- drafting again for a reviewer's answer -----------------------------------------------------


def decision_for(answer: str, rules: Rules, *, cue: str = "") -> Decision | None:
    """The decision whose template the drafter uses for `answer` when a reviewer chose it: the
    most confident one proposing it (the first on a tie), and without a cue one whose template
    does not quote the cue. None when no decision proposes `answer` (a pack's own category)."""
    proposing = [d for d in rules.data.decisions if d.answer == answer]
    if not cue:
        proposing = [d for d in proposing if "{cue}" not in d.explain] or proposing
    return max(proposing, key=lambda d: d.confidence, default=None)


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

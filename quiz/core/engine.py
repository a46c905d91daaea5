"""A quiz session as a small state machine: choose items, ask, score, explain, summarise.

Plain Python: the Textual app, plain mode and workshops all drive this same object.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from quiz.core.packs import Category, Item, LoadedPack
from quiz.core.records import AnswerRecord
from quiz.core.scoring import (
    CategoryTally,
    Confusion,
    Verdict,
    accepted_pairs,
    confusions,
    leading,
    look_again_words,
    score_answer,
    tally_by_category,
)
from quiz.core.wording import counted, credit_text, plural, with_article

Clock = Callable[[], float]


class Mode(StrEnum):
    """How a run goes: its feedback, and what is recorded as the session's mode."""

    PRACTICE = "practice"  # feedback after each item
    CHECK = "check"  # feedback only at the end
    # What is due for review, then new items, with feedback after each item. A study run's
    # QuizOptions say PRACTICE (that is how it is asked); the session is recorded as STUDY.
    STUDY = "study"


class Order(StrEnum):
    ARTICLE = "article"
    SHUFFLE = "shuffle"


@dataclass(frozen=True, slots=True)
class QuizOptions:
    mode: Mode = Mode.PRACTICE
    order: Order = Order.ARTICLE
    seed: int | None = None
    categories: tuple[str, ...] = ()
    difficulties: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    count: int | None = None
    item_ids: tuple[str, ...] = ()  # only these items (e.g. "retry the missed ones")


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets [start, end) in an item's passage."""

    start: int
    end: int


def span_in(passage: str, text: str) -> Span | None:
    start = passage.find(text) if text else -1
    return Span(start, start + len(text)) if start >= 0 else None


@dataclass(frozen=True, slots=True)
class Feedback:
    """Everything the reader is told after answering one item."""

    item_id: str
    choice: str
    verdict: Verdict
    credit: float
    best: str
    accepted: tuple[str, ...]
    explanation: str
    why_not: str | None  # the line for the category the reader chose, when wrong or accepted
    source: str
    claim: Span
    cue: Span | None
    discussion: str | None
    seconds: float
    hints: int
    confidence: int | None


def feedback_for(
    pack: LoadedPack,
    item: Item,
    choice: str,
    *,
    seconds: float = 0.0,
    hints: int = 0,
    confidence: int | None = None,
) -> Feedback:
    """The feedback on `choice` (a category id) for `item`: the one place it is put together, for
    a session's answers and a workshop participant's reveal alike."""
    verdict, credit = score_answer(
        choice, item.answer, item.also_accept, pack.pack.alternative_credit
    )
    return Feedback(
        item_id=item.id,
        choice=choice,
        verdict=verdict,
        credit=credit,
        best=item.answer,
        accepted=tuple(item.also_accept),
        explanation=item.explanation,
        why_not=None if verdict is Verdict.CORRECT else item.why_not.get(choice),
        source=item.source,
        claim=span_in(item.passage, item.claim) or Span(0, len(item.passage)),
        cue=span_in(item.passage, item.cue),
        discussion=item.discussion,
        seconds=seconds,
        hints=hints,
        confidence=confidence,
    )


@dataclass(frozen=True, slots=True)
class Hint:
    """One rung of an item's hints: 1 says where to look, 2 narrows it to the clause, 3 names
    the cue (the words that give the answer away), so the answer is given away only last."""

    level: int
    text: str
    span: Span | None = None  # the part of the passage the hint points at, if any


MAX_HINT_LEVEL = 3

# Words that introduce what someone says: a cue made of one of these is "a verb that introduces
# the claim" to a learner; other cues name a source ("according to", an outlet, a record).
_SPEECH_WORDS = frozenset(
    "said says say told tell tells reported reports report announced announces stated states "
    "added adds claimed claims alleged alleges accused accuses denied denies rejected rejects "
    "dismissed dismisses called calls insisted insists warned warns vowed vows quoted quoting "
    "cited citing confirmed confirms described describes blamed blames condemned condemns "
    "refuted refutes argued argues wrote writes showed shows aired broadcast".split())
_CLAUSE_BREAK = re.compile(r"[,;:—–]\s+|\s+[—–]\s+|(?<=[.!?][”\"’'])\s+|(?<=[.!?])\s+")


def hint_levels(item: Item) -> int:
    """How many hints an item has: three with a cue, two without (no cue to name)."""
    return MAX_HINT_LEVEL if item.cue else MAX_HINT_LEVEL - 1


def item_hint(item: Item, level: int) -> Hint:
    """The item's hint at `level` (1 to hint_levels(item)): item-specific, never the answer's
    name, and the cue itself only at the last level."""
    cue = span_in(item.passage, item.cue)
    claim = span_in(item.passage, item.claim)
    if cue is None:
        if level == 1:
            return Hint(1, "Look for who says so: is anyone named as the source, in the "
                           "highlighted claim or in the sentence around it?")
        return Hint(2, "No one is named as the source here: ask how the outlet itself could "
                       "know this, and whether anyone could check it.")
    if level >= MAX_HINT_LEVEL:
        return Hint(level, f"Look at the words “{item.cue}”.", cue)
    if level == 2:
        return Hint(2, "Look at this part of the passage: the words that give it away are "
                       "in it.", _clause_around(item.passage, cue))
    words = {w.strip(".,;:“”\"'’").lower() for w in item.cue.split()}
    inside = claim is not None and claim.start <= cue.start and cue.end <= claim.end
    where = ("it is inside the highlighted claim" if inside
             else "it is in the passage, outside the highlighted claim")
    if words & _SPEECH_WORDS:
        return Hint(1, f"Find the verb that introduces the claim ({where}): who is speaking?")
    if {"according", "citing", "via"} & words:
        return Hint(1, f"Find the phrase that says where the claim comes from ({where}).")
    return Hint(1, f"Find the words that show where this could be known from ({where}).")


_SENTENCE_BREAK = re.compile(r"(?<=[.!?][”\"’'])\s+|(?<=[.!?])\s+")


def _clause_around(passage: str, span: Span) -> Span:
    """The clause of `passage` (between commas, semicolons, dashes or sentence ends) holding
    `span`; its whole sentence when the clause is little more than the span (a hint that
    narrowed to the cue itself would name it one level early)."""
    found = _part_around(passage, span, _CLAUSE_BREAK)
    if found.end - found.start < span.end - span.start + 20:
        found = _part_around(passage, span, _SENTENCE_BREAK)
    return found


def _part_around(passage: str, span: Span, breaks: re.Pattern[str]) -> Span:
    marks = list(breaks.finditer(passage))
    start = max((m.end() for m in marks if m.end() <= span.start), default=0)
    end = min((m.start() for m in marks if m.start() >= span.end), default=len(passage))
    return Span(start, end)


@dataclass(frozen=True, slots=True)
class Summary:
    """The end-of-session figures. Confusions, accepted alternatives and the missed items follow
    the one definition in quiz.core.scoring (a confusion is a wrong answer; an accepted
    alternative is said apart; the missed items are both)."""

    score: float
    answered: int
    total: int
    tallies: list[CategoryTally]
    confusions: list[Confusion]  # wrong answers by pair, most first, ties in category order
    missed: list[str]  # item ids answered wrong or only accepted
    accepted_pairs: list[Confusion] = field(default_factory=list)  # not confusions
    hinted: int = 0  # answers given after at least one hint

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.answered) if self.answered else 0

    @property
    def accepted(self) -> int:
        """Answers that were an accepted alternative: credit, but not the best answer."""
        return sum(t.accepted for t in self.tallies)

    @property
    def wrong(self) -> int:
        """Answers that were neither the best answer nor accepted: the confusions."""
        return sum(c.count for c in self.confusions)

    @property
    def leading_confusions(self) -> list[Confusion]:
        """The most common confusion, or every pair tied at the top."""
        return leading(self.confusions)

    @property
    def look_again(self) -> str | None:
        """E.g. "17 items to look at again: 15 wrong, 2 accepted, not the best answer"."""
        return look_again_words(self.wrong, self.accepted) if self.missed else None

    @property
    def score_words(self) -> str:
        """"Score: 2.5 of 4 (62%)", with how many were answered when some were not; never
        "0 of 0" (no answers, no score)."""
        if not self.answered:
            return f"No answers, so no score ({counted(self.total, 'item')} not answered)"
        score = f"Score: {credit_text(self.score)} of {self.answered} ({self.percent}%)"
        if self.answered < self.total:
            return f"{score}, {self.answered} of {counted(self.total, 'item')} answered"
        return score

    def hints_note(self, *, study: bool = False) -> str | None:
        """E.g. "You took hints on 2 of 4 answers."; in study mode with why that matters for
        the schedule (quiz.core.schedule rates a right answer after a hint Hard). None without
        hints."""
        if not self.hinted:
            return None
        note = f"You took hints on {self.hinted} of {counted(self.answered, 'answer')}."
        if study:
            note += (" A right answer after a hint counts as Hard: the item comes back sooner"
                     " than one you knew without help.")
        return note


class SessionFinished(Exception):
    """Raised when an action needs a current item and the session has none."""


def select_items(pack: LoadedPack, options: QuizOptions) -> list[Item]:
    """Filter the pack's items and put them in the requested order."""
    article = pack.article_text

    def position(item: Item) -> int:
        start = article.find(item.passage)
        return start + max(item.passage.find(item.claim), 0)

    items = [
        item for item in pack.pack.items
        if (not options.categories or item.answer in options.categories)
        and (not options.difficulties or item.difficulty in options.difficulties)
        and (not options.tags or set(options.tags) & set(item.tags))
        and (not options.item_ids or item.id in options.item_ids)
    ]
    items.sort(key=position)
    if options.order is Order.SHUFFLE:
        random.Random(options.seed).shuffle(items)
    if options.count is not None:
        items = items[: max(options.count, 0)]
    return items


# A typed word shorter than this is not matched by its start ("de" could be anything).
_SHORTEST_PREFIX = 3


def parse_choice(text: str, categories: Sequence[Category]) -> str | None:
    """A typed answer as a category id: its number (1-based), its id or label, or a word of its
    label or id, whole or its start of 3 letters or more ("state", "gov", "allegation",
    "fact"), when that names exactly one category."""
    typed = " ".join(text.strip().lower().split())
    if not typed:
        return None
    # ASCII digits only: "²" and "①" are digits to str.isdigit but not to int(), and a few
    # characters are enough for any pack (int() of thousands of digits is refused by Python).
    if typed.isascii() and typed.isdigit():
        number = int(typed) if len(typed) <= 3 else 0
        return categories[number - 1].id if 1 <= number <= len(categories) else None
    for category in categories:
        if typed in (category.id.lower(), category.label.lower()):
            return category.id
    matching = [category.id for category in categories if _names(typed, category)]
    return matching[0] if len(matching) == 1 else None


def _names(typed: str, category: Category) -> bool:
    """Whether `typed` is a word of the category's label or id, or the start of one."""
    names = f"{category.label} {category.id}".lower()
    words = (set(names.split()) | set(re.split(r"[\s_/-]+", names))) - {""}
    return any(word == typed or (len(typed) >= _SHORTEST_PREFIX and word.startswith(typed))
               for word in words)


@dataclass
class QuizSession:
    """One run through a list of items. Call `answer`, then `advance`, until `finished`."""

    pack: LoadedPack
    options: QuizOptions = field(default_factory=QuizOptions)
    clock: Clock = time.monotonic
    items: list[Item] = field(init=False)
    answers: list[Feedback] = field(init=False, default_factory=list)
    index: int = field(init=False, default=0)
    _shown_at: float = field(init=False, default=0.0)
    _hints: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.items = select_items(self.pack, self.options)
        self._shown_at = self.clock()

    @classmethod
    def resume(
        cls,
        pack: LoadedPack,
        item_ids: Sequence[str],
        answered: Sequence[AnswerRecord],
        options: QuizOptions | None = None,
        clock: Clock = time.monotonic,
    ) -> QuizSession:
        """A session rebuilt from the store: `item_ids` in the order asked, the first ones answered.

        `answered` must follow `item_ids` from the start (quiz.storage.resume.plan_resume arranges that);
        each recorded choice is scored again against the item as it is now, keeping its time,
        hints and confidence. Raises ValueError when an id or a choice is not in `pack`.
        """
        session = cls(pack, options or QuizOptions(), clock)
        by_id = {item.id: item for item in pack.pack.items}
        unknown = [item_id for item_id in item_ids if item_id not in by_id]
        if unknown:
            raise ValueError(f"items not in pack {pack.pack.id!r}: {', '.join(unknown)}")
        session.items = [by_id[item_id] for item_id in item_ids]
        for prior in answered:
            item = session.current
            if prior.item_id != item.id:
                raise ValueError(f"answer for {prior.item_id!r} given where {item.id!r} is next")
            if prior.chosen not in pack.category_ids:
                raise ValueError(f"unknown category {prior.chosen!r}")
            session.answers.append(
                session._feedback(item, prior.chosen, prior.confidence, prior.seconds, prior.hints)
            )
            session.index += 1
        session._shown_at = clock()
        return session

    # -- where we are ---------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.index >= len(self.items)

    @property
    def current(self) -> Item:
        if self.finished:
            raise SessionFinished("no more items")
        return self.items[self.index]

    @property
    def current_answered(self) -> bool:
        return len(self.answers) > self.index

    @property
    def progress(self) -> tuple[int, int]:
        """(number of the item on screen, 1-based; total). At the end: (total, total)."""
        return min(self.index + 1, len(self.items)), len(self.items)

    @property
    def hints_used(self) -> int:
        """Hints taken on the current item."""
        return self._hints

    # -- actions --------------------------------------------------------------------------

    def restart_timer(self) -> None:
        """Start timing the current item now (call when it is actually shown)."""
        self._shown_at = self.clock()

    def hint(self) -> Hint:
        """The next hint for the current item; each call is recorded."""
        item = self.current
        if self.current_answered:
            raise ValueError("the item is already answered")
        self._hints = min(self._hints + 1, hint_levels(item))
        return item_hint(item, self._hints)

    def answer(self, choice: str, confidence: int | None = None) -> Feedback:
        """Score `choice` (a category id) for the current item and return the feedback."""
        item = self.current
        if self.current_answered:
            raise ValueError(f"item {item.id!r} is already answered")
        if choice not in self.pack.category_ids:
            raise ValueError(f"unknown category {choice!r}")
        if confidence is not None and not 1 <= confidence <= 3:
            raise ValueError("confidence is 1, 2 or 3")
        feedback = self._feedback(
            item, choice, confidence, max(0.0, self.clock() - self._shown_at), self._hints
        )
        self.answers.append(feedback)
        return feedback

    def _feedback(
        self, item: Item, choice: str, confidence: int | None, seconds: float, hints: int
    ) -> Feedback:
        return feedback_for(self.pack, item, choice, seconds=seconds, hints=hints,
                            confidence=confidence)

    def advance(self) -> None:
        """Move to the next item (the current one must be answered)."""
        if not self.current_answered:
            raise ValueError("answer the current item before moving on")
        self.index += 1
        self._hints = 0
        self._shown_at = self.clock()

    # -- results --------------------------------------------------------------------------

    def summary(self) -> Summary:
        by_id = {item.id: item for item in self.items}
        triples = [(by_id[f.item_id].answer, f.choice, f.verdict) for f in self.answers]
        order = self.pack.category_ids
        return Summary(
            score=sum(f.credit for f in self.answers),
            answered=len(self.answers),
            total=len(self.items),
            tallies=tally_by_category(triples, order),
            confusions=confusions(triples, order),
            missed=[f.item_id for f in self.answers if f.verdict is not Verdict.CORRECT],
            accepted_pairs=accepted_pairs(triples, order),
            hinted=sum(f.hints > 0 for f in self.answers),
        )

    def confusion_sentence(self, summary: Summary | None = None) -> str | None:
        """The most common confusion in words, e.g. "You read 3 state-media claims as facts.";
        pairs tied at the top are all named."""
        summary = summary or self.summary()
        return describe_confusions(summary.confusions, self.pack.category)


# Tied pairs named in one sentence; more than this many read as a list, and the matrix has them.
MAX_NAMED_CONFUSIONS = 2


def describe_confusions(
    ranked: Sequence[Confusion], category: Callable[[str], Category]
) -> str | None:
    """The most common confusion of `ranked` (as quiz.core.scoring.confusions ranks them) in
    words; None without any. Ties are all named, in category order: "You read 2 state-media
    claims as independently reported facts and 2 denials as government allegations, equally
    often."; when more pairs tie than MAX_NAMED_CONFUSIONS, it says so instead of picking one."""
    top = leading(ranked)
    if not top:
        return None

    def pair(confusion: Confusion) -> str:
        actual, chosen = category(confusion.actual), category(confusion.chosen)
        if confusion.count == 1:
            return (f"{with_article(actual.label.lower())} as "
                    f"{with_article(chosen.label.lower())}")
        return f"{confusion.count} {plural(actual)} as {plural(chosen)}"

    if len(top) == 1:
        return f"You read {pair(top[0])}."
    if len(top) > MAX_NAMED_CONFUSIONS:
        if top[0].count == 1:
            return (f"No mix-up repeats: your {len(top)} wrong answers were each a different "
                    "pair of kinds (the confusion matrix shows them).")
        return (f"{len(top)} mix-ups happened {top[0].count} times each (the confusion matrix "
                "shows them).")
    named = ", ".join(pair(c) for c in top[:-1]) + f" and {pair(top[-1])}"
    return f"You read {named}, equally often."


class Recorder(Protocol):
    """The seam through which a run reaches the store (quiz.storage.recording.SessionRecorder):
    told of each answer as it is given, and of the end of the run (also an early end)."""

    def answered(self, item: Item, feedback: Feedback) -> None: ...

    def finished(self, summary: Summary) -> None: ...

"""The figures of a score report, computed from stored answers, and the sentences that explain them.

Plain Python (no rich, no textual): every renderer and the app's screens render one `Report`.

Conventions shared by every figure here:

- The score follows the credit rule of `quiz.core.scoring` as stored in each record: best answer 1, an
  accepted alternative the pack's `alternative_credit`, anything else 0.
- The skill figures (recall, precision, d', the confusion matrix, balanced accuracy, calibration)
  count an answer as a *hit* only when it is the item's best answer. An accepted alternative earns
  its credit in the score, but for skill it is a choice of another category (it sits off the
  diagonal of the confusion matrix) and is counted separately as `accepted` per category. One
  rule everywhere, so recall + misses always add up to the items of a kind.
- A figure with nothing to measure is None (never NaN); `describe_*` and `format_*` turn None
  into words such as "no answers".
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from quiz.core.packs import Category, Item, LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.core.scoring import Verdict, confusions
from quiz.core.wording import plural, with_article

CONFIDENCE_LEVELS = (1, 2, 3)

# A lean needs more than one stray answer: one extra use of a label is one mistake, not a habit.
# In long histories the bar grows with the number of answers (5% of them).
MIN_BIAS_EXCESS = 2
BIAS_SHARE_OF_ANSWERS = 0.05

_STANDARD_NORMAL = NormalDist()


# --- the numbers ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryRef:
    """A category as a report shows it: id, the pack's label, and its cue words."""

    id: str
    label: str
    cues: tuple[str, ...] = ()
    cues_are_words: bool = True  # the pack's cue_required: False when cues describe, not quote
    in_pack: bool = True  # False for a category answered once but no longer in the pack


@dataclass(frozen=True, slots=True)
class Score:
    """The overall score under the credit rule."""

    points: float  # sum of credit
    answered: int
    correct: int  # best answer
    accepted: int  # an accepted alternative
    wrong: int

    @property
    def percent(self) -> float | None:
        """100 * points / answered; None when nothing was answered."""
        return 100 * self.points / self.answered if self.answered else None

    @property
    def fraction(self) -> float | None:
        """points / answered; None when nothing was answered."""
        return self.points / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class Overall:
    """The headline figures of a report."""

    score: Score
    total_seconds: float
    hints_used: int
    items_with_hints: int

    @property
    def answered(self) -> int:
        return self.score.answered

    @property
    def mean_seconds(self) -> float | None:
        return self.total_seconds / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class ConfusionMatrix:
    """counts[t][c]: answers whose best answer was categories[t], choice categories[c]."""

    categories: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def index(self, category: str) -> int:
        return self.categories.index(category)

    def count(self, true: str, chosen: str) -> int:
        return self.counts[self.index(true)][self.index(chosen)]

    def row_total(self, category: str) -> int:
        """Items whose best answer was `category` (the signal trials for that category)."""
        return sum(self.counts[self.index(category)])

    def column_total(self, category: str) -> int:
        """Times the reader chose `category`."""
        column = self.index(category)
        return sum(row[column] for row in self.counts)

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts)

    @property
    def largest_cell(self) -> int:
        return max((n for row in self.counts for n in row), default=0)


@dataclass(frozen=True, slots=True)
class CategoryFigures:
    """How well the reader spots one kind of statement (see the module docstring for hits)."""

    category: str
    label: str
    items: int  # signal trials: answers whose best answer is this category
    found: int  # hits: of those, answered with this category
    accepted: int  # of those, answered with an accepted alternative (credit, not a hit)
    uses: int  # times this label was chosen
    false_alarms: int  # of those uses, on items of another kind
    other_items: int  # noise trials: answers whose best answer is another category
    recall: float | None
    precision: float | None
    d_prime: float | None


@dataclass(frozen=True, slots=True)
class Bias:
    """The label chosen most often beyond its true share."""

    category: str
    label: str
    chosen: int  # times the reader chose it
    true_count: int  # items whose best answer it was

    @property
    def excess(self) -> int:
        return self.chosen - self.true_count


@dataclass(frozen=True, slots=True)
class CalibrationLevel:
    """Accuracy among answers given with one confidence rating."""

    level: int
    answered: int
    correct: int  # best answer
    accuracy: float | None


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """What a report says about one session it covers."""

    id: int
    mode: str
    started_at: str
    finished_at: str | None
    pack_version: str
    asked: int  # items in the session
    answered: int


@dataclass(frozen=True, slots=True)
class SessionFigures:
    """The figures of one session in a learner's history."""

    session: SessionInfo
    score: Score
    balanced_accuracy: float | None
    categories: tuple[CategoryFigures, ...]


@dataclass(frozen=True, slots=True)
class RecallChange:
    category: str
    label: str
    first: float | None
    last: float | None

    @property
    def change(self) -> float | None:
        """last - first, as a fraction; None unless both sessions had items of this kind."""
        if self.first is None or self.last is None:
            return None
        return self.last - self.first


@dataclass(frozen=True, slots=True)
class Change:
    """From the first session with answers to the latest one."""

    first_session: int
    last_session: int
    first_started_at: str
    percent: float | None  # change of the score, in percentage points
    balanced_accuracy: float | None  # change, as a fraction
    recall: tuple[RecallChange, ...]


@dataclass(frozen=True, slots=True)
class MissedItem:
    """An item the reader did not answer with its best answer (wrong, or only accepted)."""

    item_id: str
    best: str
    best_label: str
    chosen: str  # the latest miss's choice
    chosen_label: str
    verdict: Verdict  # of the latest miss
    times_missed: int
    passage: str | None  # None when the item is no longer in the pack
    claim: str | None
    explanation: str | None
    why_not: str | None  # the pack's line for the category chosen, when it has one
    note: str | None  # e.g. the item was removed or edited since it was answered


@dataclass(frozen=True, slots=True)
class PackInfo:
    id: str
    title: str
    version: str  # the version(s) the sessions were played with, else the pack's current one
    current_version: str | None  # the loaded pack's version; None when the pack is not available


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a score report shows; every renderer and the app render this one object."""

    learner: str
    generated_at: str  # ISO 8601, UTC
    pack: PackInfo
    sessions: tuple[SessionInfo, ...]  # oldest first
    categories: tuple[CategoryRef, ...]  # taxonomy order
    overall: Overall
    per_category: tuple[CategoryFigures, ...]
    confusion: ConfusionMatrix
    balanced_accuracy: float | None
    bias: Bias | None
    bias_sentence: str
    calibration: tuple[CalibrationLevel, ...] | None
    history: tuple[SessionFigures, ...]  # one per session, oldest first
    change: Change | None
    change_sentence: str | None
    missed: tuple[MissedItem, ...]
    practice_next: str
    answers: tuple[AnswerRecord, ...]  # in the order given, for per-answer exports

    @property
    def date(self) -> str:
        """The date the report is about: the latest session's start, else the day it was made."""
        if self.sessions:
            return self.sessions[-1].started_at[:10]
        return self.generated_at[:10]

    @property
    def first_date(self) -> str:
        return self.sessions[0].started_at[:10] if self.sessions else self.date

    @property
    def is_history(self) -> bool:
        return len(self.sessions) > 1

    def label(self, category: str) -> str:
        for ref in self.categories:
            if ref.id == category:
                return ref.label
        return category


def overall_score(answers: Sequence[AnswerRecord]) -> Score:
    """points = sum of each answer's stored credit; percent = 100 * points / answered."""
    verdicts = Counter(a.verdict for a in answers)
    return Score(
        points=math.fsum(a.credit for a in answers),
        answered=len(answers),
        correct=verdicts[Verdict.CORRECT],
        accepted=verdicts[Verdict.ACCEPTED],
        wrong=verdicts[Verdict.WRONG],
    )


def items_answered(answers: Sequence[AnswerRecord]) -> int:
    """The number of answers (an item answered in two sessions counts twice)."""
    return len(answers)


def total_time(answers: Sequence[AnswerRecord]) -> float:
    """Sum of seconds from showing each item to answering it."""
    return math.fsum(a.seconds for a in answers)


def hints_used(answers: Sequence[AnswerRecord]) -> int:
    """Sum of hints taken over all answers (each item allows up to two)."""
    return sum(a.hints for a in answers)


def overall(answers: Sequence[AnswerRecord]) -> Overall:
    """Score, time, hints (total, and items on which at least one hint was taken)."""
    return Overall(
        score=overall_score(answers),
        total_seconds=total_time(answers),
        hints_used=hints_used(answers),
        items_with_hints=sum(a.hints > 0 for a in answers),
    )


def category_refs(
    categories: Iterable[Category], answers: Sequence[AnswerRecord] = ()
) -> tuple[CategoryRef, ...]:
    """The pack's categories in taxonomy order, then any category the answers use that the pack
    no longer has (labelled by its id, so an old answer never crashes a report)."""
    refs = [CategoryRef(c.id, c.label, tuple(c.cues), c.cue_required) for c in categories]
    known = {r.id for r in refs}
    for answer in answers:
        for category in (answer.actual, answer.chosen):
            if category not in known:
                known.add(category)
                refs.append(CategoryRef(category, category, (), False, in_pack=False))
    return tuple(refs)


def confusion_matrix(answers: Sequence[AnswerRecord], categories: Sequence[str]) -> ConfusionMatrix:
    """counts[t][c] = number of answers with best answer categories[t] and choice categories[c].

    The diagonal holds the hits; accepted alternatives sit off it. Categories the answers use but
    `categories` lacks are appended, in order of first appearance.
    """
    order = list(categories)
    seen = set(order)
    for answer in answers:
        for category in (answer.actual, answer.chosen):
            if category not in seen:
                seen.add(category)
                order.append(category)
    position = {category: i for i, category in enumerate(order)}
    grid = [[0] * len(order) for _ in order]
    for answer in answers:
        grid[position[answer.actual]][position[answer.chosen]] += 1
    return ConfusionMatrix(tuple(order), tuple(tuple(row) for row in grid))


def recall(matrix: ConfusionMatrix, category: str) -> float | None:
    """found / items of that kind = counts[c][c] / row total; None when there were no such items."""
    items = matrix.row_total(category)
    return matrix.count(category, category) / items if items else None


def precision(matrix: ConfusionMatrix, category: str) -> float | None:
    """right uses of the label / all uses = counts[c][c] / column total; None if never chosen."""
    uses = matrix.column_total(category)
    return matrix.count(category, category) / uses if uses else None


def d_prime_from_counts(hits: int, signal: int, false_alarms: int, noise: int) -> float | None:
    """d' = z(H) - z(F), with the log-linear correction (Hautus 1995) so 0% and 100% stay finite:

    H = (hits + 0.5) / (signal + 1),  F = (false_alarms + 0.5) / (noise + 1),
    z = the inverse of the standard normal CDF. None unless there were both items of the kind
    (signal) and items of other kinds (noise): without either there is nothing to tell apart.
    """
    if signal == 0 or noise == 0:
        return None
    hit_rate = (hits + 0.5) / (signal + 1)
    false_alarm_rate = (false_alarms + 0.5) / (noise + 1)
    return _STANDARD_NORMAL.inv_cdf(hit_rate) - _STANDARD_NORMAL.inv_cdf(false_alarm_rate)


def d_prime(matrix: ConfusionMatrix, category: str) -> float | None:
    """d' for one category: hits = counts[c][c], signal = row total, false alarms = column total
    - hits, noise = all answers - signal (see `d_prime_from_counts` for the formula)."""
    hits = matrix.count(category, category)
    signal = matrix.row_total(category)
    return d_prime_from_counts(
        hits, signal, matrix.column_total(category) - hits, matrix.total - signal
    )


def accepted_by_category(answers: Sequence[AnswerRecord]) -> Counter[str]:
    """Per best-answer category, answers that chose an accepted alternative instead."""
    return Counter(a.actual for a in answers if a.verdict is Verdict.ACCEPTED)


def category_figures(
    answers: Sequence[AnswerRecord],
    categories: Sequence[CategoryRef],
    matrix: ConfusionMatrix | None = None,
) -> tuple[CategoryFigures, ...]:
    """Recall, precision and d' with their counts, for every category in `categories` order."""
    matrix = matrix or confusion_matrix(answers, [c.id for c in categories])
    accepted = accepted_by_category(answers)
    figures = []
    for ref in categories:
        hits = matrix.count(ref.id, ref.id)
        signal = matrix.row_total(ref.id)
        uses = matrix.column_total(ref.id)
        figures.append(CategoryFigures(
            category=ref.id,
            label=ref.label,
            items=signal,
            found=hits,
            accepted=accepted[ref.id],
            uses=uses,
            false_alarms=uses - hits,
            other_items=matrix.total - signal,
            recall=recall(matrix, ref.id),
            precision=precision(matrix, ref.id),
            d_prime=d_prime(matrix, ref.id),
        ))
    return tuple(figures)


def balanced_accuracy(matrix: ConfusionMatrix) -> float | None:
    """Mean recall over the categories present (with at least one item): sum(recall_c) / k.

    Unlike the raw percentage it cannot be raised by always choosing the most common kind.
    None when there are no answers.
    """
    recalls = [r for c in matrix.categories if (r := recall(matrix, c)) is not None]
    return math.fsum(recalls) / len(recalls) if recalls else None


def response_bias(matrix: ConfusionMatrix, categories: Sequence[CategoryRef]) -> Bias | None:
    """The category with the largest excess = times chosen - items whose best answer it was.

    Reported only when the excess is at least max(MIN_BIAS_EXCESS, BIAS_SHARE_OF_ANSWERS *
    answers); ties go to the category chosen more often, then to taxonomy order.
    """
    labels = {ref.id: ref.label for ref in categories}
    threshold = max(MIN_BIAS_EXCESS, BIAS_SHARE_OF_ANSWERS * matrix.total)
    best: Bias | None = None
    for category in matrix.categories:
        candidate = Bias(
            category, labels.get(category, category),
            matrix.column_total(category), matrix.row_total(category),
        )
        if candidate.excess < threshold:
            continue
        if best is None or (candidate.excess, candidate.chosen) > (best.excess, best.chosen):
            best = candidate
    return best


def calibration(answers: Sequence[AnswerRecord]) -> tuple[CalibrationLevel, ...] | None:
    """For each confidence level 1-3: accuracy = best answers / answers rated at that level.

    None when no answer was rated; a level nobody used has accuracy None.
    """
    rated = [a for a in answers if a.confidence is not None]
    if not rated:
        return None
    levels = []
    for level in CONFIDENCE_LEVELS:
        at_level = [a for a in rated if a.confidence == level]
        correct = sum(a.verdict is Verdict.CORRECT for a in at_level)
        levels.append(CalibrationLevel(
            level, len(at_level), correct, correct / len(at_level) if at_level else None
        ))
    return tuple(levels)


def session_info(session: SessionRecord, answered: int) -> SessionInfo:
    return SessionInfo(
        id=session.id,
        mode=session.mode,
        started_at=session.started_at,
        finished_at=session.finished_at,
        pack_version=session.pack_version,
        asked=len(session.item_ids),
        answered=answered,
    )


def session_history(
    answers: Sequence[AnswerRecord],
    sessions: Sequence[SessionRecord],
    categories: Sequence[CategoryRef],
) -> tuple[SessionFigures, ...]:
    """The score, balanced accuracy and per-category figures of each session, oldest first.

    Answers whose session is not among `sessions` form a session of their own (mode unknown),
    so no answer is ever left out of a history.
    """
    by_session: dict[int, list[AnswerRecord]] = {}
    for answer in answers:
        by_session.setdefault(answer.session_id, []).append(answer)
    infos = [session_info(s, len(by_session.get(s.id, ()))) for s in sessions]
    known = {s.id for s in sessions}
    for session_id, rows in by_session.items():
        if session_id not in known:
            infos.append(SessionInfo(
                session_id, "", rows[0].answered_at, rows[-1].answered_at, "", len(rows), len(rows)
            ))
    infos.sort(key=lambda info: (info.started_at, info.id))
    ids = [c.id for c in categories]
    history = []
    for info in infos:
        rows = by_session.get(info.id, [])
        matrix = confusion_matrix(rows, ids)
        history.append(SessionFigures(
            session=info,
            score=overall_score(rows),
            balanced_accuracy=balanced_accuracy(matrix),
            categories=category_figures(rows, categories, matrix),
        ))
    return tuple(history)


def change_since_first(history: Sequence[SessionFigures]) -> Change | None:
    """Latest minus first, over sessions with answers: score in percentage points, balanced
    accuracy and each category's recall as fractions. None with fewer than two such sessions."""
    answered = [s for s in history if s.score.answered]
    if len(answered) < 2:
        return None
    first, last = answered[0], answered[-1]
    first_recall = {c.category: c for c in first.categories}
    return Change(
        first_session=first.session.id,
        last_session=last.session.id,
        first_started_at=first.session.started_at,
        percent=_difference(last.score.percent, first.score.percent),
        balanced_accuracy=_difference(last.balanced_accuracy, first.balanced_accuracy),
        recall=tuple(
            RecallChange(c.category, c.label, first_recall[c.category].recall, c.recall)
            for c in last.categories
        ),
    )


def _difference(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else later - earlier


def missed_items(
    answers: Sequence[AnswerRecord],
    items: Mapping[str, Item] | LoadedPack,
    categories: Sequence[CategoryRef],
) -> tuple[MissedItem, ...]:
    """Each item with an answer that was not its best answer, once, in order of first miss,
    with the latest miss's choice and the number of misses.

    Passage and explanation come from the pack's current items; an item removed from the pack is
    listed by id with a note, and an item edited since (its hash changed) carries a note too.
    """
    if isinstance(items, LoadedPack):
        items = {item.id: item for item in items.pack.items}
    labels = {ref.id: ref.label for ref in categories}
    misses: dict[str, list[AnswerRecord]] = {}
    for answer in answers:
        if answer.verdict is not Verdict.CORRECT:
            misses.setdefault(answer.item_id, []).append(answer)
    hashes: dict[str, str] = {}
    listed = []
    for item_id, rows in misses.items():
        latest = rows[-1]
        item = items.get(item_id)
        note = None
        if item is None:
            note = f"Item {item_id!r} is no longer in the pack, so its passage cannot be shown."
        else:
            if item_id not in hashes:
                hashes[item_id] = item_hash(item)
            if latest.item_hash != hashes[item_id]:
                note = "This item has been edited since it was answered; it is shown as it is now."
        listed.append(MissedItem(
            item_id=item_id,
            best=latest.actual,
            best_label=labels.get(latest.actual, latest.actual),
            chosen=latest.chosen,
            chosen_label=labels.get(latest.chosen, latest.chosen),
            verdict=latest.verdict,
            times_missed=len(rows),
            passage=item.passage if item else None,
            claim=item.claim if item else None,
            explanation=item.explanation if item else None,
            why_not=item.why_not.get(latest.chosen) if item else None,
            note=note,
        ))
    return tuple(listed)


# --- the words -----------------------------------------------------------------------------------


def _category(ref: CategoryRef) -> Category:
    # engine.plural/article take a Category; a report's categories may be ids the pack lost.
    return Category(id=ref.id, label=ref.label, definition="-", cues=list(ref.cues))


def _statements(count: int) -> str:
    if count == 0:
        return "no such statements"
    return f"{count} such statement" + ("" if count == 1 else "s")


def describe_bias(bias: Bias | None, answered: int) -> str:
    """E.g. "You chose 'Government allegation' 6 times for 3 such statements: when unsure, you lean
    towards it."."""
    if answered == 0:
        return "No answers yet, so no lean towards any kind."
    if bias is None:
        return "You used each label about as often as it was the answer: no lean towards one kind."
    times = "once" if bias.chosen == 1 else f"{bias.chosen} times"
    return (
        f"You chose '{bias.label}' {times} for {_statements(bias.true_count)}: "
        "when unsure, you lean towards it."
    )


def practice_next(answers: Sequence[AnswerRecord], categories: Sequence[CategoryRef]) -> str:
    """One or two sentences from the most frequent confusion (a wrong answer's true x chosen pair,
    as `quiz.core.scoring.confusions` ranks them), pointing at the cue words of the kind that was
    missed (the pack's cues, never words written here; for a kind whose cues describe rather
    than quote, such as a fact in the outlet's own voice, the sourcing question instead)."""
    if not answers:
        return "No answers yet: answer a few items to see what to practise."
    refs = {ref.id: ref for ref in categories}
    ranked = confusions([(a.actual, a.chosen, a.verdict) for a in answers])
    if not ranked:
        accepted = sum(a.verdict is Verdict.ACCEPTED for a in answers)
        if accepted:
            were = "answer was" if accepted == 1 else "answers were"
            return (
                f"No wrong answers, but {accepted} {were} defensible rather than the best one. "
                "Reread the explanations to see what tips each item to its best answer."
            )
        return "Every answer was the best one: try another pack, or study mode, to keep the habit."
    top = ranked[0]
    wrong = sum(c.count for c in ranked)
    true_ref = refs.get(top.actual, CategoryRef(top.actual, top.actual))
    chosen_ref = refs.get(top.chosen, CategoryRef(top.chosen, top.chosen))
    true_kind, chosen_kind = _category(true_ref), _category(chosen_ref)
    pair = f"{plural(true_kind)} read as {plural(chosen_kind)}"
    if wrong == 1:
        share = f"your only wrong answer was {with_article(true_kind.label.lower())} read as " \
                f"{with_article(chosen_kind.label.lower())}"
    elif top.count == wrong:
        share = f"all {wrong} of your wrong answers were {pair}"
    elif top.count == 1:
        share = f"1 of your {wrong} wrong answers was {with_article(true_kind.label.lower())} read " \
                f"as {with_article(chosen_kind.label.lower())}"
    else:
        share = f"{top.count} of your {wrong} wrong answers were {pair}"
    first = f"Practise telling {plural(true_kind)} from {plural(chosen_kind)}: {share}."
    cues = [cue for cue in true_ref.cues if cue][:2] if true_ref.cues_are_words else []
    if cues:
        quoted = " or ".join(f"\u201c{cue}\u201d" for cue in cues)
        return f"{first} Before answering, look for words like {quoted}."
    return f"{first} Before answering, ask who says so, and how anyone could check it."


def describe_change(change: Change | None) -> str | None:
    """E.g. "Since your first session (2024-03-01): score +25 points, balanced accuracy +20 points;
    Denial found +50 points."."""
    if change is None:
        return None
    parts = []
    if change.percent is not None:
        parts.append(f"score {format_signed_points(change.percent)}")
    if change.balanced_accuracy is not None:
        parts.append(f"balanced accuracy {format_signed_points(100 * change.balanced_accuracy)}")
    moved = [
        f"{r.label} found {format_signed_points(100 * r.change)}"
        for r in change.recall if r.change is not None and _round_half_away(100 * r.change) != 0
    ]
    summary = ", ".join(parts) or "no comparable figures"
    detail = f"; {', '.join(moved)}" if moved else ""
    return f"Since your first session ({change.first_started_at[:10]}): {summary}{detail}."


# --- formatting shared by the renderers, so every format says the same ----------------------------


def format_percent(fraction: float | None, empty: str = "no answers") -> str:
    """0.756 -> "76%", 0.125 -> "13%" (halves round up); None -> `empty`."""
    return empty if fraction is None else f"{_round_half_away(100 * fraction)}%"


def _round_half_away(value: float) -> int:
    # round() rounds halves to even (12.5 -> 12), which reads as a mistake in a score; halves
    # go away from zero here, so a fall of 37.5 points reads as -38, like a rise reads as +38.
    return int(math.copysign(math.floor(abs(value) + 0.5 + 1e-9), value))


def format_signed_points(points: float) -> str:
    """+62.5 -> "+63 points"; -37.5 -> "-38 points"; -1 -> "-1 point"."""
    value = _round_half_away(points)
    return f"{value:+d} point" + ("" if abs(value) == 1 else "s")


def format_d_prime(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def format_duration(seconds: float | None) -> str:
    """75.2 -> "1 min 15 s"; 3725 -> "1 h 2 min"; None -> "no answers"."""
    if seconds is None:
        return "no answers"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def format_score(score: Score) -> str:
    """E.g. "3.5 / 4 (88%)", or "no answers"."""
    if not score.answered:
        return "no answers"
    points = f"{score.points:g}" if score.points == int(score.points) else f"{score.points:.1f}"
    return f"{points} / {score.answered} ({format_percent(score.fraction)})"


# --- the report ----------------------------------------------------------------------------------


def build_report(
    answers: Sequence[AnswerRecord],
    sessions: Sequence[SessionRecord],
    pack: LoadedPack | None,
    *,
    learner: str | None = None,
    generated_at: dt.datetime | None = None,
) -> Report:
    """All figures for `answers` (one learner, one pack), covering `sessions`.

    One session gives a session report; several give a history (per-session figures and the
    change since the first). `pack` supplies category labels and the missed items' passages; with
    None (the pack file is gone) categories are labelled by id and missed items carry a note.
    Raises ValueError when an answer or session belongs to another pack than `pack`.
    """
    answers = tuple(answers)
    sessions = tuple(sorted(sessions, key=lambda s: (s.started_at, s.id)))
    if pack is not None:
        foreign = {a.pack_id for a in answers} | {s.pack_id for s in sessions}
        foreign.discard(pack.pack.id)
        if foreign:
            raise ValueError(
                f"build_report: records of pack(s) {sorted(foreign)} given with pack "
                f"{pack.pack.id!r}; a report covers one pack"
            )
    categories = category_refs(pack.categories if pack else (), answers)
    matrix = confusion_matrix(answers, [c.id for c in categories])
    history = session_history(answers, sessions, categories)
    change = change_since_first(history)
    figures = overall(answers)
    bias = response_bias(matrix, categories)
    moment = generated_at or dt.datetime.now(dt.UTC)
    return Report(
        learner=learner if learner is not None else _learner(answers, sessions),
        generated_at=moment.astimezone(dt.UTC).isoformat(timespec="seconds"),
        pack=_pack_info(pack, answers, sessions),
        sessions=tuple(figure.session for figure in history),
        categories=categories,
        overall=figures,
        per_category=category_figures(answers, categories, matrix),
        confusion=matrix,
        balanced_accuracy=balanced_accuracy(matrix),
        bias=bias,
        bias_sentence=describe_bias(bias, figures.answered),
        calibration=calibration(answers),
        history=history,
        change=change,
        change_sentence=describe_change(change),
        missed=missed_items(answers, pack if pack else {}, categories),
        practice_next=practice_next(answers, categories),
        answers=answers,
    )


def report_for_sessions(
    sessions: Sequence[SessionRecord], pack: LoadedPack | None, **options
) -> Report:
    """`build_report` over the answers the session records carry (as the store's `session(id)`
    and `sessions(..., with_answers=True)` return them), oldest session first."""
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.id))
    return build_report([a for s in ordered for a in s.answers], ordered, pack, **options)


def _learner(answers: Sequence[AnswerRecord], sessions: Sequence[SessionRecord]) -> str:
    names = list(dict.fromkeys([s.learner for s in sessions] + [a.learner for a in answers]))
    return ", ".join(names)


def _pack_info(
    pack: LoadedPack | None, answers: Sequence[AnswerRecord], sessions: Sequence[SessionRecord]
) -> PackInfo:
    played = list(dict.fromkeys(s.pack_version for s in sessions if s.pack_version))
    if pack is not None:
        return PackInfo(
            pack.pack.id, pack.pack.title, ", ".join(played) or pack.pack.version, pack.pack.version
        )
    pack_id = next(iter([s.pack_id for s in sessions] + [a.pack_id for a in answers]), "")
    return PackInfo(pack_id, pack_id, ", ".join(played), None)

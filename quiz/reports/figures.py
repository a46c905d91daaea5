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
- A figure that would mislead is None too, with its reason: d′ (`d_prime_withheld`) and the
  per-kind rates (`MIN_RATE_ITEMS`) follow the rules written beside them below.
- Confusions and accepted alternatives follow quiz.core.scoring's one definition: the matrix
  keeps them apart in each cell (`ConfusionMatrix.accepted`).
- Over a history, the totals cover full and unfinished runs; retry runs are listed, not counted
  (`counted_answers`), and the change compares only full runs like the latest one
  (quiz.core.history).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from statistics import NormalDist

from quiz.core.history import Run, comparable, run_of, selection_of
from quiz.core.packs import Category, Item, LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.core.scoring import Verdict
from quiz.reports.report import (
    Bias,
    CalibrationLevel,
    CategoryFigures,
    CategoryRef,
    Change,
    ConfusionMatrix,
    MissedItem,
    Overall,
    RecallChange,
    Score,
    SessionFigures,
    SessionInfo,
    Withheld,
)

CONFIDENCE_LEVELS = (1, 2, 3)

# A lean needs more than one stray answer: one extra use of a label is one mistake, not a habit.
# In long histories the bar grows with the number of answers (5% of them).
MIN_BIAS_EXCESS = 2
BIAS_SHARE_OF_ANSWERS = 0.05

_STANDARD_NORMAL = NormalDist()

# The fewest items of a kind, and of the other kinds, for d′ and for a kind's rates as
# percentages. With n items one answer moves the share found by 100/n points: under 5 that is
# more than 20 points, and d′ moves with it by most of a band (one item more found moves it by
# 1.35 at n = 1, 0.97 at n = 2, at most 0.71 from n = 5). A pack of twenty-odd items has 5 to 9
# of most kinds, so 5 keeps d′ for those and withholds it for a kind with one or two items (the
# bundled pack's one denial), where it would be luck either way. Counts are always shown.
MIN_D_PRIME_ITEMS = 5
MIN_RATE_ITEMS = MIN_D_PRIME_ITEMS



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
    """counts[t][c] = number of answers with best answer categories[t] and choice categories[c];
    accepted[t][c] = those of them that were an accepted alternative.

    The diagonal holds the hits; off it, a cell's confusions (quiz.core.scoring's wrong answers)
    are counts - accepted. Categories the answers use but `categories` lacks are appended, in
    order of first appearance.
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
    accepted = [[0] * len(order) for _ in order]
    for answer in answers:
        grid[position[answer.actual]][position[answer.chosen]] += 1
        if answer.verdict is Verdict.ACCEPTED:
            accepted[position[answer.actual]][position[answer.chosen]] += 1
    return ConfusionMatrix(tuple(order), tuple(tuple(row) for row in grid),
                           tuple(tuple(row) for row in accepted))


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
    - hits, noise = all answers - signal (see `d_prime_from_counts` for the formula).

    The number as computed; a report shows it only where `d_prime_withheld` finds no reason not to.
    """
    hits = matrix.count(category, category)
    signal = matrix.row_total(category)
    return d_prime_from_counts(
        hits, signal, matrix.column_total(category) - hits, matrix.total - signal
    )


def d_prime_withheld(signal: int, noise: int, uses: int) -> Withheld | None:
    """Why d′ would mislead for a kind with `signal` items, `noise` items of other kinds and its
    label chosen `uses` times; None when it means something. The first rule that applies:

    1. No items of the kind, or none of the others: there is nothing to tell apart.
    2. The label never chosen: the reader made no decision about this kind. Both rates are 0%,
       and the log-linear correction alone turns them into a number, larger the fewer items the
       kind has (1.33 for a kind with 1 item among 22): a score for never answering it.
    3. The label chosen for every item: both rates are 100%, and the correction alone gives a
       number again (negative for a small kind). Always-one-label answering earns no d′.
    4. Fewer than MIN_D_PRIME_ITEMS items of the kind, or of the others (see the constant).
    """
    if signal == 0:
        return Withheld.NO_ITEMS
    if noise == 0:
        return Withheld.NO_OTHER_ITEMS
    if uses == 0:
        return Withheld.NEVER_USED
    if uses == signal + noise:
        return Withheld.ALWAYS_USED
    if signal < MIN_D_PRIME_ITEMS:
        return Withheld.FEW_ITEMS
    if noise < MIN_D_PRIME_ITEMS:
        return Withheld.FEW_OTHER_ITEMS
    return None


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
        withheld = d_prime_withheld(signal, matrix.total - signal, uses)
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
            d_prime=None if withheld else d_prime(matrix, ref.id),
            d_prime_withheld=withheld,
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
        run=run_of(session, answered),
        selection=selection_of(session.options),
    )


def counted_answers(
    answers: Sequence[AnswerRecord], sessions: Sequence[SessionInfo]
) -> tuple[AnswerRecord, ...]:
    """The answers a history's totals cover: all but those of retry runs (taken right after
    seeing the answers, quiz.core.history). When every session is a retry run, its own answers:
    a report on one retry run gives that run's figures."""
    retries = {s.id for s in sessions if not s.counted}
    if not retries or len(retries) == len({s.id for s in sessions}):
        return tuple(answers)
    return tuple(a for a in answers if a.session_id not in retries)


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


def compared_runs(history: Sequence[SessionFigures]) -> list[SessionFigures]:
    """The runs a change compares: the full runs with answers of the same mode and choice of
    items as the latest full run (quiz.core.history), oldest first; [] without a full run."""
    full = [s for s in history if s.session.run is Run.FULL and s.score.answered]
    if not full:
        return []
    key = comparable(full[-1].session.mode, full[-1].session.selection)
    return [s for s in full if comparable(s.session.mode, s.session.selection) == key]


def change_since_first(history: Sequence[SessionFigures]) -> Change | None:
    """Latest minus first of the `compared_runs`: score in percentage points, balanced accuracy
    and each category's recall as fractions. None with fewer than two such runs: an unfinished
    run, a retry run or a run of another mode is never the other end of a change."""
    runs = compared_runs(history)
    if len(runs) < 2:
        return None
    first, last = runs[0], runs[-1]
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
        mode=last.session.mode,
        selection=last.session.selection,
        runs=len(runs),
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

"""The sentences and number formats of a score report, shared by every renderer and screen so
every format says the same: the lean, what to practise next, the change since the first run, why
a d′ is not shown, the matrix's cells, the items to look at again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from quiz.core.engine import MAX_NAMED_CONFUSIONS
from quiz.core.history import Run, apart_words, runs_name
from quiz.core.packs import Category
from quiz.core.records import AnswerRecord
from quiz.core.scoring import Confusion, Verdict, confusions, leading, look_again_words
from quiz.core.wording import counted, local_time, plural, with_article
from quiz.reports.figures import MIN_D_PRIME_ITEMS, MIN_RATE_ITEMS
from quiz.reports.report import (
    Bias,
    CategoryFigures,
    CategoryRef,
    Change,
    ConfusionMatrix,
    MissedItem,
    Score,
    SessionFigures,
    SessionInfo,
    Withheld,
)


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
    """One or two sentences from the most common confusion (a wrong answer's true x chosen pair,
    as `quiz.core.scoring.confusions` ranks them; pairs tied at the top are all named), pointing
    at the cue words of the kind that was missed (the pack's cues, never words written here; for
    a kind whose cues describe rather than quote, such as a fact in the outlet's own voice, the
    sourcing question instead)."""
    if not answers:
        return "No answers yet: answer a few items to see what to practise."
    refs = {ref.id: ref for ref in categories}
    ranked = confusions([(a.actual, a.chosen, a.verdict) for a in answers],
                        [ref.id for ref in categories])
    if not ranked:
        accepted = sum(a.verdict == Verdict.ACCEPTED for a in answers)
        if accepted:
            were = "answer was" if accepted == 1 else "answers were"
            return (
                f"No wrong answers, but {accepted} {were} defensible rather than the best one. "
                "Reread the explanations to see what tips each item to its best answer."
            )
        return "Every answer was the best one: try another pack, or study mode, to keep the habit."
    top = leading(ranked)
    wrong = sum(c.count for c in ranked)

    def kinds(confusion: Confusion) -> tuple[CategoryRef, Category, Category]:
        true_ref = refs.get(confusion.actual, CategoryRef(confusion.actual, confusion.actual))
        chosen_ref = refs.get(confusion.chosen, CategoryRef(confusion.chosen, confusion.chosen))
        return true_ref, _category(true_ref), _category(chosen_ref)

    if len(top) > MAX_NAMED_CONFUSIONS:
        return (f"No one confusion stands out: your {wrong} wrong answers are spread over "
                f"{len(ranked)} pairs of kinds (the confusion matrix shows them). Reread the "
                "explanations of the items to look at again, then try again.")
    if len(top) == 1:
        true_ref, true_kind, chosen_kind = kinds(top[0])
        first = (f"Practise telling {plural(true_kind)} from {plural(chosen_kind)}: "
                 f"{_share(top[0], wrong, true_kind, chosen_kind)}.")
        cues = [cue for cue in true_ref.cues if cue][:2] if true_ref.cues_are_words else []
        if cues:
            quoted = " or ".join(f"\u201c{cue}\u201d" for cue in cues)
            return f"{first} Before answering, look for words like {quoted}."
        return f"{first} Before answering, ask who says so, and how anyone could check it."
    pairs = [kinds(c) for c in top]
    named = ", and ".join(f"{plural(t)} from {plural(c)}" for _, t, c in pairs)
    if top[0].count == 1:
        share = (f"your {wrong} wrong answers were one of each" if wrong == len(top)
                 else f"each was 1 of your {wrong} wrong answers")
    else:
        share = f"each was {top[0].count} of your {wrong} wrong answers"
    first = f"Practise telling {named}: {share}."
    cue_words = []
    for true_ref, true_kind, _ in pairs:
        cue = next((c for c in true_ref.cues if c), None) if true_ref.cues_are_words else None
        phrase = f"\u201c{cue}\u201d for {plural(true_kind)}" if cue else None
        if phrase and phrase not in cue_words:
            cue_words.append(phrase)
    if cue_words:
        return f"{first} Before answering, look for words like {' or '.join(cue_words)}."
    return f"{first} Before answering, ask who says so, and how anyone could check it."


def _share(top: Confusion, wrong: int, true_kind: Category, chosen_kind: Category) -> str:
    pair = f"{plural(true_kind)} read as {plural(chosen_kind)}"
    if wrong == 1:
        return (f"your only wrong answer was {with_article(true_kind.label.lower())} read as "
                f"{with_article(chosen_kind.label.lower())}")
    if top.count == wrong:
        return f"all {wrong} of your wrong answers were {pair}"
    if top.count == 1:
        return (f"1 of your {wrong} wrong answers was {with_article(true_kind.label.lower())} "
                f"read as {with_article(chosen_kind.label.lower())}")
    return f"{top.count} of your {wrong} wrong answers were {pair}"


def describe_change(
    change: Change | None, history: Sequence[SessionFigures] = ()
) -> str | None:
    """E.g. "Since your first full practice run (2024-03-01 10:00): score +25 points, balanced
    accuracy +20 points; Denial found +50 points. 1 retry run is listed but not compared."."""
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
    first = runs_name(change.mode, change.selection, 1)
    over = f" (over {change.runs} {change.runs_name})" if change.runs > 2 else ""
    sentence = (f"Since your first {first} ({format_when(change.first_started_at)}){over}: "
                f"{summary}{detail}.")
    return sentence + _apart(history, change)


def describe_no_change(
    runs: Sequence[SessionFigures], history: Sequence[SessionFigures]
) -> str:
    """Why a history has no change since the first run: e.g. "No change to show yet: that
    takes two full runs of the same mode, and there is 1 full practice run. 1 unfinished run is
    listed but not compared."."""
    if runs:
        info = runs[-1].session
        have = f"there is 1 {runs_name(info.mode, info.selection, 1)}"
    else:
        have = "there is no full run yet"
    return ("No change to show yet: that takes two full runs of the same mode and choice of "
            f"items, and {have}." + _apart(history, None))


def _apart(history: Sequence[SessionFigures], change: Change | None) -> str:
    unfinished = sum(s.session.run == Run.UNFINISHED for s in history)
    retries = sum(s.session.run == Run.RETRY for s in history)
    others = 0
    if change is not None:  # full runs of another mode or choice of items
        others = sum(s.session.run == Run.FULL and s.score.answered
                     and (s.session.mode, s.session.selection) != (change.mode, change.selection)
                     for s in history)
    words = apart_words(unfinished, retries)
    sentences = [f" {words[0].upper()}{words[1:]}."] if words else []
    if others:
        sentences.append(f" {counted(others, 'full run')} of another mode or choice of items "
                         f"{'is' if others == 1 else 'are'} not compared either.")
    return "".join(sentences)


def describe_left_out(
    answers: Sequence[AnswerRecord], counted_answers: Sequence[AnswerRecord],
    sessions: Sequence[SessionInfo],
) -> str | None:
    """What a history's totals leave out, e.g. "The totals leave out 1 retry run (3 answers):
    it was taken right after seeing the answers, so it is listed with the sessions but not
    counted."; None when they cover every answer."""
    left = len(answers) - len(counted_answers)
    if not left:
        return None
    retries = sum(1 for s in sessions if not s.counted)
    one = retries == 1
    return (f"The totals leave out {counted(retries, 'retry run')} ({counted(left, 'answer')}): "
            f"{'it was' if one else 'they were'} taken right after seeing the answers, so "
            f"{'it is' if one else 'they are'} listed with the sessions but not counted.")


# --- d′ where it would mislead ---------------------------------------------------------------

# A table cell's words for a d′ that is not shown (the reasons are quiz.reports.figures').
D_PRIME_SHORT = {
    Withheld.NO_ITEMS: "no items",
    Withheld.NO_OTHER_ITEMS: "no others",
    Withheld.NEVER_USED: "never used",
    Withheld.ALWAYS_USED: "always used",
    Withheld.FEW_ITEMS: "too few",
    Withheld.FEW_OTHER_ITEMS: "too few",
}

D_PRIME_LEGEND = ("d′: how well {who} tell{s} this kind from the others, in one number that "
                  "answering one label every time cannot raise (0 = not at all, about 1 = "
                  "fair, 2 or more = well).")


def d_prime_legend(who: str = "you") -> str:
    return D_PRIME_LEGEND.format(who=who, s="" if who == "you" else "s")


def format_d_prime(value: float | None, withheld: Withheld | str | None = None) -> str:
    """1.234 -> "1.23"; a withheld d′ -> its reason in two words ("never used", "too few")."""
    if value is not None:
        return f"{value:.2f}"
    if withheld is not None:
        return D_PRIME_SHORT.get(Withheld(withheld), "n/a")
    return "n/a"


def d_prime_notes(figures: Sequence[CategoryFigures], who: str = "you") -> list[str]:
    """The sentences under a per-kind table for each d′ not shown, one per reason, naming the
    kinds: e.g. "d′ is not shown for Denial (1 item): it needs at least 5 items of the kind and 5
    of the others; with fewer, one answer moves the share found by more than 20 points."."""
    by_reason: dict[Withheld, list[CategoryFigures]] = {}
    for figure in figures:
        if figure.d_prime_withheld is None:
            continue
        if figure.d_prime_withheld == Withheld.NO_ITEMS and not figure.uses:
            continue  # a kind with no items and never chosen has no row to explain
        by_reason.setdefault(figure.d_prime_withheld, []).append(figure)
    notes = []
    for reason in Withheld:
        kinds = by_reason.get(reason)
        if not kinds:
            continue
        labels = _and([f.label for f in kinds])
        if reason in (Withheld.FEW_ITEMS, Withheld.FEW_OTHER_ITEMS):
            own = reason == Withheld.FEW_ITEMS
            counts = _and([f"{f.label} ({counted(f.items, 'item')})" if own else
                           f"{f.label} ({counted(f.other_items, 'item')} of other kinds)"
                           for f in kinds])
            notes.append(f"d′ is not shown for {counts}: it needs at least {MIN_D_PRIME_ITEMS} "
                         f"items of the kind and {MIN_D_PRIME_ITEMS} of the others; with fewer, "
                         "one answer moves the share found by more than 20 points.")
        elif reason == Withheld.NEVER_USED:
            notes.append(f"d′ is not shown for {labels}: {who} never chose "
                         f"{'it' if len(kinds) == 1 else 'them'}, so nothing was told apart.")
        elif reason == Withheld.ALWAYS_USED:
            notes.append(f"d′ is not shown for {labels}: {who} chose it for every item, so "
                         "nothing was told apart.")
        elif reason == Withheld.NO_ITEMS:
            notes.append(f"d′ is not shown for {labels}: there were no items of "
                         f"{'that kind' if len(kinds) == 1 else 'those kinds'}.")
        else:
            notes.append(f"d′ is not shown for {labels}: there were no items of other kinds "
                         "to tell it apart from.")
    return notes


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --- the confusion matrix and the items to look at again ---------------------------------------


def matrix_legend(matrix: ConfusionMatrix) -> str | None:
    """What a "+" in the matrix means, told with its first such cell: "6+1: 6 wrong answers and
    1 accepted alternative (credited, but not the best answer, so not a confusion)."; None
    without accepted alternatives."""
    size = len(matrix.categories)
    for row in range(size):
        for column in range(size):
            accepted = matrix.accepted_at(row, column)
            if row == column or not accepted:
                continue
            wrong = matrix.wrong_at(row, column)
            alternatives = counted(accepted, "accepted alternative")
            what = f"{counted(wrong, 'wrong answer')} and {alternatives}" if wrong else alternatives
            return (f"{matrix_cell(matrix, row, column)}: {what} (credited, but not the best "
                    "answer, so not a confusion).")
    return None


def matrix_cell(matrix: ConfusionMatrix, row: int, column: int) -> str:
    """A cell as every renderer writes it: hits on the diagonal, off it the wrong answers and,
    after a +, the accepted alternatives ("8+1", "+1" when all were accepted, "0" for none)."""
    if row == column:
        return str(matrix.counts[row][column])
    wrong, accepted = matrix.wrong_at(row, column), matrix.accepted_at(row, column)
    if not accepted:
        return str(wrong)
    return f"{wrong}+{accepted}" if wrong else f"+{accepted}"


def missed_summary(missed: Sequence[MissedItem]) -> str:
    """The items to look at again, counted as quiz.core.scoring says them: "17 items to look at
    again: 15 wrong, 2 accepted, not the best answer" (each item by its latest miss)."""
    accepted = sum(m.verdict == Verdict.ACCEPTED for m in missed)
    return look_again_words(len(missed) - accepted, accepted)


def missed_verdict(missed: MissedItem) -> str:
    """"wrong", or "accepted, not the best answer", with how often it was missed."""
    verdict = "accepted, not the best answer" if missed.verdict == Verdict.ACCEPTED else "wrong"
    if missed.times_missed > 1:
        verdict += f", missed {missed.times_missed} times"
    return verdict


# Words of a claim that head its item in a report: enough to recognise it, short enough for a line.
CLAIM_WORDS = 10


def claim_heading(missed: MissedItem, words: int = CLAIM_WORDS) -> str:
    """A missed item headed by its claim's first words, "“North Korea Friday put up a massive
    military show as it paraded …”"; by its id when the pack no longer has it."""
    if not missed.claim:
        return f"Item {missed.item_id}"
    parts = missed.claim.split()
    text = " ".join(parts[:words]) + (" …" if len(parts) > words else "")
    return f"\u201c{text}\u201d"


def claim_in_passage(missed: MissedItem) -> tuple[str, str, str] | None:
    """The passage cut around the claim asked about (before, claim, after), so a renderer can
    mark it; None when the claim is the whole passage or is not found in it."""
    passage, claim = missed.passage or "", (missed.claim or "").strip()
    start = passage.find(claim) if claim else -1
    if start < 0 or claim == passage.strip():
        return None
    return passage[:start], claim, passage[start + len(claim):]


def period(sessions: Sequence[SessionInfo], fallback: str) -> str:
    """When a report's sessions were: "2024-05-01 09:00" for one, "2024-05-01 to 2024-05-03" for
    several, "2024-05-01 09:00 to 14:17" for several on one day; `fallback` for none."""
    if not sessions:
        return fallback
    first, last = format_when(sessions[0].started_at), format_when(sessions[-1].started_at)
    if len(sessions) == 1:
        return last
    if first[:10] == last[:10]:
        return f"{first} to {last[11:]}"
    return f"{first[:10]} to {last[:10]}"


def format_when(stamp: str) -> str:
    """A stored ISO time as the computer's local date and time of day, "2024-03-01 10:00"."""
    return local_time(stamp)


def format_share(part: int, whole: int, empty: str = "-", *, compact: bool = False) -> str:
    """A count of a kind's items as itself and, from MIN_RATE_ITEMS items on, a percentage:
    "0 of 1", "4 of 7 (57%)" ("0/1", "4/7 (57%)" when compact); `empty` for none."""
    if not whole:
        return empty
    counts = f"{part}/{whole}" if compact else f"{part} of {whole}"
    if whole < MIN_RATE_ITEMS:
        return counts
    return f"{counts} ({format_percent(part / whole)})"


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

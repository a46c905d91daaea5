"""The sentences and number formats of a score report, shared by every renderer and screen so
every format says the same: the lean, what to practise next, the change since the first session.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from quiz.core.packs import Category
from quiz.core.records import AnswerRecord
from quiz.core.scoring import Verdict, confusions
from quiz.core.wording import plural, with_article
from quiz.reports.report import Bias, CategoryRef, Change, Score


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

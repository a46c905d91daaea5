"""Confidence that means something: each decision's measured rate of right answers, lowered
for what makes a reading riskier (a speaker resolved from a pronoun, a quotation left open, a
text without sentence punctuation), and the reliability table that checks it.

The measured values live in data/calibration/confidence.yaml, written by `calibrate()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.content.drafter.lexicon import Rules
from quiz.content.drafter.rules import Decision

# Flags from the text itself, whatever the rules read in it.
_LETTERS = re.compile(r"[^\W\d_]")
LONG_SENTENCE = 600  # characters; news sentences are rarely longer
# Prior strength of the starting guess when calibrating: a decision seen on few items keeps
# most of its guessed confidence, one seen on many gets its measured rate.
PRIOR_WEIGHT = 4.0
BINS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def text_flags(text: str) -> set[str]:
    """What makes a sentence hard to read whatever the rules say."""
    flags = set()
    letters = _LETTERS.findall(text)
    if len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        flags.add("all-caps")
    if len(text) > LONG_SENTENCE:
        flags.add("long-sentence")
    if text.count("“") != text.count("”") or text.count('"') % 2:
        flags.add("unclosed-quote")
    return flags


def confidence_for(decision: Decision, flags: Iterable[str], rules: Rules) -> float:
    """The decision's calibrated confidence plus the adjustment of each flag, kept in 0.05-0.99.

    Flags the evaluation set cannot measure because its texts are well formed (all capitals, no
    sentence punctuation, a quotation never closed) put the item below the low-confidence line.
    """
    flags = set(flags)
    confidence = decision.confidence
    for flag in flags:
        confidence += rules.adjustments.get(flag, 0.0)
    if flags & set(rules.data.low_confidence_flags):
        confidence = min(confidence, rules.low_confidence - 0.05)
    return round(min(0.99, max(0.05, confidence)), 2)


# --- measuring and calibrating ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One labelled sentence as drafted: the rule, its flags, the confidence and whether the
    draft's answer is among the pack's accepted answers."""

    rule: str
    flags: tuple[str, ...]
    confidence: float
    right: bool
    low: bool


def reliability(outcomes: Sequence[Outcome]) -> list[tuple[str, int, int]]:
    """(confidence range, items, right) per bin of BINS."""
    rows = []
    for low, high in zip(BINS, BINS[1:]):
        inside = [o for o in outcomes if low <= o.confidence < high or
                  (high == 1.0 and o.confidence == 1.0)]
        rows.append((f"{low:.2f}-{high:.2f}", len(inside), sum(o.right for o in inside)))
    return rows


def catch_rates(outcomes: Sequence[Outcome]) -> tuple[tuple[int, int], tuple[int, int]]:
    """(wrong answers flagged low-confidence, wrong), (right answers flagged, right)."""
    wrong = [o for o in outcomes if not o.right]
    right = [o for o in outcomes if o.right]
    return (sum(o.low for o in wrong), len(wrong)), (sum(o.low for o in right), len(right))


def format_reliability(outcomes: Sequence[Outcome]) -> list[str]:
    lines = ["  confidence   items  right  rate (of items at this confidence, how many right)"]
    for label, count, right in reliability(outcomes):
        if count:
            lines.append(f"  {label}  {count:>6} {right:>6}  {100 * right / count:5.1f}%")
    (caught, wrong), (flagged, right) = catch_rates(outcomes)
    if wrong:
        lines.append(f"  low-confidence catches {caught}/{wrong} wrong answers "
                     f"({100 * caught / wrong:.0f}%)")
    if right:
        lines.append(f"  low-confidence flags   {flagged}/{right} right answers "
                     f"({100 * flagged / right:.0f}%)")
    return lines


@dataclass(frozen=True)
class Calibrated:
    confidence: dict[str, float]
    adjustments: dict[str, float]
    low_confidence: float


def calibrate(outcomes: Sequence[Outcome], decisions: Sequence[Decision],
              prior: dict[str, float] | None = None) -> Calibrated:
    """Each decision's smoothed rate of right answers on items without risk flags, each flag's
    smoothed effect, and the threshold that best separates wrong answers from right ones."""
    prior = prior or {d.id: d.confidence for d in decisions}
    confidence: dict[str, float] = {}
    for decision in decisions:
        mine = [o for o in outcomes if o.rule == decision.id]
        guess = prior.get(decision.id, decision.confidence)
        rate = (sum(o.right for o in mine) + PRIOR_WEIGHT * guess) / (len(mine) + PRIOR_WEIGHT)
        confidence[decision.id] = round(rate, 2)
    flags = sorted({f for o in outcomes for f in o.flags})
    adjustments: dict[str, float] = {}
    for flag in flags:
        marked = [o for o in outcomes if flag in o.flags]
        expected = sum(confidence.get(o.rule, 0.5) for o in marked)
        observed = sum(o.right for o in marked)
        # Shrunk toward no effect; a flag only ever lowers confidence (it marks a risk).
        effect = (observed - expected) / (len(marked) + PRIOR_WEIGHT)
        if effect < -0.02:
            adjustments[flag] = round(effect, 2)
    return Calibrated(confidence, adjustments, best_threshold(outcomes, confidence, adjustments))


def best_threshold(outcomes: Sequence[Outcome], confidence: dict[str, float],
                   adjustments: dict[str, float]) -> float:
    """The lowest threshold that catches 80% of wrong answers, else the one that flags at
    most a quarter of right answers while catching the most wrong ones."""
    scored = []
    for outcome in outcomes:
        value = confidence.get(outcome.rule, 0.5) + sum(adjustments.get(f, 0.0)
                                                        for f in outcome.flags)
        scored.append((round(min(0.99, max(0.05, value)), 2), outcome.right))
    wrong = sum(1 for _, right in scored if not right) or 1
    right_total = sum(1 for _, right in scored if right) or 1
    best, best_key = 0.5, None
    for step in range(20, 100):
        threshold = step / 100
        caught = sum(1 for value, right in scored if not right and value < threshold)
        flagged = sum(1 for value, right in scored if right and value < threshold)
        meets = caught / wrong >= 0.8 and flagged / right_total <= 0.25
        key = (meets, caught / wrong - flagged / right_total, -threshold)
        if best_key is None or key > best_key:
            best, best_key = threshold, key
    return best

"""How an answer is scored, and the small per-session figures the end screen shows.

The credit rule lives here and nowhere else: best answer 1, an accepted alternative the pack's
`alternative_credit` (default 0.5), anything else 0.

So does the one definition of a *confusion*, which the end screen's headline, plain mode, every
report's confusion matrix and "what to practise next" and the "look again" list all use:

- A confusion is a wrong answer (Verdict.WRONG: neither the best answer nor an accepted
  alternative), counted per (best answer, choice) pair of kinds.
- An accepted alternative is not a confusion, and not the best answer either: it is counted and
  said apart ("2 accepted, not the best answer"), never folded into the confusions.
- The items to look at again are every answer that was not the best one: the wrong ones and the
  accepted ones, said as both counts.
- The most common confusion is the pair with the highest count; pairs tied at that count are all
  named, in the pack's category order (never in the order the answers happened to come).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from quiz.core.wording import counted


class Verdict(StrEnum):
    CORRECT = "correct"
    ACCEPTED = "accepted"
    WRONG = "wrong"


def score_answer(
    choice: str, answer: str, also_accept: Iterable[str], alternative_credit: float
) -> tuple[Verdict, float]:
    """The verdict and credit for choosing `choice` when `answer` is best."""
    if choice == answer:
        return Verdict.CORRECT, 1.0
    if choice in set(also_accept):
        return Verdict.ACCEPTED, alternative_credit
    return Verdict.WRONG, 0.0


@dataclass(frozen=True, slots=True)
class CategoryTally:
    """Of the items whose best answer is `category`, how many the reader found."""

    category: str
    found: int  # chose the best answer
    accepted: int  # chose an accepted alternative
    total: int

    @property
    def accuracy(self) -> float | None:
        """found / total (0-1); None when there were no items of this kind."""
        return self.found / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class Confusion:
    """`count` items of kind `actual` were answered as `chosen` (a wrong answer)."""

    actual: str
    chosen: str
    count: int


def tally_by_category(
    pairs: Sequence[tuple[str, str, Verdict]], categories: Sequence[str]
) -> list[CategoryTally]:
    """Per category, from (actual, chosen, verdict) triples; categories with no items included."""
    tallies = []
    for category in categories:
        rows = [(c, v) for a, c, v in pairs if a == category]
        tallies.append(CategoryTally(
            category=category,
            found=sum(v is Verdict.CORRECT for _, v in rows),
            accepted=sum(v is Verdict.ACCEPTED for _, v in rows),
            total=len(rows),
        ))
    return tallies


def _ranked(counts: Counter[tuple[str, str]], order: Sequence[str]) -> list[Confusion]:
    # Most frequent first; ties in category order (categories not in `order` after, by id), so
    # the same answers in another order give the same ranking.
    position = {category: i for i, category in enumerate(order)}

    def key(pair_count: tuple[tuple[str, str], int]) -> tuple:
        (actual, chosen), count = pair_count
        return (-count, position.get(actual, len(position)), actual,
                position.get(chosen, len(position)), chosen)

    return [Confusion(a, c, n) for (a, c), n in sorted(counts.items(), key=key)]


def confusions(
    pairs: Sequence[tuple[str, str, Verdict]], order: Sequence[str] = ()
) -> list[Confusion]:
    """The confusions (wrong answers only, see the module docstring) grouped by (actual, chosen),
    most frequent first, ties in the category order `order`."""
    return _ranked(Counter((a, c) for a, c, v in pairs if v is Verdict.WRONG), order)


def accepted_pairs(
    pairs: Sequence[tuple[str, str, Verdict]], order: Sequence[str] = ()
) -> list[Confusion]:
    """The accepted alternatives grouped like `confusions` (they are not confusions)."""
    return _ranked(Counter((a, c) for a, c, v in pairs if v is Verdict.ACCEPTED), order)


def leading(ranked: Sequence[Confusion]) -> list[Confusion]:
    """The most common confusions: every pair tied at the highest count (none without any)."""
    if not ranked:
        return []
    top = ranked[0].count
    return [c for c in ranked if c.count == top]


def not_best_words(wrong: int, accepted: int) -> str:
    """The answers that were not the best one, said as their two kinds: "15 wrong, 2 accepted,
    not the best answer"; "1 wrong"; "1 accepted, not the best answer"; "none"."""
    parts = []
    if wrong:
        parts.append(f"{wrong} wrong")
    if accepted:
        parts.append(f"{accepted} accepted, not the best answer")
    return ", ".join(parts) or "none"


def look_again_words(wrong: int, accepted: int) -> str:
    """E.g. "17 items to look at again: 15 wrong, 2 accepted, not the best answer"."""
    return f"{counted(wrong + accepted, 'item')} to look at again: {not_best_words(wrong, accepted)}"

"""How an answer is scored, and the small per-session figures the end screen shows.

The credit rule lives here and nowhere else: best answer 1, an accepted alternative the pack's
`alternative_credit` (default 0.5), anything else 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


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


def confusions(pairs: Sequence[tuple[str, str, Verdict]]) -> list[Confusion]:
    """Wrong answers grouped by (actual, chosen), most frequent first, ties in first-seen order."""
    counts = Counter((a, c) for a, c, v in pairs if v is Verdict.WRONG)
    return [Confusion(a, c, n) for (a, c), n in counts.most_common()]

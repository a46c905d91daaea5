"""The statistics of test analysis the group report uses: means, sample variance and standard
deviation, Pearson's r, the discrimination index and Cronbach's alpha (None, never NaN, when a
figure cannot be computed).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def sample_variance(values: Sequence[float]) -> float | None:
    """sum (v - mean)^2 / (n - 1); None with fewer than 2 values."""
    if len(values) < 2:
        return None
    centre = math.fsum(values) / len(values)
    return math.fsum((v - centre) ** 2 for v in values) / (len(values) - 1)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The correlation of two equally long series; None when either does not vary (or n < 2)."""
    if len(xs) != len(ys):
        raise ValueError("pearson: the series differ in length")
    if len(xs) < 2:
        return None
    mx, my = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if _is_zero(sxx) or _is_zero(syy):
        return None
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _is_zero(value: float) -> bool:
    # Sums of squared credits are multiples of small fractions; rounding noise is not variance.
    return abs(value) < 1e-12


def discrimination_index(scores: Sequence[Sequence[float]], item: int) -> float | None:
    """D_i = r(x_i, X - x_i) over the rows of `scores` (one row per participant, one column per
    item); None when the item's or the rest's scores do not vary."""
    item_scores = [row[item] for row in scores]
    rest = [math.fsum(row) - row[item] for row in scores]
    return pearson(item_scores, rest)


def cronbach_alpha(scores: Sequence[Sequence[float]]) -> float | None:
    """k / (k - 1) * (1 - sum of item variances / variance of totals); None with fewer than 2
    items or 2 participants, or when every participant has the same total."""
    if len(scores) < 2 or not scores[0] or len(scores[0]) < 2:
        return None
    k = len(scores[0])
    item_variances = [sample_variance([row[i] for row in scores]) or 0.0 for i in range(k)]
    total_variance = sample_variance([math.fsum(row) for row in scores])
    if total_variance is None or _is_zero(total_variance):
        return None
    return k / (k - 1) * (1 - math.fsum(item_variances) / total_variance)


def standard_deviation(values: Sequence[float]) -> float | None:
    variance = sample_variance(values)
    return None if variance is None else math.sqrt(variance)

"""What several benchmarks share: timing one step as the median of a few runs.

Imported as `_common`: a benchmark runs as `python benchmarks/bench_x.py`, which puts this folder
on sys.path.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

REPEATS = 5


def timed(step: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median seconds of `repeats` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

"""What several benchmarks share: the repository and mini pack paths, and a median-of-runs timer.
Imported as `_common`: `python benchmarks/bench_x.py` puts this folder on sys.path.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The four-item test pack, for when no pack is bundled yet.
MINI = REPO / "tests" / "data" / "mini" / "mini.yaml"
REPEATS = 5


def timed(step: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median seconds of `repeats` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

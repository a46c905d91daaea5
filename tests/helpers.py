"""Helpers several test modules share: the fixed moment UI and study tests start at, and the
UTC clock that stays there until the test moves it. Imported as `helpers` (tests/ is on sys.path).
"""

from __future__ import annotations

import datetime as dt

START = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.timezone.utc)


class SetUtcClock:
    """The store's and study's clock: UTC, and only moves when the test moves it."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta

"""Time as the domain uses it: aware UTC datetimes, and the text form they are stored in.

Clocks are passed in (`UtcClock`), so tests and simulations choose the time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

UtcClock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def timestamp(moment: dt.datetime) -> str:
    """ISO 8601 in UTC, always with microseconds, so stored times sort as text."""
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")

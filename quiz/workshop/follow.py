"""Following a workshop as it changes: how often to ask the store, which changes every
participant's page must show at once, and a loop for a thread that follows it.

The web host (quiz.workshop.web_app) follows the workshop for every participant's page, woken
at once by the dashboard in the same process and asking the store between times; the dashboard
follows the store and the web host's status with `follow_changes` in a thread of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from quiz.core.workshop_records import EventKind
from quiz.storage.database import StoreError
from quiz.workshop.model import Workshop

# How often a follower asks whether the workshop changed: one primary-key read (about 7 us); the
# wake-up around it costs more (0.1 to 0.3 ms), so two followers cost well under 1% of a core.
FOLLOW_INTERVAL = 0.1
# The changes every participant's page must show at once: the facilitator's moves. Other
# participants' answers and moves change nothing on anyone else's page before the next of
# these, so they wake nobody.
PUSHED_KINDS = frozenset({EventKind.STARTED, EventKind.SHOWN, EventKind.REVEALED,
                          EventKind.ENDED})


def follow_changes(
    workshop: Workshop,
    since: int,
    on_change: Callable[[int], None],
    stop: threading.Event,
    *,
    interval: float = FOLLOW_INTERVAL,
    kinds: frozenset[EventKind] | None = None,
    also: Callable[[], Hashable] | None = None,
) -> None:
    """Call `on_change(revision)` whenever the workshop's revision passes the last one seen (and,
    with `kinds`, one of the changes since is of those kinds), or whatever `also()` returns
    changes (the web host's status), until `stop` is set or the store closes. Meant for a
    thread of its own; it sleeps on `stop`, so a closing screen ends it at once."""
    seen = since
    extra = also() if also is not None else None
    while not stop.is_set():
        try:
            current = workshop.revision()
            wanted = current != seen and (
                kinds is None or any(e.kind in kinds for e in workshop.events_since(seen)))
        except StoreError:
            return
        seen = current
        if also is not None:
            now = also()
            wanted, extra = wanted or now != extra, now
        if wanted:
            on_change(current)
        stop.wait(interval)

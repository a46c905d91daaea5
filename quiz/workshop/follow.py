"""Following a workshop from another process: how often to ask the store, which changes every
participant's screen must show at once, and how the server tells an app that one happened.

The server alone follows the workshop for every participant app (quiz.workshop.server) and tells
each app through its input (CHANGED_META), so 60 idle apps use no CPU waiting; the dashboard, and
a participant app run in a terminal, follow the store themselves with `follow_changes`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from quiz.core.workshop_records import EventKind
from quiz.storage.database import StoreError
from quiz.workshop.model import Workshop

# How often a follower asks whether the workshop changed: one primary-key read (about 7 us). The
# wake-up around it costs more than the read (0.1 to 0.3 ms where this was measured), which is
# why the server follows for all participant apps and only the dashboard follows by itself.
FOLLOW_INTERVAL = 0.1
# The changes every participant's screen must show at once: the facilitator's moves. Other
# participants' answers and moves change nothing on anyone else's screen before the next of
# these, so they wake nobody.
PUSHED_KINDS = frozenset({EventKind.STARTED, EventKind.SHOWN, EventKind.REVEALED,
                          EventKind.ENDED})
# Newcomers are pushed too (the lobby counts them), at most once in this many seconds.
JOINED_PUSH_SECONDS = 1.0
# The meta message the server sends an app on such a change, and the variable that tells an app
# started by the server that it will get them.
CHANGED_META = "quiz-workshop-changed"
PUSH_ENVIRONMENT = "QUIZ_WORKSHOP_PUSHED"


def follow_changes(
    workshop: Workshop,
    since: int,
    on_change: Callable[[int], None],
    stop: threading.Event,
    *,
    interval: float = FOLLOW_INTERVAL,
    kinds: frozenset[EventKind] | None = None,
) -> None:
    """Call `on_change(revision)` whenever the workshop's revision passes the last one seen (and,
    with `kinds`, one of the changes since is of those kinds), until `stop` is set or the store
    closes. Meant for a thread of its own.

    Workshop.wait_for_change sleeps through its interval with time.sleep; this loop sleeps on
    `stop` instead, so a closing screen ends it at once rather than after a timeout.
    """
    seen = since
    while not stop.is_set():
        try:
            current = workshop.revision()
            wanted = current != seen and (
                kinds is None or any(e.kind in kinds for e in workshop.events_since(seen)))
        except StoreError:
            return
        seen = current
        if wanted:
            on_change(current)
        stop.wait(interval)

"""Who is playing a run: a run being played is claimed in the store by the process playing it,
so a second copy of the app (another terminal, a second `quiz play`) offers a new run instead of
writing into the same one. A crashed process loses its claim at once on the same computer (its
process is gone) and after CLAIM_SECONDS elsewhere (a data folder on a shared drive).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket

# A claim is renewed with every answer; a claim from another computer older than this is stale.
CLAIM_SECONDS = 30 * 60

_token = secrets.token_hex(4)


def holder() -> str:
    """This process, as a claim names it: computer, process id, and a token the process chose
    (a reused process id is not mistaken for the old process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{_token}"


def is_live(claimed_by: str | None, claimed_until: str | None, now: dt.datetime) -> bool:
    """Whether a claim still holds: this process's own always; another process's on this
    computer while that process runs; another computer's until its claim expires."""
    if not claimed_by:
        return False
    if claimed_by == holder():
        return True
    host, _, rest = claimed_by.partition(":")
    pid_text = rest.partition(":")[0]
    if host == socket.gethostname() and pid_text.isdigit():
        return _running(int(pid_text))
    try:
        until = dt.datetime.fromisoformat(claimed_until or "")
    except ValueError:
        return False
    if until.tzinfo is None:
        until = until.replace(tzinfo=dt.timezone.utc)
    return until > now


def expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=CLAIM_SECONDS)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    except OSError:
        return False
    return True

"""How often one browser, and one network address, may try to join a hosted workshop: token
buckets that cost nothing while nobody tries (each is two numbers, refilled by arithmetic when
it is next asked, never by a timer), and the counts the facilitator's dashboard shows.

quiz.workshop.web_app asks `JoinLimits.allow(address, bucket)` before each join attempt. A wrong
code costs more than a join: guessing one of a million codes at about 20 tries a minute from
one address would take weeks, while a room behind one address still joins at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

# One browser (one websocket): 5 attempts at once, then one every 3 seconds.
CONNECTION_BURST = 5
CONNECTION_REFILL_SECONDS = 3.0
# One network address, wrong codes only (a whole class may share an address): 20 at once, then
# one every 3 seconds.
ADDRESS_BURST = 20
ADDRESS_REFILL_SECONDS = 3.0
# Addresses remembered at most; the fullest buckets (those that have not tried for longest)
# are forgotten first, so a flood of addresses cannot fill the host's memory.
MAX_ADDRESSES = 4096


@dataclass(slots=True)
class Bucket:
    """`burst` tries at once, one more every `refill` seconds."""

    burst: int
    refill: float
    tokens: float = field(default=-1.0)
    at: float = 0.0

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = float(self.burst)

    def take(self, now: float) -> float:
        """Take one try: 0.0 when allowed, else the seconds until the next one would be."""
        self.tokens = min(self.burst, self.tokens + (now - self.at) / self.refill)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) * self.refill

    def full(self, now: float) -> bool:
        return self.tokens + (now - self.at) / self.refill >= self.burst


class LimitedError(Exception):
    """Too many tries; `wait` is how many seconds until the next would be allowed."""

    def __init__(self, message: str, wait: float) -> None:
        super().__init__(message)
        self.wait = wait


@dataclass(slots=True)
class JoinCounts:
    """What the dashboard shows: attempts refused for coming too fast, and wrong codes."""

    limited: int = 0
    wrong_codes: int = 0


class JoinLimits:
    """The host's join limits: a bucket per connection (made by `connection_bucket`) and one
    per address for wrong codes. Every refusal is counted and logged by the caller."""

    def __init__(self, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self.addresses: dict[str, Bucket] = {}
        self.counts = JoinCounts()

    def connection_bucket(self) -> Bucket:
        return Bucket(CONNECTION_BURST, CONNECTION_REFILL_SECONDS, at=self.monotonic())

    def attempt(self, bucket: Bucket) -> None:
        """One join attempt on a connection; LimitedError when it comes too fast."""
        wait = bucket.take(self.monotonic())
        if wait:
            self.counts.limited += 1
            raise LimitedError(_wait_message(wait), wait)

    def wrong_code(self, address: str) -> None:
        """A wrong code from `address`; LimitedError once that address has guessed too often."""
        self.counts.wrong_codes += 1
        now = self.monotonic()
        bucket = self.addresses.get(address)
        if bucket is None:
            self._make_room(now)
            bucket = self.addresses[address] = Bucket(ADDRESS_BURST, ADDRESS_REFILL_SECONDS,
                                                      at=now)
        wait = bucket.take(now)
        if wait:
            self.counts.limited += 1
            raise LimitedError(_wait_message(wait), wait)

    def check_address(self, address: str) -> None:
        """LimitedError while `address` has guessed too many codes (counted as refused)."""
        bucket = self.addresses.get(address)
        if bucket is None:
            return
        now = self.monotonic()
        tokens = min(bucket.burst, bucket.tokens + (now - bucket.at) / bucket.refill)
        if tokens < 1:
            self.counts.limited += 1
            wait = (1 - tokens) * bucket.refill
            raise LimitedError(f"Too many wrong codes from this network address: wait "
                               f"{_seconds(wait)}, then try again.", wait)

    def _make_room(self, now: float) -> None:
        if len(self.addresses) < MAX_ADDRESSES:
            return
        for address in [a for a, b in self.addresses.items() if b.full(now)]:
            del self.addresses[address]
        while len(self.addresses) >= MAX_ADDRESSES:  # all busy: the oldest goes
            del self.addresses[next(iter(self.addresses))]


def _seconds(wait: float) -> str:
    whole = max(1, round(wait + 0.49))
    return f"{whole} second{'s' if whole != 1 else ''}"


def _wait_message(wait: float) -> str:
    return f"Too many tries from this device: wait {_seconds(wait)}, then try again."

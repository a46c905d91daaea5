"""A workshop's plain records as the store keeps them and screens and reports read them: its
settings, steps, participants, answers, tallies and the events that say what changed.

No SQL and no rules here: quiz.workshop.model applies the rules, quiz.workshop.queries reads and
writes these records, and quiz.reports.group reads them without importing the workshop layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from quiz.core.scoring import Verdict


class State(StrEnum):
    LOBBY = "lobby"  # created; participants may join
    QUESTION = "question"  # an item is on screen, answers open
    REVEALED = "revealed"  # the answer is shown, answers to this item closed
    DONE = "done"  # ended (at the last item or early)


class Pace(StrEnum):
    FACILITATOR = "facilitator"  # everyone is on the facilitator's current item
    SELF = "self"  # each participant moves on at their own speed


class Audience(StrEnum):
    PARTICIPANTS = "participants"  # individuals, each with their own answers
    ROOM = "room"  # one screen; the facilitator keys in show-of-hands counts


class Phase(StrEnum):
    BEFORE = "before"  # the before check: answered, not revealed
    DISCUSSION = "discussion"  # answered, revealed, discussed
    AFTER = "after"  # the after check, on the parallel half

    @property
    def is_check(self) -> bool:
        return self is not Phase.DISCUSSION

    @property
    def title(self) -> str:
        return {"before": "Before check", "discussion": "Discussion",
                "after": "After check"}[self.value]


class EventKind(StrEnum):
    """What an Event says changed; the value is the text the store keeps."""

    CREATED = "created"
    STARTED = "started"
    SHOWN = "shown"  # the facilitator showed an item (next, back, go to)
    REVEALED = "revealed"
    ENDED = "ended"
    JOINED = "joined"
    REJOINED = "rejoined"
    ANSWERED = "answered"
    CHANGED = "changed"  # an answer replaced by another
    TALLIED = "tallied"
    PARTICIPANT_REVEALED = "participant_revealed"  # self pace: one participant saw the answer
    PARTICIPANT_MOVED = "participant_moved"
    PARTICIPANT_FINISHED = "participant_finished"
    REMOVED = "removed"  # the facilitator removed a participant


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One item in the workshop's running order (`position` counts from 0)."""

    position: int
    phase: Phase
    item_id: str
    item_hash: str
    actual: str  # the item's best answer when the workshop was created
    also_accept: tuple[str, ...]
    opened_at: str | None  # first shown
    revealed_at: str | None

    @property
    def number(self) -> int:
        """1-based, as people count."""
        return self.position + 1

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


@dataclass(frozen=True, slots=True)
class WorkshopInfo:
    """A workshop's settings and where it stands, as stored."""

    id: int
    code: str
    title: str
    facilitator: str
    pack_id: str
    pack_version: str
    pack_path: str
    audience: Audience
    pace: Pace
    max_participants: int
    room_size: int | None
    options: dict[str, object]
    state: State
    position: int  # the facilitator's current step
    reached: int  # the furthest step shown so far
    revision: int
    created_at: str
    started_at: str | None
    finished_at: str | None
    ended_early: bool

    @property
    def has_check(self) -> bool:
        return bool(self.options.get("check"))

    @property
    def alternative_credit(self) -> float:
        """The pack's credit for an accepted alternative when the workshop was created."""
        value = self.options.get("alternative_credit", 0.5)
        return float(value) if isinstance(value, int | float) else 0.5


@dataclass(frozen=True, slots=True)
class Participant:
    id: int
    name: str
    joined_at: str
    seen_at: str
    position: int  # self pace: the participant's own step (== number of steps when finished)
    revealed: bool  # self pace: the participant has seen the answer to their step
    removed_at: str | None = None  # when the facilitator removed them (None: taking part)

    @property
    def removed(self) -> bool:
        return self.removed_at is not None


@dataclass(frozen=True, slots=True)
class WorkshopAnswer:
    """A participant's latest answer to one step; `changes` counts the answers it replaced."""

    participant_id: int
    participant: str
    position: int
    item_id: str
    item_hash: str
    actual: str
    also_accept: tuple[str, ...]
    chosen: str
    verdict: Verdict
    credit: float
    seconds: float
    answered_at: str
    changes: int = 0


@dataclass(frozen=True, slots=True)
class Tally:
    """The room's show of hands for one step; `counts` is None when the tally was skipped."""

    position: int
    item_id: str
    item_hash: str
    counts: dict[str, int] | None
    recorded_at: str
    changes: int = 0

    @property
    def hands(self) -> int:
        return sum(self.counts.values()) if self.counts else 0


@dataclass(frozen=True, slots=True)
class Event:
    """One change, numbered by the workshop's revision after it."""

    revision: int
    kind: EventKind
    position: int | None
    participant: int | None
    at: str


@dataclass(frozen=True, slots=True)
class WorkshopSummary:
    """A line of `quiz workshop list`."""

    id: int
    code: str
    title: str
    pack_id: str
    audience: Audience
    pace: Pace
    state: State
    created_at: str
    finished_at: str | None
    participants: int
    steps: int
    responses: int  # answers, or tallies recorded


@dataclass(frozen=True, slots=True)
class WorkshopRecord:
    """Everything a group report reads: the workshop, its steps, who took part, the latest answers
    (participants) or tallies (room), each with how often it was changed."""

    info: WorkshopInfo
    steps: tuple[Step, ...]
    participants: tuple[Participant, ...]
    answers: tuple[WorkshopAnswer, ...]
    tallies: tuple[Tally, ...]
    # One line per stored row that could not be read and was left out (a damaged value).
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a live screen shows, read in one transaction: the workshop, its current step, who
    has joined, who has answered that step, and the distribution of its answers (or tally)."""

    info: WorkshopInfo
    step: Step | None
    participants: tuple[Participant, ...]
    answered: frozenset[int]  # participant ids with an answer to `step`
    distribution: dict[str, int]  # category id -> answers (or hands), every category present
    tally: Tally | None

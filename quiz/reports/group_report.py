"""The group report as every renderer receives it (GroupReport and its parts: the workshop, each
participant's score, item analysis, reliability, the gain, every response) and the sentences
that explain its figures. Building it is quiz.reports.group's.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.core.scoring import Verdict
from quiz.core.workshop_records import Audience, Phase
from quiz.reports.report import CategoryFigures, CategoryRef, ConfusionMatrix, PackInfo, Score
from quiz.reports.wording import format_percent, format_signed_points

# Usual readings of the two indices (Moodle's documentation and common test-analysis practice).
GOOD_DISCRIMINATION = 0.3
WEAK_DISCRIMINATION = 0.2
ACCEPTABLE_ALPHA = 0.7


@dataclass(frozen=True, slots=True)
class GroupInfo:
    """What the report says about the workshop itself."""

    id: int
    code: str
    title: str
    facilitator: str
    audience: Audience
    pace: str
    state: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    ended_early: bool
    has_check: bool
    items_planned: int  # steps in the running order
    items_shown: int  # steps reached


@dataclass(frozen=True, slots=True)
class ParticipantScore:
    number: int  # in order of joining, 1-based
    name: str  # "Participant 3" when anonymised
    answered: int
    asked: int  # items shown while the workshop ran
    score: Score
    changes: int  # answers changed before a reveal
    before: float | None  # share of credit on the before check
    after: float | None
    gain: float | None  # after - before, as a fraction


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    """One item of the running order (an item asked in two phases appears twice)."""

    position: int  # 0-based step
    number: int  # 1-based, as shown in the room
    phase: Phase
    item_id: str
    claim: str | None  # None when the pack no longer has the item
    passage: str | None
    best: str
    best_label: str
    responses: int  # answers (or hands)
    facility: float | None
    best_share: float | None  # share of responses that were the best answer
    discrimination: float | None
    discrimination_note: str  # the value in words, or why there is none
    distribution: tuple[int, ...]  # responses per category, in the report's category order
    changes: int  # answers changed before the reveal
    discussion: str | None
    note: str | None  # e.g. the item was edited since the workshop


@dataclass(frozen=True, slots=True)
class Reliability:
    alpha: float | None
    participants: int  # complete cases used
    left_out: int  # participants who missed an item
    items: int
    sentence: str


@dataclass(frozen=True, slots=True)
class Gain:
    """The before/after check: means as fractions, gain in fraction points."""

    source: Audience
    before_items: int
    after_items: int
    before: float | None
    after: float | None
    mean: float | None  # mean of individual gains (participants) or after - before (room)
    spread: float | None  # sample standard deviation of individual gains
    minimum: float | None
    maximum: float | None
    participants: int | None  # with answers in both checks; None for tallies
    normalized: float | None  # Hake's <g> of the means
    sentence: str


@dataclass(frozen=True, slots=True)
class Response:
    """One row of the per-response export: an answer (count 1), or one option of a tally."""

    participant: str  # ROOM for a tally
    position: int
    phase: Phase
    item_id: str
    best: str
    chosen: str
    verdict: Verdict
    credit: float
    count: int
    changes: int
    seconds: float | None
    answered_at: str


@dataclass(frozen=True, slots=True)
class GroupReport:
    """Everything the group report shows; every renderer renders this one object."""

    info: GroupInfo
    pack: PackInfo
    generated_at: str
    anonymized: bool
    categories: tuple[CategoryRef, ...]
    participants: tuple[ParticipantScore, ...]
    overall: Score  # every latest answer (or hand) together
    items: tuple[ItemAnalysis, ...]  # running order
    hardest: tuple[ItemAnalysis, ...]  # items with responses, lowest facility first
    confusion: ConfusionMatrix
    per_category: tuple[CategoryFigures, ...]
    balanced_accuracy: float | None
    reliability: Reliability | None  # None for tallies (see `unavailable`)
    gain: Gain | None  # None without a check
    unavailable: tuple[str, ...]  # figures this report cannot give, and why
    notes: tuple[str, ...]
    responses: tuple[Response, ...]

    @property
    def from_tallies(self) -> bool:
        return self.info.audience is Audience.ROOM

    @property
    def date(self) -> str:
        return (self.info.started_at or self.info.created_at)[:10]

    def label(self, category: str) -> str:
        for ref in self.categories:
            if ref.id == category:
                return ref.label
        return category


# --- words -------------------------------------------------------------------------------------


def describe_discrimination(value: float | None, reason: str | None = None) -> str:
    """The index in words, e.g. "0.45: separates stronger from weaker readers well"."""
    if value is None:
        return reason or "not available"
    if value >= GOOD_DISCRIMINATION:
        reading = "separates stronger from weaker readers well"
    elif value >= WEAK_DISCRIMINATION:
        reading = "separates stronger from weaker readers somewhat"
    elif value >= 0:
        reading = "hardly separates stronger from weaker readers"
    else:
        reading = "readers who did well elsewhere missed it more often: check the item"
    return f"{value:.2f}: {reading}"


def describe_alpha(alpha: float | None, participants: int, left_out: int, items: int,
                   reason: str | None = None) -> str:
    if alpha is None:
        return f"Cronbach's alpha cannot be computed: {reason or 'not enough answers'}."
    over = f"{participants} participant{'s' if participants != 1 else ''}"
    if left_out:
        over += (f" who answered every item ({left_out} who missed some "
                 f"{'are' if left_out != 1 else 'is'} left out)")
    reading = ("the items mostly measure one skill" if alpha >= ACCEPTABLE_ALPHA else
               "the items measure the skill unevenly (below 0.7 is usually read as low for a "
               "test; for a short discussion session it is common)")
    return f"Cronbach's alpha is {alpha:.2f} over {items} items and {over}: {reading}."


def format_points(fraction: float | None, empty: str = "n/a") -> str:
    """A change of a share as signed percentage points: 0.125 -> "+13 points"."""
    return empty if fraction is None else format_signed_points(100 * fraction)


def format_index(value: float | None, empty: str = "n/a") -> str:
    return empty if value is None else f"{value:.2f}"


def describe_gain(gain: Gain) -> str:
    if gain.before is None or gain.after is None or gain.mean is None:
        missing = "before" if gain.before is None else "after"
        return f"No before/after gain: nobody answered the {missing} check."
    head = (f"Before the discussion the group scored {format_percent(gain.before)}, after it "
            f"{format_percent(gain.after)}")
    if gain.source is Audience.ROOM:
        return (f"{head}: a gain of {format_points(gain.mean)} for the room (from show-of-hands "
                "tallies: how much each person gained, and so the spread, is not known).")
    people = gain.participants or 0
    spread = (f", standard deviation {format_points(gain.spread).replace('+', '')}, from "
              f"{format_points(gain.minimum)} to {format_points(gain.maximum)}"
              if gain.spread is not None else " (one participant: no spread)")
    normalized = (f" Normalised gain <g> = {gain.normalized:.2f} (the share of the possible "
                  "improvement that was made)." if gain.normalized is not None else "")
    return (f"{head}. Over the {people} participant{'s' if people != 1 else ''} who took both "
            f"checks the mean gain is {format_points(gain.mean)}{spread}.{normalized}")

"""The score report as every renderer and screen receives it: the Report and its parts (score,
per-kind figures, confusion matrix, lean, calibration, history, missed items), plain data.

How each figure is computed is quiz.reports.figures'; the sentences quiz.reports.wording's.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.core.records import AnswerRecord
from quiz.core.scoring import Verdict


@dataclass(frozen=True, slots=True)
class CategoryRef:
    """A category as a report shows it: id, the pack's label, and its cue words."""

    id: str
    label: str
    cues: tuple[str, ...] = ()
    cues_are_words: bool = True  # the pack's cue_required: False when cues describe, not quote
    in_pack: bool = True  # False for a category answered once but no longer in the pack


@dataclass(frozen=True, slots=True)
class Score:
    """The overall score under the credit rule."""

    points: float  # sum of credit
    answered: int
    correct: int  # best answer
    accepted: int  # an accepted alternative
    wrong: int

    @property
    def percent(self) -> float | None:
        """100 * points / answered; None when nothing was answered."""
        return 100 * self.points / self.answered if self.answered else None

    @property
    def fraction(self) -> float | None:
        """points / answered; None when nothing was answered."""
        return self.points / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class Overall:
    """The headline figures of a report."""

    score: Score
    total_seconds: float
    hints_used: int
    items_with_hints: int

    @property
    def answered(self) -> int:
        return self.score.answered

    @property
    def mean_seconds(self) -> float | None:
        return self.total_seconds / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class ConfusionMatrix:
    """counts[t][c]: answers whose best answer was categories[t], choice categories[c]."""

    categories: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def index(self, category: str) -> int:
        return self.categories.index(category)

    def count(self, true: str, chosen: str) -> int:
        return self.counts[self.index(true)][self.index(chosen)]

    def row_total(self, category: str) -> int:
        """Items whose best answer was `category` (the signal trials for that category)."""
        return sum(self.counts[self.index(category)])

    def column_total(self, category: str) -> int:
        """Times the reader chose `category`."""
        column = self.index(category)
        return sum(row[column] for row in self.counts)

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts)

    @property
    def largest_cell(self) -> int:
        return max((n for row in self.counts for n in row), default=0)


@dataclass(frozen=True, slots=True)
class CategoryFigures:
    """How well the reader spots one kind of statement (see the module docstring for hits)."""

    category: str
    label: str
    items: int  # signal trials: answers whose best answer is this category
    found: int  # hits: of those, answered with this category
    accepted: int  # of those, answered with an accepted alternative (credit, not a hit)
    uses: int  # times this label was chosen
    false_alarms: int  # of those uses, on items of another kind
    other_items: int  # noise trials: answers whose best answer is another category
    recall: float | None
    precision: float | None
    d_prime: float | None


@dataclass(frozen=True, slots=True)
class Bias:
    """The label chosen most often beyond its true share."""

    category: str
    label: str
    chosen: int  # times the reader chose it
    true_count: int  # items whose best answer it was

    @property
    def excess(self) -> int:
        return self.chosen - self.true_count


@dataclass(frozen=True, slots=True)
class CalibrationLevel:
    """Accuracy among answers given with one confidence rating."""

    level: int
    answered: int
    correct: int  # best answer
    accuracy: float | None


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """What a report says about one session it covers."""

    id: int
    mode: str
    started_at: str
    finished_at: str | None
    pack_version: str
    asked: int  # items in the session
    answered: int


@dataclass(frozen=True, slots=True)
class SessionFigures:
    """The figures of one session in a learner's history."""

    session: SessionInfo
    score: Score
    balanced_accuracy: float | None
    categories: tuple[CategoryFigures, ...]


@dataclass(frozen=True, slots=True)
class RecallChange:
    category: str
    label: str
    first: float | None
    last: float | None

    @property
    def change(self) -> float | None:
        """last - first, as a fraction; None unless both sessions had items of this kind."""
        if self.first is None or self.last is None:
            return None
        return self.last - self.first


@dataclass(frozen=True, slots=True)
class Change:
    """From the first session with answers to the latest one."""

    first_session: int
    last_session: int
    first_started_at: str
    percent: float | None  # change of the score, in percentage points
    balanced_accuracy: float | None  # change, as a fraction
    recall: tuple[RecallChange, ...]


@dataclass(frozen=True, slots=True)
class MissedItem:
    """An item the reader did not answer with its best answer (wrong, or only accepted)."""

    item_id: str
    best: str
    best_label: str
    chosen: str  # the latest miss's choice
    chosen_label: str
    verdict: Verdict  # of the latest miss
    times_missed: int
    passage: str | None  # None when the item is no longer in the pack
    claim: str | None
    explanation: str | None
    why_not: str | None  # the pack's line for the category chosen, when it has one
    note: str | None  # e.g. the item was removed or edited since it was answered


@dataclass(frozen=True, slots=True)
class PackInfo:
    id: str
    title: str
    version: str  # the version(s) the sessions were played with, else the pack's current one
    current_version: str | None  # the loaded pack's version; None when the pack is not available


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a score report shows; every renderer and the app render this one object."""

    learner: str
    generated_at: str  # ISO 8601, UTC
    pack: PackInfo
    sessions: tuple[SessionInfo, ...]  # oldest first
    categories: tuple[CategoryRef, ...]  # taxonomy order
    overall: Overall
    per_category: tuple[CategoryFigures, ...]
    confusion: ConfusionMatrix
    balanced_accuracy: float | None
    bias: Bias | None
    bias_sentence: str
    calibration: tuple[CalibrationLevel, ...] | None
    history: tuple[SessionFigures, ...]  # one per session, oldest first
    change: Change | None
    change_sentence: str | None
    missed: tuple[MissedItem, ...]
    practice_next: str
    answers: tuple[AnswerRecord, ...]  # in the order given, for per-answer exports

    @property
    def date(self) -> str:
        """The date the report is about: the latest session's start, else the day it was made."""
        if self.sessions:
            return self.sessions[-1].started_at[:10]
        return self.generated_at[:10]

    @property
    def first_date(self) -> str:
        return self.sessions[0].started_at[:10] if self.sessions else self.date

    @property
    def is_history(self) -> bool:
        return len(self.sessions) > 1

    def label(self, category: str) -> str:
        for ref in self.categories:
            if ref.id == category:
                return ref.label
        return category

"""The score report as every renderer and screen receives it: the Report and its parts (score,
per-kind figures, confusion matrix, lean, calibration, history, missed items), plain data.

How each figure is computed is quiz.reports.figures'; the sentences quiz.reports.wording's.
The enums here (Verdict, Run, Withheld) are compared with ==, never `is`: the terminal path hands
a report through quiz.core.text.visible_fields, which turns every str, StrEnum values too, into a
plain str.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from quiz.core.history import Run, run_label, runs_name
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
    """counts[t][c]: answers whose best answer was categories[t], choice categories[c].

    Off the diagonal a cell holds two kinds of answer, kept apart as quiz.core.scoring defines
    them: accepted[t][c] accepted alternatives (credit, not the best answer, not a confusion) and
    the rest, the confusions (`wrong`). Renderers show a cell as "8+1": 8 wrong, 1 accepted.
    """

    categories: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    accepted: tuple[tuple[int, ...], ...] = ()  # empty: no accepted alternatives

    def index(self, category: str) -> int:
        return self.categories.index(category)

    def count(self, true: str, chosen: str) -> int:
        return self.counts[self.index(true)][self.index(chosen)]

    def accepted_at(self, row: int, column: int) -> int:
        return self.accepted[row][column] if self.accepted else 0

    def wrong_at(self, row: int, column: int) -> int:
        """The confusions in a cell: its answers less the accepted ones (0 on the diagonal)."""
        if row == column:
            return 0
        return self.counts[row][column] - self.accepted_at(row, column)

    def wrong(self, true: str, chosen: str) -> int:
        return self.wrong_at(self.index(true), self.index(chosen))

    def accepted_count(self, true: str, chosen: str) -> int:
        return self.accepted_at(self.index(true), self.index(chosen))

    @property
    def wrong_total(self) -> int:
        size = len(self.categories)
        return sum(self.wrong_at(r, c) for r in range(size) for c in range(size))

    @property
    def accepted_total(self) -> int:
        return sum(sum(row) for row in self.accepted)

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

    @property
    def largest_wrong(self) -> int:
        size = len(self.categories)
        return max((self.wrong_at(r, c) for r in range(size) for c in range(size)), default=0)


class Withheld(StrEnum):
    """Why a kind's d′ is not shown (the rules are quiz.reports.figures.d_prime_withheld's)."""

    NO_ITEMS = "no-items"  # no items of the kind
    NO_OTHER_ITEMS = "no-other-items"  # no items of any other kind
    NEVER_USED = "never-used"  # the label was never chosen
    ALWAYS_USED = "always-used"  # the label was chosen for every item
    FEW_ITEMS = "few-items"  # fewer items of the kind than the minimum
    FEW_OTHER_ITEMS = "few-other-items"  # fewer items of the other kinds than the minimum


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
    d_prime: float | None  # None where it would not mean anything: see d_prime_withheld
    d_prime_withheld: Withheld | None = None  # why d_prime is None; None when it is shown


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
    run: Run = Run.FULL  # full, unfinished or retry (quiz.core.history)
    selection: str = ""  # the filters the run was started with, in words; "" for the whole pack

    @property
    def label(self) -> str:
        """E.g. "practice", "check, unfinished", "practice, retry"."""
        return run_label(self.mode, self.run, self.selection)

    @property
    def counted(self) -> bool:
        """Whether the session's answers count in a history's totals (retry runs do not)."""
        return self.run != Run.RETRY


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
    """From the first full run to the latest one of the same mode and choice of items (the
    runs quiz.core.history compares)."""

    first_session: int
    last_session: int
    first_started_at: str
    percent: float | None  # change of the score, in percentage points
    balanced_accuracy: float | None  # change, as a fraction
    recall: tuple[RecallChange, ...]
    mode: str = ""
    selection: str = ""
    runs: int = 2  # full runs compared (the first, the latest and any between)

    @property
    def runs_name(self) -> str:
        """E.g. "full practice runs"."""
        return runs_name(self.mode, self.selection, self.runs)


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
    """Everything a score report shows; every renderer and the app render this one object.

    The figures cover the answers of the `counted` sessions: over a history, retry runs are
    listed with the sessions but left out of the totals (`left_out` says so); `answers` holds
    every answer, for per-answer exports.
    """

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
    left_out: str | None = None  # what the totals leave out and why, in words
    display_name: str | None = None  # the name to print (--name); None: `learner`
    group: str | None = None  # a class or group line (--group)

    @property
    def name(self) -> str:
        """The name the report is about: the display name when given, else the learner."""
        return self.display_name or self.learner

    @property
    def title(self) -> str:
        """E.g. "Score report: Ana Moreno"."""
        return f"Score report: {self.name or '(no name)'}"

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

"""The history figures: one row per past session (date, mode, score, accuracy per category) and
the per-category trend series the history screen and `quiz history` draw as sparklines.

Plain Python over stored records; the screen and the command only render a `History`.
Accuracy follows the reports' rule: the share of a kind's items answered with the best answer
(an accepted alternative earns credit in the score, and is counted apart, but is not a hit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.core.packs import LoadedPack
from quiz.core.records import SessionRecord
from quiz.core.scoring import CategoryTally, tally_by_category

# Sessions the history shows by default: enough for a trend, and reading them stays quick however
# long the learner's record grows.
HISTORY_LIMIT = 50


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One past session as the history lists it."""

    session_id: int
    pack_id: str
    mode: str
    started_at: dt.datetime  # aware, UTC
    finished: bool
    score: float  # sum of credit
    answered: int
    total: int  # items the session was started with
    categories: tuple[CategoryTally, ...]  # only kinds answered in this session

    @property
    def percent(self) -> int | None:
        """Score as a percentage of the answered items; None when nothing was answered."""
        return round(100 * self.score / self.answered) if self.answered else None

    def date(self, tz: dt.tzinfo | None = None) -> dt.date:
        """The day the session started, in `tz` (default: the computer's time zone)."""
        return self.started_at.astimezone(tz).date()

    def category(self, category_id: str) -> CategoryTally | None:
        for accuracy in self.categories:
            if accuracy.category == category_id:
                return accuracy
        return None


@dataclass(frozen=True, slots=True)
class History:
    """A learner's recent sessions, oldest first, and the series for the trend charts."""

    learner: str
    rows: tuple[SessionRow, ...]
    categories: tuple[str, ...]  # every kind answered in these rows, the pack's order first
    trends: dict[str, list[float]]  # per category: accuracy (0-1) per session that had the kind
    score_trend: list[float]  # score percent per session with answers


def session_row(session: SessionRecord, category_order: Sequence[str] = ()) -> SessionRow:
    """The figures of one session from its stored answers (the record must carry its answers)."""
    answers = session.answers
    triples = [(a.actual, a.chosen, a.verdict) for a in answers]
    kinds = _ordered(category_order, (a.actual for a in answers))
    tallies = tally_by_category(triples, kinds)
    return SessionRow(
        session_id=session.id,
        pack_id=session.pack_id,
        mode=session.mode,
        started_at=_parse(session.started_at),
        finished=session.finished,
        score=sum(a.credit for a in answers),
        answered=len(answers),
        total=len(session.item_ids),
        categories=tuple(t for t in tallies if t.total),
    )


def category_trends(
    rows: Sequence[SessionRow], categories: Sequence[str]
) -> dict[str, list[float]]:
    """Per category, its accuracy in each session (oldest first) that had items of that kind.

    Sessions without the kind are skipped rather than drawn as zero: not asked is not wrong.
    """
    trends: dict[str, list[float]] = {category: [] for category in categories}
    for row in rows:
        for accuracy in row.categories:
            if accuracy.accuracy is not None and accuracy.category in trends:
                trends[accuracy.category].append(accuracy.accuracy)
    return trends


def build_history(
    learner: str, sessions: Sequence[SessionRecord], category_order: Sequence[str] = ()
) -> History:
    """A History from sessions with their answers, in any order (sorted oldest first here)."""
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.id))
    rows = tuple(session_row(s, category_order) for s in ordered)
    categories = _ordered(category_order,
                          (accuracy.category for row in rows for accuracy in row.categories))
    return History(
        learner=learner,
        rows=rows,
        categories=tuple(categories),
        trends=category_trends(rows, categories),
        score_trend=[float(row.percent) for row in rows if row.percent is not None],
    )


def _ordered(preferred: Sequence[str], seen: Iterable[str]) -> list[str]:
    """`preferred` ids that occur in `seen`, then the others in first-seen order."""
    seen_ids = list(dict.fromkeys(seen))
    present = set(seen_ids)
    return [c for c in preferred if c in present] + [c for c in seen_ids if c not in preferred]


def _parse(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True, slots=True)
class Labels:
    """Category labels for the history, from the packs the sessions were played with."""

    by_id: dict[str, str]
    order: tuple[str, ...]

    def __call__(self, category: str) -> str:
        return self.by_id.get(category, category)


def labels_for(packs: list[LoadedPack]) -> Labels:
    """Category labels and order from `packs` (the first pack to name a category wins)."""
    by_id: dict[str, str] = {}
    for pack in packs:
        for category in pack.categories:
            by_id.setdefault(category.id, category.label)
    return Labels(by_id, tuple(by_id))

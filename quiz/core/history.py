"""The history figures: one row per past session (date and time, mode, what kind of run, score,
accuracy per kind), and the trend series the history screen and `quiz history` draw as sparklines.

Plain Python over stored records; the screen and the command only render a `History`.
Accuracy follows the reports' rule: the share of a kind's items answered with the best answer
(an accepted alternative earns credit in the score, and is counted apart, but is not a hit).

Trends compare like with like, and the rule lives here (`run_of`, `comparable`), for the history
and the reports alike:

- A *full run* answered every item it asked and was not a retry (`run_of`). Only full runs of the same mode
  and the same choice of items (the filters it was started with: kinds, difficulties, tags, a
  count) are compared: a trend, a sparkline, "since your first run".
- An *unfinished run* stopped before its last item (also one closed when the learner chose not
  to resume it): its answers are real, but it covers part of what a full run covers, so it is
  listed, labelled, counted in the totals, and never compared.
- A *retry run* asks only the items a run just missed, right after its answers were shown
  (the app's "Retry missed"); a retry is recorded with the mode of the run it retries, and is
  known by the item ids its stored options carry. Its score says how much of the feedback stuck
  a minute later, not what the reader spots: listed apart, never compared, and left out of a
  history's totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from quiz.core.packs import LoadedPack
from quiz.core.records import SessionRecord
from quiz.core.scoring import CategoryTally, tally_by_category

# Sessions the history shows by default: enough for a trend, and reading them stays quick however
# long the learner's record grows.
HISTORY_LIMIT = 50

# The stored options that choose which items a run asks (quiz.core.engine.QuizOptions fields).
SELECTION_OPTIONS = ("categories", "difficulties", "tags", "count")


class Run(StrEnum):
    """What kind of run a session was (see the module docstring)."""

    FULL = "full"
    UNFINISHED = "unfinished"
    RETRY = "retry"


def is_retry(options: Mapping[str, object]) -> bool:
    """A retry of missed items: its stored options name the items it asks."""
    return bool(options.get("item_ids"))


def run_of(session: SessionRecord, answered: int | None = None) -> Run:
    """The kind of run `session` was; `answered` defaults to the answers the record carries.

    Full means every item asked was answered. The store's end mark is not enough: a run the
    learner declined to resume is closed with some items unanswered, and a run cut off between
    its last answer and its end mark is still whole."""
    if is_retry(session.options):
        return Run.RETRY
    answered = len(session.answers) if answered is None else answered
    whole = bool(session.item_ids) and answered >= len(session.item_ids)
    return Run.FULL if whole else Run.UNFINISHED


def selection_of(options: Mapping[str, object]) -> str:
    """The filters a run was started with, in words ("" for every item of the pack): e.g.
    "kinds denial; at most 10 items"."""
    parts = []
    for name, words in (("categories", "kinds"), ("difficulties", "difficulty"),
                        ("tags", "tags")):
        value = options.get(name)
        if isinstance(value, (list, tuple)) and value:
            parts.append(f"{words} {', '.join(str(v) for v in value)}")
    count = options.get("count")
    if isinstance(count, int) and not isinstance(count, bool):
        parts.append(f"at most {count} item{'s' if count != 1 else ''}")
    return "; ".join(parts)


def comparable(mode: str, selection: str) -> tuple[str, str]:
    """The key under which full runs are compared with each other: mode and choice of items."""
    return mode, selection


def run_label(mode: str, run: Run | str, selection: str = "") -> str:
    """The mode column of a history: "practice", "check, unfinished", "practice, retry" (of
    the items a run missed), "practice (kinds denial)"."""
    label = mode or "unknown mode"
    if selection:
        label += f" ({selection})"
    if run == Run.UNFINISHED:
        label += ", unfinished"
    elif run == Run.RETRY:
        label += ", retry"
    return label


def runs_name(mode: str, selection: str, count: int = 2) -> str:
    """The runs a trend compares, as a noun phrase: "full practice runs", "full check runs
    (at most 10 items)"; singular for a `count` of 1."""
    name = f"full {mode or 'unknown-mode'} run{'s' if count != 1 else ''}"
    return f"{name} ({selection})" if selection else name


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
    run: Run = Run.FULL
    selection: str = ""  # the filters it was started with, in words; "" for the whole pack

    @property
    def percent(self) -> int | None:
        """Score as a percentage of the answered items; None when nothing was answered."""
        return round(100 * self.score / self.answered) if self.answered else None

    @property
    def label(self) -> str:
        """The mode with what kind of run it was, e.g. "practice, retry"."""
        return run_label(self.mode, self.run, self.selection)

    @property
    def key(self) -> tuple[str, str]:
        return comparable(self.mode, self.selection)

    def date(self, tz: dt.tzinfo | None = None) -> dt.date:
        """The day the session started, in `tz` (default: the computer's time zone)."""
        return self.started_at.astimezone(tz).date()

    def when(self, tz: dt.tzinfo | None = None) -> str:
        """Date and time of day it started, in `tz` (default: local): "2024-05-01 09:00"."""
        return self.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")

    def category(self, category_id: str) -> CategoryTally | None:
        for accuracy in self.categories:
            if accuracy.category == category_id:
                return accuracy
        return None


@dataclass(frozen=True, slots=True)
class TrendGroup:
    """The full runs of one mode and choice of items, oldest first, with their series."""

    mode: str
    selection: str
    session_ids: tuple[int, ...]
    trends: dict[str, list[float]]  # per category: accuracy (0-1) per run that had the kind
    score_trend: list[float]  # score percent per run

    @property
    def name(self) -> str:
        return runs_name(self.mode, self.selection, len(self.session_ids))


@dataclass(frozen=True, slots=True)
class History:
    """A learner's recent sessions, oldest first, and the series for the trend charts.

    `trends` and `score_trend` follow the full runs like the latest full run (its mode and
    choice of items, `trend_name` says which); `groups` holds every such set of full runs.
    Unfinished and retry runs are in `rows`, labelled, and in no trend.
    """

    learner: str
    rows: tuple[SessionRow, ...]
    categories: tuple[str, ...]  # every kind answered in these rows, the pack's order first
    trends: dict[str, list[float]]  # per category: accuracy (0-1) per compared run
    score_trend: list[float]  # score percent per compared run
    groups: tuple[TrendGroup, ...] = ()  # the latest group last
    trend_name: str = ""  # e.g. "full practice runs"; "" without any full run

    @property
    def apart(self) -> str | None:
        """The rows no trend includes, in words: "1 unfinished run and 2 retry runs are listed
        but not compared"; None when every row is a full run."""
        return apart_words(*self._apart_counts())

    @property
    def apart_note(self) -> str | None:
        """`apart` as a sentence with the reason for each, for under a history."""
        words = apart_words(*self._apart_counts(), why=True)
        return f"{words[:1].upper()}{words[1:]}." if words else None

    def _apart_counts(self) -> tuple[int, int]:
        return (sum(row.run == Run.UNFINISHED for row in self.rows),
                sum(row.run == Run.RETRY for row in self.rows))


def apart_words(unfinished: int, retries: int, *, why: bool = False) -> str | None:
    """E.g. "1 unfinished run and 2 retry runs are listed but not compared"; with `why`, and
    the reason for each ("...: an unfinished run covers part of a full one")."""
    parts = []
    if unfinished:
        parts.append(f"{unfinished} unfinished run{'s' if unfinished != 1 else ''}")
    if retries:
        parts.append(f"{retries} retry run{'s' if retries != 1 else ''}")
    if not parts:
        return None
    verb = "is" if unfinished + retries == 1 else "are"
    words = f"{' and '.join(parts)} {verb} listed but not compared"
    if not why:
        return words
    reasons = []
    if unfinished:
        reasons.append("an unfinished run covers part of what a full run covers")
    if retries:
        reasons.append("a retry asks only the items a run missed, right after seeing its "
                       "answers")
    return f"{words}: {'; '.join(reasons)}"


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
        run=run_of(session),
        selection=selection_of(session.options),
    )


def category_trends(
    rows: Sequence[SessionRow], categories: Sequence[str]
) -> dict[str, list[float]]:
    """Per category, its accuracy in each of `rows` (oldest first) that had items of that kind.

    Sessions without the kind are skipped rather than drawn as zero: not asked is not wrong.
    The caller chooses comparable rows (`trend_groups`).
    """
    trends: dict[str, list[float]] = {category: [] for category in categories}
    for row in rows:
        for accuracy in row.categories:
            if accuracy.accuracy is not None and accuracy.category in trends:
                trends[accuracy.category].append(accuracy.accuracy)
    return trends


def trend_groups(rows: Sequence[SessionRow], categories: Sequence[str]) -> tuple[TrendGroup, ...]:
    """The full runs with answers grouped by mode and choice of items, each oldest first; the
    groups ordered by their latest run, so the group of the latest full run comes last."""
    grouped: dict[tuple[str, str], list[SessionRow]] = {}
    for row in rows:
        if row.run == Run.FULL and row.answered:
            grouped.setdefault(row.key, []).append(row)
    groups = [
        TrendGroup(
            mode=mode, selection=selection,
            session_ids=tuple(r.session_id for r in members),
            trends=category_trends(members, categories),
            score_trend=[float(r.percent) for r in members if r.percent is not None],
        )
        for (mode, selection), members in grouped.items()
    ]
    position = {row.session_id: n for n, row in enumerate(rows)}
    return tuple(sorted(groups, key=lambda group: position[group.session_ids[-1]]))


def build_history(
    learner: str, sessions: Sequence[SessionRecord], category_order: Sequence[str] = ()
) -> History:
    """A History from sessions with their answers, in any order (sorted oldest first here)."""
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.id))
    rows = tuple(session_row(s, category_order) for s in ordered)
    categories = _ordered(category_order,
                          (accuracy.category for row in rows for accuracy in row.categories))
    groups = trend_groups(rows, categories)
    latest = groups[-1] if groups else None
    return History(
        learner=learner,
        rows=rows,
        categories=tuple(categories),
        trends=latest.trends if latest else {category: [] for category in categories},
        score_trend=latest.score_trend if latest else [],
        groups=groups,
        trend_name=latest.name if latest else "",
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

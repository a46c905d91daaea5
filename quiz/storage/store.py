"""The learner's progress: learners, sessions, every answer and study cards, read and written
through one Store (the file itself is quiz.storage.database's).

Every write is one transaction, committed before the call returns: a crash afterwards cannot
lose it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from quiz.core.clock import timestamp
from quiz.core.engine import Feedback, QuizOptions
from quiz.core.names import clean_learner_name
from quiz.core.packs import Item, LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.storage import claims
from quiz.storage.database import MEMORY, Database, StoreError
from quiz.storage.resume import ResumePlan, plan_resume
from quiz.storage.rows import RowError, answer_from_row, options_json, session_from_row

T = TypeVar("T")

# Sessions looked at when searching for one to resume: older interrupted runs are not offered.
RESUME_LOOKBACK = 20


@dataclass(frozen=True, slots=True)
class Learner:
    id: int
    name: str
    created_at: str


@dataclass(frozen=True, slots=True)
class StudyCard:
    """One learner's scheduling state for one version of one item (`card` is fsrs Card JSON)."""

    learner: str
    pack_id: str
    item_id: str
    item_hash: str
    card: str
    due: str  # ISO 8601, UTC


# Given the item's previous card JSON (None for a first answer), the feedback and the moment it
# was answered: the new card JSON and when it is next due. quiz.core.schedule.next_card is one.
Review = Callable[[str | None, Feedback, dt.datetime], tuple[str, dt.datetime]]


class Store(Database):
    """The progress store: `Store(path)` or `Store(":memory:")`; `Store.open(data_dir)`.

    After opening, `notice` holds a message for the reader when a damaged file was moved aside
    (`moved_aside` is where it went); None otherwise. Raises StoreError when the file or its
    folder cannot be used, naming the path and the override.
    """

    # -- learners ---------------------------------------------------------------------------

    def learners(self) -> list[Learner]:
        """Every learner, by name (case-insensitively)."""
        with self._db() as db:
            rows = db.execute("SELECT id, name, created_at FROM learners").fetchall()
        return sorted((Learner(*row) for row in rows), key=lambda l: (l.name.casefold(), l.name))

    def find_learner(self, name: str) -> Learner | None:
        """The learner with this name, or None (ValueError for a name that could never exist)."""
        name = clean_learner_name(name)
        with self._db() as db:
            row = db.execute(
                "SELECT id, name, created_at FROM learners WHERE name = ?", (name,)).fetchone()
        return Learner(*row) if row else None

    def learner(self, name: str) -> Learner:
        """The learner with this name, created if new (ValueError for an unusable name)."""
        found = self.find_learner(name)
        if found is not None:
            return found
        name = clean_learner_name(name)
        with self._write() as db:
            db.execute("INSERT OR IGNORE INTO learners (name, created_at) VALUES (?, ?)",
                       (name, timestamp(self.clock())))
            row = db.execute(
                "SELECT id, name, created_at FROM learners WHERE name = ?", (name,)).fetchone()
        return Learner(*row)

    def _learner_id(self, name: str) -> int | None:
        found = self.find_learner(name)
        return found.id if found else None

    def session_counts(self) -> dict[str, int]:
        """How many sessions each learner has (every learner, 0 for none)."""
        with self._db() as db:
            rows = db.execute(
                "SELECT learners.name, COUNT(sessions.id) FROM learners"
                " LEFT JOIN sessions ON sessions.learner = learners.id"
                " GROUP BY learners.id").fetchall()
        return {name: count for name, count in rows}

    def rename_learner(self, old: str, new: str) -> Learner:
        """Give a learner a new name, their history with it. ValueError (said for the reader)
        when there is no `old`, `new` cannot be a name, or another learner has it already."""
        found = self.find_learner(old)
        if found is None:
            raise ValueError(f"there is no learner called {old!r}")
        new = clean_learner_name(new)
        if new == found.name:
            return found
        with self._write() as db:
            if db.execute("SELECT 1 FROM learners WHERE name = ?", (new,)).fetchone():
                raise ValueError(f"{new!r} is already a learner here; pick another name")
            db.execute("UPDATE learners SET name = ? WHERE id = ?", (new, found.id))
        return Learner(found.id, new, found.created_at)

    def remove_learner(self, name: str) -> int:
        """Remove a learner with all their sessions, answers and study cards; the number of
        sessions removed. ValueError when there is no such learner, or when one of their runs is
        being played in another window (removing it would pull the answers from under it)."""
        found = self.find_learner(name)
        if found is None:
            raise ValueError(f"there is no learner called {name!r}")
        now = self.clock()
        with self._write() as db:
            sessions = db.execute(
                "SELECT id, claimed_by, claimed_until FROM sessions WHERE learner = ?",
                (found.id,)).fetchall()
            if any(claimed_by != claims.holder() and claims.is_live(claimed_by, until, now)
                   for _id, claimed_by, until in sessions):
                raise ValueError(f"{found.name} has a quiz open in another window; "
                                 "close it first")
            ids = [(session_id,) for session_id, _by, _until in sessions]
            db.executemany("DELETE FROM answers WHERE session = ?", ids)
            db.executemany("DELETE FROM sessions WHERE id = ?", ids)
            db.execute("DELETE FROM study_cards WHERE learner = ?", (found.id,))
            db.execute("DELETE FROM learners WHERE id = ?", (found.id,))
        return len(sessions)

    # -- sessions and answers ---------------------------------------------------------------

    def start_session(
        self,
        learner: str,
        pack: LoadedPack,
        item_ids: Sequence[str],
        *,
        mode: str,
        options: QuizOptions | None = None,
        extra: Mapping[str, object] | None = None,
    ) -> SessionRecord:
        """Record a new session (the learner is created if new); committed before returning.

        `mode` is "practice", "check" or "study"; `item_ids` in the order they will be asked;
        `extra` holds settings beyond QuizOptions (e.g. {"confidence": True}), kept as JSON.
        """
        person = self.learner(learner)
        stored_options = options_json(options or QuizOptions(), extra)
        now = self.clock()
        started = timestamp(now)
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (learner, pack_id, pack_version, pack_path, mode, "
                "item_ids, options, started_at, claimed_by, claimed_until) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (person.id, pack.pack.id, pack.pack.version, pack.path, str(mode),
                 json.dumps(list(item_ids)), json.dumps(stored_options), started,
                 claims.holder(), timestamp(claims.expiry(now))),
            )
            session_id = cursor.lastrowid
        assert session_id is not None
        return SessionRecord(
            id=session_id, learner=person.name, pack_id=pack.pack.id,
            pack_version=pack.pack.version, pack_path=pack.path, mode=str(mode),
            item_ids=tuple(item_ids), started_at=started, finished_at=None,
            options=stored_options,
        )

    def record_answer(
        self,
        session_id: int,
        item: Item,
        feedback: Feedback,
        *,
        review: Review | None = None,
    ) -> AnswerRecord:
        """Save one answer, committed before returning (a crash afterwards cannot lose it).

        With `review` (e.g. quiz.core.schedule.next_card), the item's study card is updated in
        the same transaction, so the answer and the schedule never disagree. The run must be this
        process's to play (see claim): StoreError names the run otherwise, and when the item was
        already answered in it.
        """
        answered_at = self.clock()
        fingerprint = item_hash(item)
        with self._write() as db:
            session = db.execute(
                "SELECT s.learner, l.name, s.pack_id, s.claimed_by, s.claimed_until "
                "FROM sessions s JOIN learners l ON l.id = s.learner WHERE s.id = ?",
                (session_id,)).fetchone()
            if session is None:
                raise StoreError(f"no session {session_id} in {self.path or MEMORY}")
            learner_id, learner_name, pack_id, claimed_by, claimed_until = session
            if claimed_by != claims.holder() and claims.is_live(claimed_by, claimed_until,
                                                                 answered_at):
                raise StoreError(f"session {session_id} is being played in another window; "
                                 "this answer was not saved")
            record = AnswerRecord.of_feedback(feedback, item, session_id=session_id,
                                              learner=learner_name, pack_id=pack_id,
                                              answered_at=timestamp(answered_at))
            try:
                db.execute(
                    "INSERT INTO answers (session, item_id, item_hash, actual, also_accept, "
                    "chosen, verdict, credit, seconds, hints, confidence, answered_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (session_id, record.item_id, record.item_hash, record.actual,
                     json.dumps(list(record.also_accept)), record.chosen, str(record.verdict),
                     record.credit, record.seconds, record.hints, record.confidence,
                     record.answered_at),
                )
            except sqlite3.IntegrityError:
                raise StoreError(f"item {item.id!r} is already answered in session {session_id} "
                                 "(played in another window?); this answer was not saved"
                                 ) from None
            db.execute("UPDATE sessions SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                       (claims.holder(), timestamp(claims.expiry(answered_at)), session_id))
            if review is not None:
                key = (learner_id, pack_id, item.id, fingerprint)
                row = db.execute(
                    "SELECT card FROM study_cards WHERE learner = ? AND pack_id = ? "
                    "AND item_id = ? AND item_hash = ?", key).fetchone()
                card, due = review(row[0] if row else None, feedback, answered_at)
                db.execute(
                    "INSERT OR REPLACE INTO study_cards "
                    "(learner, pack_id, item_id, item_hash, card, due) VALUES (?, ?, ?, ?, ?, ?)",
                    (*key, card, timestamp(due)),
                )
        return record

    def finish_session(self, session_id: int) -> None:
        """Mark the session finished: it is no longer offered for resuming (nor claimed)."""
        with self._write() as db:
            db.execute("UPDATE sessions SET finished_at = ?, claimed_by = NULL, "
                       "claimed_until = NULL WHERE id = ? AND finished_at IS NULL",
                       (timestamp(self.clock()), session_id))

    def claim(self, session_id: int) -> bool:
        """Make an unfinished run this process's to play (to continue it); False when another
        running copy plays it. A claim ends with finish_session, release or the process."""
        now = self.clock()
        with self._write() as db:
            row = db.execute("SELECT claimed_by, claimed_until, finished_at FROM sessions "
                             "WHERE id = ?", (session_id,)).fetchone()
            if row is None or row[2] is not None:
                return False
            if row[0] != claims.holder() and claims.is_live(row[0], row[1], now):
                return False
            db.execute("UPDATE sessions SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                       (claims.holder(), timestamp(claims.expiry(now)), session_id))
        return True

    def release(self, session_id: int) -> None:
        """Give up this process's claim on a run it stops playing (it can be continued now)."""
        with self._write() as db:
            db.execute("UPDATE sessions SET claimed_by = NULL, claimed_until = NULL "
                       "WHERE id = ? AND claimed_by = ?", (session_id, claims.holder()))

    _SESSION_COLUMNS = ("s.id, l.name, s.pack_id, s.pack_version, s.pack_path, s.mode, "
                        "s.item_ids, s.started_at, s.finished_at, s.options")
    _ANSWER_COLUMNS = ("a.session, l.name, s.pack_id, a.item_id, a.item_hash, a.actual, "
                       "a.also_accept, a.chosen, a.verdict, a.credit, a.seconds, a.hints, "
                       "a.confidence, a.answered_at, a.id")

    def _parsed(self, rows: Sequence[Sequence], mapper: Callable[[Sequence], T]) -> list[T]:
        """The rows that parse; each one that does not is said in `damaged` and skipped."""
        parsed = []
        for row in rows:
            try:
                parsed.append(mapper(row))
            except RowError as error:
                if str(error) not in self.damaged:
                    self.damaged.append(str(error))
        return parsed

    def session(self, session_id: int) -> SessionRecord | None:
        """One session with its answers, or None."""
        with self._db() as db:
            row = db.execute(
                f"SELECT {self._SESSION_COLUMNS} FROM sessions s "
                "JOIN learners l ON l.id = s.learner WHERE s.id = ?", (session_id,)).fetchone()
        found = self._parsed([row] if row is not None else [], session_from_row)
        if not found:
            return None
        return dataclasses.replace(found[0], answers=tuple(self.answers(session_id)))

    def sessions(
        self,
        learner: str,
        *,
        pack_id: str | None = None,
        limit: int | None = None,
        with_answers: bool = False,
    ) -> list[SessionRecord]:
        """The learner's sessions, oldest first; with `limit`, only the most recent ones.

        Reads only this learner's rows (indexed), so a crowded store stays quick.
        """
        learner_id = self._learner_id(learner)
        if learner_id is None:
            return []
        where, params = "s.learner = ?", [learner_id]
        if pack_id is not None:
            where += " AND s.pack_id = ?"
            params.append(pack_id)
        limit_sql = " LIMIT ?" if limit is not None else ""
        if limit is not None:
            params.append(max(limit, 0))
        with self._db() as db:
            rows = db.execute(
                f"SELECT {self._SESSION_COLUMNS} FROM sessions s "
                f"JOIN learners l ON l.id = s.learner WHERE {where} "
                f"ORDER BY s.started_at DESC, s.id DESC{limit_sql}", params).fetchall()
            records = self._parsed(list(reversed(rows)), session_from_row)
            if not with_answers or not records:
                return records
            by_session: dict[int, list[AnswerRecord]] = {r.id: [] for r in records}
            marks = ", ".join("?" * len(by_session))
            answer_rows = db.execute(
                f"SELECT {self._ANSWER_COLUMNS} FROM answers a "
                "JOIN sessions s ON s.id = a.session JOIN learners l ON l.id = s.learner "
                f"WHERE a.session IN ({marks}) ORDER BY a.id", list(by_session)).fetchall()
            for answer in self._parsed(answer_rows, answer_from_row):
                by_session[answer.session_id].append(answer)
        return [dataclasses.replace(r, answers=tuple(by_session[r.id])) for r in records]

    def answers(self, session_id: int) -> list[AnswerRecord]:
        """The session's answers in the order given."""
        with self._db() as db:
            rows = db.execute(
                f"SELECT {self._ANSWER_COLUMNS} FROM answers a "
                "JOIN sessions s ON s.id = a.session JOIN learners l ON l.id = s.learner "
                "WHERE a.session = ? ORDER BY a.id", (session_id,)).fetchall()
        return self._parsed(rows, answer_from_row)

    def answers_for(self, learner: str, *, pack_id: str | None = None) -> list[AnswerRecord]:
        """Every answer the learner gave (optionally in one pack), in the order given."""
        learner_id = self._learner_id(learner)
        if learner_id is None:
            return []
        where, params = "s.learner = ?", [learner_id]
        if pack_id is not None:
            where += " AND s.pack_id = ?"
            params.append(pack_id)
        with self._db() as db:
            rows = db.execute(
                f"SELECT {self._ANSWER_COLUMNS} FROM sessions s "
                "JOIN answers a ON a.session = s.id JOIN learners l ON l.id = s.learner "
                f"WHERE {where} ORDER BY a.id", params).fetchall()
        return self._parsed(rows, answer_from_row)

    def unfinished_session(
        self, learner: str, pack_id: str, mode: str | None = None
    ) -> SessionRecord | None:
        """The most recent unfinished session (of `mode`, if given) with some but not all of its
        items answered, that no other running copy of the app is playing."""
        learner_id = self._learner_id(learner)
        if learner_id is None:
            return None
        mode_sql, mode_args = ("AND s.mode = ? ", [str(mode)]) if mode is not None else ("", [])
        with self._db() as db:
            rows = db.execute(
                f"SELECT {self._SESSION_COLUMNS}, "
                "(SELECT COUNT(DISTINCT a.item_id) FROM answers a WHERE a.session = s.id), "
                "s.claimed_by, s.claimed_until "
                "FROM sessions s JOIN learners l ON l.id = s.learner "
                f"WHERE s.learner = ? AND s.pack_id = ? AND s.finished_at IS NULL {mode_sql}"
                "ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
                (learner_id, pack_id, *mode_args, RESUME_LOOKBACK)).fetchall()
        now = self.clock()
        for row in rows:
            claimed_by, claimed_until = row[-2:]
            if claimed_by != claims.holder() and claims.is_live(claimed_by, claimed_until, now):
                continue  # being played in another window: not offered as "continue"
            parsed = self._parsed([row[:-3]], session_from_row)
            if not parsed:
                continue
            record, answered = parsed[0], row[-3]
            if 0 < answered < len(set(record.item_ids)):
                return dataclasses.replace(record, answers=tuple(self.answers(record.id)))
        return None

    def resume_offer(
        self, learner: str, pack: LoadedPack, mode: str | None = None
    ) -> ResumePlan | None:
        """What "Continue where you left off, 7 / 20?" would continue (a session of `mode`, if
        given: a study run offers only study sessions), or None."""
        session = self.unfinished_session(learner, pack.pack.id, mode)
        return plan_resume(session, pack) if session is not None else None

    # -- study cards ------------------------------------------------------------------------

    def study_cards(self, learner: str, pack_id: str) -> list[StudyCard]:
        """The learner's cards for every item version of the pack ever answered with scheduling."""
        learner_id = self._learner_id(learner)
        if learner_id is None:
            return []
        with self._db() as db:
            rows = db.execute(
                "SELECT l.name, c.pack_id, c.item_id, c.item_hash, c.card, c.due "
                "FROM study_cards c JOIN learners l ON l.id = c.learner "
                "WHERE c.learner = ? AND c.pack_id = ? ORDER BY c.due",
                (learner_id, pack_id)).fetchall()
        return [StudyCard(*row) for row in rows]

    def save_study_card(self, card: StudyCard) -> None:
        """Insert or replace one card (answers normally update cards through record_answer)."""
        learner_id = self.learner(card.learner).id
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO study_cards "
                "(learner, pack_id, item_id, item_hash, card, due) VALUES (?, ?, ?, ?, ?, ?)",
                (learner_id, card.pack_id, card.item_id, card.item_hash, card.card, card.due),
            )

"""The learner's progress on disk: learners, sessions, every answer and study cards, in SQLite.

Owns the schema and its forward migrations, opening (damaged files are moved aside, never
overwritten) and working out what an interrupted session can resume with.

Threads: sqlite3 connections must not cross threads, so a Store opens one connection per thread,
the first time that thread uses it (a Textual worker and the UI thread can share one Store). An
in-memory store cannot be reopened, so it keeps a single connection behind a lock instead.
Processes: WAL mode and a busy timeout let two programs write to one file at the same time;
every write takes the write lock up front (BEGIN IMMEDIATE), so waiting replaces failing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from quiz import locations
from quiz.core.clock import UtcClock, timestamp, utc_now
from quiz.core.engine import Clock, Feedback, Mode, Order, QuizOptions, QuizSession, Summary
from quiz.core.names import clean_learner_name
from quiz.core.packs import Item, LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.core.scoring import Verdict

DB_FILENAME = "quiz.sqlite3"
MEMORY = ":memory:"
BUSY_TIMEOUT_SECONDS = 15.0
OVERRIDE_HINT = "choose another folder with --data-dir DIR or the QUIZ_DATA_DIR variable"
# Sessions looked at when searching for one to resume: older interrupted runs are not offered.
RESUME_LOOKBACK = 20


# Each step takes the schema from version N to N+1 (PRAGMA user_version counts the steps done).
# Never edit a released step: add a new one. tests/test_store.py keeps the v1 DDL by hand.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # v1: learners, sessions and answers.
    (
        """CREATE TABLE learners (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            learner INTEGER NOT NULL REFERENCES learners(id),
            pack_id TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            pack_path TEXT NOT NULL,
            mode TEXT NOT NULL,
            item_ids TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT
        )""",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session INTEGER NOT NULL REFERENCES sessions(id),
            item_id TEXT NOT NULL,
            item_hash TEXT NOT NULL,
            actual TEXT NOT NULL,
            also_accept TEXT NOT NULL,
            chosen TEXT NOT NULL,
            verdict TEXT NOT NULL,
            credit REAL NOT NULL,
            seconds REAL NOT NULL,
            hints INTEGER NOT NULL,
            confidence INTEGER,
            answered_at TEXT NOT NULL
        )""",
        "CREATE INDEX sessions_by_learner ON sessions(learner, started_at)",
        "CREATE INDEX answers_by_session ON answers(session)",
    ),
    # v2: the options a session was started with (needed to resume it as it was), and an index
    # for the resume offer, which looks for one learner's unfinished sessions of one pack.
    (
        "ALTER TABLE sessions ADD COLUMN options TEXT NOT NULL DEFAULT '{}'",
        "CREATE INDEX sessions_by_learner_pack ON sessions(learner, pack_id, finished_at)",
    ),
    # v3: spaced-repetition cards, one per learner and item version (an edited item starts fresh).
    (
        """CREATE TABLE study_cards (
            learner INTEGER NOT NULL REFERENCES learners(id),
            pack_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            item_hash TEXT NOT NULL,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            PRIMARY KEY (learner, pack_id, item_id, item_hash)
        )""",
        "CREATE INDEX study_cards_due ON study_cards(learner, pack_id, due)",
    ),
    # v4: workshops (quiz.workshop.model owns these tables): a room or many participants going through
    # a pack together. Answers and tallies are appended, `latest` marking the one that counts, so
    # changed answers stay on record. `revision` and workshop_events count every change, so a
    # dashboard in another process reads only what is new.
    (
        """CREATE TABLE workshops (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            facilitator TEXT NOT NULL,
            pack_id TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            pack_path TEXT NOT NULL,
            audience TEXT NOT NULL,
            pace TEXT NOT NULL,
            max_participants INTEGER NOT NULL,
            room_size INTEGER,
            options TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            reached INTEGER NOT NULL DEFAULT 0,
            revision INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            ended_early INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE workshop_steps (
            workshop INTEGER NOT NULL REFERENCES workshops(id),
            position INTEGER NOT NULL,
            phase TEXT NOT NULL,
            item_id TEXT NOT NULL,
            item_hash TEXT NOT NULL,
            actual TEXT NOT NULL,
            also_accept TEXT NOT NULL,
            opened_at TEXT,
            revealed_at TEXT,
            PRIMARY KEY (workshop, position)
        )""",
        """CREATE TABLE workshop_participants (
            id INTEGER PRIMARY KEY,
            workshop INTEGER NOT NULL REFERENCES workshops(id),
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            joined_at TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            revealed INTEGER NOT NULL DEFAULT 0,
            shown_at TEXT,
            UNIQUE (workshop, name_key)
        )""",
        """CREATE TABLE workshop_answers (
            id INTEGER PRIMARY KEY,
            workshop INTEGER NOT NULL REFERENCES workshops(id),
            participant INTEGER NOT NULL REFERENCES workshop_participants(id),
            position INTEGER NOT NULL,
            item_id TEXT NOT NULL,
            item_hash TEXT NOT NULL,
            actual TEXT NOT NULL,
            also_accept TEXT NOT NULL,
            chosen TEXT NOT NULL,
            verdict TEXT NOT NULL,
            credit REAL NOT NULL,
            seconds REAL NOT NULL,
            answered_at TEXT NOT NULL,
            latest INTEGER NOT NULL
        )""",
        "CREATE INDEX workshop_answers_latest ON workshop_answers(workshop, latest, position)",
        "CREATE INDEX workshop_answers_by_participant ON workshop_answers(participant, position)",
        """CREATE TABLE workshop_tallies (
            id INTEGER PRIMARY KEY,
            workshop INTEGER NOT NULL REFERENCES workshops(id),
            position INTEGER NOT NULL,
            item_id TEXT NOT NULL,
            item_hash TEXT NOT NULL,
            counts TEXT,
            recorded_at TEXT NOT NULL,
            latest INTEGER NOT NULL
        )""",
        "CREATE INDEX workshop_tallies_latest ON workshop_tallies(workshop, latest, position)",
        """CREATE TABLE workshop_events (
            workshop INTEGER NOT NULL REFERENCES workshops(id),
            revision INTEGER NOT NULL,
            kind TEXT NOT NULL,
            position INTEGER,
            participant INTEGER,
            at TEXT NOT NULL,
            PRIMARY KEY (workshop, revision)
        ) WITHOUT ROWID""",
        "CREATE INDEX workshops_by_creation ON workshops(created_at)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
_OUR_TABLES = {"learners", "sessions", "answers", "study_cards", "workshops", "workshop_steps",
               "workshop_participants", "workshop_answers", "workshop_tallies", "workshop_events"}


class StoreError(Exception):
    """The progress file cannot be used; the message names the path and what to do."""


class _Damaged(Exception):
    """The file is not a usable quiz database (reason in the message)."""


def store_path(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The database file: in --data-dir, else $QUIZ_DATA_DIR, else the platform's data folder."""
    return locations.data_dir(data_dir) / DB_FILENAME


def options_json(options: QuizOptions, extra: Mapping[str, object] | None = None) -> dict:
    """QuizOptions (and extra settings such as the confidence question) as a JSON object."""
    encoded = {key: list(value) if isinstance(value, tuple) else value
               for key, value in dataclasses.asdict(options).items()}
    encoded["mode"], encoded["order"] = str(options.mode), str(options.order)
    return {**(extra or {}), **encoded}


def session_options(session: SessionRecord) -> QuizOptions:
    """The QuizOptions a session was started with (defaults for anything not stored)."""
    stored = session.options
    defaults = QuizOptions()
    values = {}
    for option in dataclasses.fields(QuizOptions):
        if option.name not in stored:
            continue
        value = stored[option.name]
        default = getattr(defaults, option.name)
        values[option.name] = tuple(value) if isinstance(default, tuple) else value
    try:
        values["mode"] = Mode(values.get("mode", defaults.mode))
    except ValueError:
        values["mode"] = defaults.mode
    try:
        values["order"] = Order(values.get("order", defaults.order))
    except ValueError:
        values["order"] = defaults.order
    return QuizOptions(**values)


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


class Store:
    """One progress database. `Store(path)` or `Store(":memory:")`; `Store.open(data_dir)`.

    After opening, `notice` holds a message for the reader when a damaged file was moved aside
    (`moved_aside` is where it went); None otherwise. Raises StoreError when the file or its
    folder cannot be used, naming the path and the override.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, clock: UtcClock = utc_now, check: bool = True
    ) -> None:
        self.clock = clock
        self._closed = False
        self.notice: str | None = None
        self.moved_aside: Path | None = None
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._shared: sqlite3.Connection | None = None
        self._shared_lock = threading.RLock()
        if str(path) == MEMORY:
            self.path: Path | None = None
            self._shared = self._connect(MEMORY)
            self._migrate(self._shared)
            return
        self.path = Path(path)
        self._prepare_folder()
        try:
            self._open_checked(check)
        except _Damaged as damage:
            self._move_aside(str(damage))
            self._open_checked(check=False)

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        clock: UtcClock = utc_now,
        check: bool = True,
    ) -> Store:
        """The store in the data folder (--data-dir, then $QUIZ_DATA_DIR, then the default)."""
        return cls(store_path(data_dir), clock=clock, check=check)

    # -- opening ----------------------------------------------------------------------------

    def _prepare_folder(self) -> None:
        assert self.path is not None
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the data folder {folder}: "
                             f"{error.strerror or error}; {OVERRIDE_HINT}") from None
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(f"the data folder {folder} is read-only; {OVERRIDE_HINT}")

    def _connect(self, target: str) -> sqlite3.Connection:
        # check_same_thread is off because close() may run on another thread; use stays per
        # thread (see the module docstring). Autocommit: transactions are explicit.
        connection = sqlite3.connect(
            target, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA foreign_keys = ON")
        with self._connections_lock:
            self._connections.append(connection)
        return connection

    def _open_checked(self, check: bool) -> None:
        """Open, check and migrate the file; _Damaged when it is not a usable quiz database."""
        assert self.path is not None
        try:
            connection = self._connect(str(self.path))
        except sqlite3.Error as error:
            raise StoreError(f"cannot open {self.path}: {error}; {OVERRIDE_HINT}") from None
        try:
            if check:
                problems = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
                if problems != ["ok"]:
                    raise _Damaged(f"it failed SQLite's integrity check: {_first_line(problems)}")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version == 0 and tables - _OUR_TABLES:
                raise _Damaged(f"it holds other tables ({', '.join(sorted(tables))}), "
                               "not a quiz progress file")
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer version of quiz (schema {version}; "
                    f"this one knows up to {SCHEMA_VERSION}): upgrade quiz, or {OVERRIDE_HINT}")
            _use_wal(connection)
            self._migrate(connection)
        except sqlite3.DatabaseError as error:
            self._forget(connection)
            if _is_damage(error):
                raise _Damaged(f"SQLite says: {error}") from None
            raise StoreError(f"cannot use {self.path}: {error}; {OVERRIDE_HINT}") from None
        except BaseException:
            self._forget(connection)
            raise
        self._local.connection = connection

    def _forget(self, connection: sqlite3.Connection) -> None:
        connection.close()
        with self._connections_lock:
            if connection in self._connections:
                self._connections.remove(connection)

    def _move_aside(self, reason: str) -> None:
        """Rename the damaged file (and its WAL companions) so nothing in it is overwritten."""
        assert self.path is not None
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        suffix = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{suffix}")
            suffix += 1
        try:
            self.path.rename(target)
            for companion in ("-wal", "-shm"):
                extra = Path(f"{self.path}{companion}")
                if extra.exists():
                    extra.rename(Path(f"{target}{companion}"))
        except OSError as error:
            raise StoreError(f"{self.path} is damaged ({reason}) and could not be moved aside: "
                             f"{error.strerror or error}; {OVERRIDE_HINT}") from None
        self.moved_aside = target
        self.notice = (f"The progress file {self.path} was damaged ({reason}). It was moved to "
                       f"{target} and a new, empty one was started.")

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return
        with _transaction(connection):
            # Another process may have migrated while we waited for the write lock.
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for step in MIGRATIONS[version:]:
                for statement in step:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (opened on first use), or the shared in-memory one."""
        if self._closed:
            raise StoreError(f"the store {self.path or MEMORY} was closed")
        if self._shared is not None:
            with self._shared_lock:
                try:
                    yield self._shared
                except sqlite3.Error as error:
                    raise StoreError(f"cannot use the in-memory store: {error}") from error
            return
        connection = getattr(self._local, "connection", None)
        if connection is None:
            try:
                connection = self._connect(str(self.path))
            except sqlite3.Error as error:
                raise StoreError(f"cannot open {self.path}: {error}; {OVERRIDE_HINT}") from None
            self._local.connection = connection
        try:
            yield connection
        except sqlite3.Error as error:
            raise StoreError(f"cannot use {self.path}: {error}") from error

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._db() as connection, _transaction(connection):
            yield connection

    def close(self) -> None:
        """Close every connection this store opened (on any thread); it cannot be used after."""
        self._closed = True
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        self._local = threading.local()
        self._shared = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def schema_version(self) -> int:
        with self._db() as db:
            return db.execute("PRAGMA user_version").fetchone()[0]

    # -- for modules that own tables of their own (quiz.workshop.model) ---------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on this thread's connection (BEGIN IMMEDIATE), committed on exit."""
        with self._write() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, for reads (each statement sees the latest commit)."""
        with self._db() as connection:
            yield connection

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
        started = timestamp(self.clock())
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (learner, pack_id, pack_version, pack_path, mode, "
                "item_ids, options, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (person.id, pack.pack.id, pack.pack.version, pack.path, str(mode),
                 json.dumps(list(item_ids)), json.dumps(stored_options), started),
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

        With `review` (e.g. quiz.core.schedule.next_card), the item's study card is updated in the same
        transaction, so the answer and the schedule never disagree.
        """
        answered_at = self.clock()
        fingerprint = item_hash(item)
        with self._write() as db:
            session = db.execute(
                "SELECT s.learner, l.name, s.pack_id FROM sessions s "
                "JOIN learners l ON l.id = s.learner WHERE s.id = ?", (session_id,)).fetchone()
            if session is None:
                raise StoreError(f"no session {session_id} in {self.path or MEMORY}")
            learner_id, learner_name, pack_id = session
            record = AnswerRecord(
                session_id=session_id, learner=learner_name, pack_id=pack_id,
                item_id=item.id, item_hash=fingerprint, actual=item.answer,
                also_accept=tuple(feedback.accepted), chosen=feedback.choice,
                verdict=feedback.verdict, credit=feedback.credit, seconds=feedback.seconds,
                hints=feedback.hints, confidence=feedback.confidence,
                answered_at=timestamp(answered_at),
            )
            db.execute(
                "INSERT INTO answers (session, item_id, item_hash, actual, also_accept, chosen, "
                "verdict, credit, seconds, hints, confidence, answered_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, record.item_id, record.item_hash, record.actual,
                 json.dumps(list(record.also_accept)), record.chosen, str(record.verdict),
                 record.credit, record.seconds, record.hints, record.confidence,
                 record.answered_at),
            )
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
        """Mark the session finished: it is no longer offered for resuming."""
        with self._write() as db:
            db.execute("UPDATE sessions SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
                       (timestamp(self.clock()), session_id))

    _SESSION_COLUMNS = ("s.id, l.name, s.pack_id, s.pack_version, s.pack_path, s.mode, "
                        "s.item_ids, s.started_at, s.finished_at, s.options")
    _ANSWER_COLUMNS = ("a.session, l.name, s.pack_id, a.item_id, a.item_hash, a.actual, "
                       "a.also_accept, a.chosen, a.verdict, a.credit, a.seconds, a.hints, "
                       "a.confidence, a.answered_at")

    def session(self, session_id: int) -> SessionRecord | None:
        """One session with its answers, or None."""
        with self._db() as db:
            row = db.execute(
                f"SELECT {self._SESSION_COLUMNS} FROM sessions s "
                "JOIN learners l ON l.id = s.learner WHERE s.id = ?", (session_id,)).fetchone()
        if row is None:
            return None
        return dataclasses.replace(_session(row), answers=tuple(self.answers(session_id)))

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
            records = [_session(row) for row in reversed(rows)]
            if not with_answers or not records:
                return records
            by_session: dict[int, list[AnswerRecord]] = {r.id: [] for r in records}
            marks = ", ".join("?" * len(by_session))
            for answer_row in db.execute(
                f"SELECT {self._ANSWER_COLUMNS} FROM answers a "
                "JOIN sessions s ON s.id = a.session JOIN learners l ON l.id = s.learner "
                f"WHERE a.session IN ({marks}) ORDER BY a.id", list(by_session)):
                by_session[answer_row[0]].append(_answer(answer_row))
        return [dataclasses.replace(r, answers=tuple(by_session[r.id])) for r in records]

    def answers(self, session_id: int) -> list[AnswerRecord]:
        """The session's answers in the order given."""
        with self._db() as db:
            rows = db.execute(
                f"SELECT {self._ANSWER_COLUMNS} FROM answers a "
                "JOIN sessions s ON s.id = a.session JOIN learners l ON l.id = s.learner "
                "WHERE a.session = ? ORDER BY a.id", (session_id,)).fetchall()
        return [_answer(row) for row in rows]

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
        return [_answer(row) for row in rows]

    def unfinished_session(self, learner: str, pack_id: str) -> SessionRecord | None:
        """The most recent unfinished session with some but not all of its items answered."""
        learner_id = self._learner_id(learner)
        if learner_id is None:
            return None
        with self._db() as db:
            rows = db.execute(
                f"SELECT {self._SESSION_COLUMNS}, "
                "(SELECT COUNT(DISTINCT a.item_id) FROM answers a WHERE a.session = s.id) "
                "FROM sessions s JOIN learners l ON l.id = s.learner "
                "WHERE s.learner = ? AND s.pack_id = ? AND s.finished_at IS NULL "
                "ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
                (learner_id, pack_id, RESUME_LOOKBACK)).fetchall()
        for row in rows:
            record, answered = _session(row[:-1]), row[-1]
            if 0 < answered < len(set(record.item_ids)):
                return dataclasses.replace(record, answers=tuple(self.answers(record.id)))
        return None

    def resume_offer(self, learner: str, pack: LoadedPack) -> ResumePlan | None:
        """What "Continue where you left off, 7 / 20?" would continue, or None."""
        session = self.unfinished_session(learner, pack.pack.id)
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


class SessionRecorder:
    """The recorder the app and plain mode call: saves each answer the moment it is given.

    `finished` closes the session only when every item was answered; a run that stopped early
    stays open, so the next start offers to continue it (store.finish_session closes it when
    the learner declines). With `review` (quiz.core.schedule.next_card), answers also update the schedule.
    """

    def __init__(self, store: Store, session_id: int, *, review: Review | None = None) -> None:
        self.store = store
        self.session_id = session_id
        self.review = review

    def answered(self, item: Item, feedback: Feedback) -> None:
        self.store.record_answer(self.session_id, item, feedback, review=self.review)

    def finished(self, summary: Summary) -> None:
        if summary.answered >= summary.total:
            self.store.finish_session(self.session_id)


@dataclass(frozen=True, slots=True)
class ResumePlan:
    """How an interrupted session continues with the pack as it is now.

    Items no longer in the pack are dropped; answered items whose text changed since (another
    hash) are asked again, their old answers staying in history; the rest keep their answers.
    """

    session: SessionRecord
    item_ids: tuple[str, ...]  # kept answered items first, in the order answered; then the rest
    answered: tuple[AnswerRecord, ...]  # answers kept, following item_ids from the start
    dropped: tuple[str, ...]  # item ids no longer in the pack
    changed: tuple[str, ...]  # answered item ids edited since: to be asked again

    @property
    def progress(self) -> tuple[int, int]:
        """(answered, total): "7 / 20"."""
        return len(self.answered), len(self.item_ids)

    @property
    def options(self) -> QuizOptions:
        return session_options(self.session)

    def quiz_session(self, pack: LoadedPack, clock: Clock | None = None) -> QuizSession:
        """The engine session, positioned at the first unanswered item."""
        if clock is None:
            return QuizSession.resume(pack, self.item_ids, self.answered, self.options)
        return QuizSession.resume(pack, self.item_ids, self.answered, self.options, clock)


def plan_resume(session: SessionRecord, pack: LoadedPack) -> ResumePlan | None:
    """The plan for continuing `session` with `pack` as it is now; None if nothing is left to ask.

    `session` must carry its answers (as from Store.unfinished_session).
    """
    current = {item.id: item for item in pack.pack.items}
    categories = set(pack.category_ids)
    latest: dict[str, AnswerRecord] = {}
    for answer in session.answers:
        latest[answer.item_id] = answer
    ordered = list(dict.fromkeys(session.item_ids))
    dropped = tuple(item_id for item_id in ordered if item_id not in current)
    kept: list[AnswerRecord] = []
    changed: list[str] = []
    for answer in latest.values():
        item = current.get(answer.item_id)
        if item is None or answer.item_id not in ordered:
            continue
        if answer.item_hash != item_hash(item) or answer.chosen not in categories:
            changed.append(answer.item_id)
        else:
            kept.append(answer)
    kept_ids = [answer.item_id for answer in kept]
    rest = [item_id for item_id in ordered if item_id in current and item_id not in kept_ids]
    if not rest:
        return None
    return ResumePlan(
        session=session, item_ids=tuple(kept_ids + rest), answered=tuple(kept),
        dropped=dropped, changed=tuple(changed),
    )


# -- helpers ----------------------------------------------------------------------------------


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock now (waiting up to the busy timeout), instead of failing
    # with "database is locked" when a read later turns into a write.
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _use_wal(connection: sqlite3.Connection) -> None:
    """Switch the file to WAL mode (it stays so), retrying while another process holds it.

    Changing the journal mode can fail with "database is locked" at once, without waiting for
    the busy timeout, when two programs create the file at the same moment.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _first_line(problems: Sequence[str]) -> str:
    # quick_check reports one string per problem, some of them several lines long.
    lines = [line.strip() for text in problems for line in text.splitlines()]
    return next((line for line in lines if line and not line.startswith("***")), "unknown error")


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return any(sign in text for sign in ("not a database", "malformed", "corrupt",
                                         "disk image"))


def _session(row: Sequence) -> SessionRecord:
    (session_id, learner, pack_id, pack_version, pack_path, mode, item_ids, started_at,
     finished_at, options) = row
    return SessionRecord(
        id=session_id, learner=learner, pack_id=pack_id, pack_version=pack_version,
        pack_path=pack_path, mode=mode, item_ids=tuple(json.loads(item_ids)),
        started_at=started_at, finished_at=finished_at, options=json.loads(options or "{}"),
    )


def _answer(row: Sequence) -> AnswerRecord:
    (session_id, learner, pack_id, item_id, fingerprint, actual, also_accept, chosen, verdict,
     credit, seconds, hints, confidence, answered_at) = row
    return AnswerRecord(
        session_id=session_id, learner=learner, pack_id=pack_id, item_id=item_id,
        item_hash=fingerprint, actual=actual, also_accept=tuple(json.loads(also_accept)),
        chosen=chosen, verdict=Verdict(verdict), credit=credit, seconds=seconds, hints=hints,
        confidence=confidence, answered_at=answered_at,
    )

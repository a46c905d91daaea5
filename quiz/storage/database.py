"""The SQLite file behind the store: opening it (a damaged file is moved aside, never overwritten),
checking and migrating it, one connection per thread, and the write transaction every change uses.

Threads: sqlite3 connections must not cross threads, so a Database opens one connection per thread,
the first time that thread uses it (a Textual worker and the UI thread can share one store). An
in-memory store cannot be reopened, so it keeps a single connection behind a lock instead.
Processes: WAL mode and a busy timeout let two programs write to one file at the same time;
every write takes the write lock up front (BEGIN IMMEDIATE), so waiting replaces failing.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self
from urllib.parse import quote

from quiz import locations
from quiz.core.clock import UtcClock, utc_now
from quiz.storage.schema import MIGRATIONS, OUR_TABLES, SCHEMA_VERSION

DB_FILENAME = "quiz.sqlite3"
MEMORY = ":memory:"
BUSY_TIMEOUT_SECONDS = 15.0
OVERRIDE_HINT = "choose another folder with --data-dir DIR or the QUIZ_DATA_DIR variable"


class StoreError(Exception):
    """The progress file cannot be used; the message names the path and what to do."""


class _Damaged(Exception):
    """The file is not a usable quiz database (reason in the message)."""


def store_path(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The database file: in --data-dir, else $QUIZ_DATA_DIR, else the platform's data folder."""
    return locations.data_dir(data_dir) / DB_FILENAME


class Database:
    """One progress database file, opened for use. `Store(path)`, `Store(":memory:")` and
    `Store.open(data_dir)` (quiz.storage.store.Store adds the queries).

    After opening, `notice` holds a message for the reader when a damaged file was moved aside
    (`moved_aside` is where it went); None otherwise. Raises StoreError when the file or its
    folder cannot be used, naming the path and the override.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: UtcClock = utc_now,
        check: bool = True,
        read_only: bool = False,
    ) -> None:
        """`read_only` for commands that only read (quiz history, quiz report): the folder may
        be read-only, the file is never migrated, moved or written, and a missing file reads as
        an empty store."""
        self.clock = clock
        self.read_only = read_only
        self._immutable = False
        self._closed = False
        self.notice: str | None = None
        # Rows that did not parse and were skipped, each said once (quiz.storage.rows.RowError).
        self.damaged: list[str] = []
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
        if read_only:
            self._open_read_only()
            return
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
        read_only: bool = False,
    ) -> Self:
        """The store in the data folder (--data-dir, then $QUIZ_DATA_DIR, then the default)."""
        return cls(store_path(data_dir), clock=clock, check=check, read_only=read_only)

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

    def _open_read_only(self) -> None:
        """Open the file for reading only; an absent file is an empty in-memory store."""
        assert self.path is not None
        existing = next((p for p in self.path.parents if p.exists()), None)
        if existing is not None and not existing.is_dir():  # a folder that can never exist
            raise StoreError(f"cannot create the data folder {self.path.parent}: Not a "
                             f"directory; {OVERRIDE_HINT}")
        if not self.path.exists():
            self.path = None
            self._shared = self._connect(MEMORY)
            self._migrate(self._shared)
            return
        try:
            connection = self._connect(str(self.path))
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError:
            # In a folder SQLite cannot write, a WAL file cannot be opened for shared reading;
            # read the file as it stands (a finished run leaves nothing in the WAL).
            try:
                self._immutable = True
                connection = self._connect(str(self.path))
                version = connection.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.DatabaseError as error:
                raise StoreError(f"cannot read {self.path}: {error}; {OVERRIDE_HINT}") from None
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot read {self.path}: {error}; {OVERRIDE_HINT}") from None
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer version of quiz (schema "
                             f"{version}; this one knows up to {SCHEMA_VERSION}): upgrade quiz")
        self._local.connection = connection

    def _connect(self, target: str) -> sqlite3.Connection:
        # check_same_thread is off because close() may run on another thread; use stays per
        # thread (see the module docstring). Autocommit: transactions are explicit.
        uri = self.read_only and target != MEMORY
        mode = "immutable=1" if self._immutable else "mode=ro"
        connection = sqlite3.connect(
            f"file:{quote(target)}?{mode}" if uri else target, uri=uri,
            timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False,
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
            if version == 0 and tables - OUR_TABLES:
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
        if self.read_only:
            raise StoreError(f"{self.path or MEMORY} was opened for reading only")
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

    def __enter__(self) -> Self:
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

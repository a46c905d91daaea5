"""Specification of the progress store: round trips, migrations, two writers, damaged files,
unusable folders, learner names, resuming, and packs that change under a learner.

Uses the four-item mini pack; clocks are injected, nothing is timed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import MINI_PATH, edited, without

from quiz.content.pack_files import load_pack
from quiz.core.engine import Mode, Order, QuizOptions, QuizSession
from quiz.core.names import MAX_NAME_LENGTH, clean_learner_name, default_learner_name
from quiz.core.packs import LoadedPack
from quiz.core.records import AnswerRecord, item_hash
from quiz.core.scoring import Verdict
from quiz.storage.database import DB_FILENAME, StoreError, store_path
from quiz.storage.recording import SessionRecorder
from quiz.storage.resume import plan_resume
from quiz.storage.rows import session_options
from quiz.storage.schema import MIGRATIONS, SCHEMA_VERSION
from quiz.storage.store import Store

ARTICLE_ORDER = ["launch", "accusation", "denial", "sanctions"]
START = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.timezone.utc)

# The first released schema, written out by hand: if someone edits migration step 1 instead of
# adding a step, databases made by the released program would no longer match and this test fails.
V1_DDL = """
CREATE TABLE learners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    learner INTEGER NOT NULL REFERENCES learners(id),
    pack_id TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    pack_path TEXT NOT NULL,
    mode TEXT NOT NULL,
    item_ids TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE answers (
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
);
CREATE INDEX sessions_by_learner ON sessions(learner, started_at);
CREATE INDEX answers_by_session ON answers(session);
PRAGMA user_version = 1;
"""


class SteppingClock:
    """A UTC clock that moves one minute each time it is read."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        moment = self.now
        self.now += dt.timedelta(minutes=1)
        return moment


@pytest.fixture(autouse=True)
def _private_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep the developer's cache and data folders out of the tests."""
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / DB_FILENAME, clock=SteppingClock()) as opened:
        yield opened


def play(
    store: Store,
    pack: LoadedPack,
    learner: str,
    choices: list[str],
    *,
    options: QuizOptions | None = None,
    mode: str = "practice",
) -> tuple[int, QuizSession]:
    """Start a session and answer its first items with `choices`, recording each answer."""
    quiz = QuizSession(pack, options or QuizOptions(), clock=lambda: 0.0)
    record = store.start_session(learner, pack, [item.id for item in quiz.items], mode=mode,
                                 options=quiz.options)
    recorder = SessionRecorder(store, record.id)
    for choice in choices:
        item = quiz.current
        recorder.answered(item, quiz.answer(choice))
        quiz.advance()
    if quiz.finished:
        recorder.finished(quiz.summary())
    return record.id, quiz


# -- round trips ------------------------------------------------------------------------------


def test_an_answer_comes_back_with_every_field_as_given(store: Store, mini: LoadedPack):
    quiz = QuizSession(mini, clock=iter([0.0, 4.5]).__next__)  # shown at 0, answered at 4.5
    record = store.start_session("Ann", mini, [i.id for i in quiz.items], mode="practice")
    item = quiz.current
    quiz.hint()
    feedback = quiz.answer("denial", confidence=2)

    saved = store.record_answer(record.id, item, feedback)

    [loaded] = store.answers(record.id)
    assert loaded == saved
    assert loaded == AnswerRecord(
        session_id=record.id, learner="Ann", pack_id="mini", item_id="launch",
        item_hash=item_hash(item), actual="state_media", also_accept=(), chosen="denial",
        verdict=Verdict.WRONG, credit=0.0, seconds=4.5, hints=1, confidence=2,
        answered_at="2024-05-01T09:02:00.000000+00:00",
    )


def test_accepted_alternatives_are_stored_with_the_answer(store: Store, mini: LoadedPack):
    session_id, _ = play(store, mini, "Ann", ["state_media", "state_media"])
    accusation = store.answers(session_id)[1]
    assert accusation.item_id == "accusation"
    assert accusation.also_accept == ("state_media",)
    assert accusation.verdict is Verdict.ACCEPTED
    assert accusation.credit == 0.5


def test_a_session_keeps_its_item_order_and_options(store: Store, mini: LoadedPack):
    options = QuizOptions(mode=Mode.CHECK, order=Order.SHUFFLE, seed=7, tags=("kcna", "denial"))
    quiz = QuizSession(mini, options)
    order = [item.id for item in quiz.items]
    started = store.start_session("Ann", mini, order, mode="check", options=options,
                                  extra={"confidence": True})

    loaded = store.session(started.id)

    assert loaded is not None
    assert loaded.item_ids == tuple(order)
    assert loaded.mode == "check"
    assert (loaded.pack_id, loaded.pack_version, loaded.pack_path) == ("mini", "1", mini.path)
    assert not loaded.finished
    assert session_options(loaded) == options
    assert loaded.options["confidence"] is True


def test_options_stored_by_an_older_program_read_as_defaults(store: Store, mini: LoadedPack):
    started = store.start_session("Ann", mini, ARTICLE_ORDER, mode="practice")
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE sessions SET options = ? WHERE id = ?",
                   (json.dumps({"mode": "no-such-mode", "future": 1}), started.id))
    assert session_options(store.session(started.id)) == QuizOptions()


def test_every_answer_is_visible_to_another_connection_before_the_session_ends(
    store: Store, mini: LoadedPack, tmp_path: Path
):
    quiz = QuizSession(mini)
    record = store.start_session("Ann", mini, [i.id for i in quiz.items], mode="practice")
    recorder = SessionRecorder(store, record.id)
    for count, choice in enumerate(["state_media", "denial"], start=1):
        item = quiz.current
        recorder.answered(item, quiz.answer(choice))
        quiz.advance()
        # A plain sqlite3 connection sees only committed rows.
        with sqlite3.connect(tmp_path / DB_FILENAME) as other:
            (stored,) = other.execute("SELECT COUNT(*) FROM answers").fetchone()
        assert stored == count


def test_a_finished_run_is_closed_and_a_partial_run_stays_open(store: Store, mini: LoadedPack):
    complete, _ = play(store, mini, "Ann", ["state_media"] * 4)
    partial, quiz = play(store, mini, "Ann", ["state_media"] * 2)
    SessionRecorder(store, partial).finished(quiz.summary())

    assert store.session(complete).finished
    assert not store.session(partial).finished


def test_sessions_are_listed_oldest_first_and_limit_keeps_the_most_recent(
    store: Store, mini: LoadedPack
):
    ids = [play(store, mini, "Ann", ["state_media"])[0] for _ in range(5)]
    play(store, mini, "Bo", ["denial"])

    assert [s.id for s in store.sessions("Ann")] == ids
    assert [s.id for s in store.sessions("Ann", limit=2)] == ids[-2:]
    assert store.sessions("Ann")[0].answers == ()
    with_answers = store.sessions("Ann", limit=2, with_answers=True)
    assert [len(s.answers) for s in with_answers] == [1, 1]
    assert store.sessions("Nobody") == []


def test_answers_for_a_learner_are_only_theirs(store: Store, mini: LoadedPack):
    play(store, mini, "Ann", ["state_media", "denial"])
    play(store, mini, "Bo", ["denial"])
    assert [a.chosen for a in store.answers_for("Ann")] == ["state_media", "denial"]
    assert [a.learner for a in store.answers_for("Bo")] == ["Bo"]
    assert store.answers_for("Ann", pack_id="other") == []


def test_an_in_memory_store_works_for_tests_and_previews(mini: LoadedPack):
    with Store(":memory:") as memory:
        session_id, _ = play(memory, mini, "Ann", ["state_media"])
        assert len(memory.answers(session_id)) == 1
        assert memory.path is None


def test_a_closed_store_says_so_instead_of_opening_another_file(tmp_path: Path):
    for target in (":memory:", tmp_path / DB_FILENAME):
        closed = Store(target)
        closed.close()
        with pytest.raises(StoreError, match="closed"):
            closed.learners()
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_another_thread_gets_its_own_connection(store: Store, mini: LoadedPack):
    session_id, _ = play(store, mini, "Ann", ["state_media"])
    seen: list[object] = []

    def read_in_worker() -> None:
        try:
            seen.append(len(store.answers(session_id)))
        except Exception as error:  # pragma: no cover - shown in the assertion
            seen.append(error)

    worker = threading.Thread(target=read_in_worker)
    worker.start()
    worker.join()
    assert seen == [1]


def test_the_store_lives_in_the_data_folder_override(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "from-env"))
    assert store_path() == tmp_path / "from-env" / DB_FILENAME
    assert store_path(tmp_path / "flag") == tmp_path / "flag" / DB_FILENAME
    with Store.open(tmp_path / "flag" / "nested") as opened:
        assert opened.path == tmp_path / "flag" / "nested" / DB_FILENAME
    assert (tmp_path / "flag" / "nested" / DB_FILENAME).is_file()


def test_the_database_uses_write_ahead_logging(store: Store):
    with sqlite3.connect(store.path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- learners ---------------------------------------------------------------------------------


def test_learners_are_created_once_and_listed_by_name(store: Store):
    first = store.learner("bo")
    again = store.learner("  bo ")
    store.learner("Ann")
    assert again == first
    assert [learner.name for learner in store.learners()] == ["Ann", "bo"]


@pytest.mark.parametrize("name", [
    "[bold red]Ann[/]",  # Rich markup is a name like any other
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "Zoë 🦊",
    "김민지",
    "x" * MAX_NAME_LENGTH,
])
def test_any_unicode_text_up_to_sixty_characters_is_a_name_stored_as_written(
    store: Store, mini: LoadedPack, name: str
):
    session_id, _ = play(store, mini, name, ["state_media"])
    assert [learner.name for learner in store.learners()] == [name]
    assert store.session(session_id).learner == name
    assert store.answers_for(name)[0].learner == name


def test_a_name_typed_with_combining_accents_is_the_same_learner(store: Store):
    composed = store.learner("Zo\u00eb")
    combined = store.learner("Zoe\u0308")
    assert combined.id == composed.id


@pytest.mark.parametrize(("name", "message"), [
    ("", "at least one character"),
    ("   ", "at least one character"),
    ("x" * (MAX_NAME_LENGTH + 1), "at most 60 characters"),
    ("Ann\x1b[31m", "control characters"),
    ("Ann\nBo", "control characters or line breaks"),
    ("Ann\u2028Bo", "line breaks"),
])
def test_an_unusable_name_is_refused_with_the_reason(store: Store, name: str, message: str):
    with pytest.raises(ValueError, match=message):
        store.learner(name)
    assert store.learners() == []


def test_names_are_stripped_before_the_length_is_counted():
    assert clean_learner_name("  " + "x" * MAX_NAME_LENGTH + "  ") == "x" * MAX_NAME_LENGTH


def test_the_default_learner_is_quiz_learner_then_the_user_name():
    assert default_learner_name({"QUIZ_LEARNER": " Ana "}) == "Ana"
    assert default_learner_name({"QUIZ_LEARNER": "\x00"}) != "\x00"
    assert default_learner_name({})


# -- migrations -------------------------------------------------------------------------------


def _fill_v1(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO learners (id, name, created_at) VALUES (1, 'Ann', '2023-01-01')")
    db.execute(
        "INSERT INTO sessions (id, learner, pack_id, pack_version, pack_path, mode, item_ids, "
        "started_at, finished_at) VALUES (1, 1, 'mini', '1', 'mini.yaml', 'practice', "
        "'[\"launch\", \"accusation\"]', '2023-01-01T10:00:00.000000+00:00', NULL)")
    db.execute(
        "INSERT INTO answers (session, item_id, item_hash, actual, also_accept, chosen, verdict, "
        "credit, seconds, hints, confidence, answered_at) VALUES (1, 'launch', 'abc', "
        "'state_media', '[]', 'denial', 'wrong', 0, 3.5, 1, 2, '2023-01-01T10:00:05.000000+00:00')")


def test_a_version_1_database_written_by_hand_opens_with_its_data(tmp_path: Path):
    path = tmp_path / DB_FILENAME
    with sqlite3.connect(path) as db:
        db.executescript(V1_DDL)
        _fill_v1(db)
    db.close()

    with Store(path) as migrated:
        assert migrated.schema_version() == SCHEMA_VERSION
        [session] = migrated.sessions("Ann", with_answers=True)
        assert session.item_ids == ("launch", "accusation")
        assert session.options == {}
        assert session_options(session) == QuizOptions()
        [answer] = session.answers
        assert (answer.chosen, answer.verdict, answer.seconds, answer.hints, answer.confidence) \
            == ("denial", Verdict.WRONG, 3.5, 1, 2)
        assert migrated.unfinished_session("Ann", "mini").id == 1


def test_migration_step_1_matches_the_released_version_1_schema(tmp_path: Path):
    by_hand, by_code = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    by_hand.executescript(V1_DDL)
    for statement in MIGRATIONS[0]:
        by_code.execute(statement)

    def shape(db: sqlite3.Connection) -> dict:
        tables = [row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")]
        return {t: db.execute(f"PRAGMA table_info({t})").fetchall() for t in tables}

    assert shape(by_code) == shape(by_hand)


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_earlier_schema_version_migrates_forward_keeping_its_data(
    tmp_path: Path, mini: LoadedPack, version: int
):
    path = tmp_path / DB_FILENAME
    db = sqlite3.connect(path)
    for step in MIGRATIONS[:version]:
        for statement in step:
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    _fill_v1(db)
    db.commit()
    db.close()

    with Store(path, clock=SteppingClock()) as migrated:
        assert migrated.schema_version() == SCHEMA_VERSION
        assert [a.item_id for a in migrated.answers_for("Ann")] == ["launch"]
        # The migrated file takes new sessions, answers and study cards.
        from quiz.storage.recording import scheduling_recorder

        quiz = QuizSession(mini)
        record = migrated.start_session("Ann", mini, [i.id for i in quiz.items], mode="study")
        item = quiz.current
        scheduling_recorder(migrated, record.id).answered(item, quiz.answer("state_media"))
        assert len(migrated.study_cards("Ann", "mini")) == 1
        assert len(migrated.answers_for("Ann")) == 2


def test_a_database_from_a_newer_program_is_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / DB_FILENAME
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.execute("CREATE TABLE future (x)")
    db.close()
    before = path.read_bytes()

    with pytest.raises(StoreError, match="newer version of quiz") as raised:
        Store(path)

    assert str(path) in str(raised.value)
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.corrupt-*")) == []


# -- two processes ----------------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from quiz.core.engine import QuizSession
from quiz.content.pack_files import load_pack
from quiz.storage.store import Store
from quiz.storage.recording import scheduling_recorder

path, learner, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
pack = load_pack(Path(sys.argv[4]), use_cache=False)
print("ready", flush=True)
sys.stdin.readline()  # both start together, creating the file and its schema at the same time
store = Store(path)
for run in range(runs):
    quiz = QuizSession(pack)
    record = store.start_session(learner, pack, [i.id for i in quiz.items], mode="study")
    recorder = scheduling_recorder(store, record.id)
    while not quiz.finished:
        item = quiz.current
        recorder.answered(item, quiz.answer("denial"))
        quiz.advance()
    recorder.finished(quiz.summary())
print("done")
"""


def test_two_processes_writing_at_once_both_succeed_and_every_row_is_kept(tmp_path: Path):
    path = tmp_path / DB_FILENAME
    runs = 25
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(runs), str(MINI_PATH)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for name in ("Ann", "Bo")
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=120) for writer in writers]

    for writer, (out, err) in zip(writers, results):
        assert writer.returncode == 0, err
        assert out.strip() == "done"
    with Store(path) as store:
        for name in ("Ann", "Bo"):
            sessions = store.sessions(name, with_answers=True)
            assert len(sessions) == runs
            assert all(s.finished and len(s.answers) == 4 for s in sessions)
            assert len(store.study_cards(name, "mini")) == 4


KILLED_MIDWAY = """
import sys, time
from pathlib import Path
from quiz.core.engine import QuizSession
from quiz.content.pack_files import load_pack
from quiz.storage.recording import SessionRecorder
from quiz.storage.store import Store

store = Store(sys.argv[1])
pack = load_pack(Path(sys.argv[2]), use_cache=False)
quiz = QuizSession(pack)
record = store.start_session("Ann", pack, [i.id for i in quiz.items], mode="practice")
recorder = SessionRecorder(store, record.id)
for choice in ("state_media", "denial"):
    item = quiz.current
    recorder.answered(item, quiz.answer(choice))
    quiz.advance()
print("answered", flush=True)
time.sleep(600)  # the third question is on screen when the process is killed
"""


@pytest.mark.skipif(not hasattr(os, "kill") or sys.platform == "win32", reason="needs SIGKILL")
def test_killing_the_process_loses_no_answer_and_the_run_is_offered_again(
    tmp_path: Path, mini: LoadedPack
):
    import signal

    path = tmp_path / DB_FILENAME
    child = subprocess.Popen([sys.executable, "-c", KILLED_MIDWAY, str(path), str(MINI_PATH)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "answered", child.stderr.read()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        child.stdout.close()
        child.stderr.close()

    with Store(path) as store:
        assert [a.chosen for a in store.answers_for("Ann")] == ["state_media", "denial"]
        plan = store.resume_offer("Ann", mini)
        assert plan is not None and plan.progress == (2, 4)


# -- damaged files and unusable folders -------------------------------------------------------


def test_a_file_that_is_not_a_database_is_moved_aside_and_a_fresh_one_started(
    tmp_path: Path, mini: LoadedPack
):
    path = tmp_path / DB_FILENAME
    path.write_text("these are my notes, not a database\n" * 200)
    original = path.read_bytes()

    with Store(path) as store:
        [aside] = tmp_path.glob(f"{DB_FILENAME}.corrupt-*")
        assert aside.read_bytes() == original
        assert store.moved_aside == aside
        assert str(aside) in store.notice and str(path) in store.notice
        assert "not a database" in store.notice
        assert "\n" not in store.notice
        session_id, _ = play(store, mini, "Ann", ["state_media"])
        assert len(store.answers(session_id)) == 1


def test_a_database_that_fails_the_integrity_check_is_moved_aside(tmp_path: Path):
    path = tmp_path / DB_FILENAME
    with Store(path) as store:
        for number in range(300):
            store.learner(f"learner {number}")
    page_size = 4096
    with path.open("r+b") as damaged:
        damaged.seek(2 * page_size)
        damaged.write(b"\x07" * page_size)
    damaged_bytes = path.read_bytes()

    with Store(path) as store:
        [aside] = tmp_path.glob(f"{DB_FILENAME}.corrupt-*")
        assert aside.name.startswith(f"{DB_FILENAME}.corrupt-20")
        assert aside.read_bytes() == damaged_bytes
        assert "integrity check" in store.notice
        assert store.learners() == []
        store.learner("Ann")
        assert [learner.name for learner in store.learners()] == ["Ann"]


def test_a_sqlite_file_of_another_program_is_not_taken_over(tmp_path: Path):
    path = tmp_path / DB_FILENAME
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('soup')")
    db.close()

    with Store(path) as store:
        [aside] = tmp_path.glob(f"{DB_FILENAME}.corrupt-*")
        assert "recipes" in store.notice
    with sqlite3.connect(aside) as kept:
        assert kept.execute("SELECT name FROM recipes").fetchall() == [("soup",)]
    kept.close()


def test_a_healthy_database_opens_without_a_notice(store: Store):
    assert store.notice is None
    assert store.moved_aside is None


def test_a_data_folder_that_cannot_be_created_names_the_path_and_the_override(tmp_path: Path):
    blocker = tmp_path / "afile"
    blocker.write_text("a file where a folder should be")
    folder = blocker / "sub"

    with pytest.raises(StoreError) as raised:
        Store.open(folder)

    message = str(raised.value)
    assert str(folder) in message
    assert "--data-dir DIR" in message and "QUIZ_DATA_DIR" in message


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes into read-only folders; the test above covers creation")
def test_a_read_only_data_folder_names_the_path_and_the_override(tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError) as raised:
            Store.open(folder)
    finally:
        folder.chmod(0o700)
    message = str(raised.value)
    assert str(folder) in message and "read-only" in message
    assert "--data-dir DIR" in message and "QUIZ_DATA_DIR" in message


def test_a_folder_where_the_database_file_should_be_is_a_clear_error(tmp_path: Path):
    (tmp_path / DB_FILENAME).mkdir()
    with pytest.raises(StoreError) as raised:
        Store.open(tmp_path)
    assert str(tmp_path / DB_FILENAME) in str(raised.value)
    assert "--data-dir DIR" in str(raised.value)


# -- resuming ---------------------------------------------------------------------------------


def test_nothing_is_offered_before_any_answer_or_after_the_last(store: Store, mini: LoadedPack):
    play(store, mini, "Ann", [])
    assert store.unfinished_session("Ann", "mini") is None
    play(store, mini, "Ann", ["state_media"] * 4)
    assert store.unfinished_session("Ann", "mini") is None
    assert store.resume_offer("Ann", mini) is None
    assert store.unfinished_session("Nobody", "mini") is None


def test_the_most_recent_interrupted_run_is_offered_with_its_answers(
    store: Store, mini: LoadedPack
):
    play(store, mini, "Ann", ["state_media"])
    latest, _ = play(store, mini, "Ann", ["state_media", "denial"])
    play(store, mini, "Bo", ["denial"])

    offered = store.unfinished_session("Ann", "mini")

    assert offered.id == latest
    assert [a.chosen for a in offered.answers] == ["state_media", "denial"]
    plan = store.resume_offer("Ann", mini)
    assert plan.progress == (2, 4)
    assert plan.dropped == () and plan.changed == ()


def test_a_declined_offer_is_not_made_again(store: Store, mini: LoadedPack):
    session_id, _ = play(store, mini, "Ann", ["state_media"])
    store.finish_session(session_id)
    assert store.unfinished_session("Ann", "mini") is None


def test_a_resumed_session_continues_at_the_first_unanswered_item(
    store: Store, mini: LoadedPack
):
    options = QuizOptions(order=Order.SHUFFLE, seed=3, mode=Mode.CHECK)
    session_id, interrupted = play(store, mini, "Ann", ["state_media", "denial"], options=options)

    plan = store.resume_offer("Ann", mini)
    resumed = plan.quiz_session(mini, clock=lambda: 0.0)

    assert [item.id for item in resumed.items] == [item.id for item in interrupted.items]
    assert resumed.progress == (3, 4)
    assert resumed.current.id == interrupted.current.id
    assert resumed.options == options
    assert [f.choice for f in resumed.answers] == ["state_media", "denial"]
    assert resumed.summary().score == interrupted.summary().score
    # Finishing the resumed run closes the stored session.
    recorder = SessionRecorder(store, session_id)
    while not resumed.finished:
        item = resumed.current
        recorder.answered(item, resumed.answer("denial"))
        resumed.advance()
    recorder.finished(resumed.summary())
    assert store.session(session_id).finished
    assert len(store.answers(session_id)) == 4


# -- content that changed under the learner ---------------------------------------------------


def test_resuming_after_items_were_removed_drops_them(store: Store, mini: LoadedPack):
    play(store, mini, "Ann", ["state_media", "government_allegation"])
    smaller = without(mini, "accusation", "sanctions")

    plan = store.resume_offer("Ann", smaller)
    resumed = plan.quiz_session(smaller)

    assert plan.dropped == ("accusation", "sanctions")
    assert plan.item_ids == ("launch", "denial")
    assert [item.id for item in resumed.items] == ["launch", "denial"]
    assert resumed.current.id == "denial"
    # The removed item's answer is still in the learner's history.
    assert [a.item_id for a in store.answers_for("Ann")] == ["launch", "accusation"]


def test_an_answered_item_edited_since_is_asked_again(store: Store, mini: LoadedPack):
    session_id, _ = play(store, mini, "Ann", ["state_media", "government_allegation"])
    changed = edited(mini, "launch", answer="independent_fact")

    plan = store.resume_offer("Ann", changed)
    resumed = plan.quiz_session(changed)

    assert plan.changed == ("launch",)
    assert plan.item_ids == ("accusation", "launch", "denial", "sanctions")
    assert [f.item_id for f in resumed.answers] == ["accusation"]
    assert resumed.current.id == "launch"
    item = resumed.current
    store.record_answer(session_id, item, resumed.answer("independent_fact"))
    hashes = [a.item_hash for a in store.answers(session_id) if a.item_id == "launch"]
    assert hashes == [item_hash(mini.pack.items[0]), item_hash(item)]


def test_nothing_is_resumed_when_every_remaining_item_was_removed(store: Store, mini: LoadedPack):
    play(store, mini, "Ann", ["state_media", "government_allegation"])
    assert store.resume_offer("Ann", without(mini, "denial", "sanctions")) is None


def test_an_answer_in_a_category_the_pack_no_longer_has_is_asked_again(
    store: Store, mini: LoadedPack
):
    session_id, _ = play(store, mini, "Ann", ["state_media"])
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE answers SET chosen = 'retired_kind' WHERE session = ?", (session_id,))
    plan = store.resume_offer("Ann", mini)
    assert plan.changed == ("launch",)
    assert plan.quiz_session(mini).current.id == "launch"


def test_plan_resume_works_on_any_session_record(store: Store, mini: LoadedPack):
    session_id, _ = play(store, mini, "Ann", ["state_media"])
    plan = plan_resume(store.session(session_id), mini)
    assert plan is not None and plan.progress == (1, 4)


# -- reading only what is needed --------------------------------------------------------------


def _query_plans(store: Store, action) -> list[str]:
    """The SQLite query plan lines of every SELECT `action` runs on this thread."""
    statements: list[str] = []
    with store._db() as db:
        db.set_trace_callback(statements.append)
        try:
            action()
        finally:
            db.set_trace_callback(None)
        plans = []
        for statement in statements:
            if statement.lstrip().upper().startswith("SELECT"):
                plans += [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}")]
    return plans


def test_history_and_resume_queries_read_one_learner_through_indexes(
    store: Store, mini: LoadedPack
):
    for name in ("Ann", "Bo", "Cy"):
        play(store, mini, name, ["state_media", "denial"])
    actions = [
        lambda: store.sessions("Ann", limit=50, with_answers=True),
        lambda: store.answers_for("Ann"),
        lambda: store.unfinished_session("Ann", "mini"),
        lambda: store.study_cards("Ann", "mini"),
    ]
    for action in actions:
        plans = _query_plans(store, action)
        assert plans
        full_scans = [line for line in plans
                      if line.startswith("SCAN") and "USING" not in line and "CONSTANT" not in line]
        assert full_scans == [], plans


# -- one run, one copy playing it ----------------------------------------------------------------

RESUMER = """
import sys
from pathlib import Path
from quiz.content.pack_files import load_pack
from quiz.storage.recording import resumed_recorder
from quiz.storage.store import Store

store = Store(sys.argv[1])
pack = load_pack(Path(sys.argv[2]), use_cache=False)
print("ready", flush=True)
sys.stdin.readline()  # both look for the run to continue at the same moment
plan = store.resume_offer("Ann", pack)
recorder = resumed_recorder(store, plan.session.id) if plan else None
if recorder is None:
    print("new run")  # offered nothing, or another copy claimed it first
    sys.exit(0)
quiz = plan.quiz_session(pack)
while not quiz.finished:
    recorder.answered(quiz.current, quiz.answer("denial"))
    quiz.advance()
recorder.finished(quiz.summary())
print("continued")
"""


def test_two_processes_resuming_the_same_run_never_write_the_same_item_twice(
    tmp_path: Path, mini: LoadedPack
):
    path = tmp_path / DB_FILENAME
    for _ in range(4):
        with Store(path) as store:
            quiz = QuizSession(mini)
            record = store.start_session("Ann", mini, [i.id for i in quiz.items],
                                         mode="practice")
            SessionRecorder(store, record.id).answered(quiz.current,
                                                       quiz.answer("state_media"))
            store.release(record.id)  # this test's process stops playing it
        copies = [subprocess.Popen([sys.executable, "-c", RESUMER, str(path), str(MINI_PATH)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for copy in copies:
            assert copy.stdout.readline().strip() == "ready", copy.stderr.read()
        for copy in copies:
            copy.stdin.write("go\n")
            copy.stdin.flush()
        results = []
        for copy in copies:
            out, err = copy.communicate(timeout=60)
            assert copy.returncode == 0, err
            results.append(out.strip())
        assert sorted(results) == ["continued", "new run"]
        with Store(path) as store:
            answers = store.answers(record.id)
            assert len(answers) == len(mini.pack.items)
            assert len({(a.item_id, a.item_hash) for a in answers}) == len(answers)
            assert store.session(record.id).finished


def test_a_run_played_in_another_window_is_not_offered_and_cannot_be_written(
    tmp_path: Path, mini: LoadedPack, monkeypatch: pytest.MonkeyPatch
):
    from quiz.storage import claims

    with Store(tmp_path / DB_FILENAME) as store:
        quiz = QuizSession(mini)
        record = store.start_session("Ann", mini, [i.id for i in quiz.items], mode="practice")
        SessionRecorder(store, record.id).answered(quiz.current, quiz.answer("state_media"))
        quiz.advance()
        assert store.resume_offer("Ann", mini) is not None  # its own run, for this process
        monkeypatch.setattr(claims, "_token", "another-window")  # now we are another copy...
        monkeypatch.setattr(claims, "_running", lambda pid: True)  # ...while the first runs
        assert store.resume_offer("Ann", mini) is None
        assert not store.claim(record.id)
        with pytest.raises(StoreError, match="being played in another window"):
            store.record_answer(record.id, quiz.current, quiz.answer("denial"))
        monkeypatch.setattr(claims, "_running", lambda pid: False)  # the first one crashed
        assert store.resume_offer("Ann", mini) is not None and store.claim(record.id)


def test_migrating_to_v5_keeps_the_first_of_answers_two_copies_wrote_twice(tmp_path: Path):
    db = sqlite3.connect(tmp_path / DB_FILENAME)
    for step in MIGRATIONS[:4]:
        for statement in step:
            db.execute(statement)
    db.execute("PRAGMA user_version = 4")
    db.execute("INSERT INTO learners (name, created_at) VALUES ('Ann', '2024-01-01')")
    db.execute("INSERT INTO sessions (learner, pack_id, pack_version, pack_path, mode, item_ids, "
               "started_at) VALUES (1, 'mini', '1', '', 'practice', '[\"launch\"]', "
               "'2024-01-01T09:00:00+00:00')")
    for chosen in ("denial", "state_media"):
        db.execute("INSERT INTO answers (session, item_id, item_hash, actual, also_accept, "
                   "chosen, verdict, credit, seconds, hints, answered_at) VALUES "
                   "(1, 'launch', 'h', 'state_media', '[]', ?, 'wrong', 0, 1, 0, "
                   "'2024-01-01T09:01:00+00:00')",
                   (chosen,))
    db.commit()
    db.close()
    with Store(tmp_path / DB_FILENAME) as store:
        assert [a.chosen for a in store.answers(1)] == ["denial"]

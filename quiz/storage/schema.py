"""The progress file's schema: every table, as a list of forward migrations (PRAGMA user_version
counts the steps done), and the tables a quiz database may hold.

One ordered list for the whole file, because user_version counts steps of the whole file; the
workshop tables (v4) are read and written only by quiz.workshop.queries.
"""

from __future__ import annotations

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
    # v4: workshops (read and written by quiz.workshop.queries): a room or many participants going
    # through a pack together. Answers and tallies are appended, `latest` marking the one that
    # counts, so changed answers stay on record. `revision` and workshop_events count every
    # change, so a dashboard in another process reads only what is new.
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
    # v5: a run being played is claimed by the process playing it (quiz.storage.claims), so two
    # copies resuming the same run cannot both write into it; and an item is answered at most
    # once per run and item version. Answers written twice by two copies before v5 (the same
    # run, item and version) keep their first, as the run asked it once.
    (
        "ALTER TABLE sessions ADD COLUMN claimed_by TEXT",
        "ALTER TABLE sessions ADD COLUMN claimed_until TEXT",
        "DELETE FROM answers WHERE id NOT IN "
        "(SELECT MIN(id) FROM answers GROUP BY session, item_id, item_hash)",
        "CREATE UNIQUE INDEX answers_once_per_run ON answers(session, item_id, item_hash)",
    ),
    # v6 (workshop identities): each participant's rejoin secret, kept as a hash (the browser
    # holds the secret), and when the facilitator removed them (their rows stay on record;
    # lists, counts and reports leave them out).
    (
        "ALTER TABLE workshop_participants ADD COLUMN secret_hash TEXT",
        "ALTER TABLE workshop_participants ADD COLUMN removed_at TEXT",
        "CREATE INDEX workshop_participants_by_secret "
        "ON workshop_participants(workshop, secret_hash)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = {"learners", "sessions", "answers", "study_cards", "workshops", "workshop_steps",
               "workshop_participants", "workshop_answers", "workshop_tallies", "workshop_events"}

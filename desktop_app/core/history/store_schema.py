"""The history database's schema, as numbered migrations (``PRAGMA user_version``).

Each entry runs in one transaction with the version bump (see ``store.Store._migrate``);
entries are only ever appended, never edited, so every database reaches the same schema.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('practice', 'mock', 'recovered')),
        started_at REAL NOT NULL,
        ended_at REAL
    );
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        bank_id TEXT NOT NULL,
        stage_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        started_at REAL NOT NULL,
        ended_at REAL,
        audio_path TEXT,
        duration_s REAL,
        overflows INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'recording'
            CHECK (state IN ('recording', 'recorded', 'transcribed', 'analyzed', 'failed')),
        failure_reason TEXT,
        recovered INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX answers_by_question ON answers (bank_id, stage_id, question_id);
    CREATE INDEX answers_by_state ON answers (state);
    CREATE INDEX answers_by_session ON answers (session_id);
    CREATE TABLE transcripts (
        answer_id INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
        engine TEXT,
        model TEXT,
        json TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE reports (
        answer_id INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
        json TEXT NOT NULL,
        wpm REAL,
        fillers_per_minute REAL,
        coverage_pct REAL,
        zone TEXT,
        created_at REAL NOT NULL
    );
    """,
    # 2: each session's recordings folder is a token that no other database can produce
    # (ids restart at 1 in a new database, and recordings/1/1.wav was overwritten), and a
    # deleted answer stays, hidden, with its audio in trash/ until it is purged.
    """
    ALTER TABLE sessions ADD COLUMN folder TEXT;
    ALTER TABLE answers ADD COLUMN deleted_at REAL;
    ALTER TABLE answers ADD COLUMN trash_path TEXT;
    CREATE INDEX answers_by_deleted ON answers (deleted_at);
    """,
    # 3: what the candidate jotted down while preparing, kept with the answer it led to.
    """
    ALTER TABLE answers ADD COLUMN notes TEXT;
    """,
    # 4: a follow-up is an answer of its own, linked to the answer that prompted it, with the
    # follow-up as it was asked (text, reason, target) so Review can show the pair even after
    # the bank changes.
    """
    ALTER TABLE answers ADD COLUMN parent_answer_id INTEGER REFERENCES answers(id);
    ALTER TABLE answers ADD COLUMN follow_up_json TEXT;
    CREATE INDEX answers_by_parent ON answers (parent_answer_id);
    """,
    # 5: the practice plan: each analysed answer's grade (Again 1 .. Easy 4, from the report,
    # and the user's override), and each question's FSRS card, replayed from those grades.
    # The answers already there are graded by ``after_migration``.
    """
    CREATE TABLE answer_grades (
        answer_id INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
        auto_rating INTEGER NOT NULL CHECK (auto_rating BETWEEN 1 AND 4),
        override_rating INTEGER CHECK (override_rating BETWEEN 1 AND 4),
        score REAL NOT NULL,
        concepts_json TEXT NOT NULL,
        graded_at REAL NOT NULL
    );
    CREATE TABLE question_cards (
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        stage_id TEXT NOT NULL,
        card_json TEXT NOT NULL,
        reviews INTEGER NOT NULL,
        updated_at REAL NOT NULL,
        PRIMARY KEY (bank_id, question_id)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def after_migration(number: int, conn: sqlite3.Connection) -> None:
    """A migration's steps that SQL alone cannot take, run in its transaction after its SQL
    (``number`` is the version it brings the database to)."""
    if number == 5:  # grade the answers already in History and build their cards
        from desktop_app.core.history import review_state

        review_state.backfill(conn)

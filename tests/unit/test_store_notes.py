"""Prep notes kept with the answer (schema 3), also in a database made before them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.core.history.store import Store
from desktop_app.core.history.store_schema import MIGRATIONS, SCHEMA_VERSION


def _schema_2_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:2]):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    conn.execute("INSERT INTO sessions (kind, started_at, folder) VALUES ('practice', 1, 'f')")
    conn.execute("INSERT INTO answers (session_id, bank_id, stage_id, question_id, started_at,"
                 " state) VALUES (1, 'b', 's', 'q', 2, 'recorded')")
    conn.commit()
    conn.close()


def test_an_older_database_gains_notes_and_keeps_its_answers(stagecoach_home: Path) -> None:
    stagecoach_home.mkdir(parents=True)
    db = stagecoach_home / "old.sqlite"
    _schema_2_database(db)
    with Store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        (old,) = store.list_answers()
        assert old.question_id == "q" and old.notes == ""
        store.set_notes(old.id, "  STAR: situation, the 2 metrics, what I'd do again\n")
    with Store(db) as again:
        record = again.get_answer(old.id)
        assert record is not None
        assert record.notes == "STAR: situation, the 2 metrics, what I'd do again"
        again.set_notes(old.id, "   ")  # cleared notes are none, not blanks
        assert again.get_answer(old.id).notes == ""  # type: ignore[union-attr]

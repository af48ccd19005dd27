"""The history database: sessions, answers, transcripts and reports (stdlib sqlite3).

- WAL mode (readers never block the writer and a crash never leaves a half-applied
  change), foreign keys on, ``busy_timeout`` so several processes (app, CLI) can share it.
- Schema changes are migrations numbered by ``PRAGMA user_version``; each runs in one
  transaction with the version bump, so an interrupted upgrade is simply redone.
- Threads: one connection per ``Store`` opened with ``check_same_thread=False`` and every
  use guarded by the store's lock, so a Store may be shared by the UI's worker threads.
  (Separate Store objects, in threads or processes, are separate connections: WAL lets one
  write while the others read.)
- Privacy: the folder is 0700 and the database (and its -wal/-shm files, which SQLite
  creates with the database file's mode) 0600.

Answer states: recording → recorded → transcribed → analyzed, or failed (with a reason).
The answer row is created before the first frame is captured, so a crash always leaves a
row for recovery to find.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core import paths
from desktop_app.core.errors import UserError

STATES = ("recording", "recorded", "transcribed", "analyzed", "failed")
SESSION_KINDS = ("practice", "mock", "recovered")

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
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    session_id: int
    session_kind: str
    bank_id: str
    stage_id: str
    question_id: str
    started_at: float  # seconds since the epoch
    ended_at: float | None
    audio_path: Path | None
    duration_s: float | None
    overflows: int
    state: str
    failure_reason: str | None
    recovered: bool
    # Figures of the report, when there is one (for the History view).
    wpm: float | None = None
    fillers_per_minute: float | None = None
    coverage_pct: float | None = None
    zone: str | None = None


def _report_figures(report: dict[str, Any]) -> tuple[float | None, float | None,
                                                       float | None, str | None]:
    def num(*keys: str) -> float | None:
        value: Any = report
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return float(value) if isinstance(value, int | float) else None

    coverage = report.get("coverage")
    pct = None
    if isinstance(coverage, dict):
        covered = coverage.get("covered") or []
        missing = coverage.get("missing") or []
        total = len(covered) + len(missing)
        pct = 100.0 * len(covered) / total if total else None
    timing = report.get("timing")
    zone = timing.get("zone") if isinstance(timing, dict) else None
    return num("pace", "wpm"), num("fillers", "per_minute"), pct, \
        zone if isinstance(zone, str) else None


def default_audio_path(session_id: int, answer_id: int) -> Path:
    return paths.recordings_dir() / str(session_id) / f"{answer_id}.wav"


class Store:
    """The history database at ``path`` (default: the data folder's stagecoach.sqlite)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else paths.database_path()
        self._lock = threading.RLock()
        if path is None or not self.path.parent.exists():  # never chmod a user's folder
            paths.ensure_private_dir(self.path.parent)
        self._precreate_private()
        try:
            self._conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None,
                                         check_same_thread=False)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA busy_timeout = 10000")
            self._conn.execute("PRAGMA foreign_keys = ON")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"journal mode {mode}")
            self._conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise UserError(
                f"The history database {self.path} cannot be opened ({exc}); move it "
                "aside and start Stagecoach again to begin a new history."
            ) from exc
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                paths.make_private(p)

    def _precreate_private(self) -> None:
        """Create the file 0600 ourselves: SQLite gives -wal/-shm the database's mode."""
        if not self.path.exists():
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, paths.FILE_MODE)
            os.close(fd)
        paths.make_private(self.path)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: take the write lock up front)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _migrate(self) -> None:
        with self._lock:
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise UserError(
                    f"The history database {self.path} was written by a newer Stagecoach; "
                    "update Stagecoach to open it."
                )
            for number in range(version, SCHEMA_VERSION):
                with self._tx() as conn:
                    # Re-check inside the write lock: another process may have migrated.
                    if int(conn.execute("PRAGMA user_version").fetchone()[0]) > number:
                        continue
                    for statement in MIGRATIONS[number].split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # ----- paths stored relative to the data folder, so the folder can move -----------
    @staticmethod
    def _store_path(path: Path | str | None) -> str | None:
        if path is None:
            return None
        p = Path(path)
        try:
            return p.resolve().relative_to(paths.data_home().resolve()).as_posix()
        except ValueError:
            return str(p)

    @staticmethod
    def _load_path(text: str | None) -> Path | None:
        if text is None:
            return None
        p = Path(text)
        return p if p.is_absolute() else paths.data_home() / p

    # ----- sessions and answers ---------------------------------------------------------
    def create_session(self, kind: str = "practice") -> int:
        if kind not in SESSION_KINDS:
            raise ValueError(f"unknown session kind {kind!r}")
        with self._tx() as conn:
            cur = conn.execute("INSERT INTO sessions (kind, started_at) VALUES (?, ?)",
                               (kind, time.time()))
            return int(cur.lastrowid or 0)

    def end_session(self, session_id: int) -> None:
        with self._tx() as conn:
            conn.execute("UPDATE sessions SET ended_at = ? WHERE id = ?",
                         (time.time(), session_id))

    def create_answer(self, session_id: int, bank_id: str, stage_id: str, question_id: str,
                      audio_path: Path | str | None = None) -> int:
        """A new answer in state "recording" (call before capturing the first frame).

        Without ``audio_path`` the answer's audio goes to
        ``recordings/<session>/<answer>.wav`` (see ``default_audio_path``).
        """
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO answers (session_id, bank_id, stage_id, question_id, started_at,"
                " audio_path, state) VALUES (?, ?, ?, ?, ?, ?, 'recording')",
                (session_id, bank_id, stage_id, question_id, time.time(),
                 self._store_path(audio_path)),
            )
            answer_id = int(cur.lastrowid or 0)
            if audio_path is None:
                conn.execute("UPDATE answers SET audio_path = ? WHERE id = ?",
                             (self._store_path(default_audio_path(session_id, answer_id)),
                              answer_id))
            return answer_id

    def set_audio_path(self, answer_id: int, audio_path: Path | str) -> None:
        with self._tx() as conn:
            conn.execute("UPDATE answers SET audio_path = ? WHERE id = ?",
                         (self._store_path(audio_path), answer_id))

    def mark_recorded(self, answer_id: int, duration_s: float, overflows: int = 0, *,
                      recovered: bool = False, ended_at: float | None = None) -> None:
        with self._tx() as conn:
            self._require(conn, answer_id)
            conn.execute(
                "UPDATE answers SET state = 'recorded', duration_s = ?, overflows = ?,"
                " ended_at = ?, failure_reason = NULL, recovered = MAX(recovered, ?)"
                " WHERE id = ?",
                (float(duration_s), int(overflows), ended_at or time.time(), int(recovered),
                 answer_id),
            )

    def mark_failed(self, answer_id: int, reason: str) -> None:
        with self._tx() as conn:
            self._require(conn, answer_id)
            conn.execute(
                "UPDATE answers SET state = 'failed', failure_reason = ?,"
                " ended_at = COALESCE(ended_at, ?) WHERE id = ?",
                (reason, time.time(), answer_id))

    def save_transcript(self, answer_id: int, transcript: dict[str, Any]) -> None:
        """Store (or replace) the transcript; a report made from an older one is dropped."""
        text = json.dumps(transcript, ensure_ascii=False)
        with self._tx() as conn:
            self._require(conn, answer_id)
            conn.execute("DELETE FROM reports WHERE answer_id = ?", (answer_id,))
            conn.execute(
                "INSERT OR REPLACE INTO transcripts (answer_id, engine, model, json, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (answer_id, transcript.get("engine"), transcript.get("model"), text,
                 time.time()))
            conn.execute("UPDATE answers SET state = 'transcribed', failure_reason = NULL"
                         " WHERE id = ?", (answer_id,))

    def save_report(self, answer_id: int, report: dict[str, Any]) -> None:
        text = json.dumps(report, ensure_ascii=False)
        wpm, fpm, pct, zone = _report_figures(report)
        with self._tx() as conn:
            self._require(conn, answer_id)
            conn.execute(
                "INSERT OR REPLACE INTO reports (answer_id, json, wpm, fillers_per_minute,"
                " coverage_pct, zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (answer_id, text, wpm, fpm, pct, zone, time.time()))
            conn.execute("UPDATE answers SET state = 'analyzed', failure_reason = NULL"
                         " WHERE id = ?", (answer_id,))

    @staticmethod
    def _require(conn: sqlite3.Connection, answer_id: int) -> None:
        if conn.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
            raise KeyError(f"no answer {answer_id}")

    def delete_answer(self, answer_id: int) -> None:
        """Remove the answer, its transcript, report and audio file(s)."""
        record = self.get_answer(answer_id)
        with self._tx() as conn:
            conn.execute("DELETE FROM answers WHERE id = ?", (answer_id,))
        if record is not None and record.audio_path is not None:
            for p in (record.audio_path, Path(str(record.audio_path) + ".partial")):
                try:
                    p.unlink()
                except FileNotFoundError:
                    pass
            try:
                record.audio_path.parent.rmdir()  # the session folder, once empty
            except OSError:
                pass

    # ----- reading ----------------------------------------------------------------------
    _SELECT = (
        "SELECT a.*, s.kind AS session_kind, r.wpm, r.fillers_per_minute, r.coverage_pct,"
        " r.zone FROM answers a JOIN sessions s ON s.id = a.session_id"
        " LEFT JOIN reports r ON r.answer_id = a.id"
    )

    def _record(self, row: sqlite3.Row) -> AnswerRecord:
        return AnswerRecord(
            id=row["id"], session_id=row["session_id"], session_kind=row["session_kind"],
            bank_id=row["bank_id"], stage_id=row["stage_id"], question_id=row["question_id"],
            started_at=row["started_at"], ended_at=row["ended_at"],
            audio_path=self._load_path(row["audio_path"]), duration_s=row["duration_s"],
            overflows=row["overflows"], state=row["state"],
            failure_reason=row["failure_reason"], recovered=bool(row["recovered"]),
            wpm=row["wpm"], fillers_per_minute=row["fillers_per_minute"],
            coverage_pct=row["coverage_pct"], zone=row["zone"],
        )

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._conn.execute(sql, args).fetchall())

    def get_answer(self, answer_id: int) -> AnswerRecord | None:
        rows = self._query(self._SELECT + " WHERE a.id = ?", (answer_id,))
        return self._record(rows[0]) if rows else None

    def list_answers(self, bank_id: str | None = None, stage_id: str | None = None,
                     question_id: str | None = None, state: str | None = None,
                     session_id: int | None = None) -> list[AnswerRecord]:
        """Answers, oldest first, with their report figures (History view, trends)."""
        where, args = [], []
        for column, value in (("a.bank_id", bank_id), ("a.stage_id", stage_id),
                              ("a.question_id", question_id), ("a.state", state),
                              ("a.session_id", session_id)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        sql = self._SELECT + (" WHERE " + " AND ".join(where) if where else "")
        rows = self._query(sql + " ORDER BY a.started_at, a.id", tuple(args))
        return [self._record(r) for r in rows]

    def list_sessions(self) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT s.id, s.kind, s.started_at, s.ended_at, COUNT(a.id) AS answers"
            " FROM sessions s LEFT JOIN answers a ON a.session_id = s.id"
            " GROUP BY s.id ORDER BY s.started_at, s.id")
        return [dict(r) for r in rows]

    def get_transcript(self, answer_id: int) -> dict[str, Any] | None:
        rows = self._query("SELECT json FROM transcripts WHERE answer_id = ?", (answer_id,))
        return dict(json.loads(rows[0]["json"])) if rows else None

    def get_report(self, answer_id: int) -> dict[str, Any] | None:
        rows = self._query("SELECT json FROM reports WHERE answer_id = ?", (answer_id,))
        return dict(json.loads(rows[0]["json"])) if rows else None

    def missed_concepts(self, bank_id: str | None = None, stage_id: str | None = None,
                        limit: int | None = None) -> list[tuple[str, int]]:
        """Concept ids most often missing from analysed answers, most missed first."""
        sql = ("SELECT r.json FROM reports r JOIN answers a ON a.id = r.answer_id"
               " WHERE (? IS NULL OR a.bank_id = ?) AND (? IS NULL OR a.stage_id = ?)")
        counts: Counter[str] = Counter()
        for row in self._query(sql, (bank_id, bank_id, stage_id, stage_id)):
            coverage = json.loads(row["json"]).get("coverage")
            missing = coverage.get("missing", []) if isinstance(coverage, dict) else []
            counts.update(str(m) for m in missing if isinstance(m, str))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:limit] if limit is not None else ranked

    def integrity_ok(self) -> bool:
        rows = self._query("PRAGMA integrity_check")
        return bool(rows) and rows[0][0] == "ok"

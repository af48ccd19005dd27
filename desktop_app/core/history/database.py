"""The history database's connection: SQLite opened private, in WAL mode, migrated to the
newest schema, with one write transaction at a time and errors turned into one sentence.

- WAL mode (readers never block the writer and a crash never leaves a half-applied
  change), foreign keys on, ``busy_timeout`` so several processes (app, CLI) can share it.
- Schema changes are migrations numbered by ``PRAGMA user_version``; each runs in one
  transaction with the version bump, so an interrupted upgrade is simply redone.
- Threads: one connection per object opened with ``check_same_thread=False`` and every
  use guarded by its lock, so one may be shared by the UI's worker threads. (Separate
  objects, in threads or processes, are separate connections: WAL lets one write while the
  others read.)
- Privacy: the folder is 0700 and the database (and its -wal/-shm files, which SQLite
  creates with the database file's mode) 0600.
- Text that is not UTF-8 (a damaged page) reads as ``Unreadable``, so only its own row is
  lost, never the query.

``Store`` (store.py) builds what the history holds on top of this.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from desktop_app.core import paths
from desktop_app.core.history.store_errors import (
    DatabaseNewer,
    DatabaseProblem,
    DatabaseUnavailable,
    translate,
)
from desktop_app.core.history.store_schema import MIGRATIONS, SCHEMA_VERSION, after_migration


class Unreadable(str):
    """Stands for stored text that is not UTF-8 (a damaged page of the database)."""


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return Unreadable("")


def _unreadable(row: sqlite3.Row) -> bool:
    return any(isinstance(value, Unreadable) for value in tuple(row))


class Database:
    """The SQLite file at ``path`` (default: the data folder's stagecoach.sqlite)."""

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
            self._conn.text_factory = _text
            self._conn.execute("PRAGMA busy_timeout = 10000")
            self._conn.execute("PRAGMA foreign_keys = ON")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"journal mode {mode}")
            self._conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._conn_close_quietly()
            raise translate(exc, self.path) or DatabaseUnavailable(self.path) from exc
        except DatabaseProblem:
            self._conn_close_quietly()
            raise
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

    def _conn_close_quietly(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:  # already unusable: nothing to keep
                pass

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: take the write lock up front)."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                problem = translate(exc, self.path)
                if problem is None:
                    raise
                if self._conn.in_transaction:  # e.g. COMMIT failed on a full disk
                    try:
                        self._conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise problem from exc

    def _migrate(self) -> None:
        with self._lock:
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise DatabaseNewer(self.path)
            for number in range(version, SCHEMA_VERSION):
                with self._tx() as conn:
                    # Re-check inside the write lock: another process may have migrated.
                    if int(conn.execute("PRAGMA user_version").fetchone()[0]) > number:
                        continue
                    for statement in MIGRATIONS[number].split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    after_migration(number + 1, conn)
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

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return list(self._conn.execute(sql, args).fetchall())
            except sqlite3.DatabaseError as exc:
                problem = translate(exc, self.path)
                if problem is None:
                    raise
                raise problem from exc

    @staticmethod
    def _require(conn: sqlite3.Connection, answer_id: int) -> None:
        if conn.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
            raise KeyError(f"no answer {answer_id}")

    def integrity_ok(self) -> bool:
        rows = self._query("PRAGMA integrity_check")
        return bool(rows) and rows[0][0] == "ok"

"""Copies of the history database in ``backups/``, and putting one back.

A damaged database used to leave one way out: move it aside and lose the whole history.
Now each start copies the database with SQLite's online backup API (a consistent copy even
while another process writes) when it changed since the last copy, keeps the newest few,
and a damaged database can be swapped for the newest copy that passes SQLite's integrity
check. The damaged file is moved aside, never deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import time
from pathlib import Path

from desktop_app.core import no_clobber, paths
from desktop_app.core.history.store_schema import SCHEMA_VERSION

log = logging.getLogger(__name__)

PREFIX = "stagecoach-"
SUFFIX = ".sqlite"
DEFAULT_KEEP = 5


def backups_dir() -> Path:
    return paths.data_home() / "backups"


def list_backups() -> list[Path]:
    """Backups, newest first (their names sort by the time they were made)."""
    folder = backups_dir()
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()),
                  key=lambda p: p.name, reverse=True)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy ``source`` into the new file ``target`` (0600) with the online backup API."""
    os.close(no_clobber.create_exclusive(target))
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        # A self-contained file: no -wal/-shm beside the copy, and the same bytes each
        # time for the same content (so an unchanged database is not copied again).
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    paths.make_private(target)


def _backup_name(now: float) -> str:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    return f"{PREFIX}{stamp}-{int((now % 1) * 1_000_000):06d}{SUFFIX}"


def make_backup(database: Path, keep: int = DEFAULT_KEEP, now: float | None = None
                ) -> Path | None:
    """Copy ``database`` into backups/ unless the newest backup already holds the same
    content; remove backups beyond the newest ``keep``. Returns the new copy, or None."""
    folder = paths.ensure_private_dir(backups_dir())
    tmp = folder / f".{PREFIX}{os.getpid()}-new{SUFFIX}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()  # left by a copy that was cut short
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _copy(source, tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        source.close()
    existing = list_backups()
    if existing and _digest(existing[0]) == _digest(tmp):
        tmp.unlink()
        return None
    made = no_clobber.move(tmp, folder / _backup_name(time.time() if now is None else now))
    for old in list_backups()[max(1, keep):]:
        with contextlib.suppress(OSError):
            old.unlink()
    return made


def is_good(backup: Path) -> bool:
    """True when ``backup`` opens, passes the integrity check and this version reads it."""
    try:
        conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return ok and 0 < version <= SCHEMA_VERSION
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def newest_good_backup() -> Path | None:
    return next((b for b in list_backups() if is_good(b)), None)


def restore(backup: Path, database: Path) -> Path:
    """Put a copy of ``backup`` in place of ``database``, which is moved aside (with its
    -wal and -shm files) as ``<name>.damaged-<time>``. Returns where it was moved."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.name}.damaged-{stamp}")
    moved = database
    if database.exists():
        moved = no_clobber.move(database, aside)
    for extra in ("-wal", "-shm"):
        companion = Path(str(database) + extra)
        if companion.exists():  # it belongs to the damaged file: keep them together
            no_clobber.move(companion, Path(str(moved) + extra))
    tmp = database.with_name(f".{database.name}.{os.getpid()}.restoring")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _copy(source, tmp)
    finally:
        source.close()
    placed = no_clobber.move(tmp, database)
    if placed != database:  # something created the database meanwhile: keep both
        log.warning("restored backup kept as %s: %s appeared meanwhile", placed, database)
    log.info("history database restored from %s; the damaged one is %s", backup, moved)
    return moved

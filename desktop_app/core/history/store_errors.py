"""What can be wrong with the history database, as sentences for the user.

SQLite's own messages ("database disk image is malformed", "database or disk is full")
name neither the file nor the way forward, and must never reach the screen; these do.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.core.errors import UserError


class DatabaseProblem(UserError):
    """The history database cannot be used as it is."""

    kind = "problem"


class DatabaseDamaged(DatabaseProblem):
    kind = "damaged"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The history database {path} is damaged and cannot be read; restore its "
            "newest backup (Stagecoach offers it when it starts, and `stagecoach doctor` "
            "lists the backups). New answers are kept in the recordings folder meanwhile.")
        self.path = path


class DatabaseNewer(DatabaseProblem):
    kind = "newer"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The history database {path} was written by a newer Stagecoach; update "
            "Stagecoach to open it. New answers are kept in the recordings folder meanwhile.")
        self.path = path


class DatabaseUnavailable(DatabaseProblem):
    kind = "unavailable"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The history database {path} cannot be opened right now (another program may "
            "be holding it); close other Stagecoach windows and try again.")
        self.path = path


class DatabaseFull(DatabaseProblem):
    kind = "full"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The disk holding the history database {path} is full; free some space and "
            "Stagecoach will finish what it could not write at its next start.")
        self.path = path


def translate(exc: sqlite3.DatabaseError, path: Path) -> DatabaseProblem | None:
    """The user's sentence for an SQLite error, or None when it is not about the file."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None  # extended codes carry it
    text = str(exc)
    if primary == sqlite3.SQLITE_FULL or "disk is full" in text:
        return DatabaseFull(path)
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or \
            "malformed" in text or "not a database" in text:
        return DatabaseDamaged(path)
    return None

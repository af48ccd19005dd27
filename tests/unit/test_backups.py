"""Backups of the history database: copies with SQLite's backup API, rotation, restore."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.history import backups
from desktop_app.core.history.store import Store


def test_backups_rotate_skip_damaged_copies_and_restore_moves_the_damaged_file_aside(
        stagecoach_home: Path) -> None:
    database = paths.database_path()
    store = Store()
    sid = store.create_session()
    made = []
    for n in range(7):
        store.create_answer(sid, "b", "s", f"q{n}")
        copy = backups.make_backup(database, keep=5, now=time.time() + n)
        assert copy is not None
        made.append(copy)
    assert backups.make_backup(database, keep=5) is None  # nothing changed since
    kept = backups.list_backups()
    assert kept == made[:1:-1]  # the newest five, newest first
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in kept)
    assert stat.S_IMODE(backups.backups_dir().stat().st_mode) == 0o700
    assert not list(backups.backups_dir().glob("*-wal"))  # self-contained copies
    store.close()

    kept[0].write_bytes(kept[0].read_bytes()[:2048])  # the newest copy is cut short
    assert not backups.is_good(kept[0])
    good = backups.newest_good_backup()
    assert good == kept[1]

    damaged = b"not a database " * 100
    database.write_bytes(damaged)
    aside = backups.restore(good, database)
    assert aside.read_bytes() == damaged and aside.name.startswith("stagecoach.sqlite.damaged-")
    with Store() as restored:
        assert len(restored.list_answers()) == 6  # the copy made after the sixth answer
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_doctor_lists_the_backups_newest_first_with_their_state(
        stagecoach_home: Path) -> None:
    from desktop_app.commands.doctor import _backups

    lines: list[str] = []
    _backups(lines)
    assert lines == ["History backups: none yet (one is made at each start when the "
                     "history changed)"]
    with Store() as store:
        store.create_session()
        older = backups.make_backup(paths.database_path(), now=time.time() - 60)
        store.create_session()
        newer = backups.make_backup(paths.database_path())
    assert older is not None and newer is not None
    older.write_bytes(b"cut")
    lines.clear()
    _backups(lines)
    assert lines[1].startswith(f"  {newer.name}: ") and lines[1].endswith(", good")
    assert lines[2].startswith(f"  {older.name}: ") and lines[2].endswith(", damaged")

"""The data folder's trash: deleted recordings wait here until they are purged.

Deleting an answer is one click away from losing what the user said, so its audio is
moved here (not unlinked) and can be brought back with Undo. A file's modification time is
set to the moment of deletion, so purging by age works from the files alone, even when
the database that deleted them is gone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from pathlib import Path

from desktop_app.core import no_clobber, paths

log = logging.getLogger(__name__)

DEFAULT_KEEP_DAYS = 30


def trash_dir() -> Path:
    return paths.data_home() / "trash"


def _place_for(path: Path) -> Path:
    """Where ``path`` goes in the trash: its place under recordings/, else a flat name."""
    try:
        relative = path.resolve().relative_to(paths.recordings_dir().resolve())
    except ValueError:
        relative = Path("elsewhere") / path.name
    return trash_dir() / relative


def move_to_trash(path: Path) -> Path:
    """Move ``path`` into the trash (never over another file there); returns its place."""
    target = no_clobber.move(path, _place_for(path))
    with contextlib.suppress(OSError):
        os.utime(target)  # the clock of the purge starts now
    paths.make_private(target)
    return target


def restore(trashed: Path, original: Path) -> Path:
    """Move a trashed file back to ``original`` (or a free name beside it)."""
    return no_clobber.move(trashed, original)


def purge(keep_days: float, now: float | None = None) -> int:
    """Remove trashed files older than ``keep_days``; returns how many were removed."""
    root = trash_dir()
    if not root.is_dir():
        return 0
    cutoff = (now if now is not None else time.time()) - keep_days * 86400
    removed = 0
    for f in sorted(root.rglob("*"), reverse=True):  # files before their folders
        try:
            if f.is_dir():
                if f != root:
                    with contextlib.suppress(OSError):
                        f.rmdir()  # only once empty
                continue
            if f.stat().st_mtime < cutoff:
                f.unlink()
                removed += 1
        except OSError as exc:  # one stubborn file must not stop the others
            log.warning("could not purge %s from the trash: %s", f, exc)
    return removed

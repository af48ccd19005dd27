"""Create and move files without ever replacing one that is already there.

A recording is the one copy of what the user said: a name that happens to exist already
(another database's answer 1, a file restored from the trash) must get a new name, never
be overwritten. ``os.replace`` and POSIX ``rename`` overwrite silently, so moves here go
through a hard link (which fails when the target exists) and creations use O_EXCL.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from desktop_app.core import paths

# Link is unsupported on some file systems (FAT, some network shares): rename there.
_NO_LINK = {errno.EPERM, errno.EXDEV, errno.EMLINK, getattr(errno, "ENOTSUP", -1),
            getattr(errno, "EOPNOTSUPP", -1)}


def candidates(path: Path) -> Iterator[Path]:
    """``path``, then ``<stem>-2<suffix>``, ``<stem>-3<suffix>``, … beside it."""
    yield path
    n = 2
    while True:
        yield path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1


def taken(path: Path, companions: tuple[str, ...] = ()) -> bool:
    """True when ``path`` or ``path`` + any of ``companions`` (e.g. ".partial") exists."""
    return any(Path(str(path) + extra).exists() for extra in ("", *companions))


def free_name(path: Path, companions: tuple[str, ...] = ()) -> Path:
    """The first of ``candidates(path)`` not taken (see ``taken``)."""
    return next(p for p in candidates(path) if not taken(p, companions))


def create_exclusive(path: Path) -> int:
    """Open a new file at ``path`` for writing (0600); FileExistsError when it exists."""
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                   paths.FILE_MODE)


def move_exact(src: Path, dst: Path) -> None:
    """Move ``src`` to exactly ``dst``; FileExistsError when ``dst`` exists."""
    if sys.platform == "win32":
        os.rename(src, dst)  # Windows' rename refuses an existing target by itself
        return
    try:
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
        if exc.errno == errno.EXDEV:  # another disk: copy into a new file, then remove
            fd = create_exclusive(dst)
            with os.fdopen(fd, "wb") as out, open(src, "rb") as source:
                shutil.copyfileobj(source, out)
                out.flush()
                os.fsync(out.fileno())
        else:
            if dst.exists():
                raise FileExistsError(errno.EEXIST, "exists", str(dst)) from exc
            os.rename(src, dst)
            return
    os.unlink(src)


def move(src: Path, dst: Path) -> Path:
    """Move ``src`` to ``dst``, or to the first free name beside it; returns where."""
    if not dst.parent.exists():
        paths.ensure_private_dir(dst.parent)
    for target in candidates(dst):
        try:
            move_exact(src, target)
        except FileExistsError:
            continue
        return target
    raise AssertionError("unreachable")  # candidates() never ends

"""A record of the errors Python cannot catch: a fatal error or a crash in native code.

An exception leaves a crash log through the command line's handler, but a fatal error
(such as "none_dealloc" from a faulty Qt binding) or a segmentation fault kills the
interpreter before any handler runs, and once that left no trace at all. faulthandler
writes the stacks of every thread to ``logs/fatal.log`` as the process dies; the next
start keeps that file under a crash log's name and tells the user what happened.
"""

from __future__ import annotations

import faulthandler
import os
import time
from pathlib import Path
from typing import IO

from desktop_app.core import paths

FATAL_LOG = "fatal.log"

_handle: IO[str] | None = None  # kept open for the life of the process


def _fatal_log_path() -> Path:
    return paths.logs_dir() / FATAL_LOG


def keep_previous_fatal_log() -> Path | None:
    """Rename a fatal log left by the last run to ``crash-<time>-fatal.log``; its path."""
    log = _fatal_log_path()
    try:
        if log.stat().st_size == 0:
            return None
    except OSError:
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(log.stat().st_mtime))
    kept = log.with_name(f"crash-{stamp}-{os.getpid()}-fatal.log")
    try:
        os.replace(log, kept)
    except OSError:
        return None
    return kept


def enable_fatal_log() -> Path | None:
    """Have faulthandler write to the fatal log from now on; None if it cannot be opened."""
    global _handle
    if _handle is not None:
        return _fatal_log_path()
    log = _fatal_log_path()
    try:
        paths.ensure_private_dir(log.parent)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, paths.FILE_MODE)
        _handle = os.fdopen(fd, "w", encoding="utf-8")
    except OSError:
        return None
    faulthandler.enable(file=_handle, all_threads=True)
    return log


def previous_crash_sentence(kept: Path) -> str:
    return (f"Stagecoach stopped unexpectedly last time; an answer being recorded then is "
            f"recovered into History, and the details are in {kept}.")

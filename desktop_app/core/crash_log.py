"""Crash logs (``logs/crash-*.log``): one file per crash, never one over another.

Names carried only the second, so two crashes in one second (a command run in a loop, the
app and a command at once) wrote into one file and the first report was lost. The name now
has the microseconds and the process id, and the file is created exclusively: a name that
exists anyway gets a counter.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from desktop_app.core import no_clobber, paths


def crash_log_name(now: float | None = None, pid: int | None = None) -> str:
    now = time.time() if now is None else now
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    micro = round((now % 1) * 1_000_000) % 1_000_000
    return f"crash-{stamp}-{micro:06d}-{pid if pid is not None else os.getpid()}.log"


def write_crash_log(text: str, now: float | None = None) -> Path:
    """Write ``text`` to a new crash log in the logs folder (0600); returns its path."""
    folder = paths.ensure_private_dir(paths.logs_dir())
    for path in no_clobber.candidates(folder / crash_log_name(now)):
        try:
            fd = no_clobber.create_exclusive(path)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return path
    raise AssertionError("unreachable")  # candidates() never ends

"""Which paths may be opened as audio, and how long an answer may be.

Only a regular file is ever opened: a named pipe blocks the open until something writes
to it (``analyze`` on a FIFO hung forever), a device such as /dev/zero never ends, and a
socket cannot be read at all. The type is taken from ``os.stat`` before any open, so each
gets a sentence saying what it is instead of a hang or a misleading "empty".
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from desktop_app.core.errors import UserError

# The longest answer Stagecoach analyses. No interview answer comes near it, and it bounds
# what one file can cost: 3 h at 16 kHz float32 is 691 MB in memory.
MAX_AUDIO_S = 3 * 3600
MAX_AUDIO_WORDS = "3 hours"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def check_audio_file(path: Path) -> int:
    """The size of the regular file at ``path``; UserError for anything else.

    Raises with one sentence for a missing path, a folder, a pipe, device or socket, a
    file that cannot be opened and an empty file.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise UserError(f"The audio file {path} does not exist; check the path.") from exc
    except PermissionError as exc:
        raise UserError(f"The audio file {path} cannot be read: permission denied.") from exc
    except OSError as exc:
        raise UserError(f"The audio file {path} cannot be read ({exc.strerror}).") from exc
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"{path} is a folder, not an audio file; give the path of a file.")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"{path} is not a regular audio file (it is {_kind(info.st_mode)}); "
                        "give the path of a recorded audio file.")
    try:
        with path.open("rb"):
            pass
    except PermissionError as exc:
        raise UserError(f"The audio file {path} cannot be read: permission denied.") from exc
    except OSError as exc:
        raise UserError(f"The audio file {path} cannot be read ({exc.strerror}).") from exc
    if info.st_size == 0:
        raise UserError(f"The audio file {path} is empty; record or pick another file.")
    return info.st_size


def too_long_sentence(path: Path) -> str:
    return (f"{path} is longer than {MAX_AUDIO_WORDS}, the longest answer Stagecoach "
            "analyses; cut it down to the answer and try again.")

"""What the recorder tells the user when a recording stops by itself: one sentence each,
saying what happened and that the audio so far was kept."""

from __future__ import annotations

import errno
from pathlib import Path

DEVICE_LOST = (
    "The microphone or the audio system stopped during the recording; the {seconds:.1f} s "
    "recorded until then were kept in {path}."
)
INPUT_STALLED = (
    "The microphone stopped sending sound (nothing for {stall:.0f} s), so the recording "
    "stopped; the {seconds:.1f} s recorded until then were kept in {path}. Check the "
    "microphone, or pick another one in Settings."
)
NO_SOUND_AT_ALL = (
    "The microphone '{device}' sent no sound for {stall:.0f} s, so the recording stopped; "
    "check that it is connected and not used by another program, or pick another one in "
    "Settings."
)


def write_failure_message(exc: OSError, path: Path, seconds: float) -> str:
    kept = f"the {seconds:.1f} s recorded until then were kept in {path}"
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"The disk is full, so the recording stopped; {kept}. Free some space first."
    if exc.errno == errno.EFBIG:
        return f"The recording reached the largest file size allowed here, so it stopped; {kept}."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Stagecoach lost permission to write the recording, so it stopped; {kept}."
    return f"Writing the recording failed ({exc.strerror or exc}), so it stopped; {kept}."

# The audio is on disk but the history database could not record it (its disk is full):
# recovery settles the answer at the next start, once there is room.
DISK_FULL_SAVED = (
    "The disk is full: your answer so far is saved in {path}; free some space, and "
    "Stagecoach will settle it in History when it next starts."
)

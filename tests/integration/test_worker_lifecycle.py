"""The transcription worker never outlives the app, even when the app is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

SCRIPT = """
import sys, time
from desktop_app.transcription.worker import TranscriptionWorker
if __name__ == "__main__":
    w = TranscriptionWorker()
    print(w.pid, flush=True)
    time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose (its parent, the killed app, never reaps it).
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_worker_dies_when_the_app_is_killed() -> None:
    app = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    child = int(app.stdout.readline())
    assert _alive(child)
    app.send_signal(signal.SIGKILL)
    app.wait(timeout=10)
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the worker kept running after the app was killed"


_TRACKER_STDERR = """
import os
from multiprocessing import resource_tracker
from desktop_app.transcription.worker import TranscriptionWorker
with TranscriptionWorker() as worker:
    pid = resource_tracker._resource_tracker._pid
    print(os.readlink(f"/proc/{pid}/fd/2"))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_resource_tracker_never_writes_on_the_users_stderr() -> None:
    """Python's resource tracker outlives the command by a moment and can warn about its
    own clean-up after the one plain sentence; it is started with stderr on /dev/null,
    while the command's own stderr stays where it was."""
    out = subprocess.run([sys.executable, "-c", _TRACKER_STDERR + "\nimport sys\n"
                          "print('still here', file=sys.stderr)"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == os.devnull
    assert "still here" in out.stderr

"""The transcription worker never outlives the app, even when the app is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

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

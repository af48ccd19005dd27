"""A fatal error that kills the interpreter leaves a log, and the next start keeps it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop_app.core import fatal_log

CRASH = ("from desktop_app.core import fatal_log; fatal_log.enable_fatal_log(); "
         "import faulthandler; faulthandler._sigsegv()")


def test_a_crash_in_native_code_is_logged_and_kept_at_the_next_start(
        stagecoach_home: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", CRASH], capture_output=True, text=True,
                          timeout=60, env=dict(os.environ))
    assert proc.returncode != 0
    log = stagecoach_home / "logs" / fatal_log.FATAL_LOG
    assert "Fatal Python error: Segmentation fault" in log.read_text(encoding="utf-8")
    assert oct(log.stat().st_mode & 0o777) == "0o600"

    kept = fatal_log.keep_previous_fatal_log()
    assert kept is not None and kept.name.startswith("crash-")
    assert kept.name.endswith("-fatal.log") and not log.exists()
    assert "Segmentation fault" in kept.read_text(encoding="utf-8")
    assert str(kept) in fatal_log.previous_crash_sentence(kept)
    # A clean run leaves an empty log, which is nothing to report. (In a child process:
    # enabled here it would take pytest's own fault handler away from the run.)
    clean = "from desktop_app.core import fatal_log; print(fatal_log.enable_fatal_log())"
    out = subprocess.run([sys.executable, "-c", clean], capture_output=True, text=True,
                         timeout=60, check=True).stdout.strip()
    assert out == str(log) and log.exists()
    assert fatal_log.keep_previous_fatal_log() is None

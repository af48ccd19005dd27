"""Crash logs: two crashes in the same second leave two files, each with its own report."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from desktop_app import cli
from desktop_app.core.crash_log import write_crash_log


def test_two_crashes_in_one_second_keep_both_reports(stagecoach_home: Path) -> None:
    written = []
    for n in range(2):
        try:
            raise RuntimeError(f"crash number {n}")
        except RuntimeError:
            written.append(cli._write_crash_log())
    assert None not in written and written[0] != written[1]
    texts = [Path(str(p)).read_text(encoding="utf-8") for p in written]
    assert "crash number 0" in texts[0] and "crash number 1" in texts[1]

    now = time.time()  # the very same instant, as two processes could see it
    a, b = write_crash_log("first", now), write_crash_log("second", now)
    assert a != b and a.read_text(encoding="utf-8") == "first"
    assert b.read_text(encoding="utf-8") == "second"
    logs = sorted((stagecoach_home / "logs").glob("crash-*.log"))
    assert len(logs) == 4
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in logs)

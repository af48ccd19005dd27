"""Log records go to logs/stagecoach.log, never to the CLI's stderr (one plain sentence)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from desktop_app.cli import LogFile
from tests.support.record import PROJECT_ROOT

LOGS = ("import logging, sys\n"
        "from desktop_app.cli import configure_logging\n"
        "configure_logging('--debug' in sys.argv)\n"
        "logging.getLogger('desktop_app.core.audio.devices').warning('the sound server hung')\n"
        "logging.getLogger('desktop_app.core.audio.player').info('cannot read a.wav')\n"
        "logging.getLogger('desktop_app.core.audio.player').debug('detail')\n")


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LOGS, *args], cwd=PROJECT_ROOT,
                          env=dict(os.environ, STAGECOACH_HOME=str(home)),
                          capture_output=True, text=True, timeout=60)


def test_records_go_to_the_log_file_not_to_stderr(stagecoach_home: Path) -> None:
    proc = _run(stagecoach_home)
    assert proc.returncode == 0 and proc.stderr == ""
    log = stagecoach_home / "logs" / "stagecoach.log"
    lines = log.read_text().splitlines()
    assert [line.split(" ", 2)[2] for line in lines] == [
        "WARNING desktop_app.core.audio.devices: the sound server hung",
        "INFO desktop_app.core.audio.player: cannot read a.wav"]
    assert stat.S_IMODE(log.stat().st_mode) & 0o077 == 0  # the user's alone
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_debug_also_shows_them_on_stderr(stagecoach_home: Path) -> None:
    proc = _run(stagecoach_home, "--debug")
    assert "the sound server hung" in proc.stderr and "detail" in proc.stderr


def test_nothing_logged_leaves_nothing_behind(stagecoach_home: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "banks", "list"],
                          cwd=PROJECT_ROOT, env=dict(os.environ, STAGECOACH_HOME=str(
                              stagecoach_home)), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert not (stagecoach_home / "logs").exists()


def test_the_file_is_kept_under_a_megabyte(stagecoach_home: Path) -> None:
    import logging

    handler = LogFile()
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "x" * 1000, None, None)
    for _ in range(1100):
        handler.handle(record)
    folder = stagecoach_home / "logs"
    assert (folder / "stagecoach.log.1").stat().st_size > LogFile.MAX_BYTES
    assert (folder / "stagecoach.log").stat().st_size < 200_000

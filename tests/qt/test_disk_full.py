"""The disk fills up during an answer: the audio is kept, one plain sentence says what to
do, the event is logged, and the answer is settled (now or at the next start).

A real full disk: the data folder is on a small tmpfs, filled while the app records."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.cli import LogFile
from desktop_app.core.history.store import Store
from desktop_app.core.settings import StorageSettings
from desktop_app.core.startup_checks import run_startup_checks
from tests.support.record import wav_seconds

pytestmark = pytest.mark.audio


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs",
                           str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("a small file system cannot be mounted here (needs root)")
    home = mount / "home"
    monkeypatch.setenv("STAGECOACH_HOME", str(home))
    log_file, root = LogFile(), logging.getLogger()
    level = root.level
    root.addHandler(log_file)  # as the app's entry point does
    root.setLevel(logging.INFO)
    try:
        yield home
    finally:
        root.removeHandler(log_file)
        root.setLevel(level)
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    """Write until the file system says it is full."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 4096)
    return filler


def test_disk_full_mid_answer_keeps_the_audio_says_so_and_settles_the_answer(
        small_disk: Path, window: Any, qtbot: Any) -> None:
    store = window.context.store()
    assert store.path.parent == small_disk
    view = window.page("rehearse")
    view.answer_button.setFocus()
    qtbot.keyClick(view.answer_button, Qt.Key.Key_Space)
    model = view.model
    qtbot.waitUntil(lambda: model.session is not None and model.session.is_recording,
                    timeout=10_000)
    qtbot.wait(1000)
    answer_id = model.session.answer_id
    filler = _fill(small_disk)
    with pytest.raises(OSError) as full:
        (small_disk / "one-more").write_bytes(b"x" * 65536)
    assert full.value.errno == errno.ENOSPC

    qtbot.waitUntil(lambda: model.session is None, timeout=60_000)
    text = window.banner.text
    assert window.banner.level == "error"
    assert text.startswith("The disk is full: your answer so far is saved in "), text
    assert "Error" not in text and "(" not in text
    log = small_disk / "logs" / "stagecoach.log"
    with Store() as during:  # the database had no room to settle the answer
        assert during.get_answer(answer_id).state == "recording"  # type: ignore[union-attr]

    os.unlink(filler)  # the user frees some space
    (small_disk / "one-more").unlink(missing_ok=True)
    window.context.forget_store()
    report = run_startup_checks(StorageSettings())
    assert report.problem is None
    with Store() as after:
        row = after.get_answer(answer_id)
    assert row is not None and row.state in ("recorded", "failed", "analyzed"), row
    assert row.state != "recording"
    assert row.audio_path is not None and wav_seconds(row.audio_path) >= 0.9
    # Written once there was room again (the first record after the disk was freed).
    logged = log.read_text(encoding="utf-8")
    assert f"disk full while finishing answer {answer_id}" in logged
    assert logged.index("disk full while") < logged.index(f"recovered answer {answer_id}")

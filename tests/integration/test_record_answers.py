"""Answers recorded into the history, and recovery after the app is killed mid-answer."""

from __future__ import annotations

import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.core.answer_recording import AnswerRecording
from desktop_app.core.history.recovery import recover
from desktop_app.core.history.store import Store
from tests.support.audio import PulseServer
from tests.support.record import PROJECT_ROOT, wait_for_line, wav_seconds

pytestmark = pytest.mark.audio

APP_RECORDING = (
    "import sys, time\n"
    "from desktop_app.core.answer_recording import AnswerRecording\n"
    "from desktop_app.core.history.store import Store\n"
    "store = Store(); sid = store.create_session('mock')\n"
    "rec = AnswerRecording(store, sid, 'ai-lab-data-pm', 'case-study', 'cs-q', 'pulse')\n"
    "print('Recording answer', rec.start(), flush=True)\n"
    "time.sleep(120)\n"
)


def test_answer_is_recorded_into_the_history(pulse: PulseServer, stagecoach_home: Path) -> None:
    store = Store()
    sid = store.create_session()
    rec = AnswerRecording(store, sid, "bank", "stage", "q", device="pulse")
    answer_id = rec.start()
    assert answer_id is not None
    row = store.get_answer(answer_id)
    assert row is not None and row.state == "recording"  # before the first frame
    assert rec.notice is None
    time.sleep(0.8)
    result = rec.stop()
    row = store.get_answer(answer_id)
    assert row is not None and row.audio_path is not None
    assert (row.state, row.duration_s, row.overflows, row.recovered) == \
        ("recorded", result.duration_s, 0, False)
    assert row.audio_path.parent.parent == stagecoach_home / "recordings"
    assert row.audio_path.name == f"{answer_id}.wav"
    assert wav_seconds(row.audio_path) == result.duration_s >= 0.7
    assert not Path(str(row.audio_path) + ".partial").exists()
    assert stat.S_IMODE(row.audio_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(row.audio_path.parent.stat().st_mode) == 0o700
    assert recover(store) == []


def _record(store: Store, seconds: float) -> Path:
    rec = AnswerRecording(store, store.create_session(), "bank", "stage", "q", device="pulse")
    answer_id = rec.start()
    assert answer_id is not None
    time.sleep(seconds)
    rec.stop()
    row = store.get_answer(answer_id)
    assert row is not None and row.audio_path is not None and row.state == "recorded"
    return row.audio_path


def test_a_new_database_never_records_over_the_old_ones_answers(
        pulse: PulseServer, stagecoach_home: Path) -> None:
    first = Store()
    old = _record(first, 0.5)
    old_bytes = old.read_bytes()
    first.close()
    # What the app advises for a damaged database: move it aside, start again.
    database = stagecoach_home / "stagecoach.sqlite"
    database.rename(database.with_name("stagecoach.sqlite.old"))
    second = Store()
    new = _record(second, 0.5)
    assert second.list_answers()[0].id == 1  # ids restart: names must not
    assert new != old and old.read_bytes() == old_bytes

    # A file already where the next answer would go is kept; the answer takes a free name.
    sid = second.create_session()
    a = second.create_answer(sid, "bank", "stage", "q")
    planned = second.get_answer(a).audio_path  # type: ignore[union-attr]
    assert planned is not None
    second.mark_failed(a, "not recorded")
    planned.parent.mkdir(parents=True, exist_ok=True)
    planned.with_name(f"{a + 1}.wav").write_bytes(b"someone else's")
    rec = AnswerRecording(second, sid, "bank", "stage", "q", device="pulse")
    answer_id = rec.start()
    assert answer_id is not None
    time.sleep(0.5)
    rec.stop()
    row = second.get_answer(answer_id)
    assert row is not None and row.audio_path is not None
    assert row.audio_path == planned.with_name(f"{a + 1}-2.wav")
    assert wav_seconds(row.audio_path) >= 0.4
    assert planned.with_name(f"{a + 1}.wav").read_bytes() == b"someone else's"


def test_app_killed_mid_answer_is_recovered_with_its_real_duration(
        pulse: PulseServer, stagecoach_home: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", APP_RECORDING], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answer_id = int(wait_for_line(proc, "Recording answer").split()[-1])
    started = time.monotonic()
    time.sleep(2.5)
    elapsed = time.monotonic() - started
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    store = Store()
    row = store.get_answer(answer_id)
    assert row is not None and row.state == "recording" and row.audio_path is not None
    partial = Path(str(row.audio_path) + ".partial")
    assert partial.exists() and not row.audio_path.exists()
    done = recover(store)
    assert [r.answer_id for r in done] == [answer_id]
    saved = wav_seconds(row.audio_path)
    assert done[0].duration_s == saved >= elapsed - 1.0
    row = store.get_answer(answer_id)
    assert row is not None
    assert (row.state, row.duration_s, row.recovered) == ("recorded", saved, True)
    assert recover(store) == []

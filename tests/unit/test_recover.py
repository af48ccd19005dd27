"""Recovery of interrupted recordings: real files left by killed writers, real SQLite."""

from __future__ import annotations

import signal
import struct
import subprocess
import sys
import wave
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.audio.wav_writer import LiveWavWriter
from desktop_app.core.history.recovery import NOTHING_SAVED, recover
from desktop_app.core.history.store import Store
from tests.support.record import PROJECT_ROOT, stagecoach_cmd, wav_seconds

KILLED_WRITER = (
    "import os, signal, sys\n"
    "from pathlib import Path\n"
    "from desktop_app.core.audio.wav_writer import LiveWavWriter\n"
    "w = LiveWavWriter(Path(sys.argv[1]))\n"
    "for _ in range(int(sys.argv[2])):\n"
    "    w.write(b'\\x10\\x00' * 1600)\n"
    "os.kill(os.getpid(), signal.SIGKILL)\n"
)


def _killed_recording(path: Path, blocks_of_100ms: int) -> None:
    """A writer process killed mid-recording (nothing closed, nothing flushed by Python)."""
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path),
                           str(blocks_of_100ms)], cwd=PROJECT_ROOT, timeout=60)
    assert proc.returncode == -signal.SIGKILL


def _answer(store: Store, question: str = "q") -> tuple[int, Path]:
    sid = store.create_session()
    a = store.create_answer(sid, "bank", "stage", question)
    path = store.get_answer(a).audio_path  # type: ignore[union-attr]
    assert path is not None
    return a, path


def test_killed_answer_is_closed_and_registered_with_its_real_duration(
        stagecoach_home: Path) -> None:
    store = Store()
    a, audio = _answer(store)
    partial = Path(str(audio) + ".partial")
    _killed_recording(partial, 37)  # 3.7 s
    done = recover(store)
    assert [(r.answer_id, r.path, r.duration_s) for r in done] == [(a, audio, 3.7)]
    assert not partial.exists() and wav_seconds(audio) == 3.7
    rec = store.get_answer(a)
    assert rec is not None
    assert (rec.state, rec.duration_s, rec.recovered) == ("recorded", 3.7, True)
    assert recover(store) == []  # idempotent
    assert wav_seconds(audio) == 3.7


def test_stale_header_is_repaired_and_answers_without_audio_fail(
        stagecoach_home: Path) -> None:
    store = Store()
    a, audio = _answer(store, "with-audio")
    partial = Path(str(audio) + ".partial")
    w = LiveWavWriter(partial)
    w.write(b"\x01\x00" * 8000)
    w.close()
    raw = bytearray(partial.read_bytes()) + b"\x02\x00" * 8000 + b"\x03"  # never counted
    raw[4:8] = struct.pack("<I", 36)
    raw[40:44] = struct.pack("<I", 0)
    partial.write_bytes(bytes(raw))
    b, _ = _answer(store, "no-file")
    c, empty = _answer(store, "empty-file")
    LiveWavWriter(Path(str(empty) + ".partial")).close()  # a header, no frames
    done = {r.answer_id: r for r in recover(store)}
    assert done[a].duration_s == 1.0 and wav_seconds(audio) == 1.0
    assert done[b].note == NOTHING_SAVED and done[c].note == NOTHING_SAVED
    assert store.get_answer(b).state == "failed"  # type: ignore[union-attr]
    assert store.get_answer(c).failure_reason == NOTHING_SAVED  # type: ignore[union-attr]
    assert not Path(str(empty) + ".partial").exists()
    assert recover(store) == []


def test_stray_partial_without_a_row_enters_the_history(stagecoach_home: Path) -> None:
    store = Store()
    stray = paths.recordings_dir() / "77" / "5.wav.partial"
    stray.parent.mkdir(parents=True)
    _killed_recording(stray, 12)
    done = recover(store)
    assert len(done) == 1 and done[0].duration_s == 1.2
    rec = store.get_answer(done[0].answer_id)  # type: ignore[arg-type]
    assert rec is not None and rec.recovered and rec.session_kind == "recovered"
    assert rec.audio_path == stray.with_name("5.wav") and wav_seconds(rec.audio_path) == 1.2


def test_a_recording_in_progress_is_left_alone(stagecoach_home: Path) -> None:
    store = Store()
    a, audio = _answer(store)
    live = LiveWavWriter(Path(str(audio) + ".partial"))
    live.write(b"\x00\x00" * 1600)
    try:
        assert recover(store) == []
        assert store.get_answer(a).state == "recording"  # type: ignore[union-attr]
    finally:
        live.close()


def test_recover_command_reports_seconds_per_answer_and_total(stagecoach_home: Path) -> None:
    store = Store()
    a, audio = _answer(store, "cs-helpful-vs-harmful")
    _killed_recording(Path(str(audio) + ".partial"), 25)
    b, audio_b = _answer(store, "other")
    _killed_recording(Path(str(audio_b) + ".partial"), 10)
    store.close()
    out = subprocess.run(stagecoach_cmd("recover"), cwd=PROJECT_ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert f"Answer {a} (cs-helpful-vs-harmful): 2.5 s saved" in out.stdout
    assert f"Answer {b} (other): 1.0 s saved" in out.stdout
    assert "Recovered 2 recordings, 3.5 s of audio in total." in out.stdout
    again = subprocess.run(stagecoach_cmd("recover"), cwd=PROJECT_ROOT, capture_output=True,
                           text=True, timeout=60)
    assert again.returncode == 0 and "Nothing to recover" in again.stdout


def test_recover_command_repairs_named_files(tmp_path: Path) -> None:
    f = tmp_path / "take.wav"
    w = LiveWavWriter(f)
    w.write(b"\x01\x00" * 16000)
    w.close()
    raw = bytearray(f.read_bytes())
    raw[40:44] = struct.pack("<I", 0)
    f.write_bytes(bytes(raw))
    junk = tmp_path / "junk.wav"
    junk.write_text("hello")
    out = subprocess.run(stagecoach_cmd("recover", str(f), str(junk)), cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert f"{f}: 1.0 s of audio." in out.stdout and "no recoverable audio" in out.stdout
    with wave.open(str(f)) as wf:
        assert wf.getnframes() == 16000
    bad = subprocess.run(stagecoach_cmd("recover", str(junk)), cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.strip() == \
        "None of the files holds recoverable audio."

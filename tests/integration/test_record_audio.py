"""Recording from the real virtual microphone (PulseAudio null sink + espeak-ng speech)."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import desktop_app.core.audio.portaudio_calls as portaudio_calls
from desktop_app.core.audio.portaudio_calls import CLOSE_WAIT_S, NOT_ANSWERING, OPEN_WAIT_S
from desktop_app.core.audio.recorder import INPUT_STALL_S, Recorder
from desktop_app.core.audio.recording_messages import INPUT_STALLED
from desktop_app.core.errors import UserError
from tests.support.audio import PulseServer, espeak_wav
from tests.support.record import (
    best_lag,
    correlation,
    read_wav,
    stagecoach_cmd,
    start_cli,
    wait_for_line,
    wav_seconds,
)

pytestmark = pytest.mark.audio

SPEECH = "Tell me about a time you shipped a data product under real pressure."


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return espeak_wav(SPEECH, tmp_path_factory.mktemp("speech") / "speech.wav")


@pytest.mark.parametrize("capture_rate", [None, 48000], ids=["16k-direct", "48k-resampled"])
def test_recording_matches_what_was_played(pulse: PulseServer, speech: Path, tmp_path: Path,
                                           capture_rate: int | None) -> None:
    played, _ = read_wav(speech)
    out = tmp_path / "take.wav"
    rec = Recorder(out, "pulse", capture_rate=capture_rate)
    heard: list[np.ndarray] = []
    rec.add_listener(lambda s: heard.append(s.copy()))
    rec.start()
    assert rec.audio_started
    time.sleep(0.3)
    pulse.play(speech)
    time.sleep(0.3)
    result = rec.stop()
    assert result.stopped_reason is None and rec.error is None
    assert result.capture_rate == (capture_rate or 16000)
    assert result.overflows == 0
    recorded, rate = read_wav(out)
    assert rate == 16000
    assert result.duration_s == len(recorded) / 16000 >= len(played) / 16000 + 0.3

    lag = best_lag(recorded, played)
    assert lag + len(played) <= len(recorded)  # all of the speech is in the file
    assert correlation(recorded[lag:lag + len(played)], played) >= 0.95
    half = len(played) // 2  # no dropout: both halves sit at the same offset
    assert abs(best_lag(recorded, played[half:]) - half - lag) <= 2
    # Before the speech the microphone heard silence, not a copy of it.
    assert np.abs(recorded[: max(0, lag - 800)]).max(initial=0) < 300

    # Listeners got exactly the samples written, as float32 in [-1, 1].
    tapped = np.concatenate(heard)
    assert tapped.dtype == np.float32
    assert np.array_equal(np.rint(tapped * 32768).astype(np.float64), recorded)
    levels = rec.levels()
    assert abs(len(levels) - result.duration_s / 0.05) <= 2
    assert all(b.t > a.t for a, b in itertools.pairwise(levels))
    loud = [lv for lv in levels if lag / 16000 + 0.2 < lv.t < (lag + len(played)) / 16000]
    assert max(lv.peak for lv in loud) > 0.1 and max(lv.rms for lv in loud) > 0.02
    assert max(lv.peak for lv in levels if lv.t < lag / 16000 - 0.05) < 0.01
    assert rec.levels() == []  # drained


def test_time_limit_gives_exactly_that_many_seconds(pulse: PulseServer, tmp_path: Path) -> None:
    rec = Recorder(tmp_path / "limit.wav", "pulse", max_duration_s=1.25)
    rec.start()
    assert rec.wait(timeout=10)
    result = rec.stop()
    assert result.stopped_reason is None and result.duration_s == 1.25
    assert wav_seconds(tmp_path / "limit.wav") == 1.25


def test_answer_partial_file_is_renamed_when_closed(pulse: PulseServer, tmp_path: Path) -> None:
    out = tmp_path / "answer.wav"
    rec = Recorder(out, "pulse", partial=True)
    rec.start()
    time.sleep(0.5)
    partial = tmp_path / "answer.wav.partial"
    assert partial.exists() and not out.exists()
    assert wav_seconds(partial) > 0.2  # readable while it is being written
    result = rec.stop()
    assert result.path == out and not partial.exists()
    assert wav_seconds(out) == result.duration_s > 0.4


def test_kill_9_of_record_command_keeps_all_but_the_last_second(
        pulse: PulseServer, tmp_path: Path) -> None:
    out = tmp_path / "killed.wav"
    proc = start_cli("record", str(out), "--device", "pulse")
    line = wait_for_line(proc, "Recording from")
    started = time.monotonic()
    assert "'pulse'" in line
    time.sleep(3.0)
    elapsed = time.monotonic() - started
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    seconds = wav_seconds(out)
    assert seconds >= elapsed - 1.0, (seconds, elapsed)
    assert seconds <= elapsed + 1.0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_and_sigterm_stop_cleanly(pulse: PulseServer, tmp_path: Path, sig: int) -> None:
    out = tmp_path / "stopped.wav"
    proc = start_cli("record", str(out))
    wait_for_line(proc, "Recording from")
    started = time.monotonic()
    time.sleep(1.5)
    elapsed = time.monotonic() - started
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 0, stderr
    seconds = wav_seconds(out)
    assert f"Saved {seconds:.1f} s to {out}" in stdout
    assert elapsed - 0.5 <= seconds <= elapsed + 1.0
    assert out.stat().st_size == 44 + 32000 * seconds


def test_file_size_limit_stops_with_exit_2_and_keeps_the_audio(
        pulse: PulseServer, tmp_path: Path) -> None:
    out = tmp_path / "limited.wav"
    limit = 44 + 32000  # one second of audio
    proc = subprocess.Popen(
        ["prlimit", f"--fsize={limit}", *stagecoach_cmd("record", str(out), "--seconds", "10")],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2, (stdout, stderr)
    assert stderr.strip().splitlines()[-1] == (
        "The recording reached the largest file size allowed here, so it stopped; the 1.0 s "
        f"recorded until then were kept in {out}."
    ), stderr
    assert (wav_seconds(out), out.stat().st_size) == (1.0, limit), stderr


def _wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_audio_server_killed_mid_recording(private_pulse: PulseServer, tmp_path: Path) -> None:
    out = tmp_path / "lost.wav"
    rec = Recorder(out, "pulse")
    rec.start()
    _wait_until(lambda: rec.duration_s >= 1.0)
    private_pulse.stop()
    assert rec.wait(timeout=10), "the recorder did not notice the server was gone"
    result = rec.stop()
    assert rec.error is not None and result.stopped_reason == rec.error
    assert rec.error.startswith("The microphone or the audio system stopped during the "
                                "recording;")
    assert f"kept in {out}" in rec.error
    assert wav_seconds(out) == result.duration_s >= 1.0
    assert not rec.is_recording


def test_hung_audio_server_stops_the_recording_and_keeps_the_audio(
        private_pulse: PulseServer, tmp_path: Path) -> None:
    """A server that stops answering leaves the stream "active" and silent: the recorder
    stops by itself after INPUT_STALL_S, and neither it nor stop() waits for the server."""
    out = tmp_path / "hung.wav"
    rec = Recorder(out, "pulse")
    rec.start()
    _wait_until(lambda: rec.duration_s >= 1.0)
    with private_pulse.frozen():
        frozen_at = time.monotonic()
        assert rec.wait(timeout=INPUT_STALL_S + CLOSE_WAIT_S + 5), "the stall went unnoticed"
        noticed_s = time.monotonic() - frozen_at
        t0 = time.monotonic()
        result = rec.stop()
        stop_s = time.monotonic() - t0
    assert portaudio_calls.settle(5)  # the server is back: the close left running completes
    assert INPUT_STALL_S - 0.3 <= noticed_s <= INPUT_STALL_S + CLOSE_WAIT_S + 1.0
    assert stop_s < 0.5
    assert result.stopped_reason == rec.error == INPUT_STALLED.format(
        stall=INPUT_STALL_S, seconds=result.duration_s, path=out)
    assert rec.error.startswith("The microphone stopped sending sound (nothing for 4 s), so ")
    assert wav_seconds(out) == result.duration_s >= 1.0
    assert not rec.is_recording


def test_recording_on_a_hung_audio_server_is_the_sentence(private_pulse: PulseServer,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    out = folder / "never.wav"
    rec = Recorder(out, "pulse")
    keepalive = private_pulse.streams("source-outputs")
    with private_pulse.frozen():
        t0 = time.monotonic()
        with pytest.raises(UserError) as err:
            rec.start()
        waited_s = time.monotonic() - t0
    assert err.value.message == NOT_ANSWERING.format(wait=OPEN_WAIT_S, what="microphone")
    assert OPEN_WAIT_S - 0.1 <= waited_s <= OPEN_WAIT_S + 1.0
    assert not rec.is_recording
    assert not list(folder.iterdir())  # no empty file left behind
    assert portaudio_calls.settle(5)  # the server answers the late request
    assert private_pulse.streams("source-outputs") == keepalive

    again = Recorder(out, "pulse")
    again.start()
    _wait_until(lambda: again.duration_s >= 0.5)
    assert again.stop().stopped_reason is None and wav_seconds(out) >= 0.5


def test_audio_server_killed_under_the_record_command(private_pulse: PulseServer,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "lost-cli.wav"
    proc = start_cli("record", str(out), env=dict(os.environ))
    wait_for_line(proc, "Recording from")
    _wait_until(lambda: wav_seconds(out) >= 1.0)  # the live header says how much is saved
    private_pulse.stop()
    _stdout, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 2
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("The microphone or the audio system stopped during the recording;")
    assert "Traceback" not in stderr
    assert wav_seconds(out) >= 1.0


def test_hung_audio_server_under_the_record_command(private_pulse: PulseServer,
                                                    tmp_path: Path) -> None:
    """The command stops by itself, says so in one sentence and exits, all while the server
    is still hung (the close it left running must not hold the exit)."""
    out = tmp_path / "hung-cli.wav"
    proc = start_cli("record", str(out), env=dict(os.environ))
    wait_for_line(proc, "Recording from")
    _wait_until(lambda: wav_seconds(out) >= 1.0)
    with private_pulse.frozen():
        _stdout, stderr = proc.communicate(timeout=INPUT_STALL_S + CLOSE_WAIT_S + 10)
    assert proc.returncode == 2
    assert stderr.strip().splitlines() == [stderr.strip()]  # one line, nothing else
    assert stderr.startswith("The microphone stopped sending sound (nothing for 4 s), so the "
                             "recording stopped; the ")
    assert f"kept in {out}" in stderr
    assert wav_seconds(out) >= 1.0

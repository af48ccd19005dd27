"""Playback on the real PortAudio/PulseAudio stack: what the null sink's monitor hears.

The recorder listens on device "pulse", whose default source is the sink's monitor, so a
recording made while the player plays holds exactly what came out of the speakers.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import desktop_app.core.audio.devices as devices
import desktop_app.core.audio.portaudio_calls as portaudio_calls
from desktop_app.core.audio.player import (
    DEVICE_LOST,
    OUTPUT_STALL_S,
    OUTPUT_STALLED,
    Player,
    convert,
    pick_format,
)
from desktop_app.core.audio.portaudio_calls import CLOSE_WAIT_S, NOT_ANSWERING, OPEN_WAIT_S
from desktop_app.core.audio.recorder import Recorder
from desktop_app.core.errors import UserError
from tests.support.audio import PulseServer, espeak_wav
from tests.support.record import best_lag, correlation, read_wav

pytestmark = pytest.mark.audio

SPEECH = "Tell me about a time you shipped a data product under real pressure."
RATE = 16000
MAX_TAKES = 3


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 4.4 s of speech, 16 kHz mono PCM16 like an answer."""
    return espeak_wav(SPEECH, tmp_path_factory.mktemp("speech") / "speech.wav")


def wait_until(player: Player, cond: Callable[[], bool], timeout: float = 15.0) -> None:
    """Poll the player (as the UI timer does) until ``cond`` holds."""
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        player.poll()
        time.sleep(0.02)


def record_while(action: Callable[[], None], out: Path) -> np.ndarray | None:
    """What the sink's monitor heard while ``action`` ran (plus a little after); None when
    the monitor itself did not deliver all that time (the measuring side failed: seen in
    CI once, 0.4 s captured in 5 s, right after the installer build)."""
    rec = Recorder(out, "pulse")
    rec.start()
    assert rec.audio_started
    t0 = time.monotonic()
    try:
        action()
        time.sleep(0.3)
    finally:
        result = rec.stop()
    elapsed = time.monotonic() - t0
    recorded, rate = read_wav(out)
    assert rate == RATE
    if result.stopped_reason is not None or len(recorded) < (elapsed - 0.5) * RATE:
        return None
    return recorded


def good_take(take: Callable[[], bool], out_dir: Path) -> np.ndarray:
    """What the monitor heard during the first clean run of ``take`` (False from it: the
    playing side was spoilt, a gap the player counted), out of MAX_TAKES. A machine too
    busy to run a callback in time spoils a take (seen in CI, right after the installer
    build); so does a recording of the monitor that fell short."""
    clean: list[bool] = []
    for n in range(MAX_TAKES):
        clean.clear()
        recorded = record_while(lambda: clean.append(take()), out_dir / f"heard{n}.wav")
        if recorded is not None and clean == [True]:
            return recorded
    raise AssertionError(f"no clean take in {MAX_TAKES}")


@pytest.mark.parametrize("fmt", ["16k-mono", "44k-stereo"])
def test_plays_the_file_and_the_sink_hears_it(pulse: PulseServer, speech: Path,
                                              tmp_path: Path, fmt: str) -> None:
    played, _ = read_wav(speech)
    source = speech
    if fmt == "44k-stereo":  # any rate and channel count soundfile reads
        source = tmp_path / "speech-44k.wav"
        subprocess.run(["sox", str(speech), "-r", "44100", "-c", "2", str(source)],
                       check=True, capture_output=True, timeout=60)
    player = Player()
    duration = player.load(source)
    assert duration == pytest.approx(len(played) / RATE, abs=0.001)
    trace: list[tuple[float, float]] = []

    def play_to_the_end() -> bool:
        trace.clear()
        before = player.underflows
        player.play()
        assert player.state == "playing" and player.stream_open
        deadline = time.monotonic() + duration + 15
        while player.is_playing:
            assert time.monotonic() < deadline, "never reached the end"
            trace.append((time.monotonic(), player.position_s()))
            time.sleep(0.05)
        return player.underflows == before

    recorded = good_take(play_to_the_end, tmp_path)
    # End of file: stopped at the end, stream closed, no error.
    assert player.poll() is None and player.error is None
    assert player.state == "stopped" and not player.stream_open
    assert player.position_s() == duration

    # All of it came out, once, without a dropout.
    lag = best_lag(recorded, played)
    assert lag + len(played) <= len(recorded)
    assert correlation(recorded[lag:lag + len(played)], played) >= 0.9
    half = len(played) // 2
    assert abs(best_lag(recorded, played[half:]) - half - lag) <= 2
    assert np.abs(recorded[:max(0, lag - 800)]).max(initial=0) < 300

    # The position only moves forward and keeps pace with the clock.
    positions = [p for _, p in trace]
    assert positions == sorted(positions)
    assert 0.0 <= positions[0] < 0.5 and positions[-1] > duration - 0.5
    moving = [(t, p) for t, p in trace if 0.5 <= p <= duration - 0.5]
    (t0, p0), (t1, p1) = moving[0], moving[-1]
    assert t1 - t0 > 2.0
    assert 0.8 < (p1 - p0) / (t1 - t0) < 1.2

    # Play after the end starts again from the beginning.
    player.play()
    assert player.is_playing and player.position_s() < 0.5
    player.stop()
    assert player.state == "stopped" and player.position_s() == 0.0
    assert not player.stream_open


def test_a_finish_not_yet_polled_reads_as_the_end_and_play_starts_over(
        pulse: PulseServer, speech: Path) -> None:
    """The stream can finish between two polls (the UI timer's tick looks twice). Until
    the next poll the player must already say "at the end", and Play must start again
    rather than be ignored because the state still said "playing"."""
    player = Player()
    duration = player.load(speech)
    player.play()
    player.seek(duration - 0.3)
    deadline = time.monotonic() + 10
    while player.is_playing:  # no poll: the finish is seen only through the event
        assert time.monotonic() < deadline, "never reached the end"
        time.sleep(0.02)
    assert player.state == "playing" and player.stream_open  # not settled yet
    assert player.position_s() == duration
    player.play()
    assert player.is_playing and player.position_s() < 0.5
    player.stop()
    assert not player.stream_open


def test_seek_pause_and_resume(pulse: PulseServer, speech: Path) -> None:
    player = Player()
    duration = player.load(speech)
    player.play()
    wait_until(player, lambda: player.position_s() > 0.3)
    player.seek(3.0)
    assert player.position_s() == 3.0  # at once, before the device has caught up
    wait_until(player, lambda: player.position_s() > 3.1)
    assert player.is_playing

    player.pause()
    held = player.position_s()
    assert player.state == "paused" and not player.stream_open
    assert 3.1 < held < duration
    time.sleep(0.3)
    assert player.position_s() == held

    player.seek(1.0)  # while paused: only moves
    assert player.state == "paused" and player.position_s() == 1.0
    player.play()
    wait_until(player, lambda: player.position_s() > 1.05)
    assert player.position_s() < 2.5  # from 1.0, not from the start or the old spot
    player.seek(99.0)  # clamped to the end: it finishes
    wait_until(player, lambda: player.state == "stopped")
    assert player.error is None and player.position_s() == duration


def test_seek_moves_what_is_heard(pulse: PulseServer, speech: Path, tmp_path: Path) -> None:
    played, _ = read_wav(speech)
    player = Player()
    player.load(speech)
    player.seek(2.0)

    def play_from_two_seconds() -> bool:
        player.seek(2.0)
        before = player.underflows
        player.play()
        wait_until(player, lambda: player.state == "stopped")
        return player.underflows == before

    recorded = good_take(play_from_two_seconds, tmp_path)
    tail = played[2 * RATE:]
    lag = best_lag(recorded, tail)
    assert correlation(recorded[lag:lag + len(tail)], tail) >= 0.9
    # Nothing of the first two seconds came out before it.
    assert np.abs(recorded[:max(0, lag - 800)]).max(initial=0) < 300


def test_no_output_device_is_the_sentence(no_audio_server: None, speech: Path) -> None:
    with pytest.raises(devices.NoOutputDevice) as no_device:
        devices.default_output_device()
    assert no_device.value.message == devices.NO_OUTPUT
    player = Player()
    player.load(speech)  # reading needs no device
    with pytest.raises(UserError) as err:
        player.play()
    assert err.value.message == devices.NO_OUTPUT
    assert player.state == "stopped" and not player.stream_open


def test_unreadable_files_are_one_sentence(tmp_path: Path, speech: Path) -> None:
    player = Player()
    with pytest.raises(UserError) as err:
        player.load(tmp_path / "gone.wav")
    assert err.value.message == "The recording gone.wav is missing, so it cannot be played."
    noise = tmp_path / "noise.wav"
    noise.write_bytes(np.random.default_rng(1).bytes(5000))
    cut = tmp_path / "cut.wav"
    cut.write_bytes(speech.read_bytes()[:30])  # the header broken off before the data
    for bad in (noise, cut):
        with pytest.raises(UserError) as err:
            player.load(bad)
        assert err.value.message == (f"The recording {bad.name} is damaged or is not a sound "
                                     "file Stagecoach can read, so it cannot be played.")
    assert not player.loaded


def test_device_lost_mid_play_is_the_sentence(private_pulse: PulseServer,
                                              speech: Path) -> None:
    player = Player()
    duration = player.load(speech)
    player.play()
    wait_until(player, lambda: player.position_s() > 0.5)
    private_pulse.stop()
    deadline = time.monotonic() + 15
    sentence = None
    while sentence is None:
        assert time.monotonic() < deadline, "the lost device was never noticed"
        sentence = player.poll()
        time.sleep(0.02)
    assert sentence == DEVICE_LOST == player.error
    assert player.state == "stopped" and not player.stream_open
    assert 0.5 <= player.position_s() < duration


def test_hung_sound_server_pauses_with_the_sentence(private_pulse: PulseServer,
                                                   speech: Path) -> None:
    """A server that stops answering leaves the stream "active" with no callbacks: poll()
    pauses where it was after OUTPUT_STALL_S, and no command waits for the server."""
    player = Player()
    duration = player.load(speech)
    player.play()
    wait_until(player, lambda: player.position_s() > 0.5)
    with private_pulse.frozen():
        frozen_at = time.monotonic()
        sentence = None
        while sentence is None:
            assert time.monotonic() - frozen_at < OUTPUT_STALL_S + CLOSE_WAIT_S + 5, \
                "the stall went unnoticed"
            sentence = player.poll()
            time.sleep(0.02)
        noticed_s = time.monotonic() - frozen_at
        assert player.state == "paused" and not player.stream_open
        held = player.position_s()
        assert 0.5 < held < duration
        assert sentence == player.error == OUTPUT_STALLED.format(at=f"0:{round(held):02d}")
        assert sentence.startswith("The sound output stopped responding, so playback was "
                                   "paused at 0:0")
        t0 = time.monotonic()
        player.stop()
        player.seek(held)
        assert time.monotonic() - t0 < 0.1
    assert portaudio_calls.settle(5)  # the server is back: the close left running completes
    assert OUTPUT_STALL_S - 0.3 <= noticed_s <= OUTPUT_STALL_S + CLOSE_WAIT_S + 1.0

    # The server is back: Play goes on from where it paused.
    player.play()
    wait_until(player, lambda: player.position_s() > held + 0.3)
    assert player.error is None and player.is_playing
    player.stop()


def test_play_on_a_hung_sound_server_is_the_sentence(private_pulse: PulseServer,
                                                    speech: Path) -> None:
    """Play on a server that does not answer gives up after OPEN_WAIT_S (the UI thread is
    never held longer), and the stream it opens once the server is back is closed at once."""
    player = Player()
    player.load(speech)
    with private_pulse.frozen():
        t0 = time.monotonic()
        with pytest.raises(UserError) as err:
            player.play()
        waited_s = time.monotonic() - t0
    assert err.value.message == NOT_ANSWERING.format(wait=OPEN_WAIT_S, what="speakers")
    assert err.value.message.startswith("The sound system did not answer for 5 s, so the "
                                        "speakers could not be opened;")
    assert OPEN_WAIT_S - 0.1 <= waited_s <= OPEN_WAIT_S + 1.0
    assert player.state == "stopped" and not player.stream_open
    assert portaudio_calls.settle(10)  # the late open, and the close of what it opened
    assert private_pulse.streams("sink-inputs") == 0

    player.play()
    wait_until(player, lambda: player.position_s() > 0.3)
    assert private_pulse.streams("sink-inputs") == 1
    player.stop()


class RefusesItsRate:
    """A device that takes only 48 kHz stereo (like some hardware without a mixer)."""

    PortAudioError = portaudio_calls.sounddevice_module().PortAudioError

    def check_output_settings(self, device: int, samplerate: int, channels: int,
                              dtype: str) -> None:
        if (samplerate, channels) != (48000, 2):
            raise self.PortAudioError("Invalid sample rate")


def test_resampled_only_when_the_device_refuses_the_file_rate() -> None:
    fussy = devices.OutputDevice(index=0, name="fussy", channels=2, default_samplerate=48000)
    assert pick_format(RefusesItsRate(), fussy, 16000, 1) == (48000, 2)
    tone = (0.3 * 32767 * np.sin(2 * np.pi * 1000 * np.arange(RATE) / RATE)).astype(np.int16)
    mono = tone[:, None]
    assert convert(mono, 16000, 16000, 1) is mono  # accepted as is: untouched
    out = convert(mono, 16000, 48000, 2)
    assert out.dtype == np.int16 and out.shape == (48000, 2)
    assert np.array_equal(out[:, 0], out[:, 1])
    spectrum = np.abs(np.fft.rfft(out[:, 0].astype(np.float64)))
    assert np.argmax(spectrum) == 1000  # 1 Hz bins over one second: still 1 kHz
    assert np.abs(out[:, 0]).max() == pytest.approx(0.3 * 32767, rel=0.02)

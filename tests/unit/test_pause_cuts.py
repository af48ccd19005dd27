"""Where answers are cut into Whisper windows (the same live and for whole files)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from desktop_app.transcription.pause_cuts import (
    RATE,
    TAIL_PAD_S,
    PauseCutter,
    Window,
    plan_windows,
)


def _speechlike(seed: int, seconds: float) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Bursts of noise as words (short gaps), sentences apart by 0.4-2.5 s pauses.

    Returns the audio and the pauses (start, end) in seconds."""
    rng = np.random.default_rng(seed)
    parts, pauses, t = [], [], 0.0
    while t < seconds:
        for _ in range(int(rng.integers(4, 14))):
            n = int(rng.uniform(0.15, 0.5) * RATE)
            env = np.sin(np.linspace(0, np.pi, n)) ** 0.5
            parts.append((rng.standard_normal(n) * 0.1 * env).astype(np.float32))
            gap = int(rng.uniform(0.03, 0.15) * RATE)
            parts.append(np.zeros(gap, dtype=np.float32))
            t += (n + gap) / RATE
        pause = rng.uniform(0.4, 2.5)
        pauses.append((t, t + pause))
        parts.append((rng.standard_normal(int(pause * RATE)) * 1e-4).astype(np.float32))
        t += pause
    return np.concatenate(parts), pauses


def _feed(audio: np.ndarray, sizes: itertools.cycle[int]) -> list[Window]:
    cutter = PauseCutter(15.0, 25.0)
    out: list[Window] = []
    at = 0
    while at < audio.size:
        n = next(sizes)
        out += cutter.feed(audio[at : at + n])
        at += n
    return [*out, cutter.pending()]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cuts_do_not_depend_on_how_the_audio_arrives(seed: int) -> None:
    audio, _ = _speechlike(seed, 150)
    planned = plan_windows(audio, 15.0, 25.0)
    assert len(planned) >= 6
    assert _feed(audio, itertools.cycle([800])) == planned  # the recorder's 50 ms blocks
    assert _feed(audio, itertools.cycle([1, 317, 16000, 4096, 33])) == planned


@pytest.mark.parametrize("seed", [4, 5])
def test_windows_are_cut_in_pauses_within_the_limits(seed: int) -> None:
    audio, pauses = _speechlike(seed, 200)
    windows = plan_windows(audio, 15.0, 25.0)
    assert windows[0].start == 0
    for a, b in itertools.pairwise(windows):
        assert 15 * RATE <= b.start - a.start <= 25 * RATE
        assert a.end <= b.start  # windows never overlap
        cut = b.start / RATE
        # The cut lies in a pause, at most 0.1 s before the speech after it resumes.
        pause = next(p for p in pauses if p[0] - 0.02 <= cut <= p[1] + 0.02)
        assert pause[1] - cut <= 0.12
        # The window before it stops TAIL_PAD_S after its last sound (the pause start).
        assert a.end / RATE == pytest.approx(pause[0] + TAIL_PAD_S, abs=0.2)
        assert a.has_sound


def test_speech_without_a_pause_is_cut_by_the_maximum_length() -> None:
    rng = np.random.default_rng(0)
    t = np.arange(60 * RATE) / RATE
    audio = (rng.standard_normal(t.size) * (0.06 + 0.05 * np.sin(2 * np.pi * 0.7 * t)))
    windows = plan_windows(audio.astype(np.float32), 15.0, 25.0)
    lengths = [(b.start - a.start) / RATE for a, b in itertools.pairwise(windows)]
    assert len(windows) >= 3 and all(18.75 <= n <= 25.0 for n in lengths)


def test_silence_is_one_window_without_sound() -> None:
    assert plan_windows(np.zeros(8 * RATE, dtype=np.float32)) == [Window(0, 0, False)]
    assert plan_windows(np.zeros(0, dtype=np.float32)) == [Window(0, 0, False)]
    click = np.zeros(5 * RATE, dtype=np.float32)
    click[RATE : RATE + 40] = 0.5  # a click is not worth a pass
    assert [w.has_sound for w in plan_windows(click)] == [False]


def test_a_quiet_microphone_is_cut_like_a_loud_one() -> None:
    audio, _ = _speechlike(6, 90)
    loud = plan_windows(audio)
    quiet = plan_windows((audio * 0.01).astype(np.float32))  # 40 dB lower, about -60 dBFS
    assert [w.start for w in quiet] == [w.start for w in loud]
    assert all(w.has_sound for w in quiet)


def test_the_pause_state_is_reported_for_speculative_passes() -> None:
    rng = np.random.default_rng(7)
    speech = (rng.standard_normal(3 * RATE) * 0.1).astype(np.float32)
    cutter = PauseCutter(15.0, 25.0)
    cutter.feed(speech)
    cutter.feed(np.zeros(RATE // 5, dtype=np.float32))
    assert not cutter.in_pause  # 0.2 s is a gap between words
    cutter.feed(np.zeros(RATE, dtype=np.float32))
    assert cutter.in_pause and cutter.silent_s >= 0.7
    pending = cutter.pending()
    assert pending == Window(0, int((3 + TAIL_PAD_S) * RATE), True)
    cutter.feed(speech)
    assert not cutter.in_pause


def test_window_lengths_from_settings_stay_inside_whisper_s_input() -> None:
    from desktop_app.core.settings import Settings
    from desktop_app.transcription.options import TranscribeOptions, window_limits

    assert window_limits(15, 25) == (15.0, 25.0)
    assert window_limits(0, 100) == (5.0, 28.0)  # hand-edited nonsense
    assert window_limits(30, 10) == (25.0, 26.0)
    settings = Settings()
    settings.transcription.live_chunk_min_s = 12.0
    options = TranscribeOptions.from_settings(settings)
    assert (options.window_min_s, options.window_max_s) == (12.0, 25.0)

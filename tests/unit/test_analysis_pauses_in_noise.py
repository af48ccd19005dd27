"""Pauses in a room with steady noise (a fan, an air conditioner): found, and in place.

Real speech (espeak-ng, three sentences) with two silences of known length, under pink,
brown and white noise at 20 and 10 dB SNR (speech RMS over noise RMS). The noise makes the
silences loud, so they are told from speech by voice, not by level: these pauses all
vanished before.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from desktop_app.core.analysis.acoustics import analyse_frames
from desktop_app.core.analysis.pauses import find_pauses
from tests.support.transcription import speech

RATE = 16000
SENTENCES = ["I would start by tracing where every example came from.",
             "Then I would check consent and licensing before training.",
             "Finally I would set a clear bar for stopping the launch."]
SILENCES_S = [3.2, 2.7]
TOLERANCE_S = 0.3  # as the accuracy corpus scores pause boundaries


def _coloured(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    white = rng.standard_normal(n)
    if kind == "white":
        return white
    spectrum = np.fft.rfft(white)
    f = np.maximum(np.fft.rfftfreq(n, 1 / RATE), 1.0)
    shaped = spectrum / (np.sqrt(f) if kind == "pink" else f)
    out: np.ndarray = np.fft.irfft(shaped, n)
    return out


@pytest.fixture(scope="module")
def answer(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, list[tuple[float, float]],
                                                              float]:
    folder = tmp_path_factory.mktemp("noise")
    parts, truth, t = [np.zeros(RATE // 2, np.float32)], [], 0.5
    voiced_energy, voiced_n = 0.0, 0
    for i, text in enumerate(SENTENCES):
        samples, rate = sf.read(speech(text, folder / f"s{i}.wav", wpm=150), dtype="float32")
        assert rate == RATE
        loud = np.flatnonzero(np.abs(samples) > 0.003)
        samples = samples[loud[0]: loud[-1] + 1]  # the sentence's first to last sound
        parts.append(samples)
        voiced_energy += float(np.sum(samples.astype(np.float64) ** 2))
        voiced_n += len(samples)
        t += len(samples) / RATE
        if i < len(SILENCES_S):
            truth.append((t, t + SILENCES_S[i]))
            parts.append(np.zeros(int(SILENCES_S[i] * RATE), np.float32))
            t += SILENCES_S[i]
    parts.append(np.zeros(RATE, np.float32))
    return np.concatenate(parts), truth, float(np.sqrt(voiced_energy / voiced_n))


@pytest.mark.parametrize("snr_db", [20, 10])
@pytest.mark.parametrize("kind", ["pink", "brown", "white"])
def test_pauses_are_found_in_steady_noise(answer: tuple[np.ndarray, list[tuple[float, float]],
                                                        float], kind: str, snr_db: int) -> None:
    clean, truth, speech_rms = answer
    noise = _coloured(kind, len(clean), np.random.default_rng(7))
    noise *= speech_rms / (np.sqrt(np.mean(noise**2)) * 10 ** (snr_db / 20))
    noisy = (clean + noise).astype(np.float32)
    found = find_pauses([], analyse_frames(noisy), 1.5, 0.3).pauses
    assert len(found) == len(truth), [(p.start, p.end) for p in found]
    for pause, (start, end) in zip(found, truth, strict=True):
        assert abs(pause.start - start) <= TOLERANCE_S and abs(pause.end - end) <= TOLERANCE_S, (
            (pause.start, pause.end), (start, end))


@pytest.mark.parametrize("kind", ["pink", "brown"])
def test_steady_noise_alone_is_not_voice(kind: str, tmp_path: Path) -> None:
    noise = _coloured(kind, 10 * RATE, np.random.default_rng(3))
    noise = (0.05 * noise / np.sqrt(np.mean(noise**2))).astype(np.float32)
    frames = analyse_frames(noise)
    # Its autocorrelation falls from lag 0 with no pitch peak: a few flickers at most.
    assert frames.voiced.mean() < 0.05

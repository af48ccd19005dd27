"""An audible breath in the middle of a 2.5 s silence, through the real pipeline: the pause
stays one pause, no filler is made of the breath, and the word before the silence stays in
the transcript (the aligner put it in the silence with no length, and it was dropped)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.evaluation.synthesis import RATE, RATES, PiperSynth, piper_available
from tests.support.pipeline import samples_report

pytestmark = [pytest.mark.model,
              pytest.mark.skipif(not piper_available(), reason="needs piper and its voice")]


def _breath(seconds: float, rms: float) -> np.ndarray:
    """Breath noise: white noise shaped to a broad band around 1.5 kHz, swelling and
    fading."""
    n = round(seconds * RATE)
    spectrum = np.fft.rfft(np.random.default_rng(1).standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / RATE)
    spectrum *= (np.exp(-(((f - 1500.0) / 1200.0) ** 2))
                 + 0.3 * np.exp(-(((f - 500.0) / 300.0) ** 2)))
    noise = np.fft.irfft(spectrum, n) * np.sin(np.linspace(0.0, np.pi, n)) ** 1.5
    out: np.ndarray = (noise * rms / np.sqrt(np.mean(noise**2))).astype(np.float32)
    return out


def test_a_breath_inside_a_silence_leaves_the_pause_and_the_words(tmp_path: Path) -> None:
    synth = PiperSynth()
    first = synth("I would start with the provenance of every dataset we collect.",
                  RATES["normal"])
    second = synth("Then we check the labels for bias across each subgroup.", RATES["normal"])
    loudness = float(np.sqrt(np.mean(first**2)))
    silence = [np.zeros(round(s * RATE), np.float32) for s in (0.5, 1.0)]
    audio = np.concatenate([silence[0], first, silence[1],
                            _breath(0.5, loudness * 10 ** (-12 / 20)), silence[1], second,
                            silence[1]])
    start = (silence[0].size + first.size) / RATE
    transcript, report = samples_report(audio, tmp_path / "answer.wav")
    assert "we collect" in transcript.text.lower().replace(",", ""), transcript.text
    [pause] = report.pauses
    assert abs(pause.start - start) <= 0.3 and abs(pause.end - (start + 2.5)) <= 0.3, pause
    assert report.fillers == []

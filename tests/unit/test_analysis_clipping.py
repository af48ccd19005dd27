"""A recording too loud for the microphone is told, with what to do; a loud clean one is not."""

from __future__ import annotations

import numpy as np

from desktop_app.core.analysis import analyze_answer
from desktop_app.core.analysis.clipping import clipped_share
from desktop_app.core.settings import AnalysisSettings
from desktop_app.core.transcript import Segment, Transcript, Word
from tests.support.analysis import sample_bank

RATE = 16000


def _voice(seconds: float, peak: float) -> np.ndarray:
    """A harmonic vowel with a syllable envelope, scaled to ``peak`` and cut at full scale
    as a converter does."""
    t = np.arange(int(seconds * RATE)) / RATE
    wave = np.sum([np.sin(2 * np.pi * 140.0 * k * t) / k for k in range(1, 8)], axis=0)
    envelope = 0.5 - 0.5 * np.cos(2 * np.pi * 3.0 * t)
    sound = wave * envelope
    cut: np.ndarray = np.clip(peak * sound / np.abs(sound).max(), -1.0, 1.0)
    return cut.astype(np.float32)


def _report(audio: np.ndarray) -> dict:  # type: ignore[type-arg]
    words = tuple(Word(f"word{i}", i * 0.4, i * 0.4 + 0.3, 0.9) for i in range(10))
    transcript = Transcript("test", "t", "en", 4.0, (Segment(0.0, 4.0, "", words),))
    bank, question = sample_bank(())
    return analyze_answer(transcript, question, bank, AnalysisSettings(), audio=audio).to_dict()


def _recording_findings(audio: np.ndarray) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in _report(audio)["findings"] if f["area"] == "recording"]


def test_a_clipped_recording_is_told_with_what_to_do() -> None:
    loud = _voice(4.0, peak=4.0)  # 12 dB over full scale
    assert clipped_share(loud) > 0.1
    found = _recording_findings(loud)
    assert len(found) == 1
    assert found[0]["level"] == "note"
    assert "too loud" in found[0]["message"] and "clipped" in found[0]["message"]
    assert "input level" in found[0]["advice"]


def test_a_loud_recording_that_does_not_clip_is_not_told() -> None:
    full = _voice(4.0, peak=1.0)  # its loudest samples touch full scale, nothing is cut
    assert 0.0 < clipped_share(full) < 0.01
    assert _recording_findings(full) == []
    assert _recording_findings(_voice(4.0, peak=0.3)) == []


def test_silence_has_no_clipped_share() -> None:
    assert clipped_share(np.zeros(RATE, dtype=np.float32)) == 0.0

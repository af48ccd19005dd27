"""A muffled sentence (low-passed at 200 Hz, at the voice's loudness) between two clear ones,
through the real pipeline: the recogniser cannot make it out, and the report says so
instead of counting its syllables as filled pauses."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.audio.audio_decode import load_audio
from tests.support.pipeline import samples_report
from tests.support.voice import RATE, spoken

pytestmark = pytest.mark.model

CLEAR = ("I would start with the provenance of every dataset we collect.",
         "Finally we compare each language on a held out set before anything ships.")
MUFFLED = "Then we check the labels for bias across each subgroup and run red teaming."


def _muffled(audio: np.ndarray, cutoff_hz: float = 200.0, gain_db: float = 0.0) -> np.ndarray:
    """Two second-order low-passes at ``cutoff_hz`` (as sox's "lowpass 200 lowpass 200"),
    brought back to the voice's loudness, then ``gain_db`` from it."""
    spectrum = np.fft.rfft(audio)
    spectrum /= 1.0 + (np.fft.rfftfreq(audio.size, 1.0 / RATE) / cutoff_hz) ** 4
    out = np.fft.irfft(spectrum, audio.size)
    gain = float(np.sqrt(np.mean(audio**2) / max(float(np.mean(out**2)), 1e-12)))
    gain *= 10.0 ** (gain_db / 20.0)
    muffled: np.ndarray = (out * gain).astype(np.float32)
    return muffled


@pytest.mark.parametrize("gain_db", [0.0, -6.0])
def test_a_muffled_sentence_is_unclear_speech_not_filled_pauses(tmp_path: Path,
                                                                gain_db: float) -> None:
    parts = [load_audio(spoken(t, tmp_path / f"{i}.wav", 0.3, 0.3)) for i, t in
             enumerate([CLEAR[0], MUFFLED, CLEAR[1]])]
    middle = _muffled(parts[1], gain_db=gain_db)
    start = parts[0].size / RATE
    transcript, report = samples_report(np.concatenate([parts[0], middle, parts[2]]),
                                        tmp_path / "answer.wav")
    assert "subgroup" not in transcript.text and "provenance" in transcript.text
    [unclear] = report.unclear_speech
    # Most of the muffled sentence, and nothing of the clear ones.
    assert unclear.start >= start - 0.3 and unclear.end <= start + middle.size / RATE + 0.3
    assert unclear.duration_s >= 0.6 * (middle.size / RATE - 0.6)
    filled = [f for f in report.fillers if f.kind == "filled_pause"]
    if gain_db == 0.0:
        assert filled == []
    else:
        # 6 dB softer, the sentence's last second is cut off from the stretch and one piece
        # of it still counts as a filled pause (and so does the next sentence's first word,
        # which the recogniser sets late): fewer than its syllables, still too many.
        assert len(filled) <= 2
    assert any(f.area == "transcript" for f in report.findings)
    # The wordless sentence is not taken for voices in the room, whose level would have
    # set a cut that found "pauses" inside the clear sentences (2.5 s and 1.9 s before).
    assert report.pauses == []

"""A drawn-out "uhhh" or "ummm" (1.5 to 2 s, as a hesitant speaker holds one) between two
sentences, through the real pipeline. The recogniser leaves it out of the transcript and
stretches the words around it to meet it, or one unsure word over all of it; it was
reported as nothing at all, and where the voice-activity detector stopped calling the held
sound speech, as part of a pause."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.evaluation.synthesis import RATE, RATES, SOUNDS, PiperSynth, piper_available
from tests.support.pipeline import samples_report

pytestmark = [pytest.mark.model,
              pytest.mark.skipif(not piper_available(), reason="needs piper and its voice")]

SENTENCES = ("I would start with the provenance of every dataset we collect.",
             "Then we check the labels for bias across each subgroup.")


@pytest.mark.parametrize(("sound", "scale", "gap_s"), [("uh", 8.0, 0.3), ("um", 11.0, 0.3),
                                                       ("um", 11.0, 0.6), ("uh", 11.0, 0.6)])
def test_a_held_hesitation_sound_is_a_filled_pause(tmp_path: Path, sound: str, scale: float,
                                                   gap_s: float) -> None:
    synth = PiperSynth()
    first, second = (synth(s, RATES["normal"]) for s in SENTENCES)
    held = synth(SOUNDS[sound][0], scale)
    silence = [np.zeros(round(s * RATE), np.float32) for s in (0.5, gap_s, 1.0)]
    audio = np.concatenate([silence[0], first, silence[1], held, silence[1], second,
                            silence[2]])
    start = (silence[0].size + first.size + silence[1].size) / RATE
    end = start + held.size / RATE
    assert held.size / RATE >= 1.4  # held far longer than a syllable
    transcript, report = samples_report(audio, tmp_path / "answer.wav")
    # Counted once: as a filled pause, or as the word the recogniser wrote for it ("Eh...",
    # timed by it over the sound's end and the silence after). The sentences have none.
    [found] = report.fillers
    assert found.start >= start - 0.3 and found.end <= end + gap_s, (transcript.text, found)
    if found.kind == "filled_pause":  # most of the held sound
        assert found.end - found.start >= 0.4 * (end - start)
    assert not any(p.start < end - 0.2 and start + 0.2 < p.end for p in report.pauses)
    assert report.unclear_speech == []

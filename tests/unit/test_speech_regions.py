"""Long silences cut by energy before decoding, and times mapped back."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.transcript import Segment, Word
from desktop_app.transcription.speech_regions import PAD_S, find_speech

RATE = 16000


def _tone(seconds: float, level: float = 0.3, freq: float = 220.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (level * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _quiet(seconds: float, level: float = 0.0, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (level * rng.standard_normal(int(seconds * RATE))).astype(np.float32)


def test_speech_without_long_silences_is_kept_whole_and_not_copied() -> None:
    audio = np.concatenate([_tone(3), _quiet(1.5), _tone(2)])
    speech = find_speech(audio)
    assert speech.is_whole
    assert speech.cut(audio) is audio


def test_a_long_silence_is_cut_with_padding_and_times_map_back() -> None:
    audio = np.concatenate([_tone(3), _quiet(6, level=1e-4), _tone(2)])
    speech = find_speech(audio)
    assert len(speech.regions) == 2
    (a0, b0), (a1, b1) = speech.regions
    assert a0 == 0 and b1 == len(audio)
    assert b0 / RATE == pytest.approx(3 + PAD_S, abs=0.03)
    assert a1 / RATE == pytest.approx(9 - PAD_S, abs=0.03)
    cut = speech.cut(audio)
    assert len(cut) / RATE == pytest.approx(3 + 2 + 2 * PAD_S, abs=0.05)
    # A word at 4.0-4.5 s of the cut audio is 0.6 s into the second region: 9.2-9.7 s.
    seg = Segment(4.0, 4.5, "after", (Word("after", 4.0, 4.5, 0.9),))
    back = speech.restore_segment(seg)
    assert back.words[0].start == pytest.approx(9.2, abs=0.03)
    assert back.words[0].end == pytest.approx(9.7, abs=0.03)
    assert (back.start, back.end) == (back.words[0].start, back.words[0].end)
    # A word before the cut keeps its time.
    early = speech.restore_segment(Segment(1.0, 1.4, "x", (Word("x", 1.0, 1.4, 0.9),)))
    assert early.words[0].start == pytest.approx(1.0) and early.words[0].end == pytest.approx(1.4)


def test_a_word_straddling_a_cut_keeps_its_length() -> None:
    audio = np.concatenate([_tone(3), _quiet(6), _tone(2)])
    speech = find_speech(audio)
    edge = 3 + PAD_S  # where the two regions meet in the cut audio
    # Middle after the join: mapped through the second region, length unchanged.
    back = speech.restore_segment(Segment(edge - 0.1, edge + 0.3, "w",
                                          (Word("w", edge - 0.1, edge + 0.3, 0.5),)))
    w = back.words[0]
    assert w.start >= 9 - PAD_S - 0.01
    assert w.end - w.start == pytest.approx(0.3, abs=0.01)  # the part before the join clips


def test_all_silence_has_no_regions_and_empty_audio_is_whole() -> None:
    assert find_speech(_quiet(5, level=1e-5)).regions == ()
    assert find_speech(np.zeros(0, dtype=np.float32)).regions == ()
    assert find_speech(np.zeros(100, dtype=np.float32)).is_whole  # less than a frame


def test_a_noisy_room_cuts_nothing() -> None:
    """Background noise 20 dB under the voice: no frame is quiet enough, nothing is lost."""
    noise = 0.03
    audio = np.concatenate([_tone(3), _quiet(6, level=noise), _tone(2)])
    audio = audio + _quiet(len(audio) / RATE, level=noise, seed=1)[:len(audio)]
    assert find_speech(audio).is_whole


def test_quiet_speech_after_loud_speech_is_not_cut() -> None:
    """A soft sentence 24 dB below a loud one is speech, not silence."""
    audio = np.concatenate([_tone(3, level=0.5), _tone(4, level=0.03), _tone(1, level=0.5)])
    assert find_speech(audio).is_whole

"""Held hesitation sounds next to words the recogniser stretched or set early into them.

Voice-like tones stand in for the speaker (a fundamental and its harmonics, as the other
pause tests use); the real pipeline runs in tests/integration/test_held_hesitation_spoken.py.
"""

from __future__ import annotations

import numpy as np

from desktop_app.core.analysis.acoustics import analyse_frames
from desktop_app.core.analysis.filled_pauses import FilledPause, find_filled_pauses
from desktop_app.core.transcript import Word

RATE = 16000


def _voice(seconds: float, f0: float = 140.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    tone = np.zeros_like(t)
    for k in range(1, 6):  # a fundamental and its harmonics
        tone += np.sin(2 * np.pi * f0 * k * t) / k
    out: np.ndarray = (0.3 * tone / 2.3).astype(np.float32)
    return out


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def _spans(found: list[FilledPause]) -> list[tuple[float, float]]:
    return [(round(f.start, 1), round(f.end, 1)) for f in found]


def test_a_held_sound_touching_the_word_before_is_a_filled_pause() -> None:
    # "collect." timed to end where a 1.5 s "uhhh" begins (the recogniser stretched it over
    # the silence before the sound), then silence and the next word.
    audio = np.concatenate([_silence(0.1), _voice(0.9), _voice(1.5, f0=110.0),
                            _silence(0.4), _voice(0.6)])
    frames = analyse_frames(audio)
    words = [Word("collect.", 0.1, 1.0), Word("Then", 2.9, 3.5)]
    assert _spans(find_filled_pauses(words, frames, 0.3)) == [(1.1, 2.5)]
    # Voice that runs on from a word for 0.4 s only is the word's long last syllable.
    short = np.concatenate([_silence(0.1), _voice(1.3), _silence(1.5), _voice(0.6)])
    assert find_filled_pauses(words, analyse_frames(short), 0.3) == []


def test_a_word_stretched_over_a_held_sound_starts_after_it() -> None:
    # "Then" timed over a 1.8 s "uhhh", the silence after it and the word itself.
    audio = np.concatenate([_silence(0.1), _voice(0.9), _voice(1.8, f0=110.0),
                            _silence(0.4), _voice(0.4)])
    frames = analyse_frames(audio)
    stretched = [Word("collect.", 0.1, 1.0), Word("Then", 1.0, 3.2, 0.87)]  # even if sure
    assert _spans(find_filled_pauses(stretched, frames, 0.3)) == [(1.1, 2.7)]  # to the guard
    # A long word (1.4 s) with voice held under it is left as the recogniser timed it.
    long_word = np.concatenate([_silence(0.1), _voice(0.9), _silence(0.2),
                                _voice(1.0, f0=110.0), _silence(0.2), _voice(0.2)])
    words = [Word("collect.", 0.1, 1.0), Word("already", 1.2, 2.6, 0.6)]
    assert find_filled_pauses(words, analyse_frames(long_word), 0.3) == []


def test_a_held_sound_the_next_word_was_set_into_counts_only_in_a_quiet_room() -> None:
    # A 1.1 s "ummm" after a short silence; the recogniser set the next word "And" early,
    # 0.6 s into it, so only 0.5 s of the sound lies between the words.
    audio = np.concatenate([_silence(0.1), _voice(0.9), _silence(0.2), _voice(1.1, f0=110.0),
                            _silence(0.3), _voice(0.4)])
    frames = analyse_frames(audio)
    words = [Word("collect.", 0.1, 1.0), Word("And", 1.8, 3.0, 0.6)]
    assert _spans(find_filled_pauses(words, frames, 0.3)) == [(1.2, 1.7)]
    # Where other voices were heard, voice that runs on into a word may be theirs: only a
    # sound held inside the gap itself counts there.
    assert find_filled_pauses(words, frames, 0.3, others_heard=True) == []


def test_a_hesitation_written_as_a_word_late_is_not_counted_twice() -> None:
    from desktop_app.core.analysis.analyzer import filled_pause_items
    from desktop_app.core.analysis.lexicon import load_lexicon
    from desktop_app.core.analysis.report import FillerItem

    # A voice pitched 5 semitones up: its 0.8 s "uh" was found as voice at 10.60-11.04 s
    # and written "uh" at 11.26-11.32 s.
    lexicon = load_lexicon()
    sound = FilledPause(10.60, 11.04)
    written = [FillerItem("uh", 11.26, 11.32, "lexical", 5, 1)]
    assert filled_pause_items([sound], written, lexicon.is_sound) == []
    # A filler word that is not a sound ("like") accounts only for what touches it.
    like = [FillerItem("like", 11.26, 11.6, "lexical", 5, 1)]
    [kept] = filled_pause_items([sound], like, lexicon.is_sound)
    assert (kept.start, kept.end, kept.kind) == (10.60, 11.04, "filled_pause")

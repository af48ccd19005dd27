"""Filled pauses: the speaker's voice where the recogniser wrote no word ("um" it dropped).

A filled pause is a voiced run of at least ``filled_pause_min_s`` inside a gap between
transcribed words. Word edges are not exact, so a guard is kept clear at each side of the
gap, and voice joined to a word is that word's own edge unless it is held longer than a
syllable is. Whether a run is the speaker's (not the room's voices) is judged by the caller
(pauses.py), which has the voice-activity detector's speech and the speaker's loudness.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desktop_app.core.analysis.acoustics import Frames, Interval, voiced_runs
from desktop_app.core.transcript import Word

EDGE_GUARD_S = 0.12  # kept clear next to a transcribed word when looking for voice
JOINED_VOICED_SHARE = 0.9  # voice this continuous joins a run to the word next to it
# Such a run is still a filled pause when it leads, inside a sentence, into the next word
# within this: fast speech leaves no gap before an "uh" said straight after a word. In the
# accuracy corpus this finds the one such "uh" (fast speech); the one run under babble at
# 10 dB that it would also take followed a full stop, where a speaker breathes.
JOINED_NEXT_WORD_S = 0.5
# Voice held this long is a hesitation sound even where it touches a word: a drawn-out
# "uhhh" of 1.5 s or "ummm" of 2 s right after a sentence was left out of the transcript,
# the word before stretched to meet it and the next one set early into it, so it was
# taken for their edges and reported as nothing at all. A word's long last syllable or its
# room's echo ran on 0.3 to 0.4 s in the corpus, the room's voices at most 1 s at 20 dB
# (those fail the speaker's tests); from 0.5 s one of them became a false filled pause,
# at 0.6 s and longer none did and every other figure stayed the same.
HELD_SOUND_S = 0.8
# The recogniser also stretches a word over a held sound it did not write down: "Then"
# timed from 4.6 to 7.1 s (probability 0.07) over a 2 s "uhhh" and the silence after it,
# "Every" over 2.5 s (0.87) of an "ummm". No word lasts this long; one that does is taken
# to start where a held voiced run inside it ends. Doing this only for words the recogniser
# was unsure of (under 0.5) missed 4 of the corpus's 33 held sounds and kept out no false
# one.
STRETCHED_WORD_S = 1.5


@dataclass(frozen=True)
class FilledPause:
    start: float
    end: float

    @property
    def duration_s(self) -> float:
        return self.end - self.start


def find_filled_pauses(words: Sequence[Word], frames: Frames, min_s: float,
                       others_heard: bool = False) -> list[FilledPause]:
    """Voiced runs in the gaps between transcribed words (and before/after them).

    A run that voice joins, without a break, to the word before or after it is that
    word's own end or beginning (a long last syllable, the room's echo of it) which the
    recogniser's timing cut short: not a filled pause. Unless, inside a sentence, it runs
    on from the word before straight into the next ("each subgroup-uh, and we"), or it
    is held longer than a syllable is (HELD_SOUND_S). ``others_heard``: other voices were
    heard in the room (speaker_sound.SpeakerSound.room_heard), whose voice runs straight on
    from the speaker's words; only what lies in the gap itself is then taken as held.
    """
    words = [_unstretched(w, frames) for w in words]
    # (from, to, where the word before ends, where the word after starts, whether the
    # word before ends a sentence)
    regions: list[tuple[float, float, float | None, float | None, bool]]
    if not words:
        regions = [(0.0, frames.duration_s, None, None, True)]
    else:
        regions = [(0.0, words[0].start - EDGE_GUARD_S, None, words[0].start, True)]
        regions += [
            (a.end + EDGE_GUARD_S, b.start - EDGE_GUARD_S, a.end, b.start, _ends_sentence(a))
            for a, b in itertools.pairwise(words)
        ]
        regions.append((words[-1].end + EDGE_GUARD_S, frames.duration_s, words[-1].end, None,
                        True))
    found: list[FilledPause] = []
    for start, end, word_end, word_start, sentence_end in regions:
        if end - start < min_s:
            continue
        for run in voiced_runs(frames, start, end):
            if run.duration < min_s:
                continue
            if _held(run, frames, onward=not others_heard):
                found.append(FilledPause(run.start, run.end))
                continue
            if (word_end is not None and _voiced_throughout(frames, word_end, run.start)
                    and not _run_on_sound(run, word_start, sentence_end)):
                continue
            if word_start is not None and _voiced_throughout(frames, run.end, word_start):
                continue
            found.append(FilledPause(run.start, run.end))
    return found


def _unstretched(word: Word, frames: Frames) -> Word:
    """The word without a held sound that the recogniser stretched it over: a word longer
    than STRETCHED_WORD_S starts where the last voiced run of HELD_SOUND_S or more that
    begins in its first half, and ends inside it, ends."""
    if word.end - word.start < STRETCHED_WORD_S:
        return word
    middle = (word.start + word.end) / 2
    held = [run for run in voiced_runs(frames, word.start - EDGE_GUARD_S, word.end)
            if run.duration >= HELD_SOUND_S and run.start < middle and run.end < word.end]
    if not held:
        return word
    return Word(word.word, held[-1].end, word.end, word.probability)


def _held(run: Interval, frames: Frames, onward: bool) -> bool:
    """The run lasts HELD_SOUND_S, or with ``onward`` the voice it goes on into past the
    gap's end does: the recogniser set the next word early into a held "ummm", leaving
    only 0.5 s of its 1.1 s between the words. (Voice before the gap is the word before's
    own: a slow last syllable runs on from it.) Under babble at 10 dB, voice going on into
    the next word took a room's voices for a filled pause; the gap's part alone did not."""
    if run.duration >= HELD_SOUND_S or not onward:
        return run.duration >= HELD_SOUND_S
    going_on = voiced_runs(frames, run.start, run.end + 2 * HELD_SOUND_S)
    return bool(going_on) and going_on[0].end - run.start >= HELD_SOUND_S


def _ends_sentence(word: Word) -> bool:
    return word.word.rstrip().rstrip("\"')").endswith((".", "!", "?"))


def _run_on_sound(run: Interval, word_start: float | None, sentence_end: bool) -> bool:
    """Voice joined to the word before it is a filled pause said straight after the word
    ("subgroup-uh, and") when the next word follows within JOINED_NEXT_WORD_S. A long last
    syllable before a silence, or anything after a sentence's end, stays the word's or the
    room's."""
    return (not sentence_end and word_start is not None
            and word_start - run.end <= JOINED_NEXT_WORD_S)


def _voiced_throughout(frames: Frames, start: float, end: float) -> bool:
    """Voice in every frame from ``start`` to ``end`` (a hole of a frame or two allowed)."""
    hop = frames.hop_s
    a = max(0, int(start / hop))
    b = min(frames.count, int(np.ceil(end / hop)))
    if b <= a:
        return True
    return float(frames.voiced[a:b].mean()) >= JOINED_VOICED_SHARE

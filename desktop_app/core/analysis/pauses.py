"""Pauses, start latency and filled pauses, from the audio when there is audio.

A pause is silence of at least the threshold between two stretches of speech. With
audio, the silence is found in the audio (word timestamps smear over silences); only
without audio do word gaps stand in for it. Silence before the first speech is the
start latency; silence after the last speech is not a pause either.

A filled pause is voice where the recogniser transcribed no word ("um" that Whisper
dropped): a voiced run of at least ``filled_pause_min_s`` inside a gap between words.
Word edges are not exact, so a guard is kept clear at each side of the gap.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desktop_app.core.analysis.acoustics import (
    Frames,
    Interval,
    silences,
    speech_intervals,
    voiced_runs,
)
from desktop_app.core.transcript import Word

EDGE_GUARD_S = 0.12  # kept clear next to a transcribed word when looking for voice
JOINED_VOICED_SHARE = 0.9  # voice this continuous joins a run to the word next to it


@dataclass(frozen=True)
class Pause:
    start: float
    end: float
    source: str  # "audio" or "words"

    @property
    def duration_s(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class FilledPause:
    start: float
    end: float

    @property
    def duration_s(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class PauseResult:
    pauses: list[Pause]
    start_latency_s: float
    speech: list[Interval]  # from the audio; empty without audio
    filled: list[FilledPause]


def word_gap_pauses(words: Sequence[Word], threshold_s: float) -> list[Pause]:
    return [
        Pause(a.end, b.start, "words")
        for a, b in itertools.pairwise(words)
        if b.start - a.end >= threshold_s
    ]


def find_pauses(
    words: Sequence[Word],
    frames: Frames | None,
    threshold_s: float,
    filled_min_s: float,
) -> PauseResult:
    speech = speech_intervals(frames) if frames is not None else []
    if frames is None or not speech:
        latency = words[0].start if words else 0.0
        return PauseResult(word_gap_pauses(words, threshold_s), latency, [], [])
    pauses = [
        Pause(s.start, s.end, "audio")
        for s in silences(frames, speech)
        if s.duration >= threshold_s
    ]
    filled = find_filled_pauses(words, frames, filled_min_s)
    return PauseResult(pauses, speech[0].start, speech, filled)


def find_filled_pauses(words: Sequence[Word], frames: Frames, min_s: float) -> list[FilledPause]:
    """Voiced runs in the gaps between transcribed words (and before/after them).

    A run that voice joins, without a break, to the word before or after it is that
    word's own end or beginning (a long last syllable, the room's echo of it) which the
    recogniser's timing cut short: not a filled pause.
    """
    # (from, to, where the word before ends, where the word after starts)
    regions: list[tuple[float, float, float | None, float | None]]
    if not words:
        regions = [(0.0, frames.duration_s, None, None)]
    else:
        regions = [(0.0, words[0].start - EDGE_GUARD_S, None, words[0].start)]
        regions += [
            (a.end + EDGE_GUARD_S, b.start - EDGE_GUARD_S, a.end, b.start)
            for a, b in itertools.pairwise(words)
        ]
        regions.append((words[-1].end + EDGE_GUARD_S, frames.duration_s, words[-1].end, None))
    found: list[FilledPause] = []
    for start, end, word_end, word_start in regions:
        if end - start < min_s:
            continue
        for run in voiced_runs(frames, start, end):
            if run.duration < min_s:
                continue
            if word_end is not None and _voiced_throughout(frames, word_end, run.start):
                continue
            if word_start is not None and _voiced_throughout(frames, run.end, word_start):
                continue
            found.append(FilledPause(run.start, run.end))
    return found


def _voiced_throughout(frames: Frames, start: float, end: float) -> bool:
    """Voice in every frame from ``start`` to ``end`` (a hole of a frame or two allowed)."""
    hop = frames.hop_s
    a = max(0, int(start / hop))
    b = min(frames.count, int(np.ceil(end / hop)))
    if b <= a:
        return True
    return float(frames.voiced[a:b].mean()) >= JOINED_VOICED_SHARE

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

from desktop_app.core.analysis.acoustics import (
    Frames,
    Interval,
    silences,
    speech_intervals,
    voiced_runs,
)
from desktop_app.core.transcript import Word

EDGE_GUARD_S = 0.12  # kept clear next to a transcribed word when looking for voice


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
    """Voiced runs in the gaps between transcribed words (and before/after them)."""
    if not words:
        regions = [(0.0, frames.duration_s)]
    else:
        regions = [(0.0, words[0].start - EDGE_GUARD_S)]
        regions += [
            (a.end + EDGE_GUARD_S, b.start - EDGE_GUARD_S) for a, b in itertools.pairwise(words)
        ]
        regions.append((words[-1].end + EDGE_GUARD_S, frames.duration_s))
    found: list[FilledPause] = []
    for start, end in regions:
        if end - start < min_s:
            continue
        found.extend(
            FilledPause(run.start, run.end)
            for run in voiced_runs(frames, start, end)
            if run.duration >= min_s
        )
    return found

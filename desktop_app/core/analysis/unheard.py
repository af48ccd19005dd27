"""Speech under no word: voiced audio the recogniser left unexplained.

One measure serves two readers. The windowed decoder decodes a window again when its words
leave such speech (with the filler prompt, tiny.en sometimes stopped after the first
sentence of a slow answer), and the analysis reports what is left after that as unclear
speech rather than as filled pauses.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from desktop_app.core.analysis.acoustics import Frames, Interval, speech_intervals
from desktop_app.core.transcript import Word

WORD_REACH_S = 0.25  # word timings are approximate: a word explains audio this close
# Longer unexplained speech than this is a lost phrase, not a dropped hesitation: the
# corpus's spoken "uhhh" and "ummm" last 0.77-0.85 s, a long one about a second.
LOST_SPEECH_S = 1.2


def reached_frames(words: Sequence[Word], count: int, hop: float,
                   reach: float) -> npt.NDArray[np.bool_]:
    """Frames within ``reach`` seconds of a word (frame k covers k * hop onwards)."""
    mask = np.zeros(count, dtype=bool)
    for word in words:
        a = max(0, int((word.start - reach) / hop))
        mask[a : min(count, int(np.ceil((word.end + reach) / hop)))] = True
    return mask


def unheard_stretches(words: Sequence[Word], frames: Frames) -> list[Interval]:
    """Stretches of the audio's speech (acoustics.speech_intervals) that no word reaches,
    each longer than LOST_SPEECH_S."""
    if frames.count == 0:
        return []
    hop = frames.hop_s
    explained = reached_frames(words, frames.count, hop, WORD_REACH_S)
    out: list[Interval] = []
    for interval in speech_intervals(frames):
        a = int(interval.start / hop)
        b = min(frames.count, int(np.ceil(interval.end / hop)))
        start: int | None = None
        for k in range(a, b + 1):  # the stretches of this interval no word reaches
            if k < b and not explained[k]:
                start = k if start is None else start
                continue
            if start is not None and (k - start) * hop >= LOST_SPEECH_S:
                out.append(Interval(start * hop, k * hop))
            start = None
    return out

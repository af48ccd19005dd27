"""How much voiced audio a window's words leave unexplained, to catch a lost sentence.

With the filler prompt, tiny.en sometimes stops after the first sentence of a slow answer
and the rest of the window comes back with no words at all (the plain model hears it).
Speech under no word is measured in the audio itself: voiced stretches (acoustics) that
no word's span, widened a little for timing error, reaches. A run longer than a filled
pause is more than an "um" the recogniser dropped: the window is decoded again.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from desktop_app.core.analysis.acoustics import analyse_frames, speech_intervals
from desktop_app.core.transcript import Transcript

RATE = 16000
WORD_REACH_S = 0.25  # word timings are approximate: a word explains audio this close
# Longer unexplained speech than this is a lost phrase, not a dropped filler: a long
# "uhhh" lasts about a second.
LOST_SPEECH_S = 1.2


def unheard_speech_s(transcript: Transcript, audio: npt.NDArray[np.float32]) -> float:
    """Seconds of speech in ``audio`` under no word, counting runs over LOST_SPEECH_S."""
    frames = analyse_frames(audio, RATE)
    if frames.count == 0:
        return 0.0
    hop = frames.hop_s
    explained = np.zeros(frames.count, dtype=bool)
    for word in transcript.words:
        a = max(0, int((word.start - WORD_REACH_S) / hop))
        b = min(frames.count, int(np.ceil((word.end + WORD_REACH_S) / hop)))
        explained[a:b] = True
    total = 0.0
    for interval in speech_intervals(frames):
        a = int(interval.start / hop)
        b = min(frames.count, int(np.ceil(interval.end / hop)))
        run = 0
        for k in range(a, b):  # the longest stretches of this interval no word reaches
            if explained[k]:
                total += run * hop if run * hop >= LOST_SPEECH_S else 0.0
                run = 0
            else:
                run += 1
        total += run * hop if run * hop >= LOST_SPEECH_S else 0.0
    return total

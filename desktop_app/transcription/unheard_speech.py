"""How much voiced audio a window's words leave unexplained, to catch a lost sentence.

With the filler prompt, tiny.en sometimes stops after the first sentence of a slow answer
and the rest of the window comes back with no words at all (the plain model hears it).
The measure is the analysis's (core.analysis.unheard): speech in the audio that no word's
span, widened a little for timing error, reaches, in runs longer than a filled pause. A
window with such speech is decoded again.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from desktop_app.core.analysis.acoustics import analyse_frames
from desktop_app.core.analysis.unheard import LOST_SPEECH_S, unheard_stretches
from desktop_app.core.transcript import Transcript

__all__ = ["LOST_SPEECH_S", "unheard_speech_s"]

RATE = 16000


def unheard_speech_s(transcript: Transcript, audio: npt.NDArray[np.float32]) -> float:
    """Seconds of speech in ``audio`` under no word, counting runs over LOST_SPEECH_S."""
    frames = analyse_frames(audio, RATE)
    return sum(s.duration for s in unheard_stretches(transcript.words, frames))

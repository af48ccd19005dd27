"""How much of a recording hit the top of the microphone's range (clipped).

A microphone set too loud flattens the loudest part of each syllable. The recogniser and the
measures of fillers and pauses hear such audio less well: the corpus's clean answers
amplified 14 dB (6 to 17 % of their sounding samples clipped) lost fillers (recall 1.00 to
0.88, precision 0.94) and pauses (1.00 to 0.91); at 6 dB (0.4 to 2.3 % clipped) the
feedback held but the distortion is plain to hear. The user is told, so that the cause is
fixed at the microphone rather than the feedback trusted less.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

CLIP_LEVEL = 0.99  # of full scale: a sample this high was cut off by the converter
SOUNDING_LEVEL = 0.02  # samples above this hold sound (about -34 dBFS), not silence
# Worth telling from this share of the sounding samples: the clean corpus has at most 0.01 %
# (a loud syllable touching full scale), a level that distorts audibly has 0.4 % and more.
CLIPPED_SHARE_TOLD = 0.01


def clipped_share(audio: npt.NDArray[np.float32]) -> float:
    """The share of the sounding samples of ``audio`` (floats in [-1, 1]) at full scale."""
    magnitude = np.abs(np.asarray(audio, dtype=np.float32).reshape(-1))
    sounding = int(np.count_nonzero(magnitude >= SOUNDING_LEVEL))
    if sounding == 0:
        return 0.0
    return int(np.count_nonzero(magnitude >= CLIP_LEVEL)) / sounding

"""One long answer made of the corpus's answers, spoken one after another, with its truth.

Real answers run one to three minutes; the corpus's are about 25 s, one recogniser window
each. Joined, they go through the windows, the context handed from one to the next and
the pauses between windows, as a long answer does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from desktop_app.core.audio.audio_decode import load_audio
from desktop_app.evaluation.corpus import Case
from desktop_app.evaluation.truth import Span, Truth

RATE = 16000


def joined_answers(cases: Sequence[Case], gap_s: float
                   ) -> tuple[npt.NDArray[np.float32], Truth]:
    """The cases' audio one after another, ``gap_s`` of silence added between them (each
    already starts and ends with some), and the truth of the whole."""
    parts: list[npt.NDArray[np.float32]] = []
    truth = Truth(0.0)
    offset = 0.0
    last_speech: float | None = None
    gap = np.zeros(int(gap_s * RATE), dtype=np.float32)
    for case in cases:
        if parts:
            parts.append(gap)
            offset += gap_s
        audio = np.asarray(load_audio(case.audio), dtype=np.float32)
        t = case.truth

        def moved(span: Span, by: float = offset) -> Span:
            return (span[0] + by, span[1] + by)

        if last_speech is not None and t.speech:
            truth.silences.append((last_speech, t.speech[0][0] + offset))
        truth.sentences += [replace(s, start=s.start + offset, end=s.end + offset)
                            for s in t.sentences]
        truth.fillers += [replace(f, start=f.start + offset, end=f.end + offset)
                          for f in t.fillers]
        truth.silences += [moved(s) for s in t.silences]
        truth.speech += [moved(s) for s in t.speech]
        if t.speech:
            last_speech = t.speech[-1][1] + offset
        parts.append(audio)
        offset += audio.shape[0] / RATE
    truth.duration_s = offset
    return np.concatenate(parts), truth

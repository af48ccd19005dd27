"""Energy helpers: frame loudness, and dropping words Whisper "heard" in pure silence.

Whisper is known to invent text ("Thank you.") over silence at the end of a recording.
VAD and hallucination_silence_threshold stop most of it inside the engines; this guard,
the same for both engines, removes any word whose whole span has no signal at all.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from desktop_app.core.transcript import Segment, Transcript

RATE = 16000
FRAME_S = 0.02
# A frame counts as sound above this fraction of the file's loud (95th percentile)
# frame level, and never below an absolute floor.
RELATIVE_FLOOR = 0.03
ABSOLUTE_FLOOR = 1e-4  # -80 dBFS: a quiet microphone (speech at -50 dBFS) is still sound
WORD_PAD_S = 0.05


def frame_rms(audio: npt.NDArray[np.float32], frame_s: float = FRAME_S) -> npt.NDArray[np.float64]:
    n = max(1, int(RATE * frame_s))
    usable = len(audio) // n * n
    if usable == 0:
        return np.zeros(0)
    frames = audio[:usable].astype(np.float64).reshape(-1, n)
    rms: npt.NDArray[np.float64] = np.sqrt(np.mean(frames * frames, axis=1))
    return rms


def sound_threshold(rms: npt.NDArray[np.float64]) -> float:
    if rms.size == 0:
        return ABSOLUTE_FLOOR
    return max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * float(np.percentile(rms, 95)))


def drop_silent_words(transcript: Transcript, audio: npt.NDArray[np.float32]) -> Transcript:
    """Remove words that have no sound under them.

    Inside the answer a word must lie wholly in silence (with a little margin, since
    word timings are approximate) to go. At the end, where Whisper invents text over
    the trailing silence, the words are checked strictly, without the margin, back to
    the last word that really has sound under it.
    """
    rms = frame_rms(audio)
    if rms.size == 0:
        return replace(transcript, segments=())
    loud = rms > sound_threshold(rms)
    words = [w for s in transcript.segments for w in s.words]
    last_real = len(words) - 1
    while last_real >= 0 and not _has_sound(loud, words[last_real].start,
                                            words[last_real].end, pad=0.0):
        last_real -= 1
    keep = {id(w) for i, w in enumerate(words)
            if i <= last_real and _has_sound(loud, w.start, w.end, pad=WORD_PAD_S)}
    kept_segments: list[Segment] = []
    for seg in transcript.segments:
        kept = tuple(w for w in seg.words if id(w) in keep)
        if seg.words and not kept:
            continue  # every word of it lies in silence: an invented segment
        if len(kept) != len(seg.words):
            seg = Segment(kept[0].start, kept[-1].end, " ".join(w.word for w in kept), kept)
        kept_segments.append(seg)
    return replace(transcript, segments=tuple(kept_segments))


def _has_sound(loud: npt.NDArray[np.bool_], start: float, end: float, pad: float) -> bool:
    a = max(0, int((start - pad) / FRAME_S))
    b = min(len(loud), int(np.ceil((end + pad) / FRAME_S)))
    return bool(loud[a:b].any()) if b > a else bool(loud[min(a, len(loud) - 1)])

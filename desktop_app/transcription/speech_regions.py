"""Long silences cut out before decoding, and the words put back at their real times.

Whisper is fed the audio without any silence longer than ``MIN_SILENCE_S``: over long
silence it tends to invent text ("Thank you."), and decoding silence costs time. This
does what faster-whisper's ``vad_filter`` does with the Silero network (same 2 s minimum
silence, same 0.4 s padding around speech), with frame energy instead, so the engine
needs no onnxruntime (35 MB in the installer) and the cut costs milliseconds.

Energy can only err one way here: a noisy room has no frame quiet enough, so nothing is
cut and Whisper sees all of the audio, as with no VAD at all. A silence is only cut
when it is at least 30 dB below the answer's loud frames (``silence.sound_threshold``)
for 2 s, which speech never is.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from desktop_app.core.transcript import Segment, Word
from desktop_app.transcription.silence import FRAME_S, RATE, frame_rms, sound_threshold

MIN_SILENCE_S = 2.0
PAD_S = 0.4


@dataclass(frozen=True)
class SpeechMap:
    """Sample ranges kept from the original audio, and how to map times back."""

    regions: tuple[tuple[int, int], ...]  # (start, end) samples, sorted, not overlapping
    total: int  # samples of the original audio

    @property
    def is_whole(self) -> bool:
        return self.regions == ((0, self.total),)

    @property
    def kept_samples(self) -> int:
        return sum(end - start for start, end in self.regions)

    def cut(self, audio: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        if self.is_whole:
            return audio
        if not self.regions:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate([audio[a:b] for a, b in self.regions])

    @cached_property
    def _starts(self) -> list[float]:
        """Where each region starts in the cut audio, in seconds."""
        starts, at = [], 0
        for a, b in self.regions:
            starts.append(at / RATE)
            at += b - a
        return starts

    def original_time(self, t: float, region: int) -> float:
        a, b = self.regions[region]
        offset = t - self._starts[region]
        return min(b, a + max(0.0, offset) * RATE) / RATE

    def region_of(self, t: float) -> int:
        return max(0, bisect.bisect_right(self._starts, t) - 1)

    def restore_segment(self, seg: Segment) -> Segment:
        """A segment timed in the cut audio, timed in the original.

        Both ends of a word map through the region its middle is in, so a word that
        straddles a cut keeps its length instead of stretching over the silence.
        """
        if self.is_whole or not self.regions:
            return seg
        words = []
        for w in seg.words:
            region = self.region_of((w.start + w.end) / 2)
            words.append(Word(w.word, self.original_time(w.start, region),
                              self.original_time(w.end, region), w.probability))
        if words:
            return Segment(words[0].start, words[-1].end, seg.text, tuple(words))
        end_region = self.region_of(max(seg.start, seg.end - 1e-3))
        return Segment(self.original_time(seg.start, self.region_of(seg.start)),
                       self.original_time(seg.end, end_region), seg.text, ())


def find_speech(audio: npt.NDArray[np.float32], min_silence_s: float = MIN_SILENCE_S,
                pad_s: float = PAD_S) -> SpeechMap:
    """The parts of ``audio`` to decode: everything but silences of ``min_silence_s`` or more.

    All silence gives no regions; a recording without a long silence gives one region,
    the whole of it (``is_whole``), so the common case copies nothing.
    """
    total = len(audio)
    rms = frame_rms(audio)
    if rms.size == 0:
        return SpeechMap(((0, total),) if total else (), total)
    loud = rms > sound_threshold(rms)
    if not loud.any():
        return SpeechMap((), total)
    frame = int(RATE * FRAME_S)
    min_frames = round(min_silence_s / FRAME_S)
    pad = int(pad_s * RATE)
    # Runs of loud frames, merged across any quiet gap shorter than the minimum silence.
    idx = np.flatnonzero(loud)
    breaks = np.flatnonzero(np.diff(idx) > min_frames)
    run_starts = np.concatenate([[idx[0]], idx[breaks + 1]])
    run_ends = np.concatenate([idx[breaks], [idx[-1]]]) + 1
    regions: list[tuple[int, int]] = []
    for s, e in zip(run_starts.tolist(), run_ends.tolist(), strict=True):
        a = max(0, s * frame - pad)
        b = min(total, e * frame + pad)
        if e == len(loud):  # the last partial frame was never measured: keep it
            b = total
        if regions and a <= regions[-1][1]:
            regions[-1] = (regions[-1][0], b)
        else:
            regions.append((a, b))
    return SpeechMap(tuple(regions), total)

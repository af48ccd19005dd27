"""The ring buffer between PortAudio's callback and the recorder's writer thread.

One producer (the callback) and one consumer (the writer), no lock: the callback copies a
block in and only then publishes the new write count; the writer copies everything
published out and only then frees the space. A full ring drops the new block and counts
it, because blocking or allocating in the callback would make PortAudio miss its deadline
and lose audio anyway (the audio callback "only copies", as Friture's does).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


class FrameRing:
    def __init__(self, frames: int = 0, channels: int = 1) -> None:
        self.capacity = frames
        # Written through now, so its pages are resident before the callback needs them
        # (np.zeros maps pages lazily: page faults in the audio callback, slow RSS creep).
        self._ring: npt.NDArray[np.int16] = np.empty((frames, channels), np.int16)
        self._ring.fill(0)
        self.written = 0  # frames ever pushed (the producer's count)
        self._read = 0  # frames ever taken (the consumer's count)
        self.dropped_blocks = 0

    def push(self, block: npt.NDArray[np.int16]) -> None:
        """Callback side: copy ``block`` in, or drop and count it when the ring is full."""
        frames = len(block)
        w = self.written
        if w - self._read + frames > self.capacity:
            self.dropped_blocks += 1  # the writer is stalled: drop, never block
            return
        start = w % self.capacity
        first = min(frames, self.capacity - start)
        self._ring[start:start + first] = block[:first]
        if first < frames:
            self._ring[:frames - first] = block[first:]
        self.written = w + frames  # publish after the copy

    def take(self) -> npt.NDArray[np.int16]:
        """Writer side: everything pushed since the last take, in order (may be empty)."""
        w, r = self.written, self._read
        if w <= r:
            return self._ring[:0]
        start, end = r % self.capacity, w % self.capacity
        if start < end:
            block = self._ring[start:end].copy()
        else:
            block = np.concatenate((self._ring[start:], self._ring[:end]))
        self._read = w  # the callback may now reuse that space
        return block

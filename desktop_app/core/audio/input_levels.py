"""The recorder's level meter: RMS and peak of each block of the recorded audio.

Fed on the recorder's writer thread with every written block; read by the caller (the
UI's meter timer, the microphone test) from another thread, so the hand-over takes a lock.
Blocks are cut from the written stream, not from PortAudio's buffers, so the meter's
times are times in the file whatever the device delivers at once.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# 20 s of meter at 50 ms blocks: what is kept when nobody reads (the CLI), so memory
# stays flat on long recordings.
KEPT_BLOCKS = 400


@dataclass(frozen=True)
class Level:
    rms: float  # 0..1 (full scale)
    peak: float  # 0..1
    t: float  # seconds of recorded audio at the end of this block


class InputLevels:
    """Cut 16 kHz float samples into ``block_ms`` blocks and keep their levels."""

    def __init__(self, rate: int, block_ms: int) -> None:
        self._rate = rate
        self._block = max(1, rate * block_ms // 1000)
        self._pending: npt.NDArray[np.float32] = np.zeros(0, np.float32)
        self._fed = 0  # samples fed so far
        self._levels: deque[Level] = deque(maxlen=KEPT_BLOCKS)
        self._lock = threading.Lock()

    def feed(self, samples: npt.NDArray[np.float32]) -> None:
        """Writer thread: the samples just written to the file."""
        self._fed += len(samples)
        buf = np.concatenate((self._pending, samples)) if len(self._pending) else samples
        n = self._block
        whole = len(buf) - len(buf) % n
        self._pending = buf[whole:].copy()
        if not whole:
            return
        blocks = buf[:whole].reshape(-1, n)
        rms = np.sqrt(np.mean(blocks * blocks, axis=1))
        peak = np.abs(blocks).max(axis=1)
        last_end = self._fed - len(self._pending)  # sample index where the last block ends
        first_end = last_end - (len(blocks) - 1) * n
        levels = [Level(float(r), float(p), (first_end + i * n) / self._rate)
                  for i, (r, p) in enumerate(zip(rms, peak, strict=True))]
        with self._lock:
            self._levels.extend(levels)

    def take(self) -> list[Level]:
        """Any thread: the blocks measured since the last call."""
        with self._lock:
            out = list(self._levels)
            self._levels.clear()
        return out

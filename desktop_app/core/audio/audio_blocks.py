"""Decoded audio gathered block by block into one 16 kHz float32 array, and no more.

The decoders read a file in blocks, mix each block to mono and resample it on the way
(``BlockResampler``), so the only whole-length array is the result. ``SignalBuffer``
grows that array in place: reading a 2-hour WAV whole, then mixing and resampling it,
peaked at about ten times the file's size; block by block it is the 16 kHz float32
signal itself (4 bytes a sample), with nothing beside it of that length.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Audio = npt.NDArray[np.float32]

_MIN_CAPACITY = 1 << 16


class TooLong(Exception):
    """More audio than the caller's limit: stop decoding (the file is refused)."""


class SignalBuffer:
    """Appends mono float32 blocks; ``result()`` hands over the array (once).

    ``expected`` (samples) sizes the first allocation, from the file's header: pages
    not yet written cost no memory, so an over-estimate is free, and an under-estimate
    only means growing (in place where the allocator can). Past ``limit`` samples
    ``append`` raises TooLong. Blocks are cleaned on the way in: NaN and infinities
    (float files can hold them) become silence or full scale, and everything is clipped
    to [-1, 1], so the result needs no whole-length pass afterwards.
    """

    def __init__(self, limit: int, expected: int = 0) -> None:
        self.limit = limit
        first = min(max(expected, _MIN_CAPACITY), limit + 1)
        self._data: Audio = np.empty(first, dtype=np.float32)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, block: Audio) -> None:
        size = int(block.shape[0])
        if not size:
            return
        end = self._n + size
        if end > self.limit:
            raise TooLong(end)
        if end > self._data.shape[0]:
            grown = min(max(end, self._data.shape[0] * 2), self.limit + 1)
            # The buffer is never shared before result(), so no reference can dangle.
            self._data.resize(grown, refcheck=False)
        out = self._data[self._n:end]
        np.clip(block, -1.0, 1.0, out=out)  # infinities become full scale ...
        np.nan_to_num(out, copy=False, nan=0.0)  # ... and NaN (which clip keeps) silence
        self._n = end

    def result(self) -> Audio:
        self._data.resize(self._n, refcheck=False)
        data, self._data = self._data, np.empty(0, dtype=np.float32)
        self._n = 0
        return data


class BlockResampler:
    """Mono blocks from ``source_rate`` to ``rate`` with soxr's stream (same output as
    resampling the whole signal at once); a pass-through when the rates agree."""

    def __init__(self, source_rate: int, rate: int) -> None:
        self._stream = None
        if source_rate != rate:
            import soxr

            self._stream = soxr.ResampleStream(source_rate, rate, 1, dtype="float32",
                                               quality="HQ")

    def feed(self, block: Audio, last: bool = False) -> Audio:
        if self._stream is None:
            return block
        out: Audio = self._stream.resample_chunk(block, last=last)
        return out

    def flush(self) -> Audio:
        return self.feed(np.zeros(0, dtype=np.float32), last=True)


def mix_to_mono(frames: npt.NDArray[np.float32]) -> Audio:
    """Frames (samples x channels) averaged to one channel.

    Averaged, not summed: two full-scale channels would clip at 1.0 otherwise.
    """
    if frames.shape[1] == 1:
        return np.ascontiguousarray(frames.reshape(-1))
    mixed: Audio = frames.mean(axis=1, dtype=np.float32)
    return mixed

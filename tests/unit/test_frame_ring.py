"""The callback-to-writer ring: order kept across the wrap, a full ring drops and counts."""

from __future__ import annotations

import numpy as np

from desktop_app.core.audio.frame_ring import FrameRing


def _block(start: int, n: int) -> np.ndarray:
    return np.arange(start, start + n, dtype=np.int16).reshape(-1, 1)


def test_blocks_come_out_in_order_across_the_wrap() -> None:
    ring = FrameRing(10)
    out = []
    ring.push(_block(0, 7))
    out.append(ring.take())
    ring.push(_block(7, 6))  # wraps: 3 frames at the end, 3 at the start
    ring.push(_block(13, 4))
    out.append(ring.take())
    assert np.concatenate(out)[:, 0].tolist() == list(range(17))
    assert ring.take().shape == (0, 1)
    assert ring.written == 17 and ring.dropped_blocks == 0


def test_a_full_ring_drops_the_new_block_and_keeps_what_it_had() -> None:
    ring = FrameRing(8)
    ring.push(_block(0, 6))
    ring.push(_block(6, 3))  # would not fit: dropped, never blocks the callback
    assert ring.dropped_blocks == 1 and ring.written == 6
    assert ring.take()[:, 0].tolist() == list(range(6))
    ring.push(_block(6, 3))  # room again once the writer took the rest
    assert ring.take()[:, 0].tolist() == [6, 7, 8]

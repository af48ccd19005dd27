"""The level meter cuts the written stream into fixed blocks, whatever the feed sizes."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from desktop_app.core.audio.input_levels import KEPT_BLOCKS, InputLevels

RATE = 16000


def test_blocks_are_cut_from_the_stream_not_from_the_feeds() -> None:
    # 1 s of a 0.5-amplitude square wave, then 1 s of silence, fed in uneven pieces.
    tone = np.where(np.arange(RATE) % 40 < 20, 0.5, -0.5).astype(np.float32)
    audio = np.concatenate((tone, np.zeros(RATE, np.float32)))
    meter = InputLevels(RATE, block_ms=50)
    for piece in np.split(audio, [17, 801, 5000, 5001, 16111, 31000]):
        meter.feed(piece)
    levels = meter.take()
    assert [round(lv.t, 3) for lv in levels] == [round(0.05 * (i + 1), 3) for i in range(40)]
    assert all(lv.rms == pytest.approx(0.5) and lv.peak == pytest.approx(0.5)
               for lv in levels[:20])
    assert all(lv.rms == 0.0 and lv.peak == 0.0 for lv in levels[20:])
    assert meter.take() == []  # taken once


def test_a_part_block_waits_for_the_rest() -> None:
    meter = InputLevels(RATE, block_ms=50)
    meter.feed(np.full(700, 0.25, np.float32))
    assert meter.take() == []
    meter.feed(np.full(100, 0.25, np.float32))
    (level,) = meter.take()
    assert level.t == 0.05 and level.rms == pytest.approx(0.25)


def test_unread_levels_are_bounded() -> None:
    meter = InputLevels(RATE, block_ms=50)
    meter.feed(np.zeros(RATE * 60, np.float32))  # a minute nobody read
    levels = meter.take()
    assert len(levels) == KEPT_BLOCKS and levels[-1].t == 60.0


def test_reading_from_another_thread_loses_no_block() -> None:
    meter = InputLevels(RATE, block_ms=50)
    taken: list[float] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            taken.extend(lv.t for lv in meter.take())

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(200):
        meter.feed(np.zeros(800, np.float32))  # one block at a time, as fast as it goes
    done.set()
    reader.join()
    taken.extend(lv.t for lv in meter.take())
    assert np.allclose(taken, [0.05 * (i + 1) for i in range(200)])

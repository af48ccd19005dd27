"""The voice cache stays under its bound: the files used least recently go first."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from desktop_app.voice.cache import STALE_PARTIAL_S, SpeechCache

RATE = 22050
ONE_SECOND = np.zeros(RATE, dtype=np.int16)  # 44,100 bytes of samples + a 44-byte header


def _put(cache: SpeechCache, text: str, age_s: float) -> Path:
    path = cache.put("joe", 1.0, text, ONE_SECOND, RATE)
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


def test_the_least_recently_used_files_go_when_the_folder_is_full(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, max_bytes=5 * 44_144)  # room for five one-second texts
    texts = [f"question {n}" for n in range(5)]
    for age, text in zip((50, 40, 30, 20, 10), texts, strict=True):
        _put(cache, text, age)
    assert all(cache.get("joe", 1.0, t) is not None for t in texts[1:])  # read: used now
    assert len(list(tmp_path.glob("*.wav"))) == 5  # at the bound, nothing pruned yet
    newest = cache.put("joe", 1.0, "a follow-up", ONE_SECOND, RATE)
    # Over the bound: pruned to 80 % of it, the oldest unread first.
    left = sorted(p.name for p in tmp_path.glob("*.wav"))
    assert newest.is_file()
    assert cache.get("joe", 1.0, texts[0]) is None
    assert len(left) == 4
    total = sum(p.stat().st_size for p in tmp_path.glob("*.wav"))
    assert total <= 0.8 * cache.max_bytes


def test_a_half_written_file_from_a_killed_process_is_removed(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path)
    stale = tmp_path / "abc.123.456.partial"
    stale.write_bytes(b"RIFF")
    then = time.time() - STALE_PARTIAL_S - 60
    os.utime(stale, (then, then))
    fresh = tmp_path / "def.123.789.partial"  # another process may be writing it now
    fresh.write_bytes(b"RIFF")
    cache.put("joe", 1.0, "a question", ONE_SECOND, RATE)
    assert not stale.exists()
    assert fresh.exists()

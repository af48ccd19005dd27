"""Spoken texts kept as WAV files, one per (voice, speed, text), owner-only.

The key is a hash, so the file name never shows the question; the folder is
``<data home>/cache/voice`` and may be deleted at any time (it is rebuilt on demand).
Volume is not part of the key: it is applied when the file is played.

The folder is bounded: a question spoken at 22 kHz is about 44 kB a second, so a bank
of a hundred questions with their follow-ups, at two or three speeds, fits in tens of
megabytes; past ``MAX_BYTES`` the files used least recently go first (a read marks a
file as used), down to ``PRUNE_TO`` of the bound so pruning is rare.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from desktop_app.core import paths

CACHE_VERSION = 1  # raise when the way speech is made changes
MAX_BYTES = 256 * 1024 * 1024
PRUNE_TO = 0.8  # of MAX_BYTES, once over it
STALE_PARTIAL_S = 3600.0  # a half-written file this old was left by a killed process

log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    return paths.data_home() / "cache" / "voice"


class SpeechCache:
    def __init__(self, folder: Path | None = None, max_bytes: int = MAX_BYTES) -> None:
        self.folder = folder or default_cache_dir()
        self.max_bytes = max_bytes

    def path_for(self, fingerprint: str, speed: float, text: str) -> Path:
        key = f"{CACHE_VERSION}\n{fingerprint}\n{speed:.3f}\n{' '.join(text.split())}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{digest}.wav"

    def get(self, fingerprint: str, speed: float, text: str) -> Path | None:
        path = self.path_for(fingerprint, speed, text)
        if not (path.is_file() and path.stat().st_size > 44):
            return None
        try:
            os.utime(path)  # used now: the last to go when the folder is pruned
        except OSError:
            pass  # a read-only or vanished file is still a hit for this call
        return path

    def put(self, fingerprint: str, speed: float, text: str,
            samples: npt.NDArray[np.int16], rate: int) -> Path:
        """Write atomically (a half-written file is never taken for a whole one)."""
        import soundfile

        path = self.path_for(fingerprint, speed, text)
        paths.ensure_private_dir(path.parent)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.partial")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, paths.FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            soundfile.write(fh, samples, rate, subtype="PCM_16", format="WAV")
        os.replace(tmp, path)
        paths.make_private(path)
        self.prune(keep=path)
        return path

    def prune(self, keep: Path | None = None) -> int:
        """Delete the least recently used files while the folder holds more than
        ``max_bytes``, and half-written files a killed process left; returns how many
        files went. ``keep`` (the file just written) always stays."""
        removed = 0
        now = time.time()
        entries: list[tuple[float, int, Path]] = []
        try:
            children = list(self.folder.iterdir())
        except OSError:
            return 0
        for child in children:
            try:
                stat = child.stat()
            except OSError:
                continue  # another process pruned it first
            if child.suffix == ".partial":
                if now - stat.st_mtime > STALE_PARTIAL_S:
                    removed += _unlink(child)
            elif child.suffix == ".wav" and child != keep:
                entries.append((stat.st_mtime, stat.st_size, child))
        total = sum(size for _, size, _ in entries)
        if keep is not None and keep.is_file():
            total += keep.stat().st_size
        if total <= self.max_bytes:
            return removed
        goal = self.max_bytes * PRUNE_TO
        for _, size, child in sorted(entries):
            if total <= goal:
                break
            if _unlink(child):
                removed += 1
                total -= size
        log.info("voice cache pruned to %d bytes", total)
        return removed


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except OSError:
        return 0
    return 1

"""Spoken texts kept as WAV files, one per (voice, speed, text), owner-only.

The key is a hash, so the file name never shows the question; the folder is
``<data home>/cache/voice`` and may be deleted at any time (it is rebuilt on demand).
Volume is not part of the key: it is applied when the file is played.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np
import numpy.typing as npt

from desktop_app.core import paths

CACHE_VERSION = 1  # raise when the way speech is made changes


def default_cache_dir() -> Path:
    return paths.data_home() / "cache" / "voice"


class SpeechCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_cache_dir()

    def path_for(self, fingerprint: str, speed: float, text: str) -> Path:
        key = f"{CACHE_VERSION}\n{fingerprint}\n{speed:.3f}\n{' '.join(text.split())}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{digest}.wav"

    def get(self, fingerprint: str, speed: float, text: str) -> Path | None:
        path = self.path_for(fingerprint, speed, text)
        return path if path.is_file() and path.stat().st_size > 44 else None

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
        return path

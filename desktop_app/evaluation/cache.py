"""The corpus cache: each answer's audio and truth, kept under a hash of what made them.

The key covers the script, the voice, the rate, the degradation and CORPUS_VERSION, so a
change to any of them makes a new file instead of reusing a stale one. The folder is
$STAGECOACH_EVAL_CACHE, else the platform's per-user cache folder; it is never inside the
repository or the data folder (it holds generated audio only, and may be deleted).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import soundfile as sf

from desktop_app.evaluation.truth import Truth

CACHE_ENV = "STAGECOACH_EVAL_CACHE"
CORPUS_VERSION = 2  # raise when the way answers are built changes


def default_cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "Stagecoach" / "cache" / "eval"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "Stagecoach" / "eval"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "stagecoach" / "eval"


def cache_key(**parts: Any) -> str:
    text = json.dumps({"version": CORPUS_VERSION, **parts}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class CorpusCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.wav", self.folder / f"{key}.json"

    def load(self, key: str) -> tuple[Path, Truth] | None:
        wav, meta = self.paths(key)
        if not (wav.is_file() and meta.is_file()):
            return None
        try:
            return wav, Truth.from_dict(json.loads(meta.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a half-written or older entry: made again

    def store(self, key: str, audio: npt.NDArray[np.float32], rate: int,
              truth: Truth) -> Path:
        """Write the entry; the truth last and by rename, so a present truth file means a
        complete entry even if the process was stopped half-way."""
        self.folder.mkdir(parents=True, exist_ok=True)
        wav, meta = self.paths(key)
        tmp_wav = wav.with_suffix(f".{os.getpid()}.tmp.wav")
        sf.write(tmp_wav, audio, rate, subtype="PCM_16")
        tmp_wav.replace(wav)
        tmp_meta = meta.with_suffix(f".{os.getpid()}.tmp")
        tmp_meta.write_text(json.dumps(truth.to_dict()), encoding="utf-8")
        tmp_meta.replace(meta)
        return wav

"""Helpers for the decoding tests: files in every format, and Python without PyAV."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WITHOUT_PYAV_SITE = PROJECT_ROOT / "tests" / "without_pyav"


def convert(src: Path, out: Path, *args: str) -> Path:
    """``src`` re-encoded by the ffmpeg program (the format follows ``out``'s extension)."""
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(src), *args, str(out)],
                   check=True, timeout=60)
    return out


def env_without_pyav(path_dir: Path | None) -> dict[str, str]:
    """The environment of a process without PyAV; PATH is ``path_dir`` when given
    (an empty folder: no ffmpeg program either), else unchanged."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(WITHOUT_PYAV_SITE), str(PROJECT_ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if path_dir is not None:
        env["PATH"] = str(path_dir)
    return env


def run_without_pyav(script: str, path_dir: Path | None = None, timeout: float = 300,
                     args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """``python -c script`` in a process without PyAV (PyAV's absence is checked first)."""
    guard = ("import importlib.util, sys\n"
             "assert importlib.util.find_spec('av') is None, 'PyAV is still importable'\n")
    return subprocess.run([sys.executable, "-c", guard + script, *args], capture_output=True,
                          text=True, timeout=timeout, cwd=PROJECT_ROOT,
                          env=env_without_pyav(path_dir))


def aligned_difference(a: np.ndarray, b: np.ndarray, max_lag: int = 80) -> tuple[int, float]:
    """(lag of ``b`` against ``a`` in samples, RMS of a - b after alignment / RMS of a).

    The lag is searched within ``max_lag`` samples (5 ms at 16 kHz) by cross-correlation.
    """
    n = min(len(a), len(b)) - 2 * max_lag
    x = a[max_lag:max_lag + n].astype(np.float64)

    def shifted(k: int) -> np.ndarray:
        return b[max_lag + k:max_lag + k + n].astype(np.float64)

    lag = max(range(-max_lag, max_lag + 1), key=lambda k: float(np.dot(x, shifted(k))))
    diff = x - shifted(lag)
    return lag, float(np.sqrt(np.mean(diff ** 2)) / np.sqrt(np.mean(x ** 2)))

"""Helpers for the recording, store and recovery tests: WAV reading, alignment, CLI runs."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def read_wav(path: Path) -> tuple[npt.NDArray[np.float64], int]:
    """Samples (float, PCM16 scale) and rate, read with the stdlib ``wave`` module."""
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        data = w.readframes(w.getnframes())
        return np.frombuffer(data, np.int16).astype(np.float64), w.getframerate()


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def best_lag(recorded: npt.NDArray[np.float64], played: npt.NDArray[np.float64]) -> int:
    """The offset of ``played`` inside ``recorded`` maximising their cross-correlation."""
    n = len(recorded) + len(played)
    size = 1 << (n - 1).bit_length()
    spec = np.fft.rfft(recorded, size) * np.conj(np.fft.rfft(played, size))
    corr = np.fft.irfft(spec, size)[: len(recorded) - len(played) + 1]
    return int(np.argmax(corr))


def correlation(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def stagecoach_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop_app", *args]


def start_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        stagecoach_cmd(*args), cwd=PROJECT_ROOT, env=env or dict(os.environ),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for_line(proc: subprocess.Popen[str], prefix: str, timeout: float = 30.0) -> str:
    """Read the child's stdout until a line starting with ``prefix`` (fail on exit)."""
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sel.select(timeout=0.1):
            line = proc.stdout.readline()
            if line.startswith(prefix):
                return line
            if not line and proc.poll() is not None:
                break
    stderr = proc.stderr.read() if proc.stderr and proc.poll() is not None else ""
    raise AssertionError(f"no line starting {prefix!r} (exit {proc.poll()}): {stderr}")

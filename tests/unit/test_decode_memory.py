"""Decoding keeps one 16 kHz float32 copy of the answer in memory, whatever the file.

Reading a whole file, then mixing and resampling it, peaked at about ten times the file's
size (a 2-hour WAV: 2.3 GB). Measured here in a fresh process on a 3-minute 44.1 kHz
stereo WAV, as the growth of its peak resident memory while the file is decoded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024

# The peak (VmHWM) after decoding, less the resident memory (VmRSS) just before it.
_MEASURE = """
import sys
from desktop_app.core.audio.audio_decode import load_audio

def kb(field):
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith(field + ":"))

load_audio(sys.argv[1])  # libraries loaded and initialised before the baseline
before = kb("VmRSS")
audio = load_audio(sys.argv[2])
print((kb("VmHWM") - before) * 1024, audio.nbytes)
"""


def _tone_wav(path: Path, seconds: float, rate: int, channels: int) -> Path:
    with sf.SoundFile(path, "w", rate, channels, "PCM_16") as out:
        t = np.arange(rate) / rate
        second = np.repeat((0.3 * np.sin(2 * np.pi * 220 * t))[:, None], channels, axis=1)
        for _ in range(int(seconds)):
            out.write(second)
    return path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_peak_memory_is_about_the_16k_signal(tmp_path: Path) -> None:
    small = _tone_wav(tmp_path / "small.wav", 2, 44100, 2)
    big = _tone_wav(tmp_path / "big.wav", 180, 44100, 2)  # 32 MB on disk
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(small), str(big)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                          check=True)
    growth, signal = (int(v) for v in done.stdout.split())
    assert signal == 180 * 16000 * 4  # 11.5 MB: the result itself
    # Reading it whole grew by about 100 MB (stereo float32, then mono, then resampled);
    # block by block it is the result plus a block and the resampler's state.
    assert growth < 2 * signal + 16 * MB, (growth / MB, signal / MB)

